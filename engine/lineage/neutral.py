"""Clauses that change no lineage, cut from a statement's tokens before it is parsed.

sqlglot cannot parse these, and a statement with one fails (or is kept as a bare command), its
lineage lost. What they say is how a table is stored, locked or filled, never which values go
where, so the statement without them has the same lineage:

- Postgres `CREATE TEMP TABLE t ON COMMIT DROP` (when the temp table goes) and `CREATE
  MATERIALIZED VIEW ... WITH [NO] DATA` (when it is filled); `INSERT ... OVERRIDING {SYSTEM |
  USER} VALUE` (whether an identity column takes the value given: it is written either way).
- T-SQL `UPDATE TOP (n)` / `DELETE TOP (n) [PERCENT]` (how many rows), a table hint on an
  INSERT's target (`INSERT [INTO] t WITH (TABLOCK)`) and a CREATE TABLE's options (Synapse
  `WITH (DISTRIBUTION = HASH(id), CLUSTERED COLUMNSTORE INDEX)`).
- Oracle physical attributes between a CREATE TABLE / [MATERIALIZED] VIEW's name (or column
  list) and its `AS query` (`NOLOGGING PARALLEL 4 COMPRESS TABLESPACE x`, `BUILD IMMEDIATE
  REFRESH FAST ON DEMAND`); DML error logging, `LOG ERRORS [INTO e] [(tag)] [REJECT LIMIT n]`
  (the rows that fail go to e: the table's own lineage is the statement's); a MERGE branch's
  `DELETE WHERE cond`, which removes updated rows again (a delete writes no value, and the
  MERGE reads cond's tables already).
- Oracle CREATE TABLE clauses that say how a constraint is checked or the table is stored:
  a constraint state in the column list (`ENABLE`, `DISABLE`, `VALIDATE`, `NOVALIDATE`, `NORELY`,
  `USING INDEX <name | (CREATE INDEX ...) | attributes>`, `EXCEPTIONS INTO t`), and after the
  column list (no `AS query`) the first clause sqlglot's Oracle parser does not read
  (`PARTITION BY RANGE | LIST | HASH ...`, `COMPRESS`, `SEGMENT CREATION ...`) with all that
  follows it. sqlglot reads `RELY`, bare `USING INDEX`, and `TABLESPACE t`, `PCTFREE n`,
  `LOGGING`, `STORAGE (...)` before the first such clause: those stay.
- Databricks Delta Live Tables expectations in a CREATE's column list, `CONSTRAINT c EXPECT
  (cond) [ON VIOLATION {DROP ROW | FAIL UPDATE}]` (data-quality rules, no columns; a list of
  nothing else goes whole).
- Modifiers right after the DML keyword: MySQL `UPDATE LOW_PRIORITY IGNORE`, `DELETE QUICK`,
  `INSERT DELAYED` (how rows are locked, errors kept), SQLite `UPDATE OR REPLACE` (what a
  constraint conflict does), Databricks `MERGE WITH SCHEMA EVOLUTION` (the target's columns
  may grow; the values go where the MERGE says either way).

- Postgres `XMLPARSE(DOCUMENT | CONTENT x)`: the keyword, which says whether x must be a whole
  XML document (the value read is x either way).

- BigQuery `APPENDS(TABLE t, ...)` / `CHANGES(TABLE t, ...)`: the `TABLE` keyword, which sqlglot
  cannot parse in a call (`change_feeds` reads the call as the table `t`).

- Teradata's request modifier `LOCKING [TABLE | ROW | ...] [name] FOR ACCESS [NOWAIT]`, before
  a statement or inside it before its SELECT (how rows are locked while they are read).

And two rewrites, not cuts: Spark/Iceberg `FOR SYSTEM_VERSION AS OF n` is read as its synonym
`VERSION AS OF n` (sqlglot knows only the latter; either reads the same table), and a Spark
`struct(x alias, ...)` field's implicit alias as `x AS alias` (sqlglot parses only the latter).

Each rule is gated by token types or a regex over the statement's text (no Python loop over
its tokens), so a statement without the clause pays next to nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import attrgetter

from sqlglot.dialects.bigquery import BigQuery
from sqlglot.dialects.databricks import Databricks
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.mysql import MySQL
from sqlglot.dialects.oracle import Oracle
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.spark import Spark
from sqlglot.dialects.sqlite import SQLite
from sqlglot.dialects.teradata import Teradata
from sqlglot.dialects.tsql import TSQL
from sqlglot.parser import Parser
from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage import dlt

_TOKEN_TYPE = attrgetter("token_type")
_START = attrgetter("start")
_Span = tuple[int, int]  # tokens [start, end) to cut

_ON_COMMIT_DROP = (TokenType.ON, TokenType.COMMIT, TokenType.DROP)
# No `\b` before them: a match is kept only where a token starts, which is faster to check
# than a word boundary is to search for.
_OVERRIDING = re.compile(r"overriding\s+(?:system|user)\s+value\b", re.IGNORECASE)
_LOG_ERRORS = re.compile(r"log\s+errors\b", re.IGNORECASE)
_CHANGE_FEED = re.compile(r"(?:appends|changes)\s*\(\s*table\b", re.IGNORECASE)
_XMLPARSE = re.compile(r"xmlparse\s*\(\s*(?:document|content)\b", re.IGNORECASE)
_SYSTEM_VERSION = re.compile(r"for\s+system_version\s+as\s+of\b", re.IGNORECASE)
_LOCKED_KINDS = frozenset({"DATABASE", "TABLE", "VIEW", "ROW"})
_LOCK_TYPES = frozenset({"ACCESS", "READ", "WRITE", "EXCLUSIVE", "SHARE", "CHECKSUM", "LOAD"})
_DML = frozenset({TokenType.INSERT, TokenType.UPDATE, TokenType.DELETE, TokenType.MERGE})
_QUERY_STARTS = frozenset({TokenType.SELECT, TokenType.WITH, TokenType.L_PAREN})
_MYSQL_MODIFIERS = frozenset({"LOW_PRIORITY", "HIGH_PRIORITY", "DELAYED", "QUICK", "IGNORE"})
# After the modifiers, what says the last "modifier" was the table's name (`UPDATE quick SET`)
_AFTER_A_NAME = frozenset({TokenType.SET, TokenType.DOT, TokenType.COMMA, TokenType.ALIAS})
# `CREATE OR REPLACE MATERIALIZED VIEW`, `CREATE GLOBAL TEMPORARY TABLE`: the words between
# CREATE and the object's kind.
_KIND_WITHIN = 5


def without_neutral_clauses(tokens: list[Token], sql: str, dialect: Dialect) -> list[Token]:
    """Return `tokens` (into `sql`) without the lineage-neutral clauses of the module
    docstring; `tokens` itself when it has none."""
    if not tokens:
        return tokens
    # `CREATE MATERIALIZED VIEW ... WITH [NO] DATA`; Teradata's parser reads it, and its
    # `CREATE TABLE t AS s WITH DATA` copies rows where `WITH NO DATA` copies only columns
    if not isinstance(dialect, Teradata) and _with_data(tokens):
        tokens = tokens[: -3 if tokens[-2].text.upper() == "NO" else -2]
    if isinstance(dialect, Databricks):  # first: it may drop tokens
        created = token_matches(dlt.DLT_WORD, tokens, sql)
        reads = token_matches(dlt.LIVE_SCHEMA, tokens, sql)
        if created or reads:
            tokens = dlt.dlt_tokens(tokens, created, reads)
    types = list(map(_TOKEN_TYPE, tokens))
    if isinstance(dialect, Spark) and TokenType.STRUCT in types:  # adds tokens: before the cuts
        with_aliases = _struct_aliases(tokens, types)
        if with_aliases is not tokens:
            tokens, types = with_aliases, list(map(_TOKEN_TYPE, with_aliases))
    spans: list[_Span] = _dml_modifiers(tokens, types, dialect) if len(types) > 3 else []
    if TokenType.TOP in types or TokenType.COMMIT in types:
        spans += _tops_and_commit_drops(tokens, types)
    if isinstance(dialect, TSQL):
        if TokenType.WITH in types:
            spans += _target_options(types)
    elif isinstance(dialect, Oracle):
        if TokenType.CREATE in types and TokenType.ALIAS in types:
            spans += _physical_attributes(types)
        if types[0] is TokenType.CREATE and TokenType.TABLE in types[:_KIND_WITHIN]:
            spans += _oracle_table_clauses(tokens, types, sql)
        if TokenType.MERGE in types and TokenType.DELETE in types:
            spans += _merge_deletes(types)
        if types[0] in _DML:  # LOG ERRORS ends an INSERT, UPDATE, DELETE or MERGE
            spans += [(i, _log_errors_end(tokens, types, i + 2))
                      for i in token_matches(_LOG_ERRORS, tokens, sql)]
    elif isinstance(dialect, Spark):
        if types[0] is TokenType.CREATE and TokenType.CONSTRAINT in types:
            spans += _expectations(tokens, types)
        if TokenType.FOR in types:
            tokens = _system_versions(tokens, sql)
    elif isinstance(dialect, Teradata):
        if TokenType.LOCK in types:
            spans += _lockings(tokens, types)
    elif isinstance(dialect, BigQuery) and TokenType.TABLE in types:
        spans += [(i + 2, i + 3) for i in token_matches(_CHANGE_FEED, tokens, sql)]
    elif isinstance(dialect, Postgres):
        if TokenType.INSERT in types:
            spans += [(i, i + 3) for i in token_matches(_OVERRIDING, tokens, sql)]
        spans += [(i + 2, i + 3) for i in token_matches(_XMLPARSE, tokens, sql)]
    return _cut(tokens, spans) if spans else tokens


def _lockings(tokens: list[Token], types: list[TokenType]) -> list[_Span]:
    """Teradata's request modifier `LOCKING [DATABASE | TABLE | VIEW | ROW] [name] FOR | IN
    <lock> [MODE] [NOWAIT]`, before a statement or its SELECT (`INSERT INTO t LOCKING TABLE s
    FOR ACCESS SELECT ...`): how rows are locked while read."""
    spans: list[_Span] = []
    n = len(types)
    for i in positions(types, TokenType.LOCK):
        k = i + 1
        if k < n and tokens[k].text.upper() in _LOCKED_KINDS:
            k += 1
        if k < n and types[k] not in (TokenType.FOR, TokenType.IN):
            k = name_end(types, k)
        if not (k + 1 < n and types[k] in (TokenType.FOR, TokenType.IN)):
            continue
        k += 1
        if tokens[k].text.upper() not in _LOCK_TYPES:
            continue
        k += 1 + (tokens[k].text.upper() == "LOAD")  # LOAD COMMITTED
        while k < n and tokens[k].text.upper() in ("MODE", "NOWAIT"):
            k += 1
        spans.append((i, k))
    return spans


def _system_versions(tokens: list[Token], sql: str) -> list[Token]:
    """`tokens` with each `FOR SYSTEM_VERSION` (before `AS OF`) made `FOR VERSION`."""
    found = token_matches(_SYSTEM_VERSION, tokens, sql)
    if not found:
        return tokens
    tokens = list(tokens)
    for i in found:
        old = tokens[i + 1]
        tokens[i + 1] = Token(TokenType.VAR, "VERSION", old.line, old.col, old.start, old.end)
    return tokens


# Tokens that can end a field's expression, before the implicit alias of `struct(x alias)`.
_EXPRESSION_ENDS = frozenset({
    TokenType.VAR, TokenType.IDENTIFIER, TokenType.NUMBER, TokenType.STRING, TokenType.R_PAREN,
    TokenType.R_BRACKET, TokenType.END, TokenType.NULL, TokenType.TRUE, TokenType.FALSE,
    *(t for t in TokenType if t.name.startswith("CURRENT_")),  # `current_date d`
}) | Parser.TYPE_TOKENS  # `a::int x`


def _struct_aliases(tokens: list[Token], types: list[TokenType]) -> list[Token]:
    """`tokens` with `AS` written before each implicit field alias of a Spark `struct(a x, ...)`,
    which Spark allows and sqlglot does not parse; `tokens` itself if there is none. A field
    with an INTERVAL is left as it is (`interval 1 day`: `day` is no alias)."""
    inserts: list[int] = []
    for i in positions(types, TokenType.STRUCT):
        if i + 1 >= len(types) or types[i + 1] is not TokenType.L_PAREN:
            continue
        end = closing(types, i + 1)
        start, depth = i + 2, 0
        for k in range(i + 2, end + 1):
            kind = types[k]
            if depth == 0 and (kind is TokenType.COMMA or k == end):
                if (k - start >= 2 and types[k - 1] is TokenType.VAR
                        and types[k - 2] in _EXPRESSION_ENDS
                        and TokenType.INTERVAL not in types[start:k]):
                    inserts.append(k - 1)
                start = k + 1
            elif kind in (TokenType.L_PAREN, TokenType.L_BRACKET):
                depth += 1
            elif kind in (TokenType.R_PAREN, TokenType.R_BRACKET):
                depth -= 1
    if not inserts:
        return tokens
    out = list(tokens)
    for k in reversed(inserts):
        at = tokens[k]
        out.insert(k, Token(TokenType.ALIAS, "AS", at.line, at.col, at.start, at.end))
    return out


def _dml_modifiers(tokens: list[Token], types: list[TokenType], dialect: Dialect) -> list[_Span]:
    """The modifiers right after the statement's INSERT / UPDATE / DELETE / MERGE."""
    first = types[0]
    if first not in _DML:
        return []
    if first is TokenType.MERGE:  # `MERGE WITH SCHEMA EVOLUTION INTO`
        if types[1] is TokenType.WITH and (
            tokens[2].text.upper(), tokens[3].text.upper()
        ) == ("SCHEMA", "EVOLUTION"):
            return [(1, 4)]
    elif isinstance(dialect, MySQL):
        end = 1
        while end < len(tokens) and tokens[end].text.upper() in _MYSQL_MODIFIERS:
            end += 1
        if end < len(types) and types[end] in _AFTER_A_NAME:
            end -= 1
        if end > 1:
            return [(1, end)]
    elif isinstance(dialect, SQLite) and first is TokenType.UPDATE and types[1] is TokenType.OR:
        return [(1, 3)]  # `UPDATE OR {ROLLBACK | ABORT | REPLACE | FAIL | IGNORE}`
    return []


def _cut(tokens: list[Token], spans: list[_Span]) -> list[Token]:
    out: list[Token] = []
    at = 0
    for start, end in sorted(spans):
        if start >= at:
            out += tokens[at:start]
            at = end
    return out + tokens[at:]


def _tops_and_commit_drops(tokens: list[Token], types: list[TokenType]) -> list[_Span]:
    """`ON COMMIT DROP`, and the `TOP (n) [PERCENT]` right after UPDATE or DELETE."""
    spans: list[_Span] = []
    n = len(tokens)
    for i, kind in enumerate(types):
        if kind is TokenType.COMMIT and 0 < i < n - 1 and tuple(types[i - 1 : i + 2]) == (
            _ON_COMMIT_DROP
        ):
            spans.append((i - 1, i + 2))
        elif (
            kind is TokenType.TOP
            and i
            and types[i - 1] in (TokenType.UPDATE, TokenType.DELETE)
            and i + 3 < n
            and types[i + 1] is TokenType.L_PAREN
            and types[i + 3] is TokenType.R_PAREN
        ):
            end = i + 4
            spans.append((i, end + (end < n and tokens[end].text.upper() == "PERCENT")))
    return spans


def _with_data(tokens: list[Token]) -> bool:
    """Whether a CREATE statement ends in `WITH DATA` or `WITH NO DATA` (Postgres)."""
    if len(tokens) < 4 or tokens[-1].text.upper() != "DATA":
        return False
    at = -3 if tokens[-2].text.upper() == "NO" else -2
    return tokens[at].token_type is TokenType.WITH and tokens[0].token_type is TokenType.CREATE


def _target_options(types: list[TokenType]) -> list[_Span]:
    """T-SQL `WITH (...)` right after the table an INSERT or a CREATE TABLE writes (after the
    CREATE's column list, if any)."""
    spans: list[_Span] = []
    for start in (TokenType.INSERT, TokenType.CREATE):
        for i in positions(types, start) if start in types else ():
            k = i + 1
            if start is TokenType.CREATE:
                if not (k < len(types) and types[k] is TokenType.TABLE):
                    continue
                k = name_end(types, k + 1)
                if k < len(types) and types[k] is TokenType.L_PAREN:
                    k = closing(types, k) + 1
            else:
                k = name_end(types, k + (k < len(types) and types[k] is TokenType.INTO))
            if k + 1 < len(types) and types[k] is TokenType.WITH and (
                types[k + 1] is TokenType.L_PAREN
            ):
                spans.append((k, closing(types, k + 1) + 1))
    return spans


def _physical_attributes(types: list[TokenType]) -> list[_Span]:
    """Oracle: what lies between a CREATE TABLE / VIEW's name (or column list) and `AS query`."""
    spans: list[_Span] = []
    n = len(types)
    for i in positions(types, TokenType.CREATE):
        kind = next(
            (k for k in range(i + 1, min(n, i + _KIND_WITHIN))
             if types[k] in (TokenType.TABLE, TokenType.VIEW)),
            None,
        )
        if kind is None:
            continue
        start = name_end(types, kind + 1)
        if start < n and types[start] is TokenType.L_PAREN:
            start = closing(types, start) + 1
        depth = 0
        for k in range(start, n - 1):
            depth += (types[k] is TokenType.L_PAREN) - (types[k] is TokenType.R_PAREN)
            if depth == 0 and types[k] is TokenType.ALIAS and types[k + 1] in _QUERY_STARTS:
                if k > start:
                    spans.append((start, k))
                break
    return spans


# Constraint-state words sqlglot's Oracle parser does not read (it reads RELY).
_STATE_WORDS = frozenset({"ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE", "NORELY"})
_STATE = re.compile(r"(?:enable|disable|validate|novalidate|norely|using\s+index)\b", re.IGNORECASE)
# What ends a `USING INDEX ...` clause: the next constraint, its state, or the item's end.
_INDEX_CLAUSE_ENDS = _STATE_WORDS | {
    "RELY", "EXCEPTIONS", "CONSTRAINT", "NOT", "NULL", "PRIMARY", "UNIQUE", "CHECK",
    "REFERENCES", "DEFAULT", "DEFERRABLE", "INITIALLY", ",", ")",
}
# The Oracle table properties sqlglot reads (`Oracle.Parser.PROPERTY_PARSERS`), with how many
# tokens follow the word (-1: a parenthesised list).
_READ_PROPERTIES = {
    "TABLESPACE": 1, "PCTFREE": 1, "PCTUSED": 1, "INITRANS": 1, "MAXTRANS": 1,
    "LOGGING": 0, "NOLOGGING": 0, "STORAGE": -1,
}


def _oracle_table_clauses(tokens: list[Token], types: list[TokenType], sql: str) -> list[_Span]:
    """Oracle: the constraint states in a CREATE TABLE's column list, and the clauses after it
    from the first one sqlglot cannot parse (module docstring)."""
    n = len(types)
    kind = next(k for k in range(1, _KIND_WITHIN) if types[k] is TokenType.TABLE)
    start = name_end(types, kind + 1)
    if start >= n or types[start] is not TokenType.L_PAREN:
        return []
    close = closing(types, start)
    spans: list[_Span] = []
    found = [i for i in token_matches(_STATE, tokens, sql) if start < i < close]
    depth, at = 0, start
    for i in found:  # one pass: each match's depth in the list
        for j in range(at, i):
            depth += (types[j] is TokenType.L_PAREN) - (types[j] is TokenType.R_PAREN)
        at = i
        if depth == 1 and (span := _constraint_state(tokens, types, i)):
            spans.append(span)
    if any(
        types[j] is TokenType.ALIAS and types[j + 1] in _QUERY_STARTS
        for j in positions(types, TokenType.ALIAS) if close < j < n - 1
    ):
        return spans  # a CTAS: `_physical_attributes` cuts what lies before its `AS query`
    k = close + 1
    while k < n:  # the properties sqlglot reads, then the first it does not to the end
        word = tokens[k].text.upper()
        if word == "ON" and k + 1 < n and tokens[k + 1].text.upper() == "COMMIT":
            break  # `ON COMMIT {PRESERVE | DELETE} ROWS`, which sqlglot reads
        args = _READ_PROPERTIES.get(word)
        if args is None:
            spans.append((k, n))
            break
        k += 1 + args if args >= 0 else 1
        if args < 0 and k < n and types[k] is TokenType.L_PAREN:
            k = closing(types, k) + 1
    return spans


def _constraint_state(tokens: list[Token], types: list[TokenType], i: int) -> _Span | None:
    """The constraint-state clause at `i`, an item's word directly in a column list, unless it
    is the column's name (`enable INTEGER`)."""
    if types[i - 1] in (TokenType.L_PAREN, TokenType.COMMA):
        return None
    if tokens[i].text.upper() != "USING":
        end = i + 1
    else:
        end = i + 2
        while end < len(types) and tokens[end].text.upper() not in _INDEX_CLAUSE_ENDS:
            end = closing(types, end) + 1 if types[end] is TokenType.L_PAREN else end + 1
        if end == i + 2:
            return None  # a bare `USING INDEX`, which sqlglot reads
    if end + 1 < len(types) and tokens[end].text.upper() == "EXCEPTIONS" and (
        types[end + 1] is TokenType.INTO
    ):
        end = name_end(types, end + 2)
    return (i, end)


def _expectations(tokens: list[Token], types: list[TokenType]) -> list[_Span]:
    """Databricks DLT: the `CONSTRAINT c EXPECT (...) [ON VIOLATION ...]` items of a CREATE's
    column list, each with a comma next to it; the whole list if it holds nothing else."""
    n = len(types)
    kind = next((k for k in range(1, min(n, _KIND_WITHIN + 2))
                 if types[k] in (TokenType.TABLE, TokenType.VIEW)), None)
    if kind is None:
        return []
    start = name_end(types, kind + 1)
    if start >= n or types[start] is not TokenType.L_PAREN:
        return []
    close = closing(types, start)
    items: list[_Span] = []  # each item of the list, without its comma
    depth, at = 0, start + 1
    for k in range(start + 1, close):
        depth += (types[k] is TokenType.L_PAREN) - (types[k] is TokenType.R_PAREN)
        if depth == 0 and types[k] is TokenType.COMMA:
            items.append((at, k))
            at = k + 1
    items.append((at, close))
    cut = [_is_expectation(tokens, types, a, b) for a, b in items]
    if all(cut):
        return [(start, close + 1)]
    kept = max(j for j, c in enumerate(cut) if not c)
    spans = [(items[j][0], items[j + 1][0]) for j in range(kept) if cut[j]]
    if kept < len(items) - 1:  # the expectations after the last column, with their commas
        spans.append((items[kept][1], close))
    return spans


def _is_expectation(tokens: list[Token], types: list[TokenType], a: int, b: int) -> bool:
    return (
        b - a >= 4
        and types[a] is TokenType.CONSTRAINT
        and tokens[a + 2].text.upper() == "EXPECT"
        and types[a + 3] is TokenType.L_PAREN
    )


def _merge_deletes(types: list[TokenType]) -> list[_Span]:
    """Oracle: a MERGE branch's `DELETE WHERE cond`, up to the next branch."""
    merge = types.index(TokenType.MERGE)
    return [
        (i, _branch_end(types, i + 2))
        for i in positions(types, TokenType.DELETE)
        if i > merge and i + 1 < len(types) and types[i + 1] is TokenType.WHERE
    ]


def _log_errors_end(tokens: list[Token], types: list[TokenType], k: int) -> int:
    """The end of `[INTO name] [(tag)] [REJECT LIMIT {n | UNLIMITED}]` from `k`."""
    n = len(types)
    if k < n and types[k] is TokenType.INTO:
        k = name_end(types, k + 1)
    if k < n and types[k] is TokenType.L_PAREN:
        k = closing(types, k) + 1
    if k + 2 < n and tokens[k].text.upper() == "REJECT" and types[k + 1] is TokenType.LIMIT:
        k += 3
    return min(k, n)


def _branch_end(types: list[TokenType], k: int) -> int:
    """The next MERGE branch (`WHEN` outside parentheses and CASE) from `k`, or the end."""
    depth = cases = 0
    for j in range(k, len(types)):
        kind = types[j]
        depth += (kind is TokenType.L_PAREN) - (kind is TokenType.R_PAREN)
        if kind is TokenType.CASE:
            cases += 1
        elif kind is TokenType.END and cases:
            cases -= 1
        elif kind is TokenType.WHEN and depth == 0 and not cases:
            return j
    return len(types)


def token_matches(pattern: re.Pattern[str], tokens: list[Token], sql: str) -> list[int]:
    """The tokens where a match of `pattern` in the statement's text starts (a match inside a
    string or a comment starts no token)."""
    found: list[int] = []
    for match in pattern.finditer(sql, tokens[0].start, tokens[-1].end + 1):
        i = bisect_left(tokens, match.start(), key=_START)
        if i < len(tokens) and tokens[i].start == match.start():
            found.append(i)
    return found


def name_end(types: list[TokenType], k: int) -> int:
    """After the (dotted, T-SQL `#temp` / `@variable`) table name starting at `k`."""
    n = len(types)
    while k < n and types[k] in (TokenType.HASH, TokenType.PARAMETER):
        k += 1
    k += 1
    while k < n and types[k] is TokenType.DOT:
        while k < n and types[k] is TokenType.DOT:  # `db..t`
            k += 1
        k += 1
    return min(k, n)


def closing(types: list[TokenType], k: int) -> int:
    """The `)` closing the `(` at `k` (the last token if it is never closed)."""
    depth = 0
    for j in range(k, len(types)):
        depth += (types[j] is TokenType.L_PAREN) - (types[j] is TokenType.R_PAREN)
        if depth == 0:
            return j
    return len(types) - 1


_NAME_TYPES = frozenset({TokenType.VAR, TokenType.IDENTIFIER})


def parenthesised(tokens: list[Token], spans: list[tuple[int, int]]) -> list[Token]:
    """`tokens` with each of the token spans `[start, end)` (none overlapping) put in
    parentheses, made up where the span's first and last tokens are (lines kept)."""
    out = list(tokens)
    for start, end in sorted(spans, reverse=True):  # from the last: earlier places stay
        first, last = tokens[start], tokens[end - 1]
        out.insert(end, Token(TokenType.R_PAREN, ")", last.line, last.col, last.end, last.end))
        out.insert(start, Token(TokenType.L_PAREN, "(", first.line, first.col, first.start,
                                first.start))
    return out


def dotted_start(types: list[TokenType], k: int) -> int:
    """Where the dotted name (`db.s.t`) whose last part is token `k` starts."""
    while k >= 2 and types[k - 1] is TokenType.DOT and types[k - 2] in _NAME_TYPES:
        k -= 2
    return k


def positions(items: list[TokenType], wanted: TokenType) -> list[int]:
    """Every index of `wanted` in `items`, in order (C-level list searches)."""
    found: list[int] = []
    at = -1
    try:
        while True:
            at = items.index(wanted, at + 1)
            found.append(at)
    except ValueError:
        return found
