"""Flows: how one source column reaches one output, and how flows compose across scopes.

A `Flow` is a source column plus the OpenLineage kind of the influence it has on some output
(DIRECT IDENTITY/TRANSFORMATION/AGGREGATION or INDIRECT JOIN/FILTER/...) and the functions applied
on the way, innermost first. A `Path` describes the way from a reference inside an expression up
to the output that expression produces. Composing the flows of an inner output (a CTE column, a
temp-table column) with the path of the outer reference gives the flows of the outer output:
functions concatenate and the DIRECT subtype is the strongest of the two; an INDIRECT flow stays
what it was. A value reaching an output through a condition (WHERE, JOIN ON, CASE WHEN...)
becomes INDIRECT of that condition's kind (see `compose`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from sqlglot import exp

DIRECT = "DIRECT"
INDIRECT = "INDIRECT"
_RANK = {"IDENTITY": 0, "TRANSFORMATION": 1, "AGGREGATION": 2}
_ROW_SUBTYPES = frozenset({"JOIN", "FILTER", "GROUP_BY", "SORT"})


class Flow(NamedTuple):
    """A source column's influence on an output column."""

    asset: str
    column: str
    type: str
    subtype: str
    functions: tuple[str, ...] = ()
    resolution: str = "resolved"


class Path(NamedTuple):
    """The way from a reference up to its output: flow kind and functions, innermost first."""

    type: str
    subtype: str
    functions: tuple[str, ...] = ()


IDENTITY = Path(DIRECT, "IDENTITY")
# The path of an operand that only removes rows (the right side of an EXCEPT).
REMOVES = Path(INDIRECT, "FILTER")
# The path of a key that only orders rows (ORDER BY, an aggregate's ordering argument).
SORTS = Path(INDIRECT, "SORT")


def indirect(subtype: str) -> Path:
    """Return the path of a reference sitting in a condition of kind `subtype` (FILTER, JOIN...)."""
    return Path(INDIRECT, subtype)


def stronger(a: str, b: str) -> str:
    """Return the stronger DIRECT subtype: AGGREGATION > TRANSFORMATION > IDENTITY."""
    return a if _RANK[a] >= _RANK[b] else b


def compose(flows: Iterable[Flow], path: Path) -> set[Flow]:
    """Return `flows` (of an inner output) as seen through `path` (of the outer reference)."""
    if path == IDENTITY:
        return set(flows)
    out: set[Flow] = set()
    if path.type == DIRECT:
        for f in flows:
            if f.type == DIRECT:
                sub = stronger(f.subtype, path.subtype)
                out.add(f._replace(subtype=sub, functions=f.functions + path.functions))
            else:
                out.add(f)
        return out
    # A value used in a condition influences the output through that condition. An influence
    # on the rows (JOIN, FILTER, GROUP_BY, SORT) keeps the kind of the clause that uses its
    # source column: a WHERE inside a CTE stays a FILTER when the CTE is joined further out.
    # WINDOW and CONDITIONAL describe one column's value, so once that value is used in a
    # condition they take the condition's kind (`WHERE rn = 1` filters by the window's keys).
    return {
        f
        if f.type == INDIRECT and f.subtype in _ROW_SUBTYPES
        else f._replace(type=INDIRECT, subtype=path.subtype, functions=())
        for f in flows
    }


# Window navigation functions are AggFunc subclasses in sqlglot but return one input value
# unchanged: they transform the row set, they do not aggregate values.
_NAVIGATION = (exp.Lag, exp.Lead, exp.FirstValue, exp.LastValue, exp.NthValue)
# sqlglot derives some SQL names from class names letter by letter (`S_H_A2_DIGEST`).
_SPELLED_OUT = re.compile(r"(^|_)[A-Z0-9]_[A-Z0-9](_|$)")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# Canonical names for classes whose derived name is not what anyone writes; a digest as bytes
# is the function that makes it (BigQuery `MD5(x)` and `TO_HEX(MD5(x))` are both `md5`).
_RENAMES = {"sha2_digest": "sha2", "sha1_digest": "sha", "md5_digest": "md5",
            "star_map": "object_construct"}
_NAMES: dict[type, str] = {}


def func_name(node: exp.Func) -> str:
    """Return the lowercase canonical name of a function node (`exp.Anonymous`: as written)."""
    if isinstance(node, (exp.Anonymous, exp.AnonymousAggFunc, exp.ParameterizedAgg)):
        return node.name.lower()
    if isinstance(node, exp.TryCast) and not node.args.get("safe"):
        return "cast"  # Spark/Hive's CAST, which sqlglot reads as lenient; TRY_CAST is `safe`
    cls = type(node)
    name = _NAMES.get(cls)
    if name is None:
        name = cls.sql_name()
        if _SPELLED_OUT.search(name):
            name = _CAMEL.sub("_", cls.__name__)
        name = _RENAMES.get(name.lower(), name.lower())
        _NAMES[cls] = name
    return name


def is_aggregate(node: exp.Expr) -> bool:
    """Return True for an aggregate function (window navigation functions excluded); the
    aggregates sqlglot knows only by name are re-typed as such by `aggregates`."""
    return isinstance(node, exp.AggFunc) and not isinstance(node, _NAVIGATION)


def aggregates_rows(projection: exp.Expr) -> bool:
    """True if `projection` aggregates its query's rows: an aggregate of its own, not one
    inside a window (`sum(x) OVER (...)` keeps every row) or a subquery (that query's)."""
    return any(is_aggregate(n) for n in projection.walk(  # (an unaliased window too)
        prune=lambda n: isinstance(n, exp.Window)
        or isinstance(n, exp.Query) and n is not projection))


# Nodes that hand their value through unchanged.
_PASS_THROUGH = (exp.Alias, exp.Paren, exp.Distinct, exp.Subquery, exp.Kwarg, exp.PropertyEQ)


def step(path: Path, node: exp.Expr) -> Path:
    """Return the path of `node`'s value arguments, given the path of `node` itself."""
    if path.type == INDIRECT:
        return path
    sub = _STEPS.get(type(node))
    if sub is None:
        sub = _step_kind(type(node))
    if sub == "":
        return path
    if sub == "OPERATOR":
        # stronger(subtype, TRANSFORMATION) changes only IDENTITY: otherwise `path` itself
        if path.subtype != "IDENTITY":
            return path
        return Path(DIRECT, "TRANSFORMATION", path.functions)
    return Path(DIRECT, stronger(path.subtype, sub), (func_name(node),) + path.functions)


# What `step` does for a node class: "" hands the path through, "OPERATOR" transforms without
# a name, else the subtype of a named function. A class's answer never changes: decided once.
_STEPS: dict[type, str] = {}


def _step_kind(cls: type) -> str:
    if issubclass(cls, _PASS_THROUGH):
        kind = ""
    elif issubclass(cls, exp.Func):
        aggregate = issubclass(cls, exp.AggFunc) and not issubclass(cls, _NAVIGATION)
        kind = "AGGREGATION" if aggregate else "TRANSFORMATION"
    else:
        kind = "OPERATOR"
    _STEPS[cls] = kind
    return kind
