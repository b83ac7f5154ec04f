"""`check --format/--output`, `report`, atomic writes and the progress display."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.pipeline import RunResult
from engine.progress import Progress
from engine.reports import FORMATS, REPORT_SET, write_reports
from tests.conftest import MakeProject
from tests.reports.conftest import META

CATALOG = """
dialect: postgres
sources: {sql: ["sql/*.sql"]}
tags: {pii: {}}
zones: {export: {assets: ["export.*"], sink: true}}
assets:
  raw.users: {owner: core, source: true, columns: {id: {}, email: {tags: [pii]}}}
"""
SQL = {"sql/feed.sql": "CREATE TABLE export.feed AS SELECT id, email FROM raw.users;"}
POLICY = """
policies:
  - {id: no-pii-out, kind: flow, severity: error, description: No pii out., tag: pii,
     to: {zone: export}}
"""


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project(CATALOG, sql=SQL, policies={"p.yaml": POLICY})


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_check_several_formats_as_list_and_repeated(project: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out, err = invoke("check", "--catalog", str(project), "--format", "html,sarif",
                            "--format", "junit", "--format", "text", "--output", str(out_dir))
    assert code == 1 and err == ""  # no progress off a terminal
    written = sorted(p.name for p in out_dir.iterdir())
    assert written == ["findings.sarif", "index.html", "junit.xml"]
    assert "no-pii-out (flow, error): 1 finding(s)" in out  # text still goes to stdout
    assert (project.parent / "reports" / "findings.json").exists()  # always written
    assert json.loads((out_dir / "findings.sarif").read_text())["runs"][0]["results"]


def test_check_one_format_to_stdout_or_file(project: Path, tmp_path: Path) -> None:
    code, out, _ = invoke("check", "--catalog", str(project), "--format", "markdown")
    assert code == 1 and out.startswith("## lineage-policy")
    target = tmp_path / "comment.md"
    code, out, _ = invoke("check", "--catalog", str(project), "--format", "markdown",
                          "--output", str(target), "--fail-on", "never")
    assert code == 0 and out == "" and target.read_text().startswith("## lineage-policy")


def test_check_rejects_an_unknown_format_with_a_hint(project: Path) -> None:
    code, _, err = invoke("check", "--catalog", str(project), "--format", "html,sarf")
    assert code == 2 and "unknown format 'sarf'" in err and "did you mean 'sarif'" in err


def test_several_formats_need_a_directory(project: Path, tmp_path: Path) -> None:
    existing = tmp_path / "file.txt"
    existing.write_text("keep")
    code, _, err = invoke("check", "--catalog", str(project), "--format", "html,sarif",
                          "--output", str(existing))
    assert code == 2 and "--output must be a directory" in err
    assert existing.read_text() == "keep"


def test_report_writes_the_full_set(project: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "site"
    code, out, _ = invoke("report", "--catalog", str(project), "--output-dir", str(out_dir))
    assert code == 0  # --fail-on defaults to never for report
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(REPORT_SET)
    assert "Wrote 8 reports" in out
    assert json.loads((out_dir / "audit.json").read_text())["report"] == "audit"
    code, _, _ = invoke("report", "--catalog", str(project), "--output-dir", str(out_dir),
                        "--fail-on", "error", "-q")
    assert code == 1


def test_report_on_bad_input_writes_nothing(make_project: MakeProject, tmp_path: Path) -> None:
    catalog = make_project("assets: {raw.a: {ownr: x}}\n")
    code, _, err = invoke("report", "--catalog", str(catalog), "--output-dir", str(tmp_path / "o"))
    assert code == 2 and "unknown key 'ownr'" in err and not (tmp_path / "o").exists()


def test_a_failing_render_changes_no_file(demo: RunResult, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "index.html").write_text("old")

    def broken(result: RunResult, meta: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setitem(FORMATS, "junit", broken)
    targets = {tmp_path / "index.html": "html", tmp_path / "junit.xml": "junit"}
    with pytest.raises(RuntimeError):
        write_reports(demo, targets, META)
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
    assert (tmp_path / "index.html").read_text() == "old"


def test_progress_shows_stages_and_a_task_counter_only_when_enabled() -> None:
    stream = io.StringIO()
    progress = Progress(stream=stream, enabled=True)
    for i in range(1, 4):
        progress("lineage", i, 3)
    progress("graph", 0, 1)
    progress.close()
    text = stream.getvalue()
    assert "Parsing SQL" in text and "3/3 tasks" in text
    assert "✓ Parsing SQL: 3 tasks" in text and "✓ Building the lineage graph" in text
    quiet = io.StringIO()
    Progress(quiet=True, stream=quiet)("lineage", 1, 1)
    assert Progress(stream=io.StringIO()).enabled is False  # not a terminal
    assert quiet.getvalue() == ""
