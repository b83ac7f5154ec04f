"""The mysql client's `DELIMITER` command in a MySQL script.

Procedure and trigger scripts change the statement delimiter so that the `;`s of a body do not
end it: `DELIMITER //`, then `CREATE PROCEDURE ... BEGIN ...; ...; END //`, then `DELIMITER ;`.
The client, not the server, reads these: a line starting with DELIMITER sets the delimiter to
its next word, and until the next such line the client ends a statement wherever that text
stands outside a string or a comment (inside a word too: `END$$`). So each DELIMITER line is
blanked and each delimiter the client would see becomes a `;` (blanks after it: every
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

from engine.lineage.scripting import command_free_tokenizer

_DELIMITER_LINE = re.compile(r"^[ \t]*delimiter[ \t]+(\S+)[^\n]*", re.IGNORECASE | re.MULTILINE)
_QUOTED = frozenset({TokenType.STRING, TokenType.IDENTIFIER})


def with_client_delimiters(text: str, dialect: Dialect) -> str | None:
    """`text` with its DELIMITER lines blanked and every custom delimiter read as `;`; None
    when it has no DELIMITER line (most files: a regex says so) or cannot be tokenized."""
    lines = list(_DELIMITER_LINE.finditer(text))
    if not lines:
        return None
    chars = list(text)
    for line in lines:
        chars[line.start() : line.end()] = " " * (line.end() - line.start())
    blank = "".join(chars)
    try:
        tokens = command_free_tokenizer(type(dialect))(dialect=dialect).tokenize(blank)
    except SqlglotError:
        return None
    starts = [t.start for t in tokens]
    ends = [(line.end(), line.group(1)) for line in lines]
    for k, (begin, delimiter) in enumerate(ends):
        if delimiter == ";":
            continue
        stop = lines[k + 1].start() if k + 1 < len(lines) else len(blank)
        at = blank.find(delimiter, begin, stop)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            if i >= 0 and tokens[i].end >= at and tokens[i].token_type not in _QUOTED:
                chars[at : at + len(delimiter)] = ";" + " " * (len(delimiter) - 1)
                at += len(delimiter)
            else:
                at += 1
            at = blank.find(delimiter, at, stop)
    return "".join(chars)
