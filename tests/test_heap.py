"""engine.heap: freed heap handed back to the OS between stages."""

import os
import platform
import sys
from pathlib import Path

import pytest

from engine.heap import give_back


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="malloc_trim is glibc's")
def test_give_back_returns_freed_heap_to_the_os() -> None:
    """200 MB of small blocks freed with one in 64 kept alive: glibc keeps the holes resident
    until trimmed."""
    blocks = [bytearray(4096) for _ in range(50_000)]
    keep = blocks[::64]
    del blocks
    before = _resident_mb()
    assert give_back() is True
    assert before - _resident_mb() > 100
    assert len(keep) == 782


def _resident_mb() -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 2**20


def test_give_back_is_a_no_op_without_malloc_trim(monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.heap as heap

    monkeypatch.setattr(heap, "_malloc_trim", lambda: None)
    assert give_back() is False
