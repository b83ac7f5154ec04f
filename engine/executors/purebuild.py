"""sqlglot's pure-Python build in a child process: the fallback when the compiled build fails.

sqlglotc (`pip install 'sqlglot[c]'`, this project's `fast` extra) ships no module of its own:
it overlays compiled extension modules (`sqlglot/parser.cpython-311-….so`) beside sqlglot's
`.py` files, and Python's import system prefers an extension module to a source file of the
same name. So a process holds one build, fixed by its first `import sqlglot`; the two cannot
coexist in one process (a second copy of sqlglot would bring a second set of expression classes
that the lineage code, bound to the first, does not know). A *fresh* process can choose the pure
build by putting a finder that skips extension modules for `sqlglot.*` first on `sys.meta_path`
before anything imports sqlglot: that is what the child started here does, for the rare task
the compiled build fails on.

This module imports nothing from sqlglot or `engine.lineage`, so that the child can install
the finder before they load.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import subprocess
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import SOURCE_SUFFIXES, FileFinder, ModuleSpec, SourceFileLoader
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.executors.work import Extraction, ExtractJob
    from engine.models import Task

_CHILD = "from engine.executors.purebuild import main; main()"
_STARTUP_SECONDS = 30.0  # a fresh interpreter importing the pure-Python sqlglot


def compiled_build_loaded() -> bool:
    """True if this process runs sqlglot's compiled build (the check sqlglot itself makes)."""
    core = sys.modules.get("sqlglot.tokenizer_core")
    return core is not None and not str(getattr(core, "__file__", "")).endswith(".py")


class PureSqlglotFinder(MetaPathFinder):
    """Finds `sqlglot` and its submodules as Python source, never as compiled extensions."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != "sqlglot" and not fullname.startswith("sqlglot."):
            return None
        for entry in path if path is not None else sys.path:
            spec = FileFinder(entry or ".", (SourceFileLoader, SOURCE_SUFFIXES)).find_spec(fullname)
            if spec is not None:
                return spec
        return None


def use_pure_build() -> None:
    """Make this process import sqlglot's pure-Python build. Must run before sqlglot loads."""
    if any(name == "sqlglot" or name.startswith("sqlglot.") for name in sys.modules):
        raise RuntimeError("sqlglot is already imported in this process; its build is fixed")
    sys.meta_path.insert(0, PureSqlglotFinder())


def extract_with_pure_build(task: Task, job: ExtractJob) -> Extraction | str:
    """Return the task's extraction by the pure-Python build in a child process, or why not."""
    single = dataclasses.replace(job, tasks=(task,))
    timeout = (single.deadline or 600.0) + _STARTUP_SECONDS
    # The child must import this very engine, wherever this process found it.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD], input=pickle.dumps(single), capture_output=True,
            timeout=timeout, env=env, check=False,
        )
    except subprocess.TimeoutExpired:
        return f"no answer within {timeout:g} s"
    except OSError as error:
        return f"could not start it ({error})"
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        return f"exit status {done.returncode}" + (f": {lines[-1][:200]}" if lines else "")
    result: Extraction = pickle.loads(done.stdout)
    return result


def main() -> None:
    """Child entry point: read a pickled one-task job on stdin, write its extraction on stdout."""
    use_pure_build()
    from engine.executors.work import extract_one

    job = pickle.load(sys.stdin.buffer)
    result = extract_one(job.tasks[0], job)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
