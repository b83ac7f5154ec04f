"""Teradata's own ordered analytical functions, read as the window functions they are.

Teradata documents each as equivalent to an ANSI window function (kept for old applications):

    CSUM(x, k [ASC | DESC], ...)     SUM(x) OVER (ORDER BY k, ... ROWS UNBOUNDED PRECEDING)
    MSUM(x, n, k, ...)               SUM(x) OVER (ORDER BY k, ... ROWS n-1 PRECEDING)
    MAVG(x, n, k, ...)               AVG(x) OVER (ORDER BY k, ... ROWS n-1 PRECEDING)
    MDIFF(x, n, k, ...)              x - LAG(x, n) OVER (ORDER BY k, ...)
    RANK(k [ASC | DESC], ...)        RANK() OVER (ORDER BY k, ...)
    QUANTILE(n, k)                   NTILE(n) OVER (ORDER BY k): a rank scaled to n groups

sqlglot parses the first four as functions it does not know (every argument a value: the sort
keys were DIRECT inputs of the result) and RANK(k) / QUANTILE(n, k) as aggregates. Read as
windows, x is the value and the sort keys are the window's ORDER BY (INDIRECT.WINDOW). A GROUP BY
of a query with such functions and no aggregate does not group its rows: it restarts each
function at every group, so its keys are each window's PARTITION BY. The sort keys' ASC / DESC,
which sqlglot cannot parse inside a call, are cut from the tokens first (a direction changes
which row comes first, not what is read). MLINREG(x, n, k) regresses x on k, so k is a value
there: it stays a call.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.tokenizer_core import Token, TokenType

from engine.lineage.flows import aggregates_rows
from engine.lineage.neutral import closing, positions

_MOVING = {"msum": exp.Sum, "mavg": exp.Avg}  # MSUM / MAVG(x, width, sort...)
_SORTED_CALLS = frozenset({"CSUM", "MSUM", "MAVG", "MDIFF", "MLINREG", "RANK", "QUANTILE"})
_DIRECTIONS = frozenset({TokenType.ASC, TokenType.DESC})


def without_sort_directions(tokens: list[Token], types: list[TokenType]) -> list[Token]:
    """`tokens` (`types`: theirs) without the ASC / DESC after the sort keys of a Teradata
    ordered analytical call (`CSUM(x, k DESC)`); `tokens` itself when there is none."""
    if TokenType.DESC not in types and TokenType.ASC not in types:
        return tokens
    cut: set[int] = set()
    for i in positions(types, TokenType.L_PAREN):
        if not i or tokens[i - 1].text.upper() not in _SORTED_CALLS:
            continue
        end = closing(types, i)
        depth = 0
        for k in range(i + 1, end):
            depth += (types[k] is TokenType.L_PAREN) - (types[k] is TokenType.R_PAREN)
            if depth == 0 and types[k] in _DIRECTIONS and types[k + 1] in (
                TokenType.COMMA, TokenType.R_PAREN
            ):
                cut.add(k)
    return [t for k, t in enumerate(tokens) if k not in cut] if cut else tokens


def olap_as_windows(nodes: list[exp.Expr]) -> None:
    """Rewrite, in place, each Teradata ordered analytical call among `nodes` (`exp.Anonymous`,
    `exp.Rank`, `exp.Quantile`) as its window function (module docstring)."""
    by_select: dict[int, tuple[exp.Select, list[exp.Window]]] = {}
    for node in nodes:
        window = _as_window(node)
        if window is None:
            continue
        select = window.find_ancestor(exp.Select)
        if select is not None:
            by_select.setdefault(id(select), (select, []))[1].append(window)
    for select, windows in by_select.values():
        _groups_as_partitions(select, windows)


def _as_window(node: exp.Expr) -> exp.Window | None:
    """The window `node` is rewritten as (replacing it in its tree), or None if it is none."""
    if node.parent is None or isinstance(node.parent, (exp.Window, exp.WithinGroup)):
        return None  # ANSI `RANK() OVER (...)`, Postgres `rank(x) WITHIN GROUP (...)`
    if type(node) is exp.Rank:  # (not a subclass: ApproxQuantile is a Quantile)
        sorts, func = list(node.expressions), exp.Rank()
    elif type(node) is exp.Quantile:
        sort = node.args.get("quantile")
        sorts, func = [sort] if sort is not None else [], exp.Ntile(this=node.this)
    elif isinstance(node, exp.Anonymous):
        sorts, func = _anonymous(node)
    else:
        return None
    if not sorts or func is None:
        return None
    window = exp.Window(
        this=func, order=exp.Order(expressions=[exp.Ordered(this=s) for s in sorts])
    )
    if node.meta_get("line") is not None:
        window.meta.update(node.meta)
    if isinstance(node, exp.Anonymous) and node.name.lower() == "mdiff":
        value = func.this.copy()  # MDIFF(x, n, k) is x - LAG(x, n) OVER (ORDER BY k)
        node.replace(exp.Paren(this=exp.Sub(this=value, expression=window)))
    else:
        node.replace(window)
    return window


def _anonymous(node: exp.Anonymous) -> tuple[list[exp.Expr], exp.Func | None]:
    """The sort keys and the window function of CSUM / MSUM / MAVG / MDIFF, if `node` is one."""
    name, args = node.name.lower(), list(node.expressions)
    if name == "csum" and len(args) >= 2:
        return args[1:], exp.Sum(this=args[0])
    if name in _MOVING and len(args) >= 3:
        return args[2:], _MOVING[name](this=args[0])
    if name == "mdiff" and len(args) >= 3:
        return args[2:], exp.Lag(this=args[0], offset=args[1])
    return [], None


def _groups_as_partitions(select: exp.Select, windows: list[exp.Window]) -> None:
    """Teradata's GROUP BY in a query of ordered analytical functions and no aggregate
    partitions each function instead of grouping the rows."""
    group = select.args.get("group")
    if group is None or not group.expressions or group.args.get("rollup") or (
        group.args.get("cube") or group.args.get("grouping_sets")
    ):
        return
    values = [a for w in windows for a in w.this.iter_expressions()]  # CSUM(SUM(x), k)
    if any(aggregates_rows(p) for p in [*select.expressions, *values]):
        return  # the rows are grouped: the functions run over the groups
    keys = [_grouped(select, key) for key in group.expressions]
    for window in windows:
        window.set("partition_by", [key.copy() for key in keys])
    group.pop()


def _grouped(select: exp.Select, key: exp.Expr) -> exp.Expr:
    """The expression a GROUP BY item stands for: an ordinal (`GROUP BY 1`) is the
    projection in that place (a constant in a PARTITION BY)."""
    if isinstance(key, exp.Literal) and key.is_int and 0 < int(key.name) <= len(select.selects):
        return select.selects[int(key.name) - 1].unalias()
    return key
