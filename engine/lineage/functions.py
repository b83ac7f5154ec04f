"""Functions whose arguments play different parts: some are the value, some only decide.

`NULLIF(a, b)`, `NVL2(a, x, y)` and `DECODE(e, s1, r1, ...)` are CASE expressions in disguise
(their tested arguments are CONDITIONAL), `COUNTIF(p)` counts rows that pass `p`, and
`MAX_BY(x, y)` returns an `x` chosen by ordering on `y` (a SORT key, like `array_agg(x ORDER BY
y)`). `walk.ExpressionWalker` dispatches these nodes here while the path is still DIRECT.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

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


FUNCTION_HANDLERS: dict[type, Callable[..., Iterator[Any]]] = {
    exp.Nullif: _nullif,
    exp.Nvl2: _nvl2,
    exp.DecodeCase: _decode,
    exp.CountIf: _count_if,
    exp.ArgMax: _arg_max,
    exp.ArgMin: _arg_max,
}
