"""The demo warehouse end to end: SQL in, findings out, snapshotted per report format.

The designed findings (docs/demo-warehouse.md) are asserted explicitly too, so a snapshot
update cannot silently bless a regression.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from engine import __version__
from engine.pipeline import RunResult
from engine.reports import FORMATS, RenderMeta
from tests.conftest import run_at

ROOT = Path(__file__).resolve().parents[2]
META = RenderMeta(generated_at="2026-11-24T00:00:00+00:00")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    graph = tmp_path_factory.mktemp("demo") / "graph.kuzu"
    return run_at(ROOT / "catalog.yaml", graph_path=graph)


def normalise(text: str) -> str:
    """Blank out what legitimately changes between runs and releases.

    `generated_at` is injected (META). Content hashes (the inputs hash includes the tool
    version; file hashes change with any edit, comments included), the tool version and run
    durations are replaced by placeholders.
    """
    text = re.sub(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])", "<sha256>", text)
    text = re.sub(rf"(?<![\w.]){re.escape(__version__)}(?![\w.])", "<version>", text)
    return re.sub(r'<span class="duration">[0-9.]+ s</span>',
                  '<span class="duration"><seconds></span>', text)


# format -> snapshot file (json and text keep their original names)
SNAPSHOTS = {
    "text": "report.text", "json": "report.json", "html": "index.html",
    "sarif": "findings.sarif", "junit": "junit.xml", "markdown": "summary.md",
    "audit-json": "audit.json", "audit-html": "audit.html", "cleanup": "cleanup.html",
}


DESIGNED = {
    # (policy, asset, column, tag, waived)
    ("no-pii-in-exports", "export.partner_feed", "email", "pii.email", False),
    ("pii-needs-cleared-owner", "export.partner_feed", "email", "pii.email", False),
    ("no-pii-in-exports", "export.loyalty_partner_members", "email", "pii.email", False),
    ("pii-needs-cleared-owner", "marts.sms_campaign_audience", "phone", "pii.phone", False),
    ("pii-needs-cleared-owner", "marts.sms_campaign_audience", "first_name", "pii.name", False),
    ("pii-needs-cleared-owner", "marts.web_attribution", "ip_network", "pii.ip", False),
    ("pci-needs-cleared-owner", "analytics.fraud_card_features", "card_fingerprint",
     "pci.card_number", False),
    ("no-pci-in-analytics", "analytics.fraud_card_features", "card_fingerprint",
     "pci.card_number", False),
    ("no-pii-in-exports", "export.crm_sync", "email", "pii.email", True),
    ("no-pii-in-exports", "export.crm_sync", "first_name", "pii.name", True),
    ("sensitive-data-needs-owner-and-retention", "stg.support_tickets", None, None, False),
    ("unused-marts", "marts.legacy_customer_ltv", None, None, False),
    ("orphan-inputs", "ref.country_regions", None, None, False),
    ("lineage-unknown", "analytics.adhoc_order_payment_recon", "currency", None, False),
    ("lineage-unknown", "sql/marts/refund_reasons_weekly.sql", None, None, False),
    ("expired-waiver", "export.loyalty_partner_members", None, None, False),
}


def test_demo_reports_exactly_the_designed_findings(demo: RunResult) -> None:
    got = {(f.policy, f.asset, f.column, f.tag, f.waived) for f in demo.findings}
    assert got == DESIGNED


def test_demo_deliberate_passes(demo: RunResult) -> None:
    def tags(col: str) -> set[str]:
        return {a.tag for a in demo.tags.on_column(col)}

    # hashed identifiers leave as pseudonymous; aggregates per rule; CASE conditions carry nothing
    assert tags("export.ad_audience_match.hashed_email") == {"pseudonymous"}
    assert not any(t.startswith("pii") for t in tags("marts.customer_demographics.age_band"))
    assert demo.stats.parse_coverage < 1.0
    assert demo.stats.tasks_unknown == 1


def test_demo_temp_table_is_followed_not_reported(demo: RunResult) -> None:
    assert not any("session_events" in a for a in demo.assets)
    sources = {e.source.asset for e in demo.lineage[0].all_edges()} | {
        e.source.asset
        for t in demo.lineage
        for e in t.all_edges()
        if e.target.asset == "stg.web_sessions"
    }
    assert "stg.events_unified" in sources


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_demo_report_snapshot(demo: RunResult, fmt: str, snapshot) -> None:  # type: ignore[no-untyped-def]
    snapshot.snapshot_dir = Path(__file__).parent / "snapshots" / "demo"
    text = normalise(FORMATS[fmt](demo, META))
    if fmt in ("json", "sarif", "audit-json"):
        json.loads(text)
    assert str(ROOT) not in text  # repository-relative paths only
    snapshot.assert_match(text, SNAPSHOTS.get(fmt, f"report.{fmt}"))


def test_normalise_blanks_only_volatile_fields() -> None:
    text = f'"version": "{__version__}", "inputs_hash": "{"a" * 64}", x{__version__}1'
    assert normalise(text) == f'"version": "<version>", "inputs_hash": "<sha256>", x{__version__}1'
    assert normalise('<span class="duration">1.25 s</span>') == (
        '<span class="duration"><seconds></span>')
