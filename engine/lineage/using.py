"""USING / NATURAL join keys: the merged column each key is, and the side(s) it is read from.

qualify rewrites a bare key to `COALESCE(l.k, r.k)` in SELECT, WHERE and GROUP BY, but leaves it
bare in HAVING and QUALIFY (where a name may be an output alias). Either way the key is one
column, read from the left table (RIGHT JOIN: the right; FULL: every table it merges).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlglot import exp
from sqlglot.optimizer.scope import Scope
from sqlglot.schema import Schema

from engine.lineage.schema import visible_cte
from engine.lineage.scopes import outer_scope

# Meta key set on a SELECT with USING/NATURAL joins before qualify turns them into COALESCEs.
USING_SIDE = "lp_using_side"
# Meta key set on each USING/NATURAL join: qualify keeps the node and writes its keys as ON.
_USING_JOIN = "lp_using_join"
_MERGED = "lp_merged_keys"  # memo of `_merged_keys` on the SELECT
# Meta key set on a bare name in HAVING / QUALIFY of such a SELECT: qualify may yet give it the
# one side the catalog knows to have the name, where the key is the merged column.
_BARE = "lp_bare_key"

T = TypeVar("T")


def mark_using(selects: list[exp.Select]) -> None:
    """Remember which SELECTs join with USING/NATURAL, and on which joins, before qualify."""
    for select in selects:
        joins = [
            j
            for j in select.args.get("joins") or []
            if j.args.get("using") or str(j.method).upper() == "NATURAL"
        ]
        if not joins:
            continue
        sides = [str(j.side).upper() for j in joins]
        select.meta[USING_SIDE] = (
            "FULL" if "FULL" in sides else "RIGHT" if "RIGHT" in sides else "LEFT"
        )
        for join in joins:
            join.meta[_USING_JOIN] = True
        for clause in ("having", "qualify"):
            for column in (select.args.get(clause) or exp.Null()).find_all(exp.Column):
                if not column.table and column.find_ancestor(exp.Select) is select:
                    column.meta[_BARE] = True


def merged_columns(node: exp.Coalesce, scope: Scope) -> list[exp.Expr] | None:
    """The columns a COALESCE met in `scope` reads if qualify wrote it for a merged key (of
    `scope`'s joins or, in a correlated subquery, of a query around it); None for a COALESCE
    the user wrote, which reads every argument."""
    if node.meta_get("line") is not None:  # parsed from the text: written by the user
        return None
    args = [node.this, *node.expressions]
    if not all(isinstance(a, exp.Column) and a.table for a in args):
        return None
    name = args[0].name.lower()
    tables = [a.table for a in args]
    if any(a.name.lower() != name for a in args):
        return None
    current: Scope | None = scope
    while current is not None:
        select = current.expression
        side = select.meta_get(USING_SIDE) if isinstance(select, exp.Select) else None
        if side is not None and _merged_keys(select).get(name) == tables:
            return read_side(side, args)
        current = outer_scope(current)
    return None


def read_side(side: str, merged: Sequence[T]) -> list[T]:
    """The items of a merged key (its tables' columns, in join order) a read of it reads."""
    if side == "FULL":
        return list(merged)
    return [merged[-1]] if side == "RIGHT" else [merged[0]]


def merged_sources(scope: Scope, name: str, hits: list[exp.Table | Scope]) -> list | None:
    """The sources a bare USING/NATURAL key `name` (lower-case) stands for, given the sources
    of `scope` that hold a column of that name; None unless `name` is a key of `scope`'s
    joins and every one of them is a table the key merges (else it is really ambiguous)."""
    merged = _key_tables(scope, name)
    if merged is None or not all(any(h is m for m in merged) for h in hits):
        return None
    return read_side(scope.expression.meta[USING_SIDE], merged)


def bare_key_sources(scope: Scope, column: exp.Column) -> list | None:
    """The sources a HAVING / QUALIFY name the user wrote bare stands for when it is a
    USING/NATURAL key of `scope`'s joins (whichever table qualify gave it); else None."""
    merged = _key_tables(scope, column.name.lower()) if column.meta_get(_BARE) else None
    return None if merged is None else read_side(scope.expression.meta[USING_SIDE], merged)


def _key_tables(scope: Scope, name: str) -> list | None:
    """The sources of `scope` a USING/NATURAL key `name` merges, in join order; None if it is
    not a key of `scope`'s joins."""
    select = scope.expression
    if not isinstance(select, exp.Select) or select.meta_get(USING_SIDE) is None:
        return None
    merged = [scope.sources.get(alias) for alias in _merged_keys(select).get(name, ())]
    if len(merged) < 2 or any(m is None for m in merged):
        return None
    return merged


def _merged_keys(select: exp.Select) -> dict[str, list[str]]:
    """Each USING/NATURAL key of a qualified SELECT -> the aliases of the tables it merges, in
    join order, read from the ON conditions qualify wrote (`l.k = r.k`, `COALESCE(a.k, b.k) =
    c.k` past the second table). A NATURAL join qualify could not expand has none."""
    keys = select.meta_get(_MERGED)
    if keys is None:
        keys = {}
        for join in select.args.get("joins") or []:
            on = join.args.get("on") if join.meta_get(_USING_JOIN) else None
            if on is not None:
                _add_keys(on, keys)
        select.meta[_MERGED] = keys
    return keys


def _add_keys(on: exp.Expr, keys: dict[str, list[str]]) -> None:
    """Add the keys of a USING join's ON (as qualify writes it) to `keys`: key -> its tables."""
    # depth-first: the left side's columns before the right's
    for column in on.find_all(exp.Column, bfs=False):
        tables = keys.setdefault(column.name.lower(), [])
        if column.table not in tables:
            tables.append(column.table)


def using_as_on(query: exp.Expr, schema: Schema) -> bool:
    """Write each `JOIN r USING (k, ...)` in `query` as `ON l.k = r.k AND ...` and a bare key
    in SELECT, WHERE, GROUP BY and a join's ON as `COALESCE(l.k, r.k)`, as qualify writes them:
    for qualify, which raises when it cannot find a key among a side's known columns (a `SELECT
    *` over a table the catalog lacks, or a key neither side has) and then resolves nothing of
    the query; here a key the columns lack is an unresolved column like any other. l is, as in
    qualify, the first source before the join that `schema` or its query says has k, else the
    source just before it. Returns whether any join was rewritten."""
    rewrote = False
    for select in list(query.find_all(exp.Select)):
        source = select.args.get("from_")
        first = source.this if isinstance(source, exp.From) else None
        if first is None or not first.alias_or_name:
            continue
        before: list[tuple[str, set[str] | None]] = [(first.alias_or_name, _known(first, schema))]
        merged: dict[str, list[str]] = {}  # key -> the tables it merges, in join order
        for join in select.args.get("joins") or []:
            keys = join.args.get("using")
            right = join.this.alias_or_name
            on = join.args.get("on")
            if join.meta_get(_USING_JOIN) and not keys and on is not None:
                # qualify wrote this one's ON before it gave up on a later join
                if not join.is_semi_or_anti_join:
                    _add_keys(on, merged)
            elif keys and right:
                join.set("using", None)
                join.set("on", exp.and_(*(
                    _left_key(k.name, before, merged).eq(exp.column(k.name, right))
                    for k in keys
                )))
                if not join.is_semi_or_anti_join:
                    for k in keys:
                        name = k.name.lower()
                        tables = merged.setdefault(name, [_left_of(name, before)])
                        tables.append(right)
                rewrote = True
            if right:
                before.append((right, _known(join.this, schema)))
        if merged:
            _coalesce_bare_keys(select, merged)
    return rewrote


def _known(source: exp.Expr, schema: Schema) -> set[str] | None:
    """The lower-case columns a FROM or JOIN source has, None if unknown: a table's from
    `schema`, a CTE's or derived table's from its query's named outputs."""
    query = source.this if isinstance(source, exp.Subquery) else None
    if isinstance(source, exp.Table):
        cte = visible_cte(source)
        if cte is None:
            columns = schema.column_names(source) if schema.find(source) is not None else None
            return {c.lower() for c in columns} if columns else None
        query = cte.this
    while isinstance(query, exp.SetOperation):  # a union's columns are its first branch's
        query = query.this
    if not isinstance(query, exp.Select) or any(
        isinstance(e, exp.Star) or (isinstance(e, exp.Column) and e.is_star)
        for e in query.expressions
    ):
        return None
    return {e.alias_or_name.lower() for e in query.expressions}


def _left_of(key: str, before: list[tuple[str, set[str] | None]]) -> str:
    """The source a USING key is read from on the join's left: qualify's choice."""
    return next((name for name, known in before if known and key in known), before[-1][0])


def _left_key(key: str, before: list[tuple[str, set[str] | None]],
              merged: dict[str, list[str]]) -> exp.Expr:
    """The left side of `key`'s ON condition: the merged key once an earlier join merged it."""
    tables = merged.get(key.lower())
    if tables is None or len(tables) < 2:
        return exp.column(key, _left_of(key.lower(), before))
    return _coalesce(key, tables)


def _coalesce(key: str, tables: list[str]) -> exp.Coalesce:
    """The merged key `key` of `tables`: the first of their values that is not NULL."""
    return exp.Coalesce(
        this=exp.column(key, tables[0]), expressions=[exp.column(key, t) for t in tables[1:]]
    )


def _coalesce_bare_keys(select: exp.Select, merged: dict[str, list[str]]) -> None:
    """A bare merged key of `select` (not of a query inside it) as COALESCE of its tables'."""
    where, group = select.args.get("where"), select.args.get("group")
    ons = [j.args.get("on") for j in select.args.get("joins") or []]  # (USING's: qualified)
    for clause in [*select.expressions, where, group, *ons]:
        if clause is None:
            continue
        for column in list(clause.find_all(exp.Column)):
            tables = merged.get(column.name.lower())
            if column.table or tables is None or column.find_ancestor(exp.Select) is not select:
                continue
            coalesce: exp.Expr = _coalesce(column.name, tables)
            if column is clause:  # a projection keeps its name
                coalesce = exp.alias_(coalesce, column.name)
            column.replace(coalesce)
