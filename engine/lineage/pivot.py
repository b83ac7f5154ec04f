"""PIVOT / UNPIVOT: which source columns reach each column of the pivoted relation.

`PIVOT(SUM(v) FOR k IN ('a', 'b'))` is `SUM(CASE WHEN k = 'a' THEN v END) ... GROUP BY <rest>`:
each pivoted column aggregates `v` under a condition on `k`, and the remaining ("implicit")
columns pass through as group keys that shape every row. `UNPIVOT(val FOR name IN (a, b))` copies
a and b into `val`; `name` holds column names, not values, so nothing flows into it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from engine.lineage.flows import Flow, compose, indirect

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


def pivot_flows(lineage: ScopeLineage, scope: Scope, pivot: exp.Pivot, name: str) -> set[Flow]:
    """Return the flows of column `name` of the pivoted relation."""
    parent = _parent_source(scope, pivot)
    if parent is None:
        return set()
    if pivot.unpivot:
        return _unpivot_flows(lineage, scope, pivot, parent, name)
    consumed = {c.name.lower() for agg in pivot.expressions for c in agg.find_all(exp.Column)}
    consumed |= {f.this.name.lower() for f in pivot.fields if isinstance(f, exp.In)}
    groups = _group_keys(lineage, parent, consumed)
    columns = [c.name.lower() for c in pivot.args.get("columns") or []]
    name = _unaliased(lineage, parent, pivot, consumed, columns, name)
    if name not in columns:
        return lineage.resolve_in(parent, name) | groups
    agg = pivot.expressions[columns.index(name) % max(1, len(pivot.expressions))]
    flows = lineage.flows_of(agg.unalias() if isinstance(agg, exp.Alias) else agg, scope)
    for field in pivot.fields:
        if isinstance(field, exp.In):
            flows |= lineage.flows_of(field.this, scope, indirect("CONDITIONAL"))
    return flows | groups


def _unpivot_flows(
    lineage: ScopeLineage, scope: Scope, pivot: exp.Pivot, parent: Source, name: str
) -> set[Flow]:
    values = [i.name.lower() for e in pivot.expressions for i in e.find_all(exp.Identifier)]
    fields = [f for f in pivot.fields if isinstance(f, exp.In)]
    if any(f.this.name.lower() == name for f in fields):
        return set()  # the name column holds column names
    if name not in values:
        return lineage.resolve_in(parent, name)
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
        return found if found is not None else parent
    for src in scope.sources.values():
        if isinstance(src, Scope) and src.expression in (parent, getattr(parent, "this", None)):
            return src
    return None
