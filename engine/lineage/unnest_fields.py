"""BigQuery: the fields of an unaliased UNNEST of an array the catalog gives no type.

`SELECT value.string_value FROM UNNEST(event_params) WHERE key = 'page_location'` (GA4) reads
the fields of the array's elements as columns of the UNNEST. sqlglot resolves them only when
the catalog types the array as `ARRAY<STRUCT<...>>`; with no type it cannot tell whether `key`
is the UNNEST's or an outer column, and gives up on the whole query. The query itself names
the fields: a name no other source of the SELECT, nor of the queries it is nested in, has a
column of can only be one. The array is typed with those fields for this query only.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from engine.lineage.catalog_columns import (
    CatalogColumns,
    TypesOf,
    ancestor_ids,
    enclosing,
    relations_around,
)
from engine.lineage.scopes import relations

# Catalog types that say nothing of an array's elements (a BigQuery JSON schema's `RECORD`
# of mode REPEATED is an array of structs whose fields it lists elsewhere).
_UNTYPED = frozenset({"", "unknown", "array", "record", "struct"})


def untyped_unnest_types(
    selects: list[exp.Select], types_of: TypesOf, dialect: Dialect
) -> dict[str, dict[str, str]]:
    """Return `table id -> {column: ARRAY<STRUCT<...>>}` for the untyped array columns that
    an unaliased UNNEST of `selects` reads fields of; `types_of(tid)` gives a table's catalog
    types (lowercase names), or None for an unknown table. The array may come through CTEs
    and derived tables (`WITH e AS (SELECT * FROM events) ... FROM e`)."""
    catalog = CatalogColumns(types_of)
    fields: dict[tuple[str, str], dict[str, None]] = {}
    pseudo = {p.lower() for p in dialect.PSEUDOCOLUMNS}
    for select in selects:
        unnests = [r for r in relations(select) if _bare_unnest(r)]
        if len(unnests) != 1:
            continue  # two of them: a field could be either's
        unnest = unnests[0]
        chain = [select, *enclosing(select)]
        array = unnest.expressions[0]
        found = catalog.source(array.name.lower(), array.table.lower(), chain)
        if found is not None and found[2].strip().lower() in _UNTYPED:
            names = fields.setdefault(found[:2], {})
            names.update(dict.fromkeys(_field_names(select, unnest, chain, catalog, pseudo)))
    out: dict[str, dict[str, str]] = {}
    for (tid, column), names in fields.items():
        if names:
            struct = ", ".join(f"`{n}` UNKNOWN" for n in names)
            out.setdefault(tid, {})[column] = f"ARRAY<STRUCT<{struct}>>"
    return out


def has_bare_unnest(select: exp.Select) -> bool:
    """True if `select` reads from an unaliased UNNEST of one column (the cheap gate)."""
    return any(_bare_unnest(r) for r in relations(select))


def _bare_unnest(node: exp.Expr) -> bool:
    return (
        isinstance(node, exp.Unnest)
        and node.args.get("alias") is None
        and len(node.expressions) == 1
        and isinstance(node.expressions[0], exp.Column)
    )


def _field_names(
    select: exp.Select,
    unnest: exp.Unnest,
    chain: list[exp.Select],
    catalog: CatalogColumns,
    pseudo: set[str],
) -> Iterator[str]:
    """The names `select` uses that no other source it can see has a column of."""
    known, sources = set(pseudo), set()
    offset = unnest.args.get("offset")
    if isinstance(offset, exp.Identifier):
        known.add(offset.name.lower())
    # an output alias is no field (ORDER BY may name it); a bare `key` projection may be one
    known.update(s.alias.lower() for s in select.selects if isinstance(s, exp.Alias))
    holders = ancestor_ids(select)
    for outer in chain:
        for rel in relations_around(outer, select, holders):  # not the derived table it is in
            if rel is not unnest:
                sources.add(rel.alias_or_name.lower())
                known |= catalog.columns(rel) or set()
    for node in select.walk(prune=lambda n: n is not select and isinstance(n, exp.Query)):
        if not isinstance(node, exp.Column) or isinstance(node.this, exp.Star):
            continue
        if not node.table:
            name = node.name.lower()
        elif node.args.get("db") is None and node.table.lower() not in sources:
            name = node.table.lower()  # `value.string_value`: a field of a struct field
        else:
            continue
        if name and name not in known:
            yield name
