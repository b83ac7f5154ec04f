"""Change-feed table functions: each reads the rows of one table, with a few columns of its own.

- Databricks/Spark `table_changes('db.t', from[, to])` (Delta change data feed): the string
  names the table; `_change_type`, `_commit_version`, `_commit_timestamp` say what changed.
- BigQuery `APPENDS(TABLE t, ...)` / `CHANGES(TABLE t, ...)` (`parse` drops the `TABLE`
  keyword sqlglot cannot read in a call, leaving `t` as a column): `_change_type`,
  `_change_timestamp`.
- T-SQL CDC `cdc.fn_cdc_get_all_changes_<instance>(...)` / `fn_cdc_get_net_changes_...`: the
  capture instance is `<schema>_<table>` by default, read as that table when the catalog knows
  it (the split is ambiguous otherwise: an `unknown-table`); `__$operation`, `__$start_lsn`,
  `__$seqval`, `__$update_mask`.

Each call becomes `(SELECT *, NULL AS <change column>, ... FROM t) alias`: the table's columns
keep their lineage and the change columns are generated values with no source, as Snowflake's
stream `METADATA$` columns are.
"""

from __future__ import annotations

import re

from sqlglot import exp
from sqlglot.dialects.bigquery import BigQuery
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.spark import Spark
from sqlglot.dialects.tsql import TSQL
from sqlglot.errors import SqlglotError

from engine.lineage.schema import Columns, table_id
from engine.lineage.session import UnknownName

_DELTA = ("_change_type", "_commit_version", "_commit_timestamp")
_BIGQUERY = ("_change_type", "_change_timestamp")
_CDC = ("__$operation", "__$start_lsn", "__$seqval", "__$update_mask")
_CDC_FUNCTION = re.compile(r"fn_cdc_get_(?:all|net)_changes_(.+)", re.IGNORECASE)
# BigQuery's change-history functions (their first argument is `TABLE t`)
_BIGQUERY_FEEDS = frozenset({"appends", "changes"})


def change_feeds_as_tables(
    functions: list[exp.Anonymous], dialect: Dialect | None, columns_of: Columns | None
) -> None:
    """Replace each change-feed call of the module docstring that is a FROM / JOIN item by a
    query of the table it reads; raise `UnknownName` for a CDC instance naming no known
    table."""
    for func in functions:
        table = func.parent
        if not (isinstance(table, exp.Table) and func.arg_key == "this"):
            continue
        name = str(func.this).lower()
        read = _read(func, name, table, dialect, columns_of)
        if read is not None:
            source, generated = read
            _replace(table, source, generated, name)


def _read(
    func: exp.Anonymous,
    name: str,
    table: exp.Table,
    dialect: Dialect | None,
    columns_of: Columns | None,
) -> tuple[exp.Table, tuple[str, ...]] | None:
    first = func.expressions[0] if func.expressions else None
    if isinstance(dialect, Spark) and name == "table_changes":
        if isinstance(first, exp.Literal) and first.is_string:
            try:
                return exp.to_table(first.this, dialect=dialect), _DELTA
            except SqlglotError:
                return None
    elif isinstance(dialect, BigQuery) and name in _BIGQUERY_FEEDS:
        if isinstance(first, exp.Column):  # `TABLE t`, the keyword cut: read as a column
            parts = [p.copy() for p in first.parts]
            return exp.table_(*reversed(parts[-3:])), _BIGQUERY
    elif isinstance(dialect, TSQL):
        match = _CDC_FUNCTION.fullmatch(name)
        if match:
            return _cdc_table(match.group(1), table, columns_of), _CDC
    return None


def _cdc_table(
    instance: str, call: exp.Table, columns_of: Columns | None
) -> exp.Table:
    """The `<schema>.<table>` the capture instance `<schema>_<table>` names, the first split
    at an underscore that the catalog knows (in the call's database, if it names one)."""
    catalog = call.args.get("catalog")
    if columns_of is not None:  # else no table is known, so none is named
        for at in (m.start() for m in re.finditer("_", instance)):
            schema, name = instance[:at], instance[at + 1 :]
            if not schema or not name:
                continue
            candidate = exp.table_(name, schema, catalog.copy() if catalog else None)
            tid = table_id(candidate)
            if tid is not None and columns_of(tid) is not None:
                return candidate
    raise UnknownName(
        f"the CDC capture instance {instance} names a table this catalog does not know (by"
        " default an instance is <schema>_<table>): its lineage is unknown"
    )


def _replace(table: exp.Table, source: exp.Table, generated: tuple[str, ...], name: str) -> None:
    columns = [exp.Star(), *(exp.alias_(exp.Null(), c)
                             for c in generated)]
    query = exp.select(*columns).from_(source)
    alias = table.args.get("alias") or exp.TableAlias(this=exp.to_identifier(source.name or name))
    table.replace(exp.Subquery(this=query, alias=alias.copy()))
