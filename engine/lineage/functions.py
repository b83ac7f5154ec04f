"""Functions whose arguments play different parts: some are the value, some only decide.

`NULLIF(a, b)`, `NVL2(a, x, y)`, `DECODE(e, s1, r1, ...)`, ClickHouse `multiIf(c1, v1, ...)`
and `CHOOSE(i, a, b)` / `ELT(i, a, b)` are CASE expressions in disguise (their tested arguments
are CONDITIONAL), `COUNTIF(p)` counts rows that pass `p` (as ClickHouse's `-If` combinators
aggregate only them: `sumIf(x, p)`), and `MAX_BY(x, y)` returns an `x` chosen by ordering on `y`
(a SORT key, like `array_agg(x ORDER BY y)`; so are BigQuery `ANY_VALUE(x HAVING MAX y)` and
ClickHouse's `-ArgMax` combinator). `walk.ExpressionWalker` dispatches these nodes here (by
class, or by name for `exp.Anonymous`: `NAMED_HANDLERS`) while the path is still DIRECT.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlglot import exp
from sqlglot.optimizer.scope import Scope
from sqlglot.parsers.clickhouse import ClickHouseParser

from engine.lineage.flows import SORTS, Path, indirect, step

if TYPE_CHECKING:
    from engine.lineage.walk import Bindings, ExpressionWalker, Item

_CONDITIONAL = indirect("CONDITIONAL")


def _nvl2(
    _w: ExpressionWalker, node: exp.Nvl2, path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    """NVL2(a, x, y) is CASE WHEN a IS NOT NULL THEN x ELSE y END: `a` only decides."""
    value = step(path, node)
    yield node.this, _CONDITIONAL, b
    yield node.args.get("true"), value, b
    yield node.args.get("false"), value, b


def _decode(
    _w: ExpressionWalker, node: exp.DecodeCase, path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    """DECODE(e, s1, r1, s2, r2, ..., default) is CASE e WHEN s1 THEN r1 ... ELSE default END:
    `e` and the searched values only decide, the results (and default) are the value."""
    value = step(path, node)
    args = node.expressions
    for i, arg in enumerate(args):
        is_result = i > 0 and (i % 2 == 0 or i == len(args) - 1)
        yield arg, value if is_result else _CONDITIONAL, b


def _nullif(
    _w: ExpressionWalker, node: exp.Nullif, path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    """NULLIF(a, b) is CASE WHEN a = b THEN NULL ELSE a END: a is the value, both decide."""
    yield node.this, step(path, node), b
    yield node.this, _CONDITIONAL, b
    if node.expression is not None:
        yield node.expression, _CONDITIONAL, b


def _count_if(
    _w: ExpressionWalker, node: exp.CountIf, _path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    """COUNTIF(p) is COUNT(*) FILTER (WHERE p): it counts rows, `p` only decides which."""
    if node.this is not None:
        yield node.this, _CONDITIONAL, b


def _arg_max(
    _w: ExpressionWalker, node: exp.ArgMax | exp.ArgMin, path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    """max_by(x, y) is the x of the row with the largest y: x is the value, y only orders."""
    yield node.this, step(path, node), b
    if node.expression is not None:
        yield node.expression, SORTS, b
    if node.args.get("count") is not None:
        yield node.args["count"], step(path, node), b


def _having_max(
    _w: ExpressionWalker, node: exp.HavingMax, path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    """BigQuery ANY_VALUE(x HAVING MAX y) is max_by(x, y): y only orders."""
    yield node.this, path, b
    yield node.expression, SORTS, b


def _multi_if(
    _w: ExpressionWalker, node: exp.Anonymous, path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    """ClickHouse multiIf(c1, v1, c2, v2, ..., else) is CASE WHEN c1 THEN v1 ... ELSE else END."""
    value = step(path, node)
    args = node.expressions
    for i, arg in enumerate(args):
        yield arg, value if i % 2 or i == len(args) - 1 else _CONDITIONAL, b


def _choose(
    _w: ExpressionWalker, node: exp.Expr, path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    """T-SQL CHOOSE(i, a, b, ...) / MySQL ELT(i, a, b, ...): the index only picks a value."""
    args = [node.this, *node.expressions] if isinstance(node, exp.Elt) else node.expressions
    value = step(path, node)
    for i, arg in enumerate(args):
        yield arg, value if i else _CONDITIONAL, b


# What each ClickHouse aggregate combinator adds after the arguments it is applied to:
# https://clickhouse.com/docs/sql-reference/aggregate-functions/combinators. `-Merge` takes the
# state an aggregate made instead of its arguments (whose condition was applied then).
_COMBINATOR_ARGUMENT = {
    "If": _CONDITIONAL, "ArrayIf": _CONDITIONAL, "ArgMax": SORTS, "ArgMin": SORTS,
}
_TAKES_STATE = frozenset({"Merge", "MergeState"})
# argMax(x, y) under a combinator (`argMaxIf(x, y, p)`) is still max_by(x, y).
_ORDERED_BY_SECOND = frozenset({"argMax", "argMin"})


def _combined(
    _w: ExpressionWalker,
    node: exp.CombinedAggFunc | exp.CombinedParameterizedAgg,
    path: Path,
    b: Bindings,
    _s: Scope,
) -> Iterator[Item]:
    """ClickHouse `sumIf(x, p)`, `uniqArrayIf(a, p)`, `avgIfState(x, p)`, `sumArgMax(x, y)`:
    the arguments the combinators add (`-If`'s condition, `-ArgMax`'s ordering) only decide
    which rows are aggregated; the others are the aggregate's values."""
    value = step(path, node)
    parameterized = isinstance(node, exp.CombinedParameterizedAgg)
    if parameterized:  # quantilesIf(0.5, 0.9)(x, p): the parameters, then the arguments
        yield from ((param, value, b) for param in node.expressions)
    args = list(node.args.get("params") or []) if parameterized else list(node.expressions)
    ordered, roles = _combinator_roles(node.name)
    added = len(args) - len(roles)
    for i, arg in enumerate(args):
        if i >= added >= 0:
            yield arg, roles[i - added], b
        else:
            yield arg, SORTS if ordered and i == 1 else value, b


@lru_cache(maxsize=1024)
def _combinator_roles(name: str) -> tuple[bool, tuple[Path, ...]]:
    """Whether the aggregate under the combinators of `name` orders by its second argument,
    and the paths of the trailing arguments the combinators add, innermost first. Memoised:
    a name's combinators never change. (`_resolve_clickhouse_agg` is private to sqlglot: an
    upgrade is gated by the lineage cases.)"""
    parts = ClickHouseParser._resolve_clickhouse_agg(name)
    if parts is None:
        return False, ()
    ordered, roles = parts[0] in _ORDERED_BY_SECOND, []
    for suffix in parts[1]:
        if suffix in _TAKES_STATE:
            ordered, roles = False, []
        elif suffix in _COMBINATOR_ARGUMENT:
            roles.append(_COMBINATOR_ARGUMENT[suffix])
    return ordered, tuple(roles)


FUNCTION_HANDLERS: dict[type, Callable[..., Iterator[Any]]] = {
    exp.Nullif: _nullif,
    exp.Nvl2: _nvl2,
    exp.DecodeCase: _decode,
    exp.CountIf: _count_if,
    exp.ArgMax: _arg_max,
    exp.ArgMin: _arg_max,
    exp.HavingMax: _having_max,
    exp.Elt: _choose,
    exp.CombinedAggFunc: _combined,
    exp.CombinedParameterizedAgg: _combined,
}
# Functions sqlglot knows no class for (`exp.Anonymous`), by lowercase name.
NAMED_HANDLERS: dict[str, Callable[..., Iterator[Any]]] = {
    "multiif": _multi_if,
    "choose": _choose,
}
