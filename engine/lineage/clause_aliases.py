"""ClickHouse aliases in GROUP BY and ORDER BY items: `GROUP BY toDate(event_time) AS on_date`.

ClickHouse lets an alias follow any expression, and its materialised views repeat a
projection's alias in the GROUP BY (`SELECT toDate(t) AS d, count() ... GROUP BY toDate(t) AS
d`). sqlglot's ClickHouse parser reads an alias inside parentheses anywhere (`(a + 1 AS b) * 2`)
but not after a GROUP BY / ORDER BY item, so the statement failed to parse (inside a CTE, with
an error about the CTE's alias) and its lineage was lost. Each such item is parenthesised in
the tokens, `GROUP BY (toDate(t) AS d)`, which sqlglot reads as the aliased expression it is;
the tokens keep their lines and columns.
"""

from __future__ import annotations

from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.neutral import parenthesised, positions

_LISTS = (TokenType.GROUP_BY, TokenType.ORDER_BY)
_NAMES = frozenset({TokenType.VAR, TokenType.IDENTIFIER})
# Tokens that end a GROUP BY / ORDER BY list at its own depth (`WITH TOTALS | ROLLUP | FILL`)
_LIST_ENDS = frozenset({
    TokenType.HAVING, TokenType.ORDER_BY, TokenType.GROUP_BY, TokenType.LIMIT, TokenType.WINDOW,
    TokenType.QUALIFY, TokenType.UNION, TokenType.EXCEPT, TokenType.INTERSECT,
    TokenType.SETTINGS, TokenType.FORMAT, TokenType.SELECT, TokenType.FROM, TokenType.WHERE,
    TokenType.WITH, TokenType.OFFSET, TokenType.FETCH, TokenType.SEMICOLON,
})
_OPENING = frozenset({TokenType.L_PAREN, TokenType.L_BRACKET})
_CLOSING = frozenset({TokenType.R_PAREN, TokenType.R_BRACKET})


def with_parenthesised_item_aliases(tokens: list[Token]) -> list[Token]:
    """`tokens` with each aliased GROUP BY / ORDER BY item, `expr AS name`, parenthesised (the
    module docstring); `tokens` itself if there is none."""
    types = [t.token_type for t in tokens]
    if TokenType.ALIAS not in types:
        return tokens
    items = [span for kind in _LISTS for i in positions(types, kind) for span in _aliased(types, i)]
    if not items:
        return tokens
    return parenthesised(tokens, items)


def _aliased(types: list[TokenType], at: int) -> list[tuple[int, int]]:
    """The items `[start, end)` of the list after the GROUP BY / ORDER BY at `at` that end in
    `AS name`."""
    found: list[tuple[int, int]] = []
    depth, start = 0, at + 1
    for k in range(at + 1, len(types)):
        kind = types[k]
        if kind in _OPENING:
            depth += 1
        elif kind in _CLOSING:
            if depth == 0:  # the list's query is parenthesised: it ends here
                break
            depth -= 1
        elif depth:
            continue
        elif kind is TokenType.COMMA:
            start = k + 1
        elif kind is TokenType.ALIAS:
            if k > start and k + 1 < len(types) and types[k + 1] in _NAMES:
                found.append((start, k + 2))
        elif kind in _LIST_ENDS:
            break
    return found
