"""The HTML governance report: content, self-containment, escaping and scale (no browser)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from html.parser import HTMLParser

import pytest

from engine.pipeline import RunResult
from engine.reports import FORMATS, audit, cleanup, html
from tests.reports.builders import EVIL_ASSET, PAYLOAD, synthetic
from tests.reports.conftest import META

PAGES = {"index": html.render, "audit": audit.render_html, "cleanup": cleanup.render}


class Page(HTMLParser):
    """Collect what a test needs from a page: tags by name, attributes, inline blocks."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.blocks:
            self._open = tag
            self.blocks[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.blocks[self._open][-1] += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag
                and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


@pytest.fixture(scope="module")
def index(demo: RunResult) -> str:
    return html.render(demo, META)


def test_summary_counts_match_the_run(index: str, demo: RunResult) -> None:
    open_errors = sum(1 for f in demo.findings if f.severity.value == "error" and not f.waived)
    tile = re.search(r'class="tile sev-error".*?<div class="big">(\d+)</div>', index, re.S)
    assert tile and int(tile.group(1)) == open_errors == 8
    assert "98.2%" in index  # parse coverage
    assert f"FAIL · {open_errors} blocking at error" in index
    assert "GOV-512" in index and "GOV-377" in index  # waivers, active and expired


def test_every_finding_has_a_card_and_a_drawn_witness_path(index: str, demo: RunResult) -> None:
    page = Page(index)
    cards = page.find("details")
    ids = {c["id"] for c in cards if (c.get("class") or "").startswith("finding")}
    assert ids == {f"f-{f.fingerprint}" for f in demo.findings}
    feed = next(f for f in demo.findings
                if (f.policy, f.asset) == ("no-pii-in-exports", "export.partner_feed"))
    card = index.split(f'id="f-{feed.fingerprint}"', 1)[1].split("</details>", 1)[0]
    # one node per hop (raw.users -> stg.customers -> marts.dim_customers -> export), in order
    nodes = re.findall(r'<g class="node ([^"]+)"><title>([^<\n]+)', card)
    assert [t for _, t in nodes] == [f"{s.asset}.{s.column}" for s in feed.path]
    assert nodes[0][0].startswith("origin") and "end sev-error" in nodes[-1][0]
    assert card.count("<polygon") == len(feed.path) - 1  # one arrow per hop
    assert "sql/exports/partner_feed.sql:8" in card and "TRANSFORMATION(trim, lower)" in card


def test_rule_that_kept_a_tag_is_highlighted(index: str, demo: RunResult) -> None:
    card = index.split("sha2 does not mask pci.card_number", 1)[0].rsplit("<details", 1)[1]
    assert "no-pci-in-analytics" in card or "pci-needs-cleared-owner" in card
    assert 'class="node end sev-error rule-kept"' in index


def test_sensitive_map_counts_assets_per_zone_and_flags_uncleared_teams(index: str) -> None:
    row = re.search(r'<tr><th><span class="tag lvl-\d">pii.email</span></th>(.*?)</tr>', index,
                    re.S)
    assert row is not None
    # pii.email is carried by 3 export assets: crm_sync, loyalty_partner_members, partner_feed
    exports = "export.crm_sync, export.loyalty_partner_members, export.partner_feed"
    assert f'data-filter-tag="pii.email" data-filter-zone="exports" title="{exports}">3<' in (
        row.group(1))
    assert re.search(r'class="num cell uncleared"><a href="#assets" data-filter-tag="pii.email" '
                     r'data-filter-owner="partnerships"', index)


def test_asset_data_has_bounded_neighbourhood_inputs(demo: RunResult) -> None:
    data = html.asset_data(demo)
    ids = [a["id"] for a in data["assets"]]
    assert ids == sorted(demo.assets)
    dim = data["assets"][ids.index("marts.dim_customers")]
    assert {ids[i] for i in dim["u"]} == {"stg.customers", "stg.orders"}
    assert "export.partner_feed" in {ids[i] for i in dim["n"]}
    email = next(c for c in dim["c"] if c[0] == "email")
    assert email[2] == [["pii.email", 0, "raw.users.email", "pii.email", 0]]  # derived, origin


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_are_self_contained_with_no_url_to_fetch(demo: RunResult, name: str) -> None:
    text = PAGES[name](demo, META)
    assert not re.search(r"(?i)\b(?:https?|ftp)://|//cdn|@import|url\(", text)
    page = Page(text)
    assert not [a for t, a in page.tags if t in ("link", "img", "iframe") or
                (t == "script" and "src" in a)]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_csp_allows_exactly_the_inline_blocks(demo: RunResult, name: str) -> None:
    page = Page(PAGES[name](demo, META))
    csp = page.find("meta", http_equiv="Content-Security-Policy")[0]["content"] or ""
    assert csp.startswith("default-src 'none'")

    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert [sha(s) in csp for s in page.blocks["style"]] == [True]
    tags = [a for t, a in page.tags if t == "script"]
    code = [s for s, a in zip(page.blocks["script"], tags, strict=True)
            if a.get("type") != "application/json"]
    assert [sha(s) in csp for s in code] == ([True] if name == "index" else [])


@pytest.mark.parametrize("name", sorted(PAGES))
def test_user_input_is_escaped(evil: RunResult, name: str) -> None:
    text = PAGES[name](evil, META)
    assert PAYLOAD not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text or "\\u003cscript\\u003e" in text
    page = Page(text)
    scripts = [a for t, a in page.tags if t == "script"]
    # only our own blocks: the data island and the code (index), none elsewhere
    assert len(scripts) == (2 if name == "index" else 0)
    assert not any(k.startswith("on") for _, a in page.tags for k in a)


def test_embedded_json_cannot_close_its_script_block(evil: RunResult) -> None:
    page = Page(html.render(evil, META))
    island = page.blocks["script"][0]
    assert "</" not in island and "<" not in island
    data = json.loads(island)
    assert EVIL_ASSET in [a["id"] for a in data["assets"]]


def test_rendering_is_deterministic(demo: RunResult) -> None:
    assert html.render(demo, META) == html.render(demo, META)


def test_a_warehouse_of_thousands_of_assets_stays_small_and_fast() -> None:
    big = synthetic(5000, 300)
    started = time.perf_counter()
    text = FORMATS["html"](big, META)
    assert time.perf_counter() - started < 5
    # assets are embedded once as JSON and drawn on demand: no per-asset markup or graph
    assert text.count("<svg ") == 300  # one witness path per finding, nothing per asset
    assert text.count("mart.t04999") <= 3
    assert len(text) < 4_000_000
