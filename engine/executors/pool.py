"""A local process pool that survives workers that crash or hang.

`concurrent.futures.ProcessPoolExecutor` with the `spawn` start method (a forked child would
inherit the parent's open Kùzu and SQLite handles), workers recycled after a number of chunks
so memory a long run fragments is given back, and chunks kept in flight in a bounded window so
that pending work is never all pickled at once.

When a worker dies (a segfault in native code, the OOM killer, `os._exit`), the pool is broken
and every chunk in flight fails with it. Each worker notes the chunk it starts on a queue, so
the chunks that were running are known: the others are resubmitted as they were; each running
one is split and its tasks retried one per chunk, and a one-task chunk that was running beside
others is then run alone. A task that breaks the pool when alone is `Failed`. A chunk that runs
past its deadline (a worker stuck in native code, where the worker-side time limit cannot
interrupt it) is handled the same way, after the pool's workers are killed.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import threading
import time
import warnings
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from engine.executors import MIN_PARALLEL_BYTES, Chunk, Done, Failed, InProcessExecutor, Outcome

CHUNKS_PER_WORKER_LIFE = 200  # then the worker is replaced by a fresh one (~1 s to start)
POLL_SECONDS = 0.2  # how often deadlines are checked while chunks run
MAX_STRIKES = 3  # a chunk caught in this many pool failures is a suspect even if never seen start

_started_queue: Any = None  # in a worker: where it notes each chunk it starts


def _init_worker(queue: Any, parent: int) -> None:
    global _started_queue
    _started_queue = queue
    # Ctrl-C reaches the whole process group: the parent decides (it kills the pool). A
    # worker interrupted inside a queue operation could leave the pool's shutdown waiting for
    # ever, and each would print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker whose parent was killed (SIGKILL, a CI timeout) would otherwise wait for work
    # for ever: it leaves when it is orphaned.
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _run_noted(fn: Callable[[Any], Any], key: int, chunk: Any) -> Any:
    # A SimpleQueue writes synchronously: the note is out before the chunk can crash the worker.
    _started_queue.put(key)
    return fn(chunk)


@dataclass
class _Flight:
    """Chunks submitted to the current pool, by future, and which ones were seen to start."""

    futures: dict[Future[Any], tuple[int, Any]] = field(default_factory=dict)
    started: dict[int, float] = field(default_factory=dict)  # key -> when first seen running


class LocalPoolExecutor:
    """A process pool of `jobs` workers; see the module docstring."""

    name = "local"

    def __init__(
        self, jobs: int, *, min_batch_bytes: int = MIN_PARALLEL_BYTES,
        chunks_per_worker: int = CHUNKS_PER_WORKER_LIFE,
    ) -> None:
        self.workers = jobs
        self._min_batch_bytes = min_batch_bytes
        self._chunks_per_worker = chunks_per_worker
        self._context = multiprocessing.get_context("spawn")
        self._pool: ProcessPoolExecutor | None = None
        self._queue: Any = None
        self._keys = 0
        self._any_started = False  # whether a worker of the current pool ever began a chunk
        self._unusable = False  # workers cannot start here: everything runs in this process

    @property
    def min_batch_bytes(self) -> int:
        """Below this much SQL a batch is better run in-process: until workers are running."""
        return 0 if self._pool is not None else self._min_batch_bytes

    @min_batch_bytes.setter
    def min_batch_bytes(self, value: int) -> None:
        self._min_batch_bytes = value

    def map_chunks(
        self, fn: Callable[[Any], Any], chunks: Iterable[Chunk]
    ) -> Iterator[Outcome[Any, Any]]:
        """Yield Done/Failed per chunk, in completion order; see the module docstring."""
        source = iter(chunks)
        retry: deque[Chunk] = deque()  # chunks to resubmit (innocent, or split suspects)
        alone: deque[Chunk] = deque()  # one-task suspects, to run one at a time
        strikes: Counter[int] = Counter()
        flight = _Flight()
        try:
            while not self._unusable:
                if not flight.futures:
                    if alone:
                        yield from self._run_alone(fn, alone.popleft())
                        continue
                    if not self._fill(fn, flight, retry, source):
                        return
                elif not alone:
                    self._fill(fn, flight, retry, source)
                yield from self._collect(fn, flight, retry, alone, strikes)
        except _WorkersCannotStart:
            self._unusable = True
            warnings.warn(
                "lineage-policy: worker processes could not start (a script that calls the "
                "engine needs an `if __name__ == '__main__':` guard); extracting in this process",
                RuntimeWarning, stacklevel=2,
            )
        except BaseException:
            # the caller gave up (GeneratorExit) or an interrupt came while waiting: the
            # workers are not waited on (they may be stuck, and would finish their chunks)
            if flight.futures:
                self._discard_pool()
            raise
        leftovers = [c for _, c in flight.futures.values()] + [*retry, *alone]
        yield from InProcessExecutor().map_chunks(fn, itertools.chain(leftovers, source))

    def _fill(self, fn: Callable[[Any], Any], flight: _Flight, retry: deque[Chunk],
              source: Iterator[Chunk]) -> bool:
        """Submit chunks until the window is full; False if there was nothing to submit."""
        window = self.workers * 2
        while len(flight.futures) < window:
            chunk = retry.popleft() if retry else next(source, None)
            if chunk is None:
                break
            if not self._submit(fn, flight, chunk):
                retry.appendleft(chunk)  # the pool broke under us: `_collect` triages it
                break
        return bool(flight.futures)

    def _submit(self, fn: Callable[[Any], Any], flight: _Flight, chunk: Chunk) -> bool:
        pool = self._ensure_pool()
        try:
            future = pool.submit(_run_noted, fn, self._keys + 1, chunk)
        except BrokenProcessPool:
            # A worker died since the last look; its chunk's future says so, and is in flight.
            if not flight.futures:
                raise
            return False
        self._keys += 1
        flight.futures[future] = (self._keys, chunk)
        return True

    def _collect(
        self, fn: Callable[[Any], Any], flight: _Flight, retry: deque[Chunk], alone: deque[Chunk],
        strikes: Counter[int],
    ) -> Iterator[Outcome[Any, Any]]:
        """Wait for some chunks; yield what finished; on a broken or hung pool, triage the rest."""
        done, _ = wait(flight.futures, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
        self._note_started(flight)
        broken = False
        for future in done:
            _, chunk = flight.futures[future]
            error = future.exception()
            if isinstance(error, BrokenProcessPool):
                broken = True  # a worker died: every chunk in flight failed with it
                continue
            del flight.futures[future]
            if error is None:
                yield Done(chunk, future.result())
            elif len(chunk) > 1:
                retry.extend(chunk.split())  # the function let an exception out: find the task
            else:
                yield Failed(chunk, _failure_reason(error))
        hung = self._overdue(flight)
        if broken or hung is not None:
            yield from self._triage(flight, retry, alone, strikes, hung)

    def _note_started(self, flight: _Flight) -> None:
        now = time.monotonic()
        while self._queue is not None and not self._queue.empty():
            flight.started.setdefault(self._queue.get(), now)
            self._any_started = True

    def _overdue(self, flight: _Flight) -> int | None:
        """Return the key of a running chunk past its deadline, if any."""
        now = time.monotonic()
        for key, chunk in flight.futures.values():
            since = flight.started.get(key)
            if since is not None and chunk.deadline is not None and now - since > chunk.deadline:
                return key
        return None

    def _triage(
        self, flight: _Flight, retry: deque[Chunk], alone: deque[Chunk], strikes: Counter[int],
        hung: int | None,
    ) -> Iterator[Outcome[Any, Any]]:
        """Sort the chunks of a failed pool into resubmit, split, run alone, or failed."""
        self._note_started(flight)
        if not self._any_started:
            # Not one chunk began on this pool: its workers die starting, not on a task.
            self._discard_pool()
            raise _WorkersCannotStart
        self._discard_pool()
        for future, (_, chunk) in list(flight.futures.items()):
            if future.done() and not future.cancelled() and future.exception() is None:
                del flight.futures[future]  # finished just before the pool failed
                yield Done(chunk, future.result())
        running = [(k, c) for k, c in flight.futures.values() if k in flight.started]
        for key, chunk in flight.futures.values():
            strikes[key] += 1
            suspect = key == hung if hung is not None else (
                key in flight.started or strikes[key] >= MAX_STRIKES
            )
            if not suspect:
                retry.append(chunk)  # never started, or killed beside the chunk that hung
            elif len(chunk) > 1:
                retry.extend(chunk.split())
            elif key == hung:
                yield Failed(chunk, f"worker timed out after {chunk.deadline:g} s and was killed")
            elif len(running) == 1:
                yield Failed(chunk, _failure_reason(BrokenProcessPool()))
            else:
                alone.append(chunk)
        flight.futures.clear()
        flight.started.clear()

    def _run_alone(self, fn: Callable[[Any], Any], chunk: Chunk) -> Iterator[Outcome[Any, Any]]:
        """Run one suspect chunk with nothing beside it: if the pool fails now, it is the cause."""
        flight = _Flight()
        self._submit(fn, flight, chunk)
        (future,) = flight.futures
        while not future.done():
            wait([future], timeout=POLL_SECONDS)
            self._note_started(flight)
            if not future.done() and self._overdue(flight) is not None:
                self._discard_pool()
                yield Failed(chunk, f"worker timed out after {chunk.deadline:g} s and was killed")
                return
        error = future.exception()
        if error is None:
            yield Done(chunk, future.result())
            return
        if isinstance(error, BrokenProcessPool):
            self._discard_pool()
        yield Failed(chunk, _failure_reason(error))

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._any_started = False
            self._queue = self._context.SimpleQueue()
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=self._context, initializer=_init_worker,
                initargs=(self._queue, os.getpid()), max_tasks_per_child=self._chunks_per_worker,
            )
        return self._pool

    def _discard_pool(self) -> None:
        """Kill the pool's workers (some may be stuck) and forget it; the next submit makes one."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # CPython keeps the workers in `_processes`; Python 3.14 adds a public kill_workers().
        kill = getattr(pool, "kill_workers", None)
        if kill is not None:
            kill()
        else:
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
        pool.shutdown(wait=True, cancel_futures=True)
        self._queue = None

    def close(self, *, abandon: bool = False) -> None:
        """Shut the pool down (workers start nothing further); with `abandon`, kill them: a
        Ctrl-C must not wait for the chunks running (up to a statement's time limit each)."""
        if abandon:
            self._discard_pool()
            return
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


class _WorkersCannotStart(Exception):
    """The pool broke before any worker began a chunk."""


def _failure_reason(error: BaseException | None) -> str:
    if isinstance(error, BrokenProcessPool):
        return ("worker process crashed while extracting this task (it died: a crash in native "
                "code, memory exhausted, or killed)")
    return f"worker failed on this task ({type(error).__name__}: {str(error)[:200]})"
