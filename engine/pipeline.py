"""The pipeline: catalog + policies + SQL -> lineage -> graph -> tags -> findings.

`run()` prints nothing and writes only the graph (atomically); reports are written by
`engine.reports`. Config errors raise `InputErrors` before anything is analysed or written.
"""

from __future__ import annotations

import functools
import hashlib
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from engine import __version__
from engine.afterexit import Deferred
from engine.aside import Aside
from engine.codeversion import engine_code_version
from engine.cone import Cone, Prior
from engine.config.catalog import Catalog, canonical_path, load_catalog, load_skeleton
from engine.errors import InputError, InputErrors
from engine.executors import DEFAULT_EXECUTOR
from engine.extraction import (
    LineageState,
    Progress,
    analyse_lineage,
    catalog_naming,
    no_progress,
)
from engine.facts import DeclassifyEntry, WaiverRecord, declared_facts
from engine.findings import finalise
from engine.gcpause import gc_paused
from engine.globcheck import unmatched
from engine.graph import GraphTooBig, build_graph, graph_is_current, lock_path
from engine.graph.guard import check_graph_path
from engine.heap import give_back
from engine.inventory import build_inventory
from engine.lineage import dialect_problem
from engine.models import (
    AssetInfo,
    BaseInfo,
    Finding,
    Frozen,
    Impact,
    Location,
    TagAssignments,
    TagInfo,
    Task,
    TaskLineage,
    Violation,
    trusted_constructor,
    unreported,
)
from engine.policies import evaluate
from engine.policies.base import EvalContext
from engine.policies.loader import PolicySet, load_policies
from engine.propagation import CanonicalRules, propagate_lineage
from engine.rulenames import rule_errors, rule_warnings
from engine.sources import collect, relative_posix

SCHEMA_VERSION = 1

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
    # What a later run of the same configuration starts from (engine.cone); no report shows it.
    config_hash: str = unreported("")
    identities: dict[str, str] = unreported(factory=dict)
    violations: tuple[Violation, ...] = unreported(())
    lineage_state: LineageState | None = unreported(None)
    # What its graph is built from, to write it after the verdict (`write_graph`).
    graph_meta: dict[str, str] = unreported(factory=dict)
    buffer_pool_mb: int = unreported(256)
    # Zone, selector and waiver globs that matched nothing (`engine.globcheck`), worked out
    # only for a command that prints them (`run(warn=True)`): stderr only.
    warnings: tuple[str, ...] = unreported(())

    @property
    def graph_file(self) -> Path:
        """The graph database's file."""
        return Path(self.root) / self.graph_path

    @property
    def work_dir(self) -> Path:
        """The graph's directory, where the run's caches and kept states live."""
        return self.graph_file.parent


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
        """Add the time since the last lap to `stage`."""
        now = time.perf_counter()
        self.seconds[stage] = round(self.seconds.get(stage, 0.0) + now - self._start, 3)
        self._start = now


def policy_files(policies_dir: Path) -> tuple[Path, ...]:
    """Return the policy YAML files under a directory, sorted (none if it does not exist)."""
    if not policies_dir.is_dir():
        return ()
    return tuple(sorted(p for p in policies_dir.rglob("*") if p.suffix in (".yaml", ".yml")))


def load_project(catalog_path: Path, policies_dir: Path | None = None) -> Project:
    """Return the validated project: catalog, policies and SQL tasks. Raises InputErrors."""
    catalog, policies, files = _configuration(catalog_path, policies_dir)
    return Project(catalog.root, catalog, policies, files, _tasks(catalog, catalog_path))


def _configuration(catalog_path: Path, policies_dir: Path | None
                   ) -> tuple[Catalog, PolicySet, tuple[Path, ...]]:
    """The project's catalog, policies and policy files: everything but its SQL.

    Every error is raised at once: a catalog's with the policies' structural ones (checked
    without it), and the policies' with the SQL sources' (unmatched globs, non-UTF-8 files),
    so fixing a project takes one round, not one per phase.
    """
    root = canonical_path(catalog_path).parent  # `Catalog.root`, known before it loads
    pdir = policies_dir if policies_dir is not None else root / "lineage_policies"
    try:
        catalog = load_catalog(catalog_path)
    except InputErrors as exc:
        # what the catalog's valid dialect and sources say of the SQL, listed at once too
        skeleton = load_skeleton(catalog_path)
        sql: tuple[InputError, ...] = ()
        if skeleton is not None:
            sql = (*dialect_errors(skeleton), *_errors_of(_tasks, skeleton, catalog_path))
        raise InputErrors([*exc.errors, *sql, *_errors_of(load_policies, pdir, None, root=root)]
                          ) from None
    dialect = dialect_errors(catalog)
    try:
        policies = load_policies(pdir, catalog, root=catalog.root)
    except InputErrors as exc:
        raise InputErrors([*dialect, *exc.errors, *_errors_of(_tasks, catalog, catalog_path)]
                          ) from None
    if dialect:
        raise InputErrors([*dialect, *_errors_of(_tasks, catalog, catalog_path)])
    return catalog, policies, policy_files(pdir)


def dialect_errors(catalog: Catalog) -> tuple[InputError, ...]:
    """The catalog's `dialect` as an input error if sqlglot does not know it, else its rule
    maps' keys that mean one function in it with different results (`rule_errors`).

    Checked here rather than by the catalog loader, which may not import sqlglot (layers).
    """
    problem = dialect_problem(catalog.dialect)
    if problem is None:
        return rule_errors(catalog)
    message, hint = problem
    line, col = catalog.dialect_at
    return (InputError(catalog.display_path, message, line=line, col=col, hint=hint),)


def _errors_of(fn: Callable[..., object], *args: Any, **kwargs: Any) -> tuple[InputError, ...]:
    """The input errors `fn(*args, **kwargs)` raises (none if it succeeds)."""
    try:
        fn(*args, **kwargs)
    except InputErrors as exc:
        return exc.errors
    return ()


def _tasks(catalog: Catalog, catalog_path: Path) -> tuple[Task, ...]:
    """The project's SQL tasks (`sources.collect` over the catalog's globs)."""
    root = catalog.root
    # Only allocates what the run keeps (a task per file): a collection here frees nothing
    # and walks all of it with the catalog's models (0.6 s of collecting 100k files)
    with gc_paused(keep=True):
        return collect(
            root, catalog.sql_globs, catalog.exclude_globs,
            catalog_path=relative_posix(catalog_path, root), display_root=root,
            lines=catalog.source_lines,
        )


def _load_beside_prior(
    catalog_path: Path, policies_dir: Path | None, graph_path: Path | None, today: date,
    prior: Callable[[Path, str], Prior | None], clock: _Clock,
) -> tuple[Project, str, Prior | None]:
    """`load_project`, with the SQL files collected by a child (`engine.aside`) while this
    process reads the earlier run `prior` gives (seconds each at 100k tasks); return the
    project, its `config_hash` and that run, if usable (`usable_prior`)."""
    catalog, policies, files = _configuration(catalog_path, policies_dir)
    tasks = Aside(_tasks, catalog, catalog_path)
    try:
        config = config_hash(catalog.root, catalog.path, files)
        clock.lap("load")
        db_path = checked_graph_path(graph_path, catalog)  # before prior's reads
        before = usable_prior(prior(db_path.parent, config), {"config_hash": config}, today)
        clock.lap("base")
        project = Project(catalog.root, catalog, policies, files, tasks.result())
    finally:
        tasks.close()
    return project, config, before


def graph_meta(project: Project, config: str | None = None) -> dict[str, str]:
    """What the graph of `project` is built from, stored in its Meta table: a stored graph
    with the same meta (`graph_is_current`) is reused instead of rebuilt, and one that differs
    only in `inputs_hash` (every input, SQL included; same `config_hash`: every input but the
    SQL) is updated in place of it. `config`: the `config_hash`, if worked out already. Each
    catalog and policy file is read once."""
    raw = _config_bytes(project.catalog.path, project.policy_files)
    inputs = hashlib.sha256(__version__.encode())
    for _, content in raw:
        inputs.update(content)
    for task in project.tasks:
        inputs.update(f"{task.path}\0{task.sha256}\0".encode())
    return {"inputs_hash": inputs.hexdigest(), "tool_version": __version__,
            "root": str(project.root), "engine_code": engine_code_version(),
            "config_hash": config or _config_digest(project.root, raw),
            # apart, only to tell which changed (`graph_staleness`); unseeded by the version,
            # so an upgrade (engine_code) does not read as a changed catalog and policies
            "catalog_hash": _config_digest(project.root, raw[:1], versioned=False),
            "policies_hash": _config_digest(project.root, raw[1:], versioned=False)}


def config_hash(root: Path, catalog: Path, policy_files: Sequence[Path]) -> str:
    """`graph_meta`'s `config_hash`: every input but the SQL (the catalog and policy files,
    bytes and paths)."""
    return _config_digest(root, _config_bytes(catalog, policy_files))


def _config_bytes(catalog: Path, policy_files: Sequence[Path]) -> list[tuple[Path, bytes]]:
    return [(path, path.read_bytes()) for path in (catalog, *policy_files)]


def _config_digest(root: Path, raw: Sequence[tuple[Path, bytes]], versioned: bool = True) -> str:
    config = hashlib.sha256(__version__.encode() if versioned else b"")
    for path, content in raw:
        config.update(f"{relative_posix(path, root)}\0".encode() + content)
    return config.hexdigest()


def _stats(
    lineage: Sequence[TaskLineage], assets: dict[str, AssetInfo], tags: TagAssignments,
    seconds: dict[str, float],
) -> RunStats:
    statuses: Counter[str] = Counter()
    parsed = failed = direct = edges = 0
    for t in lineage:  # one pass: 100k tasks at scale
        statuses[t.status] += 1
        parsed += len(t.statements)
        if t.diagnostics:
            errors = sum(1 for d in t.diagnostics if d.code == "parse-error")
            # A task whose worker timed out or crashed has no statements and no parse error:
            # its statements are unknown, so it counts as (at least) one that did not parse.
            failed += errors or int(not t.statements and t.status == "unknown")
        summary = t.summary
        direct += summary.direct
        edges += summary.column_edges
    return RunStats(
        tasks_total=len(lineage), tasks_ok=statuses["ok"],
        tasks_partial=statuses["partial"], tasks_unknown=statuses["unknown"],
        statements_total=parsed + failed, statements_parsed=parsed,
        parse_coverage=round(parsed / (parsed + failed), 4) if parsed + failed else 1.0,
        assets=len(assets), assets_discovered=sum(1 for a in assets.values() if not a.declared),
        columns=sum(len(a.columns) for a in assets.values()),
        edges_direct=direct, edges_indirect=edges - direct,
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
    tasks = tuple(_task(t.path, "", t.sha256) for t in project.tasks)
    return replace(project, tasks=tasks)


_task = trusted_constructor(Task)  # fields from a validated Task: 100k validations saved


def _declassify(catalog: Catalog) -> dict[str, Any]:
    return {a: spec.declassify for a, spec in catalog.assets.items() if spec.declassify}


def run(
    catalog_path: Path,
    *,
    policies_dir: Path | None = None,
    today: date | None = None,
    graph_path: Path | None = None,
    progress: Progress = no_progress,
    project: Project | None = None,
    cache_path: Path | None = None,
    use_cache: bool = True,
    build: bool = True,
    jobs: int | None = None,
    executor: str = DEFAULT_EXECUTOR,
    prior: Callable[[Path, str], Prior | None] | None = None,
    keep_prior: bool = False,
    loaded: Callable[[], None] | None = None,
    warn: bool = False,
) -> RunResult:
    """Return the result of a full run; builds and atomically swaps in the Kùzu graph.

    `cache_path` (default `cache.sqlite` beside the graph) holds per-task lineage keyed by
    content; `build=False` skips the graph (a base revision's run needs only its findings),
    and a graph built from the same inputs by the same code is kept as it is.
    `jobs` and `executor` say where parse + lineage runs (see `analyse_lineage`).
    `prior(graph directory, config hash)` returns an earlier run of the same project (a
    pull-request check's base, the last run kept) if it is ready, else None: tags and
    findings of the same configuration are then
    worked out again only where the tasks that differ can change them (`engine.cone`), and
    tasks with the same SQL keep its lineage. `keep_prior` keeps what that needs of this run
    (`Prior.of`): the lineage stage's state, which is not kept otherwise. `loaded` is called
    once the project's files are read. `warn` fills `warnings` (for a command that prints
    them; a base revision's run or a graph rebuild does not).
    """
    clock = _Clock()
    today = today or date.today()
    # a prior that is ready now spares the lineage stage most of its work; one ready after it,
    # the later stages (one still being worked out elsewhere is not waited for)
    before, config = None, None
    asked = project is None and prior is not None  # while the files are collected
    if asked:
        project, config, before = _load_beside_prior(catalog_path, policies_dir, graph_path,
                                                     today, prior, clock)
    elif project is None:
        project = load_project(catalog_path, policies_dir)
    catalog = project.catalog
    if asked:  # (`_load_beside_prior` checked it before reading the prior)
        db_path = graph_path or catalog.graph_path
    else:  # before anything is written beside it (cache, states) or a base job is started
        db_path = checked_graph_path(graph_path, catalog)
    if loaded is not None:
        loaded()
    meta = graph_meta(project, config)
    clock.lap("load")
    if prior is not None and not asked:
        before = usable_prior(prior(db_path.parent, meta["config_hash"]), meta, today)
        clock.lap("base")
    identities: dict[str, str] = {}
    state: list[LineageState] | None = [] if keep_prior else None
    lineage, rules = analyse_lineage(
        project.tasks, catalog, progress=progress,
        cache_path=(cache_path or db_path.parent / "cache.sqlite") if use_cache else None,
        jobs=jobs, executor=executor, identities=identities,
        since=before.lineage if before is not None else None, state=state,
    )
    # Nothing after parsing makes cyclic garbage, and the result lives on: see engine.gcpause
    with gc_paused(keep=True):
        # The texts go here, not only in what `_evaluate` sees: at 1M tasks they are 2 GB
        project = _without_texts(project)
        give_back()
        clock.lap("lineage")
        if prior is not None and before is None:
            before = usable_prior(prior(db_path.parent, meta["config_hash"]), meta, today)
            clock.lap("base")
        result = _evaluate(project, lineage, rules, meta, today=today,
                           db_path=db_path, build=build, progress=progress, clock=clock,
                           identities=identities, prior=before, warn=warn)
    return result.model_copy(update={"lineage_state": state[0]}) if state else result


def checked_graph_path(graph_path: Path | None, catalog: Catalog) -> Path:
    """The graph's path (`--graph`, else the catalog's `graph.path`), refused with an input
    error naming where it came from if something other than a graph is there
    (`graph.guard.check_graph_path`)."""
    db_path = graph_path or catalog.graph_path
    where = "--graph" if graph_path is not None else f"graph.path in {catalog.path.name}"
    check_graph_path(db_path, where)
    return db_path


def usable_prior(prior: Prior | None, meta: dict[str, str], today: date) -> Prior | None:
    """`prior` if it is of the same configuration and day (else everything is worked out)."""
    if prior is None or prior.config_hash != meta["config_hash"]:
        return None
    return prior if prior.today == today.isoformat() else None


def _evaluate(
    project: Project, lineage: tuple[TaskLineage, ...], rules: CanonicalRules,
    meta: dict[str, str], *, today: date, db_path: Path, build: bool, progress: Progress,
    clock: _Clock, identities: dict[str, str] | None = None, prior: Prior | None = None,
    warn: bool = False,
) -> RunResult:
    """The stages after lineage: inventory, propagation, graph, policies, findings.

    `identities` (task -> `lineage_identity`) tell a stored graph which tasks' rows changed,
    and a `prior` run which tasks differ from it.
    """
    catalog, root = project.catalog, project.root
    digest = meta["inputs_hash"]
    cone = None
    if prior is not None and identities:
        cone = Cone.of(prior, lineage, identities)
    progress("propagation", 0, 1)
    if cone is not None:
        assets = cone.assets(catalog)
        tags = cone.tags(assets, rules, _declassify(catalog))
    else:
        assets = build_inventory(catalog, lineage)
        tags = propagate_lineage(lineage, assets, rules, _declassify(catalog))
    clock.lap("propagation")
    if build:
        _write_graph(db_path, meta, catalog.buffer_pool_mb, assets=tuple(assets.values()),
                     lineage=lineage, tags=tags, tag_defs=catalog.tag_infos(),
                     identities=identities, progress=progress)
    clock.lap("graph")
    progress("policies", 0, 1)
    ctx = EvalContext(
        catalog=catalog, assets=assets, lineage=lineage, tags=tags, today=today)
    if cone is not None:
        violations, checked = cone.policies(project.policies.policies, ctx)
    else:
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
        stats=_stats(lineage, assets, tags, clock.seconds),
        config_hash=meta["config_hash"], identities=identities or {}, violations=violations,
        graph_meta=meta, buffer_pool_mb=catalog.buffer_pool_mb,
        # the functions edges name, from each task's summary: no edge is decoded
        warnings=(*unmatched_globs(project, assets), *rule_warnings(catalog, lambda: (
            f for t in lineage for fs in t.summary.functions for f in fs))
                  ) if warn else (),
        **declared_facts(root, catalog, project.policies, project.policy_files, project.tasks,
                         today),
    )


def unmatched_globs(project: Project, assets: Iterable[str]) -> list[str]:
    """A warning per zone, selector `name` or waiver glob of `project` that matches none of
    `assets` (ids) or, for a waiver's path glob, none of its task files."""
    globs = (*project.catalog.zone_globs(), *project.policies.name_globs,
             *project.policies.waiver_globs())
    @functools.cache
    def depth() -> int | None:  # (the catalog's naming only where a hint needs it, once)
        naming = catalog_naming(project.catalog)
        return naming.depth if naming is not None else None

    return unmatched(globs, assets, (t.path for t in project.tasks), depth)


def graph_later(result: RunResult) -> Deferred:
    """`write_graph(result)` as work for after the verdict (`engine.afterexit`); as the last
    work (a detached child's, or with --wait the command's), a big graph's loading is handed
    off (`build_graph`)."""
    return Deferred(lock_path(result.graph_file), lambda: write_graph(result),
                    last=lambda: write_graph(result, hand_off=True))


def write_graph(result: RunResult, *, hand_off: bool = False) -> None:
    """Bring the graph of a run made with `build=False` up to date (as `run` would have):
    kept if current, else updated or rebuilt. A command calls it after its verdict; with
    `hand_off`, when it has nothing else left to do (`build_graph`)."""
    _write_graph(result.graph_file, result.graph_meta, result.buffer_pool_mb,
                 assets=tuple(result.assets.values()), lineage=result.lineage, tags=result.tags,
                 tag_defs=result.tag_infos, identities=result.identities, hand_off=hand_off)


def _write_graph(db_path: Path, meta: dict[str, str], buffer_pool_mb: int, *,
                 assets: tuple[AssetInfo, ...], lineage: tuple[TaskLineage, ...],
                 tags: TagAssignments, tag_defs: tuple[TagInfo, ...], identities: dict[str, str],
                 progress: Progress = no_progress, hand_off: bool = False) -> None:
    if graph_is_current(db_path, meta, buffer_pool_mb):
        return
    progress("graph", 0, 1)
    try:
        graph = build_graph(db_path, assets=assets, lineage=lineage, tags=tags,
                            tag_defs=tag_defs, meta=meta, buffer_pool_mb=buffer_pool_mb,
                            identities=identities,  # one differing only by SQL is updated
                            progress=lambda done, total: progress("graph", done, total),
                            hand_off=hand_off)
    except GraphTooBig as exc:
        # the verdict does not need the graph; the commands that read it say it is missing
        warnings.warn(f"lineage-policy: {exc}", RuntimeWarning, stacklevel=3)
        return
    if graph.split_tables:
        # Loading in pieces is correct but slow (a COPY into a non-empty table is 2-4x
        # slower, after the failed whole one): at 100k tasks, 85 s instead of 30 s.
        warnings.warn(
            f"lineage-policy: {', '.join(graph.split_tables)} did not fit Kùzu's "
            f"{buffer_pool_mb} MB buffer pool and was loaded in pieces, which is "
            "slower; raise graph.buffer_pool_mb in the catalog", RuntimeWarning, stacklevel=3)
