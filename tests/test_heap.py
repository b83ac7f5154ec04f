"""engine.heap: freed heap handed back to the OS between stages."""

import platform
import sys

import pytest

from engine.heap import give_back


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="malloc_trim is glibc's")
def test_give_back_trims_on_glibc() -> None:
    blocks = [bytearray(4096) for _ in range(20_000)]  # ~80 MB of small blocks, then freed
    del blocks
    assert give_back() is True


def test_give_back_is_a_no_op_without_malloc_trim(monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.heap as heap

    monkeypatch.setattr(heap, "_malloc_trim", lambda: None)
    assert give_back() is False
