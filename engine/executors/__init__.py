"""Where parse + lineage runs: in this process, on a local process pool, or on a Dask cluster.

An `Executor` maps a function over chunks of work and yields, per chunk, `Done(chunk, value)`
in completion order — or `Failed(chunk, reason)` for a one-task chunk that crashed or hung its
worker (a bigger chunk that does is split and its tasks retried one by one, so the task at
fault is the only one lost). Three implementations:

- `InProcessExecutor`: calls the function here (`--jobs 1`, and any batch too small to be worth
  starting processes for);
- `LocalPoolExecutor` (`pool.py`): a `spawn` process pool, so no worker inherits the parent's
  open Kùzu or SQLite handles, with workers recycled to bound memory;
- `DaskExecutor` (`dask_cluster.py`): a Dask distributed scheduler (`--executor dask://HOST:PORT`).

The functions and chunks shipped must be picklable: module-level functions, plain data
(`work.py`). This package's `__init__` imports neither sqlglot nor the lineage code, so that a
child process can still choose sqlglot's build (`purebuild.py`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from engine.errors import InputError

C = TypeVar("C", bound="Chunk")
R = TypeVar("R")

DEFAULT_EXECUTOR = "local"
# Below this much SQL in one batch the local pool runs it in this process instead: starting
# spawn workers (an interpreter plus sqlglot each) costs more than it saves. Measured on the
# demo: 40 KB of SQL extracts in 0.2 s in-process; a 2-worker pool needs 0.5 s to start.
MIN_PARALLEL_BYTES = 512 * 1024


class Chunk(Protocol):
    """Work for one call: a sequence of tasks that can be split into one-task chunks."""

    def __len__(self) -> int: ...

    def split(self) -> Sequence[Any]: ...

    @property
    def deadline(self) -> float | None:
        """Seconds the chunk may run before its worker is presumed stuck (None: no limit)."""


@dataclass(frozen=True)
class Done(Generic[C, R]):
    """A chunk and what the function returned for it."""

    chunk: C
    value: R


@dataclass(frozen=True)
class Failed(Generic[C]):
    """A one-task chunk whose worker crashed or hung on it, even alone; `reason` says which."""

    chunk: C
    reason: str


Outcome = Done[C, R] | Failed[C]


class Executor(Protocol):
    """Runs a function over chunks somewhere; see the module docstring."""

    name: str
    workers: int  # how many chunks run at once: chunk sizes are derived from it
    min_batch_bytes: int  # smaller batches are better run in this process

    def map_chunks(self, fn: Callable[[C], R], chunks: Iterable[C]) -> Iterator[Outcome[C, R]]:
        """Yield an outcome per chunk, in completion order."""
        ...

    def close(self, *, abandon: bool = False) -> None:
        """Release workers and connections; with `abandon` (an interrupt or failure is on
        its way up), at once: the work in flight is not waited for."""
        ...


class InProcessExecutor:
    """Runs every chunk here, in order. No isolation: a crash here is the run's crash."""

    name = "in-process"
    workers = 1
    min_batch_bytes = 0

    def map_chunks(self, fn: Callable[[C], R], chunks: Iterable[C]) -> Iterator[Outcome[C, R]]:
        for chunk in chunks:
            yield Done(chunk, fn(chunk))

    def close(self, *, abandon: bool = False) -> None:
        return None


class ExecutorError(InputError):
    """A bad `--executor` or `--jobs`, or an executor that cannot be reached (exit status 2)."""

    def __init__(self, option: str, message: str, hint: str | None = None) -> None:
        super().__init__(option, message, hint=hint)


def make_executor(spec: str = DEFAULT_EXECUTOR, jobs: int | None = None) -> Executor:
    """Return the executor `spec` names: `local` (with `jobs` processes) or `dask://HOST:PORT`.

    `jobs` None means one per core; 1 means in this process. Dask ignores it: the cluster's
    workers decide. Raises ExecutorError for anything else.
    """
    if jobs is not None and jobs < 1:
        raise ExecutorError("--jobs", f"must be at least 1, not {jobs}")
    if spec == "local":
        count = jobs or os.cpu_count() or 1
        if count == 1:
            return InProcessExecutor()
        from engine.executors.pool import LocalPoolExecutor

        return LocalPoolExecutor(count)
    address = dask_address(spec)
    from engine.executors.dask_cluster import DaskExecutor

    return DaskExecutor(address)


def dask_address(spec: str) -> str:
    """Return the scheduler address for `dask://HOST:PORT` (`tcp://HOST:PORT`; `tls://` kept)."""
    scheme, sep, rest = spec.partition("://")
    host, colon, port = rest.rpartition(":")
    valid = sep and scheme in ("dask", "tcp", "tls") and colon and host and port.isdigit()
    if not valid:
        raise ExecutorError(
            "--executor", f"unknown executor '{spec}'",
            hint="use 'local' or 'dask://HOST:PORT', the address of a Dask scheduler",
        )
    return f"{'tcp' if scheme == 'dask' else scheme}://{host}:{port}"


__all__ = [
    "DEFAULT_EXECUTOR", "Chunk", "Done", "Executor", "ExecutorError", "Failed",
    "InProcessExecutor", "Outcome", "dask_address", "make_executor",
]
