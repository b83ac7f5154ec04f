"""Run states kept by content (`engine.runstore`): written after the caller exits, read whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine import runstore

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="detached writes need fork")


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + 30
    while not path.exists():
        assert time.monotonic() < deadline, "the test's own signal never came"
        time.sleep(0.01)


def test_the_caller_goes_on_while_the_state_is_written_and_a_reader_waits_for_it(
        tmp_path: Path) -> None:
    go, started = tmp_path / "go", tmp_path / "started"
    path = runstore.state_path(tmp_path / "runs", "k1")

    def make() -> dict[str, int]:  # runs in the detached child
        started.touch()
        _wait_for(go)
        return {"tasks": 3}

    runstore.write_after_exit(path, make)
    _wait_for(started)
    assert not path.exists()  # returned before the state was made
    go.touch()
    assert runstore.read(path) == {"tasks": 3}  # waited for the write, then read it whole
    assert runstore.kept(path)


def test_a_writer_killed_midway_leaves_no_state(tmp_path: Path) -> None:
    path = runstore.state_path(tmp_path / "runs", "k2")

    def make() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    runstore.write_after_exit(path, make)
    assert runstore.read(path) is None  # the lock was released by the child's death
    assert not runstore.kept(path)


def test_an_unreadable_state_is_a_miss_not_an_error(tmp_path: Path) -> None:
    path = runstore.state_path(tmp_path / "runs", "k3")
    path.parent.mkdir()
    path.write_bytes(b"not a pickle")
    assert runstore.read(path) is None


def test_a_state_already_kept_is_not_made_again(tmp_path: Path) -> None:
    path = runstore.state_path(tmp_path / "runs", "k4")
    runstore.write(path, "first")
    runstore.write_after_exit(path, lambda: pytest.fail("made again"))
    assert runstore.read(path) == "first"


def test_the_most_recently_used_states_are_kept(tmp_path: Path) -> None:
    store = tmp_path / "runs"
    paths = [runstore.state_path(store, f"s{i}") for i in range(runstore.KEEP + 1)]
    for age, path in enumerate(paths[:-1]):
        runstore.write(path, age)
        os.utime(path, (1000 + age, 1000 + age))  # s0 oldest
    assert runstore.read(paths[0]) == 0  # used now: the newest
    stray = store / "gone.999999999.tmp"  # a temporary of a writer that no longer runs
    stray.write_bytes(b"")
    runstore.write(paths[-1], "new")
    kept = sorted(p.name for p in store.glob(f"*{runstore.SUFFIX}"))
    assert kept == sorted(p.name for p in [paths[0], *paths[2:]])
    assert not stray.exists()


def test_a_store_that_cannot_be_written_is_not_used(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    path = runstore.state_path(blocked / "runs", "k5")  # its directory cannot be made
    runstore.write_after_exit(path, lambda: "state")  # no error: the command's exit is intact
    assert runstore.read(path) is None and not runstore.kept(path)


def test_whoever_reads_the_commands_output_does_not_wait_for_the_writer(tmp_path: Path) -> None:
    """The writer keeps no descriptor of the command's: a pipe reading its output (here also
    held by a second descriptor, as helper processes hold one) ends when the command does."""
    go = tmp_path / "go"
    path = runstore.state_path(tmp_path / "runs", "k6")
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from engine import runstore\n"
        "os.dup(1)\n"
        f"go = Path({str(go)!r})\n"
        "def make():\n"
        "    while not go.exists():\n"
        "        time.sleep(0.01)\n"
        "    return 'state'\n"
        f"runstore.write_after_exit(Path({str(path)!r}), make)\n"
        "print('verdict')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).parent.parent)
    assert done.stdout == "verdict\n" and not path.exists()
    go.touch()
    assert runstore.read(path) == "state"
