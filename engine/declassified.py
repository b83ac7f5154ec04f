"""Which tags a `declassify` entry stopped at one column, worked out from the graph (`trace`).

The graph stores what columns carry, not what was stopped: a stopped tag leaves no row. So
the tags that would have arrived are derived again from one hop — the tags the column's
direct sources carry, through each FLOWS edge (`propagation.carried`: its INDIRECT and function
rules), plus the column's own declared tags — and matched against its asset's declassify
entries by propagation's own barrier rule (`propagation.stopping_entry`). One column's edges:
cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.config.catalog import Catalog
from engine.config.spec import DeclassifySpec
from engine.graph import GraphStore
from engine.lineage import canonical_function
from engine.models import ColumnRef, LineageEdge
from engine.propagation import CanonicalRules, carried, stopping_entry

_ARRIVING = (
    "MATCH (s:Col)-[f:FLOWS]->(c:Col {id: $id}), (s)-[r:CARRIES]->(t:Tag) "
    "RETURN s.asset, s.name, t.name, r.masked, f.type, f.subtype, f.functions, f.task, "
    "f.statement, f.line"
)


@dataclass(frozen=True)
class Stopped:
    """A tag stopped at the column by `entry` (declared on the column itself: `source` None)."""

    tag: str
    entry: DeclassifySpec
    source: str | None


def stopped_at(store: GraphStore, catalog: Catalog, column_id: str) -> list[Stopped]:
    """The tags a declassify entry of the column's asset stopped at `column_id`, sorted."""
    asset, _, column = column_id.rpartition(".")
    spec = catalog.assets.get(asset)
    entries = spec.declassify if spec is not None else ()
    if not entries:
        return []
    target = ColumnRef(asset=asset, column=column)
    rules = CanonicalRules(catalog, lambda name: canonical_function(name, catalog.dialect))
    arriving: set[tuple[str, str | None]] = set()
    declared = store.query("MATCH (c:Col {id: $id}) RETURN c.declared_tags", {"id": column_id})
    for (tags,) in declared.rows:
        arriving.update((t, None) for t in tags or ())
    for s_asset, s_name, tag, masked, kind, subtype, functions, task, stmt, line in store.query(
            _ARRIVING, {"id": column_id}).rows:
        source = ColumnRef(asset=s_asset, column=s_name)
        edge = LineageEdge(source=source, target=target, type=kind, subtype=subtype, task=task,
                           statement_index=stmt, line=line, functions=tuple(functions or ()))
        arriving.update((t, source.id) for _, t, _, _ in carried((edge,), tag, bool(masked), rules))
    out = []
    for tag, source in arriving:
        i = stopping_entry(entries, tag)
        if i is not None:
            out.append(Stopped(tag, entries[i], source))
    return sorted(out, key=lambda s: (s.tag, s.source or ""))
