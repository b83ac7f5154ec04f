"""The compliance audit (audit.json, audit.html) and the cleanup report, on the demo warehouse."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from engine.pipeline import RunResult
from engine.reports import audit, cleanup
from tests.conftest import MakeProject, run_at
from tests.reports.conftest import META, ROOT


@pytest.fixture(scope="module")
def doc(demo: RunResult) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(audit.render_json(demo, META))
    return data


def _sha(path: str) -> str:
    return hashlib.sha256((ROOT / path).read_bytes()).hexdigest()


def test_stamped_with_content_hashes_and_version(doc: dict[str, Any], demo: RunResult) -> None:
    r = doc["reproducibility"]
    assert r["tool_version"] == demo.tool_version and r["inputs_hash"] == demo.inputs_hash
    assert r["catalog"] == {"path": "catalog.yaml", "sha256": _sha("catalog.yaml")}
    assert [f["path"] for f in r["policies"]["files"]] == list(demo.policy_files)
    assert all(f["sha256"] == _sha(f["path"]) for f in r["policies"]["files"] + r["sql"]["files"])
    assert r["sql"]["count"] == demo.stats.tasks_total == 51


def test_declared_facts_are_kept_apart_from_derived(doc: dict[str, Any]) -> None:
    assert set(doc["declared"]) == {"teams", "tags", "declassifications", "waivers"}
    assert set(doc["derived"]) == {"holdings", "declassify_effects", "waiver_matches"}
    assert {"asset": "raw.users", "column": "email", "tag": "pii.email",
            "scope": "column"} in doc["declared"]["tags"]
    assert {"asset": "raw.support_tickets", "column": None, "tag": "pii",
            "scope": "table"} in doc["declared"]["tags"]
    assert doc["declared"]["teams"]["partnerships"] == {"clearance": []}


def test_every_tagged_column_with_origin_and_path(doc: dict[str, Any], demo: RunResult) -> None:
    holdings = {h["asset"]: h for h in doc["derived"]["holdings"]}
    seen = {(h["asset"], c["column"], t) for h in holdings.values() for c in h["columns"]
            for t in c["declared_tags"] + [d["tag"] for d in c["derived_tags"]]}
    assert seen == {(a.column.asset, a.column.column, a.tag) for a in demo.tags.items}
    feed = holdings["export.partner_feed"]
    assert (feed["owner"], feed["team_clearance"], feed["uncleared_tags"]) == (
        "partnerships", [], ["pii.email"])
    email = feed["columns"][0]["derived_tags"][0]
    assert (email["origin"], email["masked"]) == ("raw.users.email", False)
    assert [(s["task"], s["line"], s["transform"]) for s in email["path"]] == [
        (None, None, "declared"),
        ("sql/staging/stg_customers.sql", 6, "DIRECT.TRANSFORMATION(trim, lower)"),
        ("sql/marts/dim_customers.sql", 17, "DIRECT.IDENTITY"),
        ("sql/exports/partner_feed.sql", 8, "DIRECT.IDENTITY")]
    users = {c["column"]: c for c in holdings["raw.users"]["columns"]}
    assert users["email"]["declared_tags"] == ["pii.email"] and not users["email"]["derived_tags"]
    policies = {f["policy"] for f in feed["findings"]}
    assert policies == {"no-pii-in-exports", "pii-needs-cleared-owner"}


def test_declassifications_and_waivers_with_approver_ticket_and_dates(doc: dict[str, Any]) -> None:
    (d,) = doc["declared"]["declassifications"]
    assert (d["asset"], d["tag"], d["approved_by"], d["ticket"], d["date"]) == (
        "marts.customer_demographics", "pii.birth_date", "dpo@northwind.example", "GOV-208",
        "2026-03-02")
    assert doc["derived"]["declassify_effects"][0]["stopped"] == [
        "marts.customer_demographics.birth_year"]
    waivers = {w["ticket"]: w for w in doc["declared"]["waivers"]}
    assert (waivers["GOV-512"]["until"], waivers["GOV-512"]["active"]) == ("2027-06-30", True)
    assert (waivers["GOV-377"]["active"], waivers["GOV-377"]["location"]["line"]) == (False, 34)
    matches = {m["asset"]: m for m in doc["derived"]["waiver_matches"]}
    assert len(matches["export.crm_sync"]["findings"]) == 2
    assert matches["export.loyalty_partner_members"]["state"] == "expired"


def test_coverage_gaps_say_what_was_not_seen(doc: dict[str, Any]) -> None:
    gaps = doc["coverage_gaps"]
    assert gaps["tasks_unknown"] == ["sql/marts/refund_reasons_weekly.sql"]
    assert gaps["tasks_partial"] == ["sql/analytics/adhoc_order_payment_recon.sql"]
    (amb,) = gaps["diagnostics"]["ambiguous-column"]
    assert (amb["task"], amb["line"], amb["name"]) == (
        "sql/analytics/adhoc_order_payment_recon.sql", 12, "currency")
    assert "unresolved-star" in gaps["diagnostics"]
    assert doc["scope"]["parse_coverage"] < 1


def test_audit_html_shows_paths_approvals_and_gaps(demo: RunResult) -> None:
    page = audit.render_html(demo, META)
    for text in ("sql/marts/refund_reasons_weekly.sql", "ambiguous-column", "GOV-208",
                 "dpo@northwind.example", "2026-03-02", "marts.customer_demographics.birth_year",
                 "<code>sql/exports/partner_feed.sql:8</code> · DIRECT.IDENTITY",
                 "owner not cleared for pii.email", "expired", _sha("catalog.yaml")):
        assert text in page, text


def test_cleanup_candidates_grouped_by_owner_with_impact(demo: RunResult) -> None:
    groups = {g.owner: g.candidates for g in cleanup.candidates(demo)}
    assert list(groups) == ["analytics", "finance"]
    (unused,) = groups["analytics"]
    assert (unused.subject, unused.check) == ("marts.legacy_customer_ltv", "unused")
    assert unused.retire_with == ("sql/marts/legacy_customer_ltv.sql",) and not unused.breaks
    (orphan,) = groups["finance"]
    assert orphan.check == "orphan"
    assert orphan.breaks == ("sql/exports/investor_kpis.sql", "export.investor_kpis")
    seen = cleanup.consulted(demo)
    assert any("query log" in s for s in seen["unseen"])
    assert any("sql/marts/refund_reasons_weekly.sql" in s for s in seen["unseen"])


UNDECLARED = """
dialect: postgres
sources: {sql: ["sql/*.sql"]}
tags: {pii: {}}
assets:
  raw.a: {columns: [ward]}
"""
UNDECLARED_POLICIES = """
policies:
  - {id: orphans, kind: cleanup, severity: warning, check: orphan}
  - {id: retained, kind: require, severity: info, where: {name: "marts.*"}, have: [retention_days]}
"""


def test_findings_on_undeclared_assets_point_at_the_sql_and_an_orphan_breaks_what_it_feeds(
    make_project: MakeProject,
) -> None:
    """An orphan is located at the first statement reading it, a table only SQL creates at the
    first writing it; removing the orphan breaks what its reading statements feed, not the
    other tables the same task writes."""
    sql = {"sql/s.sql": "CREATE TABLE marts.s AS SELECT ward, count(*) AS n FROM raw.a "
           "GROUP BY ward;\n"
           "INSERT INTO marts.h SELECT s.ward, s.n FROM marts.s s JOIN ref.cal c ON c.d = s.n;\n"
           "CREATE TABLE marts.z AS SELECT * FROM marts.h;\n"}
    result = run_at(make_project(UNDECLARED, sql, {"p.yaml": UNDECLARED_POLICIES}))
    at = {(f.policy, f.asset): str(f.location) for f in result.findings}
    assert at[("orphans", "ref.cal")] == "sql/s.sql:2"
    assert at[("retained", "marts.s")] == "sql/s.sql:1"
    assert at[("retained", "marts.h")] == "sql/s.sql:2"
    orphans = {c.finding.asset: c for g in cleanup.candidates(result) for c in g.candidates
               if c.check == "orphan"}
    assert orphans["ref.cal"].breaks == ("sql/s.sql", "marts.h", "marts.z")
    assert orphans["raw.a"].breaks == ("sql/s.sql", "marts.s", "marts.h", "marts.z")


def test_overlapping_waivers_both_cover_a_finding_and_the_audit_says_which_applied(
    make_project: MakeProject,
) -> None:
    catalog = UNDECLARED.replace("tags: {pii: {}}", "tags: {pii: {}}\nzones: {export: [export.*]}")
    catalog = catalog.replace("columns: [ward]", "columns: {ward: {tags: [pii]}}")
    policies = """
policies:
  - {id: no-pii-out, kind: flow, severity: error, tag: pii, to: {zone: export}}
exceptions:
  - {policy: no-pii-out, asset: "export.*", until: 2027-12-31, reason: r, ticket: GOV-21}
  - {policy: no-pii-out, asset: export.p2, until: 2027-01-31, reason: r, ticket: GOV-22}
"""
    sql = {"sql/p.sql": "CREATE TABLE export.p2 AS SELECT ward FROM raw.a;"}
    result = run_at(make_project(catalog, sql, {"p.yaml": policies}))
    (finding,) = [f for f in result.findings if f.policy == "no-pii-out"]
    doc = json.loads(audit.render_json(result, META))
    waivers = {w["ticket"]: w for w in doc["declared"]["waivers"]}
    matches = {m["asset"]: m for m in doc["derived"]["waiver_matches"]}
    assert matches["export.*"]["findings"] == matches["export.p2"]["findings"] == [
        finding.fingerprint]
    assert matches["export.*"]["applied_to"] == [finding.fingerprint]  # the later until
    assert matches["export.p2"]["applied_to"] == []
    assert waivers["GOV-22"]["active"] is True


def test_idle_tasks_exclude_sinks(demo: RunResult) -> None:
    idle = {t.task for t in cleanup.idle_tasks(demo)}
    assert "sql/marts/legacy_customer_ltv.sql" in idle
    assert not any(t.startswith(("sql/exports/", "sql/bi/")) for t in idle)


def test_cleanup_page(demo: RunResult) -> None:
    page = cleanup.render(demo, META)
    assert page.index("<h3>analytics") < page.index("<h3>finance")
    for text in ("nothing downstream in the parsed SQL", "removing it breaks 1 task(s)",
                 "no query log consulted", "not a declared sink", "Not consulted"):
        assert text in page, text
