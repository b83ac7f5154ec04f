"""Readable terminal summary for `check`: findings grouped by policy, then coverage and counts."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from engine.models import Finding, PathStep

if TYPE_CHECKING:
    from engine.pipeline import RunResult
    from engine.reports import RenderMeta

MARK = {"error": "E", "warning": "W", "info": "I"}


def _subject(f: Finding) -> str:
    return f.asset + (f".{f.column}" if f.column else "") + (f"  [{f.tag}]" if f.tag else "")


def _hop(step: PathStep) -> str:
    where = f" ({step.task}:{step.line} {step.transform})" if step.task else ""
    return f"{step.asset}.{step.column}{where}"


def _finding_lines(f: Finding) -> list[str]:
    mark = "~" if f.waived else MARK[f.severity.value]
    where = f"  {f.location}" if f.location else ""
    lines = [f"  {mark} {_subject(f)}{where}", f"      {f.message}"]
    if len(f.path) > 1:
        lines.append("      path: " + " -> ".join(_hop(s) for s in f.path))
    if f.waiver:
        state = "waived until" if f.waiver.active else "waiver EXPIRED on"
        lines.append(f"      {state} {f.waiver.until} ({f.waiver.ticket}: {f.waiver.reason})")
    lines += [f"      - {e}" for e in f.evidence]
    return lines


def render(result: RunResult, meta: RenderMeta) -> str:
    """Return the summary text (ends with a newline)."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        groups[f.policy].append(f)
    kinds = {p.id: (p.kind, p.severity) for p in result.policies}
    out: list[str] = []
    for policy in sorted(groups, key=lambda p: (-groups[p][0].severity.rank, p)):
        items = groups[policy]
        kind, sev = kinds.get(policy, ("builtin", items[0].severity.value))
        out.append(f"{policy} ({kind}, {sev}): {len(items)} finding(s)")
        for f in items:
            out += _finding_lines(f)
        out.append("")
    s = result.stats
    live = [f for f in result.findings if not f.waived]
    counts = {k: sum(1 for f in live if f.severity.value == k) for k in MARK}
    out.append(
        f"Analysed {s.tasks_total} tasks ({s.statements_parsed}/{s.statements_total} statements "
        f"parsed, parse coverage {s.parse_coverage:.1%}; {s.tasks_partial} partial, "
        f"{s.tasks_unknown} unknown), {s.assets} assets ({s.assets_discovered} discovered), "
        f"{s.columns} columns, {s.edges_direct} direct + {s.edges_indirect} indirect edges, "
        f"{s.tag_assignments} tag assignments."
    )
    out.append(
        f"Findings: {counts['error']} error, {counts['warning']} warning, {counts['info']} info"
        f" ({len(result.findings) - len(live)} waived)."
    )
    return "\n".join(out) + "\n"
