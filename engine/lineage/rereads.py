"""Constructs sqlglot parses in a generic way that a dialect gives a meaning of its own.

Run by `normalise` before qualify, on the nodes its one walk found (`kinds_for` says which
extra node classes a dialect needs found):
- an aggregate sqlglot knows only by name becomes one (`aggregates`);
- the receiver of a method call on an expression (Oracle `xmltype(doc).getClobVal()`) gets
  back the columns the parser turned into names.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError

from engine.lineage.aggregates import mark_aggregates

_COLUMN_PARTS = ("this", "table", "db", "catalog")


def kinds_for(dialect: Dialect | None) -> tuple[type[exp.Expr], ...]:
    """The node classes, besides `exp.Anonymous`, that `reread` needs found in `dialect`."""
    return ()


def reread(tree: exp.Expr, dialect: Dialect | None, nodes: list[exp.Expr]) -> exp.Expr:
    """Return `tree` with the constructs of `dialect` among `nodes` read as the dialect means
    them (in place; a new root only if the root itself was rewritten)."""
    functions = [n for n in nodes if type(n) is exp.Anonymous]
    _method_receivers(functions, dialect)
    mark_aggregates(functions, dialect)
    return tree


def _method_receivers(functions: list[exp.Anonymous], dialect: Dialect | None) -> None:
    """`f(doc).m()`: sqlglot reads a function after a dot as a qualified name (BigQuery
    `x.y.count(...)`), so it turns every column before the dot into a name path, even where
    that is an expression: `doc` becomes a bare identifier and its lineage is lost. The
    receiver is printed and parsed again on its own, and each name path the parser reads
    there as a column becomes that column again (built from the original names)."""
    for method in functions:
        dot = method.parent
        if not isinstance(dot, exp.Dot) or dot.expression is not method:
            continue
        receiver = dot.this
        if _is_name_path(receiver):
            continue  # `schema.fn()`, `SAFE.SUBSTR()`: a qualified function name
        try:
            reparsed = sqlglot.parse_one(receiver.sql(dialect=dialect), read=dialect)
        except SqlglotError:
            continue
        _restore_columns(receiver, reparsed)


def _restore_columns(original: exp.Expr, reparsed: exp.Expr) -> None:
    stack = [(original, reparsed)]
    while stack:
        node, twin = stack.pop()
        if isinstance(twin, exp.Column) and _is_name_path(node):
            names = [n for n in node.walk(bfs=False) if isinstance(n, exp.Identifier)]
            if [n.name for n in names] == [p.name for p in twin.parts]:
                column = exp.Column()
                node.replace(column)  # first: the column takes the names out of `node`
                for key, name in zip(_COLUMN_PARTS, reversed(names)):
                    column.set(key, name)
            continue
        if type(node) is not type(twin):
            continue  # the round trip changed the shape here: left as it was
        children, twins = list(node.iter_expressions()), list(twin.iter_expressions())
        if len(children) == len(twins):
            stack.extend(zip(children, twins))


def _is_name_path(node: exp.Expr) -> bool:
    """An identifier, or identifiers joined by dots (`a.b.c`)."""
    if isinstance(node, exp.Identifier):
        return True
    return isinstance(node, exp.Dot) and all(
        isinstance(n, (exp.Dot, exp.Identifier)) for n in node.walk()
    )
