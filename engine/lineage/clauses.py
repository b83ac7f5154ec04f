"""The clauses that shape a query's rows (its "wide" flows): JOIN ON, WHERE, GROUP BY, ...

Each reaches every output of its scope (Hive's SORT BY and CLUSTER BY sort as ORDER BY does).
Most are walked as written; `GROUP BY ALL` and `ORDER BY ALL` (DuckDB, Snowflake, Databricks)
name no column, so they stand for the projections they group or sort by, and a set operation's
`ORDER BY 1` names an output.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from engine.lineage.flows import SORTS, Flow, Path, compose, indirect, is_aggregate
from engine.lineage.scopes import joins_of

if TYPE_CHECKING:
    from engine.lineage.columns import ScopeLineage
    from engine.lineage.walk import ExpressionWalker

_FILTER, _GROUP_BY, _SORT, _JOIN = (indirect(k) for k in ("FILTER", "GROUP_BY", "SORT", "JOIN"))


def wide_flows(walker: ExpressionWalker, scope: Scope, lines: dict[Flow, int]) -> set[Flow]:
    """Return the flows of every clause that filters, groups, joins or sorts `scope`'s rows;
    record in `lines` the first line of a clause each comes from (the first, if several)."""
    node = scope.expression
    if not isinstance(node, exp.Select):
        return set()
    out: set[Flow] = set()
    for part, path in _clauses(node):
        flows = walker.flows_of(part, scope, path)
        if flows:
            _record(lines, flows, part)
            out |= flows
    return out


def _record(lines: dict[Flow, int], flows: set[Flow], clause: exp.Expr) -> None:
    line = clause_line(clause)
    if line is None:
        return
    for flow in flows:
        if line < lines.get(flow, line + 1):
            lines[flow] = line


def clause_line(node: exp.Expr) -> int | None:
    """The line of a clause: of its first node that has one (parsed nodes carry it on their
    identifiers and literals; nodes qualify made carry none). Stops there: no full walk."""
    for n in node.dfs():
        line = n.meta_get("line")
        if line is not None:
            return line
    return None


def set_order_flows(lineage: ScopeLineage, scope: Scope, lines: dict[Flow, int]) -> set[Flow]:
    """`a UNION b ORDER BY 1` sorts every row of the union by that output (or by name); its
    flows' lines are recorded in `lines` as `wide_flows` does."""
    order = scope.expression.args.get("order")
    out: set[Flow] = set()
    if order is None:
        return out
    for key in order.expressions:
        node = key.this if isinstance(key, exp.Ordered) else key
        if isinstance(node, exp.Literal) and node.is_int:
            indexes = [int(node.name) - 1]
        else:
            indexes = [lineage.index_of(scope, c.name.lower()) for c in node.find_all(exp.Column)]
        for index in indexes:
            if index is not None and 0 <= index < len(lineage.outputs(scope)):
                out |= compose(lineage.own(scope, index), SORTS)
    if out:
        _record(lines, out, order)
    return out


def _clauses(select: exp.Select) -> Iterator[tuple[exp.Expr, Path]]:
    for join in joins_of(select):
        for key in ("on", "match_condition"):
            if join.args.get(key) is not None:
                yield join.args[key], _JOIN
    for key in ("where", "having", "qualify"):
        if select.args.get(key) is not None:
            yield select.args[key], _FILTER
    distinct = select.args.get("distinct")
    on = distinct.args.get("on") if isinstance(distinct, exp.Distinct) else None
    if on is not None:
        # Postgres `DISTINCT ON (k)` keeps one row per k, as GROUP BY k makes one: k decides
        # every output's rows (which row is kept is the ORDER BY's, a SORT flow already).
        yield on, _GROUP_BY
    group = select.args.get("group")
    if group is not None:
        yield group, _GROUP_BY
        if group.args.get("all"):
            yield from ((p, _GROUP_BY) for p in select.selects if not _aggregates(p))
    order = select.args.get("order")
    if order is not None:
        yield order, _SORT
        if any(_is_all(o.this) for o in order.expressions if isinstance(o, exp.Ordered)):
            yield from ((p, _SORT) for p in select.selects)
    # Hive/Spark SORT BY sorts within each reducer, CLUSTER BY is DISTRIBUTE BY + SORT BY: they
    # sort as ORDER BY does. DISTRIBUTE BY alone only spreads rows over reducers: no flow.
    for key in ("sort", "cluster"):
        if select.args.get(key) is not None:
            yield select.args[key], _SORT


def _aggregates(projection: exp.Expr) -> bool:
    """True if a projection aggregates (or is a window): GROUP BY ALL leaves it out."""
    return any(is_aggregate(n) or isinstance(n, exp.Window) for n in projection.walk())


def _is_all(node: exp.Expr) -> bool:
    return isinstance(node, (exp.Var, exp.Column)) and node.name.upper() == "ALL"
