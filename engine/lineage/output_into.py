"""T-SQL `OUTPUT ... INTO t [(columns)]`: the rows a statement changed, written to a table too.

sqlglot reads `OUTPUT` as a RETURNING clause, and its `INTO` only into a table variable: into
a table, or with a column list, the whole statement fails to parse (an INSERT, UPDATE, DELETE
or MERGE lost with its audit log). The target is cut out of the tokens before parsing and put
back, parsed on its own, as the clause's `into` (an `exp.Schema` when it has a column list),
which is where sqlglot keeps it for a table variable; `statements.py` then makes it a write.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import ParseError
from sqlglot.parser import Parser
from sqlglot.tokenizer_core import Token, TokenType

_NAME_PARTS = frozenset({TokenType.VAR, TokenType.IDENTIFIER, TokenType.DOT, TokenType.HASH,
                         TokenType.PARAMETER})
_COLUMN_PARTS = frozenset({TokenType.VAR, TokenType.IDENTIFIER, TokenType.COMMA})
# No OUTPUT clause reaches past one of these (at depth 0): a later statement's `SELECT ... INTO`
# in a script without semicolons is its own.
_STATEMENT_STARTS = frozenset({
    TokenType.SELECT, TokenType.INSERT, TokenType.UPDATE, TokenType.DELETE, TokenType.MERGE,
    TokenType.WITH, TokenType.CREATE, TokenType.DROP, TokenType.TRUNCATE, TokenType.EXECUTE,
    TokenType.DECLARE,
})


@dataclass(frozen=True)
class OutputTarget:
    """The INTO of one OUTPUT clause: the clause's token, the target's and its column list's."""

    clause: Token
    name: list[Token]
    columns: list[Token]


def cut_output_targets(tokens: list[Token]) -> tuple[list[Token], list[OutputTarget]]:
    """Return `tokens` without the `INTO t [(columns)]` of each OUTPUT clause, and those; and
    without the FROM of `DELETE FROM t OUTPUT ...` (sqlglot reads OUTPUT only in `DELETE t
    OUTPUT ...`, which deletes from t all the same)."""
    if not any(t.token_type is TokenType.RETURNING for t in tokens):
        return tokens, []
    tokens = _without_delete_from(tokens)
    kept: list[Token] = []
    found: list[OutputTarget] = []
    clause: Token | None = None
    depth, i = 0, 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.token_type
        depth += (kind == TokenType.L_PAREN) - (kind == TokenType.R_PAREN)
        if kind == TokenType.RETURNING:
            clause = token
        elif kind in _STATEMENT_STARTS and depth == 0:
            clause = None
        elif kind == TokenType.INTO and clause is not None and depth == 0:
            end = i + 1
            while end < len(tokens) and tokens[end].token_type in _NAME_PARTS:
                end += 1
            name, columns = tokens[i + 1 : end], []
            if end < len(tokens) and tokens[end].token_type == TokenType.L_PAREN:
                close = end + 1
                while close < len(tokens) and tokens[close].token_type in _COLUMN_PARTS:
                    close += 1
                if close < len(tokens) and tokens[close].token_type == TokenType.R_PAREN:
                    columns, end = tokens[end + 1 : close], close + 1
            if name:
                found.append(OutputTarget(clause, name, columns))
                clause, i = None, end
                continue
        kept.append(token)
        i += 1
    return kept, found


def _without_delete_from(tokens: list[Token]) -> list[Token]:
    """`tokens` without the FROM of each `DELETE FROM t OUTPUT`."""
    drop: set[int] = set()
    for i in range(len(tokens) - 2):
        if tokens[i].token_type == TokenType.DELETE and tokens[i + 1].token_type == TokenType.FROM:
            end = i + 2
            while end < len(tokens) and tokens[end].token_type in _NAME_PARTS:
                end += 1
            if end < len(tokens) and tokens[end].token_type == TokenType.RETURNING:
                drop.add(i + 1)
    return [t for k, t in enumerate(tokens) if k not in drop] if drop else tokens


def attach_output_targets(
    tree: exp.Expr, tokens: list[Token], found: list[OutputTarget], parser: Parser, sql: str
) -> None:
    """Set the `into` of each OUTPUT clause of `tree` (parsed from `tokens`) to its target."""
    mine = [f for f in found if any(t is f.clause for t in tokens)]
    clauses = [r for r in tree.find_all(exp.Returning) if not r.args.get("into")]
    for target, returning in zip(mine, clauses, strict=False):
        try:
            table = parser.parse_into(exp.Table, target.name, sql)[0]
        except ParseError:
            continue
        if not isinstance(table, exp.Table):
            continue
        names = [exp.to_identifier(t.text) for t in target.columns
                 if t.token_type != TokenType.COMMA]
        returning.set("into", exp.Schema(this=table, expressions=names) if names else table)
