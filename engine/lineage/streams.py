"""Databricks Delta Live Tables `FROM stream(raw.events) e`: the rows of the table, as they come.

sqlglot wraps the table in `Stream(Subquery(Table))`, with the alias on the subquery, which no
scope sees as the table: unwrapped before qualify, it reads like `FROM raw.events e`.
"""

from __future__ import annotations

from sqlglot import exp

from engine.lineage.scopes import relations


def unwrap_streams(selects: list[exp.Select]) -> None:
    """Replace each `stream(t) [alias]` in the FROM / JOINs of `selects` by `t [alias]`."""
    for select in selects:
        for relation in list(relations(select)):  # listed first: some are replaced
            if isinstance(relation, exp.Stream):
                _unwrap(relation)


def _unwrap(stream: exp.Stream) -> None:
    inner = stream.this
    alias = inner.args.get("alias") if isinstance(inner, exp.Subquery) else None
    table = inner.this if isinstance(inner, exp.Subquery) else inner
    if not isinstance(table, exp.Table):
        return  # stream(<a query>): left as it is
    if alias is not None and not table.args.get("alias"):
        table.set("alias", alias)
    stream.replace(table)
