"""The lineage stage: every task's lineage, from the cache or extracted, producers first.

`analyse_lineage` is what the pipeline calls; `extract_all` is the fixed-point loop under it
(see its docstring). Where extraction runs is `engine.executors`' business; what one task's
lineage is, `engine.lineage`'s.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

from engine.cache import Extracted, Fingerprints, LineageCache, referenced, task_key
from engine.codec import PackedEdges, with_masking
from engine.config.catalog import Catalog
from engine.executors import DEFAULT_EXECUTOR, Executor, InProcessExecutor, make_executor
from engine.executors.plan import waves
from engine.executors.runner import ExtractionRunner
from engine.gcpause import gc_paused
from engine.inventory import GrowingSchema
from engine.lineage import LINEAGE_VERSION, Naming, canonical_function, extract_task
from engine.models import Diagnostic, Location, Task, TaskLineage
from engine.propagation import CanonicalRules
from engine.wildcards import WildcardIndex, is_wildcard

MAX_SCHEMA_PASSES = 8
# Seconds each statement of a task may take to parse, and again to analyse, before it is
# reported as a `parse-error`/`unsupported-statement` (unknown lineage) instead of holding up
# the run; real statements, even of thousands of lines, take well under a second.
STATEMENT_TIME_LIMIT = 60.0

Progress = Callable[[str, int, int], None]
Schema = Mapping[str, Mapping[str, str]]


def no_progress(stage: str, done: int, total: int) -> None:
    """The progress callback that reports nothing (the default)."""
    return None


@dataclass(frozen=True)
class LineageState:
    """A finished lineage stage, which a later run of the same configuration (catalog, code)
    starts from: tasks with the same SQL keep their lineage unless the schema they were
    extracted against moved (`extract_all(since=...)`)."""

    shas: Mapping[str, str]  # task -> sha256 of its SQL, in task order
    extracted: Mapping[str, Extracted]  # lineage as the run ended with it (masking marked)
    growing: GrowingSchema  # its schema is the run's final one
    readers: Mapping[str, list[str]]  # table -> tasks whose lineage referenced it


def extract_all(
    tasks: Sequence[Task],
    catalog: Catalog,
    progress: Progress = no_progress,
    cache: LineageCache | None = None,
    executor: Executor | None = None,
    *,
    time_limit: float | None = STATEMENT_TIME_LIMIT,
    stats: dict[str, int] | None = None,
    identities: dict[str, str] | None = None,
    since: LineageState | None = None,
    kept: set[str] | None = None,
    state: list[LineageState] | None = None,
) -> tuple[TaskLineage, ...]:
    """Return the lineage of every task, extracted against the columns every table ends up with.

    Tables that tasks create join the schema, which can change how other tasks resolve (a
    `SELECT *` from a created table), so extraction iterates to a fixed point: a result is kept
    only while the tables it referenced have the columns it was extracted against. Cached
    results enter the same loop, so a warm run re-extracts only what changed. The first pass
    runs in waves, producers before readers (`executors.plan`), so that most tasks are
    extracted once. `executor` (default: this process) runs the work; `time_limit` is seconds
    per statement; `stats`, if given, receives `extractions` and `passes`; `identities`, if
    given, receives each task's `lineage_identity`.

    `since` (a run of the same configuration, see `LineageState`) replaces the cache for the
    tasks whose SQL it had: only the others, and the tasks referencing a table whose columns
    moved, are looked up or checked; `kept` receives the tasks whose lineage is `since`'s
    as it was. `state`, if given, receives this run's `LineageState`.
    """
    base = catalog.schema()
    naming = catalog_naming(catalog)
    named = naming.key() if naming is not None else ""
    keys = {t.path: task_key(t, catalog.dialect, LINEAGE_VERSION, named) for t in tasks}
    reused = {} if since is None else {
        t.path: since.extracted[t.path] for t in tasks if since.shas.get(t.path) == t.sha256}
    wanted = [keys[t.path] for t in tasks if t.path not in reused]
    cached = cache.load(wanted) if cache and wanted else {}
    done = dict(reused)
    done.update((t.path, cached[keys[t.path]]) for t in tasks if keys[t.path] in cached)
    todo = [t for t in tasks if t.path not in done]
    order = {t.path: i for i, t in enumerate(tasks)}
    runner = ExtractionRunner(
        catalog.dialect, executor or InProcessExecutor(), extract=extract_task,
        time_limit=time_limit, progress=progress, naming=naming, positions=order,
    )
    readers: dict[str, list[Task]] | None = None
    if since is not None and tuple(since.shas) == tuple(order):
        growing, schema, first, readers = _advance(since, reused, runner, tasks, todo, done,
                                                   base, order)
    else:
        growing = GrowingSchema(base, order)
        schema = _extract_in_waves(runner, todo, done, base, growing)
        first = tasks
    passes, fresh, unsettled = _settle(runner, tasks, done, growing, schema, order,
                                       first=first, readers=readers)
    fresh.update(t.path for t in todo)
    if kept is not None:
        kept.update(p for p, e in reused.items() if done[p] is e)
    if cache is not None and fresh:
        cache.store({keys[p]: done[p] for p in sorted(fresh)})
    if stats is not None:
        stats.update(extractions=runner.extractions, passes=passes)
    if identities is not None:
        identities.update((p, lineage_identity(keys[p], done[p])) for p in keys)
    if state is not None and not unsettled:  # a later run may trust only a fixed point
        if readers is None:
            readers = _index_readers({}, tasks, done)
        state.append(LineageState(
            shas={t.path: t.sha256 for t in tasks}, extracted=done, growing=growing,
            readers={table: [t.path for t in found] for table, found in readers.items()}))
    return tuple(_unsettled(done[t.path].lineage) if t.path in unsettled else done[t.path].lineage
                 for t in tasks)


def _unsettled(lineage: TaskLineage) -> TaskLineage:
    """`lineage`, extracted against columns that changed again after its last extraction,
    with a diagnostic saying so (never cached: the next run extracts it again)."""
    note = Diagnostic(
        code="unresolved-column",
        message=f"the columns of the tables this task reads were still changing after"
                f" {MAX_SCHEMA_PASSES} pass{'' if MAX_SCHEMA_PASSES == 1 else 'es'} over the"
                " warehouse (tables defined from each other in a cycle?), so its column lineage"
                " may be out of date",
        location=Location(path=lineage.task, line=1),
    )
    return lineage.model_copy(update={
        "diagnostics": (*lineage.diagnostics, note),
        "status": "partial" if lineage.status == "ok" else lineage.status,
    })


def _advance(
    since: LineageState, reused: Mapping[str, Extracted], runner: ExtractionRunner,
    tasks: Sequence[Task], todo: Sequence[Task], done: dict[str, Extracted], base: Schema,
    order: Mapping[str, int],
) -> tuple[GrowingSchema, Schema, list[Task], dict[str, list[Task]]]:
    """The same tasks as `since`, in the same order: extract `todo` and advance since's schema
    by the tasks whose SQL differs (those not `reused`). Returns the schema, what the first
    settling pass must check (those tasks, and the readers of every table whose columns moved)
    and the readers index."""
    before = since.growing.update(())  # nothing given: nothing changes
    growing = since.growing.copy()
    other = [t for t in tasks if t.path not in reused]
    schema = _extract_in_waves(runner, todo, done, base, growing, grown=growing.update(
        done[t.path].lineage for t in other if t.path in done))
    moved = [t for t in schema.keys() | before.keys() if schema.get(t) != before.get(t)]
    by_path = {t.path: t for t in tasks}
    readers = {table: [by_path[p] for p in paths] for table, paths in since.readers.items()}
    readers = _index_readers(readers, other, done)
    check = {t.path: t for t in other}
    check.update((r.path, r) for r in _readers_of(readers, moved))
    return growing, schema, sorted(check.values(), key=lambda t: order[t.path]), readers


def lineage_identity(key: str, extracted: Extracted) -> str:
    """What a task's lineage is a function of: its cache key (text, path, dialect, code) and
    the fingerprint of the schema it was extracted against. Equal identities mean equal
    lineage, so a stored graph can tell which tasks' rows to replace without comparing them."""
    return hashlib.sha256(f"{key}\0{extracted.fingerprint}".encode()).hexdigest()[:32]


def _extract_in_waves(
    runner: ExtractionRunner, todo: Sequence[Task], done: dict[str, Extracted], base: Schema,
    growing: GrowingSchema, grown: Schema | None = None,
) -> Schema:
    """Extract `todo` into `done`, producers first; return the schema grown by the results.

    The schema is the catalog's plus the tables tasks create, the first creator in task order
    defining a table's columns and later files' ALTERs changing them file by file
    (`GrowingSchema`, `engine.altered`) — never the order results came back in, which a
    worker pool does not fix (it made 0.3% of a generated warehouse's lineage differ between
    runs).
    """
    if todo:
        runner.progress("lineage", 0, len(todo))
    # only names that can be in the schema: catalog tables, and tables some task writes
    known = {*base, *(t for e in done.values() for t in e.lineage.writes)}
    refs = runner.scan(todo, known)
    # `grown`: `growing` already holds what `done` defines
    schema = grown if grown is not None else growing.update(e.lineage for e in done.values())
    declared = frozenset(t for t, columns in base.items() if columns)
    extracted = 0
    for wave in waves(todo, refs, declared):
        # each task's references are dropped once shipped: they are many small strings
        wave_refs = {t.path: refs.pop(t.path) for t in wave}
        found = runner.extract(wave, schema, wave_refs, done_before=extracted, total=len(todo))
        extracted += len(found)
        prints = Fingerprints(schema, growing.order)
        done.update((p, Extracted.of(lineage, prints)) for p, lineage in found.items())
        schema = growing.update(found.values())
    return schema


def _settle(
    runner: ExtractionRunner, tasks: Sequence[Task], done: dict[str, Extracted],
    growing: GrowingSchema, schema: Schema, order: Mapping[str, int], *,
    first: Sequence[Task], readers: dict[str, list[Task]] | None = None,
) -> tuple[int, set[str], set[str]]:
    """Re-extract what the final schema invalidated, to a fixed point; return (passes,
    redone, the tasks still invalid when MAX_SCHEMA_PASSES ran out: none at a fixed point).

    The first pass checks `first` (every task, or those a `since` run could not vouch for). A
    later one checks only the tasks just re-extracted and those referencing a table whose
    columns the last pass changed: any other task's tables have the same digests as when it
    was last found valid (at 100k tasks each full check costs about 2 s, and a warm run with
    changed schemas takes two or three passes). `readers`, if given, indexes every task.
    """
    passes, redone = 1, set()
    check: Sequence[Task] = first
    while True:
        prints = Fingerprints(schema, growing.order)
        stale = [t for t in check if not done[t.path].valid_for(prints)]
        if not stale or passes >= MAX_SCHEMA_PASSES:
            return passes, redone, {t.path for t in stale}
        passes += 1
        found = runner.extract(stale, schema, runner.scan(stale, schema))
        done.update((p, Extracted.of(lineage, prints)) for p, lineage in found.items())
        redone.update(found)
        before, schema = schema, growing.update(found.values())
        # built on the first re-extraction only; later, what re-extracted tasks reference now
        # is added (an entry left from before only costs a check)
        readers = _index_readers(readers or {}, tasks if readers is None else stale, done)
        changed = [t for t in schema.keys() | before.keys() if schema.get(t) != before.get(t)]
        again = {t.path: t for t in stale}
        again.update((r.path, r) for r in _readers_of(readers, changed))
        check = sorted(again.values(), key=lambda t: order[t.path])


def _index_readers(readers: dict[str, list[Task]], tasks: Sequence[Task],
                   done: Mapping[str, Extracted]) -> dict[str, list[Task]]:
    """Add `tasks` to `readers` (table -> the tasks whose lineage referenced it, as
    `cache.referenced` says); return it."""
    for t in tasks:
        for table in referenced(done[t.path].lineage):
            readers.setdefault(table, []).append(t)
    return readers


def _readers_of(readers: Mapping[str, list[Task]], tables: Sequence[str]) -> Iterator[Task]:
    """The tasks whose lineage referenced one of `tables`, by name or through a BigQuery
    wildcard that matches it (a table appearing changes what `ds.events_*` reads)."""
    for table in tables:
        yield from readers.get(table, ())
    if tables:  # each wildcard looked up once among the tables (sorted once), not per table
        index = WildcardIndex(tables)
        for wildcard in [w for w in readers if is_wildcard(w)]:
            if index.matching(wildcard):
                yield from readers[wildcard]


def mark_masking(lineage: Sequence[TaskLineage], masking: frozenset[str],
                 skip: Set[str] = frozenset()) -> tuple[TaskLineage, ...]:
    """Return the lineage with `masking` set on every edge whose path has a masking function
    (tasks in `skip` are marked already)."""

    if not masking:
        return tuple(lineage)
    # A warehouse has few distinct function lists and millions of edges: decide each once.
    masks: dict[tuple[str, ...], bool] = {}

    def masks_(functions: tuple[str, ...]) -> bool:
        found = masks.get(functions)
        if found is None:
            found = masks[functions] = bool(masking.intersection(functions))
        return found

    def marked(task: TaskLineage) -> TaskLineage:
        # the summary lists its few distinct function lists: most tasks are not decoded
        if task.task in skip or not any(masks_(f) for f in task.summary.functions):
            return task
        if isinstance(task.edges, PackedEdges):
            return with_masking(task, masks_)  # marked in the encoding, never decoded
        edges = tuple(replace(e, masking=True) if masks_(e.functions) else e for e in task.edges)
        wide = tuple(replace(w, masking=True) if masks_(w.functions) else w for w in task.wide)
        return task.model_copy(update={"edges": edges, "wide": wide})

    with gc_paused(keep=True):  # only allocates what the run keeps: see engine.gcpause
        return tuple(marked(t) for t in lineage)


def catalog_naming(catalog: Catalog) -> Naming | None:
    """How the SQL's table names are given `catalog`'s form (`engine.lineage.naming`); None
    for a catalog that declares no asset."""
    names = catalog.spec.names
    return Naming.of(catalog.assets, names.database, names.schema_, catalog.dialect)


def analyse_lineage(
    tasks: Sequence[Task],
    catalog: Catalog,
    *,
    progress: Progress = no_progress,
    cache_path: Path | None = None,
    jobs: int | None = None,
    executor: str = DEFAULT_EXECUTOR,
    time_limit: float | None = STATEMENT_TIME_LIMIT,
    identities: dict[str, str] | None = None,
    since: LineageState | None = None,
    state: list[LineageState] | None = None,
) -> tuple[tuple[TaskLineage, ...], CanonicalRules]:
    """Return every task's lineage (cached by content, masking flags set) and the tag rules.

    The rules spell function names the way edges do, so masking and aggregation rules match.
    `jobs` (default: one per core) and `executor` (`local` or `dask://HOST:PORT`) say where
    parse + lineage runs; see `engine.executors`. `identities`, if given, receives each
    task's `lineage_identity`. `since` and `state`: see `extract_all` (`state` then holds the
    lineage with its masking marked).
    """
    rules = CanonicalRules(catalog, lambda name: canonical_function(name, catalog.dialect))
    cache = LineageCache(cache_path) if cache_path is not None else None
    workers = make_executor(executor, jobs)
    # Workers elsewhere parse (sqlglot trees are cyclic); this process then only receives
    # results, which the cyclic collector would walk again and again for nothing.
    pause = nullcontext() if isinstance(workers, InProcessExecutor) else gc_paused(keep=True)
    kept: set[str] = set()  # since's lineage as it was: marked already
    try:
        with pause:
            lineage = extract_all(tasks, catalog, progress, cache, workers, time_limit=time_limit,
                                  identities=identities, since=since, kept=kept, state=state)
    except BaseException:
        workers.close(abandon=True)  # an interrupt: end the workers, do not wait for them
        raise
    else:
        workers.close()
    finally:
        if cache is not None:
            cache.close()
    marked = mark_masking(lineage, rules.masking_functions, skip=kept)
    if state:
        ended = state[-1].extracted

        def as_marked(t: TaskLineage) -> Extracted:
            e = ended[t.task]
            return e if e.lineage is t else Extracted(t, e.fingerprint)  # kept: marked already

        state[-1] = replace(state[-1], extracted={t.task: as_marked(t) for t in marked})
    return marked, rules


def default_cache_path(catalog: Catalog) -> Path:
    """Return where the lineage cache lives: `cache.sqlite` beside the graph."""
    return catalog.graph_path.parent / "cache.sqlite"
