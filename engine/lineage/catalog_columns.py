"""The catalog columns behind a SELECT's relations, read before qualify.

A few rewrites must happen before sqlglot qualifies a query (qualify gives up, or names
columns wrongly, without them), so they cannot use its scopes: this follows a name through
CTEs and derived tables (`WITH e AS (SELECT * FROM events) ... FROM e`) to the catalog table
and column it is, with the column's catalog type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError

from engine.lineage.schema import table_id, visible_cte
from engine.lineage.scopes import relations

# table id -> its catalog types by lowercase column name, or None for an unknown table
TypesOf = Callable[[str], "dict[str, str] | None"]


def enclosing(node: exp.Expr) -> Iterator[exp.Select]:
    """The SELECTs whose sources `node` sees (a correlated subquery sees theirs), innermost
    first (`outer_queries`)."""
    for query in outer_queries(node):
        if isinstance(query, exp.Select):
            yield query


def outer_queries(node: exp.Expr) -> Iterator[exp.Expr]:
    """The queries and DML statements `node` is nested in, innermost first, up to the body of
    a CTE: a CTE's body sees none of the query its WITH belongs to (`WITH p AS (...) SELECT *
    FROM p`: not p's own output names), nor any query around that."""
    parent = node.parent
    while parent is not None and not isinstance(parent, exp.CTE):
        if isinstance(parent, _QUERIES):
            yield parent
        parent = parent.parent


_QUERIES = (exp.Select, exp.Update, exp.Delete, exp.Merge)


def relations_around(
    query: exp.Expr, node: exp.Expr, holders: set[int] | None = None
) -> Iterator[exp.Expr]:
    """The relations of `query` (a SELECT or DML statement `node` is nested in) that `node`
    can see: all but the derived table (or LATERAL, UNNEST) that holds it, whose outputs are
    made of its rows. `holders`: `ancestor_ids(node)`, if the caller has them."""
    if holders is None:
        holders = ancestor_ids(node)
    return (r for r in _relations_of(query) if id(r) not in holders)


def _relations_of(query: exp.Expr) -> Iterator[exp.Expr]:
    """A SELECT's FROM and JOIN items; a DML statement's target and USING items, then its FROM
    and JOIN items as a SELECT's."""
    if not isinstance(query, exp.Select):
        for key in ("this", "using"):  # Postgres DELETE's USING is a list
            items = query.args.get(key)
            for item in items if isinstance(items, list) else [items]:
                if isinstance(item, (exp.Table, exp.Subquery)):
                    yield item
    yield from relations(query)


def ancestor_ids(node: exp.Expr) -> set[int]:
    """The ids of the nodes `node` is nested in."""
    found = set()
    parent = node.parent
    while parent is not None:
        found.add(id(parent))
        parent = parent.parent
    return found


def query_of(rel: exp.Expr) -> exp.Expr | None:
    """The query a derived table or a CTE reference stands for, or None."""
    if isinstance(rel, exp.Subquery):
        return rel.unnest()
    cte = visible_cte(rel) if isinstance(rel, exp.Table) else None
    return cte.this if cte is not None else None


class CatalogColumns:
    """The catalog columns behind the relations a SELECT reads, through CTEs and derived
    tables, before qualify has resolved anything."""

    _DEPTH = 16  # CTEs followed in a row at most (a recursive CTE reads itself)

    def __init__(self, types_of: TypesOf) -> None:
        self._types_of = types_of
        self._types: dict[str, dict[str, str] | None] = {}

    def types_of(self, tid: str) -> dict[str, str] | None:
        """A table's catalog types by lowercase column name, looked up once per query part
        (`TaskSchema.lower_column_types` builds a new dict per call)."""
        if tid not in self._types:
            self._types[tid] = self._types_of(tid)
        return self._types[tid]

    def columns(self, rel: exp.Expr, depth: int = 0) -> set[str] | None:
        """A relation's column names, or None where unknown."""
        query = query_of(rel)
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
            for rel in relations(query):
                if _star_of(proj) and rel.alias_or_name.lower() != _star_of(proj):
                    continue
                found = self.columns(rel, depth)
                if found is None:
                    return None
                names |= found
        return names

    def source(
        self, name: str, qualifier: str, chain: list[exp.Select], depth: int = 0
    ) -> tuple[str, str, str] | None:
        """The catalog table, column and type that `[qualifier.]name` read in `chain[0]` is
        (a plain column through CTEs and derived tables), or None: the innermost SELECT of
        `chain` (it and the SELECTs it is nested in) with a source that has it decides."""
        if depth > self._DEPTH:
            return None
        holders = ancestor_ids(chain[0])
        for select in chain:
            owners = []
            for rel in relations_around(select, chain[0], holders):
                if qualifier and rel.alias_or_name.lower() != qualifier:
                    continue
                columns = self.columns(rel, depth)
                if qualifier or (columns is not None and name in columns):
                    owners.append(rel)
            if owners:
                return self._owned(owners[0], name, depth) if len(owners) == 1 else None
        return None

    def type_of(
        self, name: str, qualifier: str, select: exp.Select, dialect: Dialect
    ) -> exp.DataType | None:
        """The catalog type of the column `[qualifier.]name` read in `select` (`source`), or
        None where it is no catalog column, its type is unknown or does not parse."""
        found = self.source(name, qualifier, [select, *enclosing(select)])
        if found is None:
            return None
        try:
            kind = exp.DataType.build(found[2], dialect=dialect)
        except (SqlglotError, ValueError):
            return None
        return None if kind.is_type(exp.DType.UNKNOWN) else kind

    def _owned(self, rel: exp.Expr, name: str, depth: int) -> tuple[str, str, str] | None:
        query = query_of(rel)
        if isinstance(query, exp.Select):  # through a CTE / derived table: what it selects
            for proj in query.selects:
                if proj.is_star:
                    found = self.source(name, _star_of(proj), [query], depth + 1)
                elif proj.alias_or_name.lower() == name:
                    inner = proj.unalias()
                    if not isinstance(inner, exp.Column):
                        return None
                    chain = [query, *enclosing(query)]
                    return self.source(inner.name.lower(), inner.table.lower(), chain, depth + 1)
                else:
                    continue
                if found is not None:
                    return found
            return None
        tid = table_id(rel) if isinstance(rel, exp.Table) and query is None else None
        types = self.types_of(tid) if tid is not None else None
        kind = types.get(name) if types is not None else None
        return (tid, name, kind) if tid is not None and kind is not None else None


def _star_of(star: exp.Expr) -> str:
    """The table `t.*` names (lowercase), or '' for a bare `*`."""
    return star.table.lower() if isinstance(star, exp.Column) else ""
