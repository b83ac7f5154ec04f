"""Markdown for a pull-request comment (`summary.md`, `check --format markdown`).

A verdict line, a summary table (by severity, by policy), then findings most important first:
unwaived by severity, then waived. When findings carry a `change` (a run compared with its
base), new ones come first, then fixed, then those still present (listed with `check --all`,
else counted: existing debt would crowd the comment). GitHub rejects comments longer than
65,536 characters, so the body stops adding findings before that and says how many it left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from engine.models import Finding
from engine.reports.views import (
    change_counts,
    current,
    important_first,
    policy_rows,
    severity_counts,
    subject,
    verdict,
)

if TYPE_CHECKING:
    from engine.pipeline import RunResult
    from engine.reports import RenderMeta

LIMIT = 65_536  # GitHub's maximum comment body
ICON = {"error": "🔴", "warning": "🟠", "info": "🔵", "waived": "⚪", "fixed": "✅"}
# Characters that could start emphasis, code, links, HTML, headings, tables or strikethrough.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def length(text: str) -> int:
    """Return the length GitHub counts, conservatively: UTF-16 code units (emoji count 2)."""
    return len(text.encode("utf-16-le")) // 2


def text(value: str) -> str:
    """Escape Markdown and inline HTML so user input renders literally."""
    return _SPECIAL.sub(r"\\\1", value.replace("\n", " "))


def code(value: str) -> str:
    """Return an inline code span (HTML inside renders literally) that survives backticks."""
    value = value.replace("\n", " ")
    run = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (run + 1)  # longer than any backtick run inside, so it cannot close early
    return f"{fence} {value} {fence}" if run else f"`{value}`"


def _sections(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Return (title, findings) groups in the order a reviewer should read them."""
    ordered = important_first(findings)
    if any(f.change for f in ordered):
        groups = [("New", [f for f in ordered if f.change == "new"]),
                  ("Fixed", [f for f in ordered if f.change == "fixed"]),
                  ("Still present", [f for f in ordered if f.change in ("unchanged", None)])]
    else:
        groups = [("Findings", [f for f in ordered if not f.waived]),
                  ("Waived", [f for f in ordered if f.waived])]
    return [(title, items) for title, items in groups if items]


def _entry(f: Finding) -> str:
    icon = ICON["fixed" if f.change == "fixed" else "waived" if f.waived else f.severity.value]
    label = f"waived {f.severity.value}" if f.waived else f"**{f.severity.value}**"
    where = f" at {code(str(f.location))}" if f.location else ""
    tag = f" carries {code(f.tag)}" if f.tag else ""
    lines = [f"- {icon} {label} {code(f.policy)}: {code(subject(f))}{tag}{where}",
             f"  {text(f.message)}"]
    if len(f.path) > 1:
        hops = " → ".join(
            code(f"{s.asset}.{s.column}") + (f" ({text(s.transform)})" if s.task else "")
            for s in f.path)
        lines.append(f"  <br>path: {hops}")
    if f.waiver:
        state = "waived until" if f.waiver.active else "waiver expired on"
        lines.append(f"  <br>{state} {f.waiver.until} ({text(f.waiver.ticket or 'no ticket')}: "
                     f"{text(f.waiver.reason)})")
    return "\n".join(lines) + "\n"


def _header(result: RunResult, meta: RenderMeta) -> str:
    counts = severity_counts(current(result.findings))  # fixed findings are not open
    s = result.stats
    # In pull-request mode only what the change introduces can block it (`views.judged`).
    judgement = verdict(result, meta.fail_on)
    if not judgement.gating:
        line = "ℹ️ Findings are reported, not gating (`--fail-on never`)"
    elif judgement.failed:
        line = f"❌ **{judgement.blocking} blocking finding(s)** at `--fail-on {meta.fail_on}`"
    else:
        line = f"✅ **No blocking findings** at `--fail-on {meta.fail_on}`"
    out = ["## lineage-policy", "", line, ""]
    out += _base_lines(result)
    out += ["| | Open | Waived |", "|---|---:|---:|"]
    out += [f"| {ICON[k]} {k} | {v['open']} | {v['waived']} |" for k, v in counts.items()]
    out += [""]
    rows = policy_rows(result)
    if result.base is not None:  # what the change did, per policy: new ones are also open
        out += ["| Policy | Severity | Open | New | Fixed | Waived |",
                "|---|---|---:|---:|---:|---:|"]
        out += [f"| {code(p.id)} | {p.severity} | {p.open} | {p.new} | {p.fixed} | {p.waived} |"
                for p in rows if p.open or p.waived or p.fixed]
    else:
        out += ["| Policy | Severity | Open | Waived |", "|---|---|---:|---:|"]
        out += [f"| {code(p.id)} | {p.severity} | {p.open} | {p.waived} |"
                for p in rows if p.open or p.waived]
    coverage = (f"Parse coverage **{s.parse_coverage:.1%}** ({s.statements_parsed}/"
                f"{s.statements_total} statements; " if s.statements_total
                else "Parse coverage: **no SQL statements** (")  # 0/0 is not 100%
    out += ["", f"{coverage}{s.tasks_unknown} task(s) unknown, "
            f"{s.tasks_partial} partial) · {s.tasks_total} tasks · {s.assets} assets · "
            f"evaluated as of {result.today}", ""]
    if meta.repo_dir:  # a project in a subdirectory of its repository (a monorepo)
        out += [f"Paths are relative to {code(meta.repo_dir + '/')} in the repository.", ""]
    return "\n".join(out) + "\n"


MAX_IMPACT_ROWS = 15


def _base_lines(result: RunResult) -> list[str]:
    if result.base is None:
        return []
    n = change_counts(result.findings)
    lines = [f"Compared with {code(result.base.ref)} ({code(result.base.commit[:12])}): "
             f"**{n['new']} new**, {n['fixed']} fixed, {n['unchanged']} unchanged.", ""]
    if result.base.error is not None:
        lines += ["The project's input at that revision is invalid, so it is compared as "
                  "empty (every finding is new):", "",
                  *(f"- {text(line)}" for line in result.base.error.splitlines()), ""]
    elif not result.base.project_found:
        lines += ["The project did not exist at that revision: every finding is new.", ""]
    return lines


def _more(items: list[str], total: int) -> str:
    return ", ".join(items) + (f", … and {total - len(items)} more" if total > len(items) else "")


def _impact(result: RunResult) -> str:
    """The change's reach: tasks, downstream assets and owners, tags gained or lost."""
    impact = result.impact
    if impact is None:
        return ""
    out = ["### Impact", ""]
    tasks = [f"{code(t.task)} ({t.change})" for t in impact.tasks[:MAX_IMPACT_ROWS]]
    out.append(f"- Changed tasks: {_more(tasks, len(impact.tasks)) or 'none'}")
    assets = [f"{code(a.id)} (depth {a.depth}, owner {text(a.owner or '-')})"
              for a in impact.assets[:MAX_IMPACT_ROWS]]
    listed = _more(assets, len(impact.assets)) or "none"
    out.append(f"- Downstream assets ({len(impact.assets)}): {listed}")
    reviewers = ", ".join(text(r) for r in impact.reviewers) or "none"
    out.append(f"- Reviewers (owners downstream): {reviewers}")
    moves = [f"{'+' if t.change == 'added' else '−'} {code(t.column)} {code(t.tag)}"
             for t in impact.tag_changes[:MAX_IMPACT_ROWS]]
    out.append(f"- Tags that newly reach (+) or no longer reach (−) a column: "
               f"{_more(moves, len(impact.tag_changes)) or 'none'}")
    return "\n".join(out) + "\n"


def render(result: RunResult, meta: RenderMeta, limit: int = LIMIT) -> str:
    """Return the comment body, never longer than `limit` (GitHub's, by default)."""
    body = _header(result, meta) + _impact(result)
    footer = f"\n<sub>lineage-policy {result.tool_version} · {meta.generated_at}</sub>\n"
    findings = result.findings
    kept = 0  # still present, counted instead of listed (`check --all` lists them)
    if result.base is not None and not meta.show_unchanged:
        kept = sum(1 for f in findings if f.change == "unchanged")
        findings = tuple(f for f in findings if f.change != "unchanged")
    total = len(findings)
    shown = 0
    for title, items in _sections(findings):
        heading = f"\n### {title} ({len(items)})\n\n"
        for i, f in enumerate(items):
            entry = (heading if i == 0 else "") + _entry(f)
            # room for this entry, the "not shown" line and the footer
            if length(body + entry + footer) + 120 > limit:
                break
            body += entry
            shown += 1
        else:
            continue
        break
    if shown < total:
        body += (f"\n**{total - shown} more finding(s) not shown** (comment size limit); "
                 "see `findings.json` or the HTML report.\n")
    if kept:
        body += (f"\n{kept} finding(s) still present from the base, not listed "
                 "(`check --all` lists them).\n")
    return body + footer
