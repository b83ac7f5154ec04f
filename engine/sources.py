"""Collect the SQL tasks named by the catalog's source globs."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from engine.errors import InputError, InputErrors
from engine.models import Task


def relative_posix(path: Path, root: Path) -> str:
    """Return `path` relative to `root` as a POSIX string (absolute if outside root)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _relative_to(path: Path, root: Path) -> str:
    """`relative_posix` for a path found under `root`: no filesystem call when it lies there
    lexically (resolving every file of a 100k-file warehouse took 13 s)."""
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return relative_posix(path, root)


def _parts(path: Path) -> tuple[str, ...]:
    return path.parts


def _matches(root: Path, patterns: Iterable[str]) -> dict[str, set[Path]]:
    return {p: {f for f in root.glob(p) if f.is_file()} for p in patterns}


def collect(
    root: Path,
    patterns: Iterable[str],
    exclude: Iterable[str] = (),
    *,
    catalog_path: str = "catalog.yaml",
    display_root: Path | None = None,
) -> tuple[Task, ...]:
    """Return one Task per SQL file matched by `patterns` under `root`, sorted by path.

    Every pattern must match at least one file: a pattern matching nothing is almost always
    a typo, and silently analysing nothing would look like a clean run.
    """
    display_root = display_root or root
    found = _matches(root, patterns)
    errors = [
        InputError(
            catalog_path,
            f"sources.sql pattern '{pattern}' matches no file",
            hint=f"patterns are relative to {relative_posix(root, display_root) or '.'}/",
        )
        for pattern, files in found.items()
        if not files
    ]
    if errors:
        raise InputErrors(errors)
    excluded = set().union(*_matches(root, exclude).values()) if exclude else set()
    # Path order (by parts: `a/x` before `a-b/x`), which task order and "first creator" rest on
    files = sorted(set().union(*found.values()) - excluded, key=_parts) if found else []
    return tuple(_read(f, _relative_to(f, display_root)) for f in files)


def _read(path: Path, rel: str) -> Task:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputErrors(
            [InputError(rel, f"not valid UTF-8 at byte {exc.start}", hint="save the file as UTF-8")]
        ) from exc
    return Task(path=rel, text=text, sha256=hashlib.sha256(raw).hexdigest())
