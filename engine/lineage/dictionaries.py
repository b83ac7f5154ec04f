"""ClickHouse dictionaries: a key-value view of a table, read with `dictGet`.

`CREATE DICTIONARY d (k UInt64, a String) ... SOURCE(CLICKHOUSE(TABLE 't' [DB 'db']))` holds
t's rows: it is a view of t, each attribute the same-named column of t (a `create_view`
write of `SELECT k, a FROM db.t`). A dictionary over another source (MySQL, a file, a
`QUERY '...'`) only declares its columns. `dictGet[OrDefault|OrNull|<Type>]('d', 'a', key)`
reads attribute a of d for the row of `key`: it is read as `dictGet((SELECT a FROM d), key)`,
so the value comes from d.a and the key feeds it too, when the script or the run's schema
knows d's columns; a dictionary nobody defines stays a function of the key.
"""

from __future__ import annotations

import re

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError

from engine.lineage.schema import Columns, table_id

# The dictGet family (dictGetOrDefault, dictGetString, ...); the members that take no attribute
# (dictGetHierarchy & co.) are left out by their arguments, not their names.
_DICT_GET = re.compile(r"dictget[a-z0-9]*", re.IGNORECASE)


def dictionary_source(create: exp.Create) -> exp.Table | None:
    """The ClickHouse table a `CREATE DICTIONARY` reads (`SOURCE(CLICKHOUSE(TABLE 't' DB
    'db'))`), or None."""
    properties = create.args.get("properties")
    for prop in properties.expressions if properties is not None else []:
        if not (isinstance(prop, exp.DictProperty) and prop.name.upper() == "SOURCE"):
            continue
        if str(prop.args.get("kind") or "").lower() != "clickhouse":
            return None
        settings = {
            s.name.lower(): s.args.get("value")
            for s in prop.args.get("settings") or []
            if isinstance(s, exp.DictSubProperty)
        }
        table, db = settings.get("table"), settings.get("db")
        if not (isinstance(table, exp.Literal) and table.is_string):
            return None  # QUERY '...', or a remote HOST's table
        named = exp.Table(this=exp.to_identifier(table.name))
        if isinstance(db, exp.Literal) and db.is_string:
            named.set("db", exp.to_identifier(db.name))
        return named if table_id(named) is not None else None
    return None


def dict_gets_as_reads(
    functions: list[exp.Anonymous], columns_of: Columns, dialect: Dialect | None
) -> None:
    """Rewrite each `dictGet*('d', 'a' | ('a', 'b'), key, ...)` of a dictionary whose columns
    `columns_of` knows into `dictGet*((SELECT a[, b] FROM d), key, ...)`."""
    for func in functions:
        args = func.expressions
        if len(args) < 3 or not _DICT_GET.fullmatch(str(func.this)):
            continue
        name, attrs = args[0], args[1]
        names = attrs.expressions if isinstance(attrs, exp.Tuple) else [attrs]
        if not (isinstance(name, exp.Literal) and name.is_string) or not all(
            isinstance(a, exp.Literal) and a.is_string for a in names
        ):
            continue
        try:
            table = exp.to_table(name.name, dialect=dialect)
        except SqlglotError:
            continue
        tid = table_id(table)
        if tid is None or columns_of(tid) is None:
            continue
        read = exp.select(*(exp.column(a.name) for a in names)).from_(table).subquery()
        func.set("expressions", [read, *args[2:]])
