"""Script variables whose value is a query: `DECLARE v DEFAULT (SELECT ...)`, `SET v = (...)`.

dbt-bigquery's incremental build declares `_dbt_max_partition DEFAULT (SELECT MAX(ts) FROM
<model>)` and filters the new rows by it (`WHERE ts >= _dbt_max_partition`). The variable is
that scalar subquery's value, so a statement using it reads what the subquery reads, as the
same subquery written inline would: the variable is read as a copy of it (its columns FILTER
sources in a WHERE, DIRECT ones in a projection). A variable with any other value stays a
constant (`schema.variables`).

Only a file with such a declaration pays: a regex finds one before anything is tokenized, and
a statement is walked only while the file has a variable with a query value.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokenizer_core import TokenType

from engine.lineage.schema import TaskSchema, table_id
from engine.lineage.session import declare_items, set_pairs

# A DECLARE whose DEFAULT is parenthesised (a query, maybe): worth tokenizing the file for.
_DECLARED_QUERY = re.compile(r"\bdeclare\b[^;]*?\bdefault\s*\(", re.IGNORECASE)


def declared_queries(text: str, dialect: Dialect) -> dict[str, exp.Subquery]:
    """The variables `text`'s DECLAREs give a query value (`DECLARE v [type] DEFAULT (SELECT
    ...)`), by lowercase name. Read from the file as written: a script's DECLAREs are blanked
    with its control flow before its statements are parsed."""
    if not _DECLARED_QUERY.search(text):
        return {}
    try:
        tokens = dialect.tokenize(text)
    except SqlglotError:
        return {}
    found: dict[str, exp.Subquery] = {}
    for i, token in enumerate(tokens):
        if token.token_type != TokenType.DECLARE and token.text.lower() != "declare":
            continue
        end, depth = i, 0
        while end + 1 < len(tokens):
            kind = tokens[end + 1].token_type
            if kind == TokenType.SEMICOLON and depth == 0:
                break
            depth += (kind == TokenType.L_PAREN) - (kind == TokenType.R_PAREN)
            end += 1
        try:
            declare = sqlglot.parse_one(text[token.start : tokens[end].end + 1], read=dialect)
        except SqlglotError:
            continue
        if isinstance(declare, exp.Declare):
            found.update(declared(declare))
    return found


def declared(declare: exp.Declare) -> dict[str, exp.Subquery]:
    """The plain names a parsed DECLARE gives a query value (`DECLARE a, b INT64 DEFAULT
    (SELECT ...)`)."""
    return {
        name.name.lower(): value
        for name, value in declare_items(declare)
        if isinstance(value, exp.Subquery) and not name.name.startswith("@")
    }


def assigned(statement: exp.Set, variables: set[str]) -> dict[str, exp.Subquery | None]:
    """BigQuery `SET v = (SELECT ...)`: each declared variable `statement` sets, with its new
    value's query (None: a plain value, which ends an earlier query value)."""
    found: dict[str, exp.Subquery | None] = {}
    for target, value in set_pairs(statement):
        if not isinstance(target, exp.Column) or target.table:
            continue
        name = target.name.lower()
        if name in variables:
            found[name] = value if isinstance(value, exp.Subquery) else None
    return found


def inline_queries(
    statement: exp.Expr, queries: dict[str, exp.Subquery], schema: TaskSchema
) -> None:
    """Read, in place, each use of a variable with a query value in `statement` as a copy of
    that query; a name a table of the statement has a column of is that column."""
    uses: list[exp.Column] = []
    tables: list[exp.Table] = []
    for node in statement.find_all(exp.Column, exp.Table):
        if isinstance(node, exp.Table):
            tables.append(node)
        elif not node.table and node.name.lower() in queries:
            uses.append(node)
    if not uses:
        return
    owned: set[str] = set()
    for table in tables:
        tid = table_id(table)
        if tid is not None:
            owned.update(schema.columns(tid) or ())
    for use in uses:
        if use.name.lower() not in owned:
            use.replace(queries[use.name.lower()].copy())
