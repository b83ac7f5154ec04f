"""Evaluated runs kept by the content they were evaluated from, for later runs to start from.

A pull-request check needs its base revision's run (`compare.BaseState`). That revision has
usually been evaluated already: it is main as main's own check saw it, and CI restores that
check's `.lineage/` from its cache. So every run leaves its state here under a key made of
everything the state depends on (every input's bytes, the day, the code: `compare.state_key`),
and a base's evaluation looks here before evaluating anything.

A state is hundreds of MB at 100k tasks and pickling it takes seconds, so a command keeps it
after its verdict, from a detached child (`engine.afterexit`), under the state's lock file:
readers take it shared, so a state is read whole or not at all, and a reader arriving during
the write waits for it. A child that is killed leaves no state (a temporary file at most,
removed by a later write): it is a cache, and a miss only means evaluating again. Storing,
reading and evicting are `usercache.PickleStore`'s; this module adds the locks.

A plain run starts from the last state kept of its configuration (`last`), so a warm run
evaluates again only what its changes reach (`engine.cone`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine import afterexit
from engine.afterexit import Deferred
from engine.usercache import PickleStore

KEEP = 3  # states kept per work directory: a few hundred MB each at 100k tasks


def store(work_dir: Path) -> PickleStore:
    """The run states kept in a work directory (`.lineage/runs/`)."""
    return PickleStore("runs", keep=KEEP, root=work_dir)


@contextmanager
def _locked(states: PickleStore, key: str, exclusive: bool) -> Iterator[None]:
    with afterexit.locked(_lock(states, key), exclusive=exclusive):
        yield


def _lock(states: PickleStore, key: str) -> Path:
    folder = states.directory()
    assert folder is not None  # a store with a root always has a folder
    return folder / f"{key}.lock"


def _lock_exists(states: PickleStore, key: str) -> bool:
    return _lock(states, key).exists()


def settled(states: PickleStore) -> None:
    """Wait until no state is being written (a command's detached writers have finished)."""
    folder = states.directory()
    if folder is not None and folder.is_dir():
        afterexit.settled(folder)


def read(states: PickleStore, key: str) -> Any | None:
    """The state kept under `key`, or None if there is none (or it is unreadable: a miss).
    Waits while a writer holds it."""
    if not _lock_exists(states, key):  # every state is written under its lock
        return None
    try:
        with _locked(states, key, exclusive=False):
            state = states.get(key)
            if state is None:
                _drop_unreadable(states, key)
            return state
    except OSError:  # a store this user cannot write: a miss
        return None


def _drop_unreadable(states: PickleStore, key: str) -> None:
    """Remove a state file that is there but cannot be read (truncated by a CI cache restore,
    pickled by another Python or pydantic), so that it counts as absent (`kept`) and the next
    run evaluates and keeps it again; a file kept would fail every later read. Called under
    the shared lock: no writer is at work, and a reader meanwhile gets the same miss."""
    path = states.path(key)
    if path is None or not path.exists():
        return
    warnings.warn(f"lineage-policy: the kept run state {path} cannot be read; it was removed "
                  "and is evaluated and kept again", RuntimeWarning, stacklevel=4)
    states.discard(key)


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


def later(states: PickleStore, key: str, make: Callable[[], Any]) -> Deferred | None:
    """The work of keeping `make()` under `key` after the verdict (`afterexit.detach`); None
    if it is kept already (it is then marked as used, and kept longer)."""
    path = states.path(key)
    try:
        if path is not None and path.exists():
            path.touch()
            return None
    except OSError:  # a store that cannot be written is not used: this is only a cache
        return None
    return Deferred(_lock(states, key), lambda: states.put(key, make()))


def _last(work_dir: Path) -> PickleStore:
    return PickleStore("last", keep=16, root=work_dir)


def mark_last(work_dir: Path, series: str, key: str) -> None:
    """Say that the state under `key` is the newest of `series` (runs of one configuration)."""
    _last(work_dir).put(series, key)


def last(work_dir: Path, series: str) -> tuple[str, Any] | None:
    """The newest state kept of `series` (waiting while it is written) and its key, or None."""
    key = _last(work_dir).get(series)
    state = read(store(work_dir), key) if isinstance(key, str) else None
    return None if state is None else (key, state)
