"""Evaluated runs kept by the content they were evaluated from, for later runs to start from.

A pull-request check needs its base revision's run (`compare.BaseState`). That revision has
usually been evaluated already: it is main as main's own check saw it, and CI restores that
check's `.lineage/` from its cache. So every run leaves its state here under a key made of
everything the state depends on (every input's bytes, the day, the code: `compare.state_key`),
and a base's evaluation looks here before evaluating anything.

A state is hundreds of MB at 100k tasks and pickling it takes seconds, so a command writes it
after its verdict, in a forked child (as `git gc --auto` detaches): the command's exit status
and reports do not wait for it. The child holds an exclusive lock on the state's lock file
from before the fork until it has renamed the finished file into place; readers take a shared
lock first, so a state is read whole or not at all, and a reader arriving during the write
waits for it. A child that is killed leaves no state (a temporary file at most, removed by a
later write): it is a cache, and a miss only means evaluating again. Storing, reading and
evicting are `usercache.PickleStore`'s; this module adds the locks and the detached write.
"""

from __future__ import annotations

import gc
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from engine.usercache import PickleStore

try:
    import fcntl
except ImportError:  # Windows: no flock, and no fork either (states are written in place)
    fcntl = None  # type: ignore[assignment]

KEEP = 3  # states kept per work directory: a few hundred MB each at 100k tasks


def store(work_dir: Path) -> PickleStore:
    """The run states kept in a work directory (`.lineage/runs/`)."""
    return PickleStore("runs", keep=KEEP, root=work_dir)


@contextmanager
def _locked(states: PickleStore, key: str, exclusive: bool) -> Iterator[IO[bytes]]:
    folder = states.directory()
    assert folder is not None  # a store with a root always has a folder
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{key}.lock", "ab") as fh:
        if fcntl is not None:
            fcntl.flock(fh, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield fh


def _lock_exists(states: PickleStore, key: str) -> bool:
    folder = states.directory()
    return folder is not None and (folder / f"{key}.lock").exists()


def settled(states: PickleStore) -> None:
    """Wait until no state is being written (a command's detached writers have finished)."""
    folder = states.directory()
    for lock in sorted(folder.glob("*.lock")) if folder is not None else ():
        with _locked(states, lock.stem, exclusive=False):
            pass


def read(states: PickleStore, key: str) -> Any | None:
    """The state kept under `key`, or None if there is none (or it is unreadable: a miss).
    Waits while a writer holds it."""
    if not _lock_exists(states, key):  # every state is written under its lock
        return None
    try:
        with _locked(states, key, exclusive=False):
            return states.get(key)
    except OSError:  # a store this user cannot write: a miss
        return None


def kept(states: PickleStore, key: str) -> bool:
    """True if a state is kept under `key` (waiting for a write in progress to finish)."""
    if not _lock_exists(states, key):
        return False
    try:
        with _locked(states, key, exclusive=False):
            path = states.path(key)
            return path is not None and path.exists()
    except OSError:
        return False


def write(states: PickleStore, key: str, state: Any) -> None:
    """Keep `state` under `key` now (atomically, under the exclusive lock); never raises."""
    try:
        with _locked(states, key, exclusive=True):
            states.put(key, state)
    except OSError:  # a store that cannot be written is not used: this is only a cache
        return


def write_after_exit(states: PickleStore, key: str, make: Callable[[], Any]) -> None:
    """Keep `make()` under `key` from a detached child, so the caller can exit meanwhile.

    The lock is taken before the fork, so a reader that comes after this call returns always
    finds the write either finished or in progress (and waits). Where there is no fork, or the
    state is already there, it is written here or not at all.
    """
    path = states.path(key)
    try:
        if path is not None and path.exists():
            os.utime(path)  # used again: kept longer
            return
        if not hasattr(os, "fork") or fcntl is None:
            write(states, key, make())
            return
        _fork_writer(states, key, make)
    except OSError:  # a store that cannot be written is not used: this is only a cache
        return


def _fork_writer(states: PickleStore, key: str, make: Callable[[], Any]) -> None:
    with _locked(states, key, exclusive=True) as lock:
        sys.stdout.flush()
        sys.stderr.flush()
        with warnings.catch_warnings():
            # Python 3.12+ warns on forking a process with threads: the child only pickles
            # and writes a file, taking no lock another thread could hold.
            warnings.filterwarnings("ignore", ".*fork", DeprecationWarning)
            pid = os.fork()  # OSError (no memory or processes left): the state is not kept
        if pid == 0:  # the child: the lock stays held through its copy of the lock file
            code = 1
            try:
                os.setsid()  # not stopped by a terminal's Ctrl-C meant for the command
                devnull = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(devnull, fd)
                # Every other descriptor but the lock's, or whoever reads the command's
                # output (or waits on a helper process it started) would wait for this too.
                os.closerange(3, lock.fileno())
                os.closerange(lock.fileno() + 1, os.sysconf("SC_OPEN_MAX"))
                gc.disable()  # no finalizer may close a descriptor number reused here
                states.put(key, make())
                code = 0
            finally:
                os._exit(code)  # never return into the caller's code (or a test runner)
