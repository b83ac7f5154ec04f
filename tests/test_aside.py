"""engine.aside: work done in a forked child, and in place wherever the child cannot do it."""

from __future__ import annotations

import os
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from engine import aside, pipeline
from engine.aside import Aside

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="a child needs fork")
PARENT = os.getpid()


def where(x: int) -> tuple[int, int]:
    return x * 2, os.getpid()


def fails_in_a_child(x: int) -> tuple[int, int]:
    if os.getpid() != PARENT:
        os._exit(3)  # as a crash would end it
    return x * 2, os.getpid()


def always_fails(x: int) -> int:
    raise ValueError(f"bad {x}")


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork though threads other tests left behind run (daemons such as a lineage watchdog):
    the work these tests hand to a child touches none of their locks."""
    monkeypatch.setattr(aside, "can_fork", lambda: True)


@pytest.mark.usefixtures("forking")
def test_the_result_is_worked_out_in_a_child() -> None:
    value, pid = Aside(where, 21).result()
    assert value == 42 and pid != os.getpid()


@pytest.mark.usefixtures("forking")
def test_a_child_that_fails_leaves_the_work_to_the_caller() -> None:
    assert Aside(fails_in_a_child, 21).result() == (42, os.getpid())


@pytest.mark.usefixtures("forking")
def test_an_error_reads_as_the_callers_own() -> None:
    task = Aside(always_fails, 7)
    with pytest.raises(ValueError, match="bad 7"):
        task.result()


def test_with_another_thread_running_the_work_is_done_in_place() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not aside.can_fork()
        assert Aside(where, 1).result() == (2, os.getpid())
    finally:
        stop.set()
        thread.join()


def big(n: int) -> bytes:
    return b"x" * n


@pytest.mark.usefixtures("forking")
def test_a_result_given_up_on_stops_the_child() -> None:
    task = Aside(big, 50_000_000)  # blocks writing to a pipe nobody reads
    time.sleep(0.2)
    started = time.monotonic()
    task.close()
    assert time.monotonic() - started < 10
    task.close()  # twice is harmless


@pytest.mark.usefixtures("forking")
def test_a_run_collects_its_files_in_a_child_while_it_reads_its_prior(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "catalog.yaml").write_text("dialect: postgres\nsources: {sql: ['*.sql']}\n")
    for i in range(3):
        (tmp_path / f"t{i}.sql").write_text(f"create table s.t{i} as select a from raw.r{i};\n")
    collect = pipeline.collect
    asking = tmp_path / "asking"

    def recording(*args: object, **kwargs: object) -> object:
        # done only once the run asks for its prior: proof that the two overlap
        deadline = time.monotonic() + 30
        while not asking.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        (tmp_path / "collected-in").write_text(f"{os.getpid()} {asking.exists()}")
        return collect(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "collect", recording)
    asked: list[str] = []

    def prior(work_dir: Path, config: str) -> None:
        asking.touch()
        asked.append(config)
        return None

    result = pipeline.run(tmp_path / "catalog.yaml", today=date(2026, 11, 24), build=False,
                          jobs=1, prior=prior)
    pid, overlapped = (tmp_path / "collected-in").read_text().split()
    assert int(pid) != os.getpid() and overlapped == "True"  # a child's, beside the prior
    project = pipeline.load_project(tmp_path / "catalog.yaml")
    assert [t.task for t in result.lineage] == [t.path for t in project.tasks]
    assert asked == [pipeline.graph_meta(project)["config_hash"]] * 2  # before and after lineage
