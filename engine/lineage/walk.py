"""Walk one expression and collect the flows of every column it references into its value.

The walk goes top-down, carrying the `Path` from the current node up to the output: a function
on the way makes the path a TRANSFORMATION (or AGGREGATION) and records its name; a CASE/IF
condition, an aggregate FILTER, a window's PARTITION BY/ORDER BY turn it INDIRECT. It is an
explicit stack, not recursion, so very long expressions (`a || b || ...`) cannot overflow.
How a column reference or a subquery resolves is left to the subclass (`columns.ScopeLineage`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from engine.lineage.built_structs import FIELD_ACCESSES
from engine.lineage.flows import (
    IDENTITY,
    INDIRECT,
    SORTS,
    Flow,
    Path,
    compose,
    func_name,
    indirect,
    step,
)
from engine.lineage.functions import FUNCTION_HANDLERS, NAMED_HANDLERS

# name -> (expressions it stands for, bindings those expressions are evaluated in)
Bindings = dict[str, tuple[tuple[exp.Expr, ...], "Bindings"]]
Item = tuple[exp.Expr, Path, Bindings]
_NONE: Bindings = {}
_CONDITIONAL = indirect("CONDITIONAL")

# Nodes that never reference a column.
_LEAVES = (
    exp.Literal,
    exp.Star,
    exp.Null,
    exp.Boolean,
    exp.DataType,
    exp.Var,
    exp.Placeholder,
    exp.Parameter,
)
# `seq.NEXTVAL` / `seq.CURRVAL` (Oracle, Snowflake, Db2...): a sequence's value, no column.
_SEQUENCE_VALUES = frozenset({"nextval", "currval"})
# Higher-order functions whose result is made of their lambda's results, so the collection
# reaches the output only through the lambda (`transform(arr, e -> sha2(e))` is masked).
_MAPPING_HOFS = frozenset(
    {
        "transform",
        "array_transform",
        "list_transform",
        "apply",
        "list_apply",
        "array_apply",
        "transform_values",
        "transform_keys",
        "reduce",
        "aggregate",
        "array_reduce",
        "list_reduce",
        "zip_with",
        "map_zip_with",
        "map_filter",
        "array_map",
        "map",
    }
)


class ExpressionWalker:
    """Base class: `flows_of` walks an expression; subclasses resolve references."""

    def column_flows(self, column: exp.Column, scope: Scope) -> set[Flow]:
        """Return the flows of a column reference as it stands (no path applied)."""
        raise NotImplementedError

    def subquery_flows(self, query: exp.Expr, scope: Scope) -> set[Flow]:
        """Return the flows of every output of a subquery nested in an expression of `scope`."""
        raise NotImplementedError

    def merged_key(self, node: exp.Coalesce, scope: Scope) -> list[exp.Expr] | None:
        """Return the columns a USING/NATURAL merged key stands for, or None for a real COALESCE."""
        return None

    def star_argument_flows(self, star: exp.Expr, scope: Scope) -> set[Flow]:
        """Return the flows of every column a `*` / `t.*` function argument stands for."""
        return set()

    def field_flows(self, node: exp.Expr, scope: Scope) -> set[Flow] | None:
        """Return the flows of a field read (`c.s.f`) of a struct the query builds, or None to
        read the whole struct column."""
        return None

    def row_flows(self, row: exp.TableColumn, scope: Scope) -> set[Flow]:
        """Return the flows of a whole-row reference (`row_to_json(u)`): every column of `u`."""
        return set()

    def flows_of(self, root: exp.Expr, scope: Scope, path: Path = IDENTITY) -> set[Flow]:
        """Return the flows of every column referenced in `root`, seen through `path`."""
        out: set[Flow] = set()
        stack: list[Item] = [(root, path, _NONE)]
        pop, push = stack.pop, stack.append
        kinds = _KINDS
        while stack:
            node, path, bound = pop()
            if node is None:  # an argument a cut query lacks
                continue
            kind = kinds.get(type(node))
            if kind is None:
                kind = _classify(type(node))
            if kind == _LEAF:
                continue
            if kind == _STAR:
                if _carries_values(node):
                    out |= compose(self.star_argument_flows(node, scope), path)
                continue
            if kind == _ROW:  # qualify's name for a source alias used as a value
                out |= compose(self.row_flows(node, scope), path)
                continue
            if kind == _REF:
                self._reference(node, path, bound, scope, out, stack)
                continue
            if kind == _FIELD:
                found = self.field_flows(node, scope)
                if found is not None:
                    out |= compose(found, step(path, node))
                    continue
            if kind == _QUERY or (kind == _SUBQUERY and isinstance(node.unnest(), exp.Query)):
                out |= compose(self.subquery_flows(node.unnest(), scope), path)
                continue
            if kind == _HANDLED and (path.type != INDIRECT or type(node) in _EVERY_PATH):
                stack.extend(_HANDLERS[type(node)](self, node, path, bound, scope))
                continue
            if path.type != INDIRECT:
                if kind == _FUNC:
                    if _has_lambda(node):
                        stack.extend(_higher_order(node, path, bound))
                        continue
                    named = type(node) is exp.Anonymous and NAMED_HANDLERS.get(node.name.lower())
                    if named:
                        stack.extend(named(self, node, path, bound, scope))
                        continue
            inner = step(path, node)
            for child in node.iter_expressions():
                push((child, inner, bound))
            if kind == _HANDLED and type(node) is exp.Window:
                # `QUALIFY row_number() OVER w = 1`: the keys of `WINDOW w AS (...)` decide too
                for spec in _named_windows(node, scope):
                    for child in spec.iter_expressions():
                        push((child, inner, bound))
        return out

    def _reference(
        self,
        node: exp.Column | exp.Identifier,
        path: Path,
        bound: Bindings,
        scope: Scope,
        out: set[Flow],
        stack: list[Item],
    ) -> None:
        if isinstance(node, exp.Column):
            if isinstance(node.this, exp.Star):
                if _carries_values(node):
                    out |= compose(self.star_argument_flows(node, scope), path)
                return
            if node.table:
                if node.name.lower() in _SEQUENCE_VALUES and node.table not in scope.sources:
                    return  # Oracle/Snowflake `seq.NEXTVAL`: a generated number, no column
                out |= compose(self.column_flows(node, scope), path)
                return
        name = node.name
        if name in bound:
            exprs, outer = bound[name]
            stack.extend((e, path, outer) for e in exprs)
        elif isinstance(node, exp.Column):
            out |= compose(self.column_flows(node, scope), path)


def _carries_values(star: exp.Expr) -> bool:
    """Whether a `*` / `t.*` met in an expression passes its columns' values on: as a function's
    argument (`hash(*)`, `object_construct(*)`, `to_json(t.*)`), but never a count's, which
    counts rows (`count(*)`, `count_big(*)`, `approx_count_distinct(*)`)."""
    parent = star.parent
    while isinstance(parent, exp.Distinct):
        parent = parent.parent
    return isinstance(parent, exp.Func) and not isinstance(parent, (exp.Count, exp.ApproxDistinct))


def _has_lambda(node: exp.Func) -> bool:
    return any(isinstance(arg, exp.Lambda) for arg in node.iter_expressions())


def _higher_order(node: exp.Func, path: Path, bound: Bindings) -> Iterator[Item]:
    """`transform(arr, e -> f(e))`: bind the lambda's parameters to the collection arguments."""
    inner = step(path, node)
    args = list(node.iter_expressions())
    collections = tuple(a for a in args if not isinstance(a, exp.Lambda))
    mapping = func_name(node) in _MAPPING_HOFS
    if not mapping:
        yield from ((a, inner, bound) for a in collections)
    for lam in (a for a in args if isinstance(a, exp.Lambda)):
        params = {p.name: (collections, bound) for p in lam.expressions}
        # A filtering lambda (`filter(arr, e -> e > 0)`) only decides which elements stay.
        yield lam.this, inner if mapping else _CONDITIONAL, {**bound, **params}


Handler = Callable[[ExpressionWalker, Any, Path, Bindings, Scope], Iterator[Item]]


def _case(
    _w: ExpressionWalker, node: exp.Case, path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    value = step(path, node)
    if node.this is not None:
        yield node.this, _CONDITIONAL, b
    for branch in node.args.get("ifs") or []:
        yield branch.this, _CONDITIONAL, b
        if branch.args.get("true") is not None:
            yield branch.args["true"], value, b
    if node.args.get("default") is not None:
        yield node.args["default"], value, b


def _if(_w: ExpressionWalker, node: exp.If, path: Path, b: Bindings, _s: Scope) -> Iterator[Item]:
    value = step(path, node)
    yield node.this, _CONDITIONAL, b
    for key in ("true", "false"):
        if node.args.get(key) is not None:
            yield node.args[key], value, b


def _window(
    _w: ExpressionWalker, node: exp.Window, path: Path, b: Bindings, s: Scope
) -> Iterator[Item]:
    yield node.this, path, b
    if str(node.args.get("over") or "").upper() == "KEEP":
        # Oracle MAX(x) KEEP (DENSE_RANK LAST ORDER BY d): no window, an aggregate of the rows
        # ranked first or last by d (as max_by(x, d)); sqlglot models it as a Window.
        order = node.args.get("order")
        yield from ((key, SORTS, b) for key in (order.expressions if order else ()))
        return
    window = indirect("WINDOW")
    for spec in (node, *_named_windows(node, s)):
        for part in spec.args.get("partition_by") or []:
            yield part, window, b
        order = spec.args.get("order")
        if order is not None:
            yield from ((key, window, b) for key in order.expressions)


def _named_windows(node: exp.Window, scope: Scope) -> list[exp.Window]:
    """The definitions a window refers to by name, nearest first: `OVER w2 ... WINDOW w AS
    (PARTITION BY b), w2 AS (w ORDER BY c)` -> w2's, then w's (a chain of any depth; a name
    met twice ends it)."""
    name = node.args.get("alias")
    windows = scope.expression.args.get("windows") if isinstance(name, exp.Identifier) else None
    if not windows:
        return []
    specs = {
        spec.this.name: spec
        for spec in windows
        if isinstance(spec, exp.Window) and spec.this is not None
    }
    chain: list[exp.Window] = []
    while isinstance(name, exp.Identifier) and name.name in specs:
        spec = specs.pop(name.name)
        chain.append(spec)
        name = spec.args.get("alias")
    return chain


def _filter(
    _w: ExpressionWalker, node: exp.Filter, path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    yield node.this, path, b
    yield node.expression, _CONDITIONAL, b


def _within_group(
    _w: ExpressionWalker, node: exp.WithinGroup, path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    func, order = node.this, node.expression
    yield func, path, b
    if isinstance(order, exp.Order):
        # percentile_cont(0.5) WITHIN GROUP (ORDER BY x) aggregates x; listagg(a) WITHIN GROUP
        # (ORDER BY b) only sorts by b.
        keys = indirect("SORT") if func.find(exp.Column) else step(path, func)
        yield from ((key, keys, b) for key in order.expressions)


def _comprehension(
    _w: ExpressionWalker, node: exp.Comprehension, path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    """DuckDB `[f(x) FOR x IN arr IF p(x)]`: `transform` and `filter` in one. The array reaches
    the value only through `x`; the `IF` decides which elements stay."""
    names = [n for n in (node.expression, node.args.get("position")) if n is not None]
    inner = {**b, **{n.name: ((node.args["iterator"],), b) for n in names}}
    yield node.this, step(path, node), inner
    if node.args.get("condition") is not None:
        yield node.args["condition"], _CONDITIONAL, inner


def _order(
    _w: ExpressionWalker, node: exp.Order, path: Path, b: Bindings, _s: Scope
) -> Iterator[Item]:
    """`array_agg(a ORDER BY b)`: a is the value, b only sorts."""
    if node.this is not None:
        yield node.this, path, b
    yield from ((key, indirect("SORT"), b) for key in node.expressions)


def _coalesce(
    w: ExpressionWalker, node: exp.Coalesce, path: Path, b: Bindings, s: Scope
) -> Iterator[Item]:
    keys = w.merged_key(node, s)
    if keys is not None:
        yield from ((key, path, b) for key in keys)
        return
    inner = step(path, node)
    yield from ((child, inner, b) for child in node.iter_expressions())


# Handled on an INDIRECT path too: qualify's COALESCE for a USING/NATURAL merged key is one
# column, read from the same side(s) whether it is a value or a condition (`WHERE k > 0`).
_EVERY_PATH = frozenset({exp.Coalesce})
_HANDLERS: dict[type, Handler] = {
    exp.Case: _case,
    exp.If: _if,
    exp.Window: _window,
    exp.Filter: _filter,
    exp.WithinGroup: _within_group,
    exp.Order: _order,
    exp.Coalesce: _coalesce,
    exp.Comprehension: _comprehension,
    **FUNCTION_HANDLERS,
}


# How `flows_of` treats a node, by its class: decided once per class (the walk's hot path),
# in the order the checks apply.
_LEAF, _STAR, _ROW, _REF, _QUERY, _SUBQUERY, _HANDLED, _FUNC, _OTHER, _FIELD = range(10)
_KINDS: dict[type, int] = {}


def _classify(cls: type) -> int:
    if issubclass(cls, exp.Star):
        kind = _STAR
    elif issubclass(cls, exp.TableColumn):
        kind = _ROW
    elif issubclass(cls, _LEAVES):
        kind = _LEAF
    elif issubclass(cls, (exp.Column, exp.Identifier)):
        kind = _REF
    elif issubclass(cls, exp.UNWRAPPED_QUERIES):
        kind = _QUERY
    elif issubclass(cls, exp.Subquery):
        kind = _SUBQUERY  # a query only if what it wraps is one
    elif cls in FIELD_ACCESSES:
        kind = _FIELD  # `c.s.f`: handled as any node unless `s` is a struct the query builds
    elif cls in _HANDLERS:
        kind = _HANDLED
    elif issubclass(cls, exp.Func):
        kind = _FUNC
    else:
        kind = _OTHER
    _KINDS[cls] = kind
    return kind
