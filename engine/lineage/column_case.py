"""MySQL column names are case-insensitive, its table names (on Linux) are not.

sqlglot's MySQL normalises no identifier (`CASE_SENSITIVE`), which is right for tables but
makes qualify match column names exactly: `USING (K)` with a column `k` fails ("Cannot
automatically join"), `SELECT ID ... USING (id)` misses the merged key, and a bare `K` it
cannot place is left for `columns.py` to find, sometimes in the wrong scope. So MySQL parts are
qualified with a dialect that normalises as MySQL compares: column names (and every other
non-table name) lower-case, table names, table aliases and qualifiers as written, as sqlglot's
BigQuery does for its own case-sensitive tables. No extra walk: qualify normalises every
identifier anyway.
"""

from __future__ import annotations

import functools

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect, NormalizationStrategy
from sqlglot.dialects.mysql import MySQL


def qualifying_dialect(dialect: Dialect) -> Dialect:
    """The dialect to qualify a part with: `dialect`, or for a MySQL-family one that keeps
    identifiers as written (sqlglot's default for MySQL), its column-folding twin."""
    if not (
        isinstance(dialect, MySQL)
        and dialect.normalization_strategy is NormalizationStrategy.CASE_SENSITIVE
    ):
        return dialect
    version = ".".join(map(str, dialect.version))
    return _folding(type(dialect))(version=version, **dialect.settings)


@functools.cache
def _folding(base: type[Dialect]) -> type[Dialect]:
    """A subclass of `base` whose identifier normalisation lower-cases all but table names.
    A distinct class, since sqlglot compares dialects (and `schema._normalized` caches) by
    class."""

    def normalize_identifier(self: Dialect, expression: exp.Expr) -> exp.Expr:
        if isinstance(expression, exp.Identifier) and not _names_table(expression):
            expression.set("this", expression.this.lower())
        return expression

    name = f"{base.__name__}FoldedColumns"
    folding = type(name, (base,), {"normalize_identifier": normalize_identifier})
    # sqlglot's metaclass registers every subclass as a dialect name: this one is no dialect
    # a catalog may name (`Dialect.classes` would import every dialect first)
    type(Dialect)._classes.pop(name.lower(), None)
    return folding


def _names_table(identifier: exp.Identifier) -> bool:
    """Whether an identifier names a table (or a table alias, CTE or qualifier of a column),
    which MySQL compares case-sensitively."""
    if identifier.meta_get("is_table"):  # a schema's table name (`schema.normalize_name`)
        return True
    parent, key = identifier.parent, identifier.arg_key
    if isinstance(parent, exp.Table):
        return True
    if isinstance(parent, exp.TableAlias):
        return key == "this"  # its column list holds column names
    return isinstance(parent, exp.Column) and key != "this"
