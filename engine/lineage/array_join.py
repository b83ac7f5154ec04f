"""ClickHouse `ARRAY JOIN`: the names it makes read as the `arrayJoin(...)` they stand for.

`SELECT sid, page FROM s ARRAY JOIN pages AS page` is `SELECT sid, arrayJoin(pages) AS page FROM
s`: each element of `pages` is a row, and `page` is that element. Unaliased, `ARRAY JOIN pages`
makes `pages` itself name the element. sqlglot keeps the join's items as expressions that no
scope lists as a source, so before qualify each reference to such a name (outside the FROM) is
written as the explode of the item, and lineage sees exactly what the `arrayJoin` form gives.
"""

from __future__ import annotations

from sqlglot import exp

_KEPT = ("from_", "joins", "with_")  # where a reference is to the table's column, not the element


def rewrite_array_joins(selects: list[exp.Select]) -> None:
    """Write the names each `ARRAY JOIN` of `selects` makes as the explode of its array."""
    for select in selects:
        items = _items(select)
        if items:
            _replace_references(select, items)


def _items(select: exp.Select) -> dict[tuple[str, str], exp.Expr]:
    """`(table, name) -> array` for the names the select's ARRAY JOINs make ('' table: bare)."""
    found: dict[tuple[str, str], exp.Expr] = {}
    for join in select.args.get("joins") or ():
        if str(join.args.get("kind") or "").upper() != "ARRAY":
            continue
        for item in (join.this, *join.expressions):
            if isinstance(item, exp.Alias):
                found[("", item.alias.lower())] = item.this
            elif isinstance(item, exp.Column):
                found[("", item.name.lower())] = item
                if item.table:
                    found[(item.table.lower(), item.name.lower())] = item
    return found


def _replace_references(select: exp.Select, items: dict[tuple[str, str], exp.Expr]) -> None:
    references: list[tuple[exp.Column, exp.Expr]] = []
    for key, value in select.args.items():
        if key in _KEPT or value is None:
            continue
        for root in value if isinstance(value, list) else [value]:
            if not isinstance(root, exp.Expr):
                continue
            # a subquery's names are its own
            for node in root.walk(prune=lambda n: isinstance(n, exp.Query) and n is not select):
                if isinstance(node, exp.Column):
                    array = items.get((node.table.lower(), node.name.lower()))
                    if array is not None:
                        references.append((node, array))
    for column, array in references:
        element = exp.Explode(this=array.copy())
        if column.parent is select and column.arg_key == "expressions":
            element = exp.alias_(element, column.name)  # the output keeps its name
        column.replace(element)
