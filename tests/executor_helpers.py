"""Functions that misbehave on purpose, and an executor that completes out of order, for the
executor tests.

They live in this small module, importing no more than the lineage code, because worker
processes import them by name: a spawned worker starts faster without the test module's imports.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine.executors import InProcessExecutor
from engine.lineage import Naming, extract_task
from engine.models import Task, TaskLineage


def poisoned_extract(
    task: Task, dialect: str | None, schema: Mapping[str, Mapping[str, str]], *,
    on_statement: Callable[[], None] | None = None, naming: Naming | None = None,
) -> TaskLineage:
    """`extract_task`, except for files that ask to crash, hang, or fail like sqlglotc might."""
    if "-- poison: crash" in task.text:
        os._exit(3)  # a worker dying in native code, as far as the pool can tell
    if "-- poison: noted sleep" in task.text:  # says it is stuck, for a test to act on
        with open(os.path.join(os.environ["POISON_NOTES"], task.path.replace("/", "_")), "w"):
            pass
        time.sleep(120)
    if "-- poison: sleep" in task.text:
        time.sleep(120)  # stuck in a native call: no time limit inside the worker can interrupt
    if "-- poison: spin" in task.text:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # stuck in Python: the worker's time limit can
            pass
    if "-- poison: compiled" in task.text:
        raise TypeError("int object expected; got str")  # the kind of error only mypyc raises
    return extract_task(task, dialect, schema, on_statement=on_statement, naming=naming)



@dataclass(frozen=True)
class Numbers:
    """A chunk of integers for executor-level tests."""

    items: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.items)

    def split(self) -> list[Numbers]:
        return [Numbers((i,)) for i in self.items]

    @property
    def deadline(self) -> float | None:
        return None


def double_unless_13(chunk: Numbers) -> list[int]:
    if 13 in chunk.items:
        os._exit(1)
    return [2 * i for i in chunk.items]


class ReversedExecutor:
    """Runs chunks one at a time and hands results back last first: a pool's completion order
    is not the submission order, and the result must not depend on it."""

    name = "reversed"
    workers = 1
    min_batch_bytes = 0

    def map_chunks(self, fn, chunks):  # type: ignore[no-untyped-def]
        return reversed(list(InProcessExecutor().map_chunks(fn, chunks)))

    def close(self, *, abandon: bool = False) -> None:
        return None
