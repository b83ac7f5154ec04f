"""T-SQL's UPDATE and DELETE through a CTE: `WITH u AS (SELECT ...) UPDATE u SET ...`.

SQL Server writes the base table behind the CTE, as through an updatable view: an UPDATE the
one table whose plain columns its SET names, traced through the CTE's projections (a CTE over
a join too: `WITH u AS (SELECT t.email, s.email AS new_email FROM t JOIN s ...) UPDATE u SET
email = new_email` writes t.email), a DELETE the CTE's one table. The rows are the CTE's: the
statement's query reads it, so its JOIN and WHERE decide what is written, as a derived table's
do. Where no one table can be told (SET columns of several tables, a column the CTE computes,
a DELETE through a join, which SQL Server refuses too) the statement is `Unsupported`: a name
that is a CTE of the statement is never written as a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from engine.lineage.base_columns import base_tables, output_column, visible
from engine.lineage.schema import TaskSchema, table_id
from engine.lineage.statements import Unsupported


@dataclass(frozen=True)
class ThroughCte:
    """The table an UPDATE or DELETE of a CTE writes, the CTE's query, and the table's
    columns the UPDATE's SET columns are, in order."""

    table: exp.Table
    query: exp.Expr
    columns: tuple[str, ...] = ()


def cte_updated(
    target: exp.Table, with_: exp.With | None, columns: tuple[str, ...],
    schema: TaskSchema | None,
) -> ThroughCte | None:
    """The table and columns an UPDATE of `target` setting `columns` writes, if `target` names
    a CTE of `with_` (None if it names none); raise `Unsupported` if no one table is told."""
    cte = _named_cte(target, with_)
    if cte is None:
        return None
    name = cte.alias_or_name
    ctes = visible(with_, cte)
    tables: dict[str, exp.Table] = {}
    written = []
    for column in columns:
        base = output_column(cte.this, cte.args.get("alias"), column, schema, ctes)
        tid = table_id(base[0]) if base is not None else None
        if base is None or tid is None:
            raise Unsupported(
                f"UPDATE through CTE {name}: its column {column} is no plain column of one"
                " of its tables, so the table written cannot be told"
            )
        tables.setdefault(tid, base[0])
        written.append(base[1])
    if len(tables) != 1:
        several = f"columns of several tables ({', '.join(tables)})" if tables else "no column"
        raise Unsupported(
            f"UPDATE through CTE {name} sets {several}: SQL Server updates one base table"
            " of a CTE per statement"
        )
    return ThroughCte(next(iter(tables.values())), cte.this, tuple(written))


def cte_deleted(target: exp.Table, with_: exp.With | None) -> ThroughCte | None:
    """The table a DELETE from `target` removes rows from, if `target` names a CTE of `with_`
    (None if it names none); raise `Unsupported` unless the CTE reads one table."""
    cte = _named_cte(target, with_)
    if cte is None:
        return None
    tables = base_tables(cte.this, visible(with_, cte))
    if tables is None or len(tables) != 1:
        read = "a set operation" if tables is None else f"{len(tables)} tables"
        raise Unsupported(
            f"DELETE through CTE {cte.alias_or_name}, which reads {read}: the table rows are"
            " deleted from cannot be told (SQL Server deletes through a CTE over one table only)"
        )
    return ThroughCte(tables[0], cte.this)


def _named_cte(target: exp.Table, with_: exp.With | None) -> exp.CTE | None:
    """The CTE of `with_` a one-part `target` names."""
    if with_ is None or target.args.get("db") or target.args.get("catalog"):
        return None
    name = target.name.lower()
    return next((c for c in reversed(with_.expressions) if c.alias_or_name.lower() == name), None)
