"""What one task knows about tables: the run's schema, plus what its own statements created.

The run's schema can hold millions of tables, so no sqlglot `MappingSchema` is ever built from
all of it: each statement gets a small one holding only the tables it references. Tables that an
earlier statement of the same script created (CTAS, CREATE TABLE, INSERT into an unknown table)
are added locally so a later `SELECT *` can expand them. Temporary tables live here too, with the
flows of each of their columns, so that reading one composes with how it was filled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.schema import MappingSchema, normalize_name

from engine.guessed import is_guess
from engine.lineage.flows import Flow
from engine.lineage.recursive import mark_recursive
from engine.lineage.session import Held
from engine.models import asset_id
from engine.wildcards import is_wildcard as wildcards_is_wildcard
from engine.wildcards import matches

# A table id's known column names (None: unknown), as rewrites before qualify ask them.
Columns = Callable[[str], list[str] | None]

# Type used for columns whose SQL type is unknown: sqlglot needs a parseable one.
UNKNOWN_TYPE = "UNKNOWN"
_PAD = "__lp_{}__"
# Schemas of a database's own metadata views, never assets of the warehouse: reading them is
# no lineage source. Narrow on purpose: `information_schema` (SQL standard: Postgres, T-SQL,
# MySQL, Snowflake, BigQuery's `[proj.][region-us.|ds.]INFORMATION_SCHEMA.x`, ...), Postgres'
# `pg_catalog` (also Redshift, DuckDB), and `sys` (T-SQL's catalog views, Oracle's SYS, MySQL's
# sys schema: the system schema wherever the name is used). A bare `pg_class` stays a table.
SYSTEM_SCHEMAS = frozenset({"information_schema", "pg_catalog", "sys"})


def table_id(table: exp.Table) -> str | None:
    """Return the canonical id of a table reference (`RAW.Users` -> `raw.users`), or None: a
    table function, a placeholder name, a system metadata view (`information_schema.tables`):
    None reads like a table function of no arguments, no asset, its columns carry nothing."""
    if not is_named(table):
        return None  # a table function such as generate_series(...), not a named relation
    if is_system(table):
        return None
    names = []
    for part in table.parts:
        if not isinstance(part, exp.Identifier):
            return None  # `${db}.t`: a placeholder names no asset (`placeholders`)
        names.append(part.name)
    alias = table.args.get("alias")
    if alias is not None and isinstance(alias.this, exp.Parameter):
        return None  # `t_${env}`, read as `t_` aliased `${env}`
    return asset_id(*names)


def is_system(table: exp.Table) -> bool:
    """True if `table` is a system metadata view (its schema in `SYSTEM_SCHEMAS`); BigQuery
    names its views `INFORMATION_SCHEMA.TABLES` as one identifier after the dataset/region."""
    db = table.args.get("db")
    if isinstance(db, exp.Identifier) and db.name.lower() in SYSTEM_SCHEMAS:
        return True
    name = table.this.name
    return "." in name and name.partition(".")[0].lower() == "information_schema"


def is_wildcard(table: exp.Table) -> bool:
    """True if `table` is a BigQuery wildcard table (`ds.events_*`)."""
    return wildcards_is_wildcard(table.this.name)


def is_named(table: exp.Table) -> bool:
    """True if `table` is a name, not a table function: sqlglot keeps the parts of a name longer
    than catalog.db.table (T-SQL's linked server `srv.db.dbo.t`) as a Dot in its `this`."""
    name = table.this
    return isinstance(name, exp.Identifier) or (
        isinstance(name, exp.Dot) and all(isinstance(p, exp.Identifier) for p in name.flatten())
    )


def table_refs(
    expression: exp.Expr, dialect: Dialect, selects: list[exp.Select] | None = None
) -> list[exp.Table]:
    """Return the named tables `expression` reads from, CTE references left out.

    `selects`, if given, receives every SELECT of `expression`, in walk order: the same walk
    serves callers that need them (a walk costs about a tenth of parsing the tree). The WITHs
    of a dialect where RECURSIVE is optional are marked RECURSIVE on the tree first where a CTE
    reads itself (`mark_recursive`), so that self-reference is the CTE, not a table.
    """
    ctes: set[str] = set()
    withs: list[exp.With] = []
    tables: list[exp.Table] = []
    for node in expression.find_all(exp.Table, exp.CTE, exp.Select, exp.With):
        if isinstance(node, exp.Table):
            # `/*+ BROADCAST(b) */` names a table it reads no rows of; in T-SQL's `EXEC ('<sql>')`
            # sqlglot reads the SQL string as a table name
            if is_named(node) and not (
                isinstance(node.parent, exp.JoinHint) or _executed(node)
            ):
                tables.append(node)
        elif isinstance(node, exp.CTE):
            ctes.add(node.alias_or_name.lower())
        elif isinstance(node, exp.With):
            withs.append(node)
        elif selects is not None:
            selects.append(node)
    if not ctes:
        return tables
    mark_recursive(withs, dialect)
    return [
        t for t in tables
        if t.args.get("db") or t.name.lower() not in ctes or not reads_cte(t)
    ]


def reads_cte(table: exp.Table) -> bool:
    """True if `table` names a CTE visible where it stands (`visible_cte`)."""
    return visible_cte(table) is not None


def visible_cte(table: exp.Table) -> exp.CTE | None:
    """The CTE an unqualified `table` name refers to, if any: of a WITH of an enclosing query,
    or, inside a CTE's body, an earlier CTE of its WITH (any of them, itself included, when the
    WITH is RECURSIVE); the nearest first. `WITH orders AS (SELECT ... FROM orders)` reads the
    table `orders`, as every database reads it."""
    if table.args.get("db") or table.args.get("catalog"):
        return None
    name = table.name.lower()
    child: exp.Expr = table
    node = table.parent
    while node is not None:
        seen: list[exp.CTE] = []
        if isinstance(node, exp.CTE) and child is node.this and isinstance(node.parent, exp.With):
            siblings = node.parent.expressions
            seen = siblings if node.parent.args.get("recursive") else siblings[: node.index]
        elif not isinstance(node, exp.With):
            with_ = node.args.get("with_")
            if isinstance(with_, exp.With) and with_ is not child:
                seen = with_.expressions
        found = next((c for c in reversed(seen) if c.alias_or_name.lower() == name), None)
        if found is not None:
            return found
        child, node = node, node.parent
    return None


def _executed(table: exp.Table) -> bool:
    """The SQL string of T-SQL's `EXEC ('<sql>')`, which sqlglot parses as a table name."""
    parent = table.parent
    return isinstance(parent, exp.Subquery) and isinstance(parent.parent, exp.Execute)


@dataclass
class TempTable:
    """A temporary table of the script: its columns, each column's flows, the tables behind it."""

    columns: list[str]
    flows: dict[str, set[Flow]] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)
    types: dict[str, str] = field(default_factory=dict)  # known SQL types, by column


class TaskSchema:
    """The tables one task can see: run schema, tables created earlier in the task, temp tables."""

    def __init__(self, schema: Mapping[str, Mapping[str, str]]) -> None:
        self._schema = schema
        self._local: dict[str, dict[str, str]] = {}
        self.temps: dict[str, TempTable] = {}
        # Of `temps`, the persistent tables the file drops or renames away before it ends
        # (`transient`): a rename passes on their rows, not their being temporary.
        self.transient: set[str] = set()
        # Script variables named without a sigil (BigQuery's `DECLARE d DATE; ... WHERE x = d`):
        # a bare name no source has a column of is one of these, a constant for lineage.
        self.variables: set[str] = set()
        # Those whose value is a query (`DECLARE v DEFAULT (SELECT ...)`): read as that query.
        self.variable_queries: dict[str, exp.Subquery] = {}
        # Tables whose columns this task only guessed, from a first write's output names.
        self.guessed: set[str] = set()
        # The strings the script's session variables hold so far (`session.set_strings`): the
        # table names `IDENTIFIER($t)` spells.
        self.strings: dict[str, Held | None] = {}
        # Names whose appearance would change this task's lineage (`TaskLineage.watched`):
        # tables a search path tried and did not find before the schema it settled on, and
        # the wildcards (`ds.events_*`) the task read.
        self.watched: set[str] = set()
        # The columns the file's INSERT and MERGE column lists name in each table it writes
        # (`dml.listed_columns`): a table of unknown columns has at least those, even before
        # the statement that writes it (dbt's temp view, then its MERGE).
        self.listed: dict[str, frozenset[str]] = {}

    def columns(self, tid: str) -> list[str] | None:
        """Return the known column names of a table, in order, or None if unknown."""
        temp = self.temps.get(tid)
        cols = temp.columns if temp is not None else self._local.get(tid) or self._schema.get(tid)
        names = [c.lower() for c in cols or () if c != "*"]  # `*`: a stand-in, not a column
        return names or None

    def knows(self, tid: str) -> bool:
        """Return True if the catalog or an earlier statement of the script has table `tid`
        (a transient one too: a persistent table the script makes, `transient`)."""
        return tid in self._local or tid in self._schema or tid in self.transient

    def matching(self, wildcard: str) -> list[str]:
        """Return the tables a BigQuery wildcard (`ds.events_*`) reads, sorted. A worker's
        schema holds what was shipped to it (the driver ships a wildcard's matches,
        `ExtractionRunner`), so this walks a small mapping."""
        found = {t for t in self._schema if matches(wildcard, t)}
        found.update(t for t in self._local if matches(wildcard, t))
        return sorted(found)

    def add_unknown_temp(self, tid: str) -> None:
        """Record `tid` as a temporary table of unknown columns (made by a caller, by a
        statement sqlglot could not parse, a wildcard matching nothing): its columns carry
        nothing, and it never passes for a persistent table of its name."""
        self.temps[tid] = TempTable(columns=["*"])

    def is_temp(self, tid: str) -> bool:
        """Return True if `tid` names a temporary table of this script."""
        return tid in self.temps

    def drop_temp(self, tid: str) -> None:
        """Forget the temporary table `tid` (dropped, or renamed away), if there is one."""
        self.temps.pop(tid, None)
        self.transient.discard(tid)

    def add_table(self, tid: str, columns: Iterable[str], replace: bool) -> None:
        """Record the columns of a table the script created (or first wrote to)."""
        cols = {c: UNKNOWN_TYPE for c in columns if c != "*"}
        if cols and replace:
            self._local[tid] = cols
            self.guessed.discard(tid)
        elif cols and self.columns(tid) is None:
            self._local[tid] = cols
            self.guessed.add(tid)

    def defines(self, tid: str) -> bool:
        """True if `tid`'s columns are known from the catalog, the run's schema or a definition
        in the script (CREATE, ALTER), not guessed from what a first write wrote."""
        return not self.only_guessed(tid) and not self.is_temp(tid) and self.knows(tid)

    def only_guessed(self, tid: str) -> bool:
        """True if `tid`'s columns are only guessed from what a first write wrote, by this
        script (`guessed`) or by the file the run's schema took them from (`engine.guessed`):
        a lower bound, a name they lack may be one of its columns all the same."""
        if tid in self._local:
            return tid in self.guessed
        return tid not in self.temps and is_guess(self._schema.get(tid))

    def mapping_for(
        self,
        tables: Iterable[exp.Table],
        dialect: Dialect,
        retyped: Mapping[str, Mapping[str, str]] | None = None,
    ) -> MappingSchema:
        """Return a sqlglot schema holding just the known tables among `tables`.

        Names are normalised here, once per name and dialect, the way qualify normalises the
        query (`RAW.USERS` in Snowflake), so sqlglot need not re-normalise on every lookup.
        `retyped` gives some columns a type for this query only (`table id -> {column: type}`).
        """
        found: dict[tuple[str, ...], dict[str, str]] = {}
        for table in tables:
            tid = table_id(table)
            if tid is None or tid.count(".") > 2:
                continue
            key = tuple(_normalized(dialect, part, True) for part in tid.split("."))
            cols = self.column_types(tid) if key not in found else None
            if cols and retyped and tid in retyped:
                cols = {n: retyped[tid].get(n.lower(), kind) for n, kind in cols.items()}
            if cols:
                found[key] = {_normalized(dialect, c, False): t for c, t in cols.items()}
        return MappingSchema(_nest(found), dialect=dialect, normalize=False)

    def lower_column_types(self, tid: str) -> dict[str, str] | None:
        """`column_types` with lowercase column names."""
        cols = self.column_types(tid)
        return {n.lower(): kind for n, kind in cols.items()} if cols else None

    def column_types(self, tid: str) -> dict[str, str] | None:
        """Return a table's columns and their catalog types (`UNKNOWN` where not given)."""
        temp = self.temps.get(tid)
        if temp is not None:
            return {c: temp.types.get(c, UNKNOWN_TYPE) for c in temp.columns if c != "*"} or None
        cols = self._local.get(tid) or self._schema.get(tid) or {}
        return {name: (kind or UNKNOWN_TYPE) for name, kind in cols.items() if name != "*"} or None


@lru_cache(maxsize=1 << 16)
def _normalized(dialect: Dialect, name: str, is_table: bool) -> str:
    """`name` as the dialect normalises an unquoted identifier (`users` -> `USERS` in Snowflake)."""
    try:
        return normalize_name(name, dialect=dialect, is_table=is_table).name
    except (SqlglotError, TypeError):
        return name  # not a plain identifier (`@t` parses as a parameter): keep it as written


def _nest(found: dict[tuple[str, ...], dict[str, str]]) -> dict[str, object]:
    """Nest `(db, table) -> columns` entries to one depth, padding shorter names on the left.

    sqlglot's schema needs every table at the same depth; a padded `users` is still found
    for an unqualified `users` because the lookup completes a unique prefix.
    """
    depth = max((len(k) for k in found), default=1)
    nested: dict[str, object] = {}
    for parts, cols in found.items():
        keys = [_PAD.format(i) for i in range(depth - len(parts))] + list(parts)
        level = nested
        for key in keys[:-1]:
            level = level.setdefault(key, {})  # type: ignore[assignment]
        level[keys[-1]] = cols
    return nested
