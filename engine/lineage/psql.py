r"""psql meta-commands in a Postgres script: `\set ON_ERROR_STOP on`, `\timing`, `\echo ...`,
`\i file`, `\copy ...`.

psql reads them, not the server: a line whose first character (spaces aside) is a backslash is
one, and it ends at the end of its line, with no `;`. Each is cut from the statements around it
(a `;` where its backslash was, the rest of the line blanked; newlines kept, so every statement
keeps its line and column), so it no longer runs into the next statement and sinks it.

`\copy` is COPY run by the client: the same rows move, from a file into a table or out of a
table or a query, so its line is read as the COPY it spells (a `;` after it: it ends there).
psql takes the file name unquoted too (`\copy t FROM data/1.csv`: whitespace, `;` or a quote
ends it), which the server's COPY does not: such a name is quoted.
The rows after a `COPY ... FROM STDIN` (pg_dump's data, ended by a `\.` line) are data, blanked.

After SQL on a line, a backslash outside a string starts a meta-command too: `\g`, `\gset`,
`\gx`, ... send the query, so they end the statement (`;`); any other is cut to the line's end.
psql's variables are interpolated before the server sees the text: `:'v'` is a literal, `:"v"`
an identifier (its value unknown, the name stands in); `:v` sqlglot already reads as a
placeholder. These need the tokenizer (a backslash in a string is no command), so a regex on
the text gates them.
"""

from __future__ import annotations

import re

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokens import Token, TokenType

from engine.lineage.scripting import free_tokens

_META = re.compile(r"^[ \t]*\\", re.MULTILINE)
_COPY_FROM_STDIN = re.compile(r"^\s*\\?copy\b.*\bfrom\s+stdin\b", re.IGNORECASE)
_CLIENT_COPY = re.compile(r"\\copy\b", re.IGNORECASE)
# a `\copy`'s FROM / TO and the blanks after it; the first outside parentheses (a query's) and
# strings says where the file is
_DIRECTION = re.compile(r"\b(?:from|to)\s+", re.IGNORECASE)
_UNQUOTED_FILE = re.compile(r"[^\s;']+")  # psql's rule for a name without quotes
_NOT_FILES = frozenset({"stdin", "stdout", "pstdin", "pstdout", "program"})
_NOT_NEWLINE = re.compile(r"[^\r]")
# a backslash-word after something else on its line, or `:'v'` / `:"v"` (psql's variable
# names are word characters; not after a quote or a colon: `split_part(x, ':', 1)`, a JSON
# literal's `"a":"b"` and a cast `x::"T"` are no variables): maybe inline psql
_INLINE = re.compile(r"[^\s\\][ \t]*\\[A-Za-z]|(?<![:'\"]):(?:'\w+'|\"\w+\")")
# the meta-commands that send the query buffer to the server: the statement ends there
_SENDS = frozenset({"g", "gx", "gset", "gexec", "gdesc", "crosstabview", "watch"})
_QUOTED = (TokenType.STRING, TokenType.IDENTIFIER)


def psql_script(text: str, dialect: Dialect) -> str | None:
    """Return `text` with its psql meta-commands cut and its variables interpolated (see the
    module docstring), or None when it has none (most files: a regex says so). A text the
    dialect's tokenizer cannot tokenize keeps its inline backslashes."""
    lines_cut = _line_commands(text, dialect) if _META.search(text) else None
    cut = lines_cut if lines_cut is not None else text
    if not _INLINE.search(cut):
        return lines_cut
    try:
        tokens = free_tokens(cut, dialect)
    except SqlglotError:  # an unterminated string: the parser will say so
        return lines_cut
    inline = _inline(cut, tokens)
    return inline if inline != text else None


def _inline(text: str, tokens: list[Token]) -> str:
    """`text` with the meta-commands that follow SQL on a line cut and `:'v'` / `:"v"` read
    as a literal / an identifier."""
    out: list[str] = []
    at = 0  # text before `at` is already in `out`
    for i, token in enumerate(tokens):
        if token.start < at:
            continue  # on a line already cut
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        adjacent = after is not None and after.start == token.end + 1
        if token.token_type == TokenType.BACKSLASH:
            eol = text.find("\n", token.start)
            eol = len(text) if eol < 0 else eol
            word = after.text.lower() if adjacent and after is not None else ""
            head = ";" if word in _SENDS else " "
            out += [text[at : token.start], head, _blank(text[token.start + 1 : eol])]
            at = eol
        elif token.token_type == TokenType.COLON and adjacent and after.token_type in _QUOTED:
            out += [text[at : token.start], " "]
            at = token.end + 1
    out.append(text[at:])
    return "".join(out)


def _line_commands(text: str, dialect: Dialect) -> str:
    """`text` with its meta-command lines cut (those whose first character is a backslash)."""
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
            out.append(_meta_command(line, len(line) - len(stripped), dialect))
        else:
            out.append(line)
        in_data = bool(_COPY_FROM_STDIN.match(line)) and any(end > i for end in data_ends)
    return "\n".join(out)


def _meta_command(line: str, at: int, dialect: Dialect) -> str:
    r"""A meta-command's line: `;` where its backslash is, then blanks, or for `\copy` the
    COPY statement it spells, ended by a `;`."""
    body = line.rstrip("\r")
    end = line[len(body) :]
    if _CLIENT_COPY.match(body, at):
        return f"{body[:at]};{_quoted_file(body[at + 1 :], dialect)};{end}"
    return f"{body[:at]};{_blank(body[at + 1 :])}{end}"


def _quoted_file(copy: str, dialect: Dialect) -> str:
    r"""`copy` (a `\copy` line from its `copy` on) with the file name after its FROM / TO
    quoted if psql's unquoted form; stdin, stdout and PROGRAM stay as they are."""
    for found in _DIRECTION.finditer(copy):
        try:  # (the name itself may be no SQL: `C:\data\t.csv`, `t--old.csv`)
            tokens = free_tokens(copy[: found.start()], dialect)
        except SqlglotError:
            continue  # in a string or a quoted name
        depth = sum(
            (t.token_type == TokenType.L_PAREN) - (t.token_type == TokenType.R_PAREN)
            for t in tokens
        )
        if depth:
            continue  # a FROM of the query copied out
        name = _UNQUOTED_FILE.match(copy, found.end())
        if name is None or name.group().lower() in _NOT_FILES:
            return copy
        # the quotes take the blank before the name and the one after it, where there is
        # one, so what follows keeps its column
        start, stop = name.span()
        rest = copy[stop + 1 :] if copy[stop : stop + 1].isspace() else copy[stop:]
        return f"{copy[: start - 1]}'{name.group()}'{rest}"
    return copy


def _blank(text: str) -> str:
    return _NOT_NEWLINE.sub(" ", text)
