"""Run states kept by content (`engine.runstore`): written after the caller exits, read whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from engine import afterexit, runstore
from engine.usercache import PickleStore

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="detached writes need fork")


def _keep_after_exit(states: PickleStore, key: str, make: Callable[[], object]) -> None:
    """As a command keeps its state: `runstore.later`'s work, detached (`afterexit`)."""
    work = runstore.later(states, key, make)
    if work is not None:
        afterexit.detach([work])


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + 30
    while not path.exists():
        assert time.monotonic() < deadline, "the test's own signal never came"
        time.sleep(0.01)


def test_the_caller_goes_on_while_the_state_is_written_and_a_reader_waits_for_it(
        tmp_path: Path) -> None:
    go, started = tmp_path / "go", tmp_path / "started"
    states = runstore.store(tmp_path)

    def make() -> dict[str, int]:  # runs in the detached child
        started.touch()
        _wait_for(go)
        return {"tasks": 3}

    _keep_after_exit(states, "k1", make)
    _wait_for(started)
    assert not states.path("k1").exists()  # returned before the state was made
    go.touch()
    assert runstore.read(states, "k1") == {"tasks": 3}  # waited for the write, read it whole
    assert runstore.kept(states, "k1")


def test_a_writer_killed_midway_leaves_no_state(tmp_path: Path) -> None:
    states = runstore.store(tmp_path)

    def make() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    _keep_after_exit(states, "k2", make)
    assert runstore.read(states, "k2") is None  # the lock was released by the child's death
    assert not runstore.kept(states, "k2")


def test_an_unreadable_state_is_a_miss_not_an_error(tmp_path: Path) -> None:
    states = runstore.store(tmp_path)
    runstore.write(states, "k3", "kept")
    states.path("k3").write_bytes(b"not a pickle")
    with pytest.warns(RuntimeWarning, match="cannot be read"):
        assert runstore.read(states, "k3") is None
    assert not states.path("k3").exists()  # removed, so the next run keeps a good one


def test_a_state_already_kept_is_not_made_again(tmp_path: Path) -> None:
    states = runstore.store(tmp_path)
    runstore.write(states, "k4", "first")
    _keep_after_exit(states, "k4", lambda: pytest.fail("made again"))
    assert runstore.read(states, "k4") == "first"


def test_without_fork_the_state_is_written_in_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    states = runstore.store(tmp_path)
    monkeypatch.delattr(os, "fork")
    _keep_after_exit(states, "k7", lambda: "in place")
    assert states.path("k7").exists()  # already there when the call returns
    assert runstore.read(states, "k7") == "in place"


def test_the_most_recently_used_states_are_kept(tmp_path: Path) -> None:
    states = runstore.store(tmp_path)
    keys = [f"s{i}" for i in range(runstore.KEEP + 1)]
    for age, key in enumerate(keys[:-1]):
        runstore.write(states, key, age)
        os.utime(states.path(key), (1000 + age, 1000 + age))  # s0 oldest
    assert runstore.read(states, keys[0]) == 0  # used now: the newest
    runstore.write(states, keys[-1], "new")
    assert [k for k in keys if states.path(k).exists()] == [keys[0], *keys[2:]]


def test_a_store_that_cannot_be_written_is_not_used(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    states = runstore.store(blocked)  # its directory cannot be made
    _keep_after_exit(states, "k5", lambda: "state")  # no error: the exit is intact
    runstore.write(states, "k5", "state")
    assert runstore.read(states, "k5") is None and not runstore.kept(states, "k5")


def test_whoever_reads_the_commands_output_does_not_wait_for_the_writer(tmp_path: Path) -> None:
    """The writer keeps no descriptor of the command's: a pipe reading its output (here also
    held by a second descriptor, as helper processes hold one) ends when the command does."""
    go = tmp_path / "go"
    states = runstore.store(tmp_path)
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from engine import afterexit, runstore\n"
        "os.dup(1)\n"
        f"go = Path({str(go)!r})\n"
        "def make():\n"
        "    while not go.exists():\n"
        "        time.sleep(0.01)\n"
        "    return 'state'\n"
        f"states = runstore.store(Path({str(tmp_path)!r}))\n"
        "afterexit.detach([runstore.later(states, 'k6', make)])\n"
        "print('verdict')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).parent.parent)
    assert done.stdout == "verdict\n" and not states.path("k6").exists()
    go.touch()
    assert runstore.read(states, "k6") == "state"


def test_settled_waits_for_every_write_in_progress(tmp_path: Path) -> None:
    go = tmp_path / "go"
    states = runstore.store(tmp_path)

    def make() -> str:
        _wait_for(go)
        return "state"

    _keep_after_exit(states, "k8", make)
    go.touch()
    runstore.settled(states)
    assert states.path("k8").exists()
