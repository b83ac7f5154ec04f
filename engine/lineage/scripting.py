"""Procedural control flow in a procedure body (Snowflake Scripting, PL/pgSQL), blanked so that
the SQL statements inside it are parsed and analysed like any others.

sqlglot parses SQL statements, not the blocks around them: `DECLARE` sections, `IF ... THEN`,
`FOR r IN ... DO|LOOP`, `WHILE`, `CASE` statements, `EXCEPTION WHEN ... THEN`, `BEGIN`/`END`.
Each of those is replaced by spaces (newlines kept, so every statement keeps its file line and
column), with a block's or loop's label (`name: LOOP`, `END LOOP name`) and a MySQL handler's
conditions (`DECLARE CONTINUE HANDLER FOR NOT FOUND`: the statement it runs stays), and so are
the statements that only move values between variables (`n := ...`, `LET`, `RETURN`,
`OPEN`/`FETCH`/`CLOSE` of a cursor, `RAISE`, `SIGNAL`). A SELECT that sets variables reads its
tables all the same: only an INTO clause sqlglot cannot parse goes (PL/pgSQL's `SELECT INTO v
...`, `INTO STRICT v`, a list `INTO v1, v2`, MySQL's INTO after the FROM), the query stays. What
is left are the statements the body may run, whichever branch it takes: a procedure's lineage
is what it may do. The names it declares (variables, loop records, cursors, a SELECT's INTO
targets) come back too: a reference to one is a value, not a column.

Keywords count only where a statement starts (after `;` or another block keyword), so MERGE's
`WHEN MATCHED THEN` and a CASE expression's `WHEN ... THEN` are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.mysql import MySQL
from sqlglot.dialects.oracle import Oracle
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.sqlite import SQLite
from sqlglot.dialects.teradata import Teradata
from sqlglot.dialects.tsql import TSQL
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import Token, TokenType
from sqlglot.tokens import Tokenizer

from engine.lineage.neutral import closing

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
    "break", "leave", "iterate", "get", "assert", "until", "signal", "resignal",
})
# MySQL's `DECLARE CONTINUE | EXIT | UNDO HANDLER FOR <conditions> <statement>`
_HANDLERS = frozenset({"continue", "exit", "undo"})
_TRANSACTION = frozenset({"transaction", "work", "tran", ";"})
# Teradata's `END TRANSACTION` (ET), and a multi-statement request's `BEGIN REQUEST` and `END
# REQUEST`: no block's
_NO_BLOCK = frozenset({"transaction", "request"})
# After BEGIN: it opens no block; after END: it closes none (`END IF`, ..., `END REQUEST`)
_NOT_BLOCK_BEGINS = _TRANSACTION | _NO_BLOCK
_NOT_BLOCK_ENDS = (_AFTER_END - {"case"}) | _NO_BLOCK
_END_WORDS = _AFTER_END | _NO_BLOCK  # the word after an END that is part of it
# Words that start a statement, so a DECLARE section has ended (BigQuery declares one name per
# DECLARE, with no BEGIN after it): what follows is code, not another declaration.
_STATEMENTS = frozenset({
    "insert", "update", "delete", "merge", "select", "with", "create", "set", "call", "execute",
    "truncate", "drop", "alter", "replace", "copy", "unload", "case", "end", "declare",
}) | _HEADERS.keys() | _ALONE | _NO_WRITES
_TASK_WORDS = frozenset({"or", "replace", "alter"})
_ROUTINE_WORDS = frozenset({"or", "replace", "temp", "temporary", "secure"})
_VARIABLE_WORDS = frozenset({"or", "replace", "variable"})
_PARAMETER_MODES = frozenset({"in", "out", "inout"})


# Dialects whose scripts have control flow outside any routine body (BigQuery scripting,
# Snowflake anonymous blocks and tasks, Databricks compound statements), or a routine body
# that is not a `$$` string (`CREATE PROCEDURE p() BEGIN ... END`). T-SQL's, written without
# `;`, has rules of its own (`tsql_flow`).
_SCRIPTING_DIALECTS = frozenset({"bigquery", "snowflake", "databricks", "spark"})


def _starts(words: frozenset[str]) -> str:
    return "|".join(sorted(words))


# A cheap test before a file is tokenized again: a word that begins control flow, first in the
# file or after a `;`, comments between. A superset (`without_control_flow` knows where
# statements start), and enough: a script's first control-flow word always stands there.
# Possessive quantifiers: a comment line is never backtracked into character by character.
_GAP = r"(?>\s|(?:--|\#|//)[^\n]*+|/\*.*?\*/)*+"
_CONTROL_WORD = (
    rf"(?:{_starts(_HEADERS.keys() | _ALONE | _NO_WRITES | {'declare', 'case'})}"
    rf"|create\s+(?:(?:{_starts(_ROUTINE_WORDS)})\s+)*procedure"
    rf"|(?:create|alter)\s+(?:(?:{_starts(_TASK_WORDS)})\s+)*task)\b"
)
_CONTROL_FIRST = re.compile(_GAP + _CONTROL_WORD, re.IGNORECASE | re.DOTALL)
_CONTROL_AFTER = re.compile(";" + _GAP + _CONTROL_WORD, re.IGNORECASE | re.DOTALL)


# A file (line, column), as `position` gives a token's and `parse.ParsedStatement` a
# statement's.
Position = tuple[int, int]
# Where an arm of control flow begins and ends (its first and last tokens).
Branch = tuple[Position, Position]


class Fork(NamedTuple):
    """Control flow whose arms may or may not run (`branch_values`): an IF's arms (THEN,
    ELSEIF, ELSE), a CASE statement's WHENs, a loop's body, a block's exception handlers, a
    T-SQL CATCH block. `every_path`: one arm always runs (an ELSE; a REPEAT's body)."""

    first: Position
    last: Position
    arms: tuple[Branch, ...]
    every_path: bool


Branches = tuple[Fork, ...]
# The variables (`session.variable_key`) each SELECT whose INTO clause was blanked sets, by
# where the SELECT starts (`position`): what they held before is gone there.
Selected = tuple[tuple[tuple[int, int], frozenset[str]], ...]


def position(token: Token) -> Position:
    """The file (line, column) a keyword's token starts at (sqlglot's `col` is where it ends),
    as `parse.ParsedStatement` gives a statement's."""
    return token.line, token.col - len(token.text) + 1


class Flow(NamedTuple):
    """A body's control flow (`control_flow`): the character spans to blank (both ends
    included), the names it declares, its forks, the variables the SELECTs
    whose INTO clause goes set, and the blanked characters that become a `;` (the end of a
    loop's query, kept before its body: `blanked`)."""

    blanks: list[tuple[int, int]]
    names: set[str]
    branches: Branches
    selected: Selected = ()
    ends: tuple[int, ...] = ()


@dataclass(frozen=True)
class Trigger:
    """A trigger whose body is in a script: the table it fires on, the lines of its body, and
    the names its changed rows go by there (T-SQL's tables `inserted` / `deleted`, or the
    rows `NEW` / `OLD` of SQLite and MySQL: `as_tables` False)."""

    table: str  # as written, in the script's dialect
    first_line: int
    last_line: int
    rows: frozenset[str]
    as_tables: bool


@dataclass(frozen=True)
class Routine:
    """A routine whose body is in a script (MySQL's `CREATE PROCEDURE p(x INT) BEGIN ...
    END`, Teradata's `REPLACE PROCEDURE`): its lines, and the names that are values there, not
    columns (its parameters, the variables, cursors and conditions it declares), and the
    database its name puts it in (MySQL's `db.p`; None: the script's current one), where its
    unqualified names are."""

    first_line: int
    last_line: int
    names: frozenset[str]
    database: exp.Identifier | None = None


@dataclass(frozen=True)
class Script:
    """A body's text with its control flow blanked, the names it declares, and the triggers
    and routines whose bodies it holds (a routine's names are values in its lines only), and
    the lines where a T-SQL batch (`GO`) or a procedure's or trigger's body begins: the
    variables set before it are gone there, the forks whose arms may or may not run (`Fork`),
    and the variables set by the SELECTs whose INTO clause was blanked (`Selected`)."""

    text: str
    names: frozenset[str]
    triggers: tuple[Trigger, ...] = ()
    routines: tuple[Routine, ...] = ()
    batches: tuple[int, ...] = ()
    branches: Branches = ()
    selected: Selected = ()


def routine_at(routines: tuple[Routine, ...], line: int) -> Routine | None:
    """The routine whose body holds file line `line`, if any."""
    return next((r for r in routines if r.first_line <= line <= r.last_line), None)


def file_script(text: str, dialect_name: str | None, dialect: Dialect) -> Script | None:
    """A whole file's text with its control flow blanked, in the dialects whose scripts have
    it outside routine bodies (a Postgres script's psql meta-commands: `psql`; SQLite, MySQL
    and Oracle triggers: `triggers`; Oracle's `/` lines: `sqlplus`; the mysql client's
    DELIMITER lines: `mysql_client`; MySQL and Teradata stored routines: `stored_routines`;
    Teradata's BTEQ commands: `bteq`); None if there is none
    to blank (most files: a regex says so without tokenizing) or the file cannot be
    tokenized."""
    if isinstance(dialect, TSQL):
        from engine.lineage.tsql_flow import tsql_script  # it builds on this module

        return tsql_script(text, dialect)
    if isinstance(dialect, (MySQL, SQLite, Oracle)):  # triggers, if any, once statements end
        from engine.lineage.triggers import row_triggers  # they build on this module

        ended, tokens = None, None  # the text with its client's statement ends read as `;`s
        if isinstance(dialect, MySQL):  # the client's DELIMITER lines
            from engine.lineage.mysql_client import with_client_delimiters

            ended = with_client_delimiters(text, dialect)
        elif isinstance(dialect, Oracle):  # SQL*Plus's `/` lines
            from engine.lineage.sqlplus import sqlplus_script

            ended, tokens = sqlplus_script(text, dialect) or (None, None)
        script = row_triggers(ended if ended is not None else text, dialect, tokens)
        if isinstance(dialect, MySQL):  # stored routines' `BEGIN ... END` bodies
            from engine.lineage.stored_routines import with_routine_bodies

            base = script or Script(ended if ended is not None else text, frozenset())
            script = with_routine_bodies(base, dialect) or script
        return script if script is not None or ended is None else Script(ended, frozenset())
    if isinstance(dialect, Postgres):  # psql's meta-commands, if any
        from engine.lineage.psql import psql_script  # it builds on this module

        psql = psql_script(text, dialect)
        return Script(psql, frozenset()) if psql is not None else None
    if isinstance(dialect, Teradata):  # BTEQ's dot commands, then stored procedures, if any
        from engine.lineage.bteq import bteq_script
        from engine.lineage.stored_routines import with_routine_bodies

        bteq = bteq_script(text)
        base = Script(bteq if bteq is not None else text, frozenset())
        return with_routine_bodies(base, dialect) or (base if bteq is not None else None)
    if dialect_name not in _SCRIPTING_DIALECTS:
        return None
    if not (_CONTROL_FIRST.match(text) or _CONTROL_AFTER.search(text)):
        return None
    return without_control_flow(text, dialect)


def body_script(text: str, dialect: Dialect) -> Script | None:
    """A procedure body's or dynamic SQL's text with its control flow blanked: T-SQL's by its
    own rules (`tsql_flow`; None if it has none), any other by `without_control_flow`."""
    if isinstance(dialect, TSQL):
        from engine.lineage.tsql_flow import tsql_script  # it builds on this module

        return tsql_script(text, dialect)
    return without_control_flow(text, dialect)


def without_control_flow(text: str, dialect: Dialect) -> Script | None:
    """Return `text` with its procedural control flow blanked (see the module docstring), or
    None if it cannot be tokenized (an unterminated string: the caller reads it as it is)."""
    try:
        tokens = free_tokens(text, dialect)
    except SqlglotError:
        return None
    flow = control_flow(tokens, len(text) - 1)
    return Script(blanked(text, flow.blanks, flow.ends), frozenset(flow.names),
                  branches=flow.branches, selected=flow.selected)


def control_flow(tokens: list[Token], last: int, one_per_declare: bool = False) -> Flow:
    """The control flow among `tokens`, a body's whose last character is at `last`: what to
    blank, the names it declares (`without_control_flow`) and its branches.
    `one_per_declare`: each DECLARE declares one item (MySQL), so what follows its `;` is a
    statement whatever its first word (`PREPARE`, `COMMIT`), not a PL/pgSQL section's next
    declaration."""
    blanks: list[tuple[int, int]] = []
    names: set[str] = set()
    selected: list[tuple[tuple[int, int], frozenset[str]]] = []
    ends: list[int] = []
    blocks = _Blocks()
    i, declaring = 0, False
    while i < len(tokens):
        token = tokens[i]
        word = word_at(tokens, i)
        held: tuple[int, int] | None = None  # the query a cursor or a variable holds
        handler = word in _HANDLERS and word_at(tokens, i + 1) == "handler"
        label = _label_at(tokens, i)
        declaring = declaring and word not in _STATEMENTS and not handler and not label
        if not declaring:
            blocks.see(tokens, i, word)
        if declaring:  # `name type [DEFAULT ...];` or a cursor
            names.update(_declared_names(tokens, i))
            end = statement_end(tokens, i)
            held = _held_query(tokens, i, end, declared=True)
            declaring = not one_per_declare
        elif handler:  # its conditions go; the statement it runs stays, a BEGIN block's too
            end = _handler_action(tokens, i)
        elif label:  # `name:` before a block or a loop (MySQL, BigQuery, Databricks)
            end = i + 2
        elif word == "declare":
            declaring, end = True, i + 1
        elif word in _HEADERS:
            if word == "for":
                names.add(word_at(tokens, i + 1))
            end = _header_end(tokens, i, _HEADERS[word])
            rows = _loop_query(tokens, i, end - 1) if word == "for" and end else None
            if rows is not None:  # the query stays, ended where its DO / LOOP was
                blanks += _around(tokens, token, rows, end, last)
                ends.append(tokens[end - 1].start)
                i = end
                continue
        elif word == "create" and _routine_at(tokens, i):
            # `CREATE PROCEDURE p(x INT64) [OPTIONS(...)] BEGIN ...` written without `$$`
            # (BigQuery, Snowflake Scripting, Databricks): the header goes, the body stays
            names.update(routine_parameters(tokens, i))
            end = _header_end(tokens, i, ("begin", "declare")) - 1
        elif word in ("create", "alter") and _task_at(tokens, i):
            # Snowflake `CREATE TASK t WAREHOUSE = w SCHEDULE = '...' AS <statement>`: what
            # the task runs is its lineage; the header goes (`ALTER TASK t RESUME`, `CREATE
            # TASK t CLONE s`: no AS, nothing runs, the whole statement goes)
            end = _task_body(tokens, i)
        elif word == "case":  # a CASE statement: its operand, up to the first WHEN
            end = _header_end(tokens, i, ("when",)) - 1
        elif word == "begin" and word_at(tokens, i + 1) in _TRANSACTION:
            end = 0  # a transaction's BEGIN: SQL
        elif word == "begin" and word_at(tokens, i + 1) == "request":
            end = i + 2  # its statements are the body's
        elif word in _ALONE:
            declaring, end = False, i + 1
        elif word == "end":
            end = i + 2 if word_at(tokens, i + 1) in _END_WORDS else i + 1
            if closing_label_at(tokens, end):  # `END LOOP name;`, `END name;`
                end += 1
        elif token.token_type is TokenType.SELECT and not _is_assignment(tokens, i):  # (SEL)
            end = statement_end(tokens, i)
            into = _into_variables(tokens, i, end)
            if into is not None:  # an INTO clause sqlglot cannot parse: it goes, the query
                first, last, keys = into  # stays (it reads its tables as a SELECT does)
                names.update(k for k in keys if not k.startswith("@"))  # `@v`: no column
                selected.append((position(token), frozenset(keys)))
                blanks.append((tokens[first].start, tokens[last].end))
            i = end + 1
            continue
        elif word == "until":  # `UNTIL cond END REPEAT`: the END closes the REPEAT's fork
            end = _until_end(tokens, i)
        elif word in _NO_WRITES or _is_assignment(tokens, i):
            end = statement_end(tokens, i)
            held = _held_query(tokens, i, end, declared=False)
            if word == "let" or _is_assignment(tokens, i):
                name = word_at(tokens, i + 1) if word == "let" else word
                names.add(name)
                if held is not None:  # what it held before is gone there
                    selected.append((position(tokens[held[0]]), frozenset({name})))
        else:
            end = 0
        if held is not None:  # only the query's wrapper goes: the query runs, a read
            blanks += _around(tokens, token, held, end, last)
            i = end + 1
            continue
        if end <= i:  # a SQL statement: on to its end
            i = statement_end(tokens, i) + 1
            continue
        # up to the next token: what lies between (spaces, comments) goes with the header
        stop = tokens[end].start - 1 if end < len(tokens) else last
        blanks.append((token.start, stop))
        i = end + 1 if end < len(tokens) and word_at(tokens, end) == ";" else end
    names.discard("")
    return Flow(blanks, names, blocks.branches(position(tokens[-1]) if tokens else (0, 0)),
                tuple(selected), tuple(ends))


def _around(
    tokens: list[Token], first: Token, query: tuple[int, int], end: int, last: int
) -> list[tuple[int, int]]:
    """The character spans of a statement starting at `first` and ending before token `end`
    (`last`: the body's last character) around the tokens `query` it keeps."""
    stop = tokens[end].start - 1 if end < len(tokens) else last
    return [(first.start, tokens[query[0]].start - 1), (tokens[query[1]].end + 1, stop)]


class _Open:
    """A block or a fork being read (`_Blocks`)."""

    def __init__(self, kind: str, first: Position, arm: Position | None) -> None:
        self.kind = kind  # "begin" (a block), or the keyword of a fork
        self.first = first
        self.arm = arm  # where the arm being read began (None: before a CASE's first WHEN)
        self.arms: list[Branch] = []
        self.every_path = kind == "repeat"  # (a REPEAT's body runs at least once)

    def next_arm(self, at: Position) -> None:
        if self.arm is not None:
            self.arms.append((self.arm, at))
        self.arm = at

    def fork(self, last: Position) -> Fork:
        self.next_arm(last)
        return Fork(self.first, last, tuple(self.arms), self.every_path)


class _Blocks:
    """The blocks open at a statement's start, to find the forks (`Flow.branches`): what an
    IF, a CASE statement, a loop or an exception handler runs may or may not run."""

    def __init__(self) -> None:
        self.open: list[_Open] = []
        self.found: list[Fork] = []

    def see(self, tokens: list[Token], i: int, word: str) -> None:
        """Note the control-flow keyword `word` at token `i`, where a statement starts."""
        at = position(tokens[i])
        top = self.open[-1] if self.open else None
        if word in ("if", "while", "for", "foreach", "loop", "repeat"):
            self.open.append(_Open(word, at, at))
        elif word in ("case", "exception"):  # its arms begin at its WHENs
            self.open.append(_Open(word, at, None))
        elif word == "begin" and word_at(tokens, i + 1) not in _NOT_BLOCK_BEGINS:
            self.open.append(_Open(word, at, None))
        elif word in ("else", "elseif", "elsif", "when") and top and top.kind != "begin":
            top.next_arm(at)
            top.every_path = top.every_path or word == "else"
        elif word == "end" and word_at(tokens, i + 1) in _AFTER_END:  # `END IF`, `END LOOP`
            if top and top.kind != "begin":
                self.found.append(self.open.pop().fork(at))
        elif word == "end" and word_at(tokens, i + 1) in _NO_BLOCK:
            pass  # its BEGIN opened none
        elif word == "end" and top and top.kind == "case":  # Snowflake's `END;`
            self.found.append(self.open.pop().fork(at))
        elif word == "end":  # a block's: its exception handlers end with it
            while self.open:
                block = self.open.pop()
                if block.kind == "begin":
                    break
                self.found.append(block.fork(at))

    def branches(self, last: Position) -> Branches:
        """The forks seen, those left open running to `last`."""
        unclosed = [block.fork(last) for block in self.open if block.kind != "begin"]
        return tuple(sorted(self.found + unclosed))


@lru_cache(maxsize=None)
def command_free_tokenizer(dialect: type[Dialect]) -> type[Tokenizer]:
    """The dialect's tokenizer with no commands: sqlglot's takes the rest of a statement that
    starts with a word it cannot parse (BigQuery `WHILE`, `DECLARE`) as one string, which would
    hide the `DO` or the `;` that a block header runs to."""
    return type("ScriptTokenizer", (dialect.tokenizer_class,), {"COMMANDS": set()})


def free_tokens(text: str, dialect: Dialect) -> list[Token]:
    """`text`'s tokens by `dialect`'s `command_free_tokenizer`; raises what tokenizing raises."""
    return command_free_tokenizer(type(dialect))(dialect=dialect).tokenize(text)


def _declared_names(tokens: list[Token], i: int) -> set[str]:
    """The names declared by `a [, b ...] type ...` at `i` (Databricks: `[OR REPLACE]
    VARIABLE a ...`)."""
    while word_at(tokens, i) in _VARIABLE_WORDS and i + 1 < len(tokens):
        i += 1
    names = {tokens[i].text.lower()}
    while i + 2 < len(tokens) and tokens[i + 1].token_type == TokenType.COMMA:
        i += 2
        names.add(tokens[i].text.lower())
    return names


def _label_at(tokens: list[Token], i: int) -> bool:
    """A block's or loop's label at `i`: a plain name and a colon, where a statement starts
    (not PL/SQL's `IF :n.c > 0`, a bind variable after a keyword)."""
    return (
        tokens[i].token_type is TokenType.VAR
        and keyword(tokens[i]) not in _STATEMENTS
        and i + 1 < len(tokens)
        and tokens[i + 1].token_type is TokenType.COLON
    )


def closing_label_at(tokens: list[Token], k: int) -> bool:
    """The label after an END at `k` (`END LOOP name;`, `END name;`): a plain name, then the
    statement's end."""
    return (
        k < len(tokens)
        and tokens[k].token_type is TokenType.VAR
        and (k + 1 == len(tokens) or tokens[k + 1].token_type is TokenType.SEMICOLON)
    )


def _handler_action(tokens: list[Token], i: int) -> int:
    """Where the statement of the MySQL handler declared at `i` (`CONTINUE HANDLER FOR
    cond [, cond ...] statement`) starts; a condition is `SQLSTATE [VALUE] 'xxxxx'`, `NOT
    FOUND`, `SQLWARNING`, `SQLEXCEPTION`, an error number or a condition's name."""
    k = i + 3  # after `<kind> HANDLER FOR`
    while k < len(tokens):
        word = word_at(tokens, k)
        if word == "sqlstate":
            k += 3 if word_at(tokens, k + 1) == "value" else 2
        elif word == "not":  # NOT FOUND
            k += 2
        else:
            k += 1
        if k >= len(tokens) or tokens[k].token_type is not TokenType.COMMA:
            return k
        k += 1
    return k


def _until_end(tokens: list[Token], i: int) -> int:
    """Where the condition of the UNTIL at `i` ends: at its `END REPEAT`, else at the `;`."""
    stop = statement_end(tokens, i)
    return next((k for k in range(i + 1, stop)
                 if word_at(tokens, k) == "end" and word_at(tokens, k + 1) == "repeat"), stop)


def _routine_at(tokens: list[Token], i: int) -> bool:
    """`CREATE [OR REPLACE] [TEMP] PROCEDURE` at `i`."""
    k = i + 1
    while word_at(tokens, k) in _ROUTINE_WORDS:
        k += 1
    return word_at(tokens, k) == "procedure"


def _task_at(tokens: list[Token], i: int) -> bool:
    """`CREATE [OR REPLACE | OR ALTER] TASK` or `ALTER TASK` at `i`."""
    k = i + 1
    while word_at(tokens, k) in _TASK_WORDS:
        k += 1
    return word_at(tokens, k) == "task"


def _task_body(tokens: list[Token], i: int) -> int:
    """Where the statement a task runs starts: after the first AS outside parentheses (a WHEN
    condition may hold `CAST(x AS INT)`); if it has none, where the statement ends."""
    depth = 0
    for k in range(i + 1, len(tokens)):
        kind = tokens[k].token_type
        if kind == TokenType.L_PAREN:
            depth += 1
        elif kind == TokenType.R_PAREN:
            depth -= 1
        elif kind == TokenType.SEMICOLON:
            return k
        elif depth == 0 and word_at(tokens, k) == "as":
            return k + 1
    return len(tokens)


def routine_parameters(tokens: list[Token], i: int) -> set[str]:
    """The parameter names of the routine whose header starts at `i`: the first word of each
    item in the first parenthesised list (`IN`/`OUT`/`INOUT` skipped)."""
    names: set[str] = set()
    depth, expect = 0, False
    for k in range(i + 1, len(tokens)):
        kind = tokens[k].token_type
        if kind == TokenType.L_PAREN:
            depth += 1
            expect = depth == 1
        elif kind == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                break
        elif kind == TokenType.SEMICOLON:
            break
        elif depth == 1 and kind == TokenType.COMMA:
            expect = True
        elif expect and tokens[k].text.lower() not in _PARAMETER_MODES:
            names.add(tokens[k].text.lower())
            expect = False
    return names


def command_text(tree: exp.Expr) -> str:
    """The text after a command's keyword (sqlglot keeps a literal or, for CREATE, a str);
    "" for anything but a command."""
    if not isinstance(tree, exp.Command):
        return ""
    text = tree.expression
    return text.name if isinstance(text, exp.Literal) else text if isinstance(text, str) else ""


def keyword(token: Token) -> str:
    """A word's text in lowercase, to compare with keywords; a quoted name or string is none."""
    if token.token_type in (TokenType.STRING, TokenType.IDENTIFIER):
        return ""
    return token.text.lower()


def word_at(tokens: list[Token], i: int) -> str:
    """Token `i` as a keyword (`keyword`); "" past either end of the tokens."""
    return keyword(tokens[i]) if 0 <= i < len(tokens) else ""


# What a query starts with (inside its parentheses, if any)
_QUERY_STARTS = frozenset({"select", "with"})


def _held_query(tokens: list[Token], i: int, end: int, declared: bool) -> tuple[int, int] | None:
    """The query that the statement or declaration at `i` (ending at `end`, `statement_end`)
    runs to fill a cursor or a variable: `c [SCROLL] CURSOR [(args)] FOR|IS <query>` (a
    DECLARE's item, Snowflake's `LET`), `OPEN c FOR <query>`, `RETURN QUERY <query>` (PL/pgSQL),
    `res RESULTSET {DEFAULT | :=} (<query>)`, and, unless `declared` (a DECLARE's scalar item,
    BigQuery's read where it is used: `variable_queries`), `[LET] v [type] {DEFAULT | :=}
    (<query>)`. Its first and last token (parentheses around it left out); None if it holds
    none (a value, a result set's name, `EXECUTE ...`)."""
    word = word_at(tokens, i)
    if word == "return":  # `RETURN QUERY <query>`, `RETURN (<query>)`
        return _query_in(tokens, i + 2 if word_at(tokens, i + 1) == "query" else i + 1, end)
    cursor = resultset = False
    depth = 0
    for k in range(i + 1, end):
        kind = tokens[k].token_type
        depth += (kind is TokenType.L_PAREN) - (kind is TokenType.R_PAREN)
        if depth or kind is TokenType.R_PAREN:  # a cursor's parameters, a type's precision
            continue
        found = word_at(tokens, k)
        cursor = cursor or found == "cursor"
        resultset = resultset or found == "resultset"
        if found == "for" and (cursor or word == "open") or found == "is" and cursor:
            return _query_in(tokens, k + 1, end)
        if kind is TokenType.COLON_EQ or found == "default":
            return _query_in(tokens, k + 1, end) if resultset or not declared else None
    return None


def _loop_query(tokens: list[Token], i: int, stop: int) -> tuple[int, int] | None:
    """The query whose rows the FOR loop at `i` runs over, its header ending at the DO / LOOP
    at `stop`: `FOR r IN [(]<query>[)]` (Snowflake, BigQuery, PL/pgSQL), Teradata's `FOR r
    AS c CURSOR FOR <query>`, Databricks' `FOR [r AS] <query>`. None over a cursor's or a
    result set's name, a range (`1 TO n`, `1..n`), `EXECUTE ...`."""
    depth = 0
    for k in range(i + 1, stop):
        kind = tokens[k].token_type
        if depth == 0 and (k == i + 1 or word_at(tokens, k - 1) in ("in", "as", "for")):
            query = _query_in(tokens, k, stop)
            if query is not None:
                return query
        depth += (kind is TokenType.L_PAREN) - (kind is TokenType.R_PAREN)
    return None


def _query_in(tokens: list[Token], k: int, stop: int) -> tuple[int, int] | None:
    """The first and last token of the query that is all of tokens `k` .. `stop - 1`
    (`SELECT ...`, `WITH ...`, `(SELECT ...) UNION (SELECT ...)`), the parentheses around all
    of it left out, or of a value's first parenthesised query (`(SELECT ...) + 1`); None if
    they hold anything else."""
    last = min(stop, len(tokens)) - 1
    types = [t.token_type for t in tokens[k : last + 1]]
    while k < last and types[0] is TokenType.L_PAREN and closing(types, 0) == len(types) - 1:
        k, last, types = k + 1, last - 1, types[1:-1]  # `(<query>)`: its parentheses go
    opening = k
    while opening < last and tokens[opening].token_type is TokenType.L_PAREN:
        opening += 1
    if opening > k:  # `(<query>) UNION ...`; of `(<query>) + 1`, a value, its query
        close = k + closing(types, 0)
        if close < last and word_at(tokens, close + 1) not in _AFTER_QUERY:
            return _query_in(tokens, k + 1, close)
    return (k, last) if k <= last and word_at(tokens, opening) in _QUERY_STARTS else None


# What may follow a parenthesised query in a query (`(SELECT ...) UNION (SELECT ...)`)
_AFTER_QUERY = frozenset({"union", "intersect", "except", "minus", "order", "limit"})


def _is_assignment(tokens: list[Token], i: int) -> bool:
    """`n := ...` (PL/pgSQL, Snowflake Scripting)."""
    return i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.COLON_EQ


def statement_end(tokens: list[Token], i: int) -> int:
    """The position of the `;` ending the statement at `i`; with none, `len(tokens)` (one past
    the last token: a caller that wants the last token takes `min` with its index)."""
    for k in range(i, len(tokens)):
        if tokens[k].token_type == TokenType.SEMICOLON:
            return k
    return len(tokens)


def _into_variables(
    tokens: list[Token], i: int, end: int
) -> tuple[int, int, set[str]] | None:
    """The INTO clause of the SELECT at `i` (ending at `end`, `statement_end`) if it sets
    variables in a form sqlglot cannot parse: PL/pgSQL's `SELECT INTO [STRICT] v ...` (INTO
    first) and `INTO STRICT v`, a list `INTO v1, v2` (`:v`, `@v` too), MySQL's INTO after the
    FROM (`SELECT ... FROM t [WHERE ...] INTO v [FOR UPDATE]`). Returns the clause's first and
    last token and the variables it sets (`session.variable_key`); None for any other SELECT
    (a lone `INTO v` before FROM, which the parser reads: a table or variables by the dialect
    and where it stands)."""
    if word_at(tokens, i + 1) == "into":
        first, after_from = i + 1, False
    else:
        if not any(t.token_type is TokenType.INTO for t in tokens[i + 1 : end]):
            return None  # most SELECTs: no INTO at all
        depth, first, after_from = 0, 0, False
        for j in range(i + 1, min(end, len(tokens))):
            kind = tokens[j].token_type
            depth += (kind is TokenType.L_PAREN) - (kind is TokenType.R_PAREN)
            after_from = after_from or (depth == 0 and kind is TokenType.FROM)
            if depth == 0 and kind is TokenType.INTO:
                first = j
                break
        if not first:
            return None
    strict = word_at(tokens, first + 1) == "strict"
    k = first + 1 + strict
    names: set[str] = set()
    count = 0
    while k < end:
        last, name = _variable_at(tokens, k, end)
        if last is None:
            return None  # `INTO OUTFILE '...'`: no variable
        names.add(name)
        count += 1
        if last + 1 < end and tokens[last + 1].token_type is TokenType.COMMA:
            k = last + 2
            continue
        if first == i + 1 or strict or count > 1 or after_from:
            return first, last, names
        return None
    return None


def _variable_at(tokens: list[Token], k: int, end: int) -> tuple[int | None, str]:
    """The last token of the variable an INTO names at `k` (`v`, `r.f`, Snowflake's `:v`,
    MySQL's `@v`), and its key (`session.variable_key`: `@v` for a user variable, else the
    lowercase name, a record's for `r.f`); (None, "") if there is no variable there."""
    user = k < end and tokens[k].token_type is TokenType.PARAMETER
    if user or k < end and tokens[k].token_type is TokenType.COLON:
        k += 1
    if k >= end or keyword(tokens[k]) in _NOT_VARIABLES or not (
        tokens[k].token_type is TokenType.IDENTIFIER or keyword(tokens[k]).isidentifier()
    ):  # a string, a parenthesis
        return None, ""
    name = tokens[k].text.lower()
    while k + 2 < end and tokens[k + 1].token_type is TokenType.DOT:
        k += 2
    return k, "@" + name if user else name


# What follows a MySQL INTO that names no variable
_NOT_VARIABLES = frozenset({"outfile", "dumpfile"})


def block_end(tokens: list[Token], k: int) -> int | None:
    """The END closing the BEGIN before `k` (CASE ... END and inner blocks skipped; MySQL's
    `END IF`, `END LOOP`, ..., Teradata's `END FOR` end no block); None if none does."""
    depth, j = 0, k
    while j < len(tokens):
        word = word_at(tokens, j)
        if word == "case" or word == "begin" and word_at(tokens, j + 1) not in _NOT_BLOCK_BEGINS:
            depth += 1
        elif word == "end" and word_at(tokens, j + 1) not in _NOT_BLOCK_ENDS:
            if depth == 0:
                return j
            depth -= 1
            j += word_at(tokens, j + 1) == "case"  # `END CASE` closes a CASE, opens none
        j += 1
    return None


def _header_end(tokens: list[Token], i: int, ends: tuple[str, ...]) -> int:
    """One past the keyword that ends the header starting at `i`; CASE ... END inside the
    header (`IF CASE WHEN ... THEN ... END = 1 THEN`) is skipped. No such keyword: 0 (the
    statement is left as written)."""
    depth = 0
    for k in range(i + 1, len(tokens)):
        word = word_at(tokens, k)
        if word == "case":
            depth += 1
        elif word == "end" and depth:
            depth -= 1
        elif depth == 0 and word in ends:
            return k + 1
        elif word == ";":
            return 0
    return 0


def blanked(text: str, spans: list[tuple[int, int]], ends: tuple[int, ...] = ()) -> str:
    """`text` with each span's characters replaced by spaces, its newlines kept, and a `;` at
    each of `ends` (`Flow.ends`)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for k in range(start, end + 1):
            if chars[k] != "\n":
                chars[k] = " "
    for k in ends:
        chars[k] = ";"
    return "".join(chars)
