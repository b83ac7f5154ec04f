"""An upsert's query ending in a join without a condition, parenthesised before it is parsed.

In Postgres (and DuckDB, whose grammar is Postgres's) a NATURAL or CROSS join takes no ON, so
in `INSERT INTO t SELECT ... FROM a NATURAL JOIN b ON CONFLICT (id) DO UPDATE ...` the ON can
only begin the upsert. sqlglot's join parser takes any ON after a join for its condition: the
statement failed to parse past it, the upsert lost, and `ON conflict(id)` read as a join
condition. `INSERT INTO t (SELECT ... NATURAL JOIN b) ON CONFLICT ...` is the same statement,
which sqlglot reads as meant.
"""

from __future__ import annotations

import re

from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.neutral import parenthesised, token_matches

_ON_CONFLICT = re.compile(r"on\s+conflict\b", re.IGNORECASE)
# Between a join's keyword and an ON that would be its condition stands only the joined
# relation (its name, alias, a parenthesised part, LATERAL, WITH ORDINALITY): any of these
# at the same depth means the ON is not right after a join.
_NOT_A_JOIN_TAIL = frozenset(
    {
        TokenType.ON,
        TokenType.USING,
        TokenType.WHERE,
        TokenType.GROUP_BY,
        TokenType.HAVING,
        TokenType.ORDER_BY,
        TokenType.LIMIT,
        TokenType.OFFSET,
        TokenType.FETCH,
        TokenType.WINDOW,
        TokenType.UNION,
        TokenType.EXCEPT,
        TokenType.INTERSECT,
        TokenType.SELECT,
        TokenType.FROM,
        TokenType.VALUES,
        TokenType.INSERT,
    }
)
_QUERY_STARTS = (TokenType.SELECT, TokenType.WITH)


def parenthesised_upsert_queries(tokens: list[Token], sql: str) -> list[Token]:
    """Return `tokens` (into `sql`) with the query of each INSERT whose `ON CONFLICT` follows a
    join put in parentheses; `tokens` itself when there is none."""
    conflicts = token_matches(_ON_CONFLICT, tokens, sql) if tokens else []
    if not conflicts:
        return tokens
    types = [t.token_type for t in tokens]
    queries = [(start, at) for at in conflicts
               if (start := _query_start(types, at)) is not None]
    return parenthesised(tokens, queries) if queries else tokens


def _query_start(types: list[TokenType], at: int) -> int | None:
    """Where the query of the INSERT whose `ON CONFLICT` is at `at` starts, if its last join
    has no condition (the ON would be taken for one); else None."""
    depth = 0
    joined = False
    for k in range(at - 1, -1, -1):
        kind = types[k]
        if kind is TokenType.R_PAREN:
            depth += 1
        elif kind is TokenType.L_PAREN:
            depth -= 1
            if depth < 0:
                return None  # inside parentheses: not the upsert of a statement
        elif depth:
            continue
        elif kind is TokenType.JOIN and not joined:
            joined = True
        elif kind is TokenType.INSERT:
            return _first_query_token(types, k, at) if joined else None
        elif kind is TokenType.SEMICOLON:
            return None  # the statement began after it, with no INSERT
        elif not joined and kind in _NOT_A_JOIN_TAIL:
            return None
    return None


def _first_query_token(types: list[TokenType], insert: int, end: int) -> int | None:
    """The SELECT / WITH that starts the INSERT's query (after its target and column list)."""
    depth = 0
    for k in range(insert + 1, end):
        kind = types[k]
        depth += (kind is TokenType.L_PAREN) - (kind is TokenType.R_PAREN)
        if depth == 0 and kind in _QUERY_STARTS:
            return k
    return None
