"""Pull-request mode's base revision, evaluated in another process beside the working tree's run.

The two evaluations are independent and each mostly runs on one core, so on a machine with
two or more a pull-request check takes about as long as the longer of them instead of their
sum (100k tasks, first check of a base: 112 s before). The process leaves its result where
`compare.cache_base` caches results by commit; the caller then calls `cache_base`
itself, which finds it there. Whatever goes wrong in the process (a base that cannot be read,
invalid input, a crash) is not reported from it: the caller's own `cache_base` then does
the work again in-process and reports it as usual, so errors read the same either way.

The job first says whether the base's state is kept already (`compare.keep_state`: some run
evaluated the same content); the caller then waits for it rather than evaluating its own
working tree in full. A base already recorded by commit is answered at once; otherwise the job
reads the base's files only once the caller has read its own (`go`, or asking `stored`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from pathlib import Path

from engine import stopping
from engine.executors import DEFAULT_EXECUTOR

TURN_TIMEOUT = 120.0  # seconds a job waits for the caller to have read its own files


class BaseJob:
    """A base revision being evaluated in a child process (see the module docstring)."""

    def __init__(self, process: multiprocessing.process.BaseProcess,
                 verdict: Connection, turn: Event) -> None:
        self._process = process
        self._verdict = verdict
        self._turn = turn
        self._stored: bool | None = None

    @classmethod
    def start(cls, ref: str, catalog_path: Path, *, policies_dir: Path | None,
              graph_path: Path | None, today: date, jobs: int | None,
              executor: str = DEFAULT_EXECUTOR) -> BaseJob | None:
        """Start evaluating `ref`; None where it would not run beside anything (one core, or
        `jobs=1`: the user asked for one process)."""
        if jobs == 1 or (os.cpu_count() or 1) < 2:
            return None
        # spawn: the parent may hold threads (fork would copy their locks) and a large heap
        context = multiprocessing.get_context("spawn")
        verdict, tell = context.Pipe(duplex=False)
        turn = context.Event()
        process = context.Process(
            target=_evaluate, name="lineage-policy-base",
            args=(ref, catalog_path, policies_dir, graph_path, today, jobs, executor, tell, turn),
        )
        process.start()
        tell.close()  # the child's end: closed here, so its exit reads as the end of the pipe
        return cls(process, verdict, turn)

    def go(self) -> None:
        """Let the job read the base's files: the caller has read its own. Reading both sets
        of files at once slowed the caller's by half (100k files, 2.9 -> 4.3 s)."""
        self._turn.set()

    def running(self) -> bool:
        """True while the evaluation has not ended."""
        return self._process.is_alive()

    def stored(self) -> bool:
        """True if the base's state is kept already (the job only records it), False if the
        job evaluates it; waits for the job to know (seconds: the base's files are read)."""
        if self._stored is None:
            self.go()
            try:
                self._stored = bool(self._verdict.recv())
            except (EOFError, OSError):  # it ended without saying: its failure is redone here
                self._stored = False
        return self._stored

    def answered(self) -> bool:
        """True once `stored()` would answer without waiting."""
        return self._stored is not None or self._verdict.poll()

    def wait(self) -> bool:
        """Wait for the evaluation to end; True if it succeeded (its result is cached)."""
        self._process.join()
        return self._process.exitcode == 0

    def cancel(self) -> None:
        """Stop the evaluation if it is still running (its temporary copy is removed); a job
        that found the state kept is only removing its copy, and is left to finish."""
        if self._process.is_alive() and self._stored is not True:
            self._process.terminate()
        self._process.join()


def _evaluate(ref: str, catalog_path: Path, policies_dir: Path | None, graph_path: Path | None,
              today: date, jobs: int | None, executor: str, tell: Connection,
              turn: Event) -> None:
    """The child: evaluate the base where the parent's `cache_base` will look for it, telling
    the parent first whether its state is kept already."""
    # exits by SystemExit: the base's temporary copy is removed on the way out
    signal.signal(signal.SIGTERM, stopping.stop)
    from engine.compare import cache_base
    from engine.config.catalog import load_catalog

    try:
        # where the working tree's run keeps its graph, and so its caches: see pipeline.run
        work_dir = (graph_path or load_catalog(catalog_path).graph_path).parent
        cache_base(ref, catalog_path, policies_dir=policies_dir, today=today,
                   work_dir=work_dir, jobs=jobs, executor=executor, found=tell.send,
                   turn=lambda: turn.wait(TURN_TIMEOUT))
    except BaseException:  # noqa: BLE001 - reported by the parent's own evaluation
        sys.exit(1)
