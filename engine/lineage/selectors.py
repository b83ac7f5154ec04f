"""DuckDB's `COLUMNS(...)` selectors, expanded against the known columns of the tables read.

`COLUMNS('^sales_')`, `COLUMNS(* EXCLUDE (id))` and `max(COLUMNS('^m_'))` stand for one
projection per matching column of the SELECT's sources, in their order; `UNPIVOT t ON
COLUMNS(* EXCLUDE (id))` unpivots those columns. sqlglot keeps the selector as one node, which
qualify neither expands nor understands (it took `id` in `* EXCLUDE (id)` for the unpivoted
column). Before qualify, each selector whose sources are all named tables of known columns is
written out as the columns it selects; any other (a lambda, a source of unknown columns) is
left as it is.
"""

from __future__ import annotations

import re

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from engine.lineage.schema import Columns, table_id


def expand_selectors(query: exp.Expr, columns_of: Columns, dialect: Dialect) -> None:
    """Rewrite, in place, every `COLUMNS(...)` of `query` that can be expanded (see the module
    docstring); `columns_of(table_id)` gives a table's known columns."""
    for node in list(query.find_all(exp.Columns)):
        parent = node.parent
        if isinstance(parent, exp.In) and isinstance(parent.parent, exp.Pivot):
            _expand_unpivoted(node, parent, parent.parent, columns_of)
        else:
            _expand_projection(node, columns_of, dialect)


def _expand_unpivoted(
    node: exp.Columns, field: exp.In, pivot: exp.Pivot, columns_of: Columns
) -> None:
    table = pivot.parent
    known = columns_of(table_id(table) or "") if isinstance(table, exp.Table) else None
    names = _selected(node, [(None, c) for c in known or ()])
    if not known or names is None:
        return
    picked = [exp.column(name) for _owner, name in names]
    field.set("expressions", [e for x in field.expressions for e in (picked if x is node else [x])])


def _expand_projection(node: exp.Columns, columns_of: Columns, dialect: Dialect) -> None:
    projection: exp.Expr = node
    while projection.parent is not None and not isinstance(projection.parent, exp.Select):
        projection = projection.parent
    select = projection.parent
    if not isinstance(select, exp.Select) or projection.arg_key != "expressions":
        return  # in a WHERE or GROUP BY: left as written
    known = _source_columns(select, columns_of)
    names = _selected(node, known) if known is not None else None
    if names is None:
        return
    expanded: list[exp.Expr] = []
    for owner, name in names:
        if projection is node:
            expanded.append(exp.column(name, table=owner))
            continue
        copy = projection.copy()
        bare = exp.column(name)
        next(copy.find_all(exp.Columns)).replace(bare)
        if not isinstance(copy, exp.Alias):  # DuckDB names it as written, the column in place
            copy = exp.alias_(copy, copy.sql(dialect=dialect).lower(), quoted=True)
        bare.replace(exp.column(name, table=owner))
        expanded.append(copy)
    kept = select.expressions
    select.set("expressions", [e for p in kept for e in (expanded if p is projection else [p])])


def _source_columns(select: exp.Select, columns_of: Columns) -> list[tuple[str, str]] | None:
    """Every column of the SELECT's FROM and JOIN tables, in order, with the name it is
    reached by; None if a source is not a named table of known columns."""
    relations = [select.args.get("from_"), *(select.args.get("joins") or [])]
    out: list[tuple[str, str]] = []
    for relation in relations:
        table = relation.this if relation is not None else None
        if not isinstance(table, exp.Table):
            return None
        known = columns_of(table_id(table) or "")
        if not known:
            return None
        out.extend((table.alias_or_name, c) for c in known)
    return out or None


def _selected(
    node: exp.Columns, known: list[tuple[str | None, str]]
) -> list[tuple[str | None, str]] | None:
    """The columns among `known` the selector picks, or None if it cannot tell."""
    what = node.this
    if isinstance(what, exp.Star):
        if what.args.get("replace") or what.args.get("rename"):
            return None
        dropped = {c.name.lower() for c in what.args.get("except_") or []}
        return [(o, c) for o, c in known if c.lower() not in dropped]
    if isinstance(what, exp.Literal) and what.is_string:
        try:
            pattern = re.compile(what.this)
        except re.error:
            return None
        return [(o, c) for o, c in known if pattern.search(c)]
    return None  # a lambda over names: only DuckDB can evaluate it
