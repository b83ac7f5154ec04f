"""Reports of a run compared with a base (`check --base`): every format agrees with the exit
status on which findings are open (not the fixed ones) and which decide the verdict (new ones).

The demo's findings are relabelled: its only `no-pci-in-analytics` error is fixed, one
`no-pii-in-exports` error is new (or none is), the rest are unchanged.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from engine.cli import _exit_status
from engine.models import BaseInfo
from engine.pipeline import RunResult
from engine.reports import audit, cleanup, html, junit, markdown, sarif
from engine.reports import json as json_report
from tests.reports.conftest import META

FIXED = ("no-pci-in-analytics", "analytics.fraud_card_features")
NEW = ("no-pii-in-exports", "export.loyalty_partner_members")
UNUSED = ("unused-marts", "marts.legacy_customer_ltv")  # a cleanup finding


def compared(demo: RunResult, new: bool = True, fixed: tuple[tuple[str, str], ...] = (FIXED,),
             news: tuple[tuple[str, str], ...] = (NEW,)) -> RunResult:
    """The demo run as `check --base main` would see it (`news`: the new ones, if `new`)."""
    def change(key: tuple[str, str]) -> str:
        return "fixed" if key in fixed else "new" if new and key in news else "unchanged"

    findings = tuple(f.model_copy(update={"change": change((f.policy, f.asset))})
                     for f in demo.findings)
    assert sum(f.change == "fixed" for f in findings) == len(fixed)
    return demo.model_copy(update={"findings": findings,
                                   "base": BaseInfo(ref="main", commit="a" * 40)})


def _status(page: str) -> str:
    found = re.search(r'<span class="status [^"]*"[^>]*>([^<]*)</span>', page)
    assert found
    return found.group(1)


def _tile(page: str, severity: str) -> int:
    found = re.search(rf'class="tile sev-{severity}".*?<div class="big">(\d+)</div>', page, re.S)
    assert found
    return int(found.group(1))


def _policy_cells(page: str, policy: str) -> list[str]:
    """The numeric cells of a policy's row in the HTML summary table."""
    row = page.split(f'data-filter-policy="{policy}"', 1)[1].split("</tr>", 1)[0]
    return re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)


@pytest.mark.parametrize("new", [True, False])
def test_html_verdict_counts_only_new_findings_like_the_exit_status(
    demo: RunResult, new: bool
) -> None:
    result = compared(demo, new=new)
    page = html.render(result, META)
    if new:
        assert _exit_status(result, "error") == 1
        assert _status(page) == "FAIL · 1 new blocking at error"
    else:
        assert _exit_status(result, "error") == 0
        assert _status(page).startswith("PASS at fail-on error")
        assert "FAIL" not in page


def test_html_tiles_and_policy_table_leave_fixed_findings_out(demo: RunResult) -> None:
    page = html.render(compared(demo), META)
    open_errors = sum(1 for f in demo.findings if f.severity.value == "error" and not f.waived)
    assert _tile(page, "error") == open_errors - 1  # the fixed one is not open
    # Open, New, Fixed, Waived (kind and assets checked make room for New and Fixed)
    assert _policy_cells(page, FIXED[0])[:4] == ["0", "0", "1", "0"]
    assert _policy_cells(page, NEW[0])[:4] == ["2", "1", "0", "2"]
    assert "Compared with <code>main</code>" in page


def test_html_marks_each_finding_and_lists_fixed_ones_apart(demo: RunResult) -> None:
    result = compared(demo, news=(UNUSED,))  # a finding that ranks last among the open ones
    page = html.render(result, META)
    open_list = page.split('<div id="f-list">', 1)[1].split('<div id="fixed"', 1)[0]
    fixed_list = page.split('<div id="f-fixed">', 1)[1].split("</section>", 1)[0]
    for f in result.findings:
        card = f'id="f-{f.fingerprint}"'
        assert (card in fixed_list) is (f.change == "fixed")
        assert (card in open_list) is (f.change != "fixed")
        summary = page.split(card, 1)[1].split("</summary>", 1)[0]
        assert f'<span class="badge change-{f.change}">{f.change}</span>' in summary
    # new findings lead the open list, however they rank
    order = re.findall(r'data-change="(\w+)"', open_list)
    assert order[0] == "new" and order.count("new") == 1 and "fixed" not in order
    ranked = [f.change for f in html.important_first(html.current(result.findings))]
    assert ranked.index("new") > 0, "the case must rank the new finding below another"
    # the fixed finding is on no asset any more (the asset list's counts)
    data = json.loads(page.split('id="lp-data">', 1)[1].split("</script>", 1)[0])
    assert FIXED[0] not in {row[2] for row in data["findings"]}


def test_markdown_policy_table_does_not_count_fixed_findings_as_open(demo: RunResult) -> None:
    text = markdown.render(compared(demo, new=False), META)
    assert "✅ **No blocking findings** at `--fail-on error`" in text
    assert "| Policy | Severity | Open | New | Fixed | Waived |" in text
    assert f"| `{FIXED[0]}` | error | 0 | 0 | 1 | 0 |" in text
    assert f"| `{NEW[0]}` | error | 2 | 0 | 0 | 2 |" in text
    assert "| 🔴 error | 7 | 2 |" in text


def test_every_format_leaves_fixed_findings_out_of_its_counts(demo: RunResult) -> None:
    result = compared(demo, fixed=(FIXED, UNUSED))
    summary = json.loads(json_report.render(result, META))["summary"]
    assert summary["by_severity"] == {"error": 7, "warning": 5, "info": 0}
    assert summary["changes"] == {"new": 1, "fixed": 2, "unchanged": 13}
    fixed_prints = {f.fingerprint for f in result.findings if f.change == "fixed"}
    run = json.loads(sarif.render(result, META))["runs"][0]
    assert run["properties"]["fixedFindings"] == 2
    assert not fixed_prints & {r["partialFingerprints"]["lineagePolicyFinding/v1"]
                               for r in run["results"]}
    # JUnit: the case of a fixed finding passes
    root = ET.fromstring(junit.render(result, META).split("\n", 1)[1])
    suite = next(s for s in root.iter("testsuite") if s.get("name") == FIXED[0])
    case = next(c for c in suite.iter("testcase") if c.get("name") == FIXED[1])
    assert case.find("failure") is None and suite.get("failures") == "0"
    # audit: no asset holds a fixed finding; cleanup: a fixed candidate is none any more
    held = {f["fingerprint"] for h in json.loads(audit.render_json(result, META))["derived"][
        "holdings"] for f in h["findings"]}
    assert held and not held & fixed_prints
    page = cleanup.render(result, META)
    unused = next(f for f in result.findings if (f.policy, f.asset) == UNUSED)
    assert f'id="c-{unused.fingerprint}"' not in page and 'id="c-' in page


def test_junit_fails_only_the_cases_of_new_findings_like_the_exit_status(
    demo: RunResult,
) -> None:
    """Compared with a base, existing debt does not fail a case (a CI job gating on JUnit
    would block on it): it is skipped, saying it was there at the base."""
    result = compared(demo)
    root = ET.fromstring(junit.render(result, META).split("\n", 1)[1])
    outcomes: dict[tuple[str, str], str] = {}
    for suite in root.iter("testsuite"):
        for case in suite.iter("testcase"):
            skipped = case.find("skipped")
            outcomes[(suite.get("name", ""), case.get("name", ""))] = (
                "failed" if case.find("failure") is not None
                else f"skipped: {skipped.get('message')}" if skipped is not None else "passed")
    assert [k for k, v in outcomes.items() if v == "failed"] == [NEW]
    assert root.get("failures") == "1"
    debt = next(f for f in result.findings if f.change == "unchanged" and not f.waived)
    assert outcomes[(debt.policy, debt.asset)].startswith("skipped: present at the base")
    assert _exit_status(result, "error") == 1


def test_junit_fails_a_case_by_its_new_findings_and_lists_the_others_too(
    demo: RunResult,
) -> None:
    cases: dict[tuple[str, str], list[int]] = {}
    for i, f in enumerate(demo.findings):
        if not f.waived:
            cases.setdefault((f.policy, f.asset), []).append(i)
    (policy, asset), (first, *rest) = next((k, v) for k, v in cases.items() if len(v) > 1)
    findings = tuple(f.model_copy(update={"change": "new" if i == first else "unchanged"})
                     for i, f in enumerate(demo.findings))
    result = demo.model_copy(update={"findings": findings,
                                     "base": BaseInfo(ref="main", commit="a" * 40)})
    root = ET.fromstring(junit.render(result, META).split("\n", 1)[1])
    suite = next(s for s in root.iter("testsuite") if s.get("name") == policy)
    failure = next(c for c in suite.iter("testcase") if c.get("name") == asset).find("failure")
    assert failure is not None and failure.get("message") == demo.findings[first].message
    assert failure.text is not None and failure.text.count("present at the base") == len(rest)
    assert root.get("failures") == "1"


def test_a_waived_new_finding_is_new_in_no_count_of_open_ones(demo: RunResult) -> None:
    """The policy table's New, like Open and the tiles' "N new", leaves waived findings out."""
    waived = next(f for f in demo.findings if f.waived)
    result = compared(demo, news=((waived.policy, waived.asset),))
    text = markdown.render(result, META)
    row = next(line for line in text.splitlines() if line.startswith(f"| `{waived.policy}` |"))
    assert row.split("|")[4].strip() == "0"  # | Policy | Severity | Open | New | ...
    page = html.render(result, META)
    assert _policy_cells(page, waived.policy)[1] == "0"
    tile = re.search(rf'class="tile sev-{waived.severity.value}".*?<div class="small">([^<]*)<',
                     page, re.S)
    assert tile and tile.group(1).endswith("· 0 new")
