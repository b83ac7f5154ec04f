"""Statements that define or attach access policies: they move no data.

Snowflake's `CREATE [OR REPLACE] MASKING | ROW ACCESS | AGGREGATION | PROJECTION | NETWORK |
PASSWORD | SESSION | AUTHENTICATION ... POLICY`, Postgres' `CREATE POLICY p ON t ...`
(row-level security), BigQuery's `CREATE ROW ACCESS POLICY`, Redshift's `CREATE MASKING | RLS
POLICY` and `ATTACH | DETACH ... POLICY`, T-SQL's `CREATE SECURITY POLICY`. sqlglot gives up
on most (a CREATE command, which may move data and says so) and fails on some (Snowflake's
`ROW ACCESS POLICY p AS (...)`, which its parser knows only as a table's `WITH ROW ACCESS POLICY
p ON (c)`; Redshift's ATTACH). Their body is an expression over the policy's arguments, no
table's column is read and no row is written, like GRANT. Told by the words before POLICY,
from the tokens, whatever sqlglot made of them; a table named `policy` is no policy (`CREATE
TABLE policy` has a word no policy has).
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.tokenizer_core import Token, TokenType

# The words between a statement's verb and POLICY (`OR REPLACE`, the policy's kind)
_POLICY_WORDS = frozenset({
    "or", "replace", "alter", "masking", "row", "access", "aggregation", "projection", "network",
    "password", "session", "authentication", "rls", "security", "join", "privacy", "packages",
    "storage", "lifecycle", "backup", "snapshot", "feature",
})
_VERBS = frozenset({"create", "attach", "detach"})
_OR_REPLACE = frozenset({"or", "replace", "alter"})  # (T-SQL's `CREATE OR ALTER`)
# How the statement is named once read (`exp.Command`'s `this`): writes nothing (`statements`)
_SUFFIX = " POLICY"


def policy_statement(tokens: list[Token]) -> exp.Command | None:
    """The statement of `tokens`, if it defines or attaches a policy: a command named by its
    words (`CREATE MASKING POLICY`) that writes nothing; None for any other statement."""
    if not tokens or _word(tokens[0]) not in _VERBS:
        return None
    for k in range(1, len(tokens)):
        word = _word(tokens[k])
        if word == "policy":
            kind = [t.text.upper() for t in tokens[:k] if _word(t) not in _OR_REPLACE]
            return exp.Command(this=" ".join(kind) + _SUFFIX)
        if word not in _POLICY_WORDS:
            return None
    return None


def is_policy_statement(tree: exp.Expr | None) -> bool:
    """`tree` is a policy's statement as `policy_statement` names it."""
    return isinstance(tree, exp.Command) and str(tree.this).endswith(_SUFFIX)


def _word(token: Token) -> str:
    """A keyword's or plain name's text in lowercase; "" for a quoted name or a string."""
    if token.token_type in (TokenType.STRING, TokenType.IDENTIFIER):
        return ""
    return token.text.lower()
