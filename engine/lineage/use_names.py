"""A `USE` of a database named like a USE kind: `USE warehouse`, `USE database`.

sqlglot reads the word after USE as the statement's kind whenever its text is one of the
parser's `USABLES` (ROLE, WAREHOUSE, DATABASE, SCHEMA, CATALOG), in every dialect, and then
wants a name: Hive's `USE warehouse;` fails to parse (every later name then loses its
database), `USE warehouse.sales` silently drops `warehouse`, and T-SQL's `USE warehouse` +
`SELECT ...` on the next line swallows the SELECT as the name. Where no name follows the word
(the statement ends, a `.` continues the word, or a statement starts on a later line), the
word is the name: `DATABASE` is written before it, the kind that `namespaces` reads as a
kindless USE in every dialect (Snowflake's and Databricks' own spelling of it), so the name
stays unquoted and is normalised as written.
"""

from __future__ import annotations

from sqlglot.parser import Parser
from sqlglot.tokenizer_core import Token, TokenType


def with_use_kind(
    tokens: list[Token], parser: Parser, starts: frozenset[TokenType]
) -> list[Token]:
    """`tokens` with `DATABASE` written before a USE's name that sqlglot would read as the
    USE's kind (the module docstring); `tokens` itself otherwise. `starts`: the token types
    that start a statement."""
    if len(tokens) < 2 or tokens[0].token_type is not TokenType.USE:
        return tokens
    word = tokens[1]
    # sqlglot's own test for a kind word: its text, unless quoted or a string
    if word.token_type in parser.TEXT_MATCH_EXCLUDED_TOKENS or (
        word.text.upper() not in parser.USABLES
    ):
        return tokens
    if len(tokens) > 2 and not _no_name(tokens[2], word, starts):
        return tokens  # `USE WAREHOUSE wh`, `USE SCHEMA warehouse`: a kind and its name
    kind = Token(TokenType.VAR, "DATABASE", word.line, word.col, word.start, word.end)
    return [tokens[0], kind, *tokens[1:]]


def _no_name(after: Token, word: Token, starts: frozenset[TokenType]) -> bool:
    """Whether `after`, the token after the word, says the word is a name: a `.` continues
    it, or a statement starts on a later line (T-SQL needs no `;`)."""
    return after.token_type is TokenType.DOT or (
        after.token_type in starts and after.line > word.line
    )
