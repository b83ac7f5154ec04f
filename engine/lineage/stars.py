"""`*` and `t.*`: expanding them where columns are known, standing in for them where not.

qualify expands stars when it knows every source's columns. When a source is unknown, the star
stays, and this module expands what is known (a known table's `t.*` next to an unknown one) and
keeps one `*` output per unknown source: an outer reference to a name not otherwise produced can
only come through it, and a target fed by it gets an unresolved `src.* -> target.*` edge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from engine.lineage.flows import DIRECT, Flow
from engine.lineage.pivot import dynamic_outputs, is_dynamic, pivot_flows, pivot_for
from engine.lineage.schema import table_id
from engine.lineage.scopes import Output, Source, open_udtf, star_sources

if TYPE_CHECKING:
    from engine.lineage.columns import ScopeLineage


def expand_star(lineage: ScopeLineage, scope: Scope, star: exp.Expr) -> list[Output]:
    """Return the outputs of `*` / `t.*` in source order.

    Known columns come by name, with EXCEPT/EXCLUDE, RENAME and REPLACE applied; each source
    whose columns are unknown adds one `*` stand-in.
    """
    table = star.table if isinstance(star, exp.Column) else ""
    node = star.this if isinstance(star, exp.Column) else star
    excluded = {e.name.lower() for e in node.args.get("except_") or []}
    renames = {r.this.name.lower(): r.alias.lower() for r in node.args.get("rename") or []}
    replaced = {r.alias.lower(): r for r in node.args.get("replace") or []}
    outs: list[Output] = []
    pivot = _dynamic_pivot(scope)
    pivoted = pivot.parent.alias_or_name if pivot is not None and pivot.parent else None
    if pivot is not None and table == pivot.alias_or_name:
        table = pivoted or table  # `p.*` of `... PIVOT (...) AS p`: the pivoted source
    for alias, src in star_sources(scope, table):
        if pivot is not None and alias == pivoted:
            outs.extend(dynamic_outputs(lineage, scope, pivot, alias) or [])
            continue
        names, is_open = lineage.source_columns(src)
        for name in names:
            if name not in excluded:
                out_name = renames.get(name, name)
                outs.append(Output(out_name, replaced.get(out_name), (alias, src)))
        if is_open:
            outs.append(Output("*", None, (alias, src), star=True))
    return outs


def through_star(lineage: ScopeLineage, scope: Scope, name: str) -> set[Flow]:
    """`name` is not a known output: it can only come through an unexpanded `*`."""
    outs = lineage.outputs(scope)
    pivots = [o.node for o in outs if o.star and isinstance(o.node, exp.Pivot)]
    if pivots:  # a column of a dynamic pivot the query names (`"'Q1'"`)
        return pivot_flows(lineage, scope, pivots[0], name)
    # a generator's columns nobody typed (`inline(items)`): made from its argument
    made = set().union(
        *(lineage.own(scope, i) for i, o in enumerate(outs) if o.star and o.node is not None)
    )
    stars = [o.source for o in outs if o.star and o.source]
    if len(stars) == 1:
        src = stars[0][1]  # `SELECT * FROM t PIVOT (...) AS p` of a t of unknown columns
        pivots = src.args.get("pivots") if isinstance(src, exp.Table) else None
        pivot = pivot_for(scope, pivots[-1].alias_or_name) if pivots else None
        if pivot is not None:
            return pivot_flows(lineage, scope, pivot, name) | made
        return lineage.resolve_in(src, name) | made
    if not stars:
        return made
    return lineage.ambiguous(scope, name, [src for _, src in stars]) | made


def _dynamic_pivot(scope: Scope) -> exp.Pivot | None:
    """The PIVOT of `scope` whose columns only the data names, if any."""
    pivots = scope.pivots if isinstance(scope.expression, exp.Select) else []
    if not pivots or pivots[0].parent is not pivots[-1].parent:
        return None
    return pivots[-1] if is_dynamic(pivots[-1]) else None


def star_flows(lineage: ScopeLineage, src: Source) -> set[Flow]:
    """Return the over-approximate flows of `src.*` for a source with unknown columns."""
    if isinstance(src, Scope):
        outs = lineage.outputs(src)
        if not outs and open_udtf(src):  # `LATERAL VIEW inline(u) x`, then `x.*`
            return lineage.unknown_columns(src.expression.this, src)
        return set().union(*(lineage.position(src, i) for i, o in enumerate(outs) if o.star))
    tid = table_id(src)
    if tid is None:
        return set()
    if lineage.schema.is_temp(tid):
        return set(lineage.schema.temps[tid].flows.get("*", set()))
    lineage.diagnose(
        "unresolved-star",
        f"columns of {tid} are unknown: `*` kept as is",
        src,
        asset=tid,
        column="*",
    )
    return {Flow(tid, "*", DIRECT, "IDENTITY", (), "unresolved")}
