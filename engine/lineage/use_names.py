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

from operator import attrgetter

from sqlglot.parser import Parser
from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.neutral import positions

_TYPE = attrgetter("token_type")


def with_use_kind(
    tokens: list[Token], sql: str, parser: Parser, starts: frozenset[TokenType]
) -> list[Token]:
    """`tokens` (their offsets into the text `sql`) with `DATABASE` written before each
    USE's name that sqlglot would read as the USE's kind (the module docstring), wherever the
    USE is (T-SQL needs no `;` before it); `tokens` itself if there is none. `starts`: the
    token types that start a statement."""
    # most chunks: their text says so without a look at the tokens (`in` on the lowercased
    # text is 18x faster than a case-blind regex)
    if not tokens or "use" not in sql[tokens[0].start : tokens[-1].end + 1].lower():
        return tokens
    types = list(map(_TYPE, tokens))
    out = tokens
    for i in reversed(positions(types, TokenType.USE)):  # (inserting keeps earlier places)
        if i + 1 < len(tokens) and _kind_word_is_name(tokens, i, parser, starts):
            word = tokens[i + 1]
            kind = Token(TokenType.VAR, "DATABASE", word.line, word.col, word.start, word.end)
            out = [*out[: i + 1], kind, *out[i + 1 :]]
    return out


def _kind_word_is_name(
    tokens: list[Token], i: int, parser: Parser, starts: frozenset[TokenType]
) -> bool:
    """Whether the word after the USE at `i` is a kind word sqlglot would take for the kind,
    with no name after it: the database's name."""
    word = tokens[i + 1]
    # sqlglot's own test for a kind word: its text, unless quoted or a string
    if word.token_type in parser.TEXT_MATCH_EXCLUDED_TOKENS or (
        word.text.upper() not in parser.USABLES
    ):
        return False
    # `USE WAREHOUSE wh`, `USE SCHEMA warehouse`: a kind and its name
    return i + 2 >= len(tokens) or _no_name(tokens[i + 2], word, starts)


def _no_name(after: Token, word: Token, starts: frozenset[TokenType]) -> bool:
    """Whether `after`, the token after the word, says the word is a name: a `.` continues
    it, or a statement starts on a later line (T-SQL needs no `;`)."""
    return after.token_type is TokenType.DOT or (
        after.token_type in starts and after.line > word.line
    )
