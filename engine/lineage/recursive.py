"""CTEs that read themselves without saying RECURSIVE.

T-SQL and Oracle write a recursive CTE with no keyword at all, and Snowflake and SQLite make it
optional; sqlglot's scope builder treats a CTE as recursive only when `WITH RECURSIVE` was
written, so the self-reference would be read as a table of that name. In those dialects a CTE
whose body is a set operation naming the CTE itself is recursive (a plain `WITH t AS (SELECT
... FROM t)` stays a read of the table `t`: no anchor, no recursion). Elsewhere the keyword is
required, and a CTE naming itself without it reads the table.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.oracle import Oracle
from sqlglot.dialects.snowflake import Snowflake
from sqlglot.dialects.sqlite import SQLite
from sqlglot.dialects.tsql import TSQL

_KEYWORD_OPTIONAL = (TSQL, Oracle, Snowflake, SQLite)


def mark_recursive(withs: Iterable[exp.With], dialect: Dialect) -> None:
    """Set RECURSIVE on each WITH of `withs` holding a CTE that reads itself, in the dialects
    where the keyword is optional."""
    if not isinstance(dialect, _KEYWORD_OPTIONAL):
        return
    for with_ in withs:
        if not with_.args.get("recursive") and any(map(_reads_itself, with_.expressions)):
            with_.set("recursive", True)


def _reads_itself(cte: exp.CTE) -> bool:
    body = cte.this
    if not isinstance(body, exp.SetOperation):
        return False
    name = cte.alias_or_name.lower()
    return any(t.name.lower() == name and not t.args.get("db") for t in body.find_all(exp.Table))


def is_recursive_cte(query: exp.Expr) -> bool:
    """True if `query` is the body of a recursive CTE (a UNION whose later branches read the
    CTE): its scope's stand-in for the self-reference is over the first branch."""
    cte = query.parent
    with_ = cte.parent if isinstance(cte, exp.CTE) else None
    return (
        isinstance(query, exp.SetOperation)
        and isinstance(with_, exp.With)
        and bool(with_.args.get("recursive"))
    )
