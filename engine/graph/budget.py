"""Whether a full graph build fits in the memory this machine has left.

A build (`bulk`) holds, besides Kùzu's buffer pool: its survey of the lineage (a Task row
and the per-task relationship rows of every task, each asset's column names), one piece at a
time as integer codes then Arrow, and what Kùzu keeps beyond its pool. One that cannot fit is
refused before it starts, saying what it needs: otherwise the kernel kills the process part way,
and a `check --wait` loses its verdict with it.
"""

from __future__ import annotations

from pathlib import Path

from engine.errors import GraphStoreError
from engine.graph.bulk import flows_per_copy

__all__ = ["GraphTooBig", "available_bytes", "check_fits", "estimate_bytes"]

# Measured (2026-11-25): at 100k tasks (3.3M columns, 2M-row pieces, 1 GB pool) a build
# added 2.5 GB; at 1M (32.8M columns, 3 GB pool) it passed 8 GB before its first FLOWS piece
# (before the survey's column sets were bounded: not measured at 1M since).
BYTES_PER_COLUMN = 200  # the survey, Col and HAS_COLUMN pieces, heap the survey leaves
BYTES_PER_TASK = 1_500  # its Task row and its READS, WRITES and FEEDS rows
BYTES_PER_FLOW = 400  # a piece's row: its codes, its Arrow row (~184 bytes), its id strings
MEMINFO = Path("/proc/meminfo")


class GraphTooBig(GraphStoreError):
    """A full build would need more memory than is available."""


def estimate_bytes(columns: int, flows: int, buffer_pool_mb: int, tasks: int = 0) -> int:
    """Peak memory a full build of `columns` Col nodes, `flows` FLOWS rows and `tasks` tasks
    may add (FLOWS is loaded in pieces the buffer pool can hold: `bulk.flows_per_copy`)."""
    piece = min(flows, flows_per_copy(buffer_pool_mb))
    return (columns * BYTES_PER_COLUMN + tasks * BYTES_PER_TASK + piece * BYTES_PER_FLOW
            + buffer_pool_mb * 2**20)


def available_bytes() -> int | None:
    """Memory the kernel says new allocations can get (MemAvailable); None where unknown."""
    try:
        for line in MEMINFO.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def check_fits(columns: int, flows: int, buffer_pool_mb: int, tasks: int = 0) -> None:
    """Raise GraphTooBig if a full build would need more than the available memory."""
    have = available_bytes()
    need = estimate_bytes(columns, flows, buffer_pool_mb, tasks)
    if have is None or need <= have:
        return
    gib = 2**30
    raise GraphTooBig(
        f"the lineage graph was not built: {columns:,} columns and {flows:,} column edges "
        f"need about {need / gib:.1f} GiB with the {buffer_pool_mb} MB buffer pool, and "
        f"{have / gib:.1f} GiB is available. Lower graph.buffer_pool_mb in the catalog (the "
        "graph then loads in more, slower pieces), or run on a machine with more memory; "
        "findings and reports do not need the graph")
