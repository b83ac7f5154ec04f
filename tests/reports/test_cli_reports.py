"""`check --format/--output`, `report`, atomic writes and the progress display."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

import engine.reports
from engine.cli import main
from engine.errors import OutputError
from engine.pipeline import RunResult
from engine.progress import Progress
from engine.reports import FORMATS, REPORT_SET, write_files, write_reports
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


@pytest.mark.parametrize(("name", "exists", "why"), [
    ("file.txt", True, "is a file"),
    ("out.json", False, "names a file"),  # made a directory named out.json
    ("out.SARIF", False, "names a file"),
])
def test_several_formats_need_a_directory(project: Path, tmp_path: Path, name: str,
                                          exists: bool, why: str) -> None:
    target = tmp_path / name
    if exists:
        target.write_text("keep")
    code, _, err = invoke("check", "--catalog", str(project), "--format", "html,sarif",
                          "--output", str(target))
    assert code == 2
    assert (f"with several formats, --output is the directory each is written to under its "
            f"default name, and {target} {why}: give a directory (e.g. --output reports/) or "
            "one --format") in err
    assert target.read_text() == "keep" if exists else not target.exists()


def test_several_formats_go_into_a_new_directory_with_a_dot(project: Path,
                                                            tmp_path: Path) -> None:
    out_dir = tmp_path / "reports.v2"
    code, _, err = invoke("check", "--catalog", str(project), "--format", "html,sarif",
                          "--output", str(out_dir))
    assert code == 1, err
    assert sorted(p.name for p in out_dir.iterdir()) == ["findings.sarif", "index.html"]


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


def _old_report_set(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in REPORT_SET:
        (out_dir / name).write_text("old")


def _denied(*args: object, **kwargs: object) -> object:
    raise PermissionError(13, "Permission denied")


@pytest.mark.parametrize("blocker", ["directory", "denied"])
def test_report_writes_all_files_or_none(project: Path, tmp_path: Path, blocker: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out_dir = tmp_path / "site"
    _old_report_set(out_dir)
    if blocker == "directory":  # the last file written: seven would otherwise be replaced
        (out_dir / "summary.md").unlink()
        (out_dir / "summary.md").mkdir()
        reason = "summary.md: it is a directory"
    else:  # as root permissions do not apply: the OS's refusal is stood in for
        monkeypatch.setattr(engine.reports.tempfile, "mkstemp", _denied)
        reason = "index.html: permission denied"
    code, out, err = invoke("report", "--catalog", str(project), "--output-dir", str(out_dir))
    assert code == 2 and out == ""
    assert f"error: cannot write {out_dir.as_posix()}/{reason}" in err
    assert "--output-dir DIR" in err and "No report was written or replaced." in err
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(REPORT_SET)  # no temp file
    assert all((out_dir / n).is_dir() or (out_dir / n).read_text() == "old" for n in REPORT_SET)


def test_check_that_cannot_write_prints_nothing_and_exits_2(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine.reports.tempfile, "mkstemp", _denied)
    code, out, err = invoke("check", "--catalog", str(project))
    assert code == 2 and out == ""
    assert "reports/findings.json: permission denied (write them elsewhere with --reports-dir" \
        in err
    assert "No report was written and no finding printed." in err
    assert not (project.parent / "reports").exists()  # the directory it made is removed


@pytest.mark.parametrize("command", [["check", "--format", "sarif"], ["lineage"]])
def test_an_output_under_a_file_is_an_error_naming_it(project: Path, tmp_path: Path,
                                                      command: list[str]) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("keep")
    code, out, err = invoke(*command, "--catalog", str(project),
                            "--output", str(blocker / "out.sarif"))
    assert code == 2 and out == ""
    assert f"out.sarif: {blocker} is not a directory (write it elsewhere with --output" in err
    assert blocker.read_text() == "keep"


def test_a_failing_rename_leaves_no_temp_file_and_counts_what_it_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {tmp_path / n: n for n in ("a.txt", "b.txt", "c.txt")}
    renamed: list[str] = []

    def replace(src: str, dst: Path) -> None:
        if dst.name == "b.txt":
            raise OSError(5, "Input/output error")
        renamed.append(dst.name)
        os.rename(src, dst)

    monkeypatch.setattr(engine.reports.os, "replace", replace)
    with pytest.raises(OutputError) as raised:
        write_files(files)
    assert (raised.value.path.name, raised.value.replaced) == ("b.txt", 1)
    assert raised.value.reason == "input/output error"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "findings.json"
    target.write_text("old")
    target.chmod(0o640)
    write_files({target: "new", tmp_path / "fresh.json": "new"})
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text() == "new"
    assert not stat.S_IMODE((tmp_path / "fresh.json").stat().st_mode) & 0o111


@pytest.mark.parametrize("git", ["dir", "file", None])  # a repository, a worktree, none
def test_sarif_names_files_from_the_repository_root(project: Path, git: str | None) -> None:
    top = project.parent.parent  # the project is a subdirectory `project/` of a repository
    if git == "dir":
        (top / ".git").mkdir()
    elif git == "file":
        (top / ".git").write_text("gitdir: /elsewhere/.git/worktrees/x\n")
    code, out, _ = invoke("check", "--catalog", str(project), "--format", "sarif")
    uri = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"]["uri"]
    assert code == 1 and uri == ("project/sql/feed.sql" if git else "sql/feed.sql")


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
