"""Put a newly built database in place of the old one atomically, or remove it.

A Kùzu 0.11 database is one file plus sidecars named `<file>.wal` / `.shadow` / `.tmp`.
Kùzu does not check that a sidecar belongs to its file: a stale `.wal` left beside a new
file is replayed into it on the next open (measured with 0.11.3). So a build is
checkpointed and closed before the swap (`check_closed`), and the old database's sidecars
are moved away in the same step, never left to pair with the new file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from engine.errors import GraphStoreError
from engine.graph.guard import replaceable

SIDECAR_SUFFIXES = (".wal", ".shadow", ".tmp")


def sidecars(db_path: Path) -> list[Path]:
    """Return the paths of the files Kùzu may keep beside a database file."""
    return [db_path.with_name(db_path.name + s) for s in SIDECAR_SUFFIXES]


def check_closed(path: Path) -> None:
    """Remove Kùzu's spill space beside a closed database; raise if a sidecar with state of
    the database (an unapplied `.wal` or `.shadow`) is left, which must not be swapped in."""
    scratch = path.with_name(path.name + ".tmp")  # spill space only, never database state
    if scratch.exists():
        remove_database(scratch)
    left = [p.name for p in sidecars(path) if p.exists()]
    if left:
        raise GraphStoreError(f"graph build left {', '.join(left)} after closing; not swapped in")


def swap_into_place(tmp: Path, db_path: Path) -> None:
    """Rename `tmp` over `db_path`, moving the old database's sidecars out of the way first."""
    why = replaceable(db_path)  # checked before the run too; a file may appear meanwhile
    if why is not None:
        raise GraphStoreError(f"{db_path} is not replaced: {why}")
    aside = []
    try:
        for car in sidecars(db_path):
            if car.exists():
                stale = car.with_name(f"{car.name}.stale-{os.getpid()}")
                os.replace(car, stale)
                aside.append((stale, car))
        os.replace(tmp, db_path)
    except OSError as exc:
        for stale, car in aside:  # the old database stays as it was, sidecars included
            os.replace(stale, car)
        raise GraphStoreError(f"cannot replace {db_path}: {exc}") from exc
    for stale, _ in aside:
        stale.unlink()


def remove_database(path: Path) -> None:
    """Remove a database file and its sidecars, where they exist."""
    for p in (path, *sidecars(path)):
        if p.is_dir():  # Kùzu's `.tmp` spill location may be a directory
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
