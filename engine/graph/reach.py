"""Reachability over a numpy CSR snapshot of one relationship table (no Kùzu here).

Why not Cypher: a variable-length pattern is capped at 30 hops and uses walk semantics
(a fan-out graph exhausted 19 GB), and a per-level query needs the frontier as a list
(`WHERE a.id IN $list` scans the table, `UNWIND $list … MATCH` is a cross product), which
costs a table scan per level: O(nodes × depth). Exporting the edge list once with
`get_as_arrow()` and expanding level by level here is O(edges) to build, then O(nodes +
edges reached) per search, at any depth.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

IntArray = npt.NDArray[np.int64]


class Adjacency:
    """Forward and reverse CSR over string node ids, built from (source, target) columns."""

    def __init__(self, sources: pa.ChunkedArray | pa.Array, targets: pa.ChunkedArray | pa.Array):
        both = pa.chunked_array(_chunks(sources) + _chunks(targets), type=pa.string())
        encoded = pc.dictionary_encode(both.combine_chunks())  # one hash pass: id -> int code
        self.ids: pa.Array = encoded.dictionary
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        n_edges = len(sources)
        self._src, self._dst = codes[:n_edges], codes[n_edges:]
        self._csr: dict[bool, tuple[IntArray, IntArray]] = {}

    def _graph(self, reverse: bool) -> tuple[IntArray, IntArray]:
        """Return (indptr, indices) following edges forward, or backward when `reverse`."""
        if reverse not in self._csr:
            src, dst = (self._dst, self._src) if reverse else (self._src, self._dst)
            order = np.argsort(src, kind="stable")
            indptr = np.zeros(len(self.ids) + 1, dtype=np.int64)
            np.cumsum(np.bincount(src, minlength=len(self.ids)), out=indptr[1:])
            self._csr[reverse] = (indptr, dst[order])
        return self._csr[reverse]

    def reach(self, start: str, *, reverse: bool = False) -> list[tuple[str, int]]:
        """Return every node reachable from `start` with its minimum depth, by (depth, id).

        `start` itself is never listed (its depth is 0), even when a cycle leads back to it.
        An unknown `start` (no edges) reaches nothing.
        """
        code = pc.index(self.ids, pa.scalar(start, pa.string())).as_py()
        if code < 0:
            return []
        indptr, indices = self._graph(reverse)
        depth = np.full(len(self.ids), -1, dtype=np.int64)
        depth[code] = 0
        frontier = np.array([code], dtype=np.int64)
        level = 0
        while frontier.size:
            level += 1
            nxt = _neighbours(indptr, indices, frontier)
            frontier = np.unique(nxt[depth[nxt] < 0])
            depth[frontier] = level
        found = np.flatnonzero(depth > 0)
        names = self.ids.take(pa.array(found)).to_pylist()
        pairs = zip(names, depth[found].tolist(), strict=True)
        return sorted(pairs, key=lambda p: (p[1], p[0]))


def _chunks(arr: pa.ChunkedArray | pa.Array) -> list[pa.Array]:
    return list(arr.chunks) if isinstance(arr, pa.ChunkedArray) else [arr]


def _neighbours(indptr: IntArray, indices: IntArray, frontier: IntArray) -> IntArray:
    """Return the concatenated out-neighbour lists of `frontier`, without a Python loop."""
    starts = indptr[frontier]
    counts = indptr[frontier + 1] - starts
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    # position i of the output reads indices[start of its row + offset within the row]
    row_begin = np.cumsum(counts) - counts
    return indices[np.repeat(starts - row_begin, counts) + np.arange(total)]
