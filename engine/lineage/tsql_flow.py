"""T-SQL scripts as they are written: control flow blanked, statement boundaries written in.

SQL Server needs no `;` between statements, and sqlglot parses T-SQL's blocks only where `;`
cut the statements (`IF cond BEGIN stmt; ... END`). In a script without them, `IF @x > 0
INSERT ...` right after another statement, `ELSE`, a bare `BEGIN ... END`, `PRINT`,
`RAISERROR(...)` or a procedure's `AS BEGIN ... END` fail to parse, and every statement of the
chunk is lost. Here each piece of control flow is replaced by spaces (newlines kept, so every
statement keeps its file line and column) with a `;` in its first character, so that the
statements before and after it are cut there:

- `IF <cond>` and `WHILE <cond>` up to where their statement begins (a statement word outside
  parentheses and CASE), `ELSE`, `BEGIN`/`END` [`TRY`|`CATCH`]: the statements of every branch
  are analysed. A condition's subqueries are not reads: they decide whether a statement runs,
  not what it writes (as with sqlglot's own IF blocks).
- Statements that write no table: `PRINT`, `RAISERROR`, `THROW`, `RETURN`, `WAITFOR`, `GOTO`
  and its label, `BREAK`, `CONTINUE`, `UPDATE STATISTICS`, a transaction's `BEGIN TRAN`,
  `COMMIT`, `ROLLBACK`, `SAVE TRAN`, a cursor's `OPEN`, `FETCH`, `CLOSE`, `DEALLOCATE`.
- `GO`, the batch separator.
- A procedure's header, `CREATE [OR ALTER] PROC[EDURE] name @params [WITH ...] AS`: its body
  is the batch's statements.
- A DML trigger's header, `CREATE [OR ALTER] TRIGGER name ON t [WITH ...] {FOR | AFTER |
  INSTEAD OF} INSERT, UPDATE ... AS`, likewise; the body's `inserted` and `deleted` are the
  rows of t that changed, so the script says where the body is (`Trigger`) and `triggers`
  reads them as t.

A function (it returns a value) is left as written to the end of its batch (`GO`). SQL
statements are left to the parser, which cuts two of them where the second begins
(`parse.py`).
"""

from __future__ import annotations

import bisect
import re

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.scripting import (
    Branches,
    Fork,
    Position,
    Script,
    Trigger,
    blanked,
    free_tokens,
    keyword,
    position,
)

# Words that begin a statement: a condition or a statement that writes nothing ends before one.
_SQL_STARTS = frozenset(
    "select insert update delete merge with create drop alter truncate exec execute set declare"
    " use grant revoke deny bulk dbcc go rename".split()
)
_CONDITIONS = frozenset({"if", "while"})
# Statements that write no table, each up to the next statement word.
_CURSORS = frozenset({"open", "fetch", "close", "deallocate"})
_NO_WRITES = frozenset(
    {"print", "raiserror", "throw", "return", "waitfor", "goto", "update statistics"}
) | _CURSORS
_ALONE = frozenset({"else", "break", "continue"})
_TRANSACTION_ENDS = frozenset({"commit", "rollback", "save"})
_TRANSACTION = frozenset({"tran", "transaction", "work", "distributed"})
_BLOCK = frozenset({"try", "catch"})
_STATEMENT_WORDS = (
    _SQL_STARTS | _CONDITIONS | _NO_WRITES | _ALONE | _TRANSACTION_ENDS | {"begin", "end"}
)
# `DROP TABLE IF EXISTS t`, `ALTER TABLE t DROP COLUMN IF EXISTS c`: that IF is no condition.
_OBJECT_KINDS = frozenset(
    "table view procedure proc function index schema trigger sequence type synonym database"
    " user role default rule statistics column constraint".split()
)
_ROUTINE_WORDS = frozenset({"or", "alter"})
# The words control flow starts with (a GOTO label aside): only they are looked at closely.
# A cursor's only where one is declared: `open` and `close` are columns of a price table.
_FIRST_WORDS = (_CONDITIONS | _NO_WRITES | _ALONE | _TRANSACTION_ENDS
                | {"begin", "end", "create", "alter"})
_CURSOR = re.compile(r"\bcursor\b", re.IGNORECASE)

# A cheap test before a file is tokenized again: a control-flow word first on a line or after
# a `;`, or a procedure (its `AS BEGIN` may share the header's line). ELSE and END only follow
# one of those; a cursor's statements its DECLARE.
_FLOW_WORDS = (_CONDITIONS | (_NO_WRITES - _CURSORS)
               | {"begin", "break", "continue", "commit", "rollback", "save"})
_FLOW_PATTERN = "|".join(sorted(_FLOW_WORDS)).replace(" ", r"\s+")  # `update statistics`
_MAY_HAVE_FLOW = re.compile(
    rf"(?:^|;)[ \t]*(?:{_FLOW_PATTERN})\b"
    r"|\b(?:create|alter)\s+(?:or\s+alter\s+)?(?:proc(?:edure)?|trigger)\b"
    r"|;\s*go\b",  # sqlglot's tokenizer takes what follows a `GO` after `;` as its text
    re.IGNORECASE | re.MULTILINE,
)


def tsql_script(text: str, dialect: Dialect) -> Script | None:
    """Return a T-SQL file's text with its control flow blanked (see the module docstring), or
    None when it has none (most files: a regex says so without tokenizing) or cannot be
    tokenized."""
    # (dynamic SQL's text starts with a newline per file line before it: not searched)
    if not _MAY_HAVE_FLOW.search(text, len(text) - len(text.lstrip("\n"))):
        return None
    try:
        tokens = free_tokens(text, dialect)
    except SqlglotError:
        return None
    first = _FIRST_WORDS if _CURSOR.search(text) else _FIRST_WORDS - _CURSORS
    spans = _control_flow(tokens, first)
    if not spans:
        return None
    out = blanked(text, [(tokens[i].start, _stop(tokens, end, text)) for i, end in spans])
    chars = list(out)
    for i, _ in spans:  # a `;` where each piece of control flow was: statements end there
        chars[tokens[i].start] = ";"
    triggers = [_trigger(tokens, i, end, text) for i, end in spans if _routine(tokens, i)]
    batches = tuple(
        tokens[i].line for i, _ in spans
        if _word(tokens, i) == "go" or _routine(tokens, i) in ("proc", "procedure", "trigger")
    )
    return Script(
        "".join(chars), frozenset(), tuple(t for t in triggers if t is not None), (), batches,
        _forks(tokens, spans),
    )


def _forks(tokens: list[Token], spans: list[tuple[int, int]]) -> Branches:
    """The forks among the control flow `spans` (`_control_flow`): each IF (the statement or
    block it runs, and its ELSE's: one of them always runs), each WHILE (its body), each
    `BEGIN CATCH ... END CATCH`."""
    found: list[Fork] = []
    starts = [start for start, _ in spans]
    index = {start: j for j, start in enumerate(starts)}

    def construct(j: int) -> tuple[Position, int]:
        # the IF or WHILE of span j: where it ends, and the first span after it
        i, k = spans[j]
        if k >= len(tokens):
            return position(tokens[i]), j + 1
        last, after = arm(k)
        arms = [(position(tokens[k]), last)]
        every_path = False
        orelse = after < len(spans) and _word(tokens, starts[after]) == "else"
        if orelse and _word(tokens, i) == "if":
            k = spans[after][1]
            if k < len(tokens):
                last, after = arm(k)
                arms.append((position(tokens[k]), last))
                every_path = True
        found.append(Fork(position(tokens[i]), last, tuple(arms), every_path))
        return last, after

    def arm(k: int) -> tuple[Position, int]:
        # the arm starting at token k: a block, another IF or WHILE, or one statement
        j = index.get(k)
        if j is None:  # a statement: the arm ends where it begins, as far as statements go
            return position(tokens[k]), bisect.bisect_right(starts, k)
        word = _word(tokens, k)
        if word in _CONDITIONS:
            return construct(j)
        if word == "begin" and _word(tokens, k + 1) not in _TRANSACTION:
            return block(j)
        return position(tokens[k]), j + 1

    def block(j: int) -> tuple[Position, int]:
        # the block whose BEGIN is span j (the forks in it found): its END, the span after
        depth = 0
        while j < len(spans):
            i = starts[j]
            word, after = _word(tokens, i), _word(tokens, i + 1)
            if word == "go":
                return position(tokens[i]), j
            if word in _CONDITIONS:
                _, j = construct(j)
                continue
            if word == "begin" and after == "catch" and depth:  # a CATCH inside the block
                last, j = block(j)
                found.append(_catch(tokens[i], last))
                continue
            if word == "begin" and after not in _TRANSACTION:
                depth += 1
            elif word == "end":
                depth -= 1
                if depth <= 0:
                    return position(tokens[i]), j + 1
            j += 1
        return position(tokens[-1]), j

    j = 0
    while j < len(spans):
        i = starts[j]
        if _word(tokens, i) in _CONDITIONS:
            _, j = construct(j)
        elif _word(tokens, i) == "begin" and _word(tokens, i + 1) == "catch":
            last, j = block(j)
            found.append(_catch(tokens[i], last))
        else:
            j += 1
    return tuple(sorted(found))


def _catch(begin: Token, last: Position) -> Fork:
    """A CATCH block: it runs only if its TRY failed."""
    return Fork(position(begin), last, ((position(begin), last),), False)


def _stop(tokens: list[Token], end: int, text: str) -> int:
    """The last character before token `end` (what lies between goes with the control flow)."""
    return tokens[end].start - 1 if end < len(tokens) else len(text) - 1


def _control_flow(tokens: list[Token], first: frozenset[str]) -> list[tuple[int, int]]:
    """The token spans `[i, end)` of the control flow in `tokens`, which starts with one of
    the words `first` (or a label)."""
    spans: list[tuple[int, int]] = []
    depth = cases = 0
    i, n = 0, len(tokens)
    while i < n:
        kind, word = tokens[i].token_type, _word(tokens, i)
        if word == "go" and _is_go(tokens, i):  # `GO [count]`: a batch ends, and any statement
            depth = cases = 0
            count = i + 1 < n and tokens[i + 1].token_type == TokenType.NUMBER
            end = i + 2 if count and tokens[i + 1].line == tokens[i].line else i + 1
            spans.append((i, end))
            i = end
            continue
        if kind == TokenType.L_PAREN:
            depth += 1
        elif kind == TokenType.R_PAREN:
            depth = max(0, depth - 1)
        elif kind == TokenType.SEMICOLON:
            depth = cases = 0
        elif word == "case":
            cases += 1
        elif word == "end" and cases:
            cases -= 1
        elif depth == 0 and cases == 0 and (word in first or _label_at(tokens, i)):
            end = _control_end(tokens, i, word)
            if end < 0:  # a function or trigger: left as written, to the end of its batch
                i = _batch_end(tokens, i)
                continue
            if end > i:
                spans.append((i, end))
                i = end
                continue
        i += 1
    return spans


def _control_end(tokens: list[Token], i: int, word: str) -> int:
    """Where the control flow starting at token `i` ends (exclusive); `i` if there is none
    there, -1 for a routine whose body is not a script."""
    after = _word(tokens, i + 1)
    if word in _CONDITIONS:
        if word == "if" and _word(tokens, i - 1) in _OBJECT_KINDS:
            return i
        end = _next_statement(tokens, i + 1, i + 2)
        return end if end < len(tokens) else i  # no statement after it: not a condition
    if word in _ALONE:
        return i + 1
    if _label_at(tokens, i):
        return i + 2
    if word == "begin":
        if after in _BLOCK:
            return i + 2
        if after in _TRANSACTION:
            return _transaction_end(tokens, i + 1)
        return i + 1 if after not in ("dialog", "conversation") else i
    if word == "end":
        return i + 2 if after in _BLOCK else i + 1
    if word in _TRANSACTION_ENDS:
        return _transaction_end(tokens, i + 1)
    if word in _NO_WRITES:
        if word == "fetch" and _word(tokens, i - 1) in ("row", "rows"):  # OFFSET ... FETCH
            return i
        return _next_statement(tokens, i + 1, i + 1)
    if word in ("create", "alter"):
        return _routine_header_end(tokens, i)
    return i


def _next_statement(tokens: list[Token], k: int, first: int) -> int:
    """The first statement word from `first` on outside parentheses and CASE (or the end),
    counting them from `k`."""
    depth = cases = 0
    while k < len(tokens):
        kind, word = tokens[k].token_type, _word(tokens, k)
        if kind == TokenType.L_PAREN:
            depth += 1
        elif kind == TokenType.R_PAREN:
            depth -= 1
        elif kind == TokenType.SEMICOLON:
            return k
        elif word == "case":
            cases += 1
        elif word == "end" and cases:
            cases -= 1
        elif depth <= 0 and cases == 0 and k >= first and _statement_at(tokens, k, word):
            return k
        k += 1
    return k


def _cte_at(tokens: list[Token], k: int) -> bool:
    """`WITH name AS (` or `WITH name (columns)` at `k`, not a statement's `WITH` options."""
    return k + 2 < len(tokens) and (
        _word(tokens, k + 2) == "as" or tokens[k + 2].token_type == TokenType.L_PAREN
    )


def _statement_at(tokens: list[Token], k: int, word: str) -> bool:
    """Whether the statement word `word` at `k` starts a statement: not `RAISERROR(...) WITH
    NOWAIT`'s WITH, nor a trigger's `IF UPDATE(col)`, a function of the condition."""
    if word == "with":
        return _cte_at(tokens, k)
    if word == "update":
        return not (k + 1 < len(tokens) and tokens[k + 1].token_type == TokenType.L_PAREN)
    return word in _STATEMENT_WORDS


def _transaction_end(tokens: list[Token], k: int) -> int:
    """The end of `[DISTRIBUTED] TRAN[SACTION] | WORK [name] [WITH MARK ['text']]` from `k`."""
    line = tokens[k - 1].line
    while _word(tokens, k) in _TRANSACTION:
        k += 1
    if k < len(tokens) and tokens[k].token_type == TokenType.PARAMETER:  # @name
        k += 1
    if (
        k < len(tokens)
        and tokens[k].line == line
        and tokens[k].token_type in (TokenType.VAR, TokenType.IDENTIFIER)
        and _word(tokens, k) not in _STATEMENT_WORDS
    ):
        k += 1
    if _word(tokens, k) == "with" and _word(tokens, k + 1) == "mark":
        k += 2
        if k < len(tokens) and tokens[k].token_type == TokenType.STRING:
            k += 1
    return k


def _routine_header_end(tokens: list[Token], i: int) -> int:
    """After `AS` of `CREATE [OR ALTER] PROC[EDURE] | TRIGGER ... AS` at `i`; -1 for a
    function; `i` for anything else (or a procedure without AS)."""
    k = i + 1
    while _word(tokens, k) in _ROUTINE_WORDS:
        k += 1
    what = _word(tokens, k)
    if what == "function":
        return -1
    if what not in ("proc", "procedure", "trigger"):
        return i
    depth = 0
    for k in range(k + 1, len(tokens)):
        kind = tokens[k].token_type
        depth += (kind == TokenType.L_PAREN) - (kind == TokenType.R_PAREN)
        if kind == TokenType.SEMICOLON or _is_go(tokens, k):
            return i
        if (
            depth == 0
            and _word(tokens, k) == "as"
            and tokens[k - 2].token_type != TokenType.PARAMETER  # `@p AS int`
            and _word(tokens, k - 1) not in ("execute", "exec")  # `WITH EXECUTE AS OWNER`
        ):
            return k + 1
    return i


def _routine(tokens: list[Token], i: int) -> str:
    """What `CREATE [OR ALTER]` at `i` creates (`trigger`, `procedure`, ...), or ""."""
    if _word(tokens, i) not in ("create", "alter"):
        return ""
    k = i + 1
    while _word(tokens, k) in _ROUTINE_WORDS:
        k += 1
    return _word(tokens, k)


def _trigger(tokens: list[Token], i: int, body: int, text: str) -> Trigger | None:
    """The DML trigger whose header spans tokens `[i, body)` (None for anything else, or a
    DDL trigger `ON DATABASE` / `ON ALL SERVER`: no rows change)."""
    if _routine(tokens, i) != "trigger" or body >= len(tokens):
        return None
    on = next((k for k in range(i, body) if _word(tokens, k) == "on"), None)
    if on is None or _word(tokens, on + 1) in ("database", "all"):
        return None
    end = on + 2  # after the table's (dotted) name
    while end < body and tokens[end].token_type == TokenType.DOT:
        while end < body and tokens[end].token_type == TokenType.DOT:  # `db..t`
            end += 1
        end += 1
    table = text[tokens[on + 1].start : tokens[end - 1].end + 1]
    last = tokens[_batch_end(tokens, i) - 1].line
    return Trigger(table, tokens[body].line, last, _TRIGGER_ROWS, as_tables=True)


# The tables a T-SQL trigger's body reads its changed rows from.
_TRIGGER_ROWS = frozenset({"inserted", "deleted"})


def _batch_end(tokens: list[Token], i: int) -> int:
    """The `GO` ending the batch that token `i` is in (or the end of the tokens)."""
    for k in range(i + 1, len(tokens)):
        if _is_go(tokens, k):
            return k
    return len(tokens)


def _label_at(tokens: list[Token], i: int) -> bool:
    """A GOTO's label, `name:` first on its line."""
    return (
        tokens[i].token_type == TokenType.VAR
        and i + 1 < len(tokens)
        and tokens[i + 1].token_type == TokenType.COLON
        and (i == 0 or tokens[i - 1].line < tokens[i].line)
    )


def _is_go(tokens: list[Token], k: int) -> bool:
    """T-SQL's batch separator: `GO` first on its line."""
    return _word(tokens, k) == "go" and (k == 0 or tokens[k - 1].line < tokens[k].line)


def _word(tokens: list[Token], i: int) -> str:
    """Token `i` as a keyword; none if it is a variable's name (`@end`) or a qualified name's
    part (`t.open`)."""
    if not 0 <= i < len(tokens) or (i and tokens[i - 1].token_type in _NAME_BEFORE):
        return ""
    return keyword(tokens[i])


_NAME_BEFORE = frozenset({TokenType.PARAMETER, TokenType.DOT})
