"""A stop (SIGTERM) that waits for the few steps which must not be cut in half.

A base job (`engine.basejob`) is stopped with SIGTERM, which it turns into `SystemExit` so
that its temporary copy of the base unwinds and is removed. A stop that lands between making
that directory and arming its removal would leave it behind (in /dev/shm: memory). Blocking
the signal does not help: the kernel hands a process-wide signal to any thread that does not
block it (pyarrow and Kùzu start some), and Python runs its handler in the main thread
regardless. So the handler itself defers: inside `held()`, a stop is noted and raised on the
way out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["held", "stop"]

_depth = 0
_pending = False


def stop(signum: int, frame: FrameType | None) -> None:
    """A signal handler: exit by `SystemExit(1)` now, or when the current `held()` ends."""
    global _pending
    if _depth:
        _pending = True
        return
    raise SystemExit(1)


@contextmanager
def held() -> Iterator[None]:
    """Run the block whole: a stop arriving meanwhile takes effect when it ends."""
    global _depth, _pending
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if not _depth and _pending:
            _pending = False
            raise SystemExit(1)
