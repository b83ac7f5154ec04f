"""Postgres set-returning functions in FROM: their columns, named before qualify as Postgres
names them.

`jsonb_array_elements(o.doc) e` has one column, `value` (its OUT parameter); `jsonb_each(j)` has
`key` and `value`; a function of a base type (`regexp_split_to_table(s, ',') AS part`) has one
column named after its alias, or after itself when unaliased; `WITH ORDINALITY` adds
`ordinality`. sqlglot knows none of these, so an unaliased `value` (or the alias `e` used as a
value) in a correlated subquery made qualify give up on the whole query ("missing source
schemas"). Named as if written `AS e(value)`, they resolve like any column. A function not
listed here (a user's) keeps columns nothing names.
"""

from __future__ import annotations

from sqlglot import exp

from engine.lineage.scopes import relations

_OUT_COLUMNS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        (
            "json_array_elements",
            "jsonb_array_elements",
            "json_array_elements_text",
            "jsonb_array_elements_text",
        ),
        ("value",),
    ),
    **dict.fromkeys(
        ("json_each", "jsonb_each", "json_each_text", "jsonb_each_text"), ("key", "value")
    ),
}
# One column of a base type: named after the alias (or the function, unaliased).
_BASE_TYPED = frozenset(
    "json_object_keys jsonb_object_keys regexp_split_to_table string_to_table regexp_matches"
    " generate_subscripts jsonb_path_query".split()
)


def name_function_columns(selects: list[exp.Select]) -> None:
    """Give the Postgres set-returning functions in the FROM of `selects` their column names."""
    for select in selects:
        for relation in relations(select):
            if isinstance(relation, (exp.Table, exp.Lateral)) and isinstance(
                relation.this, exp.Anonymous
            ):
                _name_columns(relation)
            elif isinstance(relation, exp.Lateral) and isinstance(relation.this, exp.Unnest):
                _lateral_unnest_ordinality(relation)


def _lateral_unnest_ordinality(lateral: exp.Lateral) -> None:
    """`LATERAL unnest(a) WITH ORDINALITY AS u(v, n)`: sqlglot keeps n as the UNNEST's offset
    and only v on the LATERAL's alias, which then has no column n. Name n (`ordinality` when
    the list stops at the arrays) on the alias, as the same unnest without LATERAL has it."""
    unnest = lateral.this
    alias = lateral.args.get("alias")
    offset = unnest.args.get("offset")
    if not offset or not isinstance(alias, exp.TableAlias) or not alias.columns:
        return
    if isinstance(offset, exp.Identifier):
        position = offset
    elif len(alias.columns) == len(unnest.expressions):
        position = exp.to_identifier("ordinality")
    else:
        return  # fewer names than arrays: which column is which is Postgres' to tell
    unnest.set("offset", None)
    alias.set("columns", [*alias.columns, position])
    lateral.set("ordinality", True)


def _name_columns(table: exp.Table | exp.Lateral) -> None:
    """Name the columns of `table` (a function in FROM, or `LATERAL f(...)`) as Postgres does:
    a column list shorter than the function's columns renames only the first ones."""
    alias = table.args.get("alias")
    columns = _default_columns(table)
    if columns is None:
        return
    named = list(alias.columns) if isinstance(alias, exp.TableAlias) else []
    if len(named) >= len(columns):
        return  # named by the query
    if not isinstance(alias, exp.TableAlias) or not alias.name:
        alias = exp.TableAlias(this=exp.to_identifier(table.this.name.lower()))  # Postgres: the
        table.set("alias", alias)  # function's name
    alias.set("columns", [*named, *(exp.to_identifier(c) for c in columns[len(named) :])])


def _default_columns(table: exp.Table | exp.Lateral) -> tuple[str, ...] | None:
    """The names Postgres gives the columns of a function in FROM it knows, or None."""
    name = table.this.name.lower()
    alias = table.args.get("alias")
    columns = _OUT_COLUMNS.get(name)
    if columns is None and name in _BASE_TYPED:
        columns = (alias.name if isinstance(alias, exp.TableAlias) and alias.name else name,)
    if columns is not None and table.args.get("ordinality"):
        columns = (*columns, "ordinality")
    return columns


def ordinality_column(table: exp.Expr) -> str | None:
    """The column of `f(x) WITH ORDINALITY [AS e(v, n)]` (LATERAL or not: in Postgres a function
    in FROM is lateral either way) that holds the row's position, which carries no value of x:
    the last one (`ordinality` unnamed). None without WITH ORDINALITY."""
    if not isinstance(table, (exp.Table, exp.Lateral)) or not table.args.get("ordinality"):
        return None
    alias = table.args.get("alias")
    columns = alias.columns if isinstance(alias, exp.TableAlias) else []
    # A function nobody names the columns of: its list is taken as naming them all.
    return columns[-1].name.lower() if columns else "ordinality"
