"""ClickHouse `Nested` columns: `n Nested(k String, v UInt32)` is stored as the columns `n.k` and
`n.v` (arrays), and SQL names them `n.k`, which sqlglot reads as column k of a table n.

Before qualify, a `n.k` whose qualifier is no source of its SELECT becomes the column `n.k` of
the one source whose known columns hold that name; and `ARRAY JOIN n` (the whole Nested) becomes
`ARRAY JOIN n.k, n.v`, which is what ClickHouse joins, so `array_join` reads `n.k` after it as
the element.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from engine.lineage.scopes import relations

# the named sources of a SELECT (none without one), each with its known columns (None: unknown)
Sources = Callable[[exp.Select | None], list[tuple[str, list[str] | None]]]


def nested_columns(columns: list[exp.Column], sources_in_scope: Sources) -> None:
    """Rewrite each `n.k` / `ARRAY JOIN n` among `columns` that names a Nested's column(s)."""
    by_select: dict[int, list[tuple[str, list[str] | None]]] = {}  # one catalog look per SELECT
    aliases_by: dict[int, set[str]] = {}  # the relations' names per SELECT
    for column in columns:
        if column.args.get("db") or isinstance(column.this, exp.Star):
            continue
        join = column.parent
        in_array_join = (
            isinstance(join, exp.Join) and str(join.args.get("kind") or "").upper() == "ARRAY"
        )
        if not column.table and not in_array_join:
            continue
        select = column.find_ancestor(exp.Select)
        key = id(select)
        if column.table:
            aliases = aliases_by.get(key)
            if aliases is None:  # no catalog needed to see that `t.k` is a source's column
                rels = relations(select) if select is not None else ()
                # (an ARRAY JOIN's bare column `n` is no source named n)
                aliases = aliases_by[key] = {
                    r.alias_or_name.lower() for r in rels if not isinstance(r, exp.Column)
                }
            qualifier = column.table.lower()
            if qualifier in aliases:
                continue  # a source's column, as written
        if key not in by_select:
            by_select[key] = sources_in_scope(select)
        sources = by_select[key]
        if column.table:
            name = f"{qualifier}.{column.name.lower()}"
            owners = [alias for alias, known in sources if known and name in known]
            if len(owners) == 1:
                column.replace(_column(name, owners[0]))
            continue
        _whole_nested(column, join, sources)


def _whole_nested(
    column: exp.Column, join: exp.Join, sources: list[tuple[str, list[str] | None]]
) -> None:
    """`ARRAY JOIN n` of a Nested n (no column n, columns `n.*`): each of its columns."""
    name = column.name.lower()
    prefix = f"{name}."
    for alias, known in sources:
        if not known or name in known:
            continue
        fields = [c for c in known if c.startswith(prefix)]
        if not fields:
            continue
        items = [_column(f, alias) for f in fields]
        if column.arg_key == "this":
            join.set("this", items[0])
            join.set("expressions", [*items[1:], *join.expressions])
        else:
            index = column.index or 0
            rest = list(join.expressions)
            join.set("expressions", [*rest[:index], *items, *rest[index + 1 :]])
        return


def _column(name: str, table: str) -> exp.Column:
    return exp.Column(
        this=exp.to_identifier(name, quoted=True), table=exp.to_identifier(table)
    )
