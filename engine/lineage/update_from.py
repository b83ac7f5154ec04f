"""Teradata `UPDATE t FROM s SET ...`: the last FROM table named as its own alias.

sqlglot's Teradata parser reads the word after a FROM table as its alias, SET included, so
with the last FROM table unaliased it takes SET for that alias and fails on the assignment
after it (the statement then split in two at SET, neither half with the SET list). A table
with no alias is known by its own name, so `FROM dw.s` reads as `FROM dw.s s`: the same rows
and names, and SET is left to start the assignments.

Oracle's `UPDATE (SELECT ...) SET ...` (an inline view, `view_update.py`) fails alike with the
view unaliased: it is given the alias `_lp_view`.
"""

from __future__ import annotations

from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.neutral import closing, dotted_start

# Tokens that precede a table in a FROM list.
_BEFORE_TABLE = frozenset({TokenType.FROM, TokenType.COMMA, TokenType.JOIN})
VIEW_ALIAS = "_lp_view"
_NAME = frozenset({TokenType.VAR, TokenType.IDENTIFIER})


def with_from_alias(tokens: list[Token]) -> list[Token]:
    """`tokens` of a Teradata UPDATE with its unaliased last FROM table given its own name as
    alias; `tokens` itself when there is none."""
    types = [t.token_type for t in tokens]
    try:
        at = types.index(TokenType.SET, types.index(TokenType.FROM))
    except ValueError:  # no FROM, or no SET after it
        return tokens
    name = at - 1
    if types[name] not in _NAME:
        return tokens
    first = dotted_start(types, name)
    if types[first - 1] not in _BEFORE_TABLE:
        return tokens  # already aliased (`FROM dw.s s SET`), or no table before SET
    last = tokens[name]
    alias = Token(
        last.token_type, last.text, line=last.line, col=last.col, start=last.start, end=last.end
    )
    return [*tokens[:at], alias, *tokens[at:]]


def with_view_alias(tokens: list[Token]) -> list[Token]:
    """`tokens` of an `UPDATE (query) SET ...` with the query aliased; `tokens` itself when it
    is no such UPDATE or its query has an alias."""
    if len(tokens) < 4 or tokens[1].token_type is not TokenType.L_PAREN:
        return tokens
    end = closing([t.token_type for t in tokens], 1)
    if end + 1 >= len(tokens) or tokens[end + 1].token_type is not TokenType.SET:
        return tokens
    at = tokens[end + 1]
    alias = Token(TokenType.VAR, VIEW_ALIAS, line=at.line, col=at.col, start=at.start, end=at.end)
    return [*tokens[: end + 1], alias, *tokens[end + 1 :]]
