"""Which Cypher statements a read-only query may run.

A database opened with Kùzu's `read_only=True` refuses writes to the graph (CREATE, SET,
DELETE, COPY FROM, DDL), but kuzu 0.11.3 still runs statements that are no query: CHECKPOINT
tries to write the database file and leaves `.wal`/`.shadow` files beside it, which makes the
stored graph unreadable (the next command rebuilds it); EXPORT DATABASE and COPY ... TO write
files anywhere; INSTALL/LOAD EXTENSION, ATTACH and USE reach outside the graph. Its Python API
does not say a statement's kind (a prepared statement has no `is_read_only`), so the kind is
read here from each statement's first keyword: a query starts with one of `QUERY_STARTS`, the
clauses Kùzu's Cypher begins a reading query with. An allow-list, so that a statement kind a
later Kùzu adds is refused until someone looks at it.
"""

from __future__ import annotations

import re

QUERY_STARTS = ("MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "CALL", "LOAD")
_PREFIXES = ("EXPLAIN", "PROFILE")  # PROFILE runs the statement it profiles
# `LOAD FROM 'f.csv'` and `LOAD WITH HEADERS (...) FROM` read rows; `LOAD [EXTENSION] x` loads code
_LOAD_READS = ("FROM", "WITH")
# `QUERY_STARTS` as a user writes them, for the refusal
*_FIRST, _LAST = ({"OPTIONAL": "OPTIONAL MATCH", "LOAD": "LOAD FROM"}.get(w, w)
                  for w in QUERY_STARTS)
_ALLOWED = f"{', '.join(_FIRST)} or {_LAST}"

# a comment, a quoted string or name, a statement separator (group 1), a word, another character
_TOKEN = re.compile(
    r"//[^\n]*|/\*.*?(?:\*/|\Z)|'(?:\\.|[^'\\])*'?|\"(?:\\.|[^\"\\])*\"?|`[^`]*`?|(;)|\w+|.",
    re.DOTALL)


def _first_tokens(cypher: str) -> list[list[str]]:
    """The first three tokens of each `;`-separated statement (words upper-cased), skipping
    comments: enough for an EXPLAIN/PROFILE prefix and `LOAD FROM`."""
    statements: list[list[str]] = [[]]
    for match in _TOKEN.finditer(cypher):
        token = match.group()
        if match.group(1):
            statements.append([])
        elif not token.isspace() and not token.startswith(("//", "/*")):
            if len(statements[-1]) < 3:
                statements[-1].append(token.upper())
    return [tokens for tokens in statements if tokens]


def refusal(cypher: str) -> str | None:
    """Why a read-only store will not run `cypher`: its first statement that is no reading
    query (`CHECKPOINT`, `EXPORT`, `COPY`, `LOAD EXTENSION`, ...) named; None when every one
    is a reading query."""
    for words in _first_tokens(cypher):
        if words[0] in _PREFIXES:
            words = words[1:]
        if not words:
            continue
        head = words[0]
        if head == "LOAD" and (len(words) < 2 or words[1] not in _LOAD_READS):
            head = " ".join(words[:2])
        elif head in QUERY_STARTS:
            continue
        return (f"{head} is not a reading query: a read-only query starts with {_ALLOWED} "
                "(the graph and your files are left unchanged)")
    return None
