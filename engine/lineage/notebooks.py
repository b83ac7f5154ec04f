"""Notebook cell markers in a SQL file, blanked so that the statement after each one parses.

A notebook saved or copied as SQL keeps its cell markers: Zeppelin's interpreter line (`%sql`,
`%spark.sql`, `%jdbc(hive)`), Jupyter's cell magic (`%%sql [connection]`) and the percent
format's `# %%`. None of them is SQL, and each would turn the statement after it into a parse
error. A marker line is replaced by spaces (so every statement keeps its file line and column):
a cell magic's whole line (its options and connection string are no SQL either), a line
magic's word only (Jupyter's `%sql select ...` runs the rest of its line). Databricks exports
need nothing: their markers (`-- COMMAND ----------`, `-- MAGIC`) are comments already.
"""

from __future__ import annotations

import re

# First on a line: `%%name ...` or `# %%...` (the whole line), `%name[(args)]` (the word).
# Two characters at least after a single `%`, so a format placeholder (`%s`) is never one.
_MARKER = re.compile(
    r"^[ \t]*(?:%%[^\n]*|#[ \t]*%%[^\n]*|%[A-Za-z][\w.]+(?:\([^)\n]*\))?(?=\s|$))",
    re.MULTILINE,
)


def without_cell_markers(text: str) -> str:
    """`text` with its notebook cell markers blanked (`text` itself if it has none).

    >>> without_cell_markers("%sql\\nselect 1")
    '    \\nselect 1'
    """
    if _MARKER.search(text) is None:
        return text
    return _MARKER.sub(lambda m: " " * len(m.group()), text)
