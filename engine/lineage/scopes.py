"""Shapes of sqlglot scopes that column lineage needs: outputs, joins, UDTF columns, lookups.

Pure functions over `sqlglot.optimizer.scope.Scope` trees, kept apart from the flow logic in
`columns` so each reads on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from sqlglot import exp
from sqlglot.optimizer.scope import Scope, ScopeType

Source = exp.Table | Scope


class Output(NamedTuple):
    """One output column of a scope: a projection, a star-expanded column, or an unknown `*`."""

    name: str
    node: exp.Expr | None = None
    source: tuple[str, Source] | None = None
    star: bool = False
    part: tuple[int, int] | None = None  # of `stack(...) AS (k, v)`: (column, columns)


FLATTEN_COLUMNS = ["seq", "key", "path", "index", "value", "this"]


def star_sources(scope: Scope, table: str) -> list[tuple[str, Source]]:
    """The sources a `*` (or `table.*`) covers, in FROM order, semi/anti-joined ones left out."""
    semi = {
        j.alias_or_name for j in scope.expression.args.get("joins") or [] if j.is_semi_or_anti_join
    }
    return [
        (alias, src)
        for alias, (_node, src) in scope.selected_sources.items()
        if (alias == table if table else alias not in semi)
    ]


def is_star(node: exp.Expr) -> bool:
    """True for a `*` or `t.*` projection."""
    return isinstance(node, exp.Star) or (
        isinstance(node, exp.Column) and isinstance(node.this, exp.Star)
    )


def rename_outputs(outs: list[Output], names: list[str]) -> list[Output]:
    """Apply a CTE / derived-table column list (`c(a, b)`) when qualify could not."""
    if not names or len(names) != len(outs) or any(o.star for o in outs):
        return outs
    return [o._replace(name=n.lower()) for o, n in zip(outs, names, strict=True)]


def removes_rows(set_operation: Scope, operand: int) -> bool:
    """True for the right side of an EXCEPT: its rows only remove rows, its values never
    reach the output (`a EXCEPT b` is `a WHERE NOT IN b`)."""
    return isinstance(set_operation.expression, exp.Except) and operand > 0


def drops_unmatched(scope: Scope) -> bool:
    """True for a LATERAL subquery or CROSS APPLY that drops the outer row when it yields no
    row: not OUTER APPLY, not a LEFT/RIGHT/FULL JOIN LATERAL."""
    node = scope.expression
    if not isinstance(node, exp.Lateral) or node.args.get("cross_apply") is False:
        return False
    join = node.parent
    return not (isinstance(join, exp.Join) and join.side in ("LEFT", "RIGHT", "FULL"))


def keeps_rows(scope: Scope, alias: str) -> bool:
    """True if every row of `scope` comes from a row of its source `alias`: the FROM source
    or an inner, cross, semi or anti join's, never the optional side of an outer join."""
    node = scope.selected_sources[alias][0]
    if isinstance(node.parent, exp.Subquery):
        node = node.parent  # a derived table: its query, wrapped
    joins = scope.expression.args.get("joins") or []
    if isinstance(node.parent, exp.Join):
        join = node.parent
        if join.side in ("LEFT", "FULL") and join.kind not in ("SEMI", "ANTI"):
            return False
        later = joins[joins.index(join) + 1 :] if join in joins else []
    elif isinstance(node.parent, exp.From):
        later = joins
    else:
        return False
    return not any(j.side in ("RIGHT", "FULL") for j in later)


def inner_scope(scope: Scope) -> Scope | None:
    """The query scope a wrapper scope (a LATERAL subquery, a parenthesised query) stands for."""
    node = scope.expression
    target = node.this if isinstance(node, (exp.Lateral, exp.Subquery)) else None
    if isinstance(target, exp.Subquery):
        target = target.this
    if target is None:
        return None
    for child in (*scope.subquery_scopes, *scope.table_scopes, *scope.derived_table_scopes):
        if child.expression is target or child.expression is target.unnest():
            return child
    return None


def udtf_columns(scope: Scope) -> list[str]:
    """The column names an UNNEST / LATERAL VIEW / FLATTEN scope outputs."""
    node = scope.expression
    alias = node.args.get("alias")
    cols = [c.name.lower() for c in alias.columns] if isinstance(alias, exp.TableAlias) else []
    if (
        not cols
        and isinstance(alias, exp.TableAlias)
        and alias.name
        and isinstance(node, exp.Unnest)
    ):
        cols = [alias.name.lower()]  # BigQuery `UNNEST(x) AS e`: e is the element
    cols = cols or [c.lower() for c in scope.outer_columns]
    if not cols and isinstance(node, exp.Values) and node.expressions:
        # by position, for the alias of what wraps it: T-SQL `CROSS APPLY (VALUES ...) v(a, b)`
        first = node.expressions[0]
        width = len(first.expressions) if isinstance(first, exp.Tuple) else 1
        cols = [f"column{i + 1}" for i in range(width)]
    if isinstance(node, exp.Unnest):
        # BigQuery: the fields of an array of structs are columns of its UNNEST (`SELECT
        # value.x FROM UNNEST(event_params) WHERE key = 'k'`), where qualify typed it
        cols += [f for f in struct_fields(node) if f not in cols]
    if not cols and _is_flatten(node):
        cols = list(FLATTEN_COLUMNS)  # `TABLE(FLATTEN(input => x)) f`: qualify names none
    offset = node.args.get("offset") if isinstance(node, exp.Unnest) else None
    if isinstance(offset, exp.Identifier) and offset.name.lower() not in cols:
        cols.append(offset.name.lower())  # BigQuery `WITH OFFSET AS pos`
    return cols


def _element_type(node: exp.Unnest) -> exp.DataType | None:
    """The element type of an UNNEST of one array, as sqlglot's type annotation left it: on
    the UNNEST itself, or on its array (an outer column in a correlated subquery is typed on
    neither)."""
    kind = node.type
    if kind is not None and not kind.is_type(exp.DType.UNKNOWN):
        return kind
    array = node.expressions[0].type
    if array is not None and array.is_type(exp.DType.ARRAY) and array.expressions:
        element = array.expressions[0]
        return element if isinstance(element, exp.DataType) else None
    return None


def struct_fields(node: exp.Unnest) -> list[str]:
    """The field names of the elements of an UNNEST of one ARRAY<STRUCT<...>>, or none."""
    element = _element_type(node) if len(node.expressions) == 1 else None
    if element is None or not element.is_type(exp.DType.STRUCT):
        return []
    return [f.name.lower() for f in element.expressions if isinstance(f, exp.ColumnDef)]


def untyped_elements(scope: Scope) -> bool:
    """An UNNEST of one array whose element type is unknown, naming at most the element
    (`AS e`, which qualify writes `AS _0(e)`): a field of its elements (`key` of
    `UNNEST(event_params)`, qualified `_0.key` when the UNNEST is the only source) may be any
    name, made from the array."""
    node = scope.expression
    if not isinstance(node, exp.Unnest) or len(node.expressions) != 1:
        return False
    alias = node.args.get("alias")
    return len(alias.columns if isinstance(alias, exp.TableAlias) else []) <= 1 and (
        _element_type(node) is None
    )


def open_udtf(scope: Scope) -> bool:
    """A LATERAL / APPLY / Snowflake `TABLE(...)` function whose columns nothing names (T-SQL
    `CROSS APPLY string_split(t.tags, ',') s` read as `s.value`; Postgres `CROSS JOIN LATERAL
    regexp_split_to_table(t.tags, ',') AS tag` read as `tag`; a user's UDTF): any column asked
    of it is made from the function's arguments."""
    node = scope.expression
    if not isinstance(node, (exp.Lateral, exp.TableFromRows)):
        return False
    func = node.this
    if isinstance(func, exp.Dot):  # Snowflake `TABLE(db.schema.my_udtf(t.c))`
        func = func.expression
    return isinstance(func, exp.Func) and not udtf_columns(scope)


def _is_flatten(node: exp.Expr) -> bool:
    """Snowflake FLATTEN parses as an Explode: `TABLE(FLATTEN(x))`, or one of named
    arguments (`LATERAL FLATTEN(input => x)`)."""
    func = node.this if isinstance(node, (exp.Lateral, exp.TableFromRows)) else None
    if not isinstance(func, exp.Explode):
        return False
    return isinstance(node, exp.TableFromRows) or isinstance(func.this, exp.Kwarg)


def index_columns(node: exp.Expr, cols: list[str]) -> set[str]:
    """Output columns that hold a position, not a value of the array."""
    func = node.this if isinstance(node, (exp.Lateral, exp.TableFromRows)) else node
    if isinstance(func, exp.Posexplode) and cols:
        return {cols[0]}
    if isinstance(func, exp.Unnest) and func.args.get("offset") and cols:
        offset = func.args["offset"]
        return {offset.name.lower() if isinstance(offset, exp.Identifier) else cols[-1]}
    if cols == FLATTEN_COLUMNS:
        return {"seq", "index"}
    return set()


def multi_alias_outputs(proj: exp.Aliases) -> list[Output]:
    """`explode(m) AS (k, v)`, `posexplode(a) AS (pos, v)`, `json_tuple(j, 'a') AS (a)`: one
    output per name, each holding the function's value (a position holds none)."""
    names = [a.name.lower() for a in proj.expressions]
    if isinstance(proj.this, exp.Stack):
        return [Output(n, proj.this, part=(i, len(names))) for i, n in enumerate(names)]
    positions = index_columns(proj.this, names)
    return [Output(n) if n in positions else Output(n, proj.this) for n in names]


def stacked(func: exp.Stack, index: int, width: int) -> list[exp.Expr]:
    """The arguments of Spark/Hive `stack(n, a1, b1, a2, b2)` that fill column `index` of
    `width`: a1 and a2 go to the first column only, b1 and b2 to the second."""
    return func.expressions[index::width] if width else []


def relations(select: exp.Expr) -> Iterator[exp.Expr]:
    """The relations a SELECT (or an UPDATE / DELETE) reads: its FROM and each JOIN's."""
    from_ = select.args.get("from_")
    if from_ is not None:
        yield from_.this
    for join in select.args.get("joins") or []:
        yield join.this


def joins_of(select: exp.Select) -> list[exp.Join]:
    """Every join of a SELECT, including those nested in a parenthesised FROM."""
    joins = list(select.args.get("joins") or [])
    relations = [select.args["from_"].this] if select.args.get("from_") else []
    relations += [j.this for j in joins]
    while relations:
        rel = relations.pop()
        if isinstance(rel, (exp.Table, exp.Subquery)) and not (
            isinstance(rel, exp.Subquery) and rel.alias
        ):
            nested = rel.args.get("joins") or []
            joins.extend(nested)
            relations.extend(j.this for j in nested)
            if isinstance(rel, exp.Subquery):
                relations.append(rel.this)
    return joins


def lookup(scope: Scope, alias: str) -> Source | None:
    """Find the source named `alias` in `scope` or, for correlated subqueries, its parents.

    A CTE counts only where a query selects from it: sqlglot lists every visible CTE among a
    scope's sources, and `WITH c AS (...) SELECT c.x FROM a` is an error, not a read of c."""
    current: Scope | None = scope
    while current is not None:
        src = current.sources.get(alias)
        if src is not None and not unselected(current, alias, src):
            return src
        current = outer_scope(current)
    return None


def unselected(scope: Scope, alias: str, src: Source) -> bool:
    """True if `src`, the source `alias` of `scope`, is a CTE `scope` does not select from
    (sqlglot lists every visible CTE among a scope's sources)."""
    return isinstance(src, Scope) and src.is_cte and alias not in scope.selected_sources


def unselected_cte(scope: Scope, alias: str) -> bool:
    """True if `alias` names a CTE visible from `scope`. Asked once `lookup` found no source
    of that name selected there, so such a CTE is one no query around `scope` selects from."""
    current: Scope | None = scope
    while current is not None:
        src = current.sources.get(alias)
        if isinstance(src, Scope) and src.is_cte:
            return True
        current = outer_scope(current)
    return False


def encloses(src: Source, node: exp.Expr, scope: Scope) -> bool:
    """True if `node`, read in `scope`, sits inside the source `src` itself: in the arguments
    of a table function (`my_srf(x) f`) or of a LATERAL function or subquery, whose columns
    are made from them. A source is never one for its own arguments."""
    if isinstance(src, Scope):
        if not (src.is_udtf or isinstance(src.expression, exp.Lateral)):
            return False
        current: Scope | None = scope
        while current is not None:
            if current.expression is src.expression:
                return True
            current = current.parent
        return False
    if isinstance(src.this, exp.Identifier):
        return False
    parent = node.parent
    while parent is not None:
        if parent is src:
            return True
        parent = parent.parent
    return False


def may_correlate(scope: Scope) -> bool:
    """True if a name unknown in `scope` may refer to its parent (a correlated subquery)."""
    return scope.scope_type in (ScopeType.SUBQUERY, ScopeType.UDTF) or (
        scope.scope_type == ScopeType.DERIVED_TABLE and isinstance(scope.expression, exp.Lateral)
    )


def outer_scope(scope: Scope) -> Scope | None:
    """The scope a name unknown in `scope` may refer to, or None. A branch of a set operation
    looks where the set operation would; a derived table in the FROM of a correlated subquery
    sees past that subquery's FROM (never its siblings) to the queries around it."""
    while scope.scope_type == ScopeType.SET_OPERATION and scope.parent is not None:
        scope = scope.parent
    parent = scope.parent
    if parent is None:
        return None
    if may_correlate(scope):
        return parent
    if scope.scope_type == ScopeType.DERIVED_TABLE and may_correlate(parent):
        return outer_scope(parent)
    return None


def in_order_keys(column: exp.Column, scope: Scope) -> bool:
    """True if `column` sits in the ORDER BY or the DISTINCT ON of `scope`'s SELECT, where
    output aliases count (Postgres reads DISTINCT ON's expressions by ORDER BY's rules)."""
    if not isinstance(scope.expression, exp.Select):
        return False
    distinct = scope.expression.args.get("distinct")
    clauses = (
        scope.expression.args.get("order"),
        distinct.args.get("on") if isinstance(distinct, exp.Distinct) else None,
    )
    keys = [c for c in clauses if c is not None]
    if not keys:
        return False
    node: exp.Expr | None = column
    while node is not None and node is not scope.expression:
        if any(node is key for key in keys):
            return True
        node = node.parent
    return False
