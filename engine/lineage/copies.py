"""Table copies: a table written whole from another, column for column.

Snowflake `CREATE TABLE t CLONE s [AT | BEFORE (...)]`, BigQuery `CREATE [SNAPSHOT] TABLE t
CLONE | COPY s [FOR SYSTEM_TIME AS OF ...]`, Databricks `CREATE TABLE t [SHALLOW | DEEP] CLONE s
[VERSION | TIMESTAMP AS OF ...]` and Redshift `ALTER TABLE t APPEND FROM s` each write t from
all of s: the write `SELECT * FROM s`, so every known column of s is the same-named column of t,
and t has those columns for the statements after it. So do Snowflake's `ALTER TABLE t SWAP WITH
s` (the blue/green load: t is now what s was loaded with; what t held goes to s to be dropped,
so that direction is left out; ClickHouse's `EXCHANGE TABLES s AND t` alike) and
`CREATE STREAM s ON TABLE|VIEW t` (s yields t's changed rows: a view of t). A partition swap,
the last step of a staged bulk load, appends by column name like APPEND FROM: Postgres `ATTACH
PARTITION s`, Oracle `EXCHANGE PARTITION x WITH TABLE s`, ClickHouse `REPLACE | ATTACH
PARTITION x FROM s` write t from s; T-SQL `ALTER TABLE t SWITCH [PARTITION n] TO u` and
ClickHouse `MOVE PARTITION x TO TABLE u` write u from t. A rename
(`ALTER TABLE | VIEW a RENAME TO b`, MySQL's and ClickHouse's `RENAME TABLE a TO b, c TO d`,
Oracle's `RENAME a TO b`, Synapse's `RENAME OBJECT [::] a TO b`, T-SQL's `EXEC sp_rename
'dbo.a', 'b'`) writes b from all of a the same way: the build-then-rename load (`x__tmp`
renamed to `x`).
`CREATE TABLE t LIKE s` / `(LIKE s)` / Postgres `t PARTITION OF s` moves no data: t only takes
s's columns.

sqlglot parses the plainer forms; the rest (time travel, OPTIONS, LOCATION, SNAPSHOT, APPEND)
it leaves a command, whose words are read here from the dialect's tokens and whose table names
go through sqlglot's parser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.dialects.clickhouse import ClickHouse
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.hive import Hive
from sqlglot.dialects.mysql import MySQL
from sqlglot.dialects.snowflake import Snowflake
from sqlglot.dialects.spark2 import Spark2
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.references import SP_RENAME_PARAMETERS
from engine.lineage.schema import table_id
from engine.lineage.scripting import command_text, keyword, word_at
from engine.models import StatementKind

if TYPE_CHECKING:
    from engine.lineage.schema import TaskSchema
    from engine.lineage.statements import Write

# Qualifies, in place, the table names under a node as the script's USE / search_path does.
Completer = Callable[[exp.Expr], None]

# Words that may stand between CREATE and TABLE in a copy (the temporary ones make a temp table).
_CREATE_WORDS = frozenset({"or", "replace", "snapshot", "transient", "local", "global"})
_TEMP_WORDS = frozenset({"temp", "temporary", "volatile"})
_COPY_WORDS = frozenset({"clone", "copy"})
_DEPTH_WORDS = frozenset({"shallow", "deep"})


def clone_writes(create: exp.Create) -> list[Write]:
    """The write of a parsed `CREATE TABLE t CLONE | COPY s`."""
    from engine.lineage.statements import is_temp, target_of

    source = create.args["clone"].this
    table, _ = target_of(create.this)
    if not isinstance(source, exp.Table) or table_id(source) is None:
        return []
    return [copy_write(table, source, "create_table", is_temp(table, create))]


def command_copy_writes(
    command: exp.Command,
    dialect: Dialect | None,
    schema: TaskSchema | None = None,
    complete: Completer | None = None,
) -> list[Write] | None:
    """The writes of a copy or rename sqlglot left a command (`CREATE SNAPSHOT TABLE t CLONE s
    ...`, `ALTER TABLE t APPEND FROM s`, `RENAME TABLE a TO b`, ClickHouse's `EXCHANGE TABLES
    a AND b`), or None if `command` is neither. `complete` qualifies the names read from its
    text as the script's USE does."""
    from engine.lineage.statements import is_temp

    text = command_text(command)
    head = str(command.this).lower()
    if not text or head not in ("create", "alter", "rename", "exchange"):
        return None
    dialect = Dialect.get_or_raise(dialect)
    try:
        tokens = dialect.tokenize(text)
    except SqlglotError:
        return None
    if head == "exchange":
        return _exchange_writes(text, tokens, dialect, schema, complete)
    renamed = _renames(tokens) if head == "rename" else _altered_name(tokens)
    if renamed is not None:
        writes = []
        for old_span, new_span, view in renamed:
            old = _table(text, tokens[old_span[0] : old_span[1]], dialect, complete)
            new = _table(text, tokens[new_span[0] : new_span[1]], dialect)  # (rename_write)
            if old is None or new is None:
                return None
            writes.append(rename_write(old, new, view, dialect, schema, complete))
        return writes
    if head == "rename":
        return None
    stream = (_stream(tokens) or _synonym(tokens)) if head == "create" else None
    found = stream or (
        _create_copy(tokens) if head == "create" else _appended(tokens) or _partition_moved(tokens)
    )
    if found is None:
        return None
    (target_at, target_end), (source_at, source_end), temp = found
    target = _table(text, tokens[target_at : target_end], dialect, complete)
    source = _table(text, tokens[source_at : source_end], dialect, complete)
    if target is None or source is None:
        return None
    kind: StatementKind = (
        "create_view" if stream else "create_table" if head == "create" else "insert"
    )
    return [copy_write(target, source, kind, temp or is_temp(target))]


def alter_writes(
    alter: exp.Alter, dialect: Dialect | None = None, schema: TaskSchema | None = None,
    complete: Completer | None = None,
) -> list[Write]:
    """`ALTER TABLE t SWAP WITH s` writes t from s, `ALTER TABLE | VIEW a RENAME TO b` b from a;
    one that adds, drops or renames columns gives t its new columns (`alter_columns`); any
    other ALTER moves no data."""
    from engine.lineage.alter_columns import column_alter_write, column_rename

    actions = alter.args.get("actions") or []
    rename = next((a for a in actions if isinstance(a, exp.AlterRename)), None)
    if rename is not None and column_rename(alter) is not None:
        rename = None  # Postgres `RENAME a TO b`: a column's
    kind = str(alter.args.get("kind") or "").upper()
    if rename is not None and isinstance(rename.this, exp.Table) and kind in ("TABLE", "VIEW"):
        old, new = alter.this, rename.this
        if not isinstance(old, exp.Table) or table_id(old) is None or table_id(new) is None:
            return []
        return [rename_write(old, new, kind == "VIEW", Dialect.get_or_raise(dialect), schema,
                             complete)]
    replaced = next((a for a in actions if isinstance(a, exp.ReplacePartition)), None)
    if replaced is not None:
        # ClickHouse `REPLACE PARTITION x FROM s`: x's rows are now s's, by column name
        source = replaced.args.get("source")
        if not isinstance(source, exp.Table) or table_id(source) is None:
            return []
        if not isinstance(alter.this, exp.Table) or table_id(alter.this) is None:
            return []
        return [copy_write(alter.this, source, "insert", False)]
    swap = next((a for a in actions if isinstance(a, exp.SwapTable)), None)
    table, source = alter.this, swap.this if swap is not None else None
    if swap is None:
        altered = column_alter_write(alter, schema)
        return [altered] if altered is not None else []
    if not isinstance(table, exp.Table) or not isinstance(source, exp.Table):
        return []
    if table_id(table) is None or table_id(source) is None:
        return []
    return [copy_write(table, source, "create_table", False)]


def rename_write(
    old: exp.Table, new: exp.Table, view: bool, dialect: Dialect, schema: TaskSchema | None,
    complete: Completer | None = None,
) -> Write:
    """`old` renamed `new`: `new` is now what `old` held (a temp table's flows carry over, the
    renamed table being temporary too). `new` is put where the database puts it (`_beside`),
    then completed (`complete`: the session's names, the catalog's parts) like any name: one
    place for every rename statement, so they agree."""
    from engine.lineage.statements import is_temp

    temp = is_temp(old) or _temp_copy(old, schema)
    kind: StatementKind = "create_view" if view else "create_table"
    target = _beside(old, new, dialect)
    if complete is not None and not temp:
        target = target.copy()  # detached: the statement-wide pass keeps a rename's as written
        complete(target)
    return replace(copy_write(target, old, kind, temp), renamed=table_id(old))


def procedure_rename_writes(
    call: exp.Execute,
    dialect: Dialect | None,
    schema: TaskSchema | None,
    complete: Completer | None = None,
) -> list[Write]:
    """T-SQL's `EXEC sp_rename 'dbo.a', 'b' [, 'OBJECT']` (or by `@objname =`, `@newname =`):
    b, in a's schema, is now what a held (a's name completed by `complete`: dbt-sqlserver's
    `USE [db]` before it). `sp_rename 'dbo.a.c', 'd', 'COLUMN'` is `ALTER TABLE dbo.a RENAME
    COLUMN c TO d`. Any other procedure call writes nothing seen here."""
    proc = call.this
    if not isinstance(proc, exp.Table) or proc.name.lower() != "sp_rename":
        return []
    args: dict[str, exp.Expr] = {}
    positional = []
    for arg in call.expressions:
        if isinstance(arg, exp.EQ) and isinstance(arg.this, exp.Parameter):
            args[arg.this.name.lower()] = arg.expression
        else:
            positional.append(arg)
    for name, arg in zip(SP_RENAME_PARAMETERS, positional, strict=False):
        args.setdefault(name, arg)
    values = [args.get(n) for n in SP_RENAME_PARAMETERS]
    strings = [v.name if isinstance(v, (exp.Literal, exp.National)) else None for v in values]
    old_name, new_name, kind = strings[0], strings[1], (strings[2] or "").upper()
    dialect = Dialect.get_or_raise(dialect)
    if old_name and new_name and kind == "COLUMN":
        return _column_rename_writes(old_name, new_name, dialect, schema, complete)
    if not old_name or not new_name or (values[2] is not None and kind != "OBJECT"):
        return []  # an index, a statistic, a database: no table's rows move
    try:
        old = exp.to_table(old_name, dialect=dialect)
    except SqlglotError:
        return []
    if complete is not None:
        complete(old)
    if table_id(old) is None:
        return []
    # the new name is one name, as written (no brackets taken off), in a's schema
    new = exp.Table(this=exp.to_identifier(new_name, quoted=True))
    return [rename_write(old, new, False, dialect, schema, complete)]


def _column_rename_writes(
    old_name: str, new_name: str, dialect: Dialect, schema: TaskSchema | None,
    complete: Completer | None,
) -> list[Write]:
    """`sp_rename '[dbo.]t.c', 'd', 'COLUMN'`: the ALTER TABLE it stands for (the new name is
    one name, as written, like a renamed table's)."""
    from engine.lineage.alter_columns import column_alter_write

    try:
        column = exp.to_column(old_name, dialect=dialect)
    except SqlglotError:
        return []
    parts = column.parts
    if len(parts) < 2 or len(parts) > 4:
        return []  # a column name alone names no table
    table = exp.table_(*reversed(parts[:-1]))
    if complete is not None:
        complete(table)
    if table_id(table) is None:
        return []
    rename = exp.RenameColumn(
        this=exp.column(parts[-1].copy()), to=exp.column(exp.to_identifier(new_name, quoted=True))
    )
    alter = exp.Alter(this=table, kind="TABLE", actions=[rename])
    altered = column_alter_write(alter, schema)
    return [altered] if altered is not None else []


def _exchange_writes(
    text: str,
    tokens: list[Token],
    dialect: Dialect,
    schema: TaskSchema | None,
    complete: Completer | None,
) -> list[Write] | None:
    """ClickHouse `EXCHANGE TABLES a AND b [ON CLUSTER c]` swaps the two tables' names, as
    Snowflake's SWAP WITH does: dbt-clickhouse builds `m__dbt_backup` and exchanges it AND the
    model, so b is now what a was loaded with; what b held goes to a, to be dropped (that
    direction is left out, as for SWAP WITH). `EXCHANGE DICTIONARIES` moves no table: None."""
    if not tokens or keyword(tokens[0]) != "tables":
        return None
    first = _name(tokens, 1)
    if first is None or word_at(tokens, first[1]) != "and":
        return None
    second = _name(tokens, first[1] + 1)
    if second is None:
        return None
    source = _table(text, tokens[first[0] : first[1]], dialect, complete)
    target = _table(text, tokens[second[0] : second[1]], dialect, complete)
    if source is None or target is None:
        return None
    return [copy_write(target, source, "create_table", _temp_copy(source, schema))]


def _temp_copy(source: exp.Table, schema: TaskSchema | None) -> bool:
    """True if a whole-table move of `source` (a rename, an exchange) makes a temporary table:
    `source` is one of the script's; a transient table's rows go on, not its lifetime."""
    tid = table_id(source)
    return (schema is not None and tid is not None and schema.is_temp(tid)
            and tid not in schema.transient)


def _beside(old: exp.Table, new: exp.Table, dialect: Dialect) -> exp.Table:
    """Where a rename puts `new`: a name less qualified than `old` stays in old's schema and
    database (Postgres, Redshift, BigQuery, DuckDB, Spark, Trino, Oracle), except where the
    session's current schema is where an unqualified name goes (Snowflake, MySQL, ClickHouse,
    Hive): unknown here, so the name is kept as written, like any unqualified name."""
    if isinstance(dialect, _SESSION_RENAMES) and not isinstance(dialect, Spark2):
        return new
    own, full = new.parts, old.parts
    if len(own) >= len(full) or len(full) > 3:
        return new
    parts = [p.copy() for p in (*full[: len(full) - len(own)], *own)]
    keys = ("this", "db", "catalog")
    return exp.Table(**dict(zip(keys, reversed(parts), strict=False)))


# Dialects that put a rename's unqualified new name in the session's current schema (Spark,
# a Hive, keeps the table's own).
_SESSION_RENAMES = (Snowflake, MySQL, ClickHouse, Hive)


def copy_write(
    target: exp.Table,
    source: exp.Table,
    kind: StatementKind,
    temp: bool,
    columns: tuple[str, ...] | None = None,
) -> Write:
    """`target` written with every column of `source` (or those of its `columns`): appended rows
    go by column name."""
    from engine.lineage.statements import Part, Write

    picked = [exp.column(c) for c in columns] if columns else [exp.Star()]
    query = exp.select(*picked).from_(_named(source))
    by_name = kind == "insert"  # Redshift APPEND matches columns by name
    return Write(
        kind=kind,
        target=table_id(target),
        temp=temp,
        parts=(Part(query, by_name=by_name),),
        creates=kind == "create_table",
        whole_copy=True,
    )


def like_source(create: exp.Create) -> exp.Table | None:
    """The table whose columns `CREATE TABLE t LIKE s` / `t (LIKE s)` / Postgres `t PARTITION
    OF s` / Teradata `t AS s WITH NO DATA` (ClickHouse `t AS s`) takes, if any."""
    if isinstance(create.expression, exp.Table):
        return create.expression if table_id(create.expression) is not None else None
    holders = [create.args.get("properties"), create.this]
    for holder in holders:
        items = holder.expressions if isinstance(holder, (exp.Properties, exp.Schema)) else []
        for item in items:
            if isinstance(
                item, (exp.LikeProperty, exp.PartitionedOfProperty)
            ) and isinstance(item.this, exp.Table):
                return item.this if table_id(item.this) is not None else None
    return None


_Span = tuple[int, int]


def _create_copy(tokens: list[Token]) -> tuple[_Span, _Span, bool] | None:
    """`[OR REPLACE] [SNAPSHOT | TRANSIENT | TEMP] TABLE [IF NOT EXISTS] t [SHALLOW | DEEP]
    CLONE | COPY s ...`: the spans of t and s, and whether t is temporary."""
    i, temp = 0, False
    while i < len(tokens) and keyword(tokens[i]) in _CREATE_WORDS | _TEMP_WORDS:
        temp = temp or keyword(tokens[i]) in _TEMP_WORDS
        i += 1
    target = _created(tokens, i, "table")
    if target is None:
        return None
    i = _past_copy_grants(tokens, target[1])
    if i < len(tokens) and keyword(tokens[i]) in _DEPTH_WORDS:
        i += 1
    if i >= len(tokens) or keyword(tokens[i]) not in _COPY_WORDS:
        return None
    source = _name(tokens, i + 1)
    return (target, source, temp) if source is not None else None


def _stream(tokens: list[Token]) -> tuple[_Span, _Span, bool] | None:
    """Snowflake `[OR REPLACE] STREAM [IF NOT EXISTS] s [COPY GRANTS] ON TABLE | VIEW t ...`:
    the spans of s and t."""
    i = 0
    while i < len(tokens) and keyword(tokens[i]) in ("or", "replace"):
        i += 1
    target = _created(tokens, i, "stream")
    if target is None:
        return None
    i = _past_copy_grants(tokens, target[1])
    if [keyword(t) for t in tokens[i : i + 1]] != ["on"] or i + 1 >= len(tokens):
        return None
    if keyword(tokens[i + 1]) not in ("table", "view", "external"):
        return None  # ON STAGE: files, not a table
    i += 3 if keyword(tokens[i + 1]) == "external" else 2
    source = _name(tokens, i)
    return (target, source, False) if source is not None else None


def _synonym(tokens: list[Token]) -> tuple[_Span, _Span, bool] | None:
    """T-SQL / Oracle `[OR REPLACE] [EDITIONABLE | NONEDITIONABLE] [PUBLIC] SYNONYM [IF NOT
    EXISTS] a FOR b`: the spans of a and b. A read of a is a read of b, so a is a view over
    all of b's columns (a later file's read passes through it too)."""
    i = 0
    while i < len(tokens) and keyword(tokens[i]) in _SYNONYM_WORDS:
        i += 1
    target = _created(tokens, i, "synonym")
    if target is None or target[1] >= len(tokens) or keyword(tokens[target[1]]) != "for":
        return None
    source = _name(tokens, target[1] + 1)
    return (target, source, False) if source is not None else None


# Words that may come between CREATE and SYNONYM
_SYNONYM_WORDS = frozenset({"or", "replace", "editionable", "noneditionable", "public"})


def _created(tokens: list[Token], i: int, kind: str) -> _Span | None:
    """The name in `<kind> [IF NOT EXISTS] name` at `i`."""
    if i >= len(tokens) or keyword(tokens[i]) != kind:
        return None
    i += 1
    if [keyword(t) for t in tokens[i : i + 3]] == ["if", "not", "exists"]:
        i += 3
    return _name(tokens, i)


def _past_copy_grants(tokens: list[Token], i: int) -> int:
    """Past Snowflake's `COPY GRANTS` at `i`, if there: it keeps privileges, copies no table."""
    return i + 2 if [keyword(t) for t in tokens[i : i + 2]] == ["copy", "grants"] else i


def _renames(tokens: list[Token]) -> list[tuple[_Span, _Span, bool]] | None:
    """`[TABLE] a TO | AS b [, c TO d ...]` after RENAME (MySQL, ClickHouse, Teradata; Oracle's
    without TABLE; Synapse's `OBJECT [::] a TO b`): the spans of each old and new name, None if
    it renames no table."""
    i = 1 if tokens and keyword(tokens[0]) in ("table", "object") else 0
    if word_at(tokens, 0) == "object" and i < len(tokens):
        i += tokens[i].token_type == TokenType.DCOLON
    out = []
    while True:
        old = _name(tokens, i)
        if old is None or [keyword(t) for t in tokens[old[1] : old[1] + 1]] not in (["to"], ["as"]):
            return None
        new = _name(tokens, old[1] + 1)
        if new is None:
            return None
        out.append((old, new, False))
        if new[1] >= len(tokens) or tokens[new[1]].token_type != TokenType.COMMA:
            return out  # (ClickHouse's ON CLUSTER after it says where, not what)
        i = new[1] + 1


# Words that may stand between ALTER and the TABLE or VIEW it renames, as sqlglot leaves it a
# command (`ALTER MATERIALIZED VIEW`, Snowflake's `ALTER DYNAMIC TABLE`).
_ALTERED_WORDS = frozenset({"materialized", "dynamic", "iceberg", "external", "hybrid"})


def _altered_name(tokens: list[Token]) -> list[tuple[_Span, _Span, bool]] | None:
    """`[MATERIALIZED | DYNAMIC ...] TABLE | VIEW [IF EXISTS] a RENAME TO b` after ALTER: the
    spans of a and b and whether it is a view, None for any other ALTER."""
    i = 0
    while i < len(tokens) and keyword(tokens[i]) in _ALTERED_WORDS:
        i += 1
    kind = keyword(tokens[i]) if i < len(tokens) else ""
    if kind not in ("table", "view"):
        return None
    i += 1
    if [keyword(t) for t in tokens[i : i + 2]] == ["if", "exists"]:
        i += 2
    old = _name(tokens, i)
    if old is None or [keyword(t) for t in tokens[old[1] : old[1] + 2]] != ["rename", "to"]:
        return None
    new = _name(tokens, old[1] + 2)
    return [(old, new, kind == "view")] if new is not None else None


def _appended(tokens: list[Token]) -> tuple[_Span, _Span, bool] | None:
    """Redshift `TABLE t APPEND FROM s ...` (after ALTER): the spans of t and s."""
    if not tokens or keyword(tokens[0]) != "table":
        return None
    target = _name(tokens, 1)
    if target is None:
        return None
    i = target[1]
    if [keyword(t) for t in tokens[i : i + 2]] != ["append", "from"]:
        return None
    source = _name(tokens, i + 2)
    return (target, source, False) if source is not None else None


def _partition_moved(tokens: list[Token]) -> tuple[_Span, _Span, bool] | None:
    """A partition swap after ALTER, `TABLE [IF EXISTS] [ONLY] t [ON CLUSTER c] <action>`: the
    spans of the table whose rows it fills and of the table they come from. The actions:
    Postgres `ATTACH PARTITION s FOR VALUES ... | DEFAULT` (s's rows are t's now), Oracle
    `EXCHANGE [SUB]PARTITION x WITH TABLE s`, ClickHouse `REPLACE | ATTACH PARTITION x FROM s`
    (t from s), T-SQL `SWITCH [PARTITION n] TO u [PARTITION m]` and ClickHouse `MOVE PARTITION
    x TO TABLE u` (u from t). What EXCHANGE / SWITCH put back in s is left out, as for SWAP."""
    if not tokens or keyword(tokens[0]) != "table":
        return None
    i = 1
    if [keyword(t) for t in tokens[i : i + 2]] == ["if", "exists"]:
        i += 2
    i += word_at(tokens, i) == "only"
    table = _name(tokens, i)
    if table is None:
        return None
    i = table[1]
    if [keyword(t) for t in tokens[i : i + 2]] == ["on", "cluster"]:
        i += 3
    action, what = word_at(tokens, i), word_at(tokens, i + 1)
    if action == "switch":
        end = _word_after(tokens, i + 1, ("to",))
        other = _name(tokens, end + 1) if end is not None else None
        return (other, table, False) if other is not None else None
    if what not in ("partition", "subpartition"):
        return None
    if action == "attach":
        other = _name(tokens, i + 2)
        if other is not None and word_at(tokens, other[1]) in ("for", "default"):
            return table, other, False  # Postgres: the table named is the partition
    if action in ("attach", "replace"):
        end = _word_after(tokens, i + 2, ("from",))
    elif action == "exchange":
        end = _word_after(tokens, i + 2, ("with",))
        end = end + 1 if end is not None and word_at(tokens, end + 1) == "table" else None
    elif action == "move":
        end = _word_after(tokens, i + 2, ("to",))
        end = end + 1 if end is not None and word_at(tokens, end + 1) == "table" else None
        other = _name(tokens, end + 1) if end is not None else None
        return (other, table, False) if other is not None else None  # not TO DISK | VOLUME
    else:
        return None
    other = _name(tokens, end + 1) if end is not None else None
    return (table, other, False) if other is not None else None


def _word_after(tokens: list[Token], i: int, words: tuple[str, ...]) -> int | None:
    """Where the first of `words` outside parentheses is, from `i` on (a partition's value may
    be an expression: `PARTITION tuple(2024, 'x')`, `$PARTITION.pf(d)`)."""
    depth = 0
    for at in range(i, len(tokens)):
        kind = tokens[at].token_type
        depth += (kind == TokenType.L_PAREN) - (kind == TokenType.R_PAREN)
        if depth == 0 and keyword(tokens[at]) in words:
            return at
    return None


def _name(tokens: list[Token], i: int) -> _Span | None:
    """The tokens of the dotted name at `i` (BigQuery's `my-project.ds.t` too), as a span."""
    if i >= len(tokens) or tokens[i].token_type in _NOT_NAMES:
        return None
    end = i + 1
    while end + 1 < len(tokens) and tokens[end + 1].token_type not in _NOT_NAMES:
        joint = tokens[end]
        if joint.token_type == TokenType.DOT or (
            # a dash inside a project name: written with no space either side
            joint.token_type == TokenType.DASH
            and tokens[end - 1].end + 1 == joint.start
            and joint.end + 1 == tokens[end + 1].start
        ):
            end += 2
        else:
            break
    return i, end


_NOT_NAMES = frozenset(
    {TokenType.DOT, TokenType.DASH, TokenType.L_PAREN, TokenType.R_PAREN, TokenType.COMMA,
     TokenType.STRING, TokenType.SEMICOLON, TokenType.EQ}
)


def _table(
    text: str, tokens: list[Token], dialect: Dialect, complete: Completer | None = None
) -> exp.Table | None:
    """The table named by `tokens`, read by sqlglot's parser (and completed by `complete`)."""
    try:
        table = exp.to_table(text[tokens[0].start : tokens[-1].end + 1], dialect=dialect)
    except SqlglotError:
        return None
    if complete is not None:
        complete(table)
    return table if table_id(table) is not None else None


def _named(table: exp.Table) -> exp.Table:
    """`table` by its name alone: a time-travel clause says which version, not which columns."""
    parts = {k: table.args[k].copy() for k in ("this", "db", "catalog") if table.args.get(k)}
    return exp.Table(**parts)
