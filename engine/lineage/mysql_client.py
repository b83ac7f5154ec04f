"""The mysql client's `DELIMITER` command in a MySQL script.

Procedure and trigger scripts change the statement delimiter so that the `;`s of a body do not
end it: `DELIMITER //`, then `CREATE PROCEDURE ... BEGIN ...; ...; END //`, then `DELIMITER ;`.
The client, not the server, reads these: a line starting with DELIMITER at a statement's start
(not in a string or a comment; first, after a `;` or after a custom delimiter) sets the
delimiter to its next word, and until the next such line the client ends a statement wherever
that text stands outside a string or a comment (inside a word too: `END$$`). So each DELIMITER
line is blanked and each delimiter the client would see becomes a `;` (blanks after it: every
statement keeps its line and column); the bodies' own `;`s are then read as the engine reads
any procedure or trigger body.

Strings, quoted names and comments are told by sqlglot's tokenizer: a delimiter counts where a
token other than a string or quoted name covers it. A regex gates the whole on the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import TokenType

from engine.lineage.scripting import free_tokens

_DELIMITER_LINE = re.compile(
    r"^[ \t]*(delimiter)[ \t]+(\S+)[^\n]*", re.IGNORECASE | re.MULTILINE
)
_QUOTED = frozenset({TokenType.STRING, TokenType.IDENTIFIER})


def with_client_delimiters(text: str, dialect: Dialect) -> str | None:
    """`text` with its DELIMITER lines blanked and every custom delimiter read as `;`; None
    when it has no DELIMITER line (most files: a regex says so) or cannot be tokenized."""
    lines = list(_DELIMITER_LINE.finditer(text))
    if not lines:
        return None
    # Tokenized with each candidate's argument blanked (it may be any text: `$$`, `'`) and its
    # word kept: a token starts at the word unless a string or a comment covers it.
    chars = list(text)
    for line in lines:
        chars[line.start(2) : line.end(2)] = " " * (line.end(2) - line.start(2))
    try:
        tokens = free_tokens("".join(chars), dialect)
    except SqlglotError:
        return None
    chars = list(text)
    starts = [t.start for t in tokens]
    delimiter, begin, ends = ";", 0, set()
    for line in lines:
        if delimiter != ";":  # first: the custom delimiter just before the line ends a statement
            ends |= _mark(text, chars, tokens, starts, delimiter, begin, line.start())
            begin = line.start()
        if not _is_command(line.start(1), tokens, starts, ends):
            continue
        chars[line.start() : line.end()] = " " * (line.end() - line.start())
        delimiter, begin = line.group(2), line.end()
    if delimiter != ";":
        _mark(text, chars, tokens, starts, delimiter, begin, len(text))
    return "".join(chars)


def _is_command(at: int, tokens: list, starts: list[int], ends: set[int]) -> bool:
    """Whether the DELIMITER word at `at` is a client command: the client reads one only at a
    statement's start (first in the file, after a `;` or after a custom delimiter), never in a
    string or a comment, so a column named delimiter stays SQL."""
    i = bisect_right(starts, at) - 1
    if i < 0 or tokens[i].start != at:
        return False
    return i == 0 or tokens[i - 1].token_type is TokenType.SEMICOLON or tokens[i - 1].end in ends


def _mark(
    text: str,
    chars: list[str],
    tokens: list,
    starts: list[int],
    delimiter: str,
    begin: int,
    stop: int,
) -> set[int]:
    """Write `;` over each `delimiter` in `begin:stop` outside a string or quoted name; the
    offsets of their last characters."""
    ends = set()
    at = text.find(delimiter, begin, stop)
    while at >= 0:
        i = bisect_right(starts, at) - 1
        if i >= 0 and tokens[i].end >= at and tokens[i].token_type not in _QUOTED:
            chars[at : at + len(delimiter)] = ";" + " " * (len(delimiter) - 1)
            at += len(delimiter)
            ends.add(at - 1)
        else:
            at += 1
        at = text.find(delimiter, at, stop)
    return ends
