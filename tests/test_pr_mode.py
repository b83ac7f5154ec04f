"""`check --base REF` on real temporary git repositories: new, fixed and unchanged findings."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import textwrap
import time
import warnings
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine import afterexit, basejob, compare, gitbase, runstore, stopping
from engine.basejob import BaseJob
from engine.cli import main
from engine.errors import BaseRunError

CATALOG = """
dialect: postgres
sources: {sql: ["sql/*.sql"]}
tags:
  pii: {masking: {md5: pseudonymous}}
  pii.email: {}
  pseudonymous: {}
teams:
  core: {clearance: [pii]}
  partners: {clearance: []}
zones:
  export: {assets: ["export.*"], sink: true}
assets:
  raw.users:
    owner: core
    source: true
    columns:
      id: {}
      email: {tags: [pii.email]}
  stg.users: {owner: core}
  export.feed: {owner: partners}
"""
POLICY = """
policies:
  - id: no-pii-in-exports
    kind: flow
    description: No personal data in exports.
    tag: pii
    to: {zone: export}
    unless: masked
"""
STG = "CREATE TABLE stg.users AS SELECT id, email FROM raw.users;\n"
LEAK = "INSERT INTO export.feed (user_id, email)\nSELECT id, email\nFROM stg.users;\n"
HASHED = "INSERT INTO export.feed (user_id, email)\nSELECT id, md5(email)\nFROM stg.users;\n"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose `warehouse/` project is committed on main."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "ci@example.com")
    git(root, "config", "user.name", "CI")
    write(root / "warehouse", {"catalog.yaml": CATALOG, "lineage_policies/p.yaml": POLICY,
                               "sql/stg.sql": STG})
    (root / ".gitignore").write_text(".lineage/\nreports/\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    return root


def state(repo: Path) -> tuple[str, str, str]:
    """What a check must never change: the status, the index file, and HEAD."""
    index = hashlib.sha256((repo / ".git" / "index").read_bytes()).hexdigest()
    return git(repo, "status", "--porcelain"), index, git(repo, "rev-parse", "HEAD")


def check(repo: Path, *args: str) -> tuple[int, dict, str]:
    before = state(repo)
    result = CliRunner().invoke(main, [
        "check", "--catalog", str(repo / "warehouse" / "catalog.yaml"), "--format", "json",
        "--today", "2026-11-24", *args], catch_exceptions=False)
    assert state(repo) == before, "the working tree, index or HEAD changed"
    report = json.loads(result.stdout) if result.exit_code in (0, 1) else {}
    return result.exit_code, report, result.stderr


def by_change(report: dict, change: str) -> list[tuple[str, str | None, str | None]]:
    return [(f["asset"], f["column"], f["tag"]) for f in report["findings"]
            if f["change"] == change]


def test_new_flow_into_an_export_is_the_one_new_finding(repo: Path) -> None:
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    code, report, _ = check(repo, "--base", "main")
    assert code == 1
    assert by_change(report, "new") == [("export.feed", "email", "pii.email")]
    (new,) = [f for f in report["findings"] if f["change"] == "new"]
    assert new["location"] == {"path": "sql/export.sql", "line": 2}
    assert report["summary"]["changes"] == {"new": 1, "fixed": 0, "unchanged": 0}
    assert report["base"]["ref"] == "main"
    impact = report["impact"]
    assert impact["tasks"] == [{"task": "sql/export.sql", "change": "added"}]
    assert [a["id"] for a in impact["assets"]] == ["export.feed"]
    assert impact["reviewers"] == ["partners"]
    assert {"column": "export.feed.email", "tag": "pii.email", "change": "added",
            "origins": ["raw.users.email"]} in impact["tag_changes"]
    # a comparison, not the working tree's graph: `check` without --base builds that
    assert not (repo / "warehouse" / ".lineage" / "graph.kuzu").exists()


def test_impact_follows_columns_downstream_of_a_changed_task(repo: Path) -> None:
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "export")
    bi = "CREATE TABLE bi.ids AS SELECT user_id FROM export.feed;\n"
    stg = STG.replace("email", "email, 1 AS flag")
    write(repo / "warehouse", {"sql/stg.sql": stg, "sql/bi.sql": bi})
    _, report, _ = check(repo, "--base", "main")
    columns = {c["id"]: c["depth"] for c in report["impact"]["columns"]}
    assert columns == {"stg.users.id": 1, "stg.users.email": 1,  # `1 AS flag` has no source
                       "bi.ids.user_id": 1, "export.feed.user_id": 2, "export.feed.email": 2}
    assets = {a["id"]: a["depth"] for a in report["impact"]["assets"]}
    assert assets == {"stg.users": 1, "bi.ids": 1, "export.feed": 2}


def test_hashing_the_column_adds_no_finding(repo: Path) -> None:
    write(repo / "warehouse", {"sql/export.sql": HASHED})
    code, report, _ = check(repo, "--base", "main")
    assert code == 0
    assert by_change(report, "new") == []
    tags = {(t["column"], t["tag"]) for t in report["impact"]["tag_changes"]}
    assert ("export.feed.email", "pseudonymous") in tags


def test_deleting_the_offending_task_is_reported_as_fixed(repo: Path) -> None:
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "leak")
    git(repo, "checkout", "-q", "-b", "fix")
    (repo / "warehouse" / "sql" / "export.sql").unlink()
    code, report, _ = check(repo, "--base", "main")
    assert code == 0
    assert by_change(report, "fixed") == [("export.feed", "email", "pii.email")]
    assert by_change(report, "new") == []
    assert report["impact"]["tasks"] == [{"task": "sql/export.sql", "change": "removed"}]
    # what the removed task wrote at the base is the impact's start
    assert {a["id"] for a in report["impact"]["assets"]} == {"export.feed"}
    assert {c["id"] for c in report["impact"]["columns"]} == {"export.feed.user_id",
                                                              "export.feed.email"}


@pytest.mark.parametrize(("file", "broken"), [
    pytest.param("sql/export.sql", LEAK.replace("FROM stg.users;", "FROM stg.users WHERE;"),
                 id="the-exporting-statement"),
    pytest.param("sql/export.sql", LEAK.replace("FROM stg.users", "FROM {{ ref('stg_users') }}"),
                 id="a-template-in-the-exporting-statement"),
    pytest.param("sql/stg.sql", STG.replace("FROM raw.users", "FROM raw.users WHERE"),
                 id="an-upstream-task-on-the-path"),
])
def test_a_change_that_makes_the_sql_behind_a_finding_unreadable_does_not_fix_it(
    repo: Path, file: str, broken: str
) -> None:
    """Unparseable SQL is not silence: the base's finding stays (unchanged, saying why), it is
    not shown fixed, and the tag is not said to have gone."""
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "leak")
    write(repo / "warehouse", {file: broken})
    code, report, _ = check(repo, "--base", "main")
    assert by_change(report, "fixed") == []
    assert by_change(report, "unchanged") == [("export.feed", "email", "pii.email")]
    (kept,) = [f for f in report["findings"] if f["change"] == "unchanged"]
    assert any(e.startswith("not confirmed fixed:") for e in kept["evidence"]), kept["evidence"]
    assert [f["policy"] for f in report["findings"] if f["change"] == "new"] == ["lineage-unknown"]
    assert not [t for t in report["impact"]["tag_changes"]
                if t["column"] == "export.feed.email" and t["change"] == "removed"]
    assert code == 0  # only new findings decide; the new one is a warning


def test_existing_debt_does_not_block_and_is_counted(repo: Path) -> None:
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "leak")
    other = "CREATE TABLE stg.ids AS SELECT id FROM raw.users;"
    write(repo / "warehouse", {"sql/other.sql": other})
    code, report, _ = check(repo, "--base", "HEAD")
    assert code == 0
    assert report["summary"]["changes"] == {"new": 0, "fixed": 0, "unchanged": 1}


WAIVER = """
exceptions:
  - {policy: no-pii-in-exports, asset: export.feed, until: UNTIL, reason: r, ticket: T-1}
"""


@pytest.mark.parametrize("change", ["expired", "deleted"])
def test_a_change_that_unwaives_a_finding_makes_it_new_and_blocking(
    repo: Path, tmp_path: Path, change: str
) -> None:
    """Same fingerprint as at the base, but the change is what makes it block."""
    write(repo / "warehouse", {"sql/export.sql": LEAK,
                               "lineage_policies/w.yaml": WAIVER.replace("UNTIL", "2030-01-01")})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "waived leak")
    waiver = repo / "warehouse" / "lineage_policies" / "w.yaml"
    if change == "expired":
        # (a line more: a same-size edit in the commit's second makes `git status` rewrite
        # the index, which `check` asserts nothing does)
        waiver.write_text(WAIVER.replace("UNTIL", "2026-01-01") + "# expired\n")
    else:
        waiver.unlink()
    code, report, _ = check(repo, "--base", "main")
    assert code == 1  # as a plain check's
    assert ("export.feed", "email", "pii.email") in by_change(report, "new")
    assert by_change(report, "unchanged") == []
    CliRunner().invoke(main, ["check", "--catalog", str(repo / "warehouse" / "catalog.yaml"),
                              "--today", "2026-11-24", "--base", "main", "--format", "sarif",
                              "--format", "markdown", "--output", str(tmp_path / "out")])
    results = json.loads((tmp_path / "out" / "findings.sarif").read_text())["runs"][0]["results"]
    flow = next(r for r in results if r["ruleId"] == "no-pii-in-exports")
    assert flow["baselineState"] == "new" and "suppressions" not in flow
    md = (tmp_path / "out" / "summary.md").read_text()
    assert "❌ **1 blocking finding(s)**" in md


def test_a_change_that_waives_a_finding_leaves_it_unchanged_and_not_blocking(
    repo: Path
) -> None:
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "leak")
    write(repo / "warehouse", {"lineage_policies/w.yaml": WAIVER.replace("UNTIL", "2030-01-01")})
    code, report, _ = check(repo, "--base", "main")
    assert code == 0
    (f,) = [f for f in report["findings"] if f["policy"] == "no-pii-in-exports"]
    assert (f["change"], f["waived"]) == ("unchanged", True)


def test_a_policy_change_alone_changes_the_findings(repo: Path) -> None:
    write(repo / "warehouse", {"sql/export.sql": HASHED})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hashed export")
    # Dropping `unless: masked` makes the hashed export a violation (pseudonymous is not pii,
    # so widen the policy to pseudonymous as well).
    write(repo / "warehouse", {"lineage_policies/p.yaml": POLICY.replace(
        "    unless: masked\n", "").replace("tag: pii", "tag: pseudonymous")})
    code, report, _ = check(repo, "--base", "main")
    assert code == 1
    assert by_change(report, "new") == [("export.feed", "email", "pseudonymous")]
    assert report["impact"]["tasks"] == []


def test_a_missing_base_revision_is_a_clear_error(repo: Path) -> None:
    code, _, err = check(repo, "--base", "no-such-branch")
    assert code == 2
    assert "base revision 'no-such-branch' does not exist" in err


@pytest.mark.parametrize(("broken", "says"), [
    pytest.param({"sql/stg.sql": None}, "matches no file", id="no-sql-yet"),
    pytest.param({"catalog.yaml": CATALOG + "  bad: [\n"}, "catalog.yaml", id="malformed-catalog"),
    pytest.param({"lineage_policies/p.yaml": POLICY.replace("kind: flow", "kind: flwo")},
                 "flwo", id="unknown-policy-kind"),
])
def test_an_invalid_base_is_compared_as_empty_saying_why(
    tmp_path: Path, broken: dict[str, str | None], says: str
) -> None:
    """The change that repairs main, or adds its first SQL, can pass its own check."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "ci@example.com")
    git(root, "config", "user.name", "CI")
    good = {"catalog.yaml": CATALOG, "lineage_policies/p.yaml": POLICY, "sql/stg.sql": STG}
    base = {k: v for k, v in {**good, **broken}.items() if v is not None}
    write(root, base)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    write(root, {**good, "sql/export.sql": LEAK})
    result = CliRunner().invoke(main, [
        "check", "--catalog", str(root / "catalog.yaml"), "--format", "json", "--base", "main",
        "--today", "2026-11-24"], catch_exceptions=False)
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["base"]["project_found"] is False and says in report["base"]["error"]
    assert ("export.feed", "email", "pii.email") in by_change(report, "new")
    text = CliRunner().invoke(main, ["check", "--catalog", str(root / "catalog.yaml"),
                                     "--base", "main", "--today", "2026-11-24"]).stdout
    assert "input at that revision is invalid, so it is compared as empty" in text


@pytest.mark.parametrize(("ref", "found"), [
    ("HEAD", True), ("main", True), ("@", True), ("refs/heads/main", True), ("HAED", False),
    ("origin/main", False),
])
def test_head_before_the_first_commit_is_an_empty_base(tmp_path: Path, ref: str,
                                                       found: bool) -> None:
    """A pre-commit hook on a repository's first commit: the project did not exist at HEAD."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, {"catalog.yaml": CATALOG, "lineage_policies/p.yaml": POLICY, "sql/stg.sql": STG,
                 "sql/leak.sql": LEAK})
    result = CliRunner().invoke(main, [
        "check", "--catalog", str(root / "catalog.yaml"), "--format", "json", "--base", ref,
        "--today", "2026-11-24"], catch_exceptions=False)
    if not found:
        assert result.exit_code == 2 and f"base revision '{ref}' does not exist" in result.stderr
        return
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["base"]["project_found"] is False
    assert by_change(report, "new") == [("export.feed", "email", "pii.email")]


def test_second_run_on_the_same_base_reuses_its_result(repo: Path) -> None:
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    first = check(repo, "--base", "main")
    cached = list((repo / "warehouse" / ".lineage" / "base").glob("*.pickle"))
    assert len(cached) == 1
    second = check(repo, "--base", "main")  # evaluated from the cached base (engine.cone)
    assert first[0] == second[0] == 1
    assert by_change(first[1], "new") == by_change(second[1], "new")
    assert first[1]["findings"] == second[1]["findings"]
    assert first[1]["impact"] == second[1]["impact"]


def test_text_output_lists_new_and_counts_unchanged(repo: Path) -> None:
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "leak")
    write(repo / "warehouse", {"sql/export2.sql": LEAK.replace("export.feed", "export.feed2")})
    args = ["check", "--catalog", str(repo / "warehouse" / "catalog.yaml"), "--base", "HEAD"]
    out = CliRunner().invoke(main, args).stdout
    assert "Compared with HEAD" in out and "1 new, 0 fixed, 1 unchanged" in out
    assert "== NEW ==" in out and "export.feed2.email" in out
    assert "1 unchanged finding(s) not listed (use --all)" in out
    assert "task sql/export2.sql (added)" in out and "reviewers:" in out
    out_all = CliRunner().invoke(main, [*args, "--all"]).stdout
    assert "== UNCHANGED ==" in out_all and "export.feed.email" in out_all


def test_markdown_puts_new_findings_and_impact_first(repo: Path, tmp_path: Path) -> None:
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    target = tmp_path / "summary.md"
    CliRunner().invoke(main, ["check", "--catalog", str(repo / "warehouse" / "catalog.yaml"),
                              "--base", "main", "--format", "markdown", "--output", str(target)])
    md = target.read_text()
    assert "**1 new**, 0 fixed, 0 unchanged" in md
    assert md.index("### Impact") < md.index("### New (1)")
    assert "❌ **1 blocking finding(s)**" in md


def test_sarif_marks_baseline_state_with_new_results_first(repo: Path, tmp_path: Path) -> None:
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "leak")
    write(repo / "warehouse", {"sql/export2.sql": LEAK.replace("export.feed", "export.feed2")})
    target = tmp_path / "f.sarif"
    CliRunner().invoke(main, ["check", "--catalog", str(repo / "warehouse" / "catalog.yaml"),
                              "--base", "HEAD", "--format", "sarif", "--output", str(target)])
    results = json.loads(target.read_text())["runs"][0]["results"]
    assert [r["baselineState"] for r in results] == ["new", "unchanged"]
    loc = results[0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("sql/export2.sql")
    assert loc["region"]["startLine"] == 2


def test_sarif_leaves_fixed_findings_out_and_counts_them(repo: Path, tmp_path: Path) -> None:
    """Code scanning closes an alert whose result is not uploaded again; an uploaded fixed
    result (it reads no baselineState) would open one at the line that fixed it."""
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "leak")
    write(repo / "warehouse", {"sql/export.sql": HASHED})
    target = tmp_path / "f.sarif"
    CliRunner().invoke(main, ["check", "--catalog", str(repo / "warehouse" / "catalog.yaml"),
                              "--base", "HEAD", "--format", "sarif", "--output", str(target)])
    run = json.loads(target.read_text())["runs"][0]
    assert run["results"] == []
    assert run["properties"]["fixedFindings"] == 1


def test_the_base_revision_is_parsed_where_the_working_tree_is(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.compare

    seen: list[tuple[object, object]] = []
    real = engine.compare.run

    def recording(*args: object, **kwargs: object) -> object:
        seen.append((kwargs.get("jobs"), kwargs.get("executor")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine.compare, "run", recording)
    code, _, _ = check(repo, "--base", "HEAD", "--jobs", "1", "--executor", "local")
    assert code in (0, 1)
    assert seen == [(1, "local")]


def _tree(root: Path) -> dict[str, tuple[bytes, bool]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), os.access(p, os.X_OK))
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_base_tree_unpacks_alike_with_a_tar_program_or_without(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The system tar (fast) and Python's tarfile (the fallback) unpack the same files."""
    write(repo / "warehouse", {"sql/deep/more.sql": LEAK, "notes.txt": "x"})
    (repo / "warehouse" / "run.sh").write_text("#!/bin/sh\n")
    (repo / "warehouse" / "run.sh").chmod(0o755)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "more")
    rev = gitbase.resolve("HEAD", repo / "warehouse")
    assert shutil.which("tar") is not None, "this test compares against a tar program"
    piped = gitbase.export(rev, tmp_path / "piped")
    monkeypatch.setattr(gitbase.shutil, "which", lambda name: None)
    unpacked = gitbase.export(rev, tmp_path / "unpacked")
    assert _tree(piped) == _tree(unpacked)
    assert set(_tree(piped)) == {"catalog.yaml", "lineage_policies/p.yaml", "sql/stg.sql",
                                 "sql/deep/more.sql", "notes.txt", "run.sh"}
    assert _tree(piped)["run.sh"][1]


def test_a_tar_program_that_fails_is_a_clear_error(repo: Path, tmp_path: Path) -> None:
    rev = gitbase.resolve("HEAD", repo / "warehouse")
    with pytest.raises(BaseRunError, match="could not unpack the base revision"):
        gitbase.export(rev, tmp_path / "x", tar="false")


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """A base job runs beside the check only with two cores or more: have them, whatever
    machine runs the tests."""
    monkeypatch.setattr(basejob.os, "cpu_count", lambda: 2)


@pytest.mark.usefixtures("two_cores")
def test_a_base_job_leaves_the_result_the_check_then_reads(repo: Path) -> None:
    """The base revision evaluated in another process is cached where cache_base looks."""
    catalog = repo / "warehouse" / "catalog.yaml"
    job = BaseJob.start("HEAD", catalog, policies_dir=None, graph_path=None,
                        today=date(2026, 11, 24), jobs=2)
    assert job is not None and not job.stored() and job.wait()  # evaluated: nothing kept
    stored = list((repo / "warehouse" / ".lineage" / "base").glob("*.pickle"))
    states = list((repo / "warehouse" / ".lineage" / "runs").glob("*.pickle"))
    assert len(stored) == len(states) == 1
    written = states[0].stat().st_ino
    write(repo / "warehouse", {"sql/leak.sql": LEAK})
    code, report, _ = check(repo, "--base", "HEAD", "--jobs", "1")  # in-process: reads it
    assert code == 1 and by_change(report, "new") == [("export.feed", "email", "pii.email")]
    assert list((repo / "warehouse" / ".lineage" / "base").glob("*.pickle")) == stored
    assert states[0].stat().st_ino == written  # read, not evaluated again
    assert BaseJob.start("HEAD", catalog, policies_dir=None, graph_path=None,
                         today=date(2026, 11, 24), jobs=1) is None  # one process, as asked


def _spooled_job(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                 ) -> tuple[BaseJob, Path]:
    """A base job of HEAD whose temporary export goes to a spool directory of its own."""
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setenv("TMPDIR", str(spool))  # where the child's temporary export goes
    job = BaseJob.start("HEAD", repo / "warehouse" / "catalog.yaml", policies_dir=None,
                        graph_path=None, today=date(2026, 11, 24), jobs=2)
    assert job is not None
    return job, spool


@pytest.mark.usefixtures("two_cores")
def test_a_cancelled_base_job_removes_its_copy_of_the_base(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    job, spool = _spooled_job(repo, tmp_path, monkeypatch)
    job.go()
    deadline = time.monotonic() + 60
    while not any(spool.glob("lineage-base-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    job.cancel()
    assert not job.wait()
    assert not list(spool.iterdir())


def test_a_stop_as_the_scratch_directory_is_made_leaves_none_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The race the cancelled job above hits under load, made certain: SIGTERM lands right
    # after the directory exists, before its removal is armed.
    real = tempfile.mkdtemp

    def made_then_stopped(*args: object, **kwargs: object) -> str:
        path = real(*args, **kwargs)  # type: ignore[call-overload]
        os.kill(os.getpid(), signal.SIGTERM)
        return path

    monkeypatch.setattr(tempfile, "mkdtemp", made_then_stopped)
    previous = signal.signal(signal.SIGTERM, stopping.stop)
    try:
        # the exception kept alive, as a base job's child keeps it to its `os._exit`: its
        # frames must not be what removes the directory
        with pytest.raises(SystemExit) as stopped, compare._scratch(tmp_path):
            pass
        assert list(tmp_path.iterdir()) == []
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert stopped.value.code == 1


def test_the_base_is_unpacked_in_memory_when_there_is_room_and_no_tmpdir_says_otherwise(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rev = gitbase.resolve("HEAD", repo / "warehouse")
    assert gitbase._project_bytes(rev) == sum(  # every file of the project, no more
        p.stat().st_size for p in (repo / "warehouse").rglob("*") if p.is_file())
    shm = tmp_path / "shm"
    shm.mkdir()
    monkeypatch.setattr(gitbase, "SHM", shm)
    monkeypatch.delenv("TMPDIR", raising=False)
    assert gitbase.scratch_dir(rev) == shm
    monkeypatch.setattr(gitbase.shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(1, 1, 1))
    assert gitbase.scratch_dir(rev) is None  # no room: the system's temporary directory
    monkeypatch.undo()
    monkeypatch.setattr(gitbase, "SHM", shm)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert gitbase.scratch_dir(rev) is None  # the user's TMPDIR wins
    monkeypatch.setattr(gitbase, "SHM", tmp_path / "none")
    monkeypatch.delenv("TMPDIR")
    assert gitbase.scratch_dir(rev) is None


@pytest.mark.parametrize("command", ["check", "report"])
def test_a_base_some_check_already_evaluated_is_read_not_evaluated(
        repo: Path, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    """A plain check or report of main (as CI runs on main) keeps its state by content; a
    pull-request check whose base has that content reads it, with the same outcome as
    evaluating it."""
    catalog = str(repo / "warehouse" / "catalog.yaml")
    done = CliRunner().invoke(main, [command, "--catalog", catalog, "--today", "2026-11-24", "-q"])
    assert done.exit_code == 0  # main, clean: its state is kept after the command
    write(repo / "warehouse", {"sql/leak.sql": LEAK})

    def evaluated(*args: object, **kwargs: object) -> None:
        raise AssertionError("the base was evaluated again")

    with monkeypatch.context() as m:
        m.setattr(compare, "run", evaluated)
        code, read, _ = check(repo, "--base", "main", "--jobs", "1")
    afterexit.settled(repo / "warehouse" / ".lineage")  # the graph may still be being written
    shutil.rmtree(repo / "warehouse" / ".lineage")
    again = check(repo, "--base", "main", "--jobs", "1")  # nothing kept: evaluated
    assert code == again[0] == 1
    assert by_change(read, "new") == [("export.feed", "email", "pii.email")]
    assert read["findings"] == again[1]["findings"] and read["impact"] == again[1]["impact"]


@pytest.mark.usefixtures("two_cores")
def test_a_base_job_says_at_once_that_the_base_is_kept(repo: Path) -> None:
    assert check(repo)[0] == 0
    job = BaseJob.start("HEAD", repo / "warehouse" / "catalog.yaml", policies_dir=None,
                        graph_path=None, today=date(2026, 11, 24), jobs=2)
    assert job is not None and job.stored()  # recorded, not evaluated
    assert list((repo / "warehouse" / ".lineage" / "base").glob("*.pickle"))
    job.cancel()
    assert job.wait()  # left to finish: a job that found the state is not killed


def test_a_recorded_base_whose_state_was_pruned_is_evaluated_again(repo: Path) -> None:
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    first = check(repo, "--base", "main", "--jobs", "1")
    runs = repo / "warehouse" / ".lineage" / "runs"
    for state in runs.glob("*.pickle"):
        state.unlink()  # as pruning leaves it: the commit's record points at nothing
    second = check(repo, "--base", "main", "--jobs", "1")
    assert first[0] == second[0] == 1
    assert first[1]["findings"] == second[1]["findings"]
    assert list(runs.glob("*.pickle"))  # kept afresh


def report_config(repo: Path) -> str:
    """The configuration hash of the working tree's project."""
    from engine.pipeline import graph_meta, load_project
    return graph_meta(load_project(repo / "warehouse" / "catalog.yaml"))["config_hash"]


def _finding_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Have a base job still finding out whether the base is kept when the check asks
    (whatever its speed); return the keys of the run states read from now on, and when the
    job was asked."""
    monkeypatch.setattr(BaseJob, "answered", lambda self: False)
    monkeypatch.setattr(BaseJob, "running", lambda self: True)
    keys: list[str] = []
    read, stored = runstore.read, BaseJob.stored

    def asked(job: BaseJob) -> bool:
        keys.append("asked the job")
        return stored(job)

    monkeypatch.setattr(BaseJob, "stored", asked)

    def counted(states: object, key: str) -> object:
        keys.append(key)
        return read(states, key)  # type: ignore[arg-type]

    monkeypatch.setattr(runstore, "read", counted)
    return keys


@pytest.mark.usefixtures("two_cores")
def test_while_the_job_finds_out_the_check_starts_from_the_last_state_and_reads_it_once(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Main's own check is the last state kept and the base's: a pull-request check starts
    from it before the base job has said so, and does not read it a second time."""
    catalog = str(repo / "warehouse" / "catalog.yaml")
    assert CliRunner().invoke(main, ["check", "--catalog", catalog, "--today", "2026-11-24",
                                     "-q"]).exit_code == 0
    write(repo / "warehouse", {"sql/leak.sql": LEAK})
    monkeypatch.setattr(compare, "run", lambda *a, **k: pytest.fail("the base was evaluated"))
    last = runstore._last(repo / "warehouse" / ".lineage").get(compare._series(
        report_config(repo), "2026-11-24"))
    keys = _finding_out(monkeypatch)
    code, report, _ = check(repo, "--base", "main")
    assert code == 1 and by_change(report, "new") == [("export.feed", "email", "pii.email")]
    # the last state, read before asking the job, and only once: the job names it the base's
    assert [k for k in keys if k != "asked the job"] == [last] and keys[0] == last


@pytest.mark.usefixtures("two_cores")
def test_a_last_state_that_is_not_the_base_only_starts_the_head(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The last state kept is of other content than the base: the head starts from it, and
    the comparison is with the base's own evaluation, as if nothing had been kept."""
    catalog = str(repo / "warehouse" / "catalog.yaml")
    other = "CREATE TABLE stg.other AS SELECT id FROM raw.users;\n"
    write(repo / "warehouse", {"sql/other.sql": other})
    assert CliRunner().invoke(main, ["check", "--catalog", catalog, "--today", "2026-11-24",
                                     "-q"]).exit_code == 0  # kept: not main's content
    (repo / "warehouse" / "sql" / "other.sql").unlink()
    write(repo / "warehouse", {"sql/leak.sql": LEAK})
    last = runstore._last(repo / "warehouse" / ".lineage").get(compare._series(
        report_config(repo), "2026-11-24"))
    with monkeypatch.context() as m:
        keys = _finding_out(m)
        code, report, _ = check(repo, "--base", "main")
    # then the base's, as the job evaluated it
    assert keys[0] == last and len(set(keys) - {"asked the job"}) == 2
    afterexit.settled(repo / "warehouse" / ".lineage")
    shutil.rmtree(repo / "warehouse" / ".lineage")
    again = check(repo, "--base", "main", "--jobs", "1")  # nothing kept
    assert code == again[0] == 1
    assert report["findings"] == again[1]["findings"] and report["impact"] == again[1]["impact"]


@pytest.mark.usefixtures("two_cores")
def test_a_base_job_reads_the_base_only_once_the_check_has_read_its_own(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    job, spool = _spooled_job(repo, tmp_path, monkeypatch)
    time.sleep(2)  # long enough for the child to start and export, were it not waiting
    assert job.running() and not job.answered() and not list(spool.iterdir())
    job.go()
    assert not job.stored() and job.wait()  # evaluated once told


@pytest.mark.usefixtures("two_cores")
def test_a_base_recorded_already_is_read_without_starting_a_job(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "warehouse", {"sql/leak.sql": LEAK})
    started: list[str] = []
    start = BaseJob.start

    def spied(*args: object, **kwargs: object) -> BaseJob | None:
        started.append("job")
        return start(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(BaseJob, "start", spied)
    first = check(repo, "--base", "main")
    assert started == ["job"]  # the base is evaluated beside the check, and recorded
    second = check(repo, "--base", "main")
    assert started == ["job"]  # recorded: read here, no second process
    assert first[0] == second[0] == 1 and first[1]["findings"] == second[1]["findings"]


def test_an_unreadable_kept_state_is_evaluated_again_and_replaced(repo: Path) -> None:
    """A truncated CI cache restore (or another Python's pickles) must not fail every later
    pull-request check: the state counts as absent, and the next run keeps a good one."""
    write(repo / "warehouse", {"sql/export.sql": LEAK})
    first = check(repo, "--base", "main", "--wait")
    runs = repo / "warehouse" / ".lineage" / "runs"
    kept = sorted(runs.glob("*.pickle"))
    assert kept
    for path in kept:
        path.write_bytes(path.read_bytes()[:100])
    with pytest.warns(RuntimeWarning, match="kept run state .* cannot be read"):
        code, report, err = check(repo, "--base", "main", "--wait")
        assert (code, report["findings"]) == (first[0], first[1]["findings"]), err
    with warnings.catch_warnings():  # then read back: the state kept again is readable
        warnings.simplefilter("error")
        code, report, err = check(repo, "--base", "main", "--wait")
        assert (code, report["findings"]) == (first[0], first[1]["findings"]), err
    # the base's state was read, dropped and kept again (the head's is dropped once read)
    assert sum(len(p.read_bytes()) > 100 for p in runs.glob("*.pickle")) >= 1
    write(repo / "warehouse", {"sql/export.sql": LEAK + "\n"})  # a plain check reads `last`
    for path in runs.glob("*.pickle"):
        path.write_bytes(path.read_bytes()[:100])
    with pytest.warns(RuntimeWarning, match="kept run state .* cannot be read"):
        assert check(repo, "--wait")[0] == 1  # the last state, dropped
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert check(repo, "--wait")[0] == 1  # the one this run kept instead
