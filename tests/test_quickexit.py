"""The console script ends its process with os._exit: what a normal exit does still happens."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROGRAM = """
import atexit, sys, threading, time
from engine.quickexit import run_and_exit

def command():
    atexit.register(lambda: open({marker!r}, "w").write("handler ran"))
    sys.stdout.write("buffered, no newline")  # only a flush at exit shows it
    {body}

run_and_exit(command)
print("never printed")
"""


def _run(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    marker = tmp_path / "marker"
    source = textwrap.dedent(PROGRAM).format(marker=str(marker), body=body)
    return subprocess.run([sys.executable, "-c", source], capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.mark.parametrize(("body", "code", "stderr"), [
    ("sys.exit(3)", 3, ""),
    ("sys.exit(None)", 0, ""),
    ("return None", 0, ""),
    ("sys.exit('bad input')", 1, "bad input\n"),
])
def test_exit_status_streams_and_handlers(tmp_path: Path, body: str, code: int,
                                          stderr: str) -> None:
    done = _run(tmp_path, body)
    assert done.returncode == code
    assert done.stdout == "buffered, no newline"
    assert done.stderr == stderr
    assert (tmp_path / "marker").read_text() == "handler ran"


def test_a_running_thread_is_joined_as_a_normal_exit_would(tmp_path: Path) -> None:
    body = ("threading.Thread(target=lambda: (time.sleep(0.5), print(' thread done'))).start()"
            "; sys.exit(4)")
    done = _run(tmp_path, body)
    assert done.returncode == 4
    assert done.stdout == "buffered, no newline thread done\n"
    assert (tmp_path / "marker").read_text() == "handler ran"


def test_the_console_script_exits_with_the_commands_status(tmp_path: Path) -> None:
    bad = tmp_path / "catalog.yaml"
    bad.write_text("assets: [\n")
    done = subprocess.run([sys.executable, "-m", "engine", "validate", "--catalog", str(bad)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "catalog.yaml" in done.stderr
