"""Read a base revision of the project from git objects, never touching the working tree or index.

`git archive` streams the tree of a commit from the object store; we unpack the project's
directory into a temporary folder and run the ordinary pipeline there.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from engine.errors import BaseRunError


@dataclass(frozen=True)
class BaseRevision:
    """A resolved base: the ref as given, its commit id, and the project's path inside the repo."""

    ref: str
    commit: str
    repo_root: Path
    project_dir: str  # POSIX path of the catalog's directory relative to repo_root ("" = root)


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        # GIT_OPTIONAL_LOCKS=0: not even the index's stat cache may be refreshed.
        proc = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, timeout=300,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except FileNotFoundError as exc:
        raise BaseRunError("git is not installed; --base needs git") from exc
    if proc.returncode != 0:
        raise BaseRunError(proc.stderr.decode(errors="replace").strip() or f"git {args[0]} failed")
    return proc.stdout


def resolve(ref: str, project_root: Path) -> BaseRevision:
    """Return the commit a ref names, or raise BaseRunError with a message saying what to do."""
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], project_root).decode().strip())
    except BaseRunError as exc:
        raise BaseRunError(f"{project_root} is not inside a git repository: --base needs one") from exc
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top).decode().strip()
    except BaseRunError as exc:
        raise BaseRunError(
            f"base revision '{ref}' does not exist in {top} "
            "(fetch it first, e.g. `git fetch origin main`, or give a commit id)"
        ) from exc
    rel = project_root.resolve().relative_to(top.resolve()).as_posix()
    return BaseRevision(ref=ref, commit=commit, repo_root=top, project_dir="" if rel == "." else rel)


def export(base: BaseRevision, dest: Path) -> Path:
    """Unpack the project directory of the base commit into `dest`; return the project dir there.

    Returns a directory that may not exist when the project did not exist at the base.
    """
    target = dest / base.project_dir if base.project_dir else dest
    paths = [base.project_dir] if base.project_dir else []
    listing = _git(["ls-tree", "--name-only", base.commit, *([base.project_dir] if paths else [])],
                   base.repo_root)
    if not listing.strip():
        return target
    data = _git(["archive", "--format=tar", base.commit, *paths], base.repo_root)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return target
