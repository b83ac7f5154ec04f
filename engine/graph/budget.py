"""Whether a full graph build fits in the memory this machine has left.

A build has two parts (`build`). The run writes the pieces (`bulk`, `spool`): its survey of
the lineage (a Task row and the per-task relationship rows of every task, recent assets'
column names) and one piece at a time as integer codes then Arrow. The loader COPYs them
(`loader`): Kùzu's buffer pool and what Kùzu holds beyond it, which grows with every node and
FLOWS row loaded. A loader in a process of its own starts once the run has handed the
survey's heap back, so the two parts do not add up; a loader in the run's own process (small
graphs) adds to it. A loader started after the run has exec'd away (`handoff`) also has the
run's heap. A build that cannot fit is refused before it starts, saying what it needs, rather
than killed part way.
"""

from __future__ import annotations

from pathlib import Path

from engine.errors import GraphStoreError
from engine.graph.bulk import flows_per_copy

__all__ = ["GraphTooBig", "available_bytes", "check_fits", "estimate_bytes", "estimate_parts"]

# Measured (2026-11-25, tenth session). The run's part: at 100k tasks (3.3M columns, 2M-row
# pieces) ~0.6 GB; at 1M (32.8M columns, 1M tasks, 6M-row pieces) 3.4 GB. The loader's: at
# 100k (1 GB pool) 2.2 GB; at 1M (3 GB pool, loading alone) 5.7 GB with the nodes and
# HAS_COLUMN in, 11.7 with all 118M FLOWS rows, 12.7 at most. Beyond its pool Kùzu holds
# ~100 bytes a Col node and ~45 a FLOWS row loaded so far (a piece's own rows are in the pool).
BYTES_PER_COLUMN = 80  # the survey's share of the inventory, Col and HAS_COLUMN pieces
BYTES_PER_TASK = 1_500  # its Task row and its READS, WRITES and FEEDS rows
BYTES_PER_FLOW = 200  # a piece's row as the run makes it: its codes, its Arrow row
LOADER_BYTES_PER_COLUMN = 100  # what Kùzu holds beyond its pool: per Col node loaded
LOADER_BYTES_PER_FLOW = 60  # and per FLOWS row loaded (45 measured, with a margin)
MEMINFO = Path("/proc/meminfo")
STATUS = Path("/proc/self/status")


class GraphTooBig(GraphStoreError):
    """A full build would need more memory than is available."""


def estimate_parts(columns: int, flows: int, buffer_pool_mb: int,
                   tasks: int = 0) -> tuple[int, int]:
    """Peak memory a full build of `columns` Col nodes, `flows` FLOWS rows and `tasks` tasks
    may add, as (the run's part, the loader's part); FLOWS is loaded in pieces the buffer
    pool can hold (`bulk.flows_per_copy`)."""
    piece = min(flows, flows_per_copy(buffer_pool_mb))
    run = columns * BYTES_PER_COLUMN + tasks * BYTES_PER_TASK + piece * BYTES_PER_FLOW
    loader = (buffer_pool_mb * 2**20 + columns * LOADER_BYTES_PER_COLUMN
              + flows * LOADER_BYTES_PER_FLOW)
    return run, loader


def estimate_bytes(columns: int, flows: int, buffer_pool_mb: int, tasks: int = 0, *,
                   aside: bool = False) -> int:
    """Peak memory a full build may add (`estimate_parts`); `aside`: loaded by a process of
    its own, after the run has given its part back."""
    run, loader = estimate_parts(columns, flows, buffer_pool_mb, tasks)
    return max(run, loader) if aside else run + loader


def _kib_field(path: Path, key: str) -> int | None:
    """The `key:  N kB` line of a /proc file, in bytes; None where there is none."""
    try:
        for line in path.read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def available_bytes() -> int | None:
    """Memory the kernel says new allocations can get (MemAvailable); None where unknown."""
    return _kib_field(MEMINFO, "MemAvailable")


def resident_anon_bytes() -> int:
    """This process's resident anonymous memory (its heap): what an exec hands back."""
    return _kib_field(STATUS, "RssAnon") or 0


def check_fits(columns: int, flows: int, buffer_pool_mb: int, tasks: int = 0, *,
               aside: bool = False, hand_off: bool = False) -> None:
    """Raise GraphTooBig if a full build would need more than the available memory.

    `hand_off`: the loader starts once this process has exec'd (`handoff`), so it also has
    this process's heap, which a detached child no longer shares with the exited command.
    """
    have = available_bytes()
    if have is None:
        return
    if hand_off:
        run, loader = estimate_parts(columns, flows, buffer_pool_mb, tasks)
        if run <= have:  # the pieces are written; then the loader's part, after the exec
            need, have = loader, have + resident_anon_bytes()
        else:
            need = run
    else:
        need = estimate_bytes(columns, flows, buffer_pool_mb, tasks, aside=aside)
    if need <= have:
        return
    gib = 2**30
    raise GraphTooBig(
        f"the lineage graph was not built: {columns:,} columns and {flows:,} column edges "
        f"need about {need / gib:.1f} GiB with the {buffer_pool_mb} MB buffer pool, and "
        f"{have / gib:.1f} GiB is available. Lower graph.buffer_pool_mb in the catalog (the "
        "graph then loads in more, slower pieces), or run on a machine with more memory; "
        "findings and reports do not need the graph")
