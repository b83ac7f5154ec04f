"""Pull-request mode: compare a run with the same project at a base revision.

Findings match by fingerprint (policy, asset, column, tag — never lines), so a finding is
`new` (only now, or waived at the base and not now), `fixed` (only at base; included so
reports can say so) or `unchanged` (also a base finding the change only hid, by making the SQL
behind it unreadable).
The impact section lists the changed tasks, what lies downstream of them with depth and owner,
and the propagation diff: tags that newly reach, or no longer reach, a column.
"""

from __future__ import annotations

import hashlib
import marshal
import tempfile
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from engine import gitbase, runstore, stopping
from engine.afterexit import Deferred
from engine.codec import targets
from engine.cone import Prior, closure
from engine.errors import BaseRunError, InputErrors
from engine.executors import DEFAULT_EXECUTOR
from engine.gitbase import BaseRevision
from engine.lineage import LINEAGE_VERSION
from engine.models import (
    BaseInfo,
    Finding,
    Impact,
    ImpactedNode,
    Location,
    TagChange,
    TaskChange,
    TaskLineage,
)
from engine.pipeline import RunResult, engine_code_version, graph_meta, load_project, run
from engine.usercache import PickleStore

BASE_FORMAT = "BaseState/5"  # what the commit cache holds; a new format misses old entries


@dataclass(frozen=True)
class BaseState:
    """What pull-request mode needs of the base revision's run, and nothing more.

    Kept (and cached by commit) instead of the whole RunResult: at 100k tasks the run is
    gigabytes of lineage, while the comparison needs each task's hash and written columns,
    asset owners, tag pairs and findings, and the head's cone evaluation the `Prior`.
    """

    shas: dict[str, str]  # task -> sha256 of its SQL
    # task -> what it writes (`written`), marshalled: only changed tasks' are ever looked at,
    # and 100k decoded dicts cost half a second of every read of the state
    writes: dict[str, bytes]
    owners: dict[str, str]  # asset -> owner, for assets that have one
    tags: dict[tuple[str, str], tuple[str, ...]]  # (column id, tag) -> origins
    findings: tuple[Finding, ...]
    prior: Prior | None = None  # the head evaluates only its change's cone from this

    @classmethod
    def of(cls, run: RunResult) -> BaseState:
        """The comparison's view of a base run."""
        return cls(
            shas={t.task: t.sha256 for t in run.lineage},
            writes={t.task: marshal.dumps(_written(t)) for t in run.lineage},
            owners={a: info.owner for a, info in run.assets.items() if info.owner},
            tags=_tag_pairs(run),
            findings=run.findings,
            prior=Prior.of(run),
        )

    def written(self, task: str) -> dict[str, tuple[str, ...]] | None:
        """Asset -> the columns `task` wrote at the base (None if it did not exist there)."""
        packed = self.writes.get(task)
        return None if packed is None else marshal.loads(packed)


def _tag_pairs(run: RunResult) -> dict[tuple[str, str], tuple[str, ...]]:
    """(column id, tag) -> the origins it came from, for every tag a run assigned."""
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in run.tags.items:
        pairs[(a.column.id, a.tag)].add(a.origin.id)
    return {k: tuple(sorted(v)) for k, v in pairs.items()}


def _written(task: TaskLineage) -> dict[str, tuple[str, ...]]:
    """Asset -> the columns a task's statements and edges write."""
    out: dict[str, dict[str, None]] = defaultdict(dict)
    for st in task.statements:
        if st.target:
            out.setdefault(st.target, {})
    edge_targets, wide_targets = targets(task)  # no edge built: a base run asks every task
    for asset, column in edge_targets:
        out[asset][column] = None
    for asset, columns in wide_targets:
        out[asset].update(dict.fromkeys(columns))
    return {a: tuple(c) for a, c in out.items()}


def task_changes(current: RunResult, base: BaseState | None) -> tuple[TaskChange, ...]:
    """Return the tasks added, modified or removed since the base, by content hash."""
    now = {t.task: t.sha256 for t in current.lineage}
    then = base.shas if base else {}
    out = [TaskChange(task=p, change="added") for p in now if p not in then]
    out += [TaskChange(task=p, change="modified") for p in now if p in then and now[p] != then[p]]
    out += [TaskChange(task=p, change="removed") for p in then if p not in now]
    return tuple(sorted(out, key=lambda c: c.task))


def _bfs(starts: Iterable[str], graph: Mapping[str, set[str]]) -> dict[str, int]:
    """Return node -> minimum depth, starts at depth 1 (breadth first: a node's depth does not
    depend on the order its neighbours are visited in, so none is sorted)."""
    depth = {s: 1 for s in starts}
    queue = deque(depth)
    while queue:
        node = queue.popleft()
        for nxt in graph.get(node, ()):
            if nxt not in depth:
                depth[nxt] = depth[node] + 1
                queue.append(nxt)
    return depth


def _table_graph(lineage: Iterable[TaskLineage]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for task in lineage:
        for st in task.statements:
            if st.target:
                for src in st.sources:
                    if src != st.target:
                        graph[src].add(st.target)
    return graph


def _column_graph(lineage: Iterable[TaskLineage], starts: set[str]) -> dict[str, set[str]]:
    """Column -> columns its edges reach, over the tasks that can matter from `starts`.

    A column edge joins an asset its task reads to one it writes, so only tasks writing
    assets downstream of the starts' assets (by the edges' own asset pairs) can extend the
    search: at 100k tasks that is a small part of the 12M column edges.
    """
    lineage = tuple(lineage)
    # Asset pairs from the tasks' summaries (no edge decoded): every source asset of a task to
    # every asset it writes, a superset of its edges' own pairs, so `reach` holds at least
    # every asset a search from the starts can enter.
    pairs: dict[str, set[str]] = defaultdict(set)
    for task in lineage:
        summary = task.summary
        for source in {*summary.sources, *summary.wide_sources}:
            pairs[source].update(summary.targets)
    reach = closure({c.rsplit(".", 1)[0] for c in starts}, pairs)
    graph: dict[str, set[str]] = defaultdict(set)
    for task in lineage:
        if reach.isdisjoint(task.summary.targets):
            continue  # nothing it writes can be reached: its edges are not decoded
        for e in task.edges:
            if e.target.asset in reach and e.source.id != e.target.id:
                graph[e.source.id].add(e.target.id)
        for w in task.wide:
            if w.target_asset in reach:
                targets = graph[w.source.id]
                targets.update(f"{w.target_asset}.{c}" for c in w.targets)
                targets.discard(w.source.id)
    return graph


def downstream(
    current: RunResult, base: BaseState | None, changed: Iterable[str],
    tables: Mapping[str, set[str]],
) -> tuple[tuple[ImpactedNode, ...], tuple[ImpactedNode, ...]]:
    """Return the assets and columns written by the changed tasks and everything below them
    (`tables`: the run's table graph)."""
    changed = set(changed)
    written = [_written(t) for t in current.lineage if t.task in changed]
    if base is not None:
        written += [w for t in sorted(changed) if (w := base.written(t)) is not None]
    start_assets = {a for w in written for a in w}
    start_columns = {f"{a}.{c}" for w in written for a, cols in w.items() for c in cols}
    assets = _bfs(start_assets, tables)
    columns = _bfs(start_columns, _column_graph(current.lineage, start_columns))

    def owner(asset_id: str) -> str | None:
        if asset_id in current.assets:
            return current.assets[asset_id].owner
        return base.owners.get(asset_id) if base else None

    def nodes(depths: Mapping[str, int], asset_of: bool) -> tuple[ImpactedNode, ...]:
        return tuple(
            ImpactedNode(id=n, depth=d, owner=owner(n.rsplit(".", 1)[0] if asset_of else n))
            for n, d in sorted(depths.items(), key=lambda kv: (kv[1], kv[0]))
        )

    return nodes(assets, False), nodes(columns, True)


def tag_changes(
    current: RunResult, base: BaseState | None, unseen: Unseen
) -> tuple[TagChange, ...]:
    """Return the (column, tag) pairs present in one run and not the other (not those lost
    only with an asset whose SQL the change made unreadable: `Unseen`)."""
    now = _tag_pairs(current)
    then = base.tags if base else {}
    hidden = unseen.assets
    out = [TagChange(column=c, tag=t, change="added", origins=now[(c, t)])
           for c, t in now.keys() - then.keys()]
    out += [TagChange(column=c, tag=t, change="removed", origins=then[(c, t)])
            for c, t in then.keys() - now.keys() if c.rpartition(".")[0] not in hidden]
    return tuple(sorted(out, key=lambda x: (x.change, x.column, x.tag)))


# A statement the change made unreadable: what it wrote at the base is not seen now.
_LOST_STATEMENT = frozenset({"parse-error", "unsupported-statement"})


@dataclass(frozen=True)
class Unseen:
    """What a change hides rather than changes: its tasks whose lineage is now unknown (or
    lost a statement to a parse error), and the assets they wrote at the base and no longer
    do. A base finding on such an asset, or along a path through such a task, is not shown
    fixed: the change made it impossible to see, not gone."""

    tasks: dict[str, str]  # task -> why it is unreadable
    assets: frozenset[str]  # the assets they stopped writing, and every one downstream

    @classmethod
    def of(cls, current: RunResult, base: BaseState | None, changed: set[str],
           tables: Mapping[str, set[str]]) -> Unseen:
        """The changed tasks that became unreadable, and the assets they stopped writing and
        every one below them in `tables` (the run's table graph)."""
        tasks: dict[str, str] = {}
        assets: set[str] = set()
        for task in current.lineage:
            if task.task not in changed:
                continue
            lost = task.status == "unknown" or any(
                d.code in _LOST_STATEMENT for d in task.diagnostics)
            if not lost:
                continue
            tasks[task.task] = "its lineage is unknown" if task.status == "unknown" else \
                "a statement of it could not be parsed"
            before = base.written(task.task) if base else None
            if before:
                assets.update(before.keys() - set(task.writes))
        # and what they feed, which no longer receives what they held
        return cls(tasks, closure(assets, tables))

    def why(self, f: Finding) -> str | None:
        """Why a base finding the run no longer has may still hold (None: it is fixed)."""
        if f.location is not None and f.location.path in self.tasks:
            task: str | None = f.location.path
        else:
            task = next((s.task for s in reversed(f.path) if s.task in self.tasks), None)
        if task is not None:
            return f"not confirmed fixed: {task}, on its path, changed and {self.tasks[task]}"
        if f.asset in self.assets:
            return (f"not confirmed fixed: the change made SQL writing {f.asset} or its "
                    "sources unreadable, so what flows into it is not seen now")
        return None


def _locate_in_change(f: Finding, changed: set[str]) -> Location | None:
    """Point a new finding at the last hop of its path made by a changed task, if any."""
    for step in reversed(f.path):
        if step.task in changed and step.line is not None:
            return Location(path=step.task, line=step.line)
    return f.location


def classify(
    current: tuple[Finding, ...], base: tuple[Finding, ...] | None, changed: set[str],
    unseen: Unseen,
) -> tuple[Finding, ...]:
    """Return current findings marked new/unchanged, then base-only findings marked fixed.

    A finding waived at the base and not now (the change removed its waiver, or made it
    expire) is new: the change is what makes it block, and only new findings decide the exit.
    One the change waives stays unchanged: it is still there, and a waived finding never blocks.
    A base-only finding the change merely hid (`Unseen`) stays unchanged, saying why.
    """
    before = {f.fingerprint: f for f in base or ()}

    def is_new(f: Finding) -> bool:
        old = before.get(f.fingerprint)
        return old is None or (old.waived and not f.waived)

    out = [
        f.model_copy(update={"change": "new", "location": _locate_in_change(f, changed)})
        if is_new(f) else f.model_copy(update={"change": "unchanged"})
        for f in current
    ]
    now = {f.fingerprint for f in current}
    gone = (f for f in base or () if f.fingerprint not in now)
    for f in gone:
        why = unseen.why(f)
        out.append(f.model_copy(update={"change": "fixed"}) if why is None else
                   f.model_copy(update={"change": "unchanged", "evidence": (*f.evidence, why)}))
    order = {"new": 0, "fixed": 1, "unchanged": 2}
    return tuple(sorted(out, key=lambda f: order[f.change or "unchanged"]))


def compare(current: RunResult, base: BaseState | None, info: BaseInfo) -> RunResult:
    """Return `current` with findings classified against `base`, and the impact of the change."""
    changes = task_changes(current, base)
    changed = {c.task for c in changes}
    tables = _table_graph(current.lineage)
    unseen = Unseen.of(current, base, changed, tables)
    assets, columns = downstream(current, base, changed, tables)
    impact = Impact(
        tasks=changes, assets=assets, columns=columns,
        reviewers=tuple(sorted({a.owner for a in assets if a.owner})),
        tag_changes=tag_changes(current, base, unseen),
    )
    findings = classify(current.findings, base.findings if base else None, changed, unseen)
    return current.model_copy(update={"findings": findings, "base": info, "impact": impact})


def _key(*parts: str, length: int) -> str:
    """A cache key over `parts` and everything every kept base depends on: the format, the
    lineage rules' version and the engine's code."""
    raw = "\0".join([BASE_FORMAT, LINEAGE_VERSION, engine_code_version(), *parts])
    return hashlib.sha256(raw.encode()).hexdigest()[:length]


def _base_key(info: BaseRevision, catalog_rel: str, policies_rel: str | None, today: date) -> str:
    return _key(info.commit, catalog_rel, policies_rel or "", today.isoformat(), length=24)


def state_key(inputs_hash: str, config_hash: str, today: str) -> str:
    """The key a run's `BaseState` is kept under (`engine.runstore`): everything it depends on.

    `inputs_hash` covers every input's bytes and the SQL files' paths, `config_hash` the
    catalog's and policy files' paths (`pipeline.graph_meta`); the day judges waivers.
    """
    return _key(inputs_hash, config_hash, today, length=32)


def _records(work_dir: Path) -> PickleStore:
    """Base revisions by commit (`_base_key`) -> (state key or None, BaseInfo)."""
    return PickleStore("base", keep=16, root=work_dir)


def _series(config_hash: str, today: str) -> str:
    """The runs one state can start another from: same configuration, day and code."""
    return _key("series", config_hash, today, length=32)


def keep_state(work_dir: Path, result: RunResult) -> Deferred | None:
    """The work of keeping `result`'s state (before any comparison) where a later
    pull-request check whose base has the same content finds it, and where the next run of
    its configuration starts from (`last_prior`); None if it is kept already. The state is
    marked the newest of its series now: a reader waits while it is written."""
    key = state_key(result.inputs_hash, result.config_hash, result.today)
    runstore.mark_last(work_dir, _series(result.config_hash, result.today), key)
    return runstore.later(runstore.store(work_dir), key, lambda: BaseState.of(result))


def last_state(work_dir: Path, config_hash: str, today: date) -> tuple[str, BaseState] | None:
    """The last run kept of this configuration and day, and its key."""
    found = runstore.last(work_dir, _series(config_hash, today.isoformat()))
    return found if found is not None and isinstance(found[1], BaseState) else None


def last_prior(work_dir: Path, config_hash: str, today: date) -> Prior | None:
    """The last run kept of this configuration and day, as a run starts from it (`engine.cone`):
    a warm run then works out only what its changes reach."""
    found = last_state(work_dir, config_hash, today)
    return found[1].prior if found is not None else None


def read_base(work_dir: Path, record: str, ref: str, have: tuple[str, BaseState] | None = None
              ) -> tuple[BaseState | None, BaseInfo] | None:
    """The base state `cache_base` recorded under `record`, with the revision as `ref` named
    it; None if the record or the state it points at has gone since (the record is then
    forgotten: ask `cache_base` again). `have` is a state already read and its key: it is
    used if it is the one recorded."""
    records = _records(work_dir)
    recorded = records.get(record)
    if recorded is None:
        return None
    key, info = recorded
    state = None
    if key is not None and have is not None and have[0] == key:
        state = have[1]
    elif key is not None:
        state = runstore.read(runstore.store(work_dir), key)
        if state is None:
            records.discard(record)
            return None
    return state, info.model_copy(update={"ref": ref})


def _record_of(ref: str, catalog_path: Path, policies_dir: Path | None, today: date
               ) -> tuple[BaseRevision, str, str | None, str]:
    """The revision `ref` names, the catalog's and policies' paths in it, and its record key."""
    root = catalog_path.resolve().parent
    rev = gitbase.resolve(ref, root)
    catalog_rel = catalog_path.name
    policies_rel = None
    if policies_dir is not None and policies_dir.resolve().is_relative_to(root):
        policies_rel = policies_dir.resolve().relative_to(root).as_posix()
    return rev, catalog_rel, policies_rel, _base_key(rev, catalog_rel, policies_rel, today)


def recorded(ref: str, catalog_path: Path, *, policies_dir: Path | None, today: date,
             work_dir: Path) -> bool:
    """True if `cache_base` has recorded `ref` already (it then answers at once); False also
    where `ref` names nothing (`cache_base` says so)."""
    try:
        record = _record_of(ref, catalog_path, policies_dir, today)[3]
    except BaseRunError:
        return False
    return _records(work_dir).get(record) is not None


@contextmanager
def _scratch(where: Path | None) -> Iterator[str]:
    """A temporary directory for the base's copy, removed however the block ends. Made whole
    (`engine.stopping`), and removed here, not by the object's finalizer: a stop deferred to
    the end of `held()` raises before the caller holds it, and a base job's child then exits
    by `os._exit` with the exception's frames (the object with them) still alive."""
    made: tempfile.TemporaryDirectory[str] | None = None
    try:
        with stopping.held():
            made = tempfile.TemporaryDirectory(prefix="lineage-base-", dir=where)
        yield made.name
    finally:
        if made is not None:
            made.cleanup()


def cache_base(
    ref: str,
    catalog_path: Path,
    *,
    policies_dir: Path | None,
    today: date,
    work_dir: Path,
    jobs: int | None = None,
    executor: str = DEFAULT_EXECUTOR,
    found: Callable[[bool], None] = lambda stored: None,
    turn: Callable[[], object] = lambda: None,
) -> str:
    """Evaluate the project as it was at `ref` unless a run of the same content is kept;
    return the record `read_base` reads (its state is None if the project did not exist then).

    The base is read from git objects into a temporary directory; the working tree and index
    are never touched. Records are kept in `work_dir/base/` by commit id and point at the
    state kept by content (`keep_state`): a base that some run has evaluated, such as main's
    own check, is read, not evaluated. The per-task lineage cache in `work_dir` is shared, so
    a new base costs only the files that differ. `found` is called once: with True when the
    state was kept already (and is now recorded), with False before evaluating it; `turn`
    before the base's files are read, which is the heavy part (it may wait). `jobs`
    and `executor` say where the base's files that are not cached are parsed, as for the
    working tree.
    """
    rev, catalog_rel, policies_rel, record = _record_of(ref, catalog_path, policies_dir, today)
    records = _records(work_dir)
    if records.get(record) is not None:
        found(True)
        return record
    turn()
    with _scratch(gitbase.scratch_dir(rev)) as tmp:
        project = gitbase.export(rev, Path(tmp))
        base_catalog = project / catalog_rel
        info = BaseInfo(ref=ref, commit=rev.commit, project_found=base_catalog.exists())
        if not info.project_found:
            records.put(record, (None, info))
            found(True)
            return record
        pdir = project / policies_rel if policies_rel else policies_dir
        try:
            loaded = load_project(base_catalog, pdir)
            meta = graph_meta(loaded)
            key = state_key(meta["inputs_hash"], meta["config_hash"], today.isoformat())
            states = runstore.store(work_dir)
            evaluate = not runstore.kept(states, key)
            if evaluate:
                found(False)
                runstore.write(states, key, BaseState.of(run(
                    base_catalog, policies_dir=pdir, today=today, build=False,
                    project=loaded, cache_path=work_dir / "cache.sqlite", jobs=jobs,
                    executor=executor, keep_prior=True)))
        except InputErrors as exc:
            # The change may be what repairs main (or adds its first SQL): judged against an
            # empty base, every finding new, and the reports say why.
            info = info.model_copy(update={"project_found": False, "error": str(exc)})
            records.put(record, (None, info))
            found(True)
            return record
        records.put(record, (key, info))
        if not evaluate:
            found(True)  # recorded first: whoever is told need not wait for the copy's removal
    return record
