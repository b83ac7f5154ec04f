"""Report formats: one module per format, each exposing `render(result, meta) -> str`.

`FORMATS` is the registry (a format is one module plus one line here); `DEFAULT_FILES` names
the file each format is written to; `REPORT_SET` is what `lineage-policy report` writes.
`write_reports` renders every requested file in memory first, checks every target, stages each
beside it and only then moves the files into place, so neither a failing render nor a target
that cannot be written leaves a half-written report set.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from engine.errors import OutputError
from engine.pipeline import RunResult
from engine.reports import audit as audit_report
from engine.reports import cleanup as cleanup_report
from engine.reports import html as html_report
from engine.reports import json as json_report
from engine.reports import junit as junit_report
from engine.reports import markdown as markdown_report
from engine.reports import sarif as sarif_report
from engine.reports import text as text_report


@dataclass(frozen=True)
class RenderMeta:
    """Values injected into reports so that output is reproducible (and snapshot-testable)."""

    generated_at: str
    fail_on: str = "error"
    show_unchanged: bool = True  # PR mode: list unchanged findings (`check --all`), not only count
    # the project's directory inside its git repository ("" at the top): SARIF names files
    # relative to the repository, the only base code-scanning resolves (`gitbase`)
    repo_dir: str = ""


Renderer = Callable[[RunResult, RenderMeta], str]

FORMATS: Mapping[str, Renderer] = {
    "text": text_report.render,
    "json": json_report.render,
    "html": html_report.render,
    "sarif": sarif_report.render,
    "junit": junit_report.render,
    "markdown": markdown_report.render,
    "audit-json": audit_report.render_json,
    "audit-html": audit_report.render_html,
    "cleanup": cleanup_report.render,
}

DEFAULT_FILES: Mapping[str, str] = {
    "json": "findings.json",
    "html": "index.html",
    "sarif": "findings.sarif",
    "junit": "junit.xml",
    "markdown": "summary.md",
    "audit-json": "audit.json",
    "audit-html": "audit.html",
    "cleanup": "cleanup.html",
}

# `lineage-policy report`: file name -> format, in the order they are listed to the user.
REPORT_SET: Mapping[str, str] = {
    "index.html": "html",
    "audit.html": "audit-html",
    "audit.json": "audit-json",
    "cleanup.html": "cleanup",
    "findings.json": "json",
    "findings.sarif": "sarif",
    "junit.xml": "junit",
    "summary.md": "markdown",
}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(error: OSError) -> str:
    """`permission denied`, `read-only file system`: the OS's words, as a message's tail."""
    return (error.strerror or str(error)).lower()


def _prepare(paths: Iterable[Path]) -> list[Path]:
    """Check every target before anything is written, creating missing parent directories.

    A target must not be a directory, and its nearest existing ancestor must be one. Returns
    the directories created (deepest last) so that a failed write can remove them again.
    Raises `OutputError` naming the first target that cannot be written.
    """
    created: list[Path] = []
    try:
        for path in paths:
            if path.is_dir():
                raise OutputError(path, "it is a directory")
            missing = [d for d in path.parents if not d.exists()]
            base = path.parents[len(missing)] if len(missing) < len(path.parents) else None
            if base is not None and not base.is_dir():
                raise OutputError(path, f"{base} is not a directory")
            for directory in reversed(missing):
                try:
                    directory.mkdir()
                except OSError as error:
                    raise OutputError(path, f"cannot create {directory}: {_reason(error)}") \
                        from None
                created.append(directory)
    except OutputError:
        _remove_dirs(created)
        raise
    return created


def _remove_dirs(created: list[Path]) -> None:
    for directory in reversed(created):
        with contextlib.suppress(OSError):
            directory.rmdir()


def _stage(path: Path, content: str) -> Path:
    """Write `content` to a temp file beside `path` and return the temp file's path.

    The parent directory must exist (`_prepare`). Raises `OutputError` if it is not writable.
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise OutputError(path, _reason(error)) from None
    try:
        # mkstemp makes the file private (0600); a report is as readable as any other output,
        # and keeps the mode of the file it replaces (only a file's: never a directory's)
        mode = path.stat().st_mode & 0o666 if path.is_file() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(path, _reason(error)) from None
        raise
    return Path(tmp)


def atomic_write(path: Path, content: str) -> None:
    """Write `content` to `path` through a temp file in the same directory and a rename.

    Raises `OutputError` (path and reason) if it cannot; `path` is then as it was.
    """
    write_files({path: content})


def write_files(contents: Mapping[Path, str]) -> None:
    """Write every file or none: check each target, stage each beside it, then rename.

    Raises `OutputError` naming the first file that cannot be written; the targets are then
    as they were, and no temp file (or directory created for them) is left behind. Only a
    rename failing after every check and write succeeded (a file system gone wrong meanwhile)
    could leave some files replaced, and the error then counts them (`replaced`).
    """
    created = _prepare(contents)
    staged: dict[Path, Path] = {}
    try:
        for path, content in contents.items():
            staged[path] = _stage(path, content)
    except BaseException:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
        _remove_dirs(created)
        raise
    done = 0
    try:
        for path, tmp in staged.items():
            try:
                os.replace(tmp, path)
            except OSError as error:
                raise OutputError(path, _reason(error), replaced=done) from None
            done += 1
    finally:
        for tmp in list(staged.values())[done:]:
            tmp.unlink(missing_ok=True)


def write_reports(result: RunResult, targets: Mapping[Path, str], meta: RenderMeta) -> None:
    """Render each (path -> format) in memory, then write them all or none (`write_files`).

    A failing render leaves every target untouched; a target that cannot be written raises
    `OutputError` and leaves every target untouched as well.
    """
    write_files({path: FORMATS[fmt](result, meta) for path, fmt in targets.items()})
