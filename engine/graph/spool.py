"""A full build's pieces written to Parquet files, for a process of its own to COPY (`loader`).

The run that makes the pieces holds the lineage, the inventory and the propagated tags: at 1M
tasks 16.8 GB before the graph stage starts. Made and COPYed in the same process, a piece's
Arrow rows and Kùzu's buffer pool came on top of it, and the kernel killed the run in its
first FLOWS piece (22.6 GB with the nodes loaded). Written to disk instead, a piece costs the
run only while it is written, and Kùzu's memory is the loader's, the process the kernel kills
first if memory runs out (`loader`), never the verdict's.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import pyarrow.parquet as pq

from engine.graph.bulk import Piece
from engine.models import GraphSpool, SpoolFile

MANIFEST = "manifest.json"


def spool_path(spool: GraphSpool, piece: SpoolFile) -> Path:
    """The Parquet file of `piece`."""
    return Path(spool.folder) / piece.file


def read_spool(folder: Path) -> GraphSpool:
    """The spool written in `folder` (`write_spool`)."""
    return GraphSpool.model_validate_json((folder / MANIFEST).read_text(encoding="utf-8"))


def write_spool(pieces: Iterable[Piece], folder: Path, buffer_pool_mb: int) -> GraphSpool:
    """Write every non-empty piece to `folder` (which must exist) as a Parquet file, then
    the manifest a loader reads; each piece is dropped once written."""
    began = time.perf_counter()
    files = []
    for name, table in pieces:
        if table.num_rows:
            file = f"{len(files):05d}-{name}.parquet"
            # dictionary pages keep repeated ids small; no compression: the files live
            # only until the loader has read them once
            pq.write_table(table, folder / file, compression="none")
            files.append(SpoolFile(table=name, file=file, rows=table.num_rows))
        del table  # before the next piece is made
    spool = GraphSpool(folder=str(folder), buffer_pool_mb=buffer_pool_mb, files=tuple(files),
                  seconds=round(time.perf_counter() - began, 3))
    (folder / MANIFEST).write_text(spool.model_dump_json(indent=1), encoding="utf-8")
    return spool
