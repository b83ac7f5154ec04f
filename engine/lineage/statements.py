"""Normalise each parsed statement into `Write`s: what it writes, from which queries.

Every data-moving form becomes one shape — a target plus one or more SELECT `Part`s whose outputs
feed the target's columns — so column analysis needs to know only about queries:
INSERT [OVERWRITE] [(cols)] / CTAS / CREATE VIEW [(cols)] / SELECT INTO carry their query as is
(the WITH of an INSERT is moved onto its query: Hive hangs it on the Insert node); MERGE, UPDATE
and multi-table inserts are rewritten into equivalent SELECTs by `dml`. A bare SELECT is a `Write`
with no target. Statements that move no data (SET, USE, DROP, ...) give no `Write`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.mysql import MySQL
from sqlglot.dialects.oracle import Oracle
from sqlglot.dialects.snowflake import Snowflake
from sqlglot.dialects.teradata import Teradata
from sqlglot.dialects.tsql import TSQL
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import TokenType

from engine.lineage import copies
from engine.lineage.dictionaries import dictionary_source
from engine.lineage.normalise import normalise
from engine.lineage.parse import ROWS_FROM
from engine.lineage.schema import TaskSchema, table_id
from engine.lineage.scripting import command_text
from engine.lineage.table_functions import function_view
from engine.models import StatementKind


@dataclass(frozen=True)
class Part:
    """A query whose outputs feed the target: by `columns`, by name, or by position."""

    query: exp.Expr
    columns: tuple[str, ...] | None = None
    by_name: bool = False


@dataclass(frozen=True)
class Write:
    """One statement normalised: its target (None for a bare SELECT) and the queries feeding it."""

    kind: StatementKind
    target: str | None
    temp: bool = False
    parts: tuple[Part, ...] = ()
    reads: tuple[exp.Expr, ...] = ()
    declared: tuple[str, ...] = ()
    static_partitions: frozenset[str] = frozenset()
    creates: bool = False
    if_not_exists: bool = False  # CREATE ... IF NOT EXISTS: a table already there is kept
    reads_target: bool = False
    columns_from: str | None = None  # `CREATE TABLE t LIKE s`: t takes s's columns, no data
    unknown_rows: str | None = None  # why the rows written come from no query seen here
    whole_copy: bool = False  # a rename, clone, swap or append: all of one table, no query
    renamed: str | None = None  # a rename's old name, which it ends
    insert_columns: tuple[str, ...] = ()  # a MERGE's INSERT branch's list (`StatementLineage`)

    @property
    def read_expressions(self) -> tuple[exp.Expr, ...]:
        """The expressions whose tables this statement reads."""
        return self.reads or tuple(p.query for p in self.parts)


# Dialects whose `SELECT ... INTO x` sets variables (or writes a file), never a table
# (Snowflake's is Snowflake Scripting's: a table is made by CREATE TABLE ... AS; Teradata's a
# stored procedure's or embedded SQL's)
_INTO_VARIABLES = (Oracle, MySQL, Snowflake, Teradata)


class Unsupported(Exception):
    """A statement that may move data but that this stage cannot analyse; `temp` is the
    temporary table it creates, if its head says so: later statements read that table, not a
    persistent one of its name."""

    def __init__(self, message: str, temp: str | None = None) -> None:
        super().__init__(message)
        self.temp = temp


# Commands sqlglot could not parse that may move data: worth a diagnostic, unlike SET or USE.
_DATA_COMMANDS = frozenset(
    {
        "INSERT",
        "MERGE",
        "UPDATE",
        "CREATE",
        "REPLACE",
        "COPY",
        "UNLOAD",
        "SELECT",
        "WITH",
        "DELETE",
        "UPSERT",
        "EXPORT",
        "EXCHANGE",
        "LOAD",
    }
)


def writes_for(
    tree: exp.Expr,
    dialect: Dialect | None = None,
    schema: TaskSchema | None = None,
    complete: copies.Completer | None = None,
    into_variables: bool = False,
) -> list[Write]:
    """Return the writes of one statement of `dialect` ([] if it moves no data), given the
    tables known so far (`schema`); raise `Unsupported` or `session.UnknownName`. `complete`
    qualifies, in place, the names a command's text spells (the script's USE or search_path),
    which the parsed tree did not hold when its names were completed. `into_variables`: a
    `SELECT ... INTO x` sets variables whatever the dialect (a procedure's body)."""
    from engine.lineage import dml  # dml builds on this module's types
    from engine.lineage.composable_dml import composed_dml
    from engine.lineage.returning import writable_ctes

    if schema is None:
        tree = normalise(tree, dialect)
    else:
        tree = normalise(tree, dialect, schema.columns, schema.strings, schema.knows)
    # Postgres `WITH x AS (UPDATE ... RETURNING ...)`: the DML in the WITH writes first
    inner = [w for s in writable_ctes(tree) for w in _writes_of(s, dialect, schema)]
    # T-SQL `INSERT ... SELECT ... FROM (MERGE ... OUTPUT ...) AS x`: the MERGE writes first
    # (only T-SQL has it: other dialects' statements are not walked for it)
    if isinstance(dialect, TSQL):
        inner += [w for s in composed_dml(tree) for w in _writes_of(s, dialect, schema)]
    writes = inner + _writes_of(tree, dialect, schema, complete, into_variables)
    output = dml.output_write(tree)  # T-SQL `OUTPUT ... INTO log`: the changed rows, logged
    return writes if output is None else [*writes, output]


def _writes_of(
    tree: exp.Expr,
    dialect: Dialect | None,
    schema: TaskSchema | None,
    complete: copies.Completer | None = None,
    into_variables: bool = False,
) -> list[Write]:
    """The writes of a normalised statement, its OUTPUT ... INTO aside."""
    from engine.lineage import dml

    if isinstance(tree, exp.Insert):
        if tree.args.get("is_function"):  # ClickHouse `INSERT INTO FUNCTION s3(...) SELECT`
            return _function_inserts(tree)
        return [insert_write(tree, schema=schema)]
    if isinstance(tree, exp.Create):
        return _create_writes(tree, dialect, schema, complete)
    if isinstance(tree, exp.Merge):
        return [dml.merge_write(tree)]
    if isinstance(tree, exp.Update):
        if isinstance(tree.this, exp.Subquery):  # Oracle's UPDATE of an inline join view
            from engine.lineage.view_update import view_update_writes

            return view_update_writes(tree, schema)
        return dml.update_writes(tree, schema)
    if isinstance(tree, exp.MultitableInserts):
        return dml.multi_insert_writes(tree)
    if isinstance(tree, exp.Delete):
        return _delete_writes(tree)
    if isinstance(tree, exp.Declare):
        return _table_variables(tree)
    if isinstance(tree, exp.Cache) and isinstance(tree.expression, exp.Query):
        # Spark `CACHE TABLE c AS SELECT ...` is a session-scoped (temporary) view.
        target, _ = target_of(tree.this)
        part = Part(_unwrap(tree.expression))
        return [Write(kind="create_view", target=table_id(target), temp=True, parts=(part,))]
    first = _leftmost(tree) if isinstance(tree, exp.Query) else None
    if isinstance(first, exp.Select) and first.args.get("into"):
        # PL/SQL's, MySQL's (StarRocks', Doris'...), Snowflake's, Teradata's and a procedure's
        # SELECT INTO sets variables: no table is written, its tables are read
        if into_variables or isinstance(dialect, _INTO_VARIABLES):
            first.set("into", None)
            return [Write(kind="select", target=None, reads=(tree,))]
        return [_select_into(first, tree)]  # `SELECT a INTO t FROM x UNION SELECT ...` too
    if isinstance(tree, exp.Query):
        return [Write(kind="select", target=None, reads=(tree,))]
    if isinstance(tree, (exp.Copy, exp.LoadData, exp.Export)):
        return _bulk_writes(tree)
    if isinstance(tree, exp.Alter):
        return copies.alter_writes(tree, dialect, schema, complete)
    if isinstance(tree, exp.Execute):
        return copies.procedure_rename_writes(tree, dialect, schema, complete)
    if isinstance(tree, exp.Command) and str(tree.this).upper() == "UNLOAD":
        return _unload_writes(tree, dialect)
    copied = (
        copies.command_copy_writes(tree, dialect, schema, complete)
        if isinstance(tree, exp.Command)
        else None
    )
    if copied is not None:
        return copied
    if isinstance(tree, exp.Command) and str(tree.this).upper() in _DATA_COMMANDS:
        raise Unsupported(
            f"statement not understood by the SQL parser: {str(tree.this).upper()} …",
            temp=_created_temp(tree, dialect),
        )
    return []


def _created_temp(command: exp.Command, dialect: Dialect | None) -> str | None:
    """The temporary table a CREATE sqlglot gave up on creates (`CREATE TEMP TABLE t AS
    <a query it cannot parse>`), read from its head: the words before its first AS."""
    text = command_text(command)
    if str(command.this).upper() != "CREATE" or not text:
        return None
    dialect = Dialect.get_or_raise(dialect)
    try:
        tokens = dialect.tokenize(text)
        end = next((i for i, t in enumerate(tokens) if t.token_type is TokenType.ALIAS), None)
        if not end:
            return None
        head = dialect.parse(f"CREATE {text[: tokens[end].start]}")[0]
    except SqlglotError:
        return None
    # a function's or procedure's head names no table: never "which table is written" (a
    # temporary table's or view's does)
    if not isinstance(head, exp.Create) or str(head.args.get("kind") or "").upper() in (
        "FUNCTION", "PROCEDURE"
    ):
        return None
    table, _ = target_of(head.this)
    return table_id(table) if isinstance(table, exp.Table) and is_temp(table, head) else None


def target_of(node: exp.Expr) -> tuple[exp.Table, tuple[str, ...] | None]:
    """Split an INSERT/CREATE target (`t` or `t (a, b)`) into the table and its column list."""
    if isinstance(node, exp.Schema):
        cols = tuple(
            e.name.lower()
            for e in node.expressions
            if isinstance(e, (exp.ColumnDef, exp.Identifier, exp.Column))
        )
        node = node.this
    else:
        cols = None
    if not isinstance(node, exp.Table) or table_id(node) is None:
        written = node.sql()[:60] if isinstance(node, exp.Expr) else "nothing"
        raise Unsupported(f"cannot tell which table is written: {written}")
    return node, cols


def is_temp(table: exp.Table, create: exp.Create | None = None) -> bool:
    """True for `CREATE TEMP/TEMPORARY/VOLATILE ...`, T-SQL `#tmp` / `##tmp` tables and `@t`
    table variables (see `normalise`)."""
    ident = table.this
    if isinstance(ident, exp.Identifier) and (
        ident.args.get("temporary") or ident.args.get("global_")
    ):
        return True
    props = create.args.get("properties") if create is not None else None
    if props is None:
        return False
    return any(
        isinstance(p, (exp.TemporaryProperty, exp.VolatileProperty))
        # Teradata's `MULTISET VOLATILE` / `SET VOLATILE`: sqlglot reads the word as a
        # function's stability there
        or (isinstance(p, exp.StabilityProperty) and p.name.upper() == "VOLATILE")
        for p in props.expressions
    )


def attach_with(query: exp.Expr, with_: exp.With | None) -> exp.Expr:
    """Put a statement-level WITH onto its query, ahead of the query's own CTEs."""
    query = _unwrap(query)
    if with_ is None:
        return query
    own = query.args.get("with_")
    if own is not None:
        with_ = with_.copy()
        with_.set("expressions", [*with_.expressions, *own.expressions])
    query.set("with_", with_)
    return query


def insert_write(
    insert: exp.Insert, query: exp.Expr | None = None, schema: TaskSchema | None = None
) -> Write:
    """Return the write of an INSERT [OVERWRITE] [(cols)] query / VALUES."""
    table, cols = target_of(insert.this)
    tid = table_id(table)
    known = schema.columns(tid) if schema is not None and tid is not None else None
    kind: StatementKind = "insert_overwrite" if insert.args.get("overwrite") else "insert"
    query = query if query is not None else insert.expression
    static = frozenset(_static_partitions(table))
    if query is None or isinstance(_unwrap(query), exp.Values):
        values = _unwrap(query) if query is not None else None
        upsert = _upsert(insert, table, values, cols, known) if values is not None else None
        computed = _computed_values(values, cols, insert.args.get("with_"))
        parts = tuple(p for p in (computed, upsert) if p is not None)
        procedure = insert.meta_get(ROWS_FROM) if query is None else None
        return Write(
            kind=kind,
            target=tid,
            temp=is_temp(table),
            parts=parts,
            declared=cols or (),
            static_partitions=static,
            reads_target=upsert is not None,
            unknown_rows=f"rows from a procedure ({procedure}): their sources are not known,"
            " only the table written" if procedure else None,
        )
    part = Part(
        attach_with(query, insert.args.get("with_")), cols, by_name=bool(insert.args.get("by_name"))
    )
    upsert = _upsert(insert, table, part.query, cols, known)
    return Write(
        kind=kind,
        target=tid,
        temp=is_temp(table),
        parts=(part,) if upsert is None else (part, upsert),
        static_partitions=static,
        reads_target=upsert is not None,
    )


def _computed_values(
    values: exp.Expr | None, cols: tuple[str, ...] | None, with_: exp.With | None
) -> Part | None:
    """`VALUES (1, (SELECT max(x) FROM t))`: the rows with a query in them feed the target."""
    query = computed_rows(values) if isinstance(values, exp.Values) else None
    if query is None:
        return None
    return Part(attach_with(query, with_.copy() if with_ is not None else None), cols)


def computed_rows(values: exp.Values) -> exp.Query | None:
    """The rows of a VALUES with a query in them, as `SELECT 1, (SELECT max(x) FROM t) UNION ALL
    ...` (rows of constants only carry no lineage), or None if there are none."""
    rows = [row for row in values.expressions if row.find(exp.Query) is not None]
    if not rows:
        return None
    selects = [
        exp.Select(expressions=[e.copy() for e in r.expressions])
        if isinstance(r, exp.Tuple)
        else exp.Select(expressions=[r.copy()])
        for r in rows
    ]
    query: exp.Query = selects[0]
    for select in selects[1:]:
        query = exp.union(query, select, distinct=False)
    return query


def _upsert(
    insert: exp.Insert,
    table: exp.Table,
    rows: exp.Expr,
    cols: tuple[str, ...] | None,
    known: list[str] | None,
) -> Part | None:
    from engine.lineage.dml import conflict_part  # dml builds on this module's types

    return conflict_part(insert, table, rows, cols, known)


def _static_partitions(table: exp.Table) -> list[str]:
    """`PARTITION (dt='2024-01-01')`: dt is not fed by the query."""
    partition = table.args.get("partition")
    if not isinstance(partition, exp.Partition):
        return []
    return [e.this.name.lower() for e in partition.expressions if isinstance(e, exp.EQ)]


def _create_writes(
    create: exp.Create,
    dialect: Dialect | None = None,
    schema: TaskSchema | None = None,
    complete: copies.Completer | None = None,
) -> list[Write]:
    writes = _creates(create, dialect, schema, complete)
    if not create.args.get("exists"):
        return writes
    return [replace(w, if_not_exists=True) if w.creates else w for w in writes]


def _creates(
    create: exp.Create,
    dialect: Dialect | None,
    schema: TaskSchema | None,
    complete: copies.Completer | None,
) -> list[Write]:
    kind_name = str(create.args.get("kind") or "").upper()
    if kind_name in ("FUNCTION", "MACRO"):  # MACRO: DuckDB's
        return _function_view(create, dialect, schema, complete)
    if kind_name == "DICTIONARY":
        return _dictionary_view(create, complete)
    if kind_name not in ("TABLE", "VIEW"):
        return []
    if create.args.get("clone") is not None:
        return copies.clone_writes(create)
    table, cols = target_of(create.this)
    kind: StatementKind = "create_view" if kind_name == "VIEW" else "create_table"
    temp = is_temp(table, create)
    query = create.expression
    if isinstance(query, exp.Table) and table_id(query) is not None and _with_data(create):
        # Teradata's `CREATE TABLE t AS s WITH DATA` copies s's rows (without: `like_source`)
        return [copies.copy_write(table, query, "create_table", temp)]
    if not isinstance(_unwrap(query) if query is not None else None, exp.Query):
        like = copies.like_source(create)
        if cols:
            cols = cols + _partition_columns(create, cols)
        return [
            Write(
                kind=kind,
                target=table_id(table),
                temp=temp,
                declared=cols or (),
                creates=True,
                columns_from=table_id(like) if like is not None else None,
            )
        ]
    into = _to_table(create)
    if into is not None:
        # ClickHouse `CREATE MATERIALIZED VIEW mv [(cols)] TO t AS SELECT`: a trigger that
        # appends what its query makes of each insert to t, by column name; mv stores nothing,
        # reading it reads t (a view of t's columns, or of those it lists)
        rows = Part(_unwrap(query), by_name=True)
        return [
            Write(kind="insert", target=table_id(into), temp=is_temp(into), parts=(rows,)),
            copies.copy_write(table, into, "create_view", temp, cols),
        ]
    part = Part(_unwrap(query), cols)
    return [Write(kind=kind, target=table_id(table), temp=temp, parts=(part,), creates=True)]


def _function_view(
    create: exp.Create,
    dialect: Dialect | None,
    schema: TaskSchema | None,
    complete: copies.Completer | None,
) -> list[Write]:
    """A table function of one query is a view of it (`table_functions`); its parameters are
    values in it."""
    view = function_view(create, dialect)
    if view is None:
        return []
    table, query, cols, parameters = view
    if schema is not None:
        schema.variables.update(parameters)
    if query.parent is None:  # a string body, parsed apart from the statement
        if complete is not None:
            complete(query)
        columns_of, strings = (schema.columns, schema.strings) if schema else (None, None)
        query = normalise(query, dialect, columns_of, strings, schema.knows if schema else None)
    part = Part(query, cols or None)
    return [Write(kind="create_view", target=table_id(table), temp=is_temp(table, create),
                  parts=(part,), creates=True)]


def _dictionary_view(create: exp.Create, complete: copies.Completer | None) -> list[Write]:
    """A ClickHouse dictionary over a table is a view of its declared columns (`dictionaries`);
    over another source it only declares them."""
    table, cols = target_of(create.this)
    source = dictionary_source(create)
    if source is not None and complete is not None:
        complete(source)
    if source is None or table_id(source) is None or not cols:
        return [Write(kind="create_view", target=table_id(table), declared=cols or (),
                      creates=True)]
    return [copies.copy_write(table, source, "create_view", False, cols)]


def _with_data(create: exp.Create) -> bool:
    """True for a CREATE with Teradata's `WITH DATA` property."""
    props = create.args.get("properties")
    return props is not None and any(
        isinstance(p, exp.WithDataProperty) and not p.args.get("no") for p in props.expressions
    )


def _partition_columns(create: exp.Create, cols: tuple[str, ...]) -> tuple[str, ...]:
    """Hive-format `PARTITIONED BY (ds string)`: typed partition columns are the table's last
    columns (Spark's `PARTITIONED BY (ds)` names columns it already has)."""
    props = create.args.get("properties")
    for prop in props.expressions if props is not None else []:
        if isinstance(prop, exp.PartitionedByProperty) and isinstance(prop.this, exp.Schema):
            return tuple(
                name
                for c in prop.this.expressions
                if isinstance(c, exp.ColumnDef) and (name := c.name.lower()) not in cols
            )
    return ()


def _to_table(create: exp.Create) -> exp.Table | None:
    """The table of a `TO t` property (ClickHouse's materialized views), if any."""
    props = create.args.get("properties")
    for prop in props.expressions if props is not None else []:
        if isinstance(prop, exp.ToTableProperty) and isinstance(prop.this, exp.Table):
            return prop.this if table_id(prop.this) is not None else None
    return None


def _table_variables(declare: exp.Declare) -> list[Write]:
    """T-SQL `DECLARE @t TABLE (a int, ...)`: a temporary table with those columns."""
    writes = []
    for item in declare.expressions:
        names = item.this if isinstance(item.this, list) else [item.this]
        schema = item.args.get("kind")
        if not isinstance(schema, exp.Schema) or len(names) != 1:
            continue  # a scalar variable
        cols = tuple(c.name.lower() for c in schema.expressions if isinstance(c, exp.ColumnDef))
        target = exp.Table(this=names[0].copy())
        writes.append(Write(kind="create_table", target=table_id(target), temp=True, declared=cols))
    return writes


def _select_into(select: exp.Select, query: exp.Query) -> Write:
    """T-SQL / Postgres `SELECT ... INTO t FROM ...` creates t from the query: `select` itself,
    or the set operation it is the first branch of (where sqlglot puts the INTO)."""
    into = select.args["into"]
    table, _ = target_of(into.this)
    select.set("into", None)
    temp = bool(into.args.get("temporary")) or is_temp(table)
    return Write(
        kind="create_table", target=table_id(table), temp=temp, parts=(Part(query),), creates=True
    )


def _leftmost(query: exp.Expr) -> exp.Expr:
    while isinstance(query, exp.SetOperation):
        query = query.this
    return query


def _bulk_writes(tree: exp.Copy | exp.LoadData | exp.Export) -> list[Write]:
    """COPY / LOAD DATA / EXPORT: files in or out, so table-level facts only.

    Loading a table from files writes it (it is not an orphan), and a column list (`COPY t (a,
    b) FROM ...`) names the columns written; unloading (`COPY t [(a)] TO ...`) reads its source.
    """
    moved, cols = tree.this, None
    if isinstance(moved, exp.Schema) and isinstance(moved.this, exp.Table):
        moved, cols = target_of(moved)
    # sqlglot's `kind` is the direction of a COPY: FROM (load) or TO (unload)
    loads = isinstance(tree, exp.LoadData) or (
        isinstance(tree, exp.Copy) and bool(tree.args.get("kind"))
    )
    if loads and isinstance(moved, exp.Table) and table_id(moved) is not None:
        target = table_id(moved)
        return [Write(kind="other", target=target, temp=is_temp(moved), declared=cols or ())]
    files = tree.args.get("files") if isinstance(tree, exp.Copy) else None
    reads = [moved, *(files or [])] if isinstance(tree, (exp.Copy, exp.Export)) else []
    reads = [r for r in reads if isinstance(r, (exp.Query, exp.Subquery, exp.Table))]
    if not reads:
        return []
    return [Write(kind="other", target=None, reads=tuple(reads))]


def _function_inserts(insert: exp.Insert) -> list[Write]:
    """ClickHouse `INSERT INTO FUNCTION s3(...) | remote(...) [PARTITION BY ...] SELECT ...`
    writes files or another server's table, no asset here: an unload, as EXPORT DATA is (no
    target, its query's tables read)."""
    query = insert.expression
    if not isinstance(query, (exp.Query, exp.Subquery)) or isinstance(_unwrap(query), exp.Values):
        return []
    return [Write(kind="other", target=None, reads=(attach_with(query, insert.args.get("with_")),))]


# Redshift `UNLOAD ('select ...') TO 's3://...' ...`: the query is a string literal.
_UNLOADED = re.compile(r"\s*\(\s*'((?:[^']|'')*)'\s*\)", re.DOTALL)


def _unload_writes(command: exp.Command, dialect: Dialect | None) -> list[Write]:
    """UNLOAD, which sqlglot leaves a command: files out, so like an EXPORT, the tables its
    query reads (table-level facts only). Redshift quotes the query (`UNLOAD ('select ...')`),
    Athena/Trino do not (`UNLOAD (SELECT ...) TO 's3://...' WITH (...)`)."""
    literal = command.expression
    text = literal.name if isinstance(literal, exp.Literal) else ""
    found = _UNLOADED.match(text)
    query_sql = found.group(1).replace("''", "'") if found else _parenthesised(text, dialect)
    if query_sql is None:
        raise Unsupported("UNLOAD without a query in parentheses: the tables it reads are unknown")
    try:
        query = sqlglot.parse_one(query_sql, read=dialect)
    except SqlglotError as error:
        raise Unsupported(f"the query of an UNLOAD does not parse: {str(error)[:120]}") from None
    if not isinstance(query, exp.Query):
        raise Unsupported("UNLOAD of something other than a query: the tables it reads are unknown")
    return [Write(kind="other", target=None, reads=(query,))]


def _parenthesised(text: str, dialect: Dialect | None) -> str | None:
    """The text inside the parentheses `text` starts with (None if it starts with none)."""
    try:
        tokens = Dialect.get_or_raise(dialect).tokenize(text)
    except SqlglotError:
        return None
    if not tokens or tokens[0].token_type is not TokenType.L_PAREN:
        return None
    depth = 0
    for token in tokens:
        depth += (token.token_type is TokenType.L_PAREN) - (token.token_type is TokenType.R_PAREN)
        if depth == 0:
            return text[tokens[0].end + 1 : token.start]
    return None


def _delete_writes(delete: exp.Delete) -> list[Write]:
    """A DELETE writes no value: it reads the tables that decide which rows go (USING, the
    joins of MySQL/T-SQL `DELETE a[, b] FROM a JOIN b`, subqueries in WHERE). One write per
    table deleted from, reading every other table named; T-SQL's DELETE from a CTE deletes
    from its table (`cte_targets`)."""
    from engine.lineage.cte_targets import cte_deleted  # it builds on this module's types

    this = delete.this
    if not isinstance(this, exp.Table) or table_id(this) is None:
        return []
    using = delete.args.get("using")
    using = using if isinstance(using, list) else [using] if using else []
    relations, conditions = _from_list([this, *using])
    where = delete.args.get("where")
    with_ = delete.args.get("with_")
    writes = []
    for table in _deleted(delete, relations):
        own = [table, *(r for r in relations if _same_instance(r, table) and r is not this)]
        parts: list[exp.Expr] = [_bare(r) for r in relations if not any(r is o for o in own)]
        parts += [*conditions, *([where] if where is not None else [])]
        through = cte_deleted(table, with_) if table is this else None
        if through is not None:  # the CTE decides which of its table's rows go
            table = through.table
            parts.append(through.query)
        reads = tuple(parts)
        if with_ is not None and reads:
            # one expression with the WITH, so a CTE the WHERE or USING reads is no table
            rows = exp.Select(expressions=[exp.Tuple(expressions=[r.copy() for r in reads])])
            reads = (attach_with(rows, with_.copy()),)
        writes.append(
            Write(kind="delete", target=table_id(table), temp=is_temp(table), reads=reads)
        )
    return writes


def _from_list(refs: list[exp.Expr]) -> tuple[list[exp.Expr], list[exp.Expr]]:
    """The relations of a FROM / USING list (joins hang on the first of each) and the join
    conditions."""
    relations: list[exp.Expr] = []
    conditions: list[exp.Expr] = []
    for ref in refs:
        relations.append(ref)
        for join in ref.args.get("joins") or []:
            relations.append(join.this)
            conditions += [join.args[k] for k in ("on", "using") if join.args.get(k)]
    return relations, conditions


def _deleted(delete: exp.Delete, relations: list[exp.Expr]) -> list[exp.Table]:
    """The tables a DELETE removes rows from: those MySQL/T-SQL name before FROM (`DELETE a,
    b FROM t AS a JOIN u AS b`, by alias), MySQL's `DELETE FROM a, b USING ...`, or its one
    table."""
    this = delete.this
    named = delete.args.get("tables")
    if named:
        by_alias = {r.alias_or_name.lower(): r for r in relations if isinstance(r, exp.Table)}
        found = [by_alias.get(t.alias_or_name.lower(), t) for t in named]
        return [t for t in found if isinstance(t, exp.Table) and table_id(t) is not None]
    if delete.args.get("using") and this.args.get("joins"):
        joined = [j.this for j in this.args["joins"]]
        return [this, *(t for t in joined if isinstance(t, exp.Table) and table_id(t))]
    return [this]


def _same_instance(relation: exp.Expr, table: exp.Table) -> bool:
    """MySQL `DELETE FROM a USING a JOIN b`: the `a` in USING is the table deleted from."""
    return (
        isinstance(relation, exp.Table)
        and relation.alias_or_name.lower() == table.alias_or_name.lower()
        and table_id(relation) == table_id(table)
    )


def _bare(relation: exp.Expr) -> exp.Expr:
    """A relation without the joins that hang on it (they are relations of their own)."""
    if not relation.args.get("joins"):
        return relation
    bare = relation.copy()
    bare.set("joins", None)
    return bare


def _unwrap(query: exp.Expr) -> exp.Expr:
    """`(SELECT ...)` -> `SELECT ...` (an INSERT/CTAS query in parentheses)."""
    while isinstance(query, exp.Subquery) and not query.alias and isinstance(query.this, exp.Query):
        query = query.this
    return query
