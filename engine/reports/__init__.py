"""Report formats: one module per format, each exposing `render(result, meta) -> str`.

`FORMATS` is the registry (a format is one module plus one line here); `DEFAULT_FILES` names
the file each format is written to; `REPORT_SET` is what `lineage-policy report` writes.
`write_reports` renders every requested file in memory first and only then moves the files
into place, so a failing render never leaves a half-written report set.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

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


def _stage(path: Path, content: str) -> Path:
    """Write `content` to a temp file beside `path` and return the temp file's path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a report is as readable as any other output
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(path: Path, content: str) -> None:
    """Write `content` to `path` through a temp file in the same directory and a rename."""
    os.replace(_stage(path, content), path)


def write_reports(result: RunResult, targets: Mapping[Path, str], meta: RenderMeta) -> None:
    """Render each (path -> format) in memory, stage every file, then rename them into place.

    A failing render or write leaves every target untouched (staged files are removed); only
    the final renames, which do not fail short of a broken file system, touch the targets.
    """
    rendered = {path: FORMATS[fmt](result, meta) for path, fmt in targets.items()}
    staged: dict[Path, Path] = {}
    try:
        for path, content in rendered.items():
            staged[path] = _stage(path, content)
    except BaseException:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
        raise
    for path, tmp in staged.items():
        os.replace(tmp, path)
