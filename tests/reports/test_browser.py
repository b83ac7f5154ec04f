"""The HTML report in a real headless Chromium (Debian's `chromium`, driven by Playwright).

It must load with no console error and no request but the file itself, draw a finding's
witness graph, filter findings and assets, draw an asset's lineage, never run injected
markup, and stay usable for 5,000 assets. A screenshot is kept in tests/reports/artifacts/.
Skipped only when no Chromium binary is installed (CI installs Debian's in .ci/run).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, sync_playwright

from engine.pipeline import RunResult
from engine.reports import html
from tests.reports.builders import EVIL_ASSET, EVIL_COLUMN, PAYLOAD, synthetic
from tests.reports.conftest import META

ARTIFACTS = Path(__file__).parent / "artifacts"
DOCS_IMAGE = Path(__file__).resolve().parents[2] / "docs" / "images" / "report.png"
CHROMIUM = os.environ.get("LINEAGE_POLICY_CHROMIUM") or next(
    (p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None)
# Without these, Chromium tries the network (updates, QUIC, sync) and fails in a closed sandbox.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

IN_CI = os.environ.get("CI") == "true"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not IN_CI,
    reason="no Chromium binary: install Debian's `chromium` (.ci/run does) to run this test")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:  # in CI a missing browser is a failure, never a silent skip
        pytest.fail("CI=true but no chromium binary: .ci/run should have installed it")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


class Watched:
    """A page with every console error, page error, dialog and request recorded."""

    def __init__(self, browser: Browser, path: Path) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1360, "height": 900})
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.as_uri()
        self.page.goto(self.url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"{message.type}: {message.text}")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visible(self, selector: str) -> int:
        return int(self.page.eval_on_selector_all(
            selector, "els => els.filter(e => e.offsetParent !== null).length"))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_report_in_chromium(browser: Browser, demo: RunResult, tmp_path: Path) -> None:
    w = Watched(browser, _write(tmp_path, "index.html", html.render(demo, META)))
    page = w.page
    # the first finding is open and its witness graph is laid out with one node per hop
    first = page.locator("details.finding").first
    nodes = first.locator("svg.witness g.node")
    assert nodes.count() == len(demo.findings[0].path) >= 2
    box = nodes.last.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50

    page.fill("#f-search", "partner_feed")
    assert w.visible("details.finding") == 2
    assert "of 2 findings" in (page.text_content("#f-count") or "")
    page.fill("#f-search", "")
    page.select_option("#f-sev", "warning")
    assert w.visible("details.finding") == sum(f.severity.value == "warning" for f in demo.findings)
    page.select_option("#f-sev", "")
    page.uncheck("#f-waived")
    assert w.visible("details.finding") == sum(not f.waived for f in demo.findings)

    page.fill("#a-search", "dim_customers")
    assert page.locator("#a-table tbody tr").count() == 1
    page.click("#a-table tbody tr a")
    panel = page.locator("#asset-panel")
    panel.locator("svg.lineage").wait_for()  # drawn on the hashchange the click causes
    assert panel.is_visible() and panel.locator("h3.title").text_content() == "marts.dim_customers"
    names = panel.locator("svg.lineage .a-name").all_text_contents()
    assert {"stg.customers", "export.partner_feed", "marts.dim_customers"} <= set(names)
    assert panel.locator("svg.lineage g.edge").count() >= len(names) - 1

    page.click('a[data-filter-tag="pii.email"][data-filter-zone="exports"]')
    rows = page.locator("#a-table tbody tr td:first-child").all_text_contents()
    assert rows == ["export.crm_sync", "export.loyalty_partner_members", "export.partner_feed"]

    # a count column's header stands over its numbers (the sensitive-data map's above all)
    aligns = page.eval_on_selector_all(
        "th.num", "els => els.map(e => getComputedStyle(e).textAlign)")
    assert len(aligns) > 10 and set(aligns) == {"right"}

    page.goto(w.url + "#summary")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    if os.environ.get("LINEAGE_POLICY_DOCS_SCREENSHOT"):  # refresh the README's picture
        page.reload()
        page.screenshot(path=str(DOCS_IMAGE), clip={"x": 0, "y": 0, "width": 1360, "height": 2150},
                        full_page=True)
    assert w.problems == [] and w.dialogs == []
    assert set(w.requests) == {w.url, w.url + "#summary"} or set(w.requests) == {w.url}


def test_injected_markup_renders_as_text(browser: Browser, evil: RunResult, tmp_path: Path) -> None:
    w = Watched(browser, _write(tmp_path, "evil.html", html.render(evil, META)))
    page = w.page
    page.goto(w.url + "#asset/" + quote(EVIL_ASSET, safe=""))
    page.locator("#asset-panel h3.title").wait_for()
    assert page.locator("#asset-panel h3.title").text_content() == EVIL_ASSET
    assert EVIL_COLUMN in page.locator("#asset-panel table").last.text_content()  # type: ignore[operator]
    page.fill("#f-search", "alert reaches")
    subjects = page.locator("details.finding:not([hidden]) summary .subject").all_text_contents()
    assert subjects == [f"{EVIL_ASSET}.{EVIL_COLUMN}"]
    assert page.locator("script").count() == 2 and page.locator("img").count() == 0
    assert w.dialogs == [] and w.problems == []
    assert PAYLOAD in (page.text_content("#findings") or "")


def test_thousands_of_assets_stay_usable(browser: Browser, tmp_path: Path) -> None:
    w = Watched(browser, _write(tmp_path, "big.html", html.render(synthetic(5000, 200), META)))
    page = w.page
    assert page.locator("#a-table tbody tr").count() == 50  # paginated, not 5,000 rows
    assert "of 5000 assets" in (page.text_content("#a-count") or "")
    assert w.visible("details.finding") == 25
    page.fill("#a-search", "mart.t02500")
    page.click("#a-table tbody tr a")
    page.locator("#asset-panel svg.lineage").wait_for()
    nodes = page.locator("#asset-panel svg.lineage g.anode").count()
    assert 3 <= nodes <= 5 * 9  # depth 2 each way, at most 8 per layer plus "+N more"
    assert w.problems == []
