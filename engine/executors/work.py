"""What a worker runs: the reference scan and lineage extraction of a chunk of tasks.

These functions run wherever the executor puts them — this process, a local worker process or
a Dask worker on another machine — so they take plain picklable jobs and return plain data
(`TaskLineage` models, never ASTs). Each task is fenced: a time limit, and a catch at the task
boundary that turns anything a task raises into `unknown` lineage with the reason, so one task
never fails a chunk, and a chunk never fails the run.
"""

from __future__ import annotations

import ctypes
import itertools
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from engine.codec import packed
from engine.executors.purebuild import compiled_build_loaded, extract_with_pure_build
from engine.gcpause import young_collected
from engine.lineage import LINEAGE_VERSION, Naming, extract_task
from engine.lineage.parse import StatementInterrupted
from engine.lineage.references import References, scan_references
from engine.models import Diagnostic, Location, Task, TaskLineage

Schema = Mapping[str, Mapping[str, str]]


class ExtractFn(Protocol):
    """`extract_task`'s shape (tests pass functions that misbehave on purpose)."""

    def __call__(self, task: Task, dialect: str | None, schema: Schema, *,
                 on_statement: Callable[[], None] | None = None,
                 naming: Naming | None = None) -> TaskLineage: ...


# How long the driver lets a chunk run past its worker-side budget before it presumes the
# worker stuck in native code (where no time limit can interrupt it) and kills it.
DEADLINE_FACTOR, DEADLINE_GRACE = 2.0, 5.0


def versions() -> tuple[str, str]:
    """Return (lineage-policy version, lineage code + sqlglot version): what results depend on."""
    from engine import __version__

    return __version__, LINEAGE_VERSION


def statement_count(text: str) -> int:
    """Return an upper bound of the statements in `text` (semicolons + 1): the time budget unit."""
    return text.count(";") + 1


@dataclass(frozen=True)
class ScanJob:
    """Tasks whose table references to scan (see `engine.lineage.references`)."""

    dialect: str | None
    tasks: tuple[Task, ...]
    time_limit: float | None = None

    def __len__(self) -> int:
        return len(self.tasks)

    def split(self) -> list[ScanJob]:
        return [replace(self, tasks=(t,)) for t in self.tasks]

    @property
    def deadline(self) -> float | None:
        return _deadline(self.tasks, self.time_limit)


@dataclass(frozen=True)
class ExtractJob:
    """Tasks to extract against `schema`: the part of the run's schema they may reference."""

    dialect: str | None
    tasks: tuple[Task, ...]
    schema: Schema = field(default_factory=dict)
    time_limit: float | None = None  # seconds per statement
    naming: Naming | None = None  # the catalog's names (`engine.lineage.naming`)
    # task path -> tables it sees otherwise than `schema` has them: tables later files ALTER
    # (`engine.altered`), as the files before it left them
    views: Mapping[str, Schema] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.tasks)

    def split(self) -> list[ExtractJob]:
        return [replace(self, tasks=(t,)) for t in self.tasks]

    @property
    def deadline(self) -> float | None:
        return _deadline(self.tasks, self.time_limit)


def _deadline(tasks: tuple[Task, ...], time_limit: float | None) -> float | None:
    if not time_limit:
        return None
    budget = sum(time_limit * statement_count(t.text) for t in tasks)
    return budget * DEADLINE_FACTOR + DEADLINE_GRACE


@dataclass(frozen=True)
class Extraction:
    """A task's lineage, and the tables it looked up that the shipped schema did not hold."""

    lineage: TaskLineage
    missed: frozenset[str] = frozenset()


def scan_chunk(job: ScanJob) -> list[tuple[str, References]]:
    """Return (task path, the tables it may reference and write) for every task of the job."""
    out = []
    for task in job.tasks:
        try:
            with young_collected(), time_limit(job.time_limit, statement_count(task.text)):
                refs = scan_references(task.text, job.dialect)
        except Exception:  # noqa: BLE001 - a scan is only a hint: none is a safe answer
            refs = References()
        out.append((task.path, refs))
    return out


def extract_chunk(job: ExtractJob, extract: ExtractFn = extract_task) -> list[Extraction]:
    """Return the extraction of every task of the job, in order; never raises for a task.

    `extract` is the per-task function (the pipeline passes `extract_task`; tests pass one
    that misbehaves on purpose).
    """
    out = []
    for task in job.tasks:
        with young_collected():  # each task's trees are garbage once it is done
            out.append(extract_one(task, job, extract))
    return out


def extract_one(task: Task, job: ExtractJob, extract: ExtractFn = extract_task) -> Extraction:
    """Return one task's extraction: its lineage, or `unknown` lineage saying what went wrong."""
    own = job.views.get(task.path)
    schema = RecordingSchema({**job.schema, **own} if own else job.schema)
    try:
        with time_limit(job.time_limit, statement_count(task.text)) as restart:
            lineage = extract(task, job.dialect, schema, on_statement=restart, naming=job.naming)
    except TimeLimitExceeded as error:
        # Raised outside any one statement's analysis (while the file was being parsed); no
        # second try with more tables either: it would run out of time again.
        reason = f"lineage could not be worked out in time: {error}"
        return Extraction(unknown_lineage(task, reason))
    except Exception as error:  # noqa: BLE001 - the task boundary
        # The "never a failed run" rule: extract_task reports bad SQL as diagnostics, so what
        # arrives here is an engine or sqlglot bug, deep recursion or memory exhaustion on one
        # pathological task. It becomes that task's unknown lineage, with the reason.
        return _after_error(task, job, error)
    # Packed here, in the worker: the parent receives bytes, not millions of edge objects.
    return Extraction(packed(lineage), frozenset(schema.missed))


def _after_error(task: Task, job: ExtractJob, error: Exception) -> Extraction:
    """Retry a compiled-build failure with sqlglot's pure-Python build; else report it."""
    reason = f"{type(error).__name__}: {str(error)[:200]}"
    if compiled_build_loaded() and not isinstance(error, (RecursionError, MemoryError)):
        # The compiled build (sqlglotc) is stricter about types than the Python it is compiled
        # from; a task it trips on may still work in the pure build (a separate process: the
        # two cannot share one).
        retried = extract_with_pure_build(task, job)
        if isinstance(retried, Extraction):
            return retried
        reason += f" (and with the pure-Python sqlglot build: {retried})"
    return Extraction(unknown_lineage(task, f"lineage could not be worked out ({reason})"))


def unknown_lineage(task: Task, reason: str) -> TaskLineage:
    """Return `unknown` lineage for a task, with one diagnostic giving the reason."""
    where = Location(path=task.path, line=1)
    diagnostic = Diagnostic(code="unsupported-statement", message=reason, location=where)
    return TaskLineage(task=task.path, sha256=task.sha256, status="unknown",
                       diagnostics=(diagnostic,))


class RecordingSchema(Mapping[str, Mapping[str, str]]):
    """A schema that remembers every table it was asked for and did not hold.

    A task is shipped with only the tables its reference scan found; if extraction asks for
    one the scan missed, the driver sees it in `missed` and extracts the task again with it.
    """

    def __init__(self, tables: Schema) -> None:
        self._tables = tables
        self.missed: set[str] = set()

    def __getitem__(self, key: str) -> Mapping[str, str]:
        try:
            return self._tables[key]
        except KeyError:
            self.missed.add(key)
            raise

    def get(self, key: str, default: Any = None) -> Any:
        found = self._tables.get(key)
        if found is None:
            self.missed.add(key)
            return default
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


class TimeLimitExceeded(StatementInterrupted):
    """Raised in a worker thread whose task has used its time (`seconds` per statement).

    An `Exception`, so that extract_task's per-statement catch turns it into that statement's
    `unsupported-statement` diagnostic and goes on with the next statement.
    """

    seconds: float = 0.0

    def __str__(self) -> str:
        return f"time limit of {self.seconds:g} s per statement exceeded"


@contextmanager
def time_limit(seconds: float | None, statements: int) -> Iterator[Callable[[], None]]:
    """Interrupt the calling thread once it has run `seconds` × `statements`, then every `seconds`.

    Yields `restart`: calling it gives the thread `seconds` from now (`extract_task` calls it
    per statement, which makes the limit a per-statement one; work that does not call it keeps
    the budget pooled over the file's statements).

    The watchdog raises `TimeLimitExceeded` in the calling thread as an asynchronous exception,
    so it works in any thread (Dask runs tasks in worker threads, where signals cannot). It is
    delivered between Python bytecodes: code stuck inside one native call is left to the
    driver's deadline, which kills the worker process.
    """
    if not seconds:
        yield _no_restart
        return
    error = type("TimeLimitExceeded", (TimeLimitExceeded,), {"seconds": seconds})
    thread = threading.get_ident()
    token = _WATCHDOG.watch(thread, seconds * statements, seconds, error)
    try:
        yield lambda: _WATCHDOG.restart(token, seconds)
    finally:
        for _ in range(3):
            try:
                _WATCHDOG.release(token)
                _checkpoint()  # an interruption set just before the release is raised here
                break
            except TimeLimitExceeded:
                continue  # it fired just as the task finished: nothing left to interrupt


def _no_restart() -> None:
    """No time limit: nothing to restart."""


def _checkpoint() -> None:
    """Do nothing, in Python: entering a function is where a pending interruption is raised."""


class _Watchdog:
    """One thread per process that interrupts the threads it watches once past their deadline.

    A single polling thread, not a timer per task: starting a thread costs ~140 µs, a twentieth
    of a typical task's extraction.
    """

    POLL = 0.1

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._watched: dict[int, list[Any]] = {}  # token -> [deadline, thread, error, every]
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(
        self, thread: int, after: float, every: float, error: type[BaseException]
    ) -> int:
        """Start watching `thread`: interrupt it `after` seconds from now, then every `every`."""
        with self._lock:
            token = next(self._tokens)
            self._watched[token] = [time.monotonic() + after, thread, error, every]
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="lineage-watchdog",
                                                daemon=True)
                self._thread.start()
            return token

    def restart(self, token: int, seconds: float) -> None:
        """Set a watched thread's deadline to `seconds` from now."""
        with self._lock:
            entry = self._watched.get(token)
            if entry is not None:
                entry[0] = time.monotonic() + seconds

    def release(self, token: int) -> None:
        """Stop watching this task (no interruption is set after this returns).

        An interruption already set is not withdrawn with `PyThreadState_SetAsyncExc(id,
        NULL)`: that leaves the interpreter's async-exception flag raised, and under a profiler
        or tracer (cProfile, coverage, a debugger) CPython 3.11 then spins for ever at the next
        function call; the caller lets it be raised instead (`_checkpoint`).
        """
        with self._lock:
            self._watched.pop(token, None)

    def _run(self) -> None:
        while True:
            time.sleep(self.POLL)
            now = time.monotonic()
            with self._lock:
                for entry in self._watched.values():
                    if entry[0] <= now:
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(
                            ctypes.c_ulong(entry[1]), ctypes.py_object(entry[2])
                        )
                        entry[0] = now + entry[3]  # the next statements get their turn


_WATCHDOG = _Watchdog()
