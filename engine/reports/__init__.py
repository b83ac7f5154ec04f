"""Report formats: one module per format, each exposing `render(result, meta) -> str`.

`FORMATS` is the registry; `write_reports` renders every requested format in memory first and
only then replaces the files, so a failing render never leaves a half-written report set.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from engine.pipeline import RunResult
from engine.reports import json as json_report
from engine.reports import text as text_report


@dataclass(frozen=True)
class RenderMeta:
    """Values injected into reports so that output is reproducible (and snapshot-testable)."""

    generated_at: str
    fail_on: str = "error"


Renderer = Callable[[RunResult, RenderMeta], str]

FORMATS: Mapping[str, Renderer] = {
    "text": text_report.render,
    "json": json_report.render,
}

DEFAULT_FILES: Mapping[str, str] = {
    "json": "findings.json",
}


def atomic_write(path: Path, content: str) -> None:
    """Write `content` to `path` through a temp file in the same directory and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_reports(result: RunResult, targets: Mapping[Path, str], meta: RenderMeta) -> None:
    """Render each (path -> format) in memory, then move every file into place."""
    rendered = {path: FORMATS[fmt](result, meta) for path, fmt in targets.items()}
    for path, content in rendered.items():
        atomic_write(path, content)
