"""Work left for after a command's verdict (`engine.afterexit`): a detached child, under locks."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from engine import afterexit
from engine.afterexit import Deferred
from tests.conftest import lock_is_free

pytestmark = pytest.mark.skipif(not afterexit.can_detach(), reason="detached work needs fork")


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + 30
    while not path.exists():
        assert time.monotonic() < deadline, "the test's own signal never came"
        time.sleep(0.01)


def _returns(fn: object, seconds: float = 10) -> bool:
    """True if `fn()` returns within `seconds` (it runs on a thread, so a hang fails the test
    instead of stopping the suite)."""
    thread = threading.Thread(target=fn, daemon=True)  # type: ignore[arg-type]
    thread.start()
    thread.join(seconds)
    return not thread.is_alive()


def test_each_lock_is_held_until_its_work_is_done_and_a_failure_does_not_stop_the_rest(
        tmp_path: Path) -> None:
    go, started = tmp_path / "go", tmp_path / "started"

    def first() -> None:
        started.touch()
        _wait_for(go)
        raise RuntimeError("lost, as a cache miss is")

    def second() -> None:
        (tmp_path / "second.done").touch()

    # locks are taken in name order (a.lock first), the work is done in the order given
    afterexit.detach([Deferred(tmp_path / "b.lock", first), Deferred(tmp_path / "a.lock", second)])
    _wait_for(started)  # the caller returned while the work had not begun
    assert not (tmp_path / "second.done").exists()
    assert not _returns(lambda: afterexit.wait_for(tmp_path / "a.lock"), 0.5)  # still held
    go.touch()
    afterexit.wait_for(tmp_path / "a.lock")
    assert (tmp_path / "second.done").exists()  # done after the failed one, then released


def test_a_lock_this_process_holds_is_not_waited_for(tmp_path: Path) -> None:
    """The child holds its work's locks and reads what they guard (a graph's writer opens
    the graph): it must not wait for itself."""
    lock = tmp_path / "g.lock"
    with afterexit.locked(lock, exclusive=True):
        assert _returns(lambda: afterexit.wait_for(lock))
        with afterexit.locked(lock, exclusive=True):
            pass
    assert _returns(lambda: afterexit.wait_for(lock))


def test_with_wait_the_work_is_done_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", no_fork)
    afterexit.detach([Deferred(tmp_path / "a.lock", (tmp_path / "done").touch)], wait=True)
    assert (tmp_path / "done").exists()


def test_a_failed_fork_does_the_work_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_memory() -> int:
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(os, "fork", no_memory)
    afterexit.detach([Deferred(tmp_path / "a.lock", (tmp_path / "done").touch)])
    assert (tmp_path / "done").exists()


def test_work_whose_lock_cannot_be_made_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    afterexit.detach([Deferred(blocked / "a.lock", lambda: pytest.fail("done")),
                      Deferred(tmp_path / "b.lock", (tmp_path / "done").touch)], wait=True)
    assert (tmp_path / "done").exists()


def test_a_lock_is_released_when_its_own_work_is_done(tmp_path: Path) -> None:
    """The next run waits for the state only, not for the graph written after it."""
    go = tmp_path / "go"
    afterexit.detach([Deferred(tmp_path / "state.lock", (tmp_path / "state").touch),
                      Deferred(tmp_path / "graph.lock", lambda: _wait_for(go))])
    afterexit.wait_for(tmp_path / "state.lock")
    assert (tmp_path / "state").exists()
    assert not _returns(lambda: afterexit.wait_for(tmp_path / "graph.lock"), 0.5)
    go.touch()
    assert _returns(lambda: afterexit.wait_for(tmp_path / "graph.lock"))


_PROGRAM = ("import pathlib, sys, time\n"
            "pathlib.Path(sys.argv[1]).touch()\n"
            "while not pathlib.Path(sys.argv[2]).exists(): time.sleep(0.01)\n")


def test_the_last_work_of_a_child_may_exec_a_program_that_keeps_its_lock(
        tmp_path: Path) -> None:
    """A detached child's last work can hand its heap back by exec'ing a program of its own
    (`Deferred.last`): the program holds the work's lock until it exits."""
    go, started = tmp_path / "go", tmp_path / "started"

    def exec_program() -> None:
        afterexit.inherit_locks()
        os.execv(sys.executable, [sys.executable, "-c", _PROGRAM, str(started), str(go)])

    afterexit.detach([
        Deferred(tmp_path / "state.lock", (tmp_path / "state").touch,
                 last=lambda: (tmp_path / "state.last").touch()),  # not last: never used
        Deferred(tmp_path / "graph.lock", lambda: pytest.fail("the work, not its last form"),
                 last=exec_program)])
    _wait_for(started)  # the program runs, in the child's stead
    assert not _returns(lambda: afterexit.wait_for(tmp_path / "graph.lock"), 0.5)  # held
    go.touch()
    assert _returns(lambda: afterexit.wait_for(tmp_path / "graph.lock"))
    assert (tmp_path / "state").exists() and not (tmp_path / "state.last").exists()


def test_with_wait_the_last_work_is_done_here_in_its_last_form_with_the_status(
        tmp_path: Path) -> None:
    """With `wait` the command itself has nothing left after its last work: that work may
    exec a program in its stead, which is told the status the command would exit with."""
    seen: list[tuple[int, bool]] = []

    def last() -> None:  # the state's lock is free by now: a program exec'd here lacks it
        seen.append((afterexit.ending_status(), lock_is_free(tmp_path / "state.lock")))

    afterexit.detach([
        Deferred(tmp_path / "state.lock", (tmp_path / "state").touch,
                 last=lambda: pytest.fail("not last: the plain work")),
        Deferred(tmp_path / "graph.lock", lambda: pytest.fail("the work, not its last form"),
                 last=last)], wait=True, status=3)
    assert (tmp_path / "state").exists() and seen == [(3, True)]


def test_with_wait_a_program_the_last_work_execs_ends_the_command_with_its_status(
        tmp_path: Path) -> None:
    """The command's process becomes the program, whose exit status is the command's."""
    script = tmp_path / "command.py"
    script.write_text(
        "import os, sys, pathlib\n"
        "from engine import afterexit\n"
        "from engine.afterexit import Deferred\n"
        "tmp = pathlib.Path(sys.argv[1])\n"
        "def become_program():\n"
        "    afterexit.inherit_locks()\n"
        "    code = 'import sys; sys.exit(int(sys.argv[1]))'\n"
        "    os.execv(sys.executable, [sys.executable, '-c', code,\n"
        "             str(afterexit.ending_status())])\n"
        "afterexit.detach([Deferred(tmp / 'graph.lock', lambda: None, last=become_program)],\n"
        "                 wait=True, status=5)\n"
        "sys.exit(0)  # never reached: the program took this process's place\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, str(script), str(tmp_path)], env=env, timeout=60)
    assert done.returncode == 5
