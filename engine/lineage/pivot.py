"""PIVOT / UNPIVOT: which source columns reach each column of the pivoted relation.

`PIVOT(SUM(v) FOR k IN ('a', 'b'))` is `SUM(CASE WHEN k = 'a' THEN v END) ... GROUP BY <rest>`:
each pivoted column aggregates `v` under a condition on `k`, and the remaining ("implicit")
columns pass through as group keys that shape every row. `UNPIVOT(val FOR name IN (a, b))` copies
a and b into `val`; `name` holds column names, not values, so nothing flows into it.

A dynamic pivot (Snowflake `IN (ANY [ORDER BY ...])` / `IN (SELECT ...)`, DuckDB's statement
form without `IN`) has pivoted columns only the data names: its `*` stands for them, an
unresolved `*` made of the aggregated value, its condition and the group keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from engine.lineage.flows import Flow, compose, indirect
from engine.lineage.scopes import Output, relations

if TYPE_CHECKING:
    from engine.lineage.columns import ScopeLineage
    from engine.lineage.scopes import Source


def pivot_for(scope: Scope, alias: str) -> exp.Pivot | None:
    """Return the (last) pivot of `scope` whose result is named `alias`, if any."""
    pivots = scope.pivots if isinstance(scope.expression, exp.Select) else []
    if not pivots or pivots[0].parent is not pivots[-1].parent:
        return None  # a chain over different sources: not folded
    last = pivots[-1]
    return last if last.alias_or_name == alias else None


def is_dynamic(pivot: exp.Pivot) -> bool:
    """True for a PIVOT whose column names only the data tells (`IN (ANY)`)."""
    return not pivot.unpivot and any(
        isinstance(value, exp.PivotAny)
        for field in pivot.fields
        if isinstance(field, exp.In)
        for value in field.expressions
    )


def make_dynamic(selects: list[exp.Select]) -> None:
    """Snowflake `PIVOT (... IN (SELECT ...))` names its columns after the values the query
    returns: written `IN (ANY)` before qualify, which would name one after the query's text.
    (The query's tables stay read: they were gathered before.)"""
    for select in selects:
        for relation in relations(select):
            for pivot in relation.args.get("pivots") or ():
                for field in pivot.fields:
                    if isinstance(field, exp.In) and any(
                        isinstance(v, exp.Query) for v in field.expressions
                    ):
                        field.set("expressions", [exp.PivotAny()])
                        pivot.set("columns", [])  # as parsed for `IN (ANY)`: no names


def dynamic_outputs(
    lineage: ScopeLineage, scope: Scope, pivot: exp.Pivot, alias: str
) -> list[Output] | None:
    """The columns of a dynamic pivot: its implicit columns, then a `*` for the pivoted ones."""
    parent = _parent_source(scope, pivot)
    if parent is None:
        return None
    names, _open = lineage.source_columns(parent)
    consumed = _consumed(pivot)
    source = (alias, parent)
    kept = [Output(n, pivot, source) for n in names if n not in consumed]
    return [*kept, Output("*", pivot, source, star=True)]


def pivot_flows(
    lineage: ScopeLineage,
    scope: Scope,
    pivot: exp.Pivot,
    name: str,
    node: exp.Expr | None = None,
) -> set[Flow]:
    """Return the flows of column `name` of the pivoted relation (read at `node`)."""
    parent = _parent_source(scope, pivot)
    if parent is None:
        return set()
    if pivot.unpivot:
        return _unpivot_flows(lineage, scope, pivot, parent, name, node)
    consumed = _consumed(pivot)
    groups = _group_keys(lineage, parent, consumed)
    columns = [c.name.lower() for c in pivot.args.get("columns") or []]
    name = _unaliased(lineage, parent, pivot, consumed, columns, name)
    if is_dynamic(pivot):
        known, _open = lineage.source_columns(parent)
        if name != "*" and name in known and name not in consumed:
            return lineage.resolve_in(parent, name) | groups
        aggs = pivot.expressions  # any of them: the data names the columns
    elif name not in columns:
        kept = _kept(lineage, parent, name, node or pivot)
        return kept | groups if kept is not None else set()
    else:
        aggs = [pivot.expressions[columns.index(name) % max(1, len(pivot.expressions))]]
    flows: set[Flow] = set()
    for agg in aggs:
        flows |= lineage.flows_of(agg.unalias() if isinstance(agg, exp.Alias) else agg, scope)
    for field in pivot.fields:
        if isinstance(field, exp.In):
            flows |= lineage.flows_of(field.this, scope, indirect("CONDITIONAL"))
    flows |= groups
    if name != "*":
        return flows  # a pivoted column the query names (`"'Q1'"`): its values, resolved
    values = {(f.asset, f.column) for f in flows if f.type == "DIRECT"}
    asset, column = values.pop() if len(values) == 1 else (None, "*")
    lineage.diagnose(
        "unresolved-star",
        "the pivoted columns are named by the data (`IN (ANY)`, `IN (SELECT ...)`, no IN list):"
        " kept as `*`",
        pivot,
        asset=asset,
        column=column,
    )
    return {f._replace(resolution="unresolved") for f in flows}


def _consumed(pivot: exp.Pivot) -> set[str]:
    """The source columns a PIVOT aggregates or pivots on: not implicit (group) columns."""
    consumed = {c.name.lower() for agg in pivot.expressions for c in agg.find_all(exp.Column)}
    return consumed | {f.this.name.lower() for f in pivot.fields if isinstance(f, exp.In)}


def _kept(lineage: ScopeLineage, parent: Source, name: str, node: exp.Expr) -> set[Flow] | None:
    """The flows of `name`, a column the pivot passes through from `parent`; None (and an
    `unresolved-column`) where the parent's columns are known and none is `name`."""
    names, is_open = lineage.source_columns(parent)
    if is_open or name in names:
        return lineage.resolve_in(parent, name)
    lineage.diagnose(
        "unresolved-column",
        f"`{name}` is neither a column of the pivot nor of the relation it turns;"
        " table-level lineage kept",
        node,
        column=name,
    )
    return None


def _unpivot_flows(
    lineage: ScopeLineage,
    scope: Scope,
    pivot: exp.Pivot,
    parent: Source,
    name: str,
    node: exp.Expr | None,
) -> set[Flow]:
    values = [i.name.lower() for e in pivot.expressions for i in e.find_all(exp.Identifier)]
    fields = [f for f in pivot.fields if isinstance(f, exp.In)]
    if any(f.this.name.lower() == name for f in fields):
        return set()  # the name column holds column names
    if name not in values:
        return _kept(lineage, parent, name, node or pivot) or set()
    flows: set[Flow] = set()
    for field in fields:
        for entry in field.expressions:
            cols = list(entry.find_all(exp.Column))
            picked = [cols[values.index(name)]] if len(cols) == len(values) else cols
            for col in picked:
                flows |= lineage.resolve_in(parent, col.name.lower())
    return flows


def _unaliased(
    lineage: ScopeLineage,
    parent: Source,
    pivot: exp.Pivot,
    consumed: set[str],
    columns: list[str],
    name: str,
) -> str:
    """`PIVOT (...) AS p (a, b, c)` renames the pivoted relation's columns by position: the
    implicit (group key) columns in source order, then the pivoted ones. Return the name
    `name` had before that renaming, so `jan` in `AS p (region, jan)` is the pivoted `'jan'`
    and never a same-named column of the source."""
    alias = pivot.args.get("alias")
    renamed = [c.name.lower() for c in alias.columns] if isinstance(alias, exp.TableAlias) else []
    if name not in renamed:
        return name
    names, _open = lineage.source_columns(parent)
    original = [c for c in names if c not in consumed] + columns
    if len(original) != len(renamed):
        return name
    return original[renamed.index(name)]


def _group_keys(lineage: ScopeLineage, parent: Source, consumed: set[str]) -> set[Flow]:
    """The implicit columns of a PIVOT group its rows: they shape every pivoted column."""
    names, _open = lineage.source_columns(parent)
    flows: set[Flow] = set()
    for col in names:
        if col not in consumed:
            flows |= compose(lineage.resolve_in(parent, col), indirect("GROUP_BY"))
    return flows


def _parent_source(scope: Scope, pivot: exp.Pivot) -> Source | None:
    """The source the pivot turns: a table, a CTE or a derived table of `scope`."""
    parent = pivot.parent
    if isinstance(parent, exp.Table):
        found = scope.sources.get(parent.alias_or_name)  # the table itself, or the CTE it names
        if (found is None or found is parent) and not parent.args.get("db"):
            # qualify names an UNPIVOT after its relation (`c UNPIVOT (...) AS c`), so that
            # name finds the table node, not the CTE `c` it reads
            found = scope.cte_sources.get(parent.name) or found
        return found if found is not None else parent
    for src in scope.sources.values():
        if isinstance(src, Scope) and src.expression in (parent, getattr(parent, "this", None)):
            return src
    return None
