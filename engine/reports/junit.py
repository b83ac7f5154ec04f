"""JUnit XML (`junit.xml`) for CI test dashboards (stdlib xml.etree).

A test suite per policy and a test case per asset it checked (`RunResult.checked`); a case
fails when the policy has unwaived findings on that asset, and is skipped when every finding
on it is waived. Compared with a base (`check --base`), only new findings fail a case, as only
they decide the exit status: one whose findings were all there at the base is skipped.
Built-in checks get a suite too: `lineage-unknown` has a case per SQL task, `expired-waiver` a
case per declared waiver.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.findings import EXPIRED_WAIVER, LINEAGE_UNKNOWN
from engine.models import Finding
from engine.reports.views import current, decides

if TYPE_CHECKING:
    from engine.pipeline import RunResult
    from engine.reports import RenderMeta


@dataclass(frozen=True)
class _Suite:
    name: str
    cases: list[str]  # test case names, in order
    findings: dict[str, list[Finding]]  # case name -> findings on it


def _finding_text(f: Finding) -> str:
    lines = [f"[{f.severity.value}] {f.message}"]
    if f.change:  # compared with a base (`check --base`)
        lines.append("new in this change" if f.change == "new" else "present at the base")
    if f.location:
        lines.append(f"at {f.location}")
    if len(f.path) > 1:
        lines.append("path: " + " -> ".join(f"{s.asset}.{s.column}" for s in f.path))
    lines += [f"- {e}" for e in f.evidence]
    return "\n".join(lines)


def _suites(result: RunResult) -> list[_Suite]:
    by_policy: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in current(result.findings):  # a finding a change fixed fails no case: it is gone
        case = f.location.path if f.policy == LINEAGE_UNKNOWN and f.location else f.asset
        if f.policy == EXPIRED_WAIVER and f.waiver:
            case = f"{f.waiver.policy} on {f.waiver.asset}"
        by_policy[f.policy][case].append(f)
    suites = []
    for p in result.policies:
        cases = sorted(set(result.checked.get(p.id, ())) | set(by_policy[p.id]))
        suites.append(_Suite(p.id, cases, by_policy[p.id]))
    tasks = sorted({t.task for t in result.lineage} | set(by_policy[LINEAGE_UNKNOWN]))
    suites.append(_Suite(LINEAGE_UNKNOWN, tasks, by_policy[LINEAGE_UNKNOWN]))
    waivers = sorted({f"{w.policy} on {w.asset}" for w in result.waivers}
                     | set(by_policy[EXPIRED_WAIVER]))
    suites.append(_Suite(EXPIRED_WAIVER, waivers, by_policy[EXPIRED_WAIVER]))
    covered = {s.name for s in suites}
    suites += [_Suite(pid, sorted(cases), cases) for pid, cases in sorted(by_policy.items())
               if pid not in covered]
    return suites


def _case(suite: ET.Element, policy: str, name: str, findings: list[Finding],
          compared: bool) -> str:
    """Add one test case; return its outcome: passed, failed or skipped."""
    case = ET.SubElement(suite, "testcase", {"classname": policy, "name": name, "time": "0"})
    live = [f for f in findings if not f.waived]
    failing = [f for f in live if decides(f, compared)]  # as the exit status judges them
    if failing:
        worst = max(failing, key=lambda f: f.severity.rank)
        message = (worst.message if len(failing) == 1
                   else f"{len(failing)} findings: {worst.message}")
        failure = ET.SubElement(case, "failure", {"message": message,
                                                  "type": worst.severity.value})
        failure.text = "\n\n".join(_finding_text(f) for f in live)
        return "failed"
    if live:
        worst = max(live, key=lambda f: f.severity.rank)
        skipped = ET.SubElement(case, "skipped", {
            "message": f"present at the base, not introduced by this change: {worst.message}"})
        skipped.text = "\n\n".join(_finding_text(f) for f in live)
        return "skipped"
    if findings:
        w = findings[0].waiver
        reason = f"waived until {w.until} ({w.ticket}): {w.reason}" if w else "waived"
        ET.SubElement(case, "skipped", {"message": reason})
        return "skipped"
    return "passed"


def render(result: RunResult, meta: RenderMeta) -> str:
    """Return the JUnit XML document text."""
    root = ET.Element("testsuites", {"name": "lineage-policy"})
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for s in _suites(result):
        suite = ET.SubElement(root, "testsuite", {"name": s.name, "timestamp": meta.generated_at})
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "tool_version", "value": result.tool_version})
        outcomes = [_case(suite, s.name, c, s.findings.get(c, []), result.base is not None)
                    for c in s.cases]
        counts = {"tests": len(outcomes), "failures": outcomes.count("failed"),
                  "skipped": outcomes.count("skipped")}
        suite.attrib.update({k: str(v) for k, v in counts.items()} | {"errors": "0", "time": "0"})
        for k in totals:
            totals[k] += counts[k]
        # keep attributes in a readable, stable order: name first
        suite.attrib = dict(sorted(suite.attrib.items(), key=lambda kv: kv[0] != "name"))
    root.attrib.update({k: str(v) for k, v in totals.items()} | {"errors": "0", "time": "0"})
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
