"""Plain-data views of a run that several report formats share (no I/O, no templating).

Which findings count (`current`, `judged`, `verdict`: every format and the exit status agree
on them), counts by severity and policy, the table-level lineage graph and its neighbourhoods, the
sensitive-data map, coverage gaps and the run's metadata. Everything is sorted, so every
format that uses these views is deterministic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

from engine.findings import BUILTIN_POLICIES, blocking
from engine.models import Finding, Severity, TagAssignment, tag_is_under

if TYPE_CHECKING:
    from engine.pipeline import RunResult
    from engine.reports import RenderMeta

SEVERITIES = ("error", "warning", "info")
NO_OWNER = "(no owner)"
NO_ZONE = "(no zone)"


def subject(f: Finding) -> str:
    """Return what a finding is about: `asset.column`, or the asset alone."""
    return f"{f.asset}.{f.column}" if f.column else f.asset


def current(findings: Iterable[Finding]) -> list[Finding]:
    """Return the findings the evaluated tree has: all but those a change fixed (`--base`).

    A fixed finding exists only at the base: it is good news, never an open one.
    """
    return [f for f in findings if f.change != "fixed"]


def fixed(findings: Iterable[Finding]) -> list[Finding]:
    """Return the findings present at the base and gone now (pull-request mode only)."""
    return [f for f in findings if f.change == "fixed"]


CHANGES = ("new", "fixed", "unchanged")


def by_change(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Return the findings compared with a base (`check --base`) as new, fixed and unchanged,
    each in the given order."""
    out: dict[str, list[Finding]] = {k: [] for k in CHANGES}
    for f in findings:
        if f.change in out:
            out[f.change].append(f)
    return out


def change_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Return how many findings are new, fixed and unchanged."""
    return {k: len(v) for k, v in by_change(findings).items()}


def decides(f: Finding, compared: bool) -> bool:
    """Whether a current finding can decide the verdict: any, or compared with a base
    (`compared`) only a new one, so existing debt does not block."""
    return not compared or f.change == "new"


def judged(result: RunResult) -> list[Finding]:
    """Return the findings that decide the verdict (`decides`): in pull-request mode (the run
    has a base) only the new ones; otherwise every current one.

    Waived ones are included: `blocking` (and so `verdict`) leaves them out.
    """
    compared = result.base is not None
    return [f for f in current(result.findings) if decides(f, compared)]


@dataclass(frozen=True)
class Verdict:
    """Whether a run fails at `--fail-on`: the exit status and every report's verdict."""

    gating: bool  # False for `--fail-on never`
    blocking: int  # unwaived judged findings at or above the threshold

    @property
    def failed(self) -> bool:
        return self.blocking > 0


def verdict(result: RunResult, fail_on: str) -> Verdict:
    """Return the run's verdict at `fail_on` (error, warning, info or never)."""
    threshold = None if fail_on == "never" else Severity(fail_on)
    return Verdict(gating=threshold is not None,
                   blocking=len(blocking(judged(result), threshold)))


def severity_counts(findings: Iterable[Finding]) -> dict[str, dict[str, int]]:
    """Return {severity: {"open": n, "waived": n}} for every severity, open = unwaived."""
    out = {s: {"open": 0, "waived": 0} for s in SEVERITIES}
    for f in findings:
        out[f.severity.value]["waived" if f.waived else "open"] += 1
    return out


def important_first(findings: Iterable[Finding]) -> list[Finding]:
    """Return findings with the unwaived most severe first, waived ones last (stable)."""
    return sorted(findings, key=lambda f: (f.waived, -f.severity.rank))


@dataclass(frozen=True)
class PolicyRow:
    """One line of the per-policy summary."""

    id: str
    kind: str
    severity: str
    description: str
    open: int  # current findings, unwaived (fixed ones are not open)
    waived: int  # current findings, waived
    checked: int | None  # assets judged; None for built-in checks
    new: int = 0  # pull-request mode: unwaived findings the change introduces (also open)
    fixed: int = 0  # pull-request mode: findings the change fixed (counted in neither above)


def policy_rows(result: RunResult) -> list[PolicyRow]:
    """Return a row per policy (declared ones, then built-ins that fired), most severe first."""
    now = current(result.findings)
    live = Counter(f.policy for f in now if not f.waived)
    waived = Counter(f.policy for f in now if f.waived)
    new = Counter(f.policy for f in now if f.change == "new" and not f.waived)  # as `live`
    gone = Counter(f.policy for f in fixed(result.findings))

    def row(pid: str, kind: str, severity: str, text: str, checked: int | None) -> PolicyRow:
        return PolicyRow(pid, kind, severity, text, live[pid], waived[pid], checked,
                         new[pid], gone[pid])

    rows = [row(p.id, p.kind, p.severity, p.description, len(result.checked.get(p.id, ())))
            for p in result.policies]
    fired = {f.policy: f.severity.value for f in result.findings}
    rows += [row(pid, "builtin", fired[pid], text, None)
             for pid, text in sorted(BUILTIN_POLICIES.items()) if pid in fired]
    return sorted(rows, key=lambda r: (-Severity(r.severity).rank, r.id))


@dataclass(frozen=True)
class TableGraph:
    """Table-level lineage (statement sources -> target), both directions, sorted."""

    up: Mapping[str, tuple[str, ...]]
    down: Mapping[str, tuple[str, ...]]

    def downstream(self, asset: str) -> list[str]:
        """Return every asset transitively downstream of `asset`, nearest first."""
        seen, order, frontier = {asset}, [], [asset]
        while frontier:
            nxt = []
            for node in frontier:
                for child in self.down.get(node, ()):
                    if child not in seen:
                        seen.add(child)
                        order.append(child)
                        nxt.append(child)
            frontier = nxt
        return order


def table_graph(result: RunResult) -> TableGraph:
    """Return the table-level lineage graph of a run (temp tables are already followed)."""
    up: dict[str, set[str]] = defaultdict(set)
    down: dict[str, set[str]] = defaultdict(set)
    for task in result.lineage:
        for st in task.statements:
            for src in st.sources:
                if st.target and src != st.target:
                    up[st.target].add(src)
                    down[src].add(st.target)
    return TableGraph(
        up={k: tuple(sorted(v)) for k, v in sorted(up.items())},
        down={k: tuple(sorted(v)) for k, v in sorted(down.items())},
    )


def tag_order(result: RunResult, tags: Iterable[str]) -> list[str]:
    """Return tags most sensitive first (catalog level, descending), then by name."""
    levels = {t.name: t.level or 0 for t in result.tag_infos}
    return sorted(set(tags), key=lambda t: (-levels.get(t, 0), t))


def tag_level(result: RunResult, tag: str) -> int:
    """Return a tag's sensitivity level, inherited from its nearest ancestor that has one."""
    levels = {t.name: t.level for t in result.tag_infos}
    name: str | None = tag
    while name:
        if levels.get(name) is not None:
            return int(levels[name] or 0)
        name = name.rsplit(".", 1)[0] if "." in name else None
    return 0


def cleared(result: RunResult, owner: str | None, tag: str) -> bool:
    """True if the owning team's clearance covers `tag` (no owner: cleared for nothing)."""
    return owner is not None and any(tag_is_under(tag, c) for c in result.teams.get(owner, ()))


@dataclass(frozen=True)
class SensitiveMap:
    """Which tags live in which zones and teams: {(tag, zone or team): sorted asset ids}."""

    tags: list[str]
    zones: list[str]
    teams: list[str]
    by_zone: Mapping[tuple[str, str], list[str]]
    by_team: Mapping[tuple[str, str], list[str]]
    columns: Mapping[str, int]  # tag -> number of columns carrying it


def sensitive_map(result: RunResult) -> SensitiveMap:
    """Return the sensitive-data map: for each carried tag, the assets per zone and per team."""
    by_zone: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_team: dict[tuple[str, str], set[str]] = defaultdict(set)
    columns: dict[str, set[str]] = defaultdict(set)
    placed = chain(
        ((a.column.asset, a.tag, a.column.id) for a in result.tags.items),
        # a tagged table with no known column carries its tags itself: no column to count
        ((asset, tag, None) for asset, tags in result.tags.column_less for tag in tags),
    )
    for asset_id, tag, column in placed:
        asset = result.assets.get(asset_id)
        zone = (asset.zone if asset else None) or NO_ZONE
        owner = (asset.owner if asset else None) or NO_OWNER
        by_zone[(tag, zone)].add(asset_id)
        by_team[(tag, owner)].add(asset_id)
        cols = columns[tag]  # the tag is listed even when no column carries it
        if column is not None:
            cols.add(column)
    zones_seen = {z for _, z in by_zone}
    zones = [z for z in result.zones if z in zones_seen] + sorted(zones_seen - set(result.zones))
    return SensitiveMap(
        tags=tag_order(result, columns), zones=zones, teams=sorted({t for _, t in by_team}),
        by_zone={k: sorted(v) for k, v in sorted(by_zone.items())},
        by_team={k: sorted(v) for k, v in sorted(by_team.items())},
        columns={k: len(v) for k, v in sorted(columns.items())},
    )


def assignments_by_asset(result: RunResult) -> dict[str, dict[str, list[TagAssignment]]]:
    """Return {asset: {column: assignments}} for every tagged column, sorted."""
    out: dict[str, dict[str, list[TagAssignment]]] = defaultdict(lambda: defaultdict(list))
    for item in result.tags.items:
        out[item.column.asset][item.column.column].append(item)
    return {
        a: {c: sorted(v, key=lambda t: (t.tag, not t.declared, t.origin.id, t.masked))
            for c, v in sorted(cols.items())}
        for a, cols in sorted(out.items())
    }


GAP_CODES = {
    "parse-error": "statements that did not parse",
    "unresolved-star": "stars (*) whose columns were unknown",
    "ambiguous-column": "ambiguous columns (several tables could supply them)",
    "unresolved-column": "columns the schema could not resolve",
    "unknown-table": "tables the schema did not know",
    "unsupported-statement": "statements of a kind not analysed",
    "no-statements": "task files with no SQL statement",
}


def coverage_gaps(result: RunResult) -> dict[str, Any]:
    """Return what was not seen: unknown and partial tasks, and each diagnostic by kind."""
    by_code: dict[str, list[dict[str, Any]]] = {code: [] for code in GAP_CODES}
    for task in result.lineage:
        for d in task.diagnostics:
            by_code.setdefault(d.code, []).append({
                "task": task.task, "line": d.location.line, "column": d.location.column,
                "asset": d.asset, "name": d.column, "message": d.message,
            })
    return {
        "tasks_unknown": sorted(t.task for t in result.lineage if t.status == "unknown"),
        "tasks_partial": sorted(t.task for t in result.lineage if t.status == "partial"),
        "diagnostics": {code: sorted(items, key=lambda i: (i["task"], i["line"]))
                        for code, items in by_code.items()},
    }


def run_meta(result: RunResult, meta: RenderMeta) -> dict[str, Any]:
    """Return the run's metadata as reports stamp it (no absolute paths)."""
    s = result.stats
    return {
        "tool": "lineage-policy", "version": result.tool_version,
        "generated_at": meta.generated_at, "today": result.today, "fail_on": meta.fail_on,
        "catalog": result.catalog, "policy_files": list(result.policy_files),
        "inputs_hash": result.inputs_hash,
        "seconds": round(sum(s.seconds.values()), 2),
        "parse_coverage": s.parse_coverage,
    }
