r"""psql meta-commands in a Postgres script: `\set ON_ERROR_STOP on`, `\timing`, `\echo ...`,
`\i file`, `\copy ...`.

psql reads them, not the server: a line whose first character (spaces aside) is a backslash is
one, and it ends at the end of its line, with no `;`. Each is cut from the statements around it
(a `;` where its backslash was, the rest of the line blanked; newlines kept, so every statement
keeps its line and column), so it no longer runs into the next statement and sinks it.

`\copy` is COPY run by the client: the same rows move, from a file into a table or out of a
table or a query, so its line is read as the COPY it spells (a `;` after it: it ends there).
The rows after a `COPY ... FROM STDIN` (pg_dump's data, ended by a `\.` line) are data, blanked.
"""

from __future__ import annotations

import re

_META = re.compile(r"^[ \t]*\\", re.MULTILINE)
_COPY_FROM_STDIN = re.compile(r"^\s*\\?copy\b.*\bfrom\s+stdin\b", re.IGNORECASE)
_CLIENT_COPY = re.compile(r"\\copy\b", re.IGNORECASE)
_NOT_NEWLINE = re.compile(r"[^\r]")


def psql_script(text: str) -> str | None:
    """Return `text` with its psql meta-commands cut (see the module docstring), or None when
    it has none (most files: a regex says so)."""
    if not _META.search(text):
        return None
    lines = text.split("\n")
    # a COPY FROM STDIN's rows end at `\.`; without one, the client sends them: none follow
    data_ends = [i for i, line in enumerate(lines) if line.strip() == "\\."]
    out: list[str] = []
    in_data = False
    for i, line in enumerate(lines):
        stripped = line.lstrip(" \t")
        if in_data:
            in_data = stripped.rstrip() != "\\."
            out.append(_blank(line))
            continue
        if stripped.startswith("\\"):
            out.append(_meta_command(line, len(line) - len(stripped)))
        else:
            out.append(line)
        in_data = bool(_COPY_FROM_STDIN.match(line)) and any(end > i for end in data_ends)
    return "\n".join(out)


def _meta_command(line: str, at: int) -> str:
    r"""A meta-command's line: `;` where its backslash is, then blanks, or for `\copy` the
    COPY statement it spells, ended by a `;`."""
    body = line.rstrip("\r")
    end = line[len(body) :]
    if _CLIENT_COPY.match(body, at):
        return f"{body[:at]};{body[at + 1 :]};{end}"
    return f"{body[:at]};{_blank(body[at + 1 :])}{end}"


def _blank(text: str) -> str:
    return _NOT_NEWLINE.sub(" ", text)
