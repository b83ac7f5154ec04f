"""The `lineage-policy` console script: the CLI is imported inside the interrupt handling.

Importing the whole CLI (click, pydantic, sqlglot, Kùzu's bindings) takes about a second on a
loaded machine; a CI job cancelled in it would print Python's traceback rather than the one
line and status 130 every later interrupt gives (`engine.cli`).
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130  # 128 + SIGINT
INTERRUPTED = ("interrupted; nothing was left half-written (reports and the graph are replaced "
               "whole or not at all, and the previous ones are kept)")


def entry() -> None:
    """Import and run the CLI (`engine.cli.entry`); an interrupt while importing it exits 130
    with one line, as one while it runs does."""
    try:
        from engine.cli import entry as run_cli
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED + "\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    run_cli()
