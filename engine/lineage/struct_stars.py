"""`s.*` on a struct column: one column per field (Spark, Databricks, DuckDB).

sqlglot's qualify expands `s.*` of a struct only in the dialects that flag it (BigQuery,
RisingWave); elsewhere it leaves `Dot(s, *)`, whose output would be a column named `*`. Before
qualify, a `s.*` / `t.s.*` whose struct type the catalog gives (through CTEs and derived tables)
becomes `s.f AS f` for each field f. One with no known type stays, and lineage reports it as an
`unresolved-star` (`is_struct_star`).
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from engine.lineage.catalog_columns import CatalogColumns, TypesOf
from engine.lineage.scopes import relations


def is_struct_star(node: exp.Expr) -> bool:
    """`s.*` of a struct, as qualify leaves it: `Dot(column, *)`."""
    node = node.unalias()
    return isinstance(node, exp.Dot) and isinstance(node.expression, exp.Star)


def expand_struct_stars(selects: list[exp.Select], types_of: TypesOf, dialect: Dialect) -> None:
    """Write each `s.*` of `selects` whose struct type is known as its fields, `s.f AS f`."""
    catalog: CatalogColumns | None = None
    for select in selects:
        if not any(_is_dotted_star(p) for p in select.selects):
            continue
        aliases = {r.alias_or_name.lower() for r in relations(select)}
        projections: list[exp.Expr] = []
        expanded = False
        for proj in select.selects:
            fields = None
            dotted = _is_dotted_star(proj)
            owner = proj.args.get("db") if dotted else None
            name = proj.table.lower() if dotted else ""
            if name and (name not in aliases if owner is None
                         else owner.name.lower() in aliases):  # not `t.*` nor `db.t.*`
                catalog = catalog or CatalogColumns(types_of)
                qualifier = owner.name.lower() if owner is not None else ""
                fields = _fields(catalog, select, name, qualifier, dialect)
            if fields is None:
                projections.append(proj)
                continue
            struct = exp.column(proj.args["table"].copy(), owner.copy() if owner else None)
            projections += _expanded(struct, fields)
            expanded = True
        if expanded:  # most dotted stars are a table's `t.*`: the list is left as it was
            select.set("expressions", projections)


def _is_dotted_star(proj: exp.Expr) -> bool:
    return (
        isinstance(proj, exp.Column)
        and isinstance(proj.this, exp.Star)
        and bool(proj.table)
        and not proj.args.get("catalog")
    )


def _expanded(struct: exp.Column, fields: list[exp.Identifier]) -> list[exp.Expr]:
    return [
        exp.alias_(exp.Dot(this=struct.copy(), expression=f.copy()), f.copy()) for f in fields
    ]


def _fields(
    catalog: CatalogColumns, select: exp.Select, name: str, qualifier: str, dialect: Dialect
) -> list[exp.Identifier] | None:
    """The fields of the struct column `[qualifier.]name` read in `select`, or None."""
    kind = catalog.type_of(name, qualifier, select, dialect)
    if kind is None or not kind.is_type(exp.DType.STRUCT):
        return None
    fields = [f.this for f in kind.expressions if isinstance(f, exp.ColumnDef)]
    return fields or None
