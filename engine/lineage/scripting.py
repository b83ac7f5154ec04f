"""Procedural control flow in a procedure body (Snowflake Scripting, PL/pgSQL), blanked so that
the SQL statements inside it are parsed and analysed like any others.

sqlglot parses SQL statements, not the blocks around them: `DECLARE` sections, `IF ... THEN`,
`FOR r IN ... DO|LOOP`, `WHILE`, `CASE` statements, `EXCEPTION WHEN ... THEN`, `BEGIN`/`END`.
Each of those is replaced by spaces (newlines kept, so every statement keeps its file line and
column), and so are the statements that only move values between variables (`n := ...`,
`LET`, `RETURN`, `OPEN`/`FETCH`/`CLOSE` of a cursor, `RAISE`). What is left are the statements
the body may run, whichever branch it takes: a procedure's lineage is what it may do. The names
it declares (variables, loop records, cursors) come back too: a reference to one is a value,
not a column.

Keywords count only where a statement starts (after `;` or another block keyword), so MERGE's
`WHEN MATCHED THEN` and a CASE expression's `WHEN ... THEN` are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import Token, TokenType

# Block headers, and the keyword each one's header runs to.
_HEADERS = {
    "if": ("then",), "elseif": ("then",), "elsif": ("then",), "when": ("then",),
    "while": ("do", "loop"), "for": ("do", "loop"), "foreach": ("do", "loop"),
}
_ALONE = frozenset({"begin", "else", "loop", "exception", "repeat"})
_AFTER_END = frozenset({"if", "loop", "for", "while", "repeat", "case"})
# Statements that write no table: values returned or moved between variables and cursors.
_NO_WRITES = frozenset({
    "return", "let", "open", "close", "fetch", "raise", "perform", "null", "exit", "continue",
    "break", "leave", "iterate", "get", "assert", "until",
})
_TRANSACTION = frozenset({"transaction", "work", "tran", ";"})


@dataclass(frozen=True)
class Script:
    """A body's text with its control flow blanked, and the names it declares."""

    text: str
    names: frozenset[str]


def without_control_flow(text: str, dialect: Dialect) -> Script | None:
    """Return `text` with its procedural control flow blanked (see the module docstring), or
    None if it cannot be tokenized (an unterminated string: the caller reads it as it is)."""
    try:
        tokens = dialect.tokenize(text)
    except SqlglotError:
        return None
    blanks: list[tuple[int, int]] = []  # character spans, both ends included
    names: set[str] = set()
    i, declaring = 0, False
    while i < len(tokens):
        token = tokens[i]
        word = _word(tokens, i)
        if declaring and word != "begin":  # `name type [DEFAULT ...];` or a cursor
            # (where DECLARE is a command to sqlglot, the rest up to `;` is one token)
            names.add(token.text.split()[0].lower() if token.text.split() else "")
            end = _statement_end(tokens, i)
        elif word == "declare":
            declaring, end = True, i + 1
        elif word in _HEADERS:
            if word == "for":
                names.add(_word(tokens, i + 1))
            end = _header_end(tokens, i, _HEADERS[word])
        elif word == "case":  # a CASE statement: its operand, up to the first WHEN
            end = _header_end(tokens, i, ("when",)) - 1
        elif word == "begin" and _word(tokens, i + 1) in _TRANSACTION:
            end = 0  # a transaction's BEGIN: SQL
        elif word in _ALONE:
            declaring, end = False, i + 1
        elif word == "end":
            end = i + 2 if _word(tokens, i + 1) in _AFTER_END else i + 1
        elif word in _NO_WRITES or _is_assignment(tokens, i):
            if word == "let" or _is_assignment(tokens, i):
                names.add(_word(tokens, i + 1) if word == "let" else word)
            end = _statement_end(tokens, i)
        else:
            end = 0
        if end <= i:  # a SQL statement: on to its end
            i = _statement_end(tokens, i) + 1
            continue
        # up to the next token, not to the end of the last: a command's text token (sqlglot's
        # tokenizer makes one of what follows DECLARE in some dialects) may not say where it ends
        stop = tokens[end].start - 1 if end < len(tokens) else len(text) - 1
        blanks.append((token.start, stop))
        i = end + 1 if end < len(tokens) and _word(tokens, end) == ";" else end
    names.discard("")
    return Script(_blanked(text, blanks), frozenset(names))


def _word(tokens: list[Token], i: int) -> str:
    if i >= len(tokens) or tokens[i].token_type in (TokenType.STRING, TokenType.IDENTIFIER):
        return ""
    return tokens[i].text.lower()


def _is_assignment(tokens: list[Token], i: int) -> bool:
    """`n := ...` (PL/pgSQL, Snowflake Scripting)."""
    return i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.COLON_EQ


def _statement_end(tokens: list[Token], i: int) -> int:
    """The position of the `;` ending the statement at `i` (or the end of the tokens)."""
    for k in range(i, len(tokens)):
        if tokens[k].token_type == TokenType.SEMICOLON:
            return k
    return len(tokens)


def _header_end(tokens: list[Token], i: int, ends: tuple[str, ...]) -> int:
    """One past the keyword that ends the header starting at `i`; CASE ... END inside the
    header (`IF CASE WHEN ... THEN ... END = 1 THEN`) is skipped. No such keyword: 0 (the
    statement is left as written)."""
    depth = 0
    for k in range(i + 1, len(tokens)):
        word = _word(tokens, k)
        if word == "case":
            depth += 1
        elif word == "end" and depth:
            depth -= 1
        elif depth == 0 and word in ends:
            return k + 1
        elif word == ";":
            return 0
    return 0


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span's characters replaced by spaces, its newlines kept."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for k in range(start, end + 1):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)
