"""Evaluating only what a change can affect, starting from an earlier run of the same project.

A pull-request check's head differs from its base by a few tasks. Tags and findings can
differ only downstream of what those tasks write and on the assets they read; everything
else is the base's, exactly:

- A column's tags are a function of the edges upstream of it. The *cone* (every asset
  downstream of an asset a changed task writes, before or after the change) holds every column
  whose upstream edges changed. Outside it, tags are the earlier run's. Inside it, they are
  propagated again over the tasks that write the cone's *upstream closure*. Propagation is a
  breadth-first search, and no state outside an upstream-closed set of assets ever leads into
  it, so the states inside, their order, the origins kept and the paths are what a full run
  finds.
- A policy's findings about an asset depend only on that asset (its facts and readers and
  writers, which only tasks touching it change), its columns' tags and the catalog; kinds with
  `quotes_run_totals` also quote the run's totals in their text. Policies are therefore judged
  again only on *affected* assets: the cone, plus what the changed tasks read, before or after
  the change. When the totals moved, a kind quoting them is also judged again on the assets it
  found something on before, which rewrites the quote.

`Prior.of` keeps what a later run needs of this one; `Cone.of` says where a run of the same
configuration (catalog, policies, day and code all equal: `engine.pipeline.usable_prior`)
differs from it. Tasks whose SQL the prior had keep its lineage: `extraction.LineageState`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from engine.config.catalog import Catalog
from engine.extraction import LineageState
from engine.inventory import build_inventory
from engine.models import AssetInfo, TagAssignments, TaskLineage, Violation
from engine.policies import evaluate_policy, subject_key
from engine.policies.base import EvalContext, PolicyBase, run_totals
from engine.propagation import DeclassifyLike, RuleBook, assignment_order, propagate_lineage


class RunLike(Protocol):
    """What `Prior.of` reads of a finished run (`engine.pipeline.RunResult`)."""

    config_hash: str
    today: str
    identities: dict[str, str]
    lineage: tuple[TaskLineage, ...]
    assets: dict[str, AssetInfo]
    tags: TagAssignments
    violations: tuple[Violation, ...]
    checked: dict[str, tuple[str, ...]]
    lineage_state: LineageState | None


@dataclass(frozen=True)
class Prior:
    """What a later run of the same configuration needs of this one to evaluate its cone."""

    config_hash: str  # catalog and policy files (engine.pipeline.graph_meta)
    today: str
    identities: Mapping[str, str]  # task -> lineage identity (equal: equal lineage)
    touches: Mapping[str, tuple[frozenset[str], frozenset[str]]]  # task -> (reads, writes)
    assets: Mapping[str, AssetInfo]
    tags: TagAssignments
    violations: tuple[Violation, ...]  # before waivers and built-ins (engine.findings)
    checked: Mapping[str, tuple[str, ...]]
    totals: tuple[int, str, int]
    lineage: LineageState | None = None  # the lineage stage's, kept by `run(keep_prior=True)`

    @classmethod
    def of(cls, run: RunLike) -> Prior | None:
        """The prior of a finished run; None for a run that did not record its identities."""
        if not run.identities:
            return None
        return cls(
            config_hash=run.config_hash, today=run.today, identities=run.identities,
            touches={t.task: touches(t) for t in run.lineage}, assets=run.assets, tags=run.tags,
            violations=run.violations, checked=run.checked, totals=run_totals(run.lineage),
            lineage=run.lineage_state,
        )


def touches(task: TaskLineage) -> tuple[frozenset[str], frozenset[str]]:
    """The assets a task reads and writes, by its statements and its edges."""
    summary = task.summary
    reads = {s for st in task.statements for s in st.sources}
    reads.update(summary.sources, summary.wide_sources)
    writes = {st.target for st in task.statements if st.target}
    writes.update(summary.targets)
    return frozenset(reads), frozenset(writes)


@dataclass(frozen=True)
class Cone:
    """Where a run differs from its prior: the cone, its upstream closure, the affected assets."""

    prior: Prior
    changed: frozenset[str]  # tasks added, removed or with other lineage
    cone: frozenset[str]
    upstream: frozenset[str]
    affected: frozenset[str]
    lineage: tuple[TaskLineage, ...]  # the new run's
    task_touches: tuple[tuple[frozenset[str], frozenset[str]], ...]  # each task's, in that order

    @classmethod
    def of(cls, prior: Prior, lineage: Sequence[TaskLineage],
           identities: Mapping[str, str]) -> Cone:
        """The cone of a run's `lineage` against a `prior` of the same configuration and day
        (`engine.pipeline.usable_prior`)."""
        changed = {t for t, i in identities.items() if prior.identities.get(t) != i}
        changed.update(t for t in prior.identities if t not in identities)
        # equal identity, equal lineage: an unchanged task touches what it touched before
        before = prior.touches
        every = tuple(touches(t) if t.task in changed or t.task not in before
                      else before[t.task] for t in lineage)
        now = {t.task: every[i] for i, t in enumerate(lineage) if t.task in changed}
        starts, read = set(), set()
        for side in (now, prior.touches):
            for task in changed:
                reads, writes = side.get(task, ((), ()))
                read.update(reads)
                starts.update(writes)
        down: dict[str, set[str]] = {}
        up: dict[str, set[str]] = {}
        for sources, targets in every:
            for source in sources:
                down.setdefault(source, set()).update(targets)
                for target in targets:
                    up.setdefault(target, set()).add(source)
        cone = closure(starts, down)
        return cls(prior=prior, changed=frozenset(changed), cone=cone,
                   upstream=closure(cone, up), affected=cone | read, lineage=tuple(lineage),
                   task_touches=every)

    def assets(self, catalog: Catalog) -> dict[str, AssetInfo]:
        """The run's inventory: the prior's, with the affected assets taken again from the
        tasks that touch them (only changed tasks touch an asset in a way that differs)."""
        affected = self.affected
        touching = [t for t, (reads, writes) in zip(self.lineage, self.task_touches)
                    if not (affected.isdisjoint(reads) and affected.isdisjoint(writes))]
        fresh = build_inventory(catalog, touching, only=affected)
        kept = ((a, info) for a, info in self.prior.assets.items() if a not in affected)
        found = ((a, fresh[a]) for a in affected if a in fresh)
        return dict(sorted((*kept, *found)))

    def tags(self, assets: Mapping[str, AssetInfo], rules: RuleBook,
             declassify: Mapping[str, Sequence[DeclassifyLike]]) -> TagAssignments:
        """The run's tags: the prior's outside the cone, propagated again inside it."""
        upstream = self.upstream
        feeding = [t for t, (_, writes) in zip(self.lineage, self.task_touches)
                   if not upstream.isdisjoint(writes)]
        fresh = propagate_lineage(feeding, assets, rules, declassify)
        inside = [a for a in fresh.items if a.column.asset in self.cone]
        items = [a for a in self.prior.tags.items if a.column.asset not in self.cone] + inside
        items.sort(key=assignment_order)  # unique per assignment: the merge is a full run's order
        # one record per declassify entry of the (same) catalog, in its order: each pairs up
        declassified = tuple(
            new if new.asset in self.cone else old
            for old, new in zip(self.prior.tags.declassified, fresh.declassified, strict=True)
        )
        return TagAssignments(items=tuple(items), declassified=declassified,
                              column_less=fresh.column_less)  # of every asset: cheap

    def policies(self, policies: Sequence[PolicyBase], ctx: EvalContext
                 ) -> tuple[tuple[Violation, ...], dict[str, tuple[str, ...]]]:
        """Every policy's violations and checked assets: judged again on the affected assets
        (in full for a kind quoting run totals that moved), the prior's elsewhere."""
        narrow = ctx.restricted_to(self.affected)
        totals_moved = ctx.totals != self.prior.totals
        before: dict[str, list[Violation]] = {}
        for v in self.prior.violations:
            before.setdefault(v.policy_id, []).append(v)
        violations: list[Violation] = []
        checked: dict[str, tuple[str, ...]] = {}
        for policy in policies:
            earlier = before.get(policy.id, ())
            if totals_moved and policy.quotes_run_totals:
                # the totals are only quoted: what it found elsewhere it finds again, and
                # finding it again rewrites the quote
                again = self.affected.union(v.asset for v in earlier)
                violations += sorted(evaluate_policy(policy, ctx.restricted_to(again)),
                                     key=subject_key)
            else:
                kept = [v for v in earlier if v.asset not in self.affected]
                violations += sorted(kept + list(evaluate_policy(policy, narrow)),
                                     key=subject_key)
            scope = {a for a in self.prior.checked.get(policy.id, ()) if a not in self.affected}
            checked[policy.id] = tuple(sorted(scope.union(policy.scope(narrow))))
        return tuple(violations), checked


def closure(starts: Iterable[str], graph: Mapping[str, set[str]]) -> frozenset[str]:
    """The nodes reachable from `starts` in `graph` (node -> successors), starts included."""
    seen = set(starts)
    queue = deque(seen)
    while queue:
        for nxt in graph.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return frozenset(seen)
