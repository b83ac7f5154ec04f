"""A pivoted relation that shares its query with other relations, made a query of its own.

`FROM t PIVOT (sum(x) FOR k IN (...)) AS p JOIN u ON ...` is
`FROM (SELECT * FROM t PIVOT (...) AS p) AS p JOIN u ON ...`: the same relation, but sqlglot
then sees it as the derived table it is. Left in place, sqlglot's scope knows only the table
under the pivot: the pivot's columns (`sum(x)`, `k`) were resolved among every joined table (a
same-named column of `u` was ambiguous or, in a NATURAL join, merged into a key), a NATURAL /
USING join matched the table's columns instead of the pivot's, two pivots of one table gave
that table's alias twice, and a subquery naming the pivot's alias found no such source.
A lone pivot is made a query of its own too where its SELECT names one of its output aliases
by a bare name (a lateral column alias, an alias in WHERE): sqlglot qualifies every bare name
of such a SELECT with the pivot's alias, so the alias would be read as a column of the table.
"""

from __future__ import annotations

from sqlglot import exp

# Where a pivoted relation is read: an UPDATE's FROM, a DELETE's USING and a MERGE's USING
# always share the statement with its target.
_STATEMENTS = (exp.Select, exp.Update, exp.Delete, exp.Merge)


def isolate_pivots(pivots: list[exp.Pivot]) -> None:
    """Wrap the relation of each clause-form pivot among `pivots` in `(SELECT * FROM ...)`,
    where its statement reads other relations or holds a subquery (that may name its alias)."""
    done: set[int] = set()
    for pivot in pivots:
        relation = pivot.parent
        if pivot.this is not None or id(relation) in done or not isinstance(
            relation, (exp.Table, exp.Subquery)
        ):
            continue  # a statement form (already a query), or a chain's later pivot
        done.add(id(relation))
        owner = relation.parent
        while isinstance(owner, (exp.From, exp.Join, exp.Table)):  # T-SQL UPDATE's joins hang
            owner = owner.parent  # on its FROM table
        name = relation.args["pivots"][-1].alias or relation.alias_or_name
        if not name or not isinstance(owner, _STATEMENTS):
            continue
        if (
            isinstance(owner, exp.Select)
            and not _shared(owner, relation)
            and not _names_alias(owner, relation)
        ):
            continue
        wrapped = exp.Select(expressions=[exp.Star()])
        relation.replace(wrapped.subquery(exp.to_identifier(name), copy=False))
        wrapped.from_(relation, copy=False)


def _shared(select: exp.Select, relation: exp.Expr) -> bool:
    """True if `select` reads another relation besides `relation`, or holds a nested query
    outside it (a correlated subquery may name the pivot's alias)."""
    if select.args.get("joins") or select.args.get("laterals"):
        return True
    return any(
        node is not select and not _within(node, relation)
        for node in select.find_all(exp.Query)
    )


def _names_alias(select: exp.Select, relation: exp.Expr) -> bool:
    """True if a bare name outside `relation` is the alias of one of `select`'s projections
    (`SELECT p.a AS la, abs(la)`, `... WHERE la > 0`)."""
    aliases = {e.alias.lower() for e in select.expressions if isinstance(e, exp.Alias)}
    return bool(aliases) and any(
        not column.table and column.name.lower() in aliases and not _within(column, relation)
        for column in select.find_all(exp.Column)
    )


def _within(node: exp.Expr, ancestor: exp.Expr) -> bool:
    parent: exp.Expr | None = node
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False
