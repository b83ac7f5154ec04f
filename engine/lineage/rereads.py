"""Constructs sqlglot parses in a generic way that a dialect gives a meaning of its own.

Run by `normalise` before qualify, on the nodes its one walk found (`kinds_for` says which
extra node classes a dialect needs found):
- an aggregate sqlglot knows only by name becomes one (`aggregates`);
- the receiver of a method call on an expression (Oracle `xmltype(doc).getClobVal()`) gets
  back the columns the parser turned into names;
- Oracle-style outer joins (`WHERE a.id = b.id(+)`) become the ANSI joins they stand for
  (sqlglot's `eliminate_join_marks`), so their conditions are JOIN keys, not filters;
- a reserved word the dialect reads as a niladic function (Postgres `user`) is that function,
  even where a source has a column of the name;
- Spark's aggregate `any(x)` (a synonym of `bool_or`), which sqlglot reads as the quantifier
  of `= ANY (...)`, is that aggregate where it is no comparison's right side;
- ClickHouse's `n.k` naming the column `n.k` of a `Nested` n (`nested_columns`);
- `FROM dual` (Oracle, MySQL, Snowflake) is dropped: it names no table, only one row (a
  MERGE's `USING dual` is that row).
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.dialects.clickhouse import ClickHouse
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.dialects.mysql import MySQL
from sqlglot.dialects.oracle import Oracle
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.snowflake import Snowflake
from sqlglot.dialects.spark2 import Spark2
from sqlglot.dialects.tsql import TSQL
from sqlglot.errors import SqlglotError
from sqlglot.transforms import eliminate_join_marks

from engine.lineage.aggregates import mark_aggregates
from engine.lineage.nested_columns import nested_columns
from engine.lineage.schema import Columns, table_id
from engine.lineage.scopes import relations

_COLUMN_PARTS = ("this", "table", "db", "catalog")
# Reserved words that are niladic functions, which sqlglot parses as columns in these dialects
# (a column of the name has to be quoted there: `"user"`, `[user]`). Postgres:
# https://www.postgresql.org/docs/current/functions-info.html (Redshift's tokenizer already
# reads USER), Oracle: https://docs.oracle.com/en/database/oracle/oracle-database/23/sqlrf/USER.html
# and UID, T-SQL: https://learn.microsoft.com/en-us/sql/t-sql/functions/user-transact-sql.
_NILADIC: tuple[tuple[type[Dialect], dict[str, type[exp.Func]]], ...] = (
    (Postgres, {"user": exp.CurrentUser, "current_role": exp.CurrentRole}),
    (Oracle, {"user": exp.CurrentUser, "uid": exp.CurrentUserId}),
    (TSQL, {"user": exp.CurrentUser}),
)
# The dialects whose unquoted DUAL is their one-row dummy table, not a table of the catalog.
_DUAL = (Oracle, MySQL, Snowflake)
# The dialects with methods on a column's value: T-SQL's xml `doc.value(...)`, Oracle's object
# types `t.doc.getClobVal()`, DuckDB's `name.upper()`. Elsewhere `util.fmt(a)` is a function
# of a schema, even where a source has a column `util`.
_COLUMN_METHODS = (TSQL, Oracle, DuckDB)


def kinds_for(dialect: Dialect | None) -> tuple[type[exp.Expr], ...]:
    """The node classes, besides `exp.Anonymous`, that `reread` needs found in `dialect`."""
    kinds: tuple[type[exp.Expr], ...] = (exp.Where,) if _join_marks(dialect) else ()
    kinds += (exp.From, exp.Merge) if isinstance(dialect, _DUAL) else ()
    kinds += (exp.Any,) if isinstance(dialect, Spark2) else ()
    return kinds + (exp.Column,) if _niladic(dialect) or isinstance(dialect, ClickHouse) else kinds


_NILADIC_BY_DIALECT: dict[type, dict[str, type[exp.Func]]] = {}


def reread(
    tree: exp.Expr,
    dialect: Dialect | None,
    nodes: list[exp.Expr],
    columns_of: Columns | None = None,
) -> exp.Expr:
    """Return `tree` with the constructs of `dialect` among `nodes` read as the dialect means
    them (in place; a new root only if the root itself was rewritten), given the tables'
    known columns (`columns_of`)."""
    functions = [n for n in nodes if type(n) is exp.Anonymous]
    _method_receivers(functions, dialect, columns_of)
    mark_aggregates(functions, dialect)
    if isinstance(dialect, Spark2):
        _any_aggregates([n for n in nodes if type(n) is exp.Any])
    if isinstance(dialect, ClickHouse) and columns_of is not None:
        nested_columns(
            [n for n in nodes if type(n) is exp.Column],
            lambda select: _sources_in_scope(select, columns_of),
        )
    niladic = _niladic(dialect)
    if niladic:
        _niladic_functions([n for n in nodes if type(n) is exp.Column], niladic)
    if isinstance(dialect, _DUAL):
        _without_dual([n for n in nodes if type(n) is exp.From])
        _merge_from_dual([n for n in nodes if type(n) is exp.Merge])
    # last: the rewrite works on a copy, which `nodes` are not part of
    if _join_marks(dialect) and any(_marks_a_join(n) for n in nodes if type(n) is exp.Where):
        tree = _ansi_joins(tree, columns_of)
    return tree


def _method_receivers(
    functions: list[exp.Anonymous], dialect: Dialect | None, columns_of: Columns | None
) -> None:
    """`f(doc).m()`: sqlglot reads a function after a dot as a qualified name (BigQuery
    `x.y.count(...)`), so it turns every column before the dot into a name path, even where
    that is an expression: `doc` becomes a bare identifier and its lineage is lost. The
    receiver is printed and parsed again on its own, and each name path the parser reads
    there as a column becomes that column again (built from the original names). A receiver
    that is only a name path (`doc.value(...)`, `t.doc.query(...)`) is a column where it
    names one of a source in scope (`_column_receiver`), else a qualified function name
    (`dbo.fn()`, `SAFE.SUBSTR()`)."""
    for method in functions:
        dot = method.parent
        if not isinstance(dot, exp.Dot) or dot.expression is not method:
            continue
        receiver = dot.this
        if _is_name_path(receiver):
            if columns_of is not None and isinstance(dialect, _COLUMN_METHODS):
                _column_receiver(receiver, columns_of)
            continue
        try:
            reparsed = sqlglot.parse_one(receiver.sql(dialect=dialect), read=dialect)
        except SqlglotError:
            continue
        _restore_columns(receiver, reparsed)


def _column_receiver(receiver: exp.Expr, columns_of: Columns) -> None:
    """`doc.value(...)` / `t.doc.query(...)`: the receiver is a column when its qualifier is a
    source of the enclosing SELECT, or, bare, when a source's known columns hold it."""
    names = [n for n in receiver.walk(bfs=False) if isinstance(n, exp.Identifier)]
    if len(names) > 2:
        return  # `db.schema.fn()`, or a struct field path: left as written
    sources = _sources_in_scope(receiver.find_ancestor(exp.Select), columns_of)
    if len(names) == 2:
        if not any(alias == names[0].name.lower() for alias, _ in sources):
            return
    elif not any(known and names[0].name.lower() in known for _, known in sources):
        return
    column = exp.Column()
    receiver.replace(column)  # first: the column takes the names out of `receiver`
    for key, name in zip(_COLUMN_PARTS, reversed(names)):
        column.set(key, name)


def _sources_in_scope(
    select: exp.Select | None, columns_of: Columns
) -> list[tuple[str, list[str] | None]]:
    """The named sources of `select` (its FROM and joins; none without one), each with its
    known column names (None: unknown)."""
    if select is None:
        return []
    out: list[tuple[str, list[str] | None]] = []
    for source in relations(select):
        if isinstance(source, exp.Table):
            tid = table_id(source)
            known = columns_of(tid) if tid is not None else None
        elif isinstance(source, exp.Subquery) and isinstance(source.this, exp.Query):
            known = [n.lower() for n in source.this.named_selects if n != "*"] or None
        else:
            continue
        if source.alias_or_name:
            out.append((source.alias_or_name.lower(), known))
    return out


def _restore_columns(original: exp.Expr, reparsed: exp.Expr) -> None:
    stack = [(original, reparsed)]
    while stack:
        node, twin = stack.pop()
        if isinstance(twin, exp.Column) and _is_name_path(node):
            names = [n for n in node.walk(bfs=False) if isinstance(n, exp.Identifier)]
            if [n.name for n in names] == [p.name for p in twin.parts]:
                column = exp.Column()
                node.replace(column)  # first: the column takes the names out of `node`
                for key, name in zip(_COLUMN_PARTS, reversed(names)):
                    column.set(key, name)
            continue
        if type(node) is not type(twin):
            continue  # the round trip changed the shape here: left as it was
        children, twins = list(node.iter_expressions()), list(twin.iter_expressions())
        if len(children) == len(twins):
            stack.extend(zip(children, twins))


def _is_name_path(node: exp.Expr) -> bool:
    """An identifier, or identifiers joined by dots (`a.b.c`)."""
    if isinstance(node, exp.Identifier):
        return True
    return isinstance(node, exp.Dot) and all(
        isinstance(n, (exp.Dot, exp.Identifier)) for n in node.walk()
    )


def _join_marks(dialect: Dialect | None) -> bool:
    """Whether `dialect` parses `(+)` after a column (Oracle, Redshift, Snowflake, Exasol)."""
    return dialect is not None and dialect.SUPPORTS_COLUMN_JOIN_MARKS


def _marks_a_join(where: exp.Where) -> bool:
    """A cheap look for `(+)` in a WHERE: a marked column compared in one of its conjuncts
    (`a.id = b.id(+)`, `b.active(+) = 'Y'`), which is where the marks stand."""
    cond = where.this
    for part in cond.flatten() if isinstance(cond, exp.And) else (cond,):
        if isinstance(part, exp.Binary) and any(
            isinstance(side, exp.Column) and side.args.get("join_mark")
            for side in (part.this, part.expression)
        ):
            return True
    return False


def _ansi_joins(tree: exp.Expr, columns_of: Columns | None) -> exp.Expr:
    """`FROM a, b WHERE a.id = b.id(+)` as `FROM a LEFT JOIN b ON a.id = b.id`. The rewrite
    groups the conditions by the marked column's table qualifier, so an unqualified marked
    column is first qualified with the one source of its SELECT that can hold it; one no
    source or several can hold leaves the statement as written, so does a shape the rewrite
    refuses (marks in a correlated subquery, OR-ed marks), and then the conditions stay
    filters. It runs on a copy: it can fail halfway."""
    marked = [c for c in tree.find_all(exp.Column) if c.args.get("join_mark")]
    sources: dict[int, list[tuple[str, list[str] | None]]] = {}  # per SELECT
    for column in marked:
        if not column.table and columns_of is not None:
            select = column.find_ancestor(exp.Select)
            key = id(select)
            if key not in sources:
                sources[key] = _sources_in_scope(select, columns_of)
            _qualify_marked(column, sources[key])
    if not all(c.table for c in marked):
        return tree
    try:
        return eliminate_join_marks(tree.copy())
    except (AssertionError, SqlglotError, KeyError, AttributeError):
        return tree


def _qualify_marked(column: exp.Column, sources: list[tuple[str, list[str] | None]]) -> None:
    """Qualify `bid(+)` with the one of its SELECT's `sources` whose known columns hold `bid`,
    else with the only one whose columns are unknown (the way qualify resolves a bare name)."""
    name = column.name.lower()
    found = [alias for alias, known in sources if known and name in known]
    found = found or [alias for alias, known in sources if known is None]
    if len(found) == 1:
        column.set("table", exp.to_identifier(found[0]))


def _any_aggregates(quantifiers: list[exp.Any]) -> None:
    """Spark `any(flag)` is `bool_or(flag)`: a quantifier only follows a comparison."""
    for node in quantifiers:
        parent, inner = node.parent, node.this
        if isinstance(parent, exp.Binary) and parent.expression is node:
            continue  # `x = ANY (...)`
        if isinstance(inner, exp.Paren) and not isinstance(inner.this, exp.Query):
            node.replace(exp.AnonymousAggFunc(this="any", expressions=[inner.this]))


def _niladic(dialect: Dialect | None) -> dict[str, type[exp.Func]]:
    names = _NILADIC_BY_DIALECT.get(type(dialect))
    if names is None:
        names = (
            {}
            if dialect is None or dialect.tokenizer_class.KEYWORDS.get("USER") is not None
            else next((n for base, n in _NILADIC if isinstance(dialect, base)), {})
        )
        _NILADIC_BY_DIALECT[type(dialect)] = names
    return names


def _niladic_functions(columns: list[exp.Column], niladic: dict[str, type[exp.Func]]) -> None:
    """Postgres `SELECT user AS loaded_by FROM t`: the current user, even where `t` has a
    column `"user"` (qualified, `t.user` is that column)."""
    for column in columns:
        ident = column.this
        if column.table or not isinstance(ident, exp.Identifier) or ident.quoted:
            continue
        func = niladic.get(ident.name.lower())
        if func is not None:
            column.replace(func())


def _without_dual(froms: list[exp.From]) -> None:
    """`SELECT 1, sysdate FROM dual [CONNECT BY ...]` is `SELECT 1, sysdate`, and `FROM t, dual`
    or `FROM dual, t` is `FROM t`: dual is no source."""
    for from_ in froms:
        select = from_.parent
        if not isinstance(select, exp.Select):
            continue
        for join in list(select.args.get("joins") or []):
            if _is_dual(join.this) and _is_comma(join):
                join.pop()
        if not _is_dual(from_.this):
            continue
        joins = select.args.get("joins") or []
        if not joins:
            from_.pop()
        elif _is_comma(joins[0]):  # the next table takes dual's place
            from_.set("this", joins[0].this)
            joins[0].pop()


def _is_comma(join: exp.Join) -> bool:
    """A join that only multiplies rows (`, t`, `CROSS JOIN t`): by dual's one row, none."""
    return not (join.args.get("on") or join.args.get("using") or join.side)


def _merge_from_dual(merges: list[exp.Merge]) -> None:
    """Oracle's upsert `MERGE INTO t USING dual ON (t.id = :id)` merges one row of constants:
    dual is that row, `(SELECT 'X' AS dummy) dual` (its one column), no source."""
    for merge in merges:
        using = merge.args.get("using")
        if isinstance(using, exp.Table) and _is_dual(using):
            row = exp.select(exp.alias_(exp.Literal.string("X"), "dummy"))
            using.replace(row.subquery(using.alias_or_name, copy=False))


def _is_dual(table: exp.Expr) -> bool:
    return (
        isinstance(table, exp.Table)
        and isinstance(table.this, exp.Identifier)
        and not table.this.quoted
        and not table.args.get("db")
        and table.name.lower() == "dual"
    )
