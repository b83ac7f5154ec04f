"""Scan and extract batches of tasks on an executor, and merge what comes back.

The driver's half of `work.py`: it cuts a batch into chunks (lazily, so only the chunks in
flight exist at once), ships each with the part of the schema its tasks may reference, turns
a task whose worker crashed or hung into `unknown` lineage with the reason, and ships again,
with the tables it asked for, a task whose extraction looked up a table the scan missed (for
a BigQuery wildcard, `ds.events_*`, the tables its prefix matches).
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from functools import lru_cache, partial
from itertools import chain

from engine.altered import AlteredColumns, view
from engine.codec import packed
from engine.executors import Done, Executor, InProcessExecutor
from engine.executors.plan import chunked, schema_subset
from engine.executors.work import (
    ExtractFn,
    Extraction,
    ExtractJob,
    ScanJob,
    Schema,
    extract_chunk,
    scan_chunk,
    unknown_lineage,
)
from engine.lineage import Naming
from engine.lineage.references import References
from engine.models import Task, TaskLineage
from engine.wildcards import WildcardIndex, is_wildcard

Progress = Callable[[str, int, int], None]
MAX_RESHIPS = 3  # then a task that keeps asking for more tables gets the whole schema


class ExtractionRunner:
    """Runs scans and extractions for one run: its dialect, executor, time limit, progress."""

    def __init__(
        self, dialect: str | None, executor: Executor, *, extract: ExtractFn,
        time_limit: float | None, progress: Progress, naming: Naming | None = None,
        positions: Mapping[str, int] | None = None,
    ) -> None:
        self.dialect = dialect
        self.positions = positions or {}  # task path -> its place in task order
        self.naming = naming  # the catalog's names: tasks resolve theirs to them
        # The catalog's form of a scanned name (`Naming.form`): the name a task resolves it
        # to, so what it is shipped and ordered by (a name it keeps as written, if asked for,
        # is shipped on a second try). Names repeat across tasks; the cache is bounded.
        self._form: Callable[[str], str] = (
            lru_cache(maxsize=1 << 18)(naming.form) if naming is not None else str
        )
        self.executor = executor
        self.extract_fn = extract
        self.time_limit = time_limit
        self.progress = progress
        self.extractions = 0  # tasks extracted so far (a measure of wasted work)
        self._inline = InProcessExecutor()

    def _on(self, tasks: Sequence[Task]) -> Executor:
        """The executor for a batch: too little SQL is not worth shipping to other processes."""
        size = sum(len(t.text) for t in tasks)
        return self.executor if size >= self.executor.min_batch_bytes else self._inline

    def scan(self, tasks: Sequence[Task], known: Collection[str]) -> dict[str, References]:
        """Return the tables each task may reference and write (empty where a scan failed).

        A task's tables are only those in `known` or written by one of `tasks`: the names
        the schema can hold. The scan reports every dotted name in a file (aliases, columns),
        and until every task's writes are known each task's names are held marshalled (760
        bytes a task at 10k, against ~5 KB as a set of strings: 1M tasks' grew the driver by
        over 10 GB).
        """
        executor = self._on(tasks)
        jobs = (ScanJob(self.dialect, c, self.time_limit) for c in chunked(tasks, executor.workers))
        out: dict[str, References] = {t.path: References() for t in tasks}
        held: dict[str, tuple[bytes, frozenset[str], frozenset[str]]] = {}
        writes: set[str] = set()
        for outcome in executor.map_chunks(scan_chunk, jobs):
            if isinstance(outcome, Done):
                for path, refs in outcome.value:
                    wrote = frozenset(map(self._form, refs.writes))
                    changed = frozenset(map(self._form, refs.changes))
                    held[path] = (marshal.dumps(tuple(refs.tables)), wrote, changed)
                    writes.update(wrote)
        wildcards = WildcardIndex(chain(known, writes))
        for path, (tables, wrote, changed) in held.items():
            names = [self._form(n) for n in marshal.loads(tables)]
            found = [n for n in names if n in known or n in writes]
            found += [m for n in names if is_wildcard(n) for m in wildcards.matching(n)]
            out[path] = References(frozenset(found), wrote, changed)
        return out

    def extract(
        self, tasks: Sequence[Task], schema: Schema, refs: Mapping[str, References],
        done_before: int = 0, total: int | None = None,
    ) -> dict[str, TaskLineage]:
        """Return the lineage of `tasks` extracted against `schema`, by task path.

        Progress counts from `done_before` to `total` (waves of one pass share a counter).
        """
        total = total if total is not None else len(tasks)
        out: dict[str, TaskLineage] = {}
        shipped = {t.path: refs[t.path].tables for t in tasks}
        wildcards = WildcardIndex(schema)
        batch = list(tasks)
        for attempt in range(MAX_RESHIPS + 1):
            again: list[Task] = []
            for task, result in self._run(batch, schema, shipped, whole=attempt == MAX_RESHIPS):
                wanted = {t for t in result.missed if t in schema}
                wanted.update(m for t in result.missed if is_wildcard(t)
                              for m in wildcards.matching(t))
                wanted -= shipped[task.path]
                if wanted:
                    shipped[task.path] = shipped[task.path] | wanted
                    again.append(task)
                    continue
                out[task.path] = packed(result.lineage)  # (a retry in the pure build is not)
                self.progress("lineage", done_before + len(out), total)
            if not again:
                break
            batch = again
        return out

    def _views(self, chunk: Sequence[Task], part: Schema) -> dict[str, Schema]:
        """Per task of `chunk`, the tables of `part` it sees otherwise than `part` has them:
        those later files ALTER, as the files before it left them (`engine.altered`)."""
        altered = [t for t, columns in part.items() if type(columns) is AlteredColumns]
        if not altered:
            return {}
        return {task.path: {t: view(part[t], self.positions.get(task.path)) for t in altered}
                for task in chunk}

    def _run(
        self, tasks: Sequence[Task], schema: Schema, shipped: Mapping[str, frozenset[str]],
        whole: bool,
    ) -> Iterator[tuple[Task, Extraction]]:
        executor = self._on(tasks)
        fn = partial(extract_chunk, extract=self.extract_fn)

        def jobs() -> Iterator[ExtractJob]:
            for chunk in chunked(tasks, executor.workers):
                tables = {t for task in chunk for t in shipped[task.path]}
                part = schema if whole else schema_subset(tables, schema)
                yield ExtractJob(self.dialect, chunk, part, self.time_limit, self.naming,
                                 self._views(chunk, part))

        for outcome in executor.map_chunks(fn, jobs()):
            chunk_tasks = outcome.chunk.tasks
            self.extractions += len(chunk_tasks)
            if isinstance(outcome, Done):
                yield from zip(chunk_tasks, outcome.value, strict=True)
            else:
                (task,) = chunk_tasks
                yield task, Extraction(unknown_lineage(task, outcome.reason))
