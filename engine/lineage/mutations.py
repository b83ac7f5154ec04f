"""ClickHouse mutations, read as the UPDATE or DELETE they are.

`ALTER TABLE t [ON CLUSTER c] UPDATE col = expr, ... [IN PARTITION p] WHERE cond` rewrites
t's rows as `UPDATE t SET col = expr, ... WHERE cond` does, and `ALTER TABLE t DELETE [IN
PARTITION p] WHERE cond` removes them as `DELETE FROM t WHERE cond` does. sqlglot keeps both
as bare commands (their lineage lost without a word), so the tokens are respelled before
parsing: the same tokens, at the same places, with the ALTER's words turned into the DML's.
Where a mutation runs (a cluster, a partition) moves no value: those words are dropped.
"""

from __future__ import annotations

from operator import attrgetter

from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.neutral import name_end

_TOKEN_TYPE = attrgetter("token_type")


def mutation_as_dml(tokens: list[Token]) -> list[Token]:
    """Return a ClickHouse `ALTER TABLE t UPDATE ... WHERE` / `ALTER TABLE t DELETE WHERE`
    statement's tokens spelled as its UPDATE / DELETE; any other statement's as they are."""
    types = list(map(_TOKEN_TYPE, tokens))
    if len(types) < 4 or types[0] is not TokenType.ALTER or types[1] is not TokenType.TABLE:
        return tokens
    name = name_end(types, 2)
    verb = name
    if verb + 2 < len(types) and types[verb] is TokenType.ON and (
        tokens[verb + 1].text.upper() == "CLUSTER"
    ):
        verb += 3
    if verb >= len(types) or types[verb] not in (TokenType.UPDATE, TokenType.DELETE):
        return tokens
    rest = tokens[verb + 1 :]
    partition = next(
        (i for i in range(len(rest) - 1)
         if rest[i].token_type is TokenType.IN and rest[i + 1].token_type is TokenType.PARTITION),
        None,
    )
    if partition is not None:  # `IN PARTITION p`, up to WHERE
        where = next(
            (i for i in range(partition, len(rest)) if rest[i].token_type is TokenType.WHERE),
            len(rest),
        )
        rest = rest[:partition] + rest[where:]
    alter, table, verb_token = tokens[0], tokens[1], tokens[verb]
    if verb_token.token_type is TokenType.UPDATE:
        head = [_as(alter, TokenType.UPDATE), *tokens[2:name], _as(verb_token, TokenType.SET)]
    else:
        head = [_as(alter, TokenType.DELETE), _as(table, TokenType.FROM), *tokens[2:name]]
    return head + rest


def _as(token: Token, kind: TokenType) -> Token:
    """`token`, where it is, as the keyword `kind`."""
    return Token(kind, kind.name.lower(), token.line, token.col, token.start, token.end,
                 token.comments)
