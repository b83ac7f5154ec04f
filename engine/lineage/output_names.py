"""The names a database gives the unaliased expressions of a query that creates a table or view.

sqlglot's qualify names an unaliased expression `_col_N` (and a literal by its text), but a
later task reads the created table's column by the name the database gave it. Where that name
follows from the AST it is used instead:

- Postgres and its kin (Redshift, Materialize, RisingWave): `FigureColnameInternal` in
  postgres/src/backend/parser/parse_target.c — a column its name, a function call its name
  (last part), a cast its operand's name or else its type's, CASE its ELSE's name or else
  `case`, a scalar subquery its output's name, `ARRAY[...]` `array`, `ROW(...)` `row`,
  `EXISTS` `exists`, anything else (operators, constants) `?column?`.
- Trino/Presto/Athena: `_colN`, N the 0-based position of the output (Trino's analyzer,
  for CTAS and views); Hive: `_cN` (Hive's internal column names).

The same names are given to the unaliased projections of a CTE's or a derived table's query
(`name_relation_columns`), which a later SELECT reads by name: `WITH c AS (SELECT count(*) FROM
t) SELECT count FROM c` is valid Postgres, and Hive reads `_c0` of a subquery alike. Trino's
fields there have no name (`_colN` is given only to a created table's or a result's columns):
its derived columns keep qualify's.

The others keep qualify's names: Spark, DuckDB, MySQL, Snowflake, ClickHouse and SQLite name an
expression by its text as written (spacing and case included, which the AST does not keep),
and BigQuery, T-SQL and Oracle reject an unaliased expression in a CTAS or view.
"""

from __future__ import annotations

import re

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.hive import Hive
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.presto import Presto
from sqlglot.dialects.spark2 import Spark2

from engine.lineage.columns import Output

_KEY = "lineage_db_name"  # on an unaliased projection: its Postgres name, or "" (positional)
_NO_NAME = "?column?"
# A function call as sqlglot writes it back: its name, then `(` (or a bare SQL value function).
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_$]*)\s*(\(|$)")
# Postgres's own names of the types sqlglot spells in the standard way (pg_type.typname).
_PG_TYPES = {
    exp.DataType.Type.INT: "int4",
    exp.DataType.Type.BIGINT: "int8",
    exp.DataType.Type.SMALLINT: "int2",
    exp.DataType.Type.FLOAT: "float4",
    exp.DataType.Type.DOUBLE: "float8",
    exp.DataType.Type.BOOLEAN: "bool",
    exp.DataType.Type.DECIMAL: "numeric",
    exp.DataType.Type.CHAR: "bpchar",
    exp.DataType.Type.VARBINARY: "bytea",
    exp.DataType.Type.TIMESTAMPTZ: "timestamptz",
    exp.DataType.Type.TIMETZ: "timetz",
}


def _prefix(dialect: Dialect) -> str | None:
    """The positional prefix of `dialect`'s generated names, "" for Postgres, None: keep."""
    if isinstance(dialect, Postgres):
        return ""
    if isinstance(dialect, Presto):
        return "_col"
    if isinstance(dialect, Hive) and not isinstance(dialect, Spark2):
        return "_c"
    return None


def mark_unaliased(query: exp.Expr, dialect: Dialect) -> None:
    """Mark the unaliased projections of the SELECT naming `query`'s columns with the name
    `dialect` gives them (before qualify aliases them); a no-op in the dialects that keep
    qualify's names."""
    prefix = _prefix(dialect)
    if prefix is None:
        return
    node = query
    while isinstance(node, (exp.SetOperation, exp.Subquery)):
        node = node.this  # a set operation is named by its first branch
    if not isinstance(node, exp.Select):
        return
    for proj in node.expressions:
        if isinstance(proj, (exp.Alias, exp.Aliases)) or proj.is_star:
            continue
        if prefix:
            # a column (or a row's field) keeps its name in Trino and Hive
            if not isinstance(proj.unnest(), (exp.Column, exp.Dot)):
                proj.meta[_KEY] = ""
        else:
            proj.meta[_KEY] = _postgres_name(proj, dialect)[0] or _NO_NAME


def name_relation_columns(selects: list[exp.Select], dialect: Dialect) -> None:
    """Alias, with the name `dialect` gives it, each unaliased projection (not a plain column,
    which keeps its name anyway) of the `selects` whose outputs are the columns of a CTE or a
    derived table, so that qualify, the scopes and a reference by name all see that name.
    Postgres and Hive only: elsewhere such a column keeps qualify's `_col_N`. Two projections
    may get one name, as in the database (where reading it is then ambiguous)."""
    prefix = _prefix(dialect)
    if prefix is None or prefix == "_col":
        return
    for select in selects:
        if not _names_a_relation(select):
            continue
        for i, proj in enumerate(select.expressions):
            if proj.is_star:
                if prefix:
                    break  # Hive's positions count the star's columns, unknown here
                continue
            if isinstance(proj, (exp.Alias, exp.Aliases, exp.Column)):
                continue
            if prefix:
                name = f"{prefix}{i}"
            else:
                name = _postgres_name(proj, dialect)[0].lower() or _NO_NAME
            alias = exp.Alias(alias=exp.to_identifier(name, quoted=True))
            proj.replace(alias)
            alias.set("this", proj)


def _names_a_relation(select: exp.Select) -> bool:
    """Whether `select`'s outputs name the columns of a CTE or of a derived table (FROM, JOIN,
    LATERAL): it is the query of one, or the first branch of a set operation that is."""
    node: exp.Expr = select
    parent = node.parent
    while isinstance(parent, exp.SetOperation) or isinstance(parent, exp.Subquery):
        if isinstance(parent, exp.SetOperation) and node.arg_key != "this":
            return False  # a set operation is named by its first branch
        node, parent = parent, parent.parent
    if isinstance(parent, exp.CTE):
        return True
    return isinstance(node, exp.Subquery) and isinstance(parent, (exp.From, exp.Join, exp.Lateral))


def database_names(outputs: list[Output], dialect: Dialect) -> list[str]:
    """The names of a query's outputs in the table it creates: the database's for the
    projections `mark_unaliased` marked, the output's own otherwise."""
    prefix = _prefix(dialect)
    if prefix is None:  # qualify's names stand
        return [out.name for out in outputs]
    names = []
    for i, out in enumerate(outputs):
        node = out.node.this if isinstance(out.node, exp.Alias) else out.node
        # meta_get, not meta: reading `meta` would allocate a dict on every node
        tag = node.meta_get(_KEY) if isinstance(node, exp.Expr) else None
        if tag is None or out.star:
            names.append(out.name)
        else:
            names.append(tag.lower() if tag else f"{prefix}{i}")
    return names


def _postgres_name(node: exp.Expr, dialect: Dialect) -> tuple[str, int]:
    """FigureColnameInternal: a name and its strength (2: a real name, 1: a fallback such as a
    cast's type, 0: none)."""
    while isinstance(node, (exp.Paren, exp.Collate, exp.Bracket, exp.Filter, exp.Window)):
        node = node.this  # transparent: a subscript or a window names as their operand
    if isinstance(node, exp.Column):
        return node.name, 2
    if isinstance(node, exp.Dot):
        if isinstance(node.expression, exp.Func):  # schema.function(...)
            return _postgres_name(node.expression, dialect)
        return node.name, 2  # (row).field
    if isinstance(node, exp.Cast):
        name, strength = _postgres_name(node.this, dialect)
        return (name, strength) if strength > 1 else (_type_name(node.to, dialect), 1)
    if isinstance(node, exp.Case):
        default = node.args.get("default")
        name, strength = _postgres_name(default, dialect) if default else ("", 0)
        return (name, strength) if strength > 1 else ("case", 1)
    if isinstance(node, exp.Subquery):
        return _subquery_name(node.this, dialect), 2
    special = _special_name(node)
    if special:
        return special, 2 if special not in ("bool", "interval") else 1
    if isinstance(node, exp.Anonymous):  # a function sqlglot has no class for: as written
        return node.name.lower(), 2
    if isinstance(node, exp.Func):  # by its Postgres spelling (`char_length` is `length`)
        match = _CALL.match(node.sql(dialect))
        if match:
            return match.group(1).lower(), 2
    return "", 0


def _special_name(node: exp.Expr) -> str:
    """The names of the shapes Postgres's grammar (not a function call) gives one."""
    if isinstance(node, exp.Boolean):
        return "bool"  # `true` is the cast 'true'::bool in the grammar
    if isinstance(node, exp.Interval):
        return "interval"  # `interval '1 day'` is a cast too
    if isinstance(node, exp.Array):
        return "array"
    if isinstance(node, (exp.Tuple, exp.Struct)):
        return "row"
    if isinstance(node, exp.Exists):
        return "exists"
    if isinstance(node, exp.AtTimeZone):
        return "timezone"  # the grammar's call of timezone(zone, value)
    if isinstance(node, exp.Trim):
        position = str(node.args.get("position") or "").upper()
        return {"LEADING": "ltrim", "TRAILING": "rtrim"}.get(position, "btrim")
    return ""


def _subquery_name(query: exp.Expr, dialect: Dialect) -> str:
    """A scalar subquery's name: its single output's."""
    while isinstance(query, (exp.SetOperation, exp.Subquery)):
        query = query.this
    if not isinstance(query, exp.Select) or not query.expressions:
        return _NO_NAME
    first = query.expressions[0]
    if isinstance(first, exp.Alias):
        return first.alias
    if first.is_star:
        return _NO_NAME  # the column behind the star is not known here
    return _postgres_name(first, dialect)[0] or _NO_NAME


def _type_name(to: exp.DataType, dialect: Dialect) -> str:
    """The last part of a cast's type name, as pg_type spells it (`int` is int4)."""
    while to.is_type(exp.DataType.Type.ARRAY) and to.expressions:
        to = to.expressions[0]  # `::int[]` is named by its element type
    known = _PG_TYPES.get(to.this) if isinstance(to.this, exp.DataType.Type) else None
    if known:
        return known
    text = exp.DataType(this=to.this, kind=to.args.get("kind")).sql(dialect)
    return text.split("(")[0].split(".")[-1].strip().strip('"').lower().replace(" ", "")
