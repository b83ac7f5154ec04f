"""A wall-clock limit for a block of a benchmark script (main thread, Unix), shared by the
scripts here: a peer that hangs on one statement must not hang the whole measurement."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


class Timeout(BaseException):
    """Raised by the alarm; a BaseException so that libraries' `except Exception` can't eat it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `Timeout` in the main thread when the block runs longer than `seconds`."""

    def _raise(signum: int, frame: object) -> None:
        raise Timeout(f"timed out after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
