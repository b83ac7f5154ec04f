"""Generators in a select list that make several columns, named from the argument's type.

Spark/Hive `inline(items)` makes one column per field of the array's structs, `explode(m)` of
a map makes `key` and `value` (of an array, `col`), `posexplode(a)` a `pos` before them;
DuckDB `unnest(s)` of a STRUCT makes one column per field, and with `recursive := true` /
`max_depth := n` it unnests lists and structs further down. An unaliased generator whose
argument the catalog types gets its columns named before qualify (`inline(items) AS (a, b)`,
as if written so), so that qualify's star expansion and everything after see them. Where the
type is not known, `inline` and a recursive `unnest`, whose columns are always fields, are
marked: their columns are an unresolved `*`. The others keep qualify's one `_col_N` column.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.duckdb import DuckDB

from engine.lineage.catalog_columns import CatalogColumns, TypesOf

GENERATOR = "lp_generator"  # meta key: a generator whose columns no type names
_DEPTH = 16  # DuckDB `recursive := true`: as deep as any type goes


def name_generator_columns(selects: list[exp.Select], types_of: TypesOf, dialect: Dialect) -> None:
    """Name the columns of the unaliased generators of `selects` from their argument's
    catalog type, or mark those made of fields no type names (Spark/Hive and DuckDB)."""
    duckdb = isinstance(dialect, DuckDB)  # else Spark/Databricks/Hive (extract dispatches)
    catalog: CatalogColumns | None = None
    for select in selects:
        for proj in list(select.expressions):
            if not (_is_unnest(proj) if duckdb else _is_spark_generator(proj)):
                continue
            catalog = catalog or CatalogColumns(types_of)
            kind = _argument_type(proj, select, catalog, dialect)
            depth = _unnest_depth(proj) if duckdb else 1
            if duckdb:
                names = _unnest_columns(kind, depth) if kind is not None else None
            else:
                names = _spark_columns(proj, kind)
            if names:
                aliases = exp.Aliases(expressions=[exp.to_identifier(n) for n in names])
                proj.replace(aliases)
                aliases.set("this", proj)
            elif kind is None and (depth > 1 or _is_inline(proj)):
                proj.meta[GENERATOR] = True
        laterals = [] if duckdb else select.args.get("laterals") or []
        for lateral in laterals:  # Hive's LATERAL VIEW
            catalog = catalog or CatalogColumns(types_of)
            _name_lateral_view(lateral, select, catalog, dialect)


def _name_lateral_view(
    lateral: exp.Lateral, select: exp.Select, catalog: CatalogColumns, dialect: Dialect
) -> None:
    """`LATERAL VIEW inline(items) x` names no column: Spark names them as in a select list
    (`x.*` and `*` need them)."""
    alias = lateral.args.get("alias")
    func = lateral.this
    if not isinstance(alias, exp.TableAlias) or alias.columns or not _is_spark_generator(func):
        return
    names = _spark_columns(func, _argument_type(func, select, catalog, dialect))
    if names:
        alias.set("columns", [exp.to_identifier(n) for n in names])


def argument(func: exp.Expr) -> exp.Expr:
    """The value a generator expands (`inline_outer` is a function sqlglot only names)."""
    return func.expressions[0] if isinstance(func, exp.Anonymous) else func.this


def _is_unnest(node: exp.Expr) -> bool:
    return isinstance(node, exp.Explode)  # DuckDB's unnest(...)


def _is_inline(node: exp.Expr) -> bool:
    return isinstance(node, exp.Inline) or (
        isinstance(node, exp.Anonymous) and node.name.lower() == "inline_outer"
    )


def _is_spark_generator(node: exp.Expr) -> bool:
    return isinstance(node, exp.Explode) or _is_inline(node)  # a posexplode is an explode


def _argument_type(
    func: exp.Expr, select: exp.Select, catalog: CatalogColumns, dialect: Dialect
) -> exp.DataType | None:
    """The catalog type of a generator's argument, when it is a column; None if unknown."""
    arg = argument(func)
    if not isinstance(arg, exp.Column):
        return None
    return catalog.type_of(arg.name.lower(), arg.table.lower(), select, dialect)


def _spark_columns(func: exp.Expr, kind: exp.DataType | None) -> list[str] | None:
    """Spark's column names for `inline`, `explode` and `posexplode` of a value of `kind`."""
    if kind is None:
        return None
    element = kind.expressions[0] if kind.is_type(exp.DType.ARRAY) and kind.expressions else None
    if _is_inline(func):
        struct = element if isinstance(element, exp.DataType) else None
        return _fields(struct) if struct is not None and struct.is_type(exp.DType.STRUCT) else None
    values = ["col"] if element is not None else ["key", "value"] if kind.is_type("map") else None
    if values is None:
        return None
    return ["pos", *values] if isinstance(func, exp.Posexplode) else values


def _unnest_depth(func: exp.Explode) -> int:
    """How many levels DuckDB's unnest goes down: 1, `max_depth := n`, or all."""
    for arg in func.expressions:
        if isinstance(arg, (exp.PropertyEQ, exp.Kwarg, exp.EQ)):
            name, value = arg.this.name.lower(), arg.expression
            if name == "recursive" and isinstance(value, exp.Boolean) and value.this:
                return _DEPTH
            if name == "max_depth" and isinstance(value, exp.Literal) and value.is_int:
                return max(int(value.name), 1)
    return 1


def _unnest_columns(kind: exp.DataType, depth: int) -> list[str] | None:
    """The column names DuckDB's unnest makes of a value of type `kind`, `depth` levels down:
    a list unnests into rows, a struct into a column per field; None for one column."""
    while depth > 0 and kind.is_type(exp.DType.ARRAY) and kind.expressions:
        element = kind.expressions[0]
        if not isinstance(element, exp.DataType):
            return None
        kind, depth = element, depth - 1
    if depth == 0 or not kind.is_type(exp.DType.STRUCT):
        return None
    names: list[str] = []
    for field in kind.expressions:
        if not isinstance(field, exp.ColumnDef):
            return None
        inner = field.args.get("kind")
        deeper = _unnest_columns(inner, depth - 1) if isinstance(inner, exp.DataType) else None
        names += deeper if deeper is not None else [field.name.lower()]
    return names


def _fields(struct: exp.DataType) -> list[str]:
    return [f.name.lower() for f in struct.expressions if isinstance(f, exp.ColumnDef)]
