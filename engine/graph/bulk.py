"""A full build's tables in COPY-sized pieces, made column-wise from the run's models.

Holding every column and FLOWS row at once (`tables.graph_tables`) costs ~1.5 KB a column:
a 1M-task warehouse (33M columns, 118M column edges) would need ~80 GB. Here no Python object
is made per column beyond a piece's rows: Col rows are made asset by asset from it,
FLOWS rows task by task from the packed lineage (`codec.raw_flows`, no edge objects), and
each piece is handed to COPY and dropped.

Kùzu's COPY of relationships holds a piece's rows in its buffer pool (~400 bytes a FLOWS
row), and a COPY into a non-empty relationship table rewrites the node groups it touches
(measured: a further 3M-row piece of random rows costs ~3 s per million rows already there,
so many random pieces are quadratic). So FLOWS is cut by source column: Col nodes are
numbered asset by asset, in inventory order, and each piece holds the rows leaving a run of
assets, touching only its own node groups going forward (half the rewrite, measured). A
graph whose FLOWS fit one piece (`flows_per_copy`) is loaded by one COPY, as before.

The tables hold exactly the rows `tables.graph_tables` makes (tests compare the two), in
other orders: a node's properties come from its first occurrence in the same order (the
catalog's entry before what lineage or tags discover), relationship rows are deduplicated
the same way.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

import pyarrow as pa

from engine.codec import raw_flows
from engine.gcpause import gc_paused
from engine.graph.tables import _add_tags, _Codes, _Collector, _Flows, to_arrow
from engine.heap import give_back
from engine.models import AssetInfo, TagAssignments, TagInfo, TaskLineage

Piece = tuple[str, pa.Table]
Member = tuple[str, str, tuple[str, ...], "str | None"]  # asset, column, declared, description

POOL_BYTES_PER_FLOW = 400  # buffer pool a FLOWS row takes in COPY (fails at ~330, 1M nodes)
KNOWN_SETS = 65_536  # assets whose column-name sets the survey keeps at once
NODE_PIECE = 1_000_000  # rows of other tables' pieces: their Python rows are made at once


def flows_per_copy(buffer_pool_mb: int) -> int:
    """How many FLOWS rows one COPY may load in a pool of `buffer_pool_mb` (a quarter of the
    pool left for the Col index and the rest)."""
    return max(50_000, buffer_pool_mb * 2**20 * 3 // 4 // POOL_BYTES_PER_FLOW)


class _Survey:
    """The first pass over the lineage: what the inventory does not list (assets and columns
    only lineage or tags name), the Task rows and the per-task relationship rows, and how
    many FLOWS rows leave each asset (to cut FLOWS into pieces)."""

    def __init__(self, infos: Mapping[str, AssetInfo]) -> None:
        self.infos = infos
        self.rank = {a: i for i, a in enumerate(infos)}  # Col nodes are numbered in this order
        self.stubs: dict[str, None] = {}  # assets not in the inventory, first seen first
        self.extras: dict[tuple[str, str], None] = {}  # columns no asset lists, likewise
        self.tasks: dict[str, tuple[Any, ...]] = {}
        self.rels: dict[str, dict[tuple[Any, ...], None]] = {
            "READS": {}, "WRITES": {}, "FEEDS": {}}
        self.weight: dict[str, float] = {}  # source asset -> FLOWS rows leaving it (estimate)
        # each asset's column names as a set, for the assets used lately: sets for all of a
        # 1M-task warehouse's 1M assets took ~2 GB (and their heap stayed fragmented)
        self.known = lru_cache(maxsize=KNOWN_SETS)(self._names)

    def _names(self, asset: str) -> frozenset[str]:
        info = self.infos.get(asset)
        return frozenset(c.name for c in info.columns) if info is not None else frozenset()

    def asset(self, asset: str) -> None:
        if asset not in self.infos:
            self.stubs[asset] = None

    def columns(self, asset: str, names: Iterable[str]) -> None:
        self.asset(asset)
        known = self.known(asset)
        for name in names:
            if name not in known:
                self.extras.setdefault((asset, name), None)

    def task(self, task: TaskLineage, identity: str | None) -> None:
        """Mirror `tables._add_lineage` for one task, without its FLOWS rows."""
        name = task.task
        touched: set[str] = set()
        reads, writes, feeds = self.rels["READS"], self.rels["WRITES"], self.rels["FEEDS"]
        for st in task.statements:
            touched.update(st.sources)
            for src in st.sources:
                self.asset(src)
                reads[(name, src)] = None
            if st.target is None:
                continue
            touched.add(st.target)
            writes[(name, st.target)] = None
            self.columns(st.target, st.target_columns)
            for src in st.sources:
                feeds[(src, st.target, name, st.line)] = None
        summary = task.summary
        if summary.edges or summary.wide:
            refs, _, wides = raw_flows(task)
            for asset, names in refs:  # every column an edge names, wide sources included
                touched.add(asset)
                self.columns(asset, names)
            for w in wides:
                touched.add(w[1])
                self.columns(w[1], w[2])
            sources = set(summary.sources) | set(summary.wide_sources)
            share = summary.column_edges / len(sources) if sources else 0.0
            for src in sources:
                self.weight[src] = self.weight.get(src, 0.0) + share
        self.tasks.setdefault(name, (name, task.sha256, task.status, len(task.statements),
                                     identity, sorted(touched)))

    def drop_index(self) -> None:
        self.known.cache_clear()


def _collisions(survey: _Survey) -> set[tuple[str, str]]:
    """Columns whose id (`asset.column`) an earlier column already has, as (asset, column):
    `a` + `b.c` and `a.b` + `c` are one Col node, as in `tables` (first occurrence wins)."""
    def has(asset: str, name: str) -> bool:
        return name in survey.known(asset) or (asset, name) in survey.extras

    order: dict[tuple[str, str], tuple[int, ...]] = {}
    groups: dict[str, list[tuple[str, str]]] = {}
    dotted = [(a, c.name) for a, info in survey.infos.items() for c in info.columns
              if "." in c.name] + [key for key in survey.extras if "." in key[1]]
    for asset, name in dotted:
        for j, ch in enumerate(name):
            other = (f"{asset}.{name[:j]}", name[j + 1:])
            if ch == "." and has(*other):
                groups.setdefault(f"{asset}.{name}", []).extend([(asset, name), other])
    if not groups:
        return set()
    extras = list(survey.extras)

    def position(key: tuple[str, str]) -> tuple[int, ...]:
        found = order.get(key)
        if found is None:
            asset, name = key
            info = survey.infos.get(asset)
            names = [c.name for c in info.columns] if info is not None else []
            found = order[key] = ((0, survey.rank[asset], names.index(name)) if name in names
                                  else (1, extras.index(key)))
        return found

    dropped: set[tuple[str, str]] = set()
    for members in groups.values():
        first = min(members, key=position)
        dropped.update(m for m in members if m != first)
    return dropped


def _members(survey: _Survey, dropped: set[tuple[str, str]]) -> Iterator[Member]:
    """Every Col node's first occurrence, in build order: the inventory's columns asset by
    asset, then the columns only lineage or tags name."""
    for asset, info in survey.infos.items():
        names = [c.name for c in info.columns]
        dupes = len(set(names)) != len(names)
        seen: set[str] = set()
        for col in info.columns:
            if dupes:
                if col.name in seen:
                    continue
                seen.add(col.name)
            if dropped and (asset, col.name) in dropped:
                continue
            yield asset, col.name, tuple(col.declared_tags), col.description
    for asset, name in survey.extras:
        if (asset, name) not in dropped:
            yield asset, name, (), None


def _pieces_of(table: str, rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[Piece]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield table, to_arrow(table, chunk)
            chunk = []
    if chunk:
        yield table, to_arrow(table, chunk)


class _FlowPiece(_Flows):
    """FLOWS rows of one piece, built from encoded edges (`codec.raw_flows`), with column
    ids numbered within the piece (its Arrow dictionary)."""

    def __init__(self) -> None:
        super().__init__(_Codes())

    def add_task(self, task: str, refs: Sequence[tuple[str, Sequence[str]]],
                 edges: Sequence[tuple[Any, ...]], wides: Sequence[tuple[Any, ...]],
                 keep: Callable[[str], bool]) -> None:
        """Add a task's rows whose source column's asset `keep` accepts: its edges (identical
        ones once, as `tables` dedupes them) and one row per target of each wide edge."""
        kept: list[bool] = []
        ids: list[str] = []
        for asset, names in refs:
            ok = keep(asset)
            kept += [ok] * len(names)
            ids += [f"{asset}.{n}" for n in names]
        if not any(kept):
            return
        code = self._columns.code
        codes = [code(i) if ok else -1 for i, ok in zip(ids, kept)]
        own = self._tasks.code(task)
        kinds, tasks = self._kinds.code, self._tasks.code
        src, dst, kind, tsk, stmt, line = (self._src, self._dst, self._kind, self._task,
                                           self._stmt, self._line)
        for s, t, ty, sub, si, ln, fn, m, res, other in dict.fromkeys(edges):
            if kept[s]:
                if codes[t] < 0:
                    codes[t] = code(ids[t])
                src.append(codes[s])
                dst.append(codes[t])
                kind.append(kinds((ty, sub, fn, m, res)))
                tsk.append(own if other is None else tasks(other))
                stmt.append(si)
                line.append(ln)
        memo: dict[int, tuple[Any, array]] = {}  # a statement's wide edges share targets
        for s, ta, targets, sub, si, ln, fn, m, res, other in wides:
            if not kept[s]:
                continue
            found = memo.get(id(targets))
            if found is None or found[0] is not targets:
                found = memo[id(targets)] = (
                    targets, array("i", [code(f"{ta}.{c}") for c in targets]))
            target_codes = found[1]
            n = len(target_codes)
            src.extend(array("i", [codes[s]]) * n)
            dst.extend(target_codes)
            kind.extend(array("i", [kinds(("INDIRECT", sub, fn, m, res))]) * n)
            tsk.extend(array("i", [own if other is None else tasks(other)]) * n)
            stmt.extend(array("q", [si]) * n)
            line.extend(array("q", [ln]) * n)


def _cuts(survey: _Survey, budget: int) -> list[int]:
    """Asset ranks where FLOWS pieces start: runs of source assets whose estimated rows add
    up to at most `budget` (an asset with more is a piece of its own)."""
    ranked = sorted(survey.weight.items(), key=lambda kv: survey.rank.get(kv[0], len(survey.rank)))
    cuts, total = [0], 0.0
    for asset, rows in ranked:
        rank = survey.rank.get(asset, len(survey.rank))
        if total and total + rows > budget and rank > cuts[-1]:
            cuts.append(rank)
            total = 0.0
        total += rows
    return cuts


def _flow_pieces(survey: _Survey, lineage: Sequence[TaskLineage], budget: int,
                 progress: Callable[[int, int], None]) -> Iterator[Piece]:
    cuts = _cuts(survey, budget)
    bounds = list(zip(cuts, cuts[1:] + [len(survey.rank) + 1]))
    rank, outside = survey.rank, len(survey.rank)  # stubs' columns are numbered last
    for i, (lo, hi) in enumerate(bounds):
        progress(i, len(bounds))
        piece = _FlowPiece()
        last = i == len(bounds) - 1

        def keep(asset: str, lo: int = lo, hi: int = hi, last: bool = last) -> bool:
            r = rank.get(asset, outside)
            return lo <= r < hi or (last and r >= hi)

        for task in lineage:
            summary = task.summary
            if not (summary.edges or summary.wide):
                continue
            if len(bounds) > 1 and not any(map(keep, summary.sources)) \
                    and not any(map(keep, summary.wide_sources)):
                continue
            refs, edges, wides = raw_flows(task)
            piece.add_task(task.task, refs, edges, wides, keep)
        if len(piece):
            yield "FLOWS", piece.table()
        del piece
    progress(len(bounds), len(bounds))


def bulk_pieces(*, assets: Sequence[AssetInfo], lineage: Sequence[TaskLineage],
                tags: TagAssignments, tag_defs: Sequence[TagInfo], meta: Mapping[str, str],
                identities: Mapping[str, str] | None, flows_per_piece: int,
                progress: Callable[[int, int], None] = lambda done, total: None,
                ) -> Iterator[Piece]:
    """Yield (table, Arrow piece) for every table, node tables first; a table may come in
    several pieces, each to be COPYed before the next is made. `flows_per_piece` bounds a
    FLOWS piece's rows (and the other tables' pieces); `progress(done, total)` follows the
    FLOWS pieces."""
    with gc_paused():
        infos: dict[str, AssetInfo] = {}
        for info in assets:  # the first entry of an id wins, as in `tables`
            infos.setdefault(info.id, info)
        survey = _Survey(infos)
        identities = identities or {}
        for task in lineage:
            survey.task(task, identities.get(task.task))
        g = _Collector()  # the tags' part, as `tables` makes it: Tag nodes, CARRIES
        _add_tags(g, tags, tag_defs)
        for asset, name, _, _ in g.columns.values():
            survey.columns(asset, [name])
        dropped = _collisions(survey)
        survey.drop_index()
    give_back()  # the survey's garbage, before Kùzu's pool fills
    assigned = g.carried  # col id -> tags assigned to it

    by_asset: dict[str, set[str]] = {}

    def col_rows() -> Iterator[tuple[Any, ...]]:
        for asset, name, declared, description in _members(survey, dropped):
            col_id = f"{asset}.{name}"
            carried = assigned.get(col_id)
            if declared or carried:
                tags_of = set(declared) | (carried or set())
                by_asset.setdefault(asset, set()).update(tags_of)
                yield col_id, asset, name, list(declared), sorted(tags_of), description
            else:
                yield col_id, asset, name, [], [], description

    piece = min(flows_per_piece, NODE_PIECE)
    yield from _pieces_of("Col", col_rows(), piece)
    has_tag: list[tuple[str, str]] = []
    asset_rows = []
    for asset_id in (*infos, *survey.stubs):
        info = infos.get(asset_id)
        declared = tuple(info.tags) if info else ()
        names = sorted(by_asset.get(asset_id, set()) | set(declared))
        for tag in names:
            g.tag(tag)
            has_tag.append((asset_id, tag))
        if info is None:
            asset_rows.append((asset_id, False, None, None, None, None, False, False, [], names))
        else:
            asset_rows.append((asset_id, info.declared, info.owner, info.zone, info.description,
                               info.retention_days, info.sink, info.source, list(declared),
                               names))
    yield from _pieces_of("Asset", asset_rows, piece)
    del asset_rows
    yield from _pieces_of("Task", survey.tasks.values(), piece)
    yield "Tag", to_arrow("Tag", ((n, *rest) for n, rest in g.tags.items()))
    yield "Meta", to_arrow("Meta", ((str(k), str(v)) for k, v in meta.items()))
    yield from _pieces_of("HAS_COLUMN", ((a, f"{a}.{n}") for a, n, _, _ in
                                         _members(survey, dropped)), piece)
    yield from _flow_pieces(survey, lineage, flows_per_piece, progress)
    for name, rows in survey.rels.items():
        yield from _pieces_of(name, rows, piece)
    yield "CARRIES", to_arrow("CARRIES", g.rels["CARRIES"])
    yield "HAS_TAG", to_arrow("HAS_TAG", has_tag)
    yield "CHILD_OF", to_arrow("CHILD_OF", [(name, parent) for name, (parent, _, _)
                                            in g.tags.items() if parent is not None])


__all__ = ["POOL_BYTES_PER_FLOW", "Piece", "bulk_pieces", "flows_per_copy"]
