"""JUnit XML: a suite per policy, a case per asset checked, failures for findings (junitparser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml, Skipped, TestSuite

from engine.pipeline import RunResult
from engine.reports import junit
from tests.reports.builders import PAYLOAD
from tests.reports.conftest import META


@pytest.fixture(scope="module")
def suites(demo: RunResult, tmp_path_factory: pytest.TempPathFactory) -> dict[str, TestSuite]:
    path = tmp_path_factory.mktemp("junit") / "junit.xml"
    path.write_text(junit.render(demo, META), encoding="utf-8")
    return {s.name: s for s in JUnitXml.fromfile(str(path))}


def test_a_suite_per_policy_and_built_in(suites: dict[str, TestSuite], demo: RunResult) -> None:
    assert list(suites) == [p.id for p in demo.policies] + ["lineage-unknown", "expired-waiver"]


def test_a_case_per_asset_checked(suites: dict[str, TestSuite], demo: RunResult) -> None:
    for policy, assets in demo.checked.items():
        assert sorted(c.name for c in suites[policy]) == sorted(assets), policy
    assert suites["lineage-unknown"].tests == demo.stats.tasks_total


def test_failures_are_the_unwaived_findings(suites: dict[str, TestSuite], demo: RunResult) -> None:
    pii = {c.name: c for c in suites["pii-needs-cleared-owner"]}
    sms = pii["marts.sms_campaign_audience"]
    assert isinstance(sms.result[0], Failure) and sms.result[0].type == "error"
    assert "first_name" in (sms.result[0].text or "") and "phone" in (sms.result[0].text or "")
    assert pii["export.ad_audience_match"].is_passed  # hashed identifiers: checked, passes
    failing = {(s, c.name) for s, suite in suites.items() for c in suite
               if c.result and isinstance(c.result[0], Failure)}
    expected = {(f.policy, f.location.path if f.policy == "lineage-unknown" and f.location
                 else (f"{f.waiver.policy} on {f.waiver.asset}" if f.policy == "expired-waiver"
                       and f.waiver else f.asset))
                for f in demo.findings if not f.waived}
    assert failing == expected


def test_waived_findings_are_skipped(suites: dict[str, TestSuite]) -> None:
    crm = next(c for c in suites["no-pii-in-exports"] if c.name == "export.crm_sync")
    assert crm.is_skipped and isinstance(crm.result[0], Skipped)
    assert "GOV-512" in (crm.result[0].message or "")
    assert suites["no-pii-in-exports"].skipped == 1


def test_markup_in_names_is_escaped_xml(evil: RunResult, tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    text = junit.render(evil, META)
    assert PAYLOAD not in text
    path.write_text(text, encoding="utf-8")
    names = [c.name for s in JUnitXml.fromfile(str(path)) for c in s]
    assert f"raw.{PAYLOAD}" in names
