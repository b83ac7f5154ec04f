"""Work a command leaves for after its verdict: done by a detached child, under file locks.

A `check` at 100k tasks has its verdict long before it has written what it leaves behind: the
run's state for later runs (`engine.runstore`, pickling 11 s) and the Kùzu graph for `trace`,
`impact` and `query` (an update writes for ~40 s). Like `git gc --auto`, the command forks a
child for them and exits; its exit status and reports do not wait.

Each piece of work has a lock file, taken exclusively *before* the fork and held by the child
until the work is done: a reader that comes after the command returns finds the work either
finished or in progress, and waits (`wait_for`). A child that is killed releases its locks;
what it was writing is built aside and renamed into place, so nothing is half-written. Locks a
process holds are re-entrant in it (the child reopens nothing it already holds).
"""

from __future__ import annotations

import gc
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock, and no fork either (the work is done in place)
    fcntl = None  # type: ignore[assignment]

_held: dict[str, int] = {}  # lock file -> descriptor, for the locks this process holds
_ending_status = 0  # what this process exits with once its work is done (`ending_status`)


@dataclass(frozen=True)
class Deferred:
    """Work to do after the verdict, and the lock file readers of its result wait on."""

    lock: Path
    work: Callable[[], None]
    # The same work for a process with nothing left to do after it (the last item, done by a
    # detached child or, with `wait`, by the command itself), which may end by exec'ing a
    # program of its own that inherits the locks (`inherit_locks`) and exits with
    # `ending_status()`: the heap the process held is then handed back at once.
    last: Callable[[], None] | None = None


def can_detach() -> bool:
    """True where work can be left to a detached child (fork and flock exist)."""
    return hasattr(os, "fork") and fcntl is not None


@contextmanager
def locked(lock: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold `lock` (created if missing) for the block; at once if this process holds it."""
    name = os.path.abspath(lock)
    if name in _held:
        yield
        return
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    with open(name, "ab") as fh:
        if fcntl is not None:
            fcntl.flock(fh, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        _held[name] = fh.fileno()
        try:
            yield
        finally:
            _held.pop(name, None)  # gone already if released early (`_release`)


def inherit_locks() -> None:
    """Let the locks this process holds pass to a program it execs (they are held until that
    program exits); only for a process that has nothing else to do under them."""
    for fd in _held.values():
        os.set_inheritable(fd, True)


def ending_status() -> int:
    """The exit status this process ends with once its deferred work is done: a program the
    last work execs in its stead (`Deferred.last`) must exit with it (a command's verdict)."""
    return _ending_status


def wait_for(lock: Path) -> None:
    """Wait until nobody (but this process) holds `lock`: the work behind it is done."""
    if not os.path.exists(lock):
        return  # every writer creates its lock first
    try:
        with locked(lock, exclusive=False):
            pass
    except OSError:  # a lock this user cannot open was never taken by this user's commands
        return


def settled(folder: Path) -> None:
    """Wait until no work under `folder` is in progress (every lock file below it is free)."""
    for lock in sorted(folder.rglob("*.lock")):
        wait_for(lock)


def detach(deferred: Sequence[Deferred], *, wait: bool = False, status: int = 0) -> None:
    """Do `deferred` in a detached child that holds their locks, and return at once.

    The locks are taken here, in one order (two commands never wait on each other in a
    cycle); the work is done in the order given. With `wait`, where there is no fork, or
    where it fails, the work is done here instead, the last item in its `last` form where a
    program can inherit the locks: this process may then never return, and the program it
    becomes exits with `status` (the status the caller was about to exit with). Work that
    fails in the child is lost, as a cache miss is (the next command does it again).
    """
    if not deferred:
        return
    with ExitStack() as stack:
        lockable = set()
        for item in sorted(deferred, key=lambda d: os.path.abspath(d.lock)):
            try:
                stack.enter_context(locked(item.lock, exclusive=True))
                lockable.add(id(item))
            except OSError:  # a directory that cannot be written: that work is not done
                continue
        held = [item for item in deferred if id(item) in lockable]
        if not held:
            return
        if wait or not can_detach():
            _do(held, status)
            return
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns on forking a process with threads: the parent holds none
                # that the child's work waits on (it opens its own Kùzu database and files).
                warnings.filterwarnings("ignore", ".*fork", DeprecationWarning)
                pid = os.fork()
        except OSError:  # no memory or processes left
            _do(held, status)
            return
        if pid == 0:
            _child(held)


def _do(items: Sequence[Deferred], status: int) -> None:
    global _ending_status
    _ending_status = status
    for i, item in enumerate(items):
        work = _form(items, i) if can_detach() else item.work
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - after the verdict: said, not raised
            warnings.warn(f"lineage-policy: work after the verdict failed ({item.lock.name}): "
                          f"{exc}", RuntimeWarning, stacklevel=2)
        _release(item.lock)  # who waits on this piece of work need not wait for the next


def _release(lock: Path) -> None:
    """Unlock `lock` now (for a child, the copy it shares with the parent too), ahead of the
    block that took it; a program exec'd later does not inherit it (the descriptor, not
    inheritable, is closed by the exec, the block's end or the child's exit)."""
    fd = _held.pop(os.path.abspath(lock), None)  # None: shared with an item before
    if fd is not None and fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _form(items: Sequence[Deferred], i: int) -> Callable[[], None]:
    """The work of `items[i]`, in its `last` form if it is the last and has one."""
    item = items[i]
    return item.last if item.last is not None and i == len(items) - 1 else item.work


def _child(items: Sequence[Deferred]) -> None:
    """The detached child: each lock stays held through its copy of the descriptor until that
    piece of work is done."""
    global _ending_status
    _ending_status = 0  # nobody waits on a detached child's exit status
    code = 1
    try:
        os.setsid()  # not stopped by a terminal's Ctrl-C meant for the command
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        # Every other descriptor but the locks', or whoever reads the command's output (or
        # waits on a helper process it started) would wait for this child too.
        keep = sorted(_held.values())
        start = 3
        for fd in keep:
            os.closerange(start, fd)
            start = fd + 1
        os.closerange(start, os.sysconf("SC_OPEN_MAX"))
        gc.disable()  # no finalizer may close a descriptor number reused here
        failed = False
        for i in range(len(items)):
            work = _form(items, i)
            try:
                work()
            except BaseException:  # noqa: BLE001 - nobody to tell; the next command redoes it
                failed = True
            _release(items[i].lock)  # who waits on this piece of work need not wait for the next
        code = 1 if failed else 0
    finally:
        os._exit(code)  # never return into the caller's code (or a test runner)
