"""A task's lineage as compact bytes, held packed in memory and stored in the cache.

A warehouse's lineage is millions of edges: as Python objects about 25 KB a task (a 1M-task
warehouse would need ~25 GB for them alone), and a warm run spent 9 s at 100k tasks decoding
them from the cache. So a task read back from the cache or a worker keeps its edges as bytes
(`PackedEdges`, `PackedWide`: read-only sequences that decode on each iteration) with an
`EdgeSummary` beside them; stages index tasks by the summary and decode only the tasks they
need. Within the bytes, a task's columns are listed once and edges refer to them by position,
so decoding is a `marshal.loads` (C) plus a tight loop that sets slots.

The encoding is private to this module and versioned by `CODEC_VERSION`, part of the cache's
key: a blob is only ever read back by the version that wrote it.
"""

from __future__ import annotations

import dataclasses
import marshal
import pickle
from array import array
from collections.abc import Callable, Iterator, Sequence
from itertools import compress
from operator import itemgetter
from sys import intern
from typing import Any, overload

from engine.models import (
    ColumnRef,
    EdgeSummary,
    LineageEdge,
    StatementLineage,
    TaskLineage,
    WideEdge,
    _edge,
    columns_named,
    edge_summary,
    interned_column,
    interned_columns,
    trusted_constructor,
)

# 2: no version inside the blob (the key carries it); 3: packed edges; 4: a wide edge's line;
# 5: TaskLineage.absent (now `watched`); 6: StatementLineage.if_not_exists;
# 7: StatementLineage.insert_columns
CODEC_VERSION = 7
_MARSHAL_VERSION = 4
_make_statement = trusted_constructor(StatementLineage)
_make_task = trusted_constructor(TaskLineage)
_first = itemgetter(0)  # a flow's source column number
# Where an encoded flow (`_columns_and_flows`) holds its functions, the masking flag next:
# edge (s, t, type, subtype, statement, line, functions, masking, resolution, task),
# wide edge (s, target asset, targets, subtype, statement, line, functions, masking, resolution,
# task)
_EDGE_FUNCTIONS, _WIDE_FUNCTIONS = 6, 6


class _Packed:
    """One task's edges as bytes: `columns` (the columns they name, grouped by asset, with
    which are read) and `flows` (edges and wide edges naming columns by position)."""

    __slots__ = ("task", "columns", "flows", "summary")

    def __init__(self, task: str, columns: bytes, flows: bytes, summary: EdgeSummary) -> None:
        self.task, self.columns, self.flows, self.summary = task, columns, flows, summary

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (_unpickle, (self.task, self.columns, self.flows, _fields(self.summary)))

    def build(self, wide: bool) -> list[Any]:
        """Every edge (or wide edge), in order, built."""
        refs, _ = marshal.loads(self.columns)
        cols = [ref for a, names in refs for ref in interned_columns(a, names)]
        task = self.task
        edges, wides = marshal.loads(self.flows)
        if wide:
            return [WideEdge(cols[s], ta, tg, sub, other or task, si, ln, fn, m, res)
                    for s, ta, tg, sub, si, ln, fn, m, res, other in wides]
        return [_edge(cols[s], cols[t], ty, sub, other or task, si, ln, fn, m, res)
                for s, t, ty, sub, si, ln, fn, m, res, other in edges]

    def reading(self, asset: str, wide: bool, memo: ColumnMemo) -> Reading | None:
        """The edges (or wide edges) reading from `asset`, to be picked by source column
        (`Reading.pick`); None if no edge names `asset`."""
        names = memo.get(self)
        if names is None:
            names = memo[self] = _Names(self)
        span = names.spans.get(asset)
        return None if span is None else Reading(self, wide, names, *span)

    def column_refs(self) -> Iterator[tuple[str, Sequence[str], Sequence[bool]]]:
        refs, read = marshal.loads(self.columns)
        n = 0
        for asset, names in refs:
            yield asset, names, read[n : n + len(names)]
            n += len(names)


class _Names:
    """A packed task's column list as plain names: each asset's span of column numbers, and
    the asset and name of each number (interned as a ColumnRef only when an edge is built).
    Kept for the whole of propagation (`ColumnMemo`): each read flag is a byte, not a
    pointer."""

    __slots__ = ("spans", "assets", "columns", "read")

    def __init__(self, packed: _Packed) -> None:
        refs, read = marshal.loads(packed.columns)  # read: whether an edge reads each
        self.read = bytes(read)
        self.spans: dict[str, tuple[int, int]] = {}
        self.assets: list[str] = []
        self.columns: list[str] = []
        for asset, names in refs:  # an asset's columns are numbered consecutively
            self.spans[asset] = (len(self.columns), len(self.columns) + len(names))
            self.assets += [asset] * len(names)
            self.columns += map(intern, names)  # one copy of each name, not one a task

    def ref(self, n: int) -> ColumnRef:
        return interned_column(self.assets[n], self.columns[n])


class Reading:
    """One packed task's edges (or wide edges) from one source asset, picked by source column.

    The task's flows are decoded only when a column it reads from the asset is first asked
    for (its column list says which it reads), then the asset's are kept for its other
    columns: tags reach a few columns of an asset, and of the tasks reading it, often none
    that they read. Kept marshalled, decoded again per column: propagation holds every
    Reading a tag reached until it ends, and as tuples they were most of its peak memory
    (37 of 91 MB at 10k tasks).
    """

    __slots__ = ("_packed", "_wide", "_names", "_lo", "_hi", "_flows", "_sources")

    def __init__(self, packed: _Packed, wide: bool, names: _Names, lo: int, hi: int) -> None:
        self._packed, self._wide, self._names, self._lo, self._hi = packed, wide, names, lo, hi
        self._flows: bytes | None = None  # the flows from the asset, in order, marshalled
        self._sources = array("i")  # each one's source column number

    def pick(self, column: str) -> list[Any]:
        """The edges (or wide edges) from `column` of the asset (`*`: its star edges), in
        order, built."""
        names = self._names
        try:  # an asset's columns are numbered consecutively, each name once
            n = names.columns.index(column, self._lo, self._hi)
        except ValueError:
            return []
        if not names.read[n]:
            return []
        if self._flows is None:
            lo, hi = self._lo, self._hi
            edges, wides = marshal.loads(self._packed.flows)
            flows = [f for f in (wides if self._wide else edges) if lo <= f[0] < hi]
            self._sources = array("i", map(_first, flows))
            self._flows = marshal.dumps(flows, _MARSHAL_VERSION)
        elif n in self._sources:
            flows = marshal.loads(self._flows)
        else:
            return []
        build = _Builder(self._packed.task, self._wide, names).build
        return list(map(build, compress(flows, map(n.__eq__, self._sources))))


class ColumnMemo(dict[_Packed, _Names]):
    """Column lists of packed tasks, for one reader that takes the edges of the same tasks from
    one source after another (propagation): each task's list is decoded once, not once per
    source. Scope it to that work: it holds every list it decoded."""

    __slots__ = ()


class _Builder:
    """Builds one packed task's edges (or wide edges) from their encoded tuples."""

    __slots__ = ("_task", "_wide", "_names")

    def __init__(self, task: str, wide: bool, names: _Names) -> None:
        self._task, self._wide, self._names = task, wide, names

    def build(self, flow: tuple[Any, ...]) -> Any:
        """The LineageEdge (or WideEdge) `flow` encodes, as `_Packed.build` builds it."""
        ref = self._names.ref
        if self._wide:
            s, ta, tg, sub, si, ln, fn, m, res, other = flow
            return WideEdge(ref(s), ta, tg, sub, other or self._task, si, ln, fn, m, res)
        s, t, ty, sub, si, ln, fn, m, res, other = flow
        return _edge(ref(s), ref(t), ty, sub, other or self._task, si, ln, fn, m, res)


def column_names(lineage: TaskLineage) -> Sequence[tuple[str, Sequence[str]]]:
    """(asset, column names) of each asset the task's edges name: `models.column_refs` without
    the read flags, for a packed task one `marshal.loads` (no generator, no slicing)."""
    edges = lineage.edges
    if isinstance(edges, _PackedView):
        refs: Sequence[tuple[str, Sequence[str]]] = marshal.loads(edges._packed.columns)[0]
        return refs
    return [(asset, names) for asset, names, _ in columns_named(edges, lineage.wide)]


def targets(lineage: TaskLineage) -> tuple[list[tuple[str, str]], list[tuple[str, list[str]]]]:
    """What a task's edges write: each edge's target (asset, column), in edge order, and each
    wide edge's target asset and column names, in order. A packed task's are read from its
    encoding, no edge built (a base revision's run asks it of every task)."""
    packed = _packed_of(lineage)
    if packed is None:
        return ([(e.target.asset, e.target.column) for e in lineage.edges],
                [(w.target_asset, list(w.targets)) for w in lineage.wide])
    refs, _ = marshal.loads(packed.columns)
    numbered = [(asset, name) for asset, names in refs for name in names]
    edges, wides = marshal.loads(packed.flows)
    return ([numbered[e[1]] for e in edges],
            [(w[1], list(w[2])) for w in wides])


def raw_flows(lineage: TaskLineage) -> tuple[list[tuple[str, Sequence[str]]], Sequence[Any],
                                             Sequence[Any]]:
    """A task's edges as their encoded tuples, no edge built: the columns they name, grouped
    by asset and numbered in that order ((asset, names) per asset), each edge as
    (source number, target number, type, subtype, statement, line, functions, masking,
    resolution, task or None for the task's own), and each wide edge as (source number,
    target asset, (column, ...), subtype, statement, line, functions, masking, resolution,
    task or None). A bulk reader (the graph build) turns these into rows without objects."""
    columns, flows = _columns_and_flows(lineage)
    refs, _ = marshal.loads(columns)
    edges, wides = marshal.loads(flows)
    return refs, edges, wides


def _fields(summary: EdgeSummary) -> tuple[Any, ...]:
    """The summary's fields in order (`EdgeSummary(*fields)` makes it again)."""
    return tuple(getattr(summary, f) for f in _SUMMARY_FIELDS)


_SUMMARY_FIELDS = tuple(f.name for f in dataclasses.fields(EdgeSummary))


def _unpickle(task: str, columns: bytes, flows: bytes, summary: tuple[Any, ...]) -> _Packed:
    return _Packed(task, columns, flows, EdgeSummary(*summary))


class _PackedView(Sequence[Any]):
    """A read-only sequence over one kind of a task's packed edges (`PackedEdges`: `edges`,
    `PackedWide`: `wide`), decoded when read.

    Equal to the tuple of its items; `+` gives a tuple. Read it once per pass: every
    iteration decodes again (nothing is kept, which is the point).
    """

    __slots__ = ("_packed",)
    _wide: bool  # which kind: set by each subclass

    def __init__(self, packed: _Packed) -> None:
        self._packed = packed

    @property
    def summary(self) -> EdgeSummary:
        """The task's `EdgeSummary` (no decoding)."""
        return self._packed.summary

    def column_refs(self) -> Iterator[tuple[str, Sequence[str], Sequence[bool]]]:
        """See `models.column_refs` (decodes only the column list)."""
        return self._packed.column_refs()

    def reading(self, asset: str, memo: ColumnMemo) -> Reading | None:
        """The edges reading from `asset`, picked by source column (`Reading.pick`), their
        flows decoded when first needed; None if no edge names `asset`. `memo` keeps the
        task's column list for its next source."""
        return self._packed.reading(asset, self._wide, memo)

    def _items(self) -> tuple[Any, ...]:
        return tuple(self._packed.build(self._wide))

    def __len__(self) -> int:
        summary = self._packed.summary
        return summary.wide if self._wide else summary.edges

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items())

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Any, ...]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self._items()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, list, _PackedView)):
            return self._items() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._items())

    def __add__(self, other: Sequence[Any]) -> tuple[Any, ...]:
        return (*self._items(), *other)

    def __radd__(self, other: Sequence[Any]) -> tuple[Any, ...]:
        return (*other, *self._items())

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (type(self), (self._packed,))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items()!r})"


class PackedEdges(_PackedView):
    """A task's `edges` (LineageEdge), packed."""

    __slots__ = ()
    _wide = False


class PackedWide(_PackedView):
    """A task's `wide` edges (WideEdge), packed."""

    __slots__ = ()
    _wide = True


def _columns_and_flows(lineage: TaskLineage) -> tuple[bytes, bytes]:
    edges_of = _packed_of(lineage)
    if edges_of is not None:
        return edges_of.columns, edges_of.flows  # already packed: nothing to encode
    # Columns grouped by asset and numbered in that order; edges name them by number.
    # (Keyed by strings: a ColumnRef's dataclass __hash__ is a Python call per lookup.)
    edges, wide = tuple(lineage.edges), tuple(lineage.wide)
    listed = list(columns_named(edges, wide))
    numbers: dict[str, dict[str, int]] = {}
    n = 0
    for asset, names, _ in listed:
        numbers[asset] = dict(zip(names, range(n, n + len(names))))
        n += len(names)

    def col(ref: ColumnRef) -> int:
        return numbers[ref.asset][ref.column]

    task = lineage.task
    flows = (
        tuple(
            (col(e.source), col(e.target), e.type, e.subtype, e.statement_index, e.line,
             e.functions, e.masking, e.resolution, None if e.task == task else e.task)
            for e in edges
        ),
        tuple(
            (col(w.source), w.target_asset, w.targets, w.subtype, w.statement_index, w.line,
             w.functions, w.masking, w.resolution, None if w.task == task else w.task)
            for w in wide
        ),
    )
    refs = tuple((asset, names) for asset, names, _ in listed)
    read = tuple(r for _, _, flags in listed for r in flags)
    return (marshal.dumps((refs, read), _MARSHAL_VERSION),
            marshal.dumps(flows, _MARSHAL_VERSION))


def encode(lineage: TaskLineage) -> bytes:
    """Return `lineage` as bytes that `decode` turns back into an equal TaskLineage."""
    columns, flows = _columns_and_flows(lineage)
    s = edge_summary(lineage)
    statements = tuple(
        (st.index, st.line, st.kind, st.target, st.target_columns, st.sources, st.if_not_exists,
         st.insert_columns)
        for st in lineage.statements
    )
    # Diagnostics are few and nested (locations): pickled as they are.
    diagnostics = pickle.dumps(lineage.diagnostics, pickle.HIGHEST_PROTOCOL) \
        if lineage.diagnostics else b""
    body = (lineage.task, lineage.sha256, lineage.status, statements, diagnostics, _fields(s),
            columns, flows, lineage.watched)
    return marshal.dumps(body, _MARSHAL_VERSION)


def decode(blob: bytes) -> TaskLineage:
    """Return the TaskLineage `encode` made `blob` from, its edges packed (models unvalidated:
    they were validated when first made)."""
    task, sha256, status, statements, diagnostics, summary, columns, flows, watched = \
        marshal.loads(blob)
    if summary[1] or summary[2]:  # edges, or wide edges
        packed = _Packed(task, columns, flows, EdgeSummary(*summary))
        edges: Sequence[LineageEdge] = PackedEdges(packed)
        wide: Sequence[WideEdge] = PackedWide(packed)
    else:
        edges, wide = (), ()
    return _make_task(
        task, sha256, status,
        # names interned: the same column and table names recur across thousands of tasks
        tuple([_make_statement(i, ln, k, t and intern(t), tuple(map(intern, tc)),
                               tuple(map(intern, src)), conditional, inserts)
               for i, ln, k, t, tc, src, conditional, inserts in statements]),
        edges,
        pickle.loads(diagnostics) if diagnostics else (),
        wide,
        watched,
    )


def pack(lineage: TaskLineage) -> TaskLineage:
    """Return `lineage` with its edges packed (as read back from the cache)."""
    return decode(encode(lineage))


def packed(lineage: TaskLineage) -> TaskLineage:
    """Return `lineage` with its edges packed, as it is if they already are (or there are none)."""
    plain = (isinstance(lineage.edges, tuple) and lineage.edges) or \
        (isinstance(lineage.wide, tuple) and lineage.wide)
    return pack(lineage) if plain else lineage


def with_masking(lineage: TaskLineage, masks: Callable[[tuple[str, ...]], bool]) -> TaskLineage:
    """Return packed `lineage` with `masking` set on every edge and wide edge whose function
    list `masks` says masks, rewritten in the encoding: no edge is built (decoding, marking
    and packing again was a quarter of a warm run's lineage stage). Equal to marking the
    decoded edges and packing them."""
    packed = _packed_of(lineage)
    if packed is None:
        raise ValueError(f"{lineage.task}: edges not packed")
    edges, wides = marshal.loads(packed.flows)
    fn, m = _EDGE_FUNCTIONS, _EDGE_FUNCTIONS + 1
    wfn, wm = _WIDE_FUNCTIONS, _WIDE_FUNCTIONS + 1
    flows = (
        tuple(e if e[m] or not masks(e[fn]) else (*e[:m], True, *e[m + 1:]) for e in edges),
        tuple(w if w[wm] or not masks(w[wfn]) else (*w[:wm], True, *w[wm + 1:]) for w in wides),
    )
    again = _Packed(packed.task, packed.columns, marshal.dumps(flows, _MARSHAL_VERSION),
                    packed.summary)
    return lineage.model_copy(update={"edges": PackedEdges(again), "wide": PackedWide(again)})


def _packed_of(lineage: TaskLineage) -> _Packed | None:
    """The bytes both of a task's edge views read, if they are packed (the same ones)."""
    edges_of = getattr(lineage.edges, "_packed", None)
    if isinstance(edges_of, _Packed) and isinstance(lineage.wide, PackedWide) \
            and lineage.wide._packed is edges_of:
        return edges_of
    return None


def unpack(lineage: TaskLineage) -> TaskLineage:
    """Return `lineage` with its edges decoded into tuples."""
    if isinstance(lineage.edges, tuple) and isinstance(lineage.wide, tuple):
        return lineage
    return lineage.model_copy(update={"edges": tuple(lineage.edges), "wide": tuple(lineage.wide)})


__all__ = ["CODEC_VERSION", "ColumnMemo", "PackedEdges", "PackedWide", "Reading", "column_names",
           "decode", "encode", "pack", "packed", "raw_flows", "targets", "unpack", "with_masking"]
