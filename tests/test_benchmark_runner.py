"""The scale benchmark's runner (benchmarks/run.py): its cold `check --wait` phase survives the
command handing its graph off to a program of its own. Nothing here measures or asserts time."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"

# The phase as the runner starts it, but with every graph big enough to be handed off (at the
# sizes a test can afford, none would be).
_PHASE = """
import sys
sys.path.insert(0, {bench!r})
import engine.graph.build as build
build.ASIDE_FROM = 0
import run
sys.argv = ["run.py", *sys.argv[1:]]
sys.exit(run.main())
"""


@pytest.fixture(scope="module")
def runner():
    spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


def test_a_check_phase_that_hands_its_graph_off_is_read_as_done(runner, tmp_path: Path) -> None:
    work = tmp_path / "wh"
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "--tasks", "150", "--seed", "3",
                    "--out", str(work)], check=True, capture_output=True)
    out = tmp_path / "phase.json"
    argv = ["--_phase", "check", "--_out", str(out), "--tasks", "150", "--work", str(work),
            "--engine-arg=--wait"]
    proc = subprocess.run([sys.executable, "-c", _PHASE.format(bench=str(BENCH)), *argv],
                          cwd=work, capture_output=True, text=True, check=False)
    data = runner.phase_output(out, proc.returncode)
    assert data is not None, proc.stderr
    assert data["handed_off_at_s"] is not None
    assert proc.returncode == data["exit_code"] == 1  # the demo policies find violations
    assert data["findings"] > 0
    assert (work / ".lineage" / "graph.kuzu").exists()  # loaded by the program it became
    assert runner.phase_output(out, 0) is None  # the hand-off's status, not 0, is success


def test_a_phase_that_wrote_nothing_or_exited_badly_failed(runner, tmp_path: Path) -> None:
    out = tmp_path / "phase.json"
    assert runner.phase_output(out, 0) is None
    out.write_text('{"exit_code": 1}')
    assert runner.phase_output(out, 0) == {"exit_code": 1}  # a check's verdict, kept
    assert runner.phase_output(out, 1) is None  # no hand-off: the process must exit 0


def test_a_handed_off_graph_is_not_counted_as_interpreter_start(runner) -> None:
    """The row splitting a cold check's time outside `run()`: after a hand-off, the process
    went on as the graph's loader, and that time is the graph's."""
    phase = {"wall_s": 36.4, "seconds_in_process": 29.9, "graph_after_hand_off_s": 5.9,
             "runs": [{"seconds_total": 24.3}]}
    outside, startup = runner.cold_overheads(phase)
    assert outside == pytest.approx(5.6) and startup == pytest.approx(0.6)
    phase.pop("graph_after_hand_off_s")
    assert runner.cold_overheads(phase)[1] == pytest.approx(6.5)
