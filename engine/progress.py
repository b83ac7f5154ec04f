"""A progress display for long runs: one line per pipeline stage and a live task counter.

It writes to stderr only when stderr is a terminal and `--quiet` is not given, so piped or
captured output (CI logs, `--format json > file`) never contains it. It is the `progress`
callback `pipeline.run` calls as `progress(stage, done, total)`.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

LABELS = {
    "lineage": "Parsing SQL",
    "propagation": "Propagating tags",
    "graph": "Building the lineage graph",
    "policies": "Evaluating policies",
    "reports": "Writing reports",
}
BAR = 24
REDRAW_SECONDS = 0.08  # a counter over a million tasks must not cost a write per task


class Progress:
    """Stage lines with durations, and a task counter redrawn in place (`\\r`)."""

    def __init__(
        self, quiet: bool = False, stream: TextIO | None = None, enabled: bool | None = None
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = (not quiet and self.stream.isatty()) if enabled is None else enabled
        self.stage: str | None = None
        self.detail = ""
        self.started = self.drawn = 0.0
        self.last = self.tasks = self.passes = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Record progress: a new stage closes the previous one's line."""
        if not self.enabled:
            return
        now = time.perf_counter()
        if stage != self.stage:
            self.close()
            self.stage, self.started, self.drawn, self.detail = stage, now, 0.0, ""
            self.last = self.tasks = self.passes = 0
        label = LABELS.get(stage, stage)
        if total <= 1:
            self._write(f"\r\x1b[K  … {label}")
            return
        if done <= self.last or not self.passes:
            # the counter restarted: lineage re-resolves tasks once created tables are known
            self.passes += 1
            self.tasks = max(self.tasks, total)
        self.last = done
        again = f" (pass {self.passes})" if self.passes > 1 else ""
        self.detail = f": {self.tasks:,} tasks" + (f", {self.passes} passes" if again else "")
        if done == total or now - self.drawn >= REDRAW_SECONDS:
            filled = BAR * done // total
            bar = "█" * filled + "░" * (BAR - filled)
            self._write(f"\r\x1b[K  … {label}{again} {bar} {done:,}/{total:,} tasks")
            self.drawn = now

    def close(self) -> None:
        """Finish the current stage's line with a tick and its duration."""
        if not self.enabled or self.stage is None:
            return
        seconds = time.perf_counter() - self.started
        label = LABELS.get(self.stage, self.stage)
        self._write(f"\r\x1b[K  ✓ {label}{self.detail} ({seconds:.1f}s)\n")
        self.stage = None

    def drop(self) -> None:
        """Erase the current stage's line without a tick (it failed; an error follows)."""
        if self.enabled and self.stage is not None:
            self._write("\r\x1b[K")
            self.stage = None

    def note(self, text: str) -> None:
        """A line of its own after the stages (what goes on after the command)."""
        if self.enabled:
            self.close()
            self._write(f"  {text}\n")

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()
