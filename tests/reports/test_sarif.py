"""SARIF 2.1.0: valid against the official schema, read back by a real consumer (sarif-tools)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sarif import loader

from engine.pipeline import RunResult
from engine.reports import sarif
from tests.reports.conftest import META

# The published OASIS schema (errata01), vendored unmodified from ../shared/schemas/.
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())


@pytest.fixture(scope="module")
def log(demo: RunResult) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sarif.render(demo, META))
    return data


def test_valid_against_the_sarif_2_1_0_schema(log: dict[str, Any]) -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["version"] == "2.1.0"


def test_schema_validation_can_fail(log: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(broken)


def test_one_rule_per_policy_with_help(log: dict[str, Any], demo: RunResult) -> None:
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == [p.id for p in demo.policies] + ["expired-waiver", "lineage-unknown"]
    flow = rules[ids.index("no-pii-in-exports")]
    assert flow["fullDescription"]["text"].startswith("Personal data must not leave")
    params = 'Parameters: tag: "pii"; to: {"zone": ["exports"]}; unless: "masked".'
    assert params in flow["help"]["text"]
    assert "- `unless`: `\"masked\"`" in flow["help"]["markdown"]
    assert flow["defaultConfiguration"]["level"] == "error"
    assert rules[ids.index("unused-marts")]["defaultConfiguration"]["level"] == "note"


def test_results_point_at_the_sql_line_that_creates_the_flow(log: dict[str, Any]) -> None:
    results = log["runs"][0]["results"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    feed = next(r for r in results if r["ruleId"] == "no-pii-in-exports"
                and r["properties"]["asset"] == "export.partner_feed")
    loc = feed["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "sql/exports/partner_feed.sql"
    assert loc["region"]["startLine"] == 8
    assert rules[feed["ruleIndex"]]["id"] == feed["ruleId"]
    steps = feed["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["logicalLocations"][0]["fullyQualifiedName"] for s in steps] == [
        "raw.users.email", "stg.customers.email", "marts.dim_customers.email",
        "export.partner_feed.email"]


@pytest.mark.parametrize(("repo_dir", "uri"), [
    ("", "sql/exports/partner_feed.sql"),
    ("data/my warehouse", "data/my%20warehouse/sql/exports/partner_feed.sql"),
])
def test_uris_are_relative_to_the_repository_root(demo: RunResult, repo_dir: str,
                                                  uri: str) -> None:
    # code scanning resolves a uri against the repository root and ignores
    # originalUriBaseIds: a project in a subdirectory (a monorepo) has it prefixed
    data = json.loads(sarif.render(demo, replace(META, repo_dir=repo_dir)))
    jsonschema.Draft4Validator(SCHEMA).validate(data)
    results = data["runs"][0]["results"]
    feed = next(r for r in results if r["ruleId"] == "no-pii-in-exports"
                and r["properties"]["asset"] == "export.partner_feed")
    assert feed["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": uri, "uriBaseId": "%SRCROOT%"}
    steps = feed["codeFlows"][0]["threadFlows"][0]["locations"]
    located = [s["location"]["physicalLocation"]["artifactLocation"]["uri"] for s in steps
               if "physicalLocation" in s["location"]]
    assert located and all(u.startswith(uri.rsplit("sql/", 1)[0] + "sql/") for u in located)


def test_fingerprints_and_suppressions(log: dict[str, Any], demo: RunResult) -> None:
    results = log["runs"][0]["results"]
    assert [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in results] == [
        f.fingerprint for f in demo.findings]
    suppressed = [r for r in results if "suppressions" in r]
    assert {r["properties"]["column"] for r in suppressed} == {"email", "first_name"}
    assert all(r["properties"]["asset"] == "export.crm_sync" for r in suppressed)
    s = suppressed[0]["suppressions"][0]
    assert (s["kind"], s["status"]) == ("external", "accepted")
    assert s["properties"]["ticket"] == "GOV-512"
    # the expired waiver no longer suppresses the loyalty export
    loyalty = [r for r in results if r["properties"]["asset"] == "export.loyalty_partner_members"
               and r["ruleId"] == "no-pii-in-exports"]
    assert loyalty and "suppressions" not in loyalty[0]


def test_sarif_tools_reads_it_back(demo: RunResult, tmp_path: Path) -> None:
    path = tmp_path / "findings.sarif"
    path.write_text(sarif.render(demo, META), encoding="utf-8")
    data = loader.load_sarif_file(str(path))
    assert data.get_distinct_tool_names() == ["lineage-policy"]
    assert data.get_result_count() == len(demo.findings)
    records = data.get_records()
    feed = [r for r in records if r["Location"] == "sql/exports/partner_feed.sql"]
    assert {(r["Code"], str(r["Line"]), r["Severity"]) for r in feed} == {
        ("no-pii-in-exports", "8", "error"), ("pii-needs-cleared-owner", "8", "error")}
    assert sorted(data.get_severities()) == ["error", "note", "warning"]
    assert data.get_rules_by_id("unused-marts")[0]["shortDescription"]["text"]


def test_a_finding_from_an_undescribed_check_still_gets_a_rule(demo: RunResult) -> None:
    odd = demo.findings[0].model_copy(update={"policy": "future-check"})
    log = json.loads(sarif.render(demo.model_copy(update={"findings": (odd,)}), META))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    (result,) = run["results"]
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "future-check"
