"""A full graph build that would not fit in the memory available is refused before it starts:
the check's verdict and reports stand, and the commands that read the graph say it is missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.graph import GraphTooBig, budget
from engine.graph.bulk import flows_per_copy
from tests.conftest import MakeProject
from tests.test_pr_mode import CATALOG, LEAK, POLICY, STG

TODAY = "2026-11-24"


def test_the_estimate_grows_with_columns_tasks_edges_and_the_buffer_pool() -> None:
    small = budget.estimate_bytes(1_000, 5_000, 256, 100)
    assert budget.estimate_bytes(2_000, 5_000, 256, 100) > small
    assert budget.estimate_bytes(1_000, 10_000, 256, 100) > small
    assert budget.estimate_bytes(1_000, 5_000, 256, 200) > small
    assert budget.estimate_bytes(1_000, 5_000, 512, 100) - small == 256 * 2**20
    # FLOWS loads in pieces the pool can hold: beyond one piece, an edge costs only what
    # Kùzu keeps per row loaded, not a row of the run's piece
    piece = flows_per_copy(256)
    assert budget.estimate_bytes(1_000, piece * 10, 256) - budget.estimate_bytes(
        1_000, piece, 256) == piece * 9 * budget.LOADER_BYTES_PER_FLOW
    assert budget.estimate_bytes(1_000, piece, 256) - budget.estimate_bytes(
        1_000, piece - 1, 256) == budget.BYTES_PER_FLOW + budget.LOADER_BYTES_PER_FLOW


def test_a_loader_of_its_own_needs_the_larger_part_not_both() -> None:
    # the run hands its part back before the loader starts: the parts do not add up
    for columns, flows, pool, tasks in [(33_000_000, 118_000_000, 3072, 1_000_000),
                                        (3_300_000, 15_000_000, 1024, 100_000),
                                        (100, 100, 8192, 10)]:
        here = budget.estimate_bytes(columns, flows, pool, tasks)
        aside = budget.estimate_bytes(columns, flows, pool, tasks, aside=True)
        assert pool * 2**20 <= aside < here
    # the run's part grows with tasks, the loader's with the pool: the larger one counts
    big_run = budget.estimate_bytes(10**3, 10**4, 256, 10**7, aside=True)
    assert budget.estimate_bytes(10**3, 10**4, 512, 10**7, aside=True) == big_run
    assert budget.estimate_bytes(10**3, 10**6, 512, aside=True) - budget.estimate_bytes(
        10**3, 10**6, 256, aside=True) == 256 * 2**20


def test_check_fits_refuses_what_is_not_available(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "available_bytes", lambda: 300 * 2**20)
    budget.check_fits(10_000, 50_000, 256, 1_000)  # ~290 MB: fits
    with pytest.raises(GraphTooBig, match=r"1,000,000 columns and 3,000,000 column edges"):
        budget.check_fits(1_000_000, 3_000_000, 256, 10_000)
    monkeypatch.setattr(budget, "available_bytes", lambda: None)  # unknown: never refused
    budget.check_fits(10**9, 10**9, 10**6)


def test_a_handed_off_loader_also_has_the_heap_its_exec_gives_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    size = (33_000_000, 118_000_000, 3072, 1_000_000)  # 1M tasks
    run, loader = budget.estimate_parts(*size)
    assert loader > run
    monkeypatch.setattr(budget, "available_bytes", lambda: run + 1)  # the pieces fit
    monkeypatch.setattr(budget, "resident_anon_bytes", lambda: loader - run)
    with pytest.raises(GraphTooBig):
        budget.check_fits(*size, aside=True)  # a loader beside the heap does not
    budget.check_fits(*size, aside=True, hand_off=True)  # one after the exec does
    monkeypatch.setattr(budget, "resident_anon_bytes", lambda: loader - run - 2)
    with pytest.raises(GraphTooBig, match=f"need about {loader / 2**30:.1f} GiB"):
        budget.check_fits(*size, aside=True, hand_off=True)
    # the pieces are written before the exec: the heap it gives back does not help them
    monkeypatch.setattr(budget, "available_bytes", lambda: run - 1)
    monkeypatch.setattr(budget, "resident_anon_bytes", lambda: 10 * loader)
    with pytest.raises(GraphTooBig, match=f"need about {run / 2**30:.1f} GiB"):
        budget.check_fits(*size, aside=True, hand_off=True)


def test_resident_anon_bytes_reads_this_process_status(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    assert budget.resident_anon_bytes() > 0 or not Path("/proc/self/status").exists()
    status = tmp_path / "status"
    status.write_text("Name:\tpython\nRssAnon:\t  2048 kB\nRssFile:\t 10 kB\n")
    monkeypatch.setattr(budget, "STATUS", status)
    assert budget.resident_anon_bytes() == 2048 * 1024
    monkeypatch.setattr(budget, "STATUS", tmp_path / "absent")
    assert budget.resident_anon_bytes() == 0


def test_available_bytes_reads_memavailable(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       24105000 kB\nMemAvailable:    1024 kB\n")
    monkeypatch.setattr(budget, "MEMINFO", meminfo)
    assert budget.available_bytes() == 1024 * 1024
    monkeypatch.setattr(budget, "MEMINFO", tmp_path / "absent")
    assert budget.available_bytes() is None


def test_a_graph_too_big_leaves_the_verdict_and_readers_fail_clearly(
        make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = make_project(CATALOG, sql={"sql/stg.sql": STG, "sql/export.sql": LEAK},
                           policies={"p.yaml": POLICY})
    graph = catalog.parent / ".lineage" / "graph.kuzu"
    monkeypatch.setattr(budget, "available_bytes", lambda: 2**20)  # 1 MB left
    common = ["--catalog", str(catalog)]
    with pytest.warns(RuntimeWarning, match="the lineage graph was not built"):
        done = CliRunner().invoke(main, ["check", *common, "-q", "--today", TODAY, "--jobs", "1",
                                         "--format", "json", "--wait"],
                                  catch_exceptions=False)
    assert done.exit_code == 1  # the leak is an error finding, as with a graph
    assert any(f["policy"] == "no-pii-in-exports" for f in json.loads(done.stdout)["findings"])
    assert not graph.exists()
    with pytest.warns(RuntimeWarning, match="the lineage graph was not built"):
        traced = CliRunner().invoke(main, ["trace", *common, "export.feed.email"])
    assert traced.exit_code == 2
    assert "no lineage graph of the current inputs" in traced.stderr
    monkeypatch.setattr(budget, "available_bytes", lambda: None)
    assert CliRunner().invoke(main, ["trace", *common, "export.feed.email"]).exit_code == 0
    assert graph.exists()
