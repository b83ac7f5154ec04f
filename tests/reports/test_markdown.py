"""Markdown pull-request comment: most important first, GitHub's size limit, escaping."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from engine.models import BaseInfo
from engine.pipeline import RunResult
from engine.reports import RenderMeta, markdown
from tests.reports.builders import PAYLOAD, synthetic
from tests.reports.conftest import META

ENTRY = re.compile(r"^- \S+ (\*\*(error|warning|info)\*\*|waived (error|warning|info)) ", re.M)


def _entries(text: str) -> list[str]:
    return [m.group(2) or f"waived {m.group(3)}" for m in ENTRY.finditer(text)]


def test_summary_and_verdict(demo: RunResult) -> None:
    text = markdown.render(demo, META)
    assert "❌ **8 blocking finding(s)** at `--fail-on error`" in text
    assert "| 🔴 error | 8 | 2 |" in text
    assert "| `pii-needs-cleared-owner` | error | 4 | 0 |" in text
    assert "Parse coverage **98.2%**" in text
    assert "`exports-need-owner-and-description`" not in text  # policies with nothing to say


def test_most_severe_unwaived_first_then_waived(demo: RunResult) -> None:
    text = markdown.render(demo, META)
    order = _entries(text)
    assert order == ["error"] * 8 + ["warning"] * 5 + ["info"] + ["waived error"] * 2
    assert text.index("### Findings (14)") < text.index("### Waived (2)")
    feed = "`export.partner_feed.email` carries `pii.email` at `sql/exports/partner_feed.sql:8`"
    assert feed in text


def test_new_and_fixed_findings_lead_when_compared_with_a_base(demo: RunResult) -> None:
    changed = tuple(f.model_copy(update={"change": "new" if i == 3 else "fixed" if i == 0
                                         else "unchanged"}) for i, f in enumerate(demo.findings))
    text = markdown.render(demo.model_copy(update={"findings": changed}), META)
    assert text.index("### New (1)") < text.index("### Fixed (1)") < text.index("### Still present")


@pytest.mark.parametrize("show_all", [False, True])
def test_still_present_findings_are_counted_unless_all_lists_them(
    demo: RunResult, show_all: bool
) -> None:
    changed = tuple(f.model_copy(update={"change": "new" if i == 3 else "unchanged"})
                    for i, f in enumerate(demo.findings))
    base = BaseInfo(ref="main", commit="0" * 40)
    result = demo.model_copy(update={"findings": changed, "base": base})
    text = markdown.render(result, replace(META, show_unchanged=show_all))
    kept = len(changed) - 1
    assert "### New (1)" in text
    assert ("### Still present" in text) is show_all
    assert (f"{kept} finding(s) still present from the base, not listed" in text) is not show_all


def test_truncated_to_githubs_limit_with_a_count(demo: RunResult) -> None:
    big = synthetic(200, 3000)
    text = markdown.render(big, META)
    assert markdown.length(text) <= markdown.LIMIT
    shown = len(_entries(text))
    assert 100 < shown < 3000
    assert f"**{3000 - shown} more finding(s) not shown**" in text
    first = _entries(text)
    assert first[: first.count("error")] == ["error"] * first.count("error")  # errors first
    small = markdown.render(demo, META, limit=2500)
    assert markdown.length(small) <= 2500
    assert f"**{len(demo.findings) - len(_entries(small))} more finding(s) not shown**" in small


def test_user_input_cannot_inject_markup(evil: RunResult) -> None:
    text = markdown.render(evil, META)
    outside_code = re.sub(r"(`+).*?\1", "", text)
    # every < outside code is escaped, except the comment's own <br> and <sub>
    assert set(re.findall(r"(?<!\\)<(/?\w+)", outside_code)) == {"br", "sub", "/sub"}
    assert "\\<script\\>alert" in outside_code
    assert f"`raw.{PAYLOAD}.{PAYLOAD}`" in text  # names stay readable, as code
    assert markdown.code("a`b") == "`` a`b ``" and markdown.text("*x* <b>") == "\\*x\\* \\<b\\>"


def test_a_run_that_does_not_gate_says_so(demo: RunResult) -> None:
    text = markdown.render(demo, RenderMeta(generated_at="x", fail_on="never"))
    assert "not gating (`--fail-on never`)" in text and "blocking" not in text


def test_a_project_in_a_subdirectory_says_where_its_paths_start(demo: RunResult) -> None:
    note = "Paths are relative to `warehouse/` in the repository."
    assert note not in markdown.render(demo, META)
    assert note in markdown.render(demo, RenderMeta(generated_at="x", repo_dir="warehouse"))
