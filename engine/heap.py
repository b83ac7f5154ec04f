"""Hand the heap that a stage freed back to the operating system.

CPython's allocator and glibc's malloc keep freed memory for reuse: after the lineage stage
(workers' results unpickled, packed and dropped; the SQL texts let go) a large run holds
gigabytes of free heap that later stages cannot use for Kùzu's buffer pool or Arrow buffers
(measured at 10k tasks: 318 MB resident after lineage, 260 MB after a trim).
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from functools import lru_cache

__all__ = ["give_back"]


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc only: musl and others have none
    except (OSError, AttributeError):
        return None


def give_back() -> bool:
    """Return free heap to the OS where the C library can (glibc's `malloc_trim`); True if
    it could. Costs a walk of the free lists: call it between stages, not in loops."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
