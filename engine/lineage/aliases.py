"""References to a SELECT's own output aliases that qualify could not expand.

qualify expands `GROUP BY day`, `WHERE n > 1`, `HAVING total > 10` and lateral column aliases
(`SELECT a + 1 AS b, b * 2 AS c`) into the aliased expressions, a source column of the same
name winning. When a source's columns are unknown it cannot tell the two apart and gives up on
the whole statement. `extract` then qualifies again without alias expansion and flags the
SELECTs with `ALIAS_REFS`; for an unqualified name no known source has, `alias_index` says
which projection it stands for. A name the aliased expression itself reads (`upper(name) AS
name ... WHERE name = 'x'`) is evidently a source column, and stays one.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from engine.lineage.flows import is_aggregate

ALIAS_REFS = "lp_alias_refs"
_CLAUSES = frozenset({"where", "group", "having", "qualify"})
# Where each dialect lets a name refer to an output alias ("select": a lateral column alias,
# visible to later projections). Elsewhere a valid query's name can only be a source column.
_STANDARD = frozenset({"group", "having", "qualify"})
_ALIAS_CLAUSES: dict[str, frozenset[str]] = {
    "snowflake": frozenset({"select", "where", "group", "having", "qualify"}),
    "duckdb": frozenset({"select", "where", "group", "having", "qualify"}),
    "clickhouse": frozenset({"select", "where", "group", "having"}),
    "teradata": frozenset({"select", "where", "group", "having", "qualify"}),
    "redshift": frozenset({"select", "where", "group", "having"}),
    "databricks": frozenset({"select", "group", "having", "qualify"}),
    "spark": frozenset({"select", "group", "having"}),
    "hive": frozenset(),
    "tsql": frozenset(),
    "oracle": frozenset(),
    "postgres": frozenset({"group"}),
    "mysql": frozenset({"group", "having"}),
    "bigquery": _STANDARD,
}


def flag_alias_refs(query: exp.Expr, dialect: Dialect) -> None:
    """Mark every SELECT of `query`: its alias references are left for `alias_index`."""
    clauses = _STANDARD
    for cls in type(dialect).__mro__:  # Databricks is a Spark, Redshift a Postgres
        if cls.__name__.lower() in _ALIAS_CLAUSES:
            clauses = _ALIAS_CLAUSES[cls.__name__.lower()]
            break
    for select in query.find_all(exp.Select):
        select.meta[ALIAS_REFS] = clauses


def alias_index(column: exp.Column, select: exp.Expr) -> int | None:
    """Return the projection of `select` that `column` names, if it may name one there."""
    allowed = select.meta_get(ALIAS_REFS) if isinstance(select, exp.Select) else None
    if not allowed:
        return None
    clause, before = _place(column, select)
    if clause not in allowed:
        return None
    name = column.name.lower()
    for i, proj in enumerate(select.selects[:before]):
        if not isinstance(proj, exp.Alias) or proj.alias.lower() != name:
            continue
        if any(c.name.lower() == name for c in proj.this.find_all(exp.Column)):
            return None  # `f(name) AS name`: `name` is a column of the source
        if clause == "group" and any(is_aggregate(n) for n in proj.this.walk()):
            continue  # an aggregate cannot be a group key
        return i
    return None


def _place(column: exp.Column, select: exp.Select) -> tuple[str | None, int]:
    """The clause of `select` holding `column`, and how many projections it can see."""
    node: exp.Expr = column
    while node.parent is not None and node.parent is not select:
        node = node.parent
    if node.parent is None:
        return None, 0
    if node.arg_key in _CLAUSES:
        return node.arg_key, len(select.selects)
    if node.arg_key == "expressions":  # a lateral column alias: only earlier ones are visible
        position = next((i for i, p in enumerate(select.selects) if p is node), 0)
        return "select", position
    return None, 0
