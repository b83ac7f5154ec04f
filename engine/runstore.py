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
waits for it. A child that is killed leaves no state (a temporary file at most, removed by the
next write): it is a cache, and a miss only means evaluating again.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from engine.gcpause import gc_paused

try:
    import fcntl
except ImportError:  # Windows: no flock, and no fork either (states are written in place)
    fcntl = None  # type: ignore[assignment]

KEEP = 3  # states kept per work directory: a few hundred MB each at 100k tasks
SUFFIX = ".state"


def state_path(store: Path, key: str) -> Path:
    """Where the state under `key` is kept in the store directory `store`."""
    return store / f"{key}{SUFFIX}"


@contextmanager
def _locked(path: Path, exclusive: bool) -> Iterator[IO[bytes]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "ab") as fh:
        if fcntl is not None:
            fcntl.flock(fh, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield fh


def read(path: Path) -> Any | None:
    """The state kept at `path`, or None if there is none (or it is unreadable: a miss).
    Waits while a writer holds it."""
    if not path.exists() and not path.with_suffix(".lock").exists():
        return None
    try:
        with _locked(path, exclusive=False):
            raw = path.read_bytes()
            os.utime(path)  # kept by last use (`_prune`)
    except OSError:  # gone meanwhile, or a store this user cannot write: a miss
        return None
    try:
        with gc_paused(keep=True):  # millions of acyclic objects, kept for the run
            return pickle.loads(raw)
    except Exception:  # noqa: BLE001 - a truncated or foreign file is a miss, never an error
        return None


def kept(path: Path) -> bool:
    """True if a state is kept at `path` (waiting for a write in progress to finish)."""
    if path.exists():
        return True
    if not path.with_suffix(".lock").exists():
        return False
    try:
        with _locked(path, exclusive=False):
            return path.exists()
    except OSError:
        return False


def _write_locked(path: Path, state: Any) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with gc_paused():  # pickling allocates millions of short-lived reductions
        blob = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.write_bytes(blob)
    os.replace(tmp, path)
    _prune(path.parent)


def write(path: Path, state: Any) -> None:
    """Keep `state` at `path` now (atomically, under the exclusive lock)."""
    with _locked(path, exclusive=True):
        _write_locked(path, state)


def write_after_exit(path: Path, make: Callable[[], Any]) -> None:
    """Keep `make()` at `path` from a detached child, so the caller can exit meanwhile.

    The lock is taken before the fork, so a reader that comes after this call returns always
    finds the write either finished or in progress (and waits). Where there is no fork, or the
    state is already there, it is written here or not at all.
    """
    try:
        if path.exists():
            os.utime(path)
            return
        if not hasattr(os, "fork") or fcntl is None:
            write(path, make())
            return
        _fork_writer(path, make)
    except OSError:  # a store that cannot be written is not used: this is only a cache
        return


def _fork_writer(path: Path, make: Callable[[], Any]) -> None:
    with _locked(path, exclusive=True) as lock:
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
                _write_locked(path, make())
                code = 0
            finally:
                os._exit(code)  # never return into the caller's code (or a test runner)


def _prune(store: Path) -> None:
    """Keep the `KEEP` most recently used states; remove older ones and stray temporaries."""
    states = sorted(store.glob(f"*{SUFFIX}"), key=_last_used, reverse=True)
    for old in states[KEEP:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".lock").unlink(missing_ok=True)
    for tmp in store.glob("*.tmp"):
        if not _writer_alive(tmp):
            tmp.unlink(missing_ok=True)


def _last_used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by another run's pruning
        return 0.0


def _writer_alive(tmp: Path) -> bool:
    try:
        pid = int(tmp.suffixes[-2].lstrip("."))
        os.kill(pid, 0)
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
