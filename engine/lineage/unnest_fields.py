"""BigQuery: the fields of an unaliased UNNEST of an array the catalog gives no type.

`SELECT value.string_value FROM UNNEST(event_params) WHERE key = 'page_location'` (GA4) reads
the fields of the array's elements as columns of the UNNEST. sqlglot resolves them only when
the catalog types the array as `ARRAY<STRUCT<...>>`; with no type it cannot tell whether `key`
is the UNNEST's or an outer column, and gives up on the whole query. The query itself names
the fields: a name no other source of the SELECT, nor of the queries it is nested in, has a
column of can only be one. The array is typed with those fields for this query only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from engine.lineage.schema import table_id

# Catalog types that say nothing of an array's elements.
_UNTYPED = frozenset({"", "unknown", "array"})
TypesOf = Callable[[str], "dict[str, str] | None"]


def untyped_unnest_types(
    selects: list[exp.Select], types_of: TypesOf, dialect: Dialect
) -> dict[str, dict[str, str]]:
    """Return `table id -> {column: ARRAY<STRUCT<...>>}` for the untyped array columns that
    an unaliased UNNEST of `selects` reads fields of; `types_of(tid)` gives a table's catalog
    types (lowercase names), or None for an unknown table. The array may come through CTEs
    and derived tables (`WITH e AS (SELECT * FROM events) ... FROM e`)."""
    catalog = _Catalog(types_of)
    fields: dict[tuple[str, str], dict[str, None]] = {}
    pseudo = {p.lower() for p in dialect.PSEUDOCOLUMNS}
    for select in selects:
        unnests = [r for r in _relations(select) if _bare_unnest(r)]
        if len(unnests) != 1:
            continue  # two of them: a field could be either's
        unnest = unnests[0]
        chain = [select, *_enclosing(select)]
        array = unnest.expressions[0]
        owner = catalog.owner(array.name.lower(), array.table.lower(), chain, 0)
        if owner is not None:
            names = fields.setdefault(owner, {})
            names.update(dict.fromkeys(_field_names(select, unnest, chain, catalog, pseudo)))
    out: dict[str, dict[str, str]] = {}
    for (tid, column), names in fields.items():
        if names:
            struct = ", ".join(f"`{n}` UNKNOWN" for n in names)
            out.setdefault(tid, {})[column] = f"ARRAY<STRUCT<{struct}>>"
    return out


def has_bare_unnest(select: exp.Select) -> bool:
    """True if `select` reads from an unaliased UNNEST of one column (the cheap gate)."""
    return any(_bare_unnest(r) for r in _relations(select))


def _relations(select: exp.Select) -> Iterator[exp.Expr]:
    from_ = select.args.get("from_")
    if from_ is not None:
        yield from_.this
    for join in select.args.get("joins") or []:
        yield join.this


def _bare_unnest(node: exp.Expr) -> bool:
    return (
        isinstance(node, exp.Unnest)
        and node.args.get("alias") is None
        and len(node.expressions) == 1
        and isinstance(node.expressions[0], exp.Column)
    )


def _enclosing(node: exp.Expr) -> Iterator[exp.Select]:
    """The SELECTs `node` is nested in (a correlated subquery sees their sources)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, exp.Select):
            yield parent
        parent = parent.parent


def _query_of(rel: exp.Expr) -> exp.Expr | None:
    """The query a derived table or a CTE reference stands for, or None."""
    if isinstance(rel, exp.Subquery):
        return rel.unnest()
    if not isinstance(rel, exp.Table) or rel.args.get("db"):
        return None
    name = rel.name.lower()
    node = rel.parent
    while node is not None:
        with_ = node.args.get("with_")
        for cte in with_.expressions if isinstance(with_, exp.With) else ():
            if cte.alias_or_name.lower() == name:
                return cte.this
        node = node.parent
    return None


class _Catalog:
    """Columns of the relations a SELECT reads, through CTEs and derived tables."""

    _DEPTH = 16  # CTEs followed in a row at most (a recursive CTE reads itself)

    def __init__(self, types_of: TypesOf) -> None:
        self.types_of = types_of

    def columns(self, rel: exp.Expr, depth: int) -> set[str] | None:
        """A relation's column names, or None where unknown."""
        query = _query_of(rel)
        if query is not None:
            return self._query_columns(query, depth + 1)
        if isinstance(rel, exp.Table):
            tid = table_id(rel)
            types = self.types_of(tid) if tid is not None else None
            return set(types) if types is not None else None
        if isinstance(rel, exp.Unnest) and rel.args.get("alias"):  # `AS e`: e is the element
            return {n.lower() for n in rel.alias_column_names or [rel.alias]}
        return None

    def _query_columns(self, query: exp.Expr, depth: int) -> set[str] | None:
        if depth > self._DEPTH or not isinstance(query, exp.Select):
            return None
        names: set[str] = set()
        for proj in query.selects:
            if not proj.is_star:
                names.add(proj.alias_or_name.lower())
                continue
            for rel in _relations(query):
                if _star_of(proj) and rel.alias_or_name.lower() != _star_of(proj):
                    continue
                found = self.columns(rel, depth)
                if found is None:
                    return None
                names |= found
        return names

    def owner(
        self, name: str, qualifier: str, chain: list[exp.Select], depth: int
    ) -> tuple[str, str] | None:
        """The catalog table and column `[qualifier.]name` read in `chain[0]` is, if the
        catalog leaves it untyped: the innermost SELECT with a source that has it decides."""
        if depth > self._DEPTH:
            return None
        for select in chain:
            owners = []
            for rel in _relations(select):
                if qualifier and rel.alias_or_name.lower() != qualifier:
                    continue
                columns = self.columns(rel, depth)
                if qualifier or (columns is not None and name in columns):
                    owners.append(rel)
            if owners:
                return self._owned(owners[0], name, depth) if len(owners) == 1 else None
        return None

    def _owned(self, rel: exp.Expr, name: str, depth: int) -> tuple[str, str] | None:
        query = _query_of(rel)
        if isinstance(query, exp.Select):  # through a CTE / derived table: what it selects
            for proj in query.selects:
                if proj.is_star:
                    found = self.owner(name, _star_of(proj), [query], depth + 1)
                elif proj.alias_or_name.lower() == name:
                    inner = proj.unalias()
                    if not isinstance(inner, exp.Column):
                        return None
                    chain = [query, *_enclosing(query)]
                    return self.owner(inner.name.lower(), inner.table.lower(), chain, depth + 1)
                else:
                    continue
                if found is not None:
                    return found
            return None
        tid = table_id(rel) if isinstance(rel, exp.Table) and query is None else None
        types = self.types_of(tid) if tid is not None else None
        kind = types.get(name) if types is not None else None
        if tid is None or kind is None or kind.strip().lower() not in _UNTYPED:
            return None
        return tid, name


def _star_of(star: exp.Expr) -> str:
    """The table `t.*` names (lowercase), or '' for a bare `*`."""
    return star.table.lower() if isinstance(star, exp.Column) else ""


def _field_names(
    select: exp.Select,
    unnest: exp.Unnest,
    chain: list[exp.Select],
    catalog: _Catalog,
    pseudo: set[str],
) -> Iterator[str]:
    """The names `select` uses that no other source it can see has a column of."""
    known, sources = set(pseudo), set()
    offset = unnest.args.get("offset")
    if isinstance(offset, exp.Identifier):
        known.add(offset.name.lower())
    # an output alias is no field (ORDER BY may name it); a bare `key` projection may be one
    known.update(s.alias.lower() for s in select.selects if isinstance(s, exp.Alias))
    for enclosing in chain:
        for rel in _relations(enclosing):
            if rel is not unnest:
                sources.add(rel.alias_or_name.lower())
                known |= catalog.columns(rel, 0) or set()
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
