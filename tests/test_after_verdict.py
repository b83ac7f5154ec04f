"""What `check` and `report` leave after their verdict: the graph and the run's state, written
by a detached child; and the next run of the same configuration starting from that state."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import engine.graph.build as graph_build
from engine import afterexit, aside, pipeline
from engine.cli import main
from engine.cone import Cone
from engine.graph import GraphStore, handoff
from tests.conftest import MakeProject
from tests.test_pr_mode import CATALOG, HASHED, LEAK, POLICY, STG

pytestmark = pytest.mark.skipif(not afterexit.can_detach(), reason="detached work needs fork")
TODAY = "2026-11-24"


def _project(make_project: MakeProject) -> Path:
    return make_project(CATALOG, sql={"sql/stg.sql": STG, "sql/export.sql": LEAK},
                        policies={"p.yaml": POLICY})


def _invoke(command: str, catalog: Path, *args: str) -> Result:
    extra = ["--format", "json"] if command == "check" else ["--output-dir",
                                                              str(catalog.parent / "out")]
    return CliRunner().invoke(main, [command, "--catalog", str(catalog), "--today", TODAY, "-q",
                                     "--jobs", "1", *extra, *args], catch_exceptions=False)


def _findings(command: str, catalog: Path, done: Result) -> list[dict]:
    text = done.stdout if command == "check" else (catalog.parent / "out" / "findings.json"
                                                   ).read_text()
    return [{k: f[k] for k in ("fingerprint", "asset", "column", "tag", "location")}
            for f in json.loads(text)["findings"]]


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + 30
    while not path.exists():
        assert time.monotonic() < deadline, "the test's own signal never came"
        time.sleep(0.01)


@pytest.mark.parametrize("command", ["check", "report"])
def test_the_verdict_comes_before_the_graph_and_readers_wait_for_it(
        make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        command: str) -> None:
    catalog = _project(make_project)
    graph = catalog.parent / ".lineage" / "graph.kuzu"
    go, started = tmp_path / "go", tmp_path / "started"
    real = pipeline.write_graph

    def held_back(result: pipeline.RunResult, **options: bool) -> None:  # the detached child's
        started.touch()
        _wait_for(go)
        real(result, **options)

    monkeypatch.setattr(pipeline, "write_graph", held_back)
    done = _invoke(command, catalog)
    assert done.exit_code == (1 if command == "check" else 0)
    _wait_for(started)
    assert not graph.exists()  # the command returned before the graph was written
    go.touch()
    with GraphStore.open(graph) as store:  # waits for the writer
        rows = store.query("MATCH (a:Col)-[:CARRIES]->(t:Tag) RETURN a.id, t.name ORDER BY a.id")
    assert ("export.feed.email", "pii.email") in rows.rows


def test_trace_waits_for_the_graph_a_check_left(make_project: MakeProject) -> None:
    catalog = _project(make_project)
    assert _invoke("check", catalog).exit_code == 1
    traced = CliRunner().invoke(main, ["trace", "export.feed.email", "--catalog", str(catalog)])
    assert traced.exit_code == 0, traced.output
    assert "stg.users.email" in traced.output


def test_a_check_hands_a_big_graph_s_loading_off_and_trace_reads_it(
        make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The detached child's last work is the graph: a graph to be loaded by a process of its
    own is handed off (`engine.graph.handoff`), so the child's heap is gone meanwhile."""
    catalog = _project(make_project)
    handed = tmp_path / "handed"
    real = handoff.hand_off

    def spy(*args: object) -> None:  # runs in the detached child
        handed.touch()
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(graph_build, "ASIDE_FROM", 0)
    monkeypatch.setattr(handoff, "hand_off", spy)
    assert _invoke("check", catalog).exit_code == 1
    traced = CliRunner().invoke(main, ["trace", "export.feed.email", "--catalog", str(catalog)])
    assert traced.exit_code == 0, traced.output
    assert "stg.users.email" in traced.output
    assert handed.exists()
    assert sorted(p.name for p in (catalog.parent / ".lineage").glob("graph.kuzu*")) == [
        "graph.kuzu", "graph.kuzu.lock"]


@pytest.mark.parametrize("command", ["check", "report"])
def test_with_wait_everything_is_written_before_the_exit(
        make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, command: str) -> None:
    catalog = _project(make_project)

    def no_fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(aside, "can_fork", lambda: False)  # the SQL files are read in place
    monkeypatch.setattr(os, "fork", no_fork)  # and nothing is left to a detached child
    assert _invoke(command, catalog, "--wait").exit_code == (1 if command == "check" else 0)
    work = catalog.parent / ".lineage"
    assert (work / "graph.kuzu").is_file()
    assert list((work / "runs").glob("*.pickle"))


_HANDING_COMMAND = """
import pathlib, sys
import engine.graph.build as build
from engine.graph import handoff
from engine.cli import main
build.ASIDE_FROM = 0  # every graph is big enough to be loaded by a program of its own
real = handoff.hand_off
def spy(*args):
    pathlib.Path(sys.argv[1]).touch()
    real(*args)
handoff.hand_off = spy
main(sys.argv[2:])
"""


def test_with_wait_a_big_graph_is_loaded_by_a_program_that_ends_the_command(
        make_project: MakeProject, tmp_path: Path) -> None:
    """`check --wait` hands a big graph's loading off as the detached child would, in the
    command's own process: the program it becomes exits with the verdict's status once the
    graph is in place (at 1M tasks the graph did not fit beside the run's heap)."""
    catalog = _project(make_project)
    handed = tmp_path / "handed"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", _HANDING_COMMAND, str(handed), "check", "--catalog", str(catalog),
         "--today", TODAY, "--wait", "--jobs", "1", "--format", "json"],
        env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # the verdict: a blocking finding
    assert json.loads(done.stdout)["findings"]
    assert handed.exists(), "the graph was built in the command, not handed off"
    work = catalog.parent / ".lineage"
    assert sorted(p.name for p in work.glob("graph.kuzu*")) == ["graph.kuzu", "graph.kuzu.lock"]
    project = pipeline.load_project(catalog)
    assert graph_build.graph_is_current(work / "graph.kuzu", pipeline.graph_meta(project))
    assert list((work / "runs").glob("*.pickle"))  # the state was kept first


@pytest.fixture
def cones(monkeypatch: pytest.MonkeyPatch) -> list[Cone]:
    """The cones runs are evaluated in (the real `Cone.of` still runs)."""
    seen: list[Cone] = []
    real = Cone.of.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Cone], *args: object) -> Cone:
        seen.append(real(cls, *args))
        return seen[-1]

    monkeypatch.setattr(Cone, "of", classmethod(spy))
    return seen


@pytest.mark.parametrize("command", ["check", "report"])
def test_a_run_starts_from_the_last_run_kept_of_its_configuration(
        make_project: MakeProject, cones: list[Cone], command: str) -> None:
    catalog = _project(make_project)
    _invoke(command, catalog)
    assert cones == []  # nothing kept yet: evaluated in full
    (catalog.parent / "sql" / "export.sql").write_text(HASHED)
    started = _invoke(command, catalog)
    assert [sorted(c.changed) for c in cones] == [["sql/export.sql"]]
    afterexit.settled(catalog.parent / ".lineage")  # the graph may still be being written
    shutil.rmtree(catalog.parent / ".lineage")
    full = _invoke(command, catalog)  # nothing kept: evaluated in full
    assert len(cones) == 1
    assert started.exit_code == full.exit_code
    assert _findings(command, catalog, started) == _findings(command, catalog, full)


def test_a_run_of_another_day_or_configuration_starts_from_nothing(
        make_project: MakeProject, cones: list[Cone]) -> None:
    catalog = _project(make_project)
    _invoke("check", catalog)
    CliRunner().invoke(main, ["check", "--catalog", str(catalog), "--today", "2026-11-25", "-q",
                              "--jobs", "1"])
    policy = catalog.parent / "lineage_policies" / "p.yaml"
    policy.write_text(POLICY.replace("No personal data", "No personal data at all"))
    _invoke("check", catalog)
    assert cones == []


def test_settled_waits_for_the_graph_a_command_left(
        make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    catalog = _project(make_project)
    go = tmp_path / "go"
    real = pipeline.write_graph

    def held_back(result: pipeline.RunResult, **options: bool) -> None:
        _wait_for(go)
        real(result, **options)

    monkeypatch.setattr(pipeline, "write_graph", held_back)
    _invoke("check", catalog)
    go.touch()
    afterexit.settled(catalog.parent / ".lineage")
    assert (catalog.parent / ".lineage" / "graph.kuzu").is_file()
