"""BigQuery: `FROM e.event_params` in a correlated subquery is an UNNEST of the outer row's array.

In BigQuery a FROM / JOIN item `x.path` whose first name is a range variable in scope (a table
alias, or an unaliased table's name) is an implicit UNNEST of that array column:
`FROM t AS e, e.event_params AS p` is `FROM t AS e, UNNEST(e.event_params) AS p`. sqlglot's
parser (`Parser._implicit_unnests_to_explicit`) rewrites it where x is an earlier FROM / JOIN
item of the same SELECT and the join has no ON; a correlated subquery's `FROM e.event_params
p` names a range variable of an enclosing query, which the parser does not look at, so it stays
a table `e.event_params`: a made-up asset, the array's lineage lost. This completes the rewrite
for those, into the UNNEST the parser writes, so the untyped element fields (`value.int_value`,
`key`) are read as `unnest_fields` reads them. A name the catalog or the script knows as a
table stays that table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from sqlglot import exp

from engine.lineage.catalog_columns import ancestor_ids, outer_queries, relations_around
from engine.lineage.schema import table_id


def unnest_outer_paths(
    tables: list[exp.Table], aliases: list[exp.TableAlias], knows: Callable[[str], bool] | None
) -> None:
    """Rewrite, in place, each of `tables` (a statement's, with its table `aliases`) that is an
    enclosing query's array path (`outer_range_path`) and no table `knows` (a table id ->
    known) into `UNNEST(path) [AS a]`, as sqlglot's parser writes the same path of a range
    variable of its own SELECT."""
    names = range_names(tables, aliases)
    for table in tables:
        if not outer_range_path(table, names):
            continue
        tid = table_id(table)
        if tid is not None and knows is not None and knows(tid):
            continue
        column = table.to_column()
        unnest = exp.Unnest(expressions=[column])
        # `to_column` wraps an aliased table's column in an Alias: the alias is the element's
        # name, a column alias of the UNNEST (how the parser reads `UNNEST(x) AS p`)
        if isinstance(table.args.get("alias"), exp.TableAlias):
            column.replace(column.this)
            exp.alias_(unnest, None, table=[table.args["alias"].this], copy=False)
        table.replace(unnest)


def range_names(tables: Iterable[exp.Table], aliases: Iterable[exp.TableAlias]) -> set[str]:
    """The names (lowercase) that may be range variables of a statement whose tables and table
    aliases these are: a path starting with no such name needs no look at its queries."""
    names = {t.name.lower() for t in tables if not t.alias}
    for alias in aliases:
        names.update(n.name.lower() for n in [alias, *alias.columns] if n.name)
    return names


def outer_range_path(table: exp.Table, names: set[str]) -> bool:
    """True if `table`, a FROM / JOIN item (of a join without ON) of two or more names, starts
    with a range variable of a query it is nested in (one of the statement's `names`,
    `range_names`). Its own SELECT's range variables are the parser's to rewrite (`FROM t e,
    e.arr`): done already where it would."""
    parent = table.parent
    if table.arg_key != "this" or not isinstance(parent, (exp.From, exp.Join)):
        return False
    if isinstance(parent, exp.Join) and parent.args.get("on"):
        return False
    parts = table.parts
    if len(parts) < 2 or not all(isinstance(p, exp.Identifier) for p in parts):
        return False  # a one-part name, a table function, a `${db}.t` placeholder
    first = parts[0].name.lower()
    if first not in names:
        return False
    queries = outer_queries(table)
    next(queries, None)  # its own query
    holders = ancestor_ids(table)
    return any(first in _range_variables(query, table, holders) for query in queries)


def _range_variables(query: exp.Expr, node: exp.Expr, holders: set[int]) -> Iterator[str]:
    """The names (lowercase) by which `node`, nested in `query`, can name `query`'s rows: each
    visible FROM / JOIN item's alias, or an unaliased table's name; an UNNEST's element name."""
    for rel in relations_around(query, node, holders):
        if isinstance(rel, exp.Unnest):
            yield from (n.lower() for n in rel.alias_column_names or [rel.alias] if n)
        elif rel.alias_or_name:
            yield rel.alias_or_name.lower()
