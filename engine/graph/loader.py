"""COPY a spool's Parquet files (`spool`) into a new Kùzu database, here or in a process of
its own (`load_aside`).

A process of its own holds Kùzu's memory (its buffer pool, and beyond it ~100 bytes a Col node
and a FLOWS piece's rows: `budget`) apart from the run that wrote the spool and waits, and it
asks the kernel to be killed first if memory runs out: a graph that does not fit then costs
the graph (the run says so), not the run's verdict. At 1M tasks it did exactly that.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from engine.errors import GraphStoreError
from engine.graph._kuzu import KuzuSession
from engine.graph.budget import GraphTooBig
from engine.graph.schema import ddl
from engine.graph.spool import read_spool, spool_path
from engine.models import GraphLoad, GraphSpool

Report = Callable[[int, int], None]  # (files loaded, files)
_PROGRESS, _RESULT = "loaded ", "result "
_CHILD = "import sys; from engine.graph.loader import main; sys.exit(main(sys.argv[1:]))"


def load(spool: GraphSpool, path: Path,
         report: Report = lambda done, total: None) -> GraphLoad:
    """Create the schema at `path` and COPY every file of `spool` in order (node tables
    first: relationships need their endpoints); leaves a closed, checkpointed file."""
    began = time.perf_counter()
    rows: dict[str, int] = {}
    pieces: dict[str, int] = {}
    split: list[str] = []
    with KuzuSession(path, read_only=False, buffer_pool_mb=spool.buffer_pool_mb) as session:
        try:
            for statement in ddl():
                session.rows(statement)
            for i, piece in enumerate(spool.files):
                report(i, len(spool.files))
                name = piece.table
                rows[name] = rows.get(name, 0) + piece.rows
                pieces[name] = pieces.get(name, 0) + 1
                if _copy_file(session, name, spool_path(spool, piece)) > 1 and name not in split:
                    split.append(name)
            session.rows("CHECKPOINT")
        except GraphStoreError as exc:
            if "buffer pool is full" not in str(exc):
                raise
            raise GraphStoreError(
                f"the graph does not fit in a {spool.buffer_pool_mb} MB buffer pool; raise "
                f"buffer_pool_mb ({exc})", exc.cypher) from exc
    report(len(spool.files), len(spool.files))
    return GraphLoad(rows=rows, pieces=pieces, split=tuple(split),
                     seconds=round(time.perf_counter() - began, 3))


def _copy_file(session: KuzuSession, name: str, file: Path) -> int:
    """COPY one file, or its rows in halves (files beside it) when they outgrow the buffer
    pool; returns the number of COPY statements used.

    A COPY into a non-empty rel table is 2-4x slower (measured), so halves are only a
    fallback that keeps the build inside the caller's memory budget (1M FLOWS rows do not
    fit in 256 MB at once). A failed COPY is rolled back, so retrying its halves is safe.
    Halves are files too: a connection keeps every Arrow table it scanned alive until it
    closes (kuzu 0.11.3), a file nothing.
    """
    try:
        session.copy_file(name, file)
        return 1
    except GraphStoreError as exc:
        if "buffer pool is full" not in str(exc):
            raise
        table = pq.read_table(file)
        if table.num_rows < 2:
            raise
    half = table.num_rows // 2
    halves = [file.with_name(f"{file.stem}.{i}.parquet") for i in (0, 1)]
    pq.write_table(table.slice(0, half), halves[0], compression="none")
    pq.write_table(table.slice(half), halves[1], compression="none")
    del table
    try:
        return sum(_copy_file(session, name, h) for h in halves)
    finally:
        for h in halves:
            h.unlink(missing_ok=True)


def engine_program(code: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that run `code` (Python) with `args` in a new
    interpreter importing this very engine, wherever this process found it (not a copy
    installed elsewhere, nor one a script put on its own sys.path)."""
    home = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (home, os.environ.get("PYTHONPATH")) if p)}
    return [sys.executable, "-c", code, *args], env


def load_aside(spool: GraphSpool, path: Path,
               report: Report = lambda done, total: None) -> GraphLoad:
    """`load` in a child process (`main`), waiting for it. A child the kernel killed raises
    `GraphTooBig` (the run's verdict stands), one that failed raises `GraphStoreError` with
    what it said, and one this process is stopped while waiting for is killed with it."""
    errors = Path(spool.folder) / "loader.err"
    argv, env = engine_program(_CHILD, spool.folder, str(path))
    with open(errors, "wb") as err:
        child = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=err, text=True)
        result: GraphLoad | None = None
        try:
            assert child.stdout is not None
            for line in child.stdout:
                if line.startswith(_PROGRESS):
                    done, total = line[len(_PROGRESS):].split()
                    report(int(done), int(total))
                elif line.startswith(_RESULT):
                    result = GraphLoad.model_validate_json(line[len(_RESULT):])
            status = child.wait()
        except BaseException:
            child.kill()
            child.wait()
            raise
    said = errors.read_text(encoding="utf-8", errors="replace").strip()
    if status == -signal.SIGKILL:  # the out-of-memory killer's pick: the verdict stands
        raise GraphTooBig(
            "the lineage graph was not built: its loader was killed by signal 9 (the kernel's "
            "out-of-memory killer, most likely). Lower graph.buffer_pool_mb in the catalog, "
            "or run on a machine with more memory; findings and reports do not need the graph")
    if status < 0:
        raise GraphStoreError(f"the graph loader was stopped by signal {-status}")
    if status != 0 or result is None:
        raise GraphStoreError(said or f"the graph loader failed (exit status {status})")
    return result


def _first_to_go() -> None:
    """Ask the kernel's out-of-memory killer to pick this process before any other."""
    try:
        Path("/proc/self/oom_score_adj").write_text("1000")
    except OSError:  # not Linux, or not allowed: the load goes on as it would in process
        pass


def main(argv: list[str]) -> int:
    """The child of `load_aside` (`[spool folder, database]`): progress and the result on
    stdout, errors on stderr."""
    folder, path = argv
    _first_to_go()

    def report(done: int, total: int) -> None:
        print(f"{_PROGRESS}{done} {total}", flush=True)

    try:
        loaded = load(read_spool(Path(folder)), Path(path), report)
    except GraphStoreError as exc:
        print(str(exc), file=sys.stderr, flush=True)
        return 1
    print(_RESULT + loaded.model_dump_json(), flush=True)
    return 0
