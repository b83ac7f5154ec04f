"""A full build's last steps: the spool loaded, swapped into place, removed (`finish`), here
or in a program of its own for a process with nothing left to do (`hand_off`).

`check` writes the graph after its verdict, in a detached child (`engine.afterexit`) forked
from the run, so holding the run's heap: at 1M tasks ~16 GB. Beside that heap a loader of its
own (`loader.load_aside`) was killed by the kernel entering FLOWS (6.6 GB); alone, the same
spool loaded in 2,028 s at 12.7 GB at most. So once the spool is written, that child replaces
itself (exec) with this program: the heap is handed back at once, the graph's lock passes on
(`afterexit.inherit_locks`), and the program finishes the build as `build` would have. The
spool is loaded by a loader of its own (a kernel's kill costs the graph, and this program
still cleans up), the database checked closed and swapped into place, the spool removed.
`check --wait` does the same in the command's own process: the program then exits with the
command's verdict (`afterexit.ending_status`), once the graph is in place.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from engine.afterexit import ending_status, inherit_locks
from engine.errors import GraphStoreError
from engine.graph.loader import Report, engine_program, load, load_aside
from engine.graph.spool import read_spool
from engine.graph.swap import check_closed, remove_database, swap_into_place
from engine.models import GraphLoad, GraphSpool

_PROGRAM = "import sys; from engine.graph.handoff import main; sys.exit(main(sys.argv[1:]))"


def hand_off(spool: GraphSpool, tmp: Path, db_path: Path) -> None:
    """Replace this process with `main`, which finishes the build of `spool` into `db_path`
    (through `tmp`) under the locks this process holds and exits with the status this process
    would have (`afterexit.ending_status`). Returns only if the exec failed: the caller then
    finishes the build itself."""
    argv, env = engine_program(_PROGRAM, spool.folder, str(tmp), str(db_path),
                               str(ending_status()))
    sys.stdout.flush()
    sys.stderr.flush()
    inherit_locks()
    try:
        os.execve(argv[0], argv, env)
    except OSError:
        return


def finish(spool: GraphSpool, tmp: Path, db_path: Path, *, aside: bool = True,
           report: Report = lambda done, total: None) -> GraphLoad:
    """Load `spool` into `tmp` (by a loader of its own with `aside`) and swap it in place of
    `db_path`. The spool is removed in any case; `tmp` too, unless it was swapped in."""
    try:
        loaded = (load_aside if aside else load)(spool, tmp, report)
        check_closed(tmp)
        swap_into_place(tmp, db_path)
    except BaseException:
        remove_database(tmp)
        raise
    finally:
        shutil.rmtree(spool.folder, ignore_errors=True)
    return loaded


def main(argv: list[str]) -> int:
    """The program `hand_off` execs: `finish(folder, tmp, db_path)`, then exit with `status`
    (the verdict of the command it replaced: a graph that could not be built, said on
    stderr, does not change it, as after an in-process build)."""
    folder, tmp, db_path = (Path(a) for a in argv[:3])
    status = int(argv[3])
    try:
        finish(read_spool(folder), tmp, db_path)
    except GraphStoreError as exc:
        print(f"lineage-policy: the lineage graph was not built: {exc}", file=sys.stderr,
              flush=True)
    return status
