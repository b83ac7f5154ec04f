"""The pipeline: catalog + policies + SQL -> lineage -> graph -> tags -> findings.

`run()` prints nothing and writes only the graph (atomically); reports are written by
`engine.reports`. Config errors raise `InputErrors` before anything is analysed or written.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from engine import __version__
from engine.config.catalog import Catalog, load_catalog
from engine.facts import DeclassifyEntry, WaiverRecord, declared_facts
from engine.policies.loader import PolicySet, load_policies
from engine.findings import finalise
from engine.graph import build_graph
from engine.cache import Extracted, LineageCache, task_key
from engine.executors import DEFAULT_EXECUTOR, Executor, InProcessExecutor, make_executor
from engine.executors.plan import waves
from engine.executors.runner import ExtractionRunner
from engine.lineage.references import References
from engine.inventory import build_inventory, discovered_schema
from engine.lineage import LINEAGE_VERSION, canonical_function, extract_task
from engine.models import (
    AssetInfo,
    BaseInfo,
    Impact,
    Finding,
    Frozen,
    LineageEdge,
    Location,
    TagInfo,
    Task,
    TagAssignments,
    TaskLineage,
    WideEdge,
)
from engine.policies import evaluate
from engine.policies.base import EvalContext
from engine.propagation import CanonicalRules, propagate
from engine.sources import collect, relative_posix

SCHEMA_VERSION = 1
MAX_SCHEMA_PASSES = 8
# Seconds each statement of a task may take to parse and analyse, before it is reported as
# `unsupported-statement` (unknown lineage) instead of holding up the run; real statements,
# even of thousands of lines, take well under a second.
STATEMENT_TIME_LIMIT = 60.0

Progress = Callable[[str, int, int], None]
Schema = Mapping[str, Mapping[str, str]]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


class PolicySummary(Frozen):
    """A policy as reports list it (`params`: its kind's own parameters, as written)."""

    id: str
    kind: str
    severity: str
    description: str
    params: dict[str, Any] = {}
    location: Location | None = None


class RunStats(Frozen):
    """Counts and timings of a run (timings are excluded from snapshot-tested output)."""

    tasks_total: int
    tasks_ok: int
    tasks_partial: int
    tasks_unknown: int
    statements_total: int
    statements_parsed: int
    parse_coverage: float
    assets: int
    assets_discovered: int
    columns: int
    edges_direct: int
    edges_indirect: int
    tag_assignments: int
    seconds: dict[str, float]


class RunResult(Frozen):
    """Everything a run produced, for reports and commands."""

    schema_version: int = SCHEMA_VERSION
    tool_version: str = __version__
    root: str
    catalog: str
    policy_files: tuple[str, ...]
    inputs_hash: str
    graph_path: str
    today: str
    policies: tuple[PolicySummary, ...]
    checked: dict[str, tuple[str, ...]]  # policy id -> ids of the assets it judged
    lineage: tuple[TaskLineage, ...]
    assets: dict[str, AssetInfo]
    tags: TagAssignments
    findings: tuple[Finding, ...]
    stats: RunStats
    # Declared facts the reports (audit, HTML) show as they are; all additive, with defaults.
    file_hashes: dict[str, str] = {}  # repo-relative path -> sha256: catalog, policies, SQL
    teams: dict[str, tuple[str, ...]] = {}  # team -> clearance (tags it may hold)
    zones: tuple[str, ...] = ()  # zone names in catalog order (the warehouse's layers)
    tag_infos: tuple[TagInfo, ...] = ()
    waivers: tuple[WaiverRecord, ...] = ()
    declassifications: tuple[DeclassifyEntry, ...] = ()
    # Pull-request mode (`check --base`): the revision compared against and what changed.
    base: BaseInfo | None = None
    impact: Impact | None = None


@dataclass(frozen=True)
class Project:
    """The loaded, validated inputs of a run."""

    root: Path
    catalog: Catalog
    policies: PolicySet
    policy_files: tuple[Path, ...]
    tasks: tuple[Task, ...]


@dataclass
class _Clock:
    seconds: dict[str, float] = field(default_factory=dict)
    _start: float = field(default_factory=time.perf_counter)

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(now - self._start, 3)
        self._start = now


def policy_files(policies_dir: Path) -> tuple[Path, ...]:
    """Return the policy YAML files under a directory, sorted (none if it does not exist)."""
    if not policies_dir.is_dir():
        return ()
    return tuple(sorted(p for p in policies_dir.rglob("*") if p.suffix in (".yaml", ".yml")))


def load_project(catalog_path: Path, policies_dir: Path | None = None) -> Project:
    """Return the validated project: catalog, policies and SQL tasks. Raises InputErrors."""
    catalog = load_catalog(catalog_path)
    root = catalog.root
    pdir = policies_dir if policies_dir is not None else root / "lineage_policies"
    policies = load_policies(pdir, catalog, root=root)
    tasks = collect(
        root, catalog.sql_globs, catalog.exclude_globs,
        catalog_path=relative_posix(catalog_path, root), display_root=root,
    )
    return Project(root, catalog, policies, policy_files(pdir), tasks)


def inputs_hash(project: Project) -> str:
    """Return a hash of everything the graph depends on, to tell whether a stored graph is current."""
    h = hashlib.sha256(__version__.encode())
    for path in (project.catalog.path, *project.policy_files):
        h.update(path.read_bytes())
    for task in project.tasks:
        h.update(f"{task.path}\0{task.sha256}\0".encode())
    return h.hexdigest()


def extract_all(
    tasks: Sequence[Task],
    catalog: Catalog,
    progress: Progress = _no_progress,
    cache: LineageCache | None = None,
    executor: Executor | None = None,
    *,
    time_limit: float | None = STATEMENT_TIME_LIMIT,
    stats: dict[str, int] | None = None,
) -> tuple[TaskLineage, ...]:
    """Return the lineage of every task, extracted against the columns every table ends up with.

    Tables that tasks create join the schema, which can change how other tasks resolve (a
    `SELECT *` from a created table), so extraction iterates to a fixed point: a result is kept
    only while the tables it referenced have the columns it was extracted against. Cached
    results enter the same loop, so a warm run re-extracts only what changed. The first pass
    runs in waves, producers before readers (`executors.plan`), so that most tasks are
    extracted once. `executor` (default: this process) runs the work; `time_limit` is seconds
    per statement; `stats`, if given, receives `extractions` and `passes`.
    """
    base = catalog.schema()
    keys = {t.path: task_key(t, catalog.dialect, LINEAGE_VERSION) for t in tasks}
    cached = cache.load(list(keys.values())) if cache else {}
    done = {t.path: cached[keys[t.path]] for t in tasks if keys[t.path] in cached}
    todo = [t for t in tasks if t.path not in done]
    runner = ExtractionRunner(
        catalog.dialect, executor or InProcessExecutor(), extract=extract_task,
        time_limit=time_limit, progress=progress,
    )
    schema = _extract_in_waves(runner, todo, done, base)
    passes, fresh = _settle(runner, tasks, done, base, schema)
    fresh.update(t.path for t in todo)
    if cache is not None and fresh:
        cache.store({keys[p]: done[p] for p in sorted(fresh)})
    if stats is not None:
        stats.update(extractions=runner.extractions, passes=passes)
    return tuple(done[t.path].lineage for t in tasks)


def _extract_in_waves(
    runner: ExtractionRunner, todo: Sequence[Task], done: dict[str, Extracted], base: Schema,
) -> Schema:
    """Extract `todo` into `done`, producers first; return the schema grown by the results."""
    if todo:
        runner.progress("lineage", 0, len(todo))
    refs = _relevant(runner.scan(todo), base, done)
    schema = discovered_schema(base, (e.lineage for e in done.values()))
    declared = frozenset(t for t, columns in base.items() if columns)
    extracted = 0
    for wave in waves(todo, refs, declared):
        # each task's references are dropped once shipped: they are many small strings
        wave_refs = {t.path: refs.pop(t.path) for t in wave}
        found = runner.extract(wave, schema, wave_refs, done_before=extracted, total=len(todo))
        extracted += len(found)
        done.update((p, Extracted.of(lineage, schema)) for p, lineage in found.items())
        schema = discovered_schema(base, (e.lineage for e in done.values()))
    return schema


def _relevant(
    refs: dict[str, References], base: Schema, done: Mapping[str, Extracted]
) -> dict[str, References]:
    """Return `refs` keeping only names that can be in the schema: catalog tables, and tables
    some task writes. The scan reports every dotted name (aliases, columns): most of its
    strings, which would otherwise be held for the whole extraction."""
    relevant = {*base, *(w for r in refs.values() for w in r.writes)}
    relevant.update(t for e in done.values() for t in e.lineage.writes)
    return {p: References(r.tables & relevant, r.writes) for p, r in refs.items()}


def _settle(
    runner: ExtractionRunner, tasks: Sequence[Task], done: dict[str, Extracted], base: Schema,
    schema: Schema,
) -> tuple[int, set[str]]:
    """Re-extract what the final schema invalidated, to a fixed point; return (passes, redone)."""
    passes, redone = 1, set()
    while passes < MAX_SCHEMA_PASSES:
        stale = [t for t in tasks if not done[t.path].valid_for(schema)]
        if not stale:
            break
        passes += 1
        found = runner.extract(stale, schema, runner.scan(stale))
        done.update((p, Extracted.of(lineage, schema)) for p, lineage in found.items())
        redone.update(found)
        schema = discovered_schema(base, (e.lineage for e in done.values()))
    return passes, redone


def mark_masking(lineage: Sequence[TaskLineage], masking: frozenset[str]) -> tuple[TaskLineage, ...]:
    """Return the lineage with `masking` set on every edge whose path has a masking function."""

    def marked(task: TaskLineage) -> TaskLineage:
        if not any(masking.intersection(e.functions) for e in (*task.edges, *task.wide)):
            return task
        edges = tuple(
            replace(e, masking=True) if masking.intersection(e.functions) else e
            for e in task.edges
        )
        wide = tuple(
            replace(w, masking=True) if masking.intersection(w.functions) else w
            for w in task.wide
        )
        return task.model_copy(update={"edges": edges, "wide": wide})

    return tuple(marked(t) for t in lineage)


def analyse_lineage(
    tasks: Sequence[Task],
    catalog: Catalog,
    *,
    progress: Progress = _no_progress,
    cache_path: Path | None = None,
    jobs: int | None = None,
    executor: str = DEFAULT_EXECUTOR,
    time_limit: float | None = STATEMENT_TIME_LIMIT,
) -> tuple[tuple[TaskLineage, ...], CanonicalRules]:
    """Return every task's lineage (cached by content, masking flags set) and the tag rules.

    The rules spell function names the way edges do, so masking and aggregation rules match.
    `jobs` (default: one per core) and `executor` (`local` or `dask://HOST:PORT`) say where
    parse + lineage runs; see `engine.executors`.
    """
    rules = CanonicalRules(catalog, lambda name: canonical_function(name, catalog.dialect))
    cache = LineageCache(cache_path) if cache_path is not None else None
    workers = make_executor(executor, jobs)
    try:
        lineage = extract_all(tasks, catalog, progress, cache, workers, time_limit=time_limit)
    finally:
        workers.close()
        if cache is not None:
            cache.close()
    return mark_masking(lineage, rules.masking_functions), rules


def default_cache_path(catalog: Catalog) -> Path:
    """Return where the lineage cache lives: `cache.sqlite` beside the graph."""
    return catalog.graph_path.parent / "cache.sqlite"


def _stats(
    lineage: Sequence[TaskLineage], assets: dict[str, AssetInfo], edges: Sequence[LineageEdge],
    wide: Sequence[WideEdge], tags: TagAssignments, seconds: dict[str, float],
) -> RunStats:
    statuses = [t.status for t in lineage]
    parsed = sum(len(t.statements) for t in lineage)
    failed = sum(1 for t in lineage for d in t.diagnostics if d.code == "parse-error")
    direct = sum(1 for e in edges if e.type == "DIRECT")
    return RunStats(
        tasks_total=len(lineage), tasks_ok=statuses.count("ok"),
        tasks_partial=statuses.count("partial"), tasks_unknown=statuses.count("unknown"),
        statements_total=parsed + failed, statements_parsed=parsed,
        parse_coverage=round(parsed / (parsed + failed), 4) if parsed + failed else 1.0,
        assets=len(assets), assets_discovered=sum(1 for a in assets.values() if not a.declared),
        columns=sum(len(a.columns) for a in assets.values()),
        edges_direct=direct,
        edges_indirect=len(edges) - direct + sum(len(w.targets) for w in wide),
        tag_assignments=len(tags.items), seconds=seconds,
    )


def _policy_summaries(policies: PolicySet) -> tuple[PolicySummary, ...]:
    common = {"id", "kind", "severity", "description"}
    return tuple(
        PolicySummary(
            id=p.id, kind=p.kind, severity=p.severity.value, description=p.description,
            params=p.model_dump(mode="json", exclude=common, exclude_none=True),
            location=policies.locations.get(p.id),
        )
        for p in policies.policies
    )


def _without_texts(project: Project) -> Project:
    """Return the project with its SQL texts dropped (paths and hashes kept).

    Nothing after lineage reads the SQL, and a warehouse's SQL can run to hundreds of MB: let it
    go before the graph and policy stages, whose peak memory it would otherwise add to.
    """
    tasks = tuple(Task(path=t.path, text="", sha256=t.sha256) for t in project.tasks)
    return replace(project, tasks=tasks)


def _declassify(catalog: Catalog) -> dict[str, Any]:
    return {a: spec.declassify for a, spec in catalog.assets.items() if spec.declassify}


def run(
    catalog_path: Path,
    *,
    policies_dir: Path | None = None,
    today: date | None = None,
    graph_path: Path | None = None,
    progress: Progress = _no_progress,
    project: Project | None = None,
    cache_path: Path | None = None,
    use_cache: bool = True,
    build: bool = True,
    jobs: int | None = None,
    executor: str = DEFAULT_EXECUTOR,
) -> RunResult:
    """Return the result of a full run; builds and atomically swaps in the Kùzu graph.

    `cache_path` (default `cache.sqlite` beside the graph) holds per-task lineage keyed by
    content; `build=False` skips the graph (a base revision's run needs only its findings).
    `jobs` and `executor` say where parse + lineage runs (see `analyse_lineage`).
    """
    clock = _Clock()
    project = project or load_project(catalog_path, policies_dir)
    catalog, root = project.catalog, project.root
    today = today or date.today()
    clock.lap("load")
    db_path = graph_path or catalog.graph_path
    lineage, rules = analyse_lineage(
        project.tasks, catalog, progress=progress,
        cache_path=(cache_path or db_path.parent / "cache.sqlite") if use_cache else None,
        jobs=jobs, executor=executor,
    )
    project = _without_texts(project)
    edges = tuple(e for task in lineage for e in task.edges)
    wide = tuple(w for task in lineage for w in task.wide)
    clock.lap("lineage")
    progress("propagation", 0, 1)
    assets = build_inventory(catalog, lineage)
    tags = propagate(edges, assets, rules, _declassify(catalog), wide=wide)
    clock.lap("propagation")
    digest = inputs_hash(project)
    if build:
        progress("graph", 0, 1)
        build_graph(
            db_path, assets=tuple(assets.values()), lineage=lineage, tags=tags,
            tag_defs=catalog.tag_infos(),
            meta={"inputs_hash": digest, "tool_version": __version__, "root": str(root)},
            buffer_pool_mb=catalog.buffer_pool_mb,
        )
    clock.lap("graph")
    progress("policies", 0, 1)
    ctx = EvalContext(
        catalog=catalog, assets=assets, lineage=lineage, edges=edges, tags=tags, today=today,
        wide=wide,
    )
    violations = evaluate(project.policies.policies, ctx)
    checked = {p.id: p.scope(ctx) for p in project.policies.policies}
    by_id = {p.id: p for p in project.policies.policies}
    findings = finalise(violations, by_id, project.policies.waivers, lineage, today)
    clock.lap("policies")
    return RunResult(
        root=str(root), catalog=relative_posix(catalog.path, root),
        policy_files=tuple(relative_posix(p, root) for p in project.policy_files),
        inputs_hash=digest, graph_path=relative_posix(db_path, root), today=today.isoformat(),
        policies=_policy_summaries(project.policies),
        checked=checked, lineage=lineage, assets=assets, tags=tags, findings=findings,
        stats=_stats(lineage, assets, edges, wide, tags, clock.seconds),
        **declared_facts(root, catalog, project.policies, project.policy_files, project.tasks,
                         today),
    )
