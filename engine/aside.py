"""Work done in a forked child beside the caller, its result sent back pickled.

A run's first seconds are two independent reads: collecting the SQL files (reading and hashing
every one: 2.3 s at 100k) and reading the earlier run it starts from (unpickling: 3.9 s). Both
hold one core, so the files are collected by a child on the other core meanwhile. A child that
fails in any way is not reported from: the caller does the work itself, so errors read the
same; where there is no fork, or other threads run (their locks would be copied mid-use), the
work is done in place.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from engine.gcpause import gc_paused

T = TypeVar("T")


def can_fork() -> bool:
    """True where a child can be forked safely: fork exists and no other thread runs."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Aside(Generic[T]):
    """`fn(*args)` started in a forked child (`result()` gives it)."""

    def __init__(self, fn: Callable[..., T], *args: object) -> None:
        self._fn, self._args = fn, args
        self._pid: int | None = None
        self._pipe: int | None = None
        if not can_fork():
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read)
            code = 1
            try:
                with os.fdopen(write, "wb") as out:
                    pickle.dump(fn(*args), out, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)  # no exit handlers, no flushing the parent's buffers
        os.close(write)
        self._pid, self._pipe = pid, read

    def result(self) -> T:
        """The child's result (waiting for it), or `fn(*args)` worked out here if the child
        failed or was never started."""
        if self._pid is None or self._pipe is None:
            return self._fn(*self._args)
        pid, pipe = self._pid, self._pipe
        self._pid = self._pipe = None
        received = False
        try:
            with os.fdopen(pipe, "rb") as data, gc_paused(keep=True):  # acyclic, kept
                value = pickle.load(data)
            received = True
        except Exception:  # noqa: BLE001 - truncated or missing: worked out here instead
            pass
        _, status = os.waitpid(pid, 0)
        if not received or os.waitstatus_to_exitcode(status) != 0:
            return self._fn(*self._args)
        return value

    def close(self) -> None:
        """Stop the child if its result was not taken (the caller gave up on it)."""
        if self._pid is None or self._pipe is None:
            return
        pid, pipe = self._pid, self._pipe
        self._pid = self._pipe = None
        os.close(pipe)  # a child still writing gets a broken pipe
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
