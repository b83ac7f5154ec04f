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


def _name_columns(table: exp.Table | exp.Lateral) -> None:
    """Name the columns of `table` (a function in FROM, or `LATERAL f(...)`) as Postgres does."""
    name = table.this.name.lower()
    alias = table.args.get("alias")
    if isinstance(alias, exp.TableAlias) and alias.columns:
        return  # named by the query
    columns = _OUT_COLUMNS.get(name)
    if columns is None and name in _BASE_TYPED:
        columns = (alias.name if isinstance(alias, exp.TableAlias) and alias.name else name,)
    if columns is None:
        return
    if table.args.get("ordinality"):
        columns = (*columns, "ordinality")
    if not isinstance(alias, exp.TableAlias) or not alias.name:
        alias = exp.TableAlias(this=exp.to_identifier(name))  # Postgres: the function's name
        table.set("alias", alias)
    alias.set("columns", [exp.to_identifier(c) for c in columns])
