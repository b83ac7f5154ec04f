"""A task's lineage as compact bytes, for the cache: builtins through `marshal`, not pickle.

A warm run reads every unchanged task's lineage back: at 100k tasks, 3.5M edges and 3.2M
column references. Pickle rebuilds each through a Python-level call with its own arguments
(12 s there); here a task's columns are listed once and edges refer to them by position, so
decoding is one `marshal.loads` (C) plus a tight loop that sets slots. The encoding is private
to this module and versioned by `CODEC_VERSION`, which is part of the cache's key: a blob is
only ever read back by the version that wrote it.
"""

from __future__ import annotations

import marshal
import pickle
from typing import Any

from engine.models import (
    ColumnRef,
    StatementLineage,
    TaskLineage,
    WideEdge,
    _edge,
    interned_columns,
)

CODEC_VERSION = 2  # 2: no version inside the blob (the key carries it)
_MARSHAL_VERSION = 4
_set_statement = StatementLineage.model_construct
_set_task = TaskLineage.model_construct


def encode(lineage: TaskLineage) -> bytes:
    """Return `lineage` as bytes that `decode` turns back into an equal TaskLineage."""
    # Columns grouped by asset and numbered in that order; edges name them by number.
    # (Keyed by strings: a ColumnRef's dataclass __hash__ is a Python call per lookup.)
    by_asset: dict[str, dict[str, int]] = {}
    for e in lineage.edges:
        by_asset.setdefault(e.source.asset, {}).setdefault(e.source.column, 0)
        by_asset.setdefault(e.target.asset, {}).setdefault(e.target.column, 0)
    for w in lineage.wide:
        by_asset.setdefault(w.source.asset, {}).setdefault(w.source.column, 0)
    n = 0
    for names in by_asset.values():
        for name in names:
            names[name] = n
            n += 1

    def col(ref: ColumnRef) -> int:
        return by_asset[ref.asset][ref.column]

    task = lineage.task
    edges = tuple(
        (col(e.source), col(e.target), e.type, e.subtype, e.statement_index, e.line,
         e.functions, e.masking, e.resolution, None if e.task == task else e.task)
        for e in lineage.edges
    )
    wide = tuple(
        (col(w.source), w.target_asset, w.targets, w.subtype, w.statement_index, w.functions,
         w.masking, w.resolution, None if w.task == task else w.task)
        for w in lineage.wide
    )
    statements = tuple(
        (s.index, s.line, s.kind, s.target, s.target_columns, s.sources)
        for s in lineage.statements
    )
    # Diagnostics are few and nested (locations): pickled as they are.
    diagnostics = pickle.dumps(lineage.diagnostics, pickle.HIGHEST_PROTOCOL) \
        if lineage.diagnostics else b""
    refs = tuple((a, tuple(names)) for a, names in by_asset.items())
    body = (task, lineage.sha256, lineage.status, statements, refs, edges, wide, diagnostics)
    return marshal.dumps(body, _MARSHAL_VERSION)


def decode(blob: bytes) -> TaskLineage:
    """Return the TaskLineage `encode` made `blob` from (columns interned, models unvalidated:
    they were validated when first made)."""
    body: tuple[Any, ...] = marshal.loads(blob)
    task, sha256, status, statements, refs, edges, wide, diagnostics = body
    cols = [ref for asset, names in refs for ref in interned_columns(asset, names)]
    return _set_task(
        task=task, sha256=sha256, status=status,
        statements=tuple(
            _set_statement(index=i, line=ln, kind=k, target=t, target_columns=tc, sources=src)
            for i, ln, k, t, tc, src in statements
        ),
        edges=tuple(
            _edge(cols[s], cols[t], ty, sub, other or task, si, ln, fn, m, res)
            for s, t, ty, sub, si, ln, fn, m, res, other in edges
        ),
        diagnostics=pickle.loads(diagnostics) if diagnostics else (),
        wide=tuple(
            WideEdge(cols[s], ta, tg, sub, other or task, si, fn, m, res)
            for s, ta, tg, sub, si, fn, m, res, other in wide
        ),
    )


__all__ = ["CODEC_VERSION", "decode", "encode"]
