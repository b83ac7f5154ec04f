"""Stored routines in a script (MySQL, Teradata), their bodies analysed as the script's
statements.

MySQL: `CREATE [DEFINER = user] PROCEDURE | FUNCTION [IF NOT EXISTS] name ([IN | OUT | INOUT] p
type, ...) [RETURNS type] [characteristic ...] body`, the body one statement or a compound
`[label:] BEGIN ... END [label]` (in a script, between the client's `DELIMITER` lines:
`mysql_client`). Teradata: `CREATE | REPLACE PROCEDURE name ([IN | OUT | INOUT] p type [FORMAT
'...'], ...) [DYNAMIC RESULT SETS n] [CONTAINS SQL | READS | MODIFIES SQL DATA] [SQL SECURITY
x] body`, and a SQL function's `RETURNS type ... RETURN expr`: the same shape, the body's
control flow the same SQL/PSM words (DECLARE [DEFAULT], handlers, cursors, IF / CASE / WHILE /
FOR / REPEAT / LOOP and labels, LEAVE, ITERATE, SIGNAL); its `SELECT ... INTO v` sets
variables (`statements`), and `CALL DBC.SysExecSQL(...)` is its dynamic SQL (`procedures`).
sqlglot parses neither the header nor the body's control flow. So, like a trigger's
(`triggers`), the header is blanked (a `;` in its first character: the statement before it
ends there), and so are the body's `END [label]` and its control flow, as in any procedure
body (`scripting.control_flow`). The SQL statements left, on their lines, are what the routine
may run, whichever branch it takes.

The routine's parameters and the names its body declares are values, not columns, in the
routine's lines only (`scripting.Routine`): a column of the same name elsewhere in the file
stays a column. A MySQL routine named `db.p` runs with `db` as its current database (MySQL
does an implicit `USE db` when it is invoked), so its body's unqualified names are db's; a
Teradata procedure keeps the default database in effect when it was created (the script's
`DATABASE d`), whatever database holds it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.teradata import Teradata
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.neutral import closing
from engine.lineage.scripting import (
    Branches,
    Routine,
    Script,
    Selected,
    blanked,
    block_end,
    closing_label_at,
    control_flow,
    free_tokens,
    routine_parameters,
    statement_end,
    word_at,
)

# A cheap test before a file is tokenized again: CREATE (Teradata: or REPLACE), then PROCEDURE
# or FUNCTION within a header's reach (`DEFINER = user@host`). Linear: each CREATE looks at most
# 200 characters on.
_MAY_HAVE_ROUTINE = re.compile(
    r"\b(?:create|replace)\b[^;]{0,200}?\b(?:procedure|function)\b", re.I
)
# The words a routine's statement starts with: Teradata's REPLACE PROCEDURE creates or
# replaces (MySQL's REPLACE is an INSERT)
_STARTS = frozenset({"create"})
_TERADATA_STARTS = frozenset({"create", "replace"})
_KINDS = frozenset({"procedure", "function"})
_BEFORE_KIND = frozenset({"or", "replace", "aggregate"})  # MariaDB's OR REPLACE, AGGREGATE
_DEFINER_WITHIN = 8  # tokens from DEFINER to PROCEDURE: `= 'user'@'host'`, `= CURRENT_USER()`
_NAME_WITHIN = 7  # tokens from PROCEDURE to the parameters: `IF NOT EXISTS db . name`
# The first word of a body that is no compound block; a header's characteristics (`READS SQL
# DATA`, `SQL SECURITY INVOKER`, `COMMENT '...'`, `LANGUAGE SQL`) have none of them.
_BODY_STARTS = frozenset({
    "insert", "update", "delete", "replace", "select", "with", "set", "call", "return", "do",
    "truncate", "create", "drop", "alter", "prepare", "execute", "deallocate", "load", "rename",
    "merge", "sel", "ins", "upd", "del", "locking", "collect",  # Teradata's
})
# A RETURNS type's character set (`RETURNS VARCHAR(10) CHARACTER SET LATIN`): no body's SET
_CHARACTER = frozenset({"character", "char"})
# A body that is one IF / CASE / loop statement (it runs past its first `;`) is left as
# written, and so is a header that reaches the statement's end.
_NOT_HANDLED = frozenset({";", "if", "case", "while", "repeat", "loop", "declare"})


def with_routine_bodies(script: Script, dialect: Dialect) -> Script | None:
    """`script` with its routines' headers, `END`s and control flow blanked, and the routines
    (their lines and names); None if it has no routine (most files: a regex says so) or cannot
    be tokenized."""
    text = script.text
    if not _MAY_HAVE_ROUTINE.search(text):
        return None
    try:
        tokens = free_tokens(text, dialect)
    except SqlglotError:
        return None
    types = [t.token_type for t in tokens]
    teradata = isinstance(dialect, Teradata)
    spans: list[tuple[int, int]] = []  # headers and ENDs, both ends included
    blanks: list[tuple[int, int]] = []  # the bodies' control flow, likewise
    ends: tuple[int, ...] = ()  # where a loop's query, kept, ends (`Flow.ends`)
    branches: Branches = ()
    selected: Selected = ()
    routines: list[Routine] = []
    i = 0
    while i < len(tokens):
        found = _routine_at(tokens, types, i, _TERADATA_STARTS if teradata else _STARTS)
        if found is None:
            i += 1
            continue
        body, end, names, database = found
        if teradata:  # it keeps the default database it was created in, not its name's
            database = None
        spans.append((tokens[i].start, tokens[body].start - 1))
        if end is not None:  # a compound body: `END [label]`
            close = end + 1 if closing_label_at(tokens, end + 1) else end
            spans.append((tokens[end].start, tokens[close].end))
            last = end
            flow = control_flow(tokens[body:end], tokens[end].start - 1, True)
        else:  # one statement, up to its `;` (or the file's end)
            stop = statement_end(tokens, body)
            last = min(stop, len(tokens) - 1)
            edge = tokens[stop].start - 1 if stop < len(tokens) else len(text) - 1
            flow = control_flow(tokens[body : stop + 1], edge, True)
        blanks += flow.blanks
        ends += flow.ends
        branches += flow.branches
        selected += flow.selected
        routines.append(Routine(
            tokens[i].line, tokens[last].line, frozenset(names | flow.names) - {""}, database
        ))
        i = last + 1
    if not routines:
        return None
    chars = list(blanked(text, spans + blanks, ends))
    for start, _ in spans:  # the statements before and after end there
        chars[start] = ";"
    return replace(script, text="".join(chars), routines=script.routines + tuple(routines),
                   branches=script.branches + branches, selected=script.selected + selected)


def _routine_at(
    tokens: list[Token], types: list[TokenType], i: int, starts: frozenset[str]
) -> tuple[int, int | None, set[str], exp.Identifier | None] | None:
    """For a routine's `CREATE` (a word of `starts`) at `i`: where its body's first statement
    starts, the `END` closing a compound body (None: a one-statement body), its parameters'
    names and the database its name gives (`db.p`); None if no routine starts at `i`."""
    if word_at(tokens, i) not in starts or (i and tokens[i - 1].token_type != TokenType.SEMICOLON):
        return None
    k = i + 1
    while word_at(tokens, k) in _BEFORE_KIND:
        k += 1
    if word_at(tokens, k) == "definer":
        k = next((j for j in range(k + 1, min(len(tokens), k + _DEFINER_WITHIN))
                  if word_at(tokens, j) in _KINDS | {";"}), len(tokens))
    if word_at(tokens, k) not in _KINDS:
        return None
    # the name, then the parameters: a loadable function (`RETURNS STRING SONAME 'f.so'`) has
    # neither parentheses nor a body
    opening = next((j for j in range(k + 1, min(len(tokens), k + _NAME_WITHIN))
                    if tokens[j].token_type in (TokenType.L_PAREN, TokenType.SEMICOLON)), None)
    if opening is None or tokens[opening].token_type != TokenType.L_PAREN:
        return None
    body = _body_start(tokens, closing(types, opening) + 1)  # None if it is never closed
    if body is None:
        return None
    names = routine_parameters(tokens, k)
    database = _database(tokens[k + 1 : opening])
    if word_at(tokens, body - 1) != "begin":
        return body, None, names, database
    end = block_end(tokens, body)
    return (body, end, names, database) if end is not None else None


def _database(name: list[Token]) -> exp.Identifier | None:
    """`db` of a routine's name `[IF NOT EXISTS] db . p` (backquoted or not)."""
    words = (TokenType.VAR, TokenType.IDENTIFIER)
    if [t.text.lower() for t in name[:3]] == ["if", "not", "exists"]:
        name = name[3:]
    if len(name) != 3 or name[1].token_type is not TokenType.DOT or not all(
        t.token_type in words for t in (name[0], name[2])
    ):
        return None
    return exp.Identifier(this=name[0].text, quoted=name[0].token_type is TokenType.IDENTIFIER)


def _body_start(tokens: list[Token], k: int) -> int | None:
    """The first token of the body after a header's RETURNS and characteristics from `k`:
    after `[label:] BEGIN`, or a statement's first word; None at a `;` first."""
    j = k
    while j < len(tokens):
        word = word_at(tokens, j)
        if word == "returns":  # its type may be a word below (`RETURNS SET('a', 'b')`)
            j += 2
            continue
        if word in _CHARACTER and word_at(tokens, j + 1) == "set":
            j += 3
            continue
        if word == "begin":
            return j + 1 if j + 1 < len(tokens) else None
        labelled = (
            tokens[j].token_type is TokenType.VAR
            and word_at(tokens, j + 1) == ":"
            and word_at(tokens, j + 2) == "begin"
        )
        if labelled:
            return j + 3 if j + 3 < len(tokens) else None
        if word in _BODY_STARTS:
            return j
        if word in _NOT_HANDLED:
            return None
        j += 1
    return None

