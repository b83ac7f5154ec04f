"""Ctrl-C ends a run promptly with status 130 and one line, whatever stage it is in."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.cli import INTERRUPTED
from tests.conftest import write_project

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(),
                                reason="finds the worker processes through /proc")

CATALOG = """
dialect: postgres
sources: {sql: ["sql/*.sql"]}
assets:
  raw.src: {columns: {c0: {}, c1: {}, c2: {}, c3: {}}}
"""


def _sql(n: int) -> str:
    """A statement of a few hundred microseconds' lineage: eight CTEs, sixty columns."""
    ctes = ",\n".join(
        f"s{k} AS (SELECT {', '.join(f'c{i} AS c{i}_{k}' for i in range(4))}, c0, c1, c2, c3 "
        f"FROM {'raw.src' if k == 0 else f's{k - 1}'})" for k in range(8))
    cols = ", ".join(f"c{i % 4} + {i} AS x{i}" for i in range(60))
    return f"CREATE TABLE stg.t{n} AS WITH {ctes}\nSELECT {cols} FROM s7;\n"


@pytest.fixture
def big_project(tmp_path: Path) -> Path:
    """Enough SQL (> MIN_PARALLEL_BYTES) that the lineage stage runs in the worker pool."""
    return write_project(tmp_path / "big", CATALOG,
                         {f"sql/t{n:04}.sql": _sql(n) for n in range(1500)})


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _busy(pid: int) -> bool:
    """True once the process has spent a second on the CPU: a worker past its start-up."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return int(fields[11]) + int(fields[12]) >= os.sysconf("SC_CLK_TCK")


def _session_alive(sid: int) -> list[int]:
    return [pid for pid in (int(e.name) for e in Path("/proc").iterdir() if e.name.isdigit())
            if _sid(pid) == sid]


def _sid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[4])
    except (OSError, IndexError, ValueError):
        return None


def test_ctrl_c_while_workers_parse_ends_the_run_with_130(big_project: Path,
                                                           tmp_path: Path) -> None:
    env = {**os.environ, "LINEAGE_POLICY_CACHE_DIR": str(tmp_path / "user-cache")}
    child = subprocess.Popen(
        [sys.executable, "-m", "engine", "check", "-q", "--jobs", "2", "--catalog",
         str(big_project)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        cwd=Path(__file__).parent.parent, start_new_session=True)  # a terminal's process group
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            if sum(_busy(pid) for pid in _children(child.pid)) >= 2:  # both workers
                break
            time.sleep(0.05)
        assert child.poll() is None, "the run ended before its workers were seen parsing"
        os.killpg(child.pid, signal.SIGINT)  # what Ctrl-C sends: every process of the group
        out, err = child.communicate(timeout=120)  # a hang fails here
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    assert child.returncode == 130, err.decode()  # not 1, the findings status
    assert out == b""
    assert err.decode().splitlines() == [INTERRUPTED]  # no worker's traceback either
    deadline = time.monotonic() + 60
    while _session_alive(child.pid) and time.monotonic() < deadline:
        time.sleep(0.1)  # the workers were killed, not left to finish their chunks
    assert _session_alive(child.pid) == []


STUCK = """
import sys
from pathlib import Path
from engine import extraction
from engine.config.catalog import load_catalog
from engine.executors.pool import LocalPoolExecutor
from engine.models import Task
from tests.executor_helpers import poisoned_extract

if __name__ == "__main__":
    extraction.extract_task = poisoned_extract
    # tiny inputs: use the pool anyway
    extraction.make_executor = lambda spec, jobs: LocalPoolExecutor(2, min_batch_bytes=0)
    tasks = [Task(path=f"sql/t{i}.sql", text="-- poison: noted sleep\\nSELECT 1", sha256=str(i))
             for i in range(2)]
    try:
        extraction.analyse_lineage(tasks, load_catalog(Path(sys.argv[1])), jobs=2)
    except KeyboardInterrupt:
        sys.exit(130)
"""


def test_an_interrupt_does_not_wait_for_workers_stuck_in_a_task(tmp_path: Path) -> None:
    """A CI runner cancelling a job signals the main process only; the workers, stuck in
    native code, are killed rather than waited for (the pool's graceful shutdown would wait
    for their chunks: minutes)."""
    catalog = write_project(tmp_path / "p", CATALOG, {"sql/x.sql": "SELECT 1"})
    notes = tmp_path / "notes"
    notes.mkdir()
    (tmp_path / "stuck.py").write_text(STUCK)
    child = subprocess.Popen(
        [sys.executable, str(tmp_path / "stuck.py"), str(catalog)],
        stderr=subprocess.PIPE, cwd=Path(__file__).parent.parent, start_new_session=True,
        env={**os.environ, "POISON_NOTES": str(notes),
             "PYTHONPATH": str(Path(__file__).parent.parent)})
    try:
        deadline = time.monotonic() + 120
        while len(list(notes.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(list(notes.iterdir())) == 2, "the workers never started their tasks"
        os.kill(child.pid, signal.SIGINT)
        _, err = child.communicate(timeout=60)  # the stuck tasks would take 120 s
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    assert child.returncode == 130, err.decode()
    deadline = time.monotonic() + 60
    while _session_alive(child.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _session_alive(child.pid) == []  # the workers are gone too


# An interrupt landing while the CLI's imports run (about a second on a loaded machine): made
# certain by an import hook that raises it when `engine.cli` is imported.
IMPORT_INTERRUPTED = """
import builtins, sys
real = builtins.__import__
def interrupted(name, *args, **kwargs):
    if name == "engine.cli":
        raise KeyboardInterrupt
    return real(name, *args, **kwargs)
builtins.__import__ = interrupted
sys.argv = ["lineage-policy", "--version"]
from engine.launch import entry
entry()
"""


def test_ctrl_c_while_the_cli_is_still_importing_is_one_line_and_130() -> None:
    child = subprocess.run([sys.executable, "-c", IMPORT_INTERRUPTED], capture_output=True,
                           cwd=Path(__file__).parent.parent, timeout=120)
    assert child.returncode == 130, child.stderr.decode()
    assert child.stderr.decode().splitlines() == [INTERRUPTED]


def test_the_console_script_is_the_launcher() -> None:
    """pyproject's `lineage-policy` runs `engine.launch:entry`, whose import handling the
    test above checks (and `python -m engine` does the same)."""
    import tomllib

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["lineage-policy"] == "engine.launch:entry"
    assert "from engine.launch import entry" in (
        Path(__file__).parent.parent / "engine" / "__main__.py").read_text()
