"""Table-valued functions of one query: a view with parameters.

BigQuery `CREATE TABLE FUNCTION f(d DATE) AS SELECT ...`, T-SQL's inline `CREATE FUNCTION f(@d
date) RETURNS TABLE AS RETURN (SELECT ...)`, Postgres `RETURNS TABLE (...) LANGUAGE sql AS $$
SELECT ... $$`, Snowflake `RETURNS TABLE (...) AS 'SELECT ...'` and DuckDB's table macro
`CREATE MACRO f(d) AS TABLE SELECT ...` each return the rows of one query. Such a function is
read as a view named by the function (a `create_view` write of its query, its columns those
RETURNS TABLE lists, by position, else the query's), its parameters values in it. A call `FROM
f(args)` / Snowflake `TABLE(f(args))` / T-SQL `CROSS | OUTER APPLY f(args)` then reads that
view, when the script or the run's schema knows f's columns (so a function defined in another
file is read through the run's schema, like a view). The rows depend on the arguments too; that
is not kept (the arguments are values, mostly constants). A call of a function nobody defines
stays a table function, which reads nothing.

A scalar SQL function whose body is one query of one value that reads a table (Postgres
`RETURNS text LANGUAGE sql AS $$ SELECT c FROM t WHERE id = p $$`) is such a view too, of one
column `f()` (a name no table's column has: a one-column table named after its column is never
taken for one), unless named after a table its body reads (the table stays the table) or its
body writes; a call `f(x)` outside FROM reads it as `f((SELECT "f()" FROM f), x)`.
"""

from __future__ import annotations

import re

from sqlglot import exp
from sqlglot.dialects.bigquery import BigQuery
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError

from engine.lineage.schema import Columns, table_id

_STRING_BODIES = (exp.Literal, exp.RawString, exp.Heredoc)
_SQL_LANGUAGES = frozenset({"sql"})
_ROUTINES = frozenset({"FUNCTION", "MACRO"})  # MACRO: DuckDB's (`AS TABLE` makes a table one)


_VIEW = "table_function_view"

View = tuple[exp.Table, exp.Query, tuple[str, ...], frozenset[str]]


def function_view(create: exp.Create, dialect: Dialect | None) -> View | None:
    """The function `create` defines, its query, its declared columns and its parameter names,
    if it is a table function of one query; None for any other function."""
    # asked twice of a statement (`procedures`, `statements`): a string body is parsed once.
    # The answer is kept with the body it was read from, so a copy of the statement (its memo
    # copied apart from its tree) reads its own anew.
    memo = create.meta_get(_VIEW)
    if memo is not None and memo[0] is create.expression:
        return memo[1]
    view = _view(create, dialect)
    create.meta[_VIEW] = (create.expression, view)
    return view


def _view(create: exp.Create, dialect: Dialect | None) -> View | None:
    routine = create.this
    if str(create.args.get("kind") or "").upper() not in _ROUTINES or not isinstance(
        routine, exp.UserDefinedFunction
    ):
        return None
    name = routine.this
    if not isinstance(name, exp.Table) or table_id(name) is None:
        return None
    returns, language = returns_and_language(create)
    if language is not None and language not in _SQL_LANGUAGES:
        return None
    # BigQuery says TABLE FUNCTION (a word sqlglot drops) and may leave RETURNS out; its
    # scalar functions' bodies are parenthesised expressions: `AS ((SELECT ...))`
    table = returns is not None and bool(returns.args.get("is_table")) or (
        isinstance(Dialect.get_or_raise(dialect), BigQuery)
        and isinstance(create.expression, (exp.Query, exp.Subquery))
        and not isinstance(create.expression.this, exp.Subquery)
    )
    if not table and returns is None:
        return None  # a procedure-like function: its body is statements (`procedures`)
    body = create.expression
    if isinstance(body, exp.Return):  # T-SQL inline, SQL-standard: `RETURN (SELECT ...)`
        body = body.this
    if isinstance(body, exp.Literal) and body.is_string or isinstance(body, _STRING_BODIES[1:]):
        if not table and not _READS.search(body.name):
            return None  # most scalar bodies compute a value: not parsed twice for nothing
        body = _parsed(body, dialect)
    while isinstance(body, exp.Subquery) and isinstance(body.this, (exp.Query, exp.Subquery)):
        body = body.this
    if not isinstance(body, exp.Query) or body.find(exp.Insert, exp.Update, exp.Delete, exp.Merge):
        return None  # (a body that writes, `WITH d AS (DELETE ...) SELECT`, is statements)
    if table:
        declared = returns.this if returns is not None else None
        columns = tuple(
            c.name.lower()
            for c in (declared.expressions if isinstance(declared, exp.Schema) else [])
            if isinstance(c, exp.ColumnDef)
        )
    elif _scalar_query(body) and table_id(name) not in {table_id(t) for t in body.find_all(
        exp.Table
    )}:  # (a function named after the table it reads is no view: the table stays the table)
        columns = (scalar_column(name),)
    else:
        return None
    parameters = frozenset(  # typed (`d DATE`), or a bare name (a DuckDB macro's)
        p.name.lower()
        for p in routine.expressions
        if isinstance(p, exp.Identifier)
        or isinstance(p, exp.ColumnDef) and isinstance(p.this, exp.Identifier)
    )
    return name, body, columns, parameters


# A word a body reading a table has (a scalar body of constants and parameters has none)
_READS = re.compile(r"\bfrom\b", re.IGNORECASE)


def _scalar_query(body: exp.Query) -> bool:
    """A scalar function's body worth a view: one value (no star), read from a table (a body
    of constants and parameters, `SELECT left(t, 1)`, stays a function of its arguments)."""
    selects = body.selects
    return (
        len(selects) == 1
        and not isinstance(selects[0], exp.Star)
        and not (isinstance(selects[0], exp.Column) and isinstance(selects[0].this, exp.Star))
        and body.find(exp.Table) is not None
    )


def scalar_column(name: exp.Table) -> str:
    """The one column of a scalar function's view: the call's value, `f()` (a name no table's
    column has, so a one-column table named after its one column is never taken for one)."""
    return name.name.lower() + "()"


def calls_as_tables(functions: list[exp.Anonymous], columns_of: Columns) -> None:
    """Replace each call in FROM / JOIN / APPLY of a function whose columns `columns_of` knows
    (a table function the script or the run's schema defines) by the table of its name; read
    a call elsewhere of a scalar function's view as `f((SELECT f FROM f), args)`: its value
    comes from what the view reads, and from the arguments as any function's does."""
    for func in functions:
        holder, named = func.parent, func
        qualifiers: list[exp.Identifier] = []
        if isinstance(holder, exp.Table) and func.arg_key == "this":
            qualifiers = [p for p in holder.parts[:-1] if isinstance(p, exp.Identifier)]
            if len(qualifiers) != len(holder.parts) - 1:
                continue
        else:
            if isinstance(holder, exp.Dot) and func.arg_key == "expression":
                named, holder = holder, holder.parent
                parts = _dotted(named.this)
                qualifiers = [p for p in parts if isinstance(p, exp.Identifier)]
                if len(qualifiers) != len(parts):
                    continue
            if not isinstance(holder, (exp.TableFromRows, exp.Lateral)) or named.arg_key != "this":
                _scalar_call(func, qualifiers, columns_of)
                continue
        table = _named_table(func, qualifiers)
        tid = table_id(table)
        if tid is None or columns_of(tid) is None:
            continue
        alias = holder.args.get("alias")
        if alias is not None:
            table.set("alias", alias.copy())
        _put(holder, table)


def _dotted(node: exp.Expr) -> list[exp.Expr]:
    """The parts of a call's qualifier, `db.s` of `db.s.f(x)`, in order (`Dot.parts` looks
    for a column at its end)."""
    if isinstance(node, exp.Dot):
        return [*_dotted(node.this), *_dotted(node.expression)]
    return [node]


def _named_table(func: exp.Anonymous, qualifiers: list[exp.Identifier]) -> exp.Table:
    parts = [*(q.copy() for q in qualifiers), exp.to_identifier(func.name)]
    return exp.Table(**dict(zip(("this", "db", "catalog"), reversed(parts), strict=False)))


def _scalar_call(
    func: exp.Anonymous, qualifiers: list[exp.Identifier], columns_of: Columns
) -> None:
    """`f(x)` of a scalar function whose view the script or the run defines (its one column
    `f()`): `f((SELECT "f()" FROM f), x)`, the value read where the view reads it."""
    table = _named_table(func, qualifiers)
    tid = table_id(table)
    column = scalar_column(table)
    # a table or table function that happens to share the name has other columns
    if tid is None or tuple(c.lower() for c in columns_of(tid) or ()) != (column,):
        return
    value = exp.Subquery(this=exp.select(exp.column(column)).from_(table))
    func.set("expressions", [value, *func.expressions])


def _put(holder: exp.Expr, table: exp.Table) -> None:
    """`table` in place of the call's FROM / JOIN item `holder`."""
    if isinstance(holder, exp.Table):
        for key in ("this", "db", "catalog"):
            holder.set(key, table.args.get(key))
        return
    join = holder.parent
    if isinstance(holder, exp.Lateral):
        if not isinstance(join, exp.Join) or holder.arg_key != "this":
            return
        # CROSS APPLY f(...) is a cross join of f's rows, OUTER APPLY a left join on true
        if holder.args.get("cross_apply") is False:
            join.set("side", "LEFT")
            join.set("on", exp.true())
        else:
            join.set("kind", "CROSS")
    holder.replace(table)


def returns_and_language(create: exp.Create) -> tuple[exp.ReturnsProperty | None, str | None]:
    """A routine's RETURNS and its body's language, lowercase (None: unsaid)."""
    returns, language = None, None
    properties = create.args.get("properties")
    for prop in properties.expressions if properties is not None else []:
        if isinstance(prop, exp.ReturnsProperty):
            returns = prop
        elif isinstance(prop, exp.LanguageProperty):
            language = prop.name.lower()
    return returns, language


def _parsed(body: exp.Expr, dialect: Dialect | None) -> exp.Expr | None:
    """The one statement of a string body, its lines the file's (the string's token is on the
    line where it ends); None if it is not exactly one."""
    text = body.this if isinstance(body.this, str) else ""
    end = body.meta_get("line")
    first = end - text.count("\n") if end is not None else 1
    try:
        statements = Dialect.get_or_raise(dialect).parse("\n" * (first - 1) + text)
    except SqlglotError:
        return None
    statements = [s for s in statements if s is not None]
    return statements[0] if len(statements) == 1 else None
