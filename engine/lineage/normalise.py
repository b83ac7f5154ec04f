"""Rewrites of a parsed statement into shapes the rest of the package already handles.

Each turns a construct with no lineage handling of its own into an equivalent one that has:
DuckDB's statement-form PIVOT/UNPIVOT into the clause form (`pivot_forms`), a T-SQL
table variable `@t` into a temporary table, a JSON arrow `j -> 'a'` that sqlglot read as a
lambda back into the JSON extraction it is, a Postgres function in FROM named only by its
table alias into one with that column, an ORDER BY / LIMIT after a parenthesised query into the
query's own, and Spark's `INSERT INTO t TABLE src` into the SELECT it stands for.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.mysql import MySQL
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.snowflake import Snowflake
from sqlglot.dialects.sqlite import SQLite
from sqlglot.errors import SqlglotError

from engine.lineage.pivot_forms import standardise_pivots


def normalise(tree: exp.Expr, dialect: Dialect | None = None) -> exp.Expr:
    """Return `tree` (of `dialect`) rewritten in place (a new root only if the root itself was
    rewritten)."""
    # One walk finds what all the rewrites look for: a walk of the tree costs about a tenth
    # of parsing it. A rewritten pivot is a new subtree, so only then is the tree walked again.
    kinds = (exp.Parameter, exp.Lambda, exp.TableAlias, exp.Subquery, exp.Insert)
    nodes = list(tree.find_all(exp.Pivot, *kinds))
    pivots = [n for n in nodes if isinstance(n, exp.Pivot)]
    if pivots:
        rewritten = standardise_pivots(tree, pivots)
        if rewritten is not None:
            tree = rewritten
            nodes = list(tree.find_all(*kinds))
    params = [n for n in nodes if isinstance(n, exp.Parameter)]
    if isinstance(dialect, Snowflake):
        _positions_of_the_source(params)
    _variables_as_temps(params)
    _json_arrows([n for n in nodes if isinstance(n, exp.Lambda)], dialect)
    _function_aliases_as_columns([n for n in nodes if isinstance(n, exp.TableAlias)], dialect)
    _orders_into_queries([n for n in nodes if isinstance(n, exp.Subquery)])
    _tables_as_queries([n for n in nodes if isinstance(n, exp.Insert)])
    return tree


def _tables_as_queries(inserts: list[exp.Insert]) -> None:
    """Spark `INSERT INTO t TABLE src` is `INSERT INTO t SELECT * FROM src`."""
    for insert in inserts:
        source = insert.args.get("source")
        if isinstance(source, exp.Table) and insert.args.get("expression") is None:
            insert.set("source", None)
            insert.set("expression", exp.select("*").from_(source))


_ROW_SHAPING = ("order", "limit", "offset")


def _orders_into_queries(subqueries: list[exp.Subquery]) -> None:
    """`(SELECT ... UNION ALL SELECT ...) ORDER BY ts LIMIT 5`: sqlglot hangs the ORDER BY and
    LIMIT on the parentheses; they shape the query's rows, as if written on the query itself
    (where a union's ORDER BY names its outputs), so they are moved there."""
    for node in subqueries:
        inner = node.this
        moved = [k for k in _ROW_SHAPING if node.args.get(k) is not None]
        if not moved or not isinstance(inner, exp.Query):
            continue
        if any(inner.args.get(k) is not None for k in _ROW_SHAPING):
            continue  # `(... LIMIT 10) ORDER BY x`: two steps, not one
        for key in moved:
            inner.set(key, node.args[key])
            node.set(key, None)


# Postgres set-returning functions of one base-type column: given a table alias and no column
# list, that column takes the alias's name (`FROM generate_series(1, n) AS g`: column g).
_SCALAR_SETS = (exp.Unnest, exp.ExplodingGenerateSeries)
_SCALAR_SET_NAMES = frozenset({"generate_series", "regexp_split_to_table", "string_to_table"})


def _function_aliases_as_columns(aliases: list[exp.TableAlias], dialect: Dialect | None) -> None:
    """`FROM unnest(a) x` in Postgres: `x` is also the column's name. Written out as `x(x)`,
    as the query means, since qualify otherwise cannot place `x` and, inside a subquery that
    could be correlated, fails the whole statement."""
    if not isinstance(dialect, Postgres):
        return
    for alias in aliases:
        if not alias.name or alias.columns:
            continue
        owner = alias.parent
        func = owner if isinstance(owner, exp.Unnest) else (
            owner.this if isinstance(owner, (exp.Table, exp.Lateral)) else None)
        if isinstance(func, exp.Unnest) and len(func.expressions) != 1:
            continue  # one column per array, each named `unnest`
        if isinstance(func, _SCALAR_SETS) or (
            isinstance(func, exp.Anonymous) and func.name.lower() in _SCALAR_SET_NAMES
        ):
            alias.set("columns", [exp.to_identifier(alias.name, quoted=alias.this.quoted)])


# Dialects (and their descendants: Redshift, Materialize, Doris, ...) with no lambda syntax.
_NO_LAMBDAS = (Postgres, MySQL, SQLite)


def _json_arrows(lambdas: list[exp.Lambda], dialect: Dialect | None) -> None:
    """Inside a function's arguments sqlglot reads `j -> 'a'` as a lambda with parameter `j`
    whatever the dialect (`coalesce(j -> 'a', ...)` in Postgres). Where there are no lambdas
    it is JSON extraction: the arrow is parsed again on its own, which reads it so. (DuckDB
    has both, and `x -> 'k'` can be either: left as sqlglot reads it.)"""
    if not isinstance(dialect, _NO_LAMBDAS):
        return
    for node in lambdas:
        params = node.expressions
        if len(params) != 1 or not isinstance(params[0], exp.Identifier):
            continue
        arrow = f"{params[0].sql(dialect=dialect)} -> {node.this.sql(dialect=dialect)}"
        try:
            node.replace(sqlglot.parse_one(arrow, read=dialect))
        except SqlglotError:
            continue  # left as sqlglot read it: at worst, what it gave before


def _positions_of_the_source(params: list[exp.Parameter]) -> None:
    """Snowflake `SELECT $1 FROM t`: the first column of the query's only source, written as
    `t.$1`, which qualify resolves against the source's columns."""
    for param in params:
        if not (isinstance(param.this, exp.Literal) and param.this.is_int):
            continue
        if param.parent is None or isinstance(param.parent, exp.Column):
            continue  # `t.$1` already
        select = param.find_ancestor(exp.Select)
        source = select.args.get("from_") if select is not None else None
        if source is None or select.args.get("joins") or not isinstance(source.this, exp.Table):
            continue  # which source's column is meant is not for this rewrite to guess
        name = source.this.alias_or_name
        if name:
            param.replace(exp.Column(this=param.copy(), table=exp.to_identifier(name)))


def _variables_as_temps(params: list[exp.Parameter]) -> None:
    """A T-SQL table variable `@t` is a temporary table: name it `@t`, flagged temporary, and
    alias it `t` (qualify would otherwise make an alias of `@t`, which it cannot parse)."""
    for param in params:
        table = param.parent
        if isinstance(table, exp.Table) and param.arg_key == "this":
            if not table.alias:
                table.set("alias", exp.TableAlias(this=exp.to_identifier(param.name)))
            param.replace(exp.Identifier(this="@" + param.name, quoted=True, temporary=True))
        elif isinstance(param.parent, exp.DeclareItem):
            param.replace(exp.Identifier(this="@" + param.name, quoted=True, temporary=True))
