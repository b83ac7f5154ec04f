"""ClickHouse's scalar WITH: `WITH <expression> AS name SELECT ... name ...`.

The expression form of ClickHouse's WITH binds a name to a value, not a relation: every use of
the name in the query stands for the expression (`WITH lower(email) AS mail SELECT id, mail
FROM users` reads `lower(email)`; `WITH toStartOfHour(now()) AS h ... WHERE ts >= h`;
`WITH (SELECT max(x) FROM s) AS m`). sqlglot parses it as a CTE flagged `scalar`, which
sqlglot's scope building cannot traverse (it logs "Cannot traverse scope") and which no query
reads as a table, so the name matched no source. Each use of the name is replaced by a copy of
the expression, as an alias is expanded, and the CTE is dropped; the query then reads what the
expression reads where the name is used. A use that is itself a projection keeps the name as
its alias (ClickHouse names that column so).

The name is visible in the query the WITH belongs to and in its subqueries (ClickHouse's
`enable_global_with_statement`, on by default), and in the WITH's other expressions and CTE
bodies; a qualified `t.name` is a column, and a SELECT that aliases a projection with the
name, or a lambda that takes it as a parameter, has its own. A copy carries the position of the
use it replaces (an edge's line is the line where the name is used, not the WITH's).
"""

from __future__ import annotations

from sqlglot import exp

_POSITION = ("line", "col", "start", "end")
# Expressions a copy is parenthesised around, so the tree reads as the text would
_OPERATIONS = (exp.Binary, exp.Unary)


def scalar_ctes_as_expressions(withs: list[exp.With]) -> bool:
    """Replace, in place, every use of the name of a scalar CTE of `withs` (the WITHs of one
    tree) by its expression and drop the CTE (the module docstring); whether any was."""
    withs = [w for w in withs if any(c.args.get("scalar") for c in w.expressions)]
    # innermost first: an inner WITH's name shadows an outer one's
    for with_ in sorted(withs, key=_depth, reverse=True):
        query = with_.parent or with_
        for cte in [c for c in with_.expressions if c.args.get("scalar")]:
            _substitute(cte, query)
            cte.pop()
        if not with_.expressions:
            with_.pop()
    return bool(withs)


def _substitute(cte: exp.CTE, query: exp.Expr) -> None:
    name, value = cte.alias, cte.this
    uses = [
        column for column in query.find_all(exp.Column)
        if not column.table and column.name == name and not _own_name(column, name, cte, query)
    ]
    for use in uses:
        copy = _positioned(value.copy(), use)
        if isinstance(copy, _OPERATIONS):
            copy = exp.paren(copy, copy=False)
        if isinstance(use.parent, exp.Select) and use.arg_key == "expressions":
            copy = exp.alias_(copy, use.this.copy(), copy=False)  # the column keeps its name
        use.replace(copy)


def _own_name(column: exp.Column, name: str, cte: exp.CTE, query: exp.Expr) -> bool:
    """Whether `column` is no use of the WITH's name: it is in the WITH expression itself (its
    own text: `WITH lower(email) AS email`), a lambda's parameter, or a name a SELECT inside the
    WITH's query gives its own projection."""
    node: exp.Expr | None = column.parent
    while node is not None and node is not query:
        if node is cte:
            return True
        if isinstance(node, exp.Lambda) and any(p.name == name for p in node.expressions):
            return True
        if isinstance(node, exp.Select) and any(_names(p, name) for p in node.expressions):
            return True
        node = node.parent
    return False


def _names(projection: exp.Expr, name: str) -> bool:
    """Whether `projection` gives `name` to another value (`x AS name`; `name AS name` is the
    name used)."""
    if not isinstance(projection, exp.Alias) or projection.alias != name:
        return False
    value = projection.this
    return not (isinstance(value, exp.Column) and not value.table and value.name == name)


def _positioned(copy: exp.Expr, use: exp.Column) -> exp.Expr:
    """`copy` with no position of the WITH's text, and the position of `use` on its root."""
    for node in copy.walk():
        if node.meta_get("line") is not None:
            for key in _POSITION:
                node.meta.pop(key, None)
    where = use.this.meta if isinstance(use.this, exp.Identifier) else {}
    copy.meta.update({k: where[k] for k in _POSITION if k in where})
    return copy


def _depth(node: exp.Expr) -> int:
    depth, parent = 0, node.parent
    while parent is not None:
        depth, parent = depth + 1, parent.parent
    return depth
