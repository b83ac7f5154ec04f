"""Pull-request mode: compare a run with the same project at a base revision.

Findings match by fingerprint (policy, asset, column, tag — never lines), so a finding is
`new` (only now), `fixed` (only at base; included so reports can say so) or `unchanged`.
The impact section lists the changed tasks, what lies downstream of them with depth and owner,
and the propagation diff: tags that newly reach, or no longer reach, a column.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from engine import __version__, gitbase
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
from engine.pipeline import RunResult, run


def task_changes(current: RunResult, base: RunResult | None) -> tuple[TaskChange, ...]:
    """Return the tasks added, modified or removed since the base, by content hash."""
    now = {t.task: t.sha256 for t in current.lineage}
    then = {t.task: t.sha256 for t in base.lineage} if base else {}
    out = [TaskChange(task=p, change="added") for p in now if p not in then]
    out += [TaskChange(task=p, change="modified") for p in now if p in then and now[p] != then[p]]
    out += [TaskChange(task=p, change="removed") for p in then if p not in now]
    return tuple(sorted(out, key=lambda c: c.task))


def _bfs(starts: Iterable[str], graph: Mapping[str, set[str]]) -> dict[str, int]:
    """Return node -> minimum depth, starts at depth 1."""
    depth = {s: 1 for s in starts}
    queue = deque(sorted(depth))
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph.get(node, ())):
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


def _column_graph(lineage: Iterable[TaskLineage]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for task in lineage:
        for e in task.edges:
            if e.source.id != e.target.id:
                graph[e.source.id].add(e.target.id)
        for w in task.wide:
            targets = graph[w.source.id]
            targets.update(f"{w.target_asset}.{c}" for c, _ in w.targets)
            targets.discard(w.source.id)
    return graph


def downstream(
    current: RunResult, base: RunResult | None, changed: Iterable[str]
) -> tuple[tuple[ImpactedNode, ...], tuple[ImpactedNode, ...]]:
    """Return the assets and columns written by the changed tasks and everything below them."""
    changed = set(changed)
    runs = [current] + ([base] if base else [])
    lineages = [t for r in runs for t in r.lineage if t.task in changed]
    start_assets = {st.target for t in lineages for st in t.statements if st.target}
    start_columns = {e.target.id for t in lineages for e in t.all_edges()}
    assets = _bfs(start_assets, _table_graph(current.lineage))
    columns = _bfs(start_columns, _column_graph(current.lineage))

    def owner(asset_id: str) -> str | None:
        for r in runs:
            if asset_id in r.assets:
                return r.assets[asset_id].owner
        return None

    def nodes(depths: Mapping[str, int], asset_of: bool) -> tuple[ImpactedNode, ...]:
        return tuple(
            ImpactedNode(id=n, depth=d, owner=owner(n.rsplit(".", 1)[0] if asset_of else n))
            for n, d in sorted(depths.items(), key=lambda kv: (kv[1], kv[0]))
        )

    return nodes(assets, False), nodes(columns, True)


def tag_changes(current: RunResult, base: RunResult | None) -> tuple[TagChange, ...]:
    """Return the (column, tag) pairs present in one run and not the other."""

    def pairs(run: RunResult | None) -> dict[tuple[str, str], set[str]]:
        out: dict[tuple[str, str], set[str]] = defaultdict(set)
        for a in run.tags.items if run else ():
            out[(a.column.id, a.tag)].add(a.origin.id)
        return out

    now, then = pairs(current), pairs(base)
    out = [TagChange(column=c, tag=t, change="added", origins=tuple(sorted(now[(c, t)])))
           for c, t in now.keys() - then.keys()]
    out += [TagChange(column=c, tag=t, change="removed", origins=tuple(sorted(then[(c, t)])))
            for c, t in then.keys() - now.keys()]
    return tuple(sorted(out, key=lambda x: (x.change, x.column, x.tag)))


def _locate_in_change(f: Finding, changed: set[str]) -> Location | None:
    """Point a new finding at the last hop of its path made by a changed task, if any."""
    for step in reversed(f.path):
        if step.task in changed and step.line is not None:
            return Location(path=step.task, line=step.line)
    return f.location


def classify(
    current: tuple[Finding, ...], base: tuple[Finding, ...] | None, changed: set[str]
) -> tuple[Finding, ...]:
    """Return current findings marked new/unchanged, then base-only findings marked fixed."""
    before = {f.fingerprint: f for f in base or ()}
    out = [
        f.model_copy(update={"change": "unchanged"}) if f.fingerprint in before
        else f.model_copy(update={"change": "new", "location": _locate_in_change(f, changed)})
        for f in current
    ]
    now = {f.fingerprint for f in current}
    out += [f.model_copy(update={"change": "fixed"}) for f in base or () if f.fingerprint not in now]
    order = {"new": 0, "fixed": 1, "unchanged": 2}
    return tuple(sorted(out, key=lambda f: order[f.change or "unchanged"]))


def compare(current: RunResult, base: RunResult | None, info: BaseInfo) -> RunResult:
    """Return `current` with findings classified against `base`, and the impact of the change."""
    changes = task_changes(current, base)
    changed = {c.task for c in changes}
    assets, columns = downstream(current, base, changed)
    impact = Impact(
        tasks=changes, assets=assets, columns=columns,
        reviewers=tuple(sorted({a.owner for a in assets if a.owner})),
        tag_changes=tag_changes(current, base),
    )
    findings = classify(current.findings, base.findings if base else None, changed)
    return current.model_copy(update={"findings": findings, "base": info, "impact": impact})


def _base_key(info: BaseRevision, catalog_rel: str, policies_rel: str | None, today: date) -> str:
    raw = "\0".join([info.commit, catalog_rel, policies_rel or "", today.isoformat(),
                     LINEAGE_VERSION, __version__])
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def evaluate_base(
    ref: str,
    catalog_path: Path,
    *,
    policies_dir: Path | None,
    today: date,
    work_dir: Path,
    jobs: int | None = None,
    executor: str = DEFAULT_EXECUTOR,
) -> tuple[RunResult | None, BaseInfo]:
    """Return the run of the project as it was at `ref` (None if it did not exist then).

    The base is read from git objects into a temporary directory; the working tree and index
    are never touched. Results are cached in `work_dir/base/` by commit id, and the per-task
    lineage cache in `work_dir` is shared, so a rerun on the same base costs nothing and a new
    base costs only the files that differ. `jobs` and `executor` say where the base's files
    that are not cached are parsed, as for the working tree.
    """
    root = catalog_path.resolve().parent
    rev = gitbase.resolve(ref, root)
    catalog_rel = catalog_path.name
    policies_rel = None
    if policies_dir is not None and policies_dir.resolve().is_relative_to(root):
        policies_rel = policies_dir.resolve().relative_to(root).as_posix()
    stored = work_dir / "base" / f"{_base_key(rev, catalog_rel, policies_rel, today)}.pickle"
    if stored.exists():
        result, info = pickle.loads(stored.read_bytes())
        return result, info.model_copy(update={"ref": ref})
    with tempfile.TemporaryDirectory(prefix="lineage-base-") as tmp:
        project = gitbase.export(rev, Path(tmp))
        base_catalog = project / catalog_rel
        info = BaseInfo(ref=ref, commit=rev.commit, project_found=base_catalog.exists())
        result = None
        if info.project_found:
            pdir = project / policies_rel if policies_rel else policies_dir
            try:
                result = run(base_catalog, policies_dir=pdir, today=today, build=False,
                             cache_path=work_dir / "cache.sqlite", jobs=jobs,
                             executor=executor)
            except InputErrors as exc:
                raise BaseRunError(
                    f"the project at base revision '{ref}' ({rev.commit[:12]}) has invalid "
                    f"input, so it cannot be compared:\n{exc}"
                ) from exc
            result = result.model_copy(update={"root": str(root)})
    stored.parent.mkdir(parents=True, exist_ok=True)
    tmp_file = stored.with_suffix(f".{os.getpid()}.tmp")
    tmp_file.write_bytes(pickle.dumps((result, info), protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp_file, stored)
    return result, info
