"""Turn the run's models into one deduplicated Arrow table per graph table (no Kùzu here).

COPY never upserts (a duplicate primary key aborts it) and never deduplicates relationship
rows, so everything is deduplicated here: nodes by primary key (first occurrence wins),
relationships by identical row. Every endpoint is created as a node, even when the catalog
does not know it (discovered assets, columns only lineage or tags mention, undefined tags).

`graph_tables` makes every table at once, object by object: the definition of a full build's
rows, which the streamed full build (`engine.graph.bulk`) is tested against. An incremental
update (`engine.graph.update`) makes the same rows for a part of the graph with the same
collector: `task_tables` (some tasks' rows), `carries_table` and `ScopedNodes` (the nodes of
some assets).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa

from engine.codec import column_names
from engine.gcpause import gc_paused
from engine.graph.schema import REL_TABLES, arrow_schema
from engine.models import (
    AssetInfo,
    ColumnRef,
    LineageEdge,
    PathStep,
    TagAssignment,
    TagAssignments,
    TagInfo,
    TaskLineage,
    WideEdge,
)

Row = tuple[Any, ...]


class _PathJson:
    """A tag assignment's path as compact JSON (a CARRIES row's `path`), each step serialised
    once: propagation extends its paths, so the assignments downstream of a column share its
    steps."""

    def __init__(self) -> None:
        self._steps: dict[int, tuple[PathStep, str]] = {}  # keeps each step alive: ids stay

    def __call__(self, assignment: TagAssignment) -> str:
        parts = []
        for step in assignment.path:
            found = self._steps.get(id(step))
            if found is None or found[0] is not step:
                found = self._steps[id(step)] = (step, json.dumps(
                    step.model_dump(mode="json"), separators=(",", ":")))
            parts.append(found[1])
        return f"[{','.join(parts)}]"


def _prefix(tag: str) -> str | None:
    """Return the parent a dotted name implies: `pii.email` -> `pii`."""
    return tag.rsplit(".", 1)[0] if "." in tag else None


class _Codes:
    """Distinct values numbered in first-seen order (an Arrow dictionary, built in Python)."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}
        self.values: list[Any] = []

    def code(self, value: Any) -> int:
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.values)
            self.values.append(value)
        return found


def _int_array(values: array, kind: pa.DataType) -> pa.Array:
    """Zero-copy view of an `array.array` as an Arrow array."""
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


class _Flows:
    """FLOWS rows as integer codes, decoded into Arrow columns by `take` at the end.

    Per row Python appends a few integers; the strings (column ids, task paths) and the few
    distinct (type, subtype, functions, masking, resolution) combinations are each converted
    to Arrow once, and a wide edge's rows are whole-array extends. Building a row tuple per
    edge had been a third of the graph stage and its peak memory.
    """

    SLICE = 1_000_000  # rows per record batch: keeps each string column under Arrow's 2 GB

    def __init__(self, columns: _Codes) -> None:
        self._columns = columns  # column ids, shared with the collector
        self._kinds = _Codes()
        self._tasks = _Codes()
        self._src, self._dst, self._kind, self._task = (array("i") for _ in range(4))
        self._stmt, self._line = array("q"), array("q")

    def __len__(self) -> int:
        return len(self._src)

    def add(self, src: int, dst: int, e: LineageEdge) -> None:
        self._src.append(src)
        self._dst.append(dst)
        self._kind.append(self._kinds.code((e.type, e.subtype, e.functions, e.masking,
                                            e.resolution)))
        self._task.append(self._tasks.code(e.task))
        self._stmt.append(e.statement_index)
        self._line.append(e.line)

    def add_wide(self, src: int, target_codes: array, w: WideEdge) -> None:
        """One row per target column, as `add` would give for each expanded edge."""
        n = len(target_codes)
        self._src.extend(array("i", [src]) * n)
        self._dst.extend(target_codes)
        kind = self._kinds.code(("INDIRECT", w.subtype, w.functions, w.masking, w.resolution))
        self._kind.extend(array("i", [kind]) * n)
        self._task.extend(array("i", [self._tasks.code(w.task)]) * n)
        self._stmt.extend(array("q", [w.statement_index]) * n)
        self._line.extend(array("q", [w.line]) * n)

    def table(self) -> pa.Table:
        schema = arrow_schema("FLOWS")
        ids = pa.array(self._columns.values, pa.string())
        tasks = pa.array(self._tasks.values, pa.string())
        kinds = list(zip(*self._kinds.values)) or [(), (), (), (), ()]
        k_type, k_sub, k_fn, k_mask, k_res = (
            pa.array(list(values), schema.field(name).type)
            for values, name in zip(kinds, ("type", "subtype", "functions", "masking",
                                            "resolution"))
        )
        src, dst = _int_array(self._src, pa.int32()), _int_array(self._dst, pa.int32())
        kind, task = _int_array(self._kind, pa.int32()), _int_array(self._task, pa.int32())
        stmt, line = _int_array(self._stmt, pa.int64()), _int_array(self._line, pa.int64())
        batches = []
        for at in range(0, len(self._src), self.SLICE):
            k = kind.slice(at, self.SLICE)
            batches.append(pa.RecordBatch.from_arrays([
                ids.take(src.slice(at, self.SLICE)), ids.take(dst.slice(at, self.SLICE)),
                k_type.take(k), k_sub.take(k), k_fn.take(k), k_mask.take(k),
                tasks.take(task.slice(at, self.SLICE)), stmt.slice(at, self.SLICE),
                line.slice(at, self.SLICE), k_res.take(k),
            ], schema=schema))
        return pa.Table.from_batches(batches, schema=schema)


class _Collector:
    """Accumulates nodes (first occurrence wins) and distinct relationship rows."""

    def __init__(self) -> None:
        self.assets: dict[str, AssetInfo | None] = {}  # None: discovered, not in the catalog
        self.columns: dict[str, tuple[str, str, tuple[str, ...], str | None]] = {}
        # column id -> tags declared or derived; only columns with one (a set per column was
        # a fifth of a build's Python memory)
        self.carried: dict[str, set[str]] = {}
        self.tasks: dict[str, Row] = {}
        self.tags: dict[str, tuple[str | None, int | None, str | None]] = {}
        self.rels: dict[str, dict[Row, None]] = {name: {} for name in REL_TABLES}
        self.codes = _Codes()  # column id -> the code FLOWS rows use
        self.flows = _Flows(self.codes)
        self._ids: dict[int, int] = {}  # id(ColumnRef) -> column code: edges share their refs
        self._targets: dict[int, tuple[tuple[str, ...], array]] = {}

    def targets_of(self, w: WideEdge) -> array:
        """The column codes of a wide edge's targets, memoised by the tuple the edges of its
        statement share (kept in the memo, so its id cannot be reused)."""
        found = self._targets.get(id(w.targets))
        if found is None or found[0] is not w.targets:
            codes = array("i", (self.code(w.target_asset, column) for column in w.targets))
            found = self._targets[id(w.targets)] = (w.targets, codes)
        return found[1]

    def column_of(self, ref: ColumnRef) -> int:
        """The code of an edge endpoint's column (made a node), memoised by object: edges
        share their refs."""
        code = self._ids.get(id(ref))
        if code is None:
            code = self._ids[id(ref)] = self.code(ref.asset, ref.column)
        return code

    def code(self, asset: str, name: str) -> int:
        """The code of a column (made a node)."""
        return self.codes.code(self.column(asset, name))

    def asset(self, asset_id: str) -> None:
        self.assets.setdefault(asset_id, None)

    def column(self, asset: str, name: str, declared: tuple[str, ...] = (),
               description: str | None = None) -> str:
        col_id = f"{asset}.{name}"
        if col_id not in self.columns:
            self.asset(asset)
            self.columns[col_id] = (asset, name, declared, description)
            if declared:
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


def _add_lineage(g: _Collector, lineage: Sequence[TaskLineage],
                 identities: Mapping[str, str] | None = None) -> None:
    identities = identities or {}
    for task in lineage:
        touched: set[str] = set()  # every asset the task names, not only through edges
        for st in task.statements:
            touched.update(st.sources)
            if st.target is not None:
                touched.add(st.target)
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
            g.flows.add_wide(g.column_of(w.source), g.targets_of(w), w)
            touched.update((w.source.asset, w.target_asset))
        touched.update(asset for asset, _ in column_names(task))  # the edges' columns
        g.tasks.setdefault(task.task, (task.task, task.sha256, task.status, len(task.statements),
                                       identities.get(task.task), sorted(touched)))


def _add_tags(g: _Collector, tags: TagAssignments, tag_defs: Sequence[TagInfo],
              paths: Sequence[str] | None = None) -> None:
    """Tag and column nodes and CARRIES rows; `paths`: the rows' `path`s, if already made."""
    as_json = _PathJson()
    for d in tag_defs:  # all definitions before any stub, so `pii.email` cannot stub `pii`
        if d.name not in g.tags:
            g.tags[d.name] = (d.parent or _prefix(d.name), d.level, d.description)
    for parent, _, _ in list(g.tags.values()):
        if parent is not None:
            g.tag(parent)
    for i, a in enumerate(tags.items):
        col = g.column(a.column.asset, a.column.column)
        g.column(a.origin.asset, a.origin.column)
        g.tag(a.tag)
        g.tag(a.origin_tag)
        g.carried.setdefault(col, set()).add(a.tag)
        g.rel("CARRIES", col, a.tag, a.origin.id, a.origin_tag, a.declared, a.masked,
              as_json(a) if paths is None else paths[i])


def _asset_rows(g: _Collector) -> Iterable[Row]:
    """Asset rows, with `tags` = table-level declared tags plus every tag a column carries."""
    by_asset: dict[str, set[str]] = {}
    for col_id, tags in g.carried.items():
        by_asset.setdefault(g.columns[col_id][0], set()).update(tags)
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


def _col_row(g: _Collector, col_id: str) -> Row:
    asset, name, declared, description = g.columns[col_id]
    return (col_id, asset, name, list(declared), sorted(g.carried.get(col_id, ())), description)


def to_arrow(table: str, rows: Iterable[Row]) -> pa.Table:
    """An Arrow table of `table`'s schema from row tuples (list properties as any sequence)."""
    schema = arrow_schema(table)
    cols = list(zip(*rows, strict=True)) or [()] * len(schema)
    arrays = [pa.array(c, type=f.type) for c, f in zip(cols, schema, strict=True)]
    return pa.table(arrays, schema=schema)


def graph_tables(*, assets: Sequence[AssetInfo], lineage: Sequence[TaskLineage],
                 tags: TagAssignments, tag_defs: Sequence[TagInfo], meta: Mapping[str, str],
                 identities: Mapping[str, str] | None = None) -> dict[str, pa.Table]:
    """Return {table name: Arrow table} for every node then relationship table, in load order.

    `identities` (task -> lineage identity) fill the Task nodes' `lineage` property. Holds
    every row at once (~1.5 KB a column): full builds stream the same rows (`bulk`).
    """
    with gc_paused():
        return _graph_tables(assets, lineage, tags, tag_defs, meta, identities)


def _graph_tables(assets: Sequence[AssetInfo], lineage: Sequence[TaskLineage],
                  tags: TagAssignments, tag_defs: Sequence[TagInfo], meta: Mapping[str, str],
                  identities: Mapping[str, str] | None) -> dict[str, pa.Table]:
    g = _Collector()
    _add_assets(g, assets)
    _add_lineage(g, lineage, identities)
    _add_tags(g, tags, tag_defs)
    out = {"Asset": to_arrow("Asset", list(_asset_rows(g)))}  # may add Tag nodes: first
    out["Col"] = to_arrow("Col", (_col_row(g, cid) for cid in g.columns))
    out["Task"] = to_arrow("Task", g.tasks.values())
    for col_id, (asset, _, _, _) in g.columns.items():
        g.rel("HAS_COLUMN", asset, col_id)
    for name, (parent, _, _) in g.tags.items():
        if parent is not None:
            g.rel("CHILD_OF", name, parent)
    out["Tag"] = to_arrow("Tag", ((n, *rest) for n, rest in g.tags.items()))
    out["Meta"] = to_arrow("Meta", ((str(k), str(v)) for k, v in meta.items()))
    for name in REL_TABLES:
        out[name] = g.flows.table() if name == "FLOWS" else to_arrow(name, g.rels[name])
    return out


# The relationship tables whose rows each belong to one task: a row is a function of its
# task's lineage alone (`task` is in the row, or it starts at the Task node).
TASK_RELS = ("FLOWS", "READS", "WRITES", "FEEDS")


def task_tables(lineage: Sequence[TaskLineage],
                identities: Mapping[str, str] | None = None) -> dict[str, pa.Table]:
    """Return the Task rows and the TASK_RELS rows of `lineage`: exactly the rows a full
    build over any lineage that includes these tasks makes for them (its `Task` and per-task
    relationship tables restricted to these tasks)."""
    with gc_paused():
        g = _Collector()
        _add_lineage(g, lineage, identities)
        out = {"Task": to_arrow("Task", g.tasks.values())}
        for name in TASK_RELS:
            out[name] = g.flows.table() if name == "FLOWS" else to_arrow(name, g.rels[name])
        return out


def carries_table(tags: TagAssignments) -> pa.Table:
    """Return the CARRIES table of a full build (one row per assignment, in order)."""
    as_json = _PathJson()
    return to_arrow("CARRIES", (
        (a.column.id, a.tag, a.origin.id, a.origin_tag, a.declared, a.masked, as_json(a))
        for a in tags.items))


class ScopedNodes:
    """The node rows of a full build for the assets in `scope` (Asset; Col with their
    HAS_COLUMN; HAS_TAG), and the whole Tag and Meta tables, without the rest of the graph.

    A full build's rows for an asset and its columns come from: the catalog's entry
    (`assets`), every task that names the asset, and the tag assignments. This collector
    sees the entries of `scope`, every node `dirty` (the changed tasks) names, what the
    unchanged tasks (`unchanged`: at least those naming an asset in scope) name in scope
    other than edge endpoints (statement tables and target columns, wide edges' columns),
    and every assignment. Edges are many: the caller adds the endpoints of unchanged tasks'
    edges that matter (`add_edge_endpoints`). Collected in the full build's order, so that
    first occurrences (a catalog entry before a discovered stub) agree.
    """

    def __init__(self, scope: Collection[str], *, assets: Sequence[AssetInfo],
                 dirty: Sequence[TaskLineage], unchanged: Iterable[TaskLineage],
                 tags: TagAssignments, tag_defs: Sequence[TagInfo], paths: Sequence[str]) -> None:
        self.scope = scope
        self._done = False
        g = self._g = _Collector()
        with gc_paused():
            _add_assets(g, [a for a in assets if a.id in scope])
            _add_lineage(g, dirty)
            for task in unchanged:
                for st in task.statements:
                    for src in st.sources:
                        if src in scope:
                            g.asset(src)
                    if st.target in scope:
                        g.asset(st.target)
                        for name in st.target_columns:
                            g.column(st.target, name)
                summary = task.summary  # decode wide edges only if they can touch the scope
                if not summary.wide or (scope.isdisjoint(summary.wide_sources)
                                        and scope.isdisjoint(summary.targets)):
                    continue
                for w in task.wide:
                    if w.source.asset in scope:
                        g.column(w.source.asset, w.source.column)
                    if w.target_asset in scope:
                        for name in w.targets:
                            g.column(w.target_asset, name)
            _add_tags(g, tags, tag_defs, paths)

    def columns(self) -> set[str]:
        """The ids of the columns in scope seen so far."""
        return {c for c, (asset, _, _, _) in self._g.columns.items() if asset in self.scope}

    def add_edge_endpoints(self, tasks: Iterable[TaskLineage], wanted: Collection[str]) -> None:
        """Add the columns in `wanted` that an edge of `tasks` (unchanged ones) names, as
        `_add_lineage` would; call before `tables`."""
        g = self._g
        for task in tasks:
            for e in task.edges:
                for ref in (e.source, e.target):
                    if ref.asset in self.scope and ref.id in wanted:
                        g.column(ref.asset, ref.column)

    def tables(self, other_tags: Iterable[str], meta: Mapping[str, str]) -> dict[str, pa.Table]:
        """Return Asset, Col, HAS_COLUMN and HAS_TAG restricted to the scope, and the whole
        Tag, CHILD_OF and Meta tables; `other_tags`: the tags of every asset out of scope."""
        if self._done:
            raise RuntimeError("ScopedNodes.tables() may be called once")
        self._done = True
        g, scope = self._g, self.scope
        with gc_paused():
            assets = [row for row in _asset_rows(g) if row[0] in scope]
            for tag in other_tags:
                g.tag(tag)
            cols = [c for c, (asset, _, _, _) in g.columns.items() if asset in scope]
            child_of = [(name, parent) for name, (parent, _, _) in g.tags.items()
                        if parent is not None]
            return {
                "Asset": to_arrow("Asset", assets),
                "Col": to_arrow("Col", (_col_row(g, c) for c in cols)),
                "Tag": to_arrow("Tag", ((n, *rest) for n, rest in g.tags.items())),
                "Meta": to_arrow("Meta", ((str(k), str(v)) for k, v in meta.items())),
                "HAS_COLUMN": to_arrow("HAS_COLUMN", ((g.columns[c][0], c) for c in cols)),
                "HAS_TAG": to_arrow("HAS_TAG", (r for r in g.rels["HAS_TAG"] if r[0] in scope)),
                "CHILD_OF": to_arrow("CHILD_OF", child_of),
            }
