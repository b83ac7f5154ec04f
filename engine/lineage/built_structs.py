"""A field of a struct the query builds itself: only the argument that fills it.

`WITH c AS (SELECT struct(a.x AS f, a.y AS g) AS sx FROM a) SELECT c.sx.f FROM c` reads `a.x`
alone: the field `f` is `a.x` by construction. Read as the whole column `c.sx`, it would read
`a.y` too. sqlglot parses every struct constructor with named fields as `exp.Struct` (BigQuery
and Spark `struct(v AS f)`, Spark `named_struct('f', v)`, DuckDB `{'f': v}` and
`struct_pack(f := v)`, Snowflake `object_construct('f', v)`), each field a `PropertyEQ` or an
`Alias` (a bare column is a field of its name); a field is read as `s.f` (`exp.Dot`), `s['f']`
(`exp.Bracket`) or Snowflake's `s:f` (`exp.JSONExtract`).

The projection is followed through plain column projections and `*` of the CTEs and derived
tables between the struct and the read. Anything else — a struct column a catalog types, a key
the constructor lacks, a struct made by a function or a set operation — is left to the caller,
which reads the whole column (still `[struct]` on the path, as the argument's flows are).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from engine.lineage.flows import IDENTITY, Flow, step
from engine.lineage.scopes import lookup

if TYPE_CHECKING:
    from engine.lineage.columns import ScopeLineage

FIELD_ACCESSES = (exp.Dot, exp.Bracket, exp.JSONExtract)
_DEPTH = 32  # CTEs / derived tables followed between the struct and the read


def field_access(node: exp.Expr) -> tuple[exp.Column, str, bool] | None:
    """`(column, key, exact)` for a read of field `key` of a qualified column (`c.sx.f`,
    `c.sx['f']`, `c.sx:f`), `exact` where the key compares case-sensitively (a Snowflake
    object's); None for anything else (an array index, a method call, a computed key)."""
    column = node.this
    if not isinstance(column, exp.Column) or not column.table:
        return None
    key = _field_key(node)
    return (column, *key) if key is not None else None


def inline_field(node: exp.Expr) -> list[exp.Expr] | None:
    """The values a read of a field of a struct built in the same expression takes
    (`named_struct('e', x, 'a', y).a`, `STRUCT(x AS e, y AS a).a`, `OBJECT_CONSTRUCT(...):a`:
    `y`); None for any other read, or a key the struct does not build (the whole struct)."""
    struct = node.this
    key = _field_key(node) if isinstance(struct, exp.Struct) else None
    return (_arguments(struct, *key) or None) if key is not None else None


def _field_key(node: exp.Expr) -> tuple[str, bool] | None:
    """The key a field read (`x.f`, `x['f']`, `x:f`) names, and whether it compares
    case-sensitively; None for an array index, a method call, a computed key."""
    if isinstance(node, exp.Dot):
        key = node.expression
        return (key.name, False) if isinstance(key, exp.Identifier) else None
    if isinstance(node, exp.Bracket):
        keys = node.expressions
        if len(keys) == 1 and isinstance(keys[0], exp.Literal) and keys[0].is_string:
            return keys[0].name, False
        return None
    path = node.expression
    parts = path.expressions if isinstance(path, exp.JSONPath) else []
    if len(parts) > 1 and isinstance(parts[0], exp.JSONPathRoot):
        if isinstance(parts[1], exp.JSONPathKey) and isinstance(parts[1].this, str):
            return parts[1].this, True
    return None


def built_field(
    lineage: ScopeLineage, src: object, name: str, key: str, exact: bool, depth: int = 0
) -> set[Flow] | None:
    """The flows of field `key` of column `name` of source `src`, where `src` is a query whose
    output `name` is a struct it builds (directly or through plain column projections); None
    where that is not seen, so the whole column is read."""
    if not isinstance(src, Scope) or depth > _DEPTH:
        return None
    scope = lineage.scope_of(src)
    if not isinstance(scope.expression, exp.Select):
        return None
    index = lineage.index_of(scope, name)
    if index is None or lineage.repeats(scope, name):
        return None  # through a `*`, or ambiguous: read as the column is
    entry = lineage.outputs(scope)[index]
    found: set[Flow] | None = None
    if entry.node is not None:
        value = entry.node.unalias()
        if isinstance(value, exp.Struct):
            args = _arguments(value, key, exact)
            if not args:
                return None
            path = step(IDENTITY, value)
            found = set().union(*(lineage.flows_of(arg, scope, path) for arg in args))
        elif isinstance(value, exp.Column) and value.table:
            inner = lookup(scope, value.table)
            found = built_field(lineage, inner, value.name.lower(), key, exact, depth + 1)
    elif entry.source is not None and not entry.star:
        found = built_field(lineage, entry.source[1], entry.name, key, exact, depth + 1)
    return found | lineage.wide(scope) if found is not None else None


def _arguments(struct: exp.Struct, key: str, exact: bool) -> list[exp.Expr]:
    """The values of the fields of `struct` named `key`."""
    wanted = key if exact else key.lower()
    out: list[exp.Expr] = []
    for arg in struct.expressions:
        if isinstance(arg, exp.PropertyEQ):
            name, value = arg.this.name, arg.expression
        elif isinstance(arg, exp.Alias):
            name, value = arg.alias, arg.this
        elif isinstance(arg, exp.Column) and not isinstance(arg.this, exp.Star):
            name, value = arg.name, arg
        else:
            continue
        if (name if exact else name.lower()) == wanted:
            out.append(value)
    return out
