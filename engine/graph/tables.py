"""Turn the run's models into one deduplicated Arrow table per graph table (no Kùzu here).

COPY never upserts (a duplicate primary key aborts it) and never deduplicates relationship
rows, so everything is deduplicated here: nodes by primary key (first occurrence wins),
relationships by identical row. Every endpoint is created as a node, even when the catalog
does not know it (discovered assets, columns only lineage or tags mention, undefined tags).
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import pyarrow as pa

from engine.graph.schema import REL_TABLES, arrow_schema
from engine.models import (
    AssetInfo,
    ColumnRef,
    LineageEdge,
    TagAssignment,
    TagAssignments,
    TagInfo,
    TaskLineage,
    WideEdge,
)

Row = tuple[Any, ...]


def path_json(assignment: TagAssignment) -> str:
    """Return the CARRIES `path` property: a JSON list of PathStep dicts."""
    return json.dumps([s.model_dump(mode="json") for s in assignment.path], separators=(",", ":"))


def _prefix(tag: str) -> str | None:
    """Return the parent a dotted name implies: `pii.email` -> `pii`."""
    return tag.rsplit(".", 1)[0] if "." in tag else None


class _Flows:
    """FLOWS rows kept column-wise and turned into Arrow in batches.

    A row tuple per edge, deduplicated in one dict, cost ~250 bytes an edge: at millions of
    edges that was the build's peak memory.
    """

    BATCH = 200_000

    def __init__(self) -> None:
        self._schema = arrow_schema("FLOWS")
        self._batches: list[pa.RecordBatch] = []
        self._reset()

    def _reset(self) -> None:
        self._cols: list[list[Any]] = [[] for _ in self._schema]

    def add(self, src: str, dst: str, e: LineageEdge) -> None:
        (c_from, c_to, c_type, c_sub, c_fn, c_mask, c_task, c_st, c_line, c_res) = self._cols
        c_from.append(src)
        c_to.append(dst)
        c_type.append(e.type)
        c_sub.append(e.subtype)
        c_fn.append(e.functions)
        c_mask.append(e.masking)
        c_task.append(e.task)
        c_st.append(e.statement_index)
        c_line.append(e.line)
        c_res.append(e.resolution)
        if len(c_from) >= self.BATCH:
            self._flush()

    def add_wide(self, src: str, targets: list[str], w: WideEdge) -> None:
        """One row per target column, as `add` would give for each expanded edge."""
        n = len(targets)
        (c_from, c_to, c_type, c_sub, c_fn, c_mask, c_task, c_st, c_line, c_res) = self._cols
        c_from.extend([src] * n)
        c_to.extend(targets)
        c_type.extend(["INDIRECT"] * n)
        c_sub.extend([w.subtype] * n)
        c_fn.extend([w.functions] * n)
        c_mask.extend([w.masking] * n)
        c_task.extend([w.task] * n)
        c_st.extend([w.statement_index] * n)
        c_line.extend([line for _, line in w.targets])
        c_res.extend([w.resolution] * n)
        if len(c_from) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._cols[0]:
            arrays = [pa.array(c, type=f.type) for c, f in zip(self._cols, self._schema)]
            self._batches.append(pa.RecordBatch.from_arrays(arrays, schema=self._schema))
        self._reset()

    def table(self) -> pa.Table:
        self._flush()
        return pa.Table.from_batches(self._batches, schema=self._schema)


class _Collector:
    """Accumulates nodes (first occurrence wins) and distinct relationship rows."""

    def __init__(self) -> None:
        self.assets: dict[str, AssetInfo | None] = {}  # None: discovered, not in the catalog
        self.columns: dict[str, tuple[str, str, tuple[str, ...], str | None]] = {}
        self.carried: dict[str, set[str]] = {}  # column id -> tags declared or derived
        self.tasks: dict[str, Row] = {}
        self.tags: dict[str, tuple[str | None, int | None, str | None]] = {}
        self.rels: dict[str, dict[Row, None]] = {name: {} for name in REL_TABLES}
        self.flows = _Flows()
        self._ids: dict[int, str] = {}  # id(ColumnRef) -> column id: edges share their refs
        self._targets: dict[int, tuple[tuple[tuple[str, int], ...], list[str]]] = {}

    def target_ids(self, w: WideEdge) -> list[str]:
        """Column ids of a wide edge's targets, memoised by the tuple its statement shares."""
        found = self._targets.get(id(w.targets))
        if found is None or found[0] is not w.targets:
            ids = [self.column(w.target_asset, column) for column, _ in w.targets]
            found = self._targets[id(w.targets)] = (w.targets, ids)
        return found[1]

    def column_of(self, ref: ColumnRef) -> str:
        """`column()` for an edge endpoint, memoised by object (refs are shared by edges)."""
        col_id = self._ids.get(id(ref))
        if col_id is None:
            col_id = self._ids[id(ref)] = self.column(ref.asset, ref.column)
        return col_id

    def asset(self, asset_id: str) -> None:
        self.assets.setdefault(asset_id, None)

    def column(self, asset: str, name: str, declared: tuple[str, ...] = (),
               description: str | None = None) -> str:
        col_id = sys.intern(f"{asset}.{name}")  # one string however many edges name it
        if col_id not in self.columns:
            self.asset(asset)
            self.columns[col_id] = (asset, name, declared, description)
            self.carried[col_id] = set(declared)
        return col_id

    def tag(self, name: str) -> None:
        """Ensure a Tag node (an undefined tag gets a stub) and its ancestors exist."""
        if name in self.tags:
            return
        parent = _prefix(name)
        self.tags[name] = (parent, None, None)
        if parent is not None:
            self.tag(parent)

    def rel(self, table: str, *row: Any) -> None:
        self.rels[table][row] = None


def _add_assets(g: _Collector, assets: Sequence[AssetInfo]) -> None:
    for info in assets:
        if g.assets.get(info.id) is None:  # first catalog entry wins over a discovered stub
            g.assets[info.id] = info
        for col in info.columns:
            g.column(info.id, col.name, tuple(col.declared_tags), col.description)


def _add_lineage(g: _Collector, lineage: Sequence[TaskLineage]) -> None:
    for task in lineage:
        g.tasks.setdefault(task.task, (task.task, task.sha256, task.status, len(task.statements)))
        for st in task.statements:
            for src in st.sources:
                g.asset(src)
                g.rel("READS", task.task, src)
            if st.target is None:
                continue
            g.asset(st.target)
            g.rel("WRITES", task.task, st.target)
            for name in st.target_columns:
                g.column(st.target, name)
            for src in st.sources:
                g.rel("FEEDS", src, st.target, task.task, st.line)
        # identical rows can only come from one task (`task` is in the row): dedupe per task
        for e in dict.fromkeys(task.edges):
            g.flows.add(g.column_of(e.source), g.column_of(e.target), e)
        for w in task.wide:  # the graph has every column edge: users' Cypher sees no difference
            g.flows.add_wide(g.column_of(w.source), g.target_ids(w), w)


def _add_tags(g: _Collector, tags: TagAssignments, tag_defs: Sequence[TagInfo]) -> None:
    for d in tag_defs:  # all definitions before any stub, so `pii.email` cannot stub `pii`
        if d.name not in g.tags:
            g.tags[d.name] = (d.parent or _prefix(d.name), d.level, d.description)
    for parent, _, _ in list(g.tags.values()):
        if parent is not None:
            g.tag(parent)
    for a in tags.items:
        col = g.column(a.column.asset, a.column.column)
        g.column(a.origin.asset, a.origin.column)
        g.tag(a.tag)
        g.tag(a.origin_tag)
        g.carried[col].add(a.tag)
        g.rel("CARRIES", col, a.tag, a.origin.id, a.origin_tag, a.declared, a.masked,
              path_json(a))


def _asset_rows(g: _Collector) -> Iterable[Row]:
    """Asset rows, with `tags` = table-level declared tags plus every tag a column carries."""
    by_asset: dict[str, set[str]] = {}
    for col_id, (asset, _, _, _) in g.columns.items():
        by_asset.setdefault(asset, set()).update(g.carried[col_id])
    for asset_id, info in g.assets.items():
        declared = tuple(info.tags) if info else ()
        tags = sorted(by_asset.get(asset_id, set()) | set(declared))
        for tag in tags:
            g.tag(tag)
            g.rel("HAS_TAG", asset_id, tag)
        if info is None:
            yield (asset_id, False, None, None, None, None, False, False, [], tags)
        else:
            yield (asset_id, info.declared, info.owner, info.zone, info.description,
                   info.retention_days, info.sink, info.source, list(declared), tags)


def _to_arrow(table: str, rows: Iterable[Row]) -> pa.Table:
    schema = arrow_schema(table)
    cols = list(zip(*rows, strict=True)) or [()] * len(schema)
    arrays = [pa.array(c, type=f.type) for c, f in zip(cols, schema, strict=True)]
    return pa.table(arrays, schema=schema)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while building: every tuple made here stays alive, so collections
    (which also walk the run's millions of model objects) free nothing; they tripled the time
    for 300k edges (6.0 s -> 1.8 s without them)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def graph_tables(*, assets: Sequence[AssetInfo], lineage: Sequence[TaskLineage],
                 tags: TagAssignments, tag_defs: Sequence[TagInfo],
                 meta: Mapping[str, str]) -> dict[str, pa.Table]:
    """Return {table name: Arrow table} for every node then relationship table, in load order."""
    with _gc_paused():
        return _graph_tables(assets, lineage, tags, tag_defs, meta)


def _graph_tables(assets: Sequence[AssetInfo], lineage: Sequence[TaskLineage],
                  tags: TagAssignments, tag_defs: Sequence[TagInfo],
                  meta: Mapping[str, str]) -> dict[str, pa.Table]:
    g = _Collector()
    _add_assets(g, assets)
    _add_lineage(g, lineage)
    _add_tags(g, tags, tag_defs)
    out = {"Asset": _to_arrow("Asset", list(_asset_rows(g)))}  # may add Tag nodes: first
    out["Col"] = _to_arrow("Col", (
        (cid, a, n, list(d), sorted(g.carried[cid]), desc)
        for cid, (a, n, d, desc) in g.columns.items()))
    out["Task"] = _to_arrow("Task", g.tasks.values())
    for col_id, (asset, _, _, _) in g.columns.items():
        g.rel("HAS_COLUMN", asset, col_id)
    for name, (parent, _, _) in g.tags.items():
        if parent is not None:
            g.rel("CHILD_OF", name, parent)
    out["Tag"] = _to_arrow("Tag", ((n, *rest) for n, rest in g.tags.items()))
    out["Meta"] = _to_arrow("Meta", ((str(k), str(v)) for k, v in meta.items()))
    for name in REL_TABLES:
        out[name] = g.flows.table() if name == "FLOWS" else _to_arrow(name, g.rels[name])
    return out
