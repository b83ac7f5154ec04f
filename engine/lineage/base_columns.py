"""Which base table's column an output of a query is: what an UPDATE through a view writes.

SQL Server updates through a CTE, and Oracle through an inline view, only where each column SET
names is a plain column of one base table of the view (an expression is refused). This follows
an output name through plain columns and stars, through the CTEs and derived tables the query
reads, to that table and column; a bare column is placed with the known columns of the tables
(the run's `schema`) when the query has several.
"""

from __future__ import annotations

from sqlglot import exp

from engine.lineage.schema import TaskSchema, table_id
from engine.lineage.scopes import relations

# CTEs visible where a query is read, in the order they are defined (a later one shadows)
Ctes = tuple[exp.CTE, ...]

_DEPTH = 32  # views of views this deep: nothing real, and no runaway recursion


def output_column(
    query: exp.Expr, alias: exp.TableAlias | None, name: str, schema: TaskSchema | None,
    ctes: Ctes = (), depth: int = 0,
) -> tuple[exp.Table, str] | None:
    """The base table and column behind output `name` (lowercase) of `query`, read through
    `alias`'s column list if it has one (`WITH u (a, b) AS (...)`), if a plain column."""
    if not isinstance(query, exp.Select) or depth > _DEPTH:
        return None
    ctes = _with_own(query, ctes)
    renamed = [c.name.lower() for c in alias.columns] if alias is not None else []
    if not renamed:
        return _named(query, name, schema, ctes, depth)
    if name not in renamed or any(p.is_star for p in query.expressions):
        return None
    position = renamed.index(name)
    if position >= len(query.expressions):
        return None
    return _plain(query, query.expressions[position], schema, ctes, depth)


def base_tables(query: exp.Expr, ctes: Ctes = (), depth: int = 0) -> list[exp.Table] | None:
    """The base tables (one per instance) whose rows `query` reads in its FROM and JOINs,
    through CTEs and derived tables; None for a set operation, whose rows are several
    queries'."""
    if not isinstance(query, exp.Select) or depth > _DEPTH:
        return None
    ctes = _with_own(query, ctes)
    found: list[exp.Table] = []
    for relation in relations(query):
        inner: exp.Expr | None = None
        visible = ctes
        if isinstance(relation, exp.Table):
            cte = _cte(relation, ctes)
            if cte is None:
                found += [relation] if table_id(relation) is not None else []
                continue
            inner, visible = cte.this, _before(cte, ctes)
        elif isinstance(relation, exp.Subquery):
            inner = relation.this
        if inner is not None:
            tables = base_tables(inner, visible, depth + 1)
            if tables is None:
                return None
            found += tables
    return found


def visible(with_: exp.With | None, cte: exp.CTE) -> Ctes:
    """The CTEs of `with_` that the body of its `cte` may read: those defined before it."""
    ctes = tuple(with_.expressions) if with_ is not None else ()
    return _before(cte, ctes)


def _named(
    query: exp.Select, name: str, schema: TaskSchema | None, ctes: Ctes, depth: int
) -> tuple[exp.Table, str] | None:
    """`output_column` of a query whose outputs keep their own names."""
    sources = _sources(query)
    stars: dict[int, exp.Expr] = {}
    for projection in query.expressions:
        if projection.is_star:
            inner = projection.unalias()
            qualifier = inner.table.lower() if isinstance(inner, exp.Column) else ""
            holder = sources.get(qualifier) if qualifier else _holder(sources, name, schema, ctes)
            if holder is not None and _holds(holder, name, schema, ctes) is not False:
                stars[id(holder)] = holder
        elif projection.alias_or_name.lower() == name:
            return _plain(query, projection, schema, ctes, depth)
    # a column behind the one star that can hold it (`SELECT t.*, s.b`)
    if len(stars) != 1:
        return None
    return _behind(next(iter(stars.values())), name, schema, ctes, depth)


def _plain(
    query: exp.Select, projection: exp.Expr, schema: TaskSchema | None, ctes: Ctes, depth: int
) -> tuple[exp.Table, str] | None:
    """The base column a projection of `query` is, if a plain column (not `*`)."""
    inner = projection.unalias()
    if not isinstance(inner, exp.Column) or isinstance(inner.this, exp.Star):
        return None  # an expression: no column of a table (the databases refuse it)
    column = inner.name.lower()
    sources = _sources(query)
    owner = sources.get(inner.table.lower()) if inner.table else (
        _holder(sources, column, schema, ctes)
    )
    return _behind(owner, column, schema, ctes, depth) if owner is not None else None


def _behind(
    relation: exp.Expr, column: str, schema: TaskSchema | None, ctes: Ctes, depth: int
) -> tuple[exp.Table, str] | None:
    """The base column behind `column` of a relation: a table's own, a CTE's or derived
    table's output traced on."""
    if isinstance(relation, exp.Table):
        cte = _cte(relation, ctes)
        if cte is None:
            return (relation, column) if table_id(relation) is not None else None
        return output_column(
            cte.this, cte.args.get("alias"), column, schema, _before(cte, ctes), depth + 1
        )
    if isinstance(relation, exp.Subquery):
        alias = relation.args.get("alias")
        return output_column(relation.this, alias, column, schema, ctes, depth + 1)
    return None


def _holder(
    sources: dict[str, exp.Expr], column: str, schema: TaskSchema | None, ctes: Ctes
) -> exp.Expr | None:
    """The one relation that can hold an unqualified `column`: the only one, the only one
    whose known columns hold it, or else the only one not known to lack it (a table of
    unknown columns beside a query that lacks it)."""
    if len(sources) == 1:
        return next(iter(sources.values()))
    holds = [(r, _holds(r, column, schema, ctes)) for r in sources.values()]
    holders = [r for r, has in holds if has]
    if not holders:
        holders = [r for r, has in holds if has is not False]
    return holders[0] if len(holders) == 1 else None


def _holds(
    relation: exp.Expr, column: str, schema: TaskSchema | None, ctes: Ctes
) -> bool | None:
    """Whether a relation has a column `column` (None: its columns are not known)."""
    if isinstance(relation, exp.Table):
        cte = _cte(relation, ctes)
        if cte is not None:
            return _has_output(cte.this, cte.args.get("alias"), column)
        tid = table_id(relation)
        known = schema.columns(tid) if schema is not None and tid is not None else None
        return None if known is None else column in known
    if isinstance(relation, exp.Subquery):
        return _has_output(relation.this, relation.args.get("alias"), column)
    return None


def _has_output(query: exp.Expr, alias: exp.TableAlias | None, column: str) -> bool | None:
    """Whether a query (renamed by `alias`'s columns) outputs `column` (None: not known)."""
    renamed = [c.name.lower() for c in alias.columns] if alias is not None else []
    if renamed:
        return column in renamed
    if not isinstance(query, exp.Select) or any(p.is_star for p in query.expressions):
        return None
    return column in {p.alias_or_name.lower() for p in query.expressions}


def _sources(query: exp.Select) -> dict[str, exp.Expr]:
    """The relations of a query's FROM and JOINs, by the (lowercase) name it reads them by."""
    return {r.alias_or_name.lower(): r for r in relations(query) if r.alias_or_name}


def _cte(table: exp.Table, ctes: Ctes) -> exp.CTE | None:
    """The CTE a one-part table name reads, if one is visible (the last of that name)."""
    if table.args.get("db") or table.args.get("catalog"):
        return None
    name = table.name.lower()
    return next((c for c in reversed(ctes) if c.alias_or_name.lower() == name), None)


def _before(cte: exp.CTE, ctes: Ctes) -> Ctes:
    """The CTEs visible to `cte`'s body: those before it (a recursive one's self-reference
    reads a set operation, which no column is traced through)."""
    position = next((i for i, c in enumerate(ctes) if c is cte), len(ctes))
    return ctes[:position]


def _with_own(query: exp.Select, ctes: Ctes) -> Ctes:
    """`ctes` and the query's own WITH, which shadows them."""
    own = query.args.get("with_")
    return (*ctes, *own.expressions) if isinstance(own, exp.With) else ctes
