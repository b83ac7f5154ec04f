"""Parse + lineage on a Dask distributed cluster (`--executor dask://HOST:PORT`).

Chunks go to the scheduler with `client.submit`, a bounded window at a time (so a warehouse of a
million files is never serialized at once), and come back as `TaskLineage` data. Each chunk
carries its SQL text and only the part of the schema its tasks may reference, so workers need
neither the repository nor the catalog — only the same `lineage-policy` (and sqlglot) version.

Faults: a worker that dies is Dask's to handle — it reschedules the chunk elsewhere and, after
`distributed.scheduler.allowed-failures` deaths, fails it with `KilledWorker`; such a chunk is
split and its tasks retried one by one, and a one-task chunk that still kills workers is
`Failed`. A chunk not back long after its deadline (a worker thread stuck in native code, which
the worker-side time limit cannot interrupt) is abandoned the same way; that worker's thread
stays busy until the worker is restarted.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from engine.executors import Chunk, Done, ExecutorError, Failed, Outcome

POLL_SECONDS = 0.5
CONNECT_SECONDS = 10  # Dask retries a refused connection until then


class DaskExecutor:
    """Runs chunks on the Dask scheduler at `address` (`tcp://HOST:PORT`)."""

    name = "dask"
    min_batch_bytes = 0  # asked for explicitly: everything goes to the cluster

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError as error:
            raise ExecutorError(
                "--executor", "Dask is not installed",
                hint="pip install 'lineage-policy[dask]' (the same version on every worker)",
            ) from error
        try:
            self._client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise ExecutorError(
                "--executor", f"cannot reach the Dask scheduler at {address} ({error})",
                hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`",
            ) from error
        self.address = address
        self.workers = max(1, sum(self._client.nthreads().values()))
        self._check_versions()

    def _check_versions(self) -> None:
        """Refuse workers running other code: their lineage would be cached as this version's."""
        from engine.executors.work import versions

        ours = versions()
        theirs = self._client.run(versions)
        wrong = sorted(w for w, v in theirs.items() if tuple(v) != ours)
        if wrong:
            self._client.close()
            raise ExecutorError(
                "--executor", f"Dask workers run another lineage-policy or sqlglot version than "
                f"this one ({ours[0]}, lineage code {ours[1]}): {', '.join(wrong)}",
                hint="install the same version on every worker",
            )

    def map_chunks(
        self, fn: Callable[[Any], Any], chunks: Iterable[Chunk]
    ) -> Iterator[Outcome[Any, Any]]:
        """Yield Done/Failed per chunk, in completion order."""
        from distributed import wait

        source, retry = iter(chunks), deque[Chunk]()
        flight: dict[Any, tuple[Chunk, float]] = {}
        while True:
            while len(flight) < self.workers * 2:
                chunk = retry.popleft() if retry else next(source, None)
                if chunk is None:
                    break
                flight[self._client.submit(fn, chunk, pure=False)] = (chunk, time.monotonic())
            if not flight:
                return
            try:
                with self._client.as_current():  # `wait` finds the client this way only
                    wait(list(flight), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
            except TimeoutError:
                pass
            yield from self._collect(flight, retry)

    def _collect(
        self, flight: dict[Any, tuple[Chunk, float]], retry: deque[Chunk]
    ) -> Iterator[Outcome[Any, Any]]:
        now = time.monotonic()
        for future, (chunk, submitted) in list(flight.items()):
            overdue = chunk.deadline is not None and now - submitted > 2 * chunk.deadline
            if future.status == "finished":
                del flight[future]
                yield Done(chunk, future.result())
            elif future.status in ("error", "cancelled", "lost") or overdue:
                del flight[future]
                reason = _reason(future, chunk) if not overdue else (
                    f"no result from the Dask cluster within {2 * chunk.deadline:g} s "
                    "(its worker may be stuck)"
                )
                future.cancel()
                if len(chunk) > 1:
                    retry.extend(chunk.split())
                else:
                    yield Failed(chunk, reason)

    def close(self, *, abandon: bool = False) -> None:
        """Disconnect from the scheduler (the cluster keeps running; its tasks are dropped with
        the client either way)."""
        self._client.close()


def _reason(future: Any, chunk: Chunk) -> str:
    if future.status != "error":
        return f"the Dask cluster lost this task ({future.status})"
    error = future.exception()
    name = type(error).__name__
    if name == "KilledWorker":
        return f"Dask workers died while extracting this task ({name})"
    return f"Dask worker failed on this task ({name}: {str(error)[:200]})"
