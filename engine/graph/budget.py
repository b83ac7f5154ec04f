"""Whether a full graph build fits in the memory this machine has left.

A build holds every column and FLOWS row in Python and Arrow at once before Kùzu copies them
(measured at 10k tasks: ~660 MB, 380 of them Python objects, for 344k columns and 1.2M FLOWS
rows), and Kùzu fills up to its buffer pool on top. One that cannot fit is refused before it
starts, saying what it needs: otherwise the kernel kills the process part way (a 1M-task
warehouse's build would need ~80 GB), and a `check --wait` loses its verdict with it.
"""

from __future__ import annotations

from pathlib import Path

from engine.errors import GraphStoreError

__all__ = ["GraphTooBig", "available_bytes", "check_fits", "estimate_bytes"]

BYTES_PER_COLUMN = 1_500  # node rows, the id memo, carried tags; Col and HAS_COLUMN in Arrow
BYTES_PER_FLOW = 250  # the row's codes, then its Arrow row (~184 bytes)
MEMINFO = Path("/proc/meminfo")


class GraphTooBig(GraphStoreError):
    """A full build would need more memory than is available."""


def estimate_bytes(columns: int, flows: int, buffer_pool_mb: int) -> int:
    """Peak memory a full build of `columns` Col nodes and `flows` FLOWS rows may add."""
    return columns * BYTES_PER_COLUMN + flows * BYTES_PER_FLOW + buffer_pool_mb * 2**20


def available_bytes() -> int | None:
    """Memory the kernel says new allocations can get (MemAvailable); None where unknown."""
    try:
        for line in MEMINFO.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def check_fits(columns: int, flows: int, buffer_pool_mb: int) -> None:
    """Raise GraphTooBig if a full build would need more than the available memory."""
    have = available_bytes()
    need = estimate_bytes(columns, flows, buffer_pool_mb)
    if have is None or need <= have:
        return
    gib = 2**30
    raise GraphTooBig(
        f"the lineage graph was not built: {columns:,} columns and {flows:,} column edges "
        f"need about {need / gib:.1f} GiB with the {buffer_pool_mb} MB buffer pool, and "
        f"{have / gib:.1f} GiB is available. Run on a machine with more memory, or lower "
        "graph.buffer_pool_mb in the catalog; findings and reports do not need the graph")
