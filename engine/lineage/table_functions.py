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
"""

from __future__ import annotations

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
    # before the body is parsed: most functions return a value, not a table
    if returns is None or not returns.args.get("is_table"):
        # BigQuery says TABLE FUNCTION (a word sqlglot drops) and may leave RETURNS out; its
        # scalar functions' bodies are parenthesised expressions: `AS ((SELECT ...))`
        if not isinstance(Dialect.get_or_raise(dialect), BigQuery) or not isinstance(
            create.expression, (exp.Query, exp.Subquery)
        ) or isinstance(create.expression.this, exp.Subquery):
            return None
    body = create.expression
    if isinstance(body, exp.Return):  # T-SQL inline: `RETURN (SELECT ...)`
        body = body.this
    if isinstance(body, exp.Literal) and body.is_string or isinstance(body, _STRING_BODIES[1:]):
        body = _parsed(body, dialect)
    if isinstance(body, exp.Subquery) and isinstance(body.this, exp.Query):
        body = body.this
    if not isinstance(body, exp.Query):
        return None
    declared = returns.this if returns is not None else None
    columns = tuple(
        c.name.lower()
        for c in (declared.expressions if isinstance(declared, exp.Schema) else [])
        if isinstance(c, exp.ColumnDef)
    )
    parameters = frozenset(  # typed (`d DATE`), or a bare name (a DuckDB macro's)
        p.name.lower()
        for p in routine.expressions
        if isinstance(p, exp.Identifier)
        or isinstance(p, exp.ColumnDef) and isinstance(p.this, exp.Identifier)
    )
    return name, body, columns, parameters


def calls_as_tables(functions: list[exp.Anonymous], columns_of: Columns) -> None:
    """Replace each call in FROM / JOIN / APPLY of a function whose columns `columns_of` knows
    (a table function the script or the run's schema defines) by the table of its name."""
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
                parts = named.this.parts if isinstance(named.this, exp.Dot) else [named.this]
                qualifiers = [p for p in parts if isinstance(p, exp.Identifier)]
                if len(qualifiers) != len(parts):
                    continue
            if not isinstance(holder, (exp.TableFromRows, exp.Lateral)) or named.arg_key != "this":
                continue
        parts = [*(q.copy() for q in qualifiers), exp.to_identifier(func.name)]
        table = exp.Table(**dict(zip(("this", "db", "catalog"), reversed(parts), strict=False)))
        tid = table_id(table)
        if tid is None or columns_of(tid) is None:
            continue
        alias = holder.args.get("alias")
        if alias is not None:
            table.set("alias", alias.copy())
        _put(holder, table)


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
