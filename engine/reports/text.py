"""Readable terminal summary for `check`: findings grouped by policy, then coverage and counts."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from engine.models import Finding, PathStep
from engine.reports.views import by_change, current

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


def _grouped(findings: list[Finding], kinds: dict[str, tuple[str, str]]) -> list[str]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[f.policy].append(f)
    out: list[str] = []
    for policy in sorted(groups, key=lambda p: (-groups[p][0].severity.rank, p)):
        items = groups[policy]
        kind, sev = kinds.get(policy, ("builtin", items[0].severity.value))
        out.append(f"{policy} ({kind}, {sev}): {len(items)} finding(s)")
        for f in items:
            out += _finding_lines(f)
        out.append("")
    return out


MAX_IMPACT_ROWS = 25


def _impact_lines(result: RunResult) -> list[str]:
    impact = result.impact
    if impact is None:
        return []
    out = ["Impact of the change:"]
    out += [f"  task {t.task} ({t.change})" for t in impact.tasks] or ["  no SQL task changed"]
    for a in impact.assets[:MAX_IMPACT_ROWS]:
        out.append(f"  depth {a.depth:>2}  {a.id}  owner: {a.owner or '-'}")
    if len(impact.assets) > MAX_IMPACT_ROWS:
        out.append(f"  ... and {len(impact.assets) - MAX_IMPACT_ROWS} more downstream assets")
    out.append(f"  reviewers: {', '.join(impact.reviewers) or 'none'}")
    for t in impact.tag_changes[:MAX_IMPACT_ROWS]:
        verb = "now carries" if t.change == "added" else "no longer carries"
        out.append(f"  {t.column} {verb} {t.tag}")
    if len(impact.tag_changes) > MAX_IMPACT_ROWS:
        out.append(f"  ... and {len(impact.tag_changes) - MAX_IMPACT_ROWS} more tag changes")
    return out + [""]


def _pull_request_lines(
    result: RunResult, meta: RenderMeta, kinds: dict[str, tuple[str, str]]
) -> list[str]:
    assert result.base is not None
    by = by_change(result.findings)
    out = [f"Compared with {result.base.ref} ({result.base.commit[:12]}): {len(by['new'])} new, "
           f"{len(by['fixed'])} fixed, {len(by['unchanged'])} unchanged finding(s).", ""]
    if result.base.error is not None:
        out += ["(the project's input at that revision is invalid, so it is compared as empty: "
                "every finding is new)", *(f"  {line}" for line in result.base.error.splitlines()),
                ""]
    elif not result.base.project_found:
        out += ["(the project did not exist at that revision: every finding is new)", ""]
    for title, key in (("NEW", "new"), ("FIXED", "fixed")):
        if by[key]:
            out += [f"== {title} ==", *_grouped(by[key], kinds)]
    if by["unchanged"] and meta.show_unchanged:
        out += ["== UNCHANGED ==", *_grouped(by["unchanged"], kinds)]
    elif by["unchanged"]:
        out += [f"{len(by['unchanged'])} unchanged finding(s) not listed (use --all).", ""]
    return out + _impact_lines(result)


def render(result: RunResult, meta: RenderMeta) -> str:
    """Return the summary text (ends with a newline)."""
    kinds = {p.id: (p.kind, p.severity) for p in result.policies}
    if result.base is not None:
        out = _pull_request_lines(result, meta, kinds)
    else:
        out = _grouped(list(result.findings), kinds)
    s = result.stats
    now = current(result.findings)  # fixed findings (`--base`) are not open
    live = [f for f in now if not f.waived]
    counts = {k: sum(1 for f in live if f.severity.value == k) for k in MARK}
    # 0/0 statements is no evidence of coverage: never "100.0%" for SQL that has none
    parsed = (f"{s.statements_parsed}/{s.statements_total} statements parsed, parse coverage "
              f"{s.parse_coverage:.1%}" if s.statements_total else "no SQL statements")
    out.append(
        f"Analysed {s.tasks_total} tasks ({parsed}; {s.tasks_partial} partial, "
        f"{s.tasks_unknown} unknown), {s.assets} assets ({s.assets_discovered} discovered), "
        f"{s.columns} columns, {s.edges_direct} direct + {s.edges_indirect} indirect edges, "
        f"{s.tag_assignments} tag assignments."
    )
    out.append(
        f"Findings: {counts['error']} error, {counts['warning']} warning, {counts['info']} info"
        f" ({len(now) - len(live)} waived)."
    )
    return "\n".join(out) + "\n"
