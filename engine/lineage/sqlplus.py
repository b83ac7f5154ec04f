"""SQL*Plus's `/` line in an Oracle script: it runs the buffer, so it ends the statement (a
PL/SQL block's, whose own `;`s are inside it, or a SQL statement written without `;`).

A line whose only token is `/` is one (SQL*Plus reads it so wherever it stands: a division is
never split so). It becomes a `;` (its place and the file's lines kept), so it no longer joins
the statements around it as a division. A `/` in a string or a comment is no token: the
tokenizer says which, and a regex on the text gates it.
"""

from __future__ import annotations

import re

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.scripting import free_tokens

_SLASH_LINE = re.compile(r"^[ \t]*/[ \t]*\r?$", re.MULTILINE)


def sqlplus_script(text: str, dialect: Dialect) -> tuple[str, list[Token]] | None:
    """`text` with each `/` line read as a `;`, and its tokens (each such `/` a `;` token in its
    place, so that the triggers need not tokenize it again); None if it has none (most files: a
    regex says so) or cannot be tokenized."""
    if not _SLASH_LINE.search(text):
        return None
    try:
        tokens = free_tokens(text, dialect)
    except SqlglotError:
        return None
    chars: list[str] | None = None
    for i, token in enumerate(tokens):
        if token.token_type != TokenType.SLASH:
            continue
        # by the text between tokens (comments included): a token's `line` is its last line's
        alone_before = i == 0 or "\n" in text[tokens[i - 1].end + 1 : token.start]
        alone_after = i + 1 == len(tokens) or "\n" in text[token.end + 1 : tokens[i + 1].start]
        if alone_before and alone_after:
            chars = chars if chars is not None else list(text)
            chars[token.start] = ";"
            tokens[i] = Token(
                TokenType.SEMICOLON, ";", token.line, token.col, token.start, token.end,
                token.comments,
            )
    return ("".join(chars), tokens) if chars is not None else None
