"""Teradata BTEQ commands in a script: `.LOGON tdpid/user,pw;`, `.SET ERROROUT STDOUT;`,
`.IF ERRORCODE <> 0 THEN .QUIT 8;`, `.EXPORT DATA FILE = x;`, `.LOGOFF;`.

BTEQ, the client, reads them, not the database: a line whose first character (spaces aside) is
a dot followed by a word is one, and it ends at the end of its line. Each is cut from the
statements around it (a `;` where its dot was, the rest of the line blanked; newlines kept, so
every statement keeps its line and column), so it is no parse error and does not run into the
next statement. A regex on the text finds the few files that have any.
"""

from __future__ import annotations

import re

_COMMAND = re.compile(r"^([ \t]*)\.([A-Za-z][^\r\n]*)", re.MULTILINE)
_NOT_SPACE = re.compile(r"\S")


def bteq_script(text: str) -> str | None:
    """Return `text` with its BTEQ command lines cut, or None when it has none."""
    if not _COMMAND.search(text):
        return None
    return _COMMAND.sub(lambda m: f"{m.group(1)};{_NOT_SPACE.sub(' ', m.group(2))}", text)
