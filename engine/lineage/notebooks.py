"""Notebook cell markers in a SQL file: each ends the statement before it, and is blanked so
that the statement after it parses.

A notebook saved or copied as SQL keeps its cell markers: Zeppelin's interpreter line (`%sql`,
`%spark.sql`, `%jdbc(hive)`), Jupyter's cell magic (`%%sql [connection]`), the percent
format's `# %%`, and the comment lines Databricks (`-- COMMAND ----------`) and Fabric (`--
CELL ********************`) put between cells. A cell runs on its own, so its last statement
needs no `;`: without one, two cells would read as one statement (a CREATE TABLE cell and a
SELECT cell after it as a CTAS). So a marker becomes a `;` and spaces (every statement keeps
its file line and column): a cell magic's whole line (its options and connection string are no
SQL either), a line magic's word only (Jupyter's `%sql select ...` runs the rest of its line).
Databricks' `-- MAGIC` lines are comments already.
"""

from __future__ import annotations

import re

# First on a line: `%%name ...` or `# %%...` (the whole line), `%name[(args)]` (the word), or
# a whole Databricks / Fabric cell-break comment. Two characters at least after a single `%`,
# so a format placeholder (`%s`) is never one.
_MARKER = re.compile(
    r"^[ \t]*(?:%%[^\n]*|#[ \t]*%%[^\n]*|%[A-Za-z][\w.]+(?:\([^)\n]*\))?(?=\s|$)"
    r"|--[ \t]*(?:COMMAND[ \t]*-{3,}|CELL[ \t]*\*{3,})[ \t]*(?=\r?$))",
    re.MULTILINE,
)


def without_cell_markers(text: str) -> str:
    """`text` with each notebook cell marker made a statement end (`text` itself if it has
    none).

    >>> without_cell_markers("%sql\\nselect 1")
    ';   \\nselect 1'
    """
    if _MARKER.search(text) is None:
        return text
    return _MARKER.sub(_statement_end, text)


def _statement_end(marker: re.Match[str]) -> str:
    found = marker.group()
    indent = len(found) - len(found.lstrip())
    return " " * indent + ";" + " " * (len(found) - indent - 1)
