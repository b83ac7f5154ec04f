"""Cleanup report (`cleanup.html`): retirement candidates grouped by owner, with evidence.

A candidate is a finding of a `cleanup` policy (unused, orphan, dead column). For each it
shows why (the finding's evidence), what was and was not consulted (parsed SQL yes; a query
log and tasks whose lineage is unknown, no), and the downstream impact of removing it: nothing
by construction for an unused asset or dead column, or exactly what reads an orphan. Tasks
whose every output feeds nothing are listed too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engine.models import Finding
from engine.reports import templating
from engine.reports.views import NO_OWNER, current, run_meta, subject, table_graph

if TYPE_CHECKING:
    from engine.pipeline import RunResult
    from engine.reports import RenderMeta

CHECK_LABELS = {"unused": "Unused", "orphan": "Orphan", "dead-columns": "Dead column"}


@dataclass(frozen=True)
class Candidate:
    """One thing that could be retired, with its evidence and the impact of removing it."""

    finding: Finding
    check: str
    subject: str
    impact: str
    breaks: tuple[str, ...] = ()  # what reads it (tasks, then assets downstream of them)
    retire_with: tuple[str, ...] = ()  # tasks that only exist to write it


@dataclass(frozen=True)
class OwnerGroup:
    """The candidates of one owning team."""

    owner: str
    candidates: list[Candidate] = field(default_factory=list)


@dataclass(frozen=True)
class IdleTask:
    """A task whose every output is read by no task and is not a declared sink."""

    task: str
    writes: tuple[str, ...]
    owners: tuple[str, ...]


def _check_of(result: RunResult, policy: str) -> str:
    params = next((p.params for p in result.policies if p.id == policy), {})
    return str(params.get("check", "unused"))


def _retire_with(result: RunResult, asset: str) -> tuple[str, ...]:
    """Return the tasks that write `asset` and nothing else (they go when it goes)."""
    return tuple(t.task for t in result.lineage if t.writes == (asset,))


def _candidate(result: RunResult, f: Finding) -> Candidate:
    check = _check_of(result, f.policy)
    asset = result.assets.get(f.asset)
    readers = asset.read_by if asset else ()
    if check == "orphan":
        # what its reading statements write, and everything downstream of those, lose an
        # input; not what the same tasks write from other tables
        downstream = table_graph(result).downstream(f.asset)
        return Candidate(
            f, check, subject(f),
            impact=f"removing it breaks {len(readers)} task(s) that read it and "
            f"{len(downstream)} asset(s) downstream of them",
            breaks=tuple(readers) + tuple(downstream),
        )
    if check == "dead-columns":
        return Candidate(f, check, subject(f), impact="nothing in the parsed SQL reads this "
                         "column: removing it breaks nothing that was seen")
    return Candidate(f, check, subject(f),
                     impact="nothing downstream in the parsed SQL (by construction: no task "
                     "reads it)", retire_with=_retire_with(result, f.asset))


def candidates(result: RunResult) -> list[OwnerGroup]:
    """Return cleanup candidates grouped by owner (teams sorted, no owner last)."""
    groups: dict[str, OwnerGroup] = {}
    for f in current(result.findings):  # one a change fixed is no candidate any more
        if f.kind != "cleanup":
            continue
        asset = result.assets.get(f.asset)
        owner = (asset.owner if asset else None) or NO_OWNER
        groups.setdefault(owner, OwnerGroup(owner)).candidates.append(_candidate(result, f))
    return [groups[k] for k in sorted(groups, key=lambda o: (o == NO_OWNER, o))]


def idle_tasks(result: RunResult) -> list[IdleTask]:
    """Return tasks that write something and whose every output nothing reads (nor a sink)."""
    out = []
    for task in result.lineage:
        targets = [result.assets[a] for a in task.writes if a in result.assets]
        if targets and all(not a.read_by and not a.sink for a in targets):
            owners = tuple(sorted({a.owner or NO_OWNER for a in targets}))
            out.append(IdleTask(task.task, task.writes, owners))
    return sorted(out, key=lambda t: t.task)


def consulted(result: RunResult) -> dict[str, list[str]]:
    """Return what the cleanup evidence rests on, and what it could not see."""
    s = result.stats
    unknown = [t.task for t in result.lineage if t.status == "unknown"]
    seen = [
        f"{s.tasks_total} SQL task(s): {s.tasks_ok} fully parsed, {s.tasks_partial} partially",
        "catalog flags: declared sources and sinks (assets and zones)",
    ]
    unseen = ["query log: none given, so reads from outside SQL (BI tools, ad-hoc queries, "
              "reverse ETL) are not visible"]
    if unknown:
        unseen.append(f"{len(unknown)} task(s) whose lineage is unknown and could read "
                      f"anything: {', '.join(unknown)}")
    return {"seen": seen, "unseen": unseen}


def render(result: RunResult, meta: RenderMeta) -> str:
    """Return the self-contained cleanup report page."""
    return templating.render_page(
        "cleanup.html.j2", meta=run_meta(result, meta), groups=candidates(result),
        idle=idle_tasks(result), consulted=consulted(result), labels=CHECK_LABELS,
        page="cleanup",
    )
