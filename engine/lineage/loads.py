"""Load statements sqlglot cannot parse, spelled (in their tokens) as the load it can.

Each keeps what the statement loads and from where; what it drops says how or when the load
runs, never which table is written or read:

- Snowflake `CREATE [OR REPLACE] PIPE p [AUTO_INGEST = ...] AS COPY INTO t ...` (Snowpipe) is
  the COPY it wraps: the pipe is no table.
- BigQuery `LOAD DATA {INTO|OVERWRITE} t PARTITION BY ... CLUSTER BY ... OPTIONS (...) FROM
  FILES (...)`: the new table's storage clauses are cut.
- T-SQL `BULK INSERT t FROM 'file' [WITH (...)]` is `COPY INTO t FROM 'file' [WITH (...)]`, and
  a Synapse `COPY INTO t (a [DEFAULT x] 1, b 2) FROM ...` column list keeps its names only.
- ClickHouse `CREATE MATERIALIZED VIEW ... POPULATE AS SELECT`: POPULATE (fill it with the rows
  there already) is cut.
- Databricks DLT `[CREATE FLOW f AS] APPLY CHANGES | AUTO CDC INTO t FROM s KEYS (k) ... [COLUMNS
  * EXCEPT (a) | COLUMNS (a, b)] ...` is `INSERT INTO t SELECT <columns> FROM s`: the CDC load
  copies s's columns into t by name (KEYS, the delete condition and SEQUENCE BY pick which
  change of a key wins, none carries a value).

Each rule is gated by the dialect and the statement's first token.
"""

from __future__ import annotations

import re

from sqlglot.dialects.bigquery import BigQuery
from sqlglot.dialects.clickhouse import ClickHouse
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.snowflake import Snowflake
from sqlglot.dialects.spark import Spark
from sqlglot.dialects.tsql import TSQL
from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.neutral import closing, name_end

# `LOAD DATA` clauses before `FROM FILES` that only say how the new table is stored
_LOAD_STORAGE = frozenset({TokenType.PARTITION_BY, TokenType.CLUSTER_BY})
# T-SQL statements the rewrites apply to, found in the text before any token is looked at
_TSQL_LOADS = re.compile(r"bulk\s+insert\b|copy\s+into\b", re.IGNORECASE)


def as_load_forms(tokens: list[Token], sql: str, dialect: Dialect) -> list[Token]:
    """Return `tokens` (into `sql`) with the load forms of the module docstring spelled as
    sqlglot reads them; `tokens` itself when there is none."""
    if len(tokens) < 4:
        return tokens
    first = tokens[0].token_type
    if isinstance(dialect, TSQL):  # without `;`, a chunk may hold several statements
        found = _TSQL_LOADS.search(sql, tokens[0].start, tokens[-1].end + 1)
        return _tsql_loads(tokens) if found else tokens
    if isinstance(dialect, Spark) and (
        first is TokenType.APPLY
        or tokens[0].text.upper() == "AUTO"
        or (first is TokenType.CREATE and any(t.text.upper() == "FLOW" for t in tokens[1:3]))
    ):
        return _cdc_as_insert(tokens)
    if first is not TokenType.CREATE and first is not TokenType.LOAD:
        return tokens
    if isinstance(dialect, Snowflake) and first is TokenType.CREATE:
        return _pipe_copy(tokens)
    if isinstance(dialect, BigQuery) and first is TokenType.LOAD:
        return _load_without_storage(tokens)
    if isinstance(dialect, ClickHouse) and first is TokenType.CREATE:
        return _without_populate(tokens)
    return tokens


def _pipe_copy(tokens: list[Token]) -> list[Token]:
    """`CREATE ... PIPE p ... AS COPY INTO ...` -> the COPY."""
    if not any(t.text.upper() == "PIPE" for t in tokens[1:5]):
        return tokens
    for k in range(2, len(tokens) - 1):
        if tokens[k].token_type is TokenType.ALIAS and tokens[k + 1].token_type is TokenType.COPY:
            return tokens[k + 1 :]
    return tokens


def _load_without_storage(tokens: list[Token]) -> list[Token]:
    """`LOAD DATA ... t PARTITION BY ... CLUSTER BY ... OPTIONS (...) FROM FILES` without the
    storage clauses between the table and FROM."""
    types = [t.token_type for t in tokens]
    if TokenType.FROM not in types:
        return tokens
    until = types.index(TokenType.FROM)
    start = next((k for k in range(until) if types[k] in _LOAD_STORAGE), None)
    if start is None:
        start = next(
            (k for k in range(3, until) if tokens[k].text.upper() == "OPTIONS"
             and types[k + 1] is TokenType.L_PAREN),
            None,
        )
    return tokens if start is None else tokens[:start] + tokens[until:]


def _tsql_loads(tokens: list[Token]) -> list[Token]:
    """Each `BULK INSERT` as `COPY INTO`; each `COPY INTO t (cols ...)` list of names only."""
    out: list[Token] | None = None
    types = [t.token_type for t in tokens]
    for k in range(len(tokens) - 2):
        token = tokens[k]
        if token.text.upper() == "BULK" and types[k + 1] is TokenType.INSERT:
            out = out if out is not None else list(tokens)
            nxt = tokens[k + 1]
            out[k] = _like(token, TokenType.COPY, "COPY")
            out[k + 1] = _like(nxt, TokenType.INTO, "INTO")
    if TokenType.COPY not in types:
        return out if out is not None else tokens
    return _copy_column_names(out if out is not None else tokens)


def _copy_column_names(tokens: list[Token]) -> list[Token]:
    """Synapse `COPY INTO t (a [DEFAULT x] [n], ...)`: each item's first token (its name)."""
    types = [t.token_type for t in tokens]
    spans: list[tuple[int, int]] = []  # token ranges to drop
    for k in range(len(types) - 2):
        if types[k] is not TokenType.COPY or types[k + 1] is not TokenType.INTO:
            continue
        start = name_end(types, k + 2)
        if start >= len(types) or types[start] is not TokenType.L_PAREN:
            continue
        end = closing(types, start)
        item, depth = start + 1, 0
        for j in range(start + 1, end + 1):
            depth += (types[j] is TokenType.L_PAREN) - (types[j] is TokenType.R_PAREN)
            if (types[j] is TokenType.COMMA and depth == 0) or j == end:
                if j > item + 1:
                    spans.append((item + 1, j))
                item = j + 1
    if not spans:
        return tokens
    drop = {j for a, b in spans for j in range(a, b)}
    return [t for j, t in enumerate(tokens) if j not in drop]


def _without_populate(tokens: list[Token]) -> list[Token]:
    """`CREATE MATERIALIZED VIEW ... POPULATE AS SELECT` without POPULATE (before the first
    AS, outside parentheses: a column of that name in a column list stays)."""
    if not any(t.text.upper() == "MATERIALIZED" for t in tokens[1:4]):
        return tokens
    depth = 0
    for k in range(2, len(tokens) - 1):
        kind = tokens[k].token_type
        depth += (kind is TokenType.L_PAREN) - (kind is TokenType.R_PAREN)
        if kind is TokenType.ALIAS and not depth:
            return tokens
        if not depth and tokens[k].text.upper() == "POPULATE" and kind is TokenType.VAR:
            return tokens[:k] + tokens[k + 1 :]
    return tokens


# Words of a CDC load's clauses after its source, where the source ends
_CDC_CLAUSES = frozenset({"KEYS", "IGNORE", "APPLY", "SEQUENCE", "COLUMNS", "STORED", "TRACK"})


def _cdc_as_insert(tokens: list[Token]) -> list[Token]:
    """DLT `APPLY CHANGES | AUTO CDC INTO t FROM s ... [COLUMNS ...]` (after `CREATE FLOW f AS`)
    as `INSERT INTO t SELECT <columns> FROM s`."""
    words = [t.text.upper() for t in tokens]
    k = 0
    if words[0] == "CREATE":  # `CREATE FLOW f AS AUTO CDC INTO ...`
        if "FLOW" not in words[1:3] or "AS" not in words:
            return tokens
        k = words.index("AS") + 1
    if tuple(words[k : k + 3]) not in (("APPLY", "CHANGES", "INTO"), ("AUTO", "CDC", "INTO")):
        return tokens
    types = [t.token_type for t in tokens]
    target_end = name_end(types, k + 3)
    if target_end >= len(tokens) or types[target_end] is not TokenType.FROM:
        return tokens
    clauses: dict[str, int] = {}
    depth = 0
    for j in range(target_end + 1, len(tokens)):
        depth += (types[j] is TokenType.L_PAREN) - (types[j] is TokenType.R_PAREN)
        if depth == 0 and words[j] in _CDC_CLAUSES and words[j] not in clauses:
            clauses[words[j]] = j
    source_end = min(clauses.values(), default=len(tokens))
    columns = clauses.get("COLUMNS")
    picked: list[Token]
    if columns is None:
        picked = [_like(tokens[k], TokenType.STAR, "*")]
    else:
        end = min((j for j in clauses.values() if j > columns), default=len(tokens))
        picked = tokens[columns + 1 : end]
        if picked and picked[0].token_type is TokenType.L_PAREN:
            picked = picked[1:-1]  # `COLUMNS (a, b)`
    insert = [
        _like(tokens[k], TokenType.INSERT, "INSERT"), _like(tokens[k + 2], TokenType.INTO, "INTO")
    ]
    select = [_like(tokens[target_end], TokenType.SELECT, "SELECT")]
    return [
        *insert, *tokens[k + 3 : target_end], *select, *picked, tokens[target_end],
        *tokens[target_end + 1 : source_end],
    ]


def _like(token: Token, kind: TokenType, text: str) -> Token:
    """A new token `text` where `token` stands (its line and place in the text)."""
    return Token(kind, text, token.line, token.col, token.start, token.end)
