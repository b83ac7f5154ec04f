"""DuckDB's statement forms of PIVOT / UNPIVOT, rewritten into the SQL-standard clause forms.

`UNPIVOT t ON a, b INTO NAME n VALUE v` is `SELECT * FROM t UNPIVOT (v FOR n IN (a, b))`, and
`PIVOT t ON k IN (...) USING agg(x) GROUP BY g` is
`SELECT * FROM (SELECT g, k, x FROM t) PIVOT (agg(x) FOR k IN (...))`, so `pivot.py` handles both
spellings one way. A PIVOT without an `IN` list has columns only the data can tell: it becomes
`IN (ANY)`, Snowflake's spelling of that (`pivot.py` keeps its columns as an unresolved `*`).
"""

from __future__ import annotations

from sqlglot import exp


def standardise_pivots(tree: exp.Expr, pivots: list[exp.Pivot]) -> exp.Expr | None:
    """Rewrite every statement-form PIVOT/UNPIVOT among `pivots` (the pivots of `tree`, in
    walk order); return the (possibly new) root, or None if nothing was rewritten."""
    rewritten = False
    for node in pivots:
        if not isinstance(node.this, exp.Table):
            continue  # the clause form hangs on its relation and has no `this`
        select = _unpivot(node) if node.args.get("unpivot") else _pivot(node)
        if select is None:
            continue
        with_ = node.args.get("with_")  # `WITH c AS (...) UNPIVOT c ON ...`: the CTE it reads
        if with_ is not None:
            select.set("with_", with_.pop())
        rewritten = True
        if node is tree:
            tree = select
        else:
            node.replace(select)
    return tree if rewritten else None


def _unpivot(node: exp.Pivot) -> exp.Select | None:
    into = node.args.get("into")
    if not isinstance(into, exp.UnpivotColumns) or len(into.expressions) != 1:
        return None
    clause = exp.Pivot(
        expressions=[exp.to_identifier(into.expressions[0].name)],
        fields=[
            exp.In(
                this=exp.to_identifier(into.this.name),
                expressions=[c.copy() for c in node.expressions],
            )
        ],
        unpivot=True,
    )
    table = node.this.copy()
    table.set("pivots", [clause])
    return exp.Select(expressions=[exp.Star()]).from_(table, copy=False)


def _pivot(node: exp.Pivot) -> exp.Select | None:
    using = node.args.get("using") or []
    # `ON month` without an IN list: the data names the columns, as `IN (ANY)` says
    fields = [
        exp.In(this=f.copy(), expressions=[exp.PivotAny()]) if isinstance(f, exp.Column) else f
        for f in node.expressions
    ]
    if len(using) != 1 or not fields or not all(isinstance(f, exp.In) for f in fields):
        return None
    values = [v for f in fields for v in f.expressions if not isinstance(v, exp.PivotAny)]
    names = [_value_name(v) for v in values]
    if any(n is None for n in names):
        return None
    relation: exp.Expr = node.this.copy()
    group = node.args.get("group")
    if group is not None:  # only the GROUP BY keys stay as implicit columns
        used = [*group.expressions, *(f.this for f in fields), *using[0].find_all(exp.Column)]
        inner = exp.Select(expressions=_distinct_columns(used)).from_(relation, copy=False)
        relation = exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier("_lp_p")))
    clause = exp.Pivot(
        expressions=[using[0].copy()],
        fields=[f.copy() for f in fields],
        unpivot=False,
        columns=[exp.to_identifier(n) for n in names],
    )
    relation.set("pivots", [clause])
    return exp.Select(expressions=[exp.Star()]).from_(relation, copy=False)


def _value_name(value: exp.Expr) -> str | None:
    """The column a PIVOT IN value becomes: its alias, or the value itself."""
    if isinstance(value, exp.Alias):
        return value.alias
    if isinstance(value, (exp.Literal, exp.Column, exp.Identifier)):
        return value.name
    return None


def _distinct_columns(nodes: list[exp.Expr]) -> list[exp.Expr]:
    seen: set[str] = set()
    out: list[exp.Expr] = []
    for node in nodes:
        key = node.sql()
        if key not in seen:
            seen.add(key)
            out.append(node.copy())
    return out
