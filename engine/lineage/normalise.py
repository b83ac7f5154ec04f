"""Rewrites of a parsed statement into shapes the rest of the package already handles.

Each turns a construct with no lineage handling of its own into an equivalent one that has:
DuckDB's statement-form PIVOT/UNPIVOT into the clause form (`pivot_forms`), a pivoted relation
joined to others into a derived table of its own (`pivot_relations`), a T-SQL
table variable `@t` into a temporary table, a JSON arrow `j -> 'a'` that sqlglot read as a
lambda back into the JSON extraction it is, a Postgres function in FROM named only by its
table alias into one with that column, an ORDER BY / LIMIT after a parenthesised query into the
query's own, Spark's `INSERT INTO t TABLE src` into the SELECT it stands for, a
schema-qualified table function in a LATERAL / APPLY into the function, the type that begins
T-SQL's `IDENTITY(int, 1, 1)` into a type (not a column), DuckDB's file readers
(`read_parquet('path')`) into the file they read, Snowflake/Spark/Databricks
`IDENTIFIER('db.t')` into the table it spells, Teradata's `CSUM(x, k)` and the other ordered
analytical functions into the window functions they are (`teradata_olap`), T-SQL's `DELETE t
WHERE ...` (no FROM) into `DELETE FROM t WHERE ...`, Hive/Spark's `SELECT TRANSFORM (a, b)
USING 'script' AS (x, y)` into the one projection of several outputs it is (`f(a, b) AS (x,
y)`), and a BigQuery correlated subquery's `FROM e.event_params` into the UNNEST of the outer
row's array it is (`implicit_unnests`), and each use of a ClickHouse scalar WITH's name (`WITH
lower(email) AS mail`) into its expression (`scalar_ctes`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlglot
from sqlglot import exp
from sqlglot.dialects.bigquery import BigQuery
from sqlglot.dialects.clickhouse import ClickHouse
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.dialects.hive import Hive
from sqlglot.dialects.mysql import MySQL
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.snowflake import Snowflake
from sqlglot.dialects.spark import Spark
from sqlglot.dialects.sqlite import SQLite
from sqlglot.dialects.teradata import Teradata
from sqlglot.dialects.tsql import TSQL
from sqlglot.errors import SqlglotError

from engine.lineage.change_feeds import change_feeds_as_tables
from engine.lineage.dictionaries import dict_gets_as_reads
from engine.lineage.flows import func_name
from engine.lineage.implicit_unnests import unnest_outer_paths
from engine.lineage.pivot_forms import standardise_pivots
from engine.lineage.pivot_relations import isolate_pivots
from engine.lineage.remote_tables import remote_reads_as_tables
from engine.lineage.rereads import kinds_for, reread
from engine.lineage.scalar_ctes import scalar_ctes_as_expressions
from engine.lineage.schema import Columns
from engine.lineage.session import Held, UnknownName, named_by
from engine.lineage.table_functions import calls_as_tables
from engine.lineage.teradata_olap import olap_as_windows

# Dialects whose IDENTIFIER('db.t') (and Snowflake's TABLE('db.t')) names the table the string
# spells: Snowflake, and Spark 3.5+ (sqlglot's `spark`) with Databricks (a subclass of it).
# Hive and Spark 2 have no such clause.
_NAMES_FROM_STRINGS = (Snowflake, Spark)
# Dialects with change-feed table functions (`change_feeds`)
_CHANGE_FEEDS = (Spark, BigQuery, TSQL)
# Delta's version / timestamp suffix `t@v3` / `t@20240101000000000`
_DELTA_SUFFIX = re.compile(r"v(\d+)|\d{17}", re.IGNORECASE)
_NAMED = (exp.DynamicIdentifier, exp.TableFromRows, exp.Anonymous, exp.Schema)


def normalise(
    tree: exp.Expr,
    dialect: Dialect | None = None,
    columns_of: Columns | None = None,
    strings: dict[str, Held | None] | None = None,
    knows: Callable[[str], bool] | None = None,
) -> exp.Expr:
    """Return `tree` (of `dialect`) rewritten in place (a new root only if the root itself was
    rewritten), given the known columns of the tables it names (`columns_of`), the strings
    the script's variables hold (`strings`, `session.set_strings`) and the tables the catalog
    or script knows (`knows`, by table id); raise `UnknownName`."""
    # One walk finds what all the rewrites look for: a walk of the tree costs about a tenth
    # of parsing it. A rewritten pivot is a new subtree, so only then is the tree walked again.
    kinds = (
        exp.Parameter, exp.Lambda, exp.TableAlias, exp.Subquery, exp.Insert, exp.Lateral,
        exp.Anonymous, exp.QueryTransform,
    )
    named = string_name_kinds(dialect)
    # DuckDB's file readers; BigQuery's array paths of an enclosing query's range variable
    tables = (exp.Table,) if isinstance(dialect, (DuckDB, BigQuery)) else ()
    # Teradata's RANK(k) / QUANTILE(n, k): ordered analytical functions (`teradata_olap`)
    olap = (exp.Rank, exp.Quantile) if isinstance(dialect, Teradata) else ()
    # what is looked for after a pivot is rewritten too (a pivot over read_parquet(...))
    kinds += kinds_for(dialect) + tables + olap
    withs = (exp.With,) if isinstance(dialect, ClickHouse) else ()  # scalar WITHs (`scalar_ctes`)
    nodes = list(tree.find_all(exp.Pivot, *kinds, *named, *withs))
    # first: the expressions it copies hold what the other rewrites look for
    if withs and scalar_ctes_as_expressions([n for n in nodes if isinstance(n, exp.With)]):
        nodes = list(tree.find_all(exp.Pivot, *kinds, *named))
    if named:  # (already done where the script's USE or the catalog completes names)
        names_from_strings([n for n in nodes if isinstance(n, named)], dialect, strings or {})
    pivots = [n for n in nodes if isinstance(n, exp.Pivot)]
    if pivots:
        isolate_pivots(pivots)
        rewritten = standardise_pivots(tree, pivots)
        if rewritten is not None:
            tree = rewritten
            nodes = list(tree.find_all(*kinds))
    functions = [n for n in nodes if isinstance(n, exp.Anonymous)]
    if isinstance(dialect, _CHANGE_FEEDS):
        change_feeds_as_tables(functions, dialect, columns_of)
    if columns_of is not None:  # `FROM f(x)` of a table function the script or run defines
        calls_as_tables(functions, columns_of)
        if isinstance(dialect, ClickHouse):  # `dictGet('d', 'a', k)`: d.a, for k
            dict_gets_as_reads(functions, columns_of, dialect)
    params = [n for n in nodes if isinstance(n, exp.Parameter)]
    if params and isinstance(dialect, Hive):
        if isinstance(dialect, Spark):
            params = _delta_versions(params)
        _placeholder_names(params, dialect)
    if isinstance(dialect, Snowflake):
        _positions_of_the_source(params)
    _variables_as_temps(params)
    _json_arrows([n for n in nodes if isinstance(n, exp.Lambda)], dialect)
    _function_aliases_as_columns([n for n in nodes if isinstance(n, exp.TableAlias)], dialect)
    _orders_into_queries([n for n in nodes if isinstance(n, exp.Subquery)])
    _tables_as_queries([n for n in nodes if isinstance(n, exp.Insert)])
    _unqualified_functions([n for n in nodes if isinstance(n, exp.Lateral)])
    if isinstance(dialect, TSQL):
        _identity_types(functions)
        _national_hashbytes(functions, dialect)
    elif isinstance(dialect, ClickHouse):  # remote('host', db.t): the table db.t
        remote_reads_as_tables(functions)
    elif olap:  # CSUM(x, k): SUM(x) OVER (ORDER BY k ...)
        olap_as_windows([n for n in nodes if isinstance(n, (exp.Anonymous, *olap))])
    if isinstance(dialect, DuckDB):
        _file_readers_as_files([n for n in nodes if isinstance(n, exp.Table)])
    elif isinstance(dialect, BigQuery):  # `FROM e.event_params` in a correlated subquery
        unnest_outer_paths(
            [n for n in nodes if isinstance(n, exp.Table)],
            [n for n in nodes if isinstance(n, exp.TableAlias)],
            knows,
        )
    if isinstance(tree, exp.Delete):
        _deleted_table(tree)
    _script_outputs([n for n in nodes if isinstance(n, exp.QueryTransform)])
    return reread(tree, dialect, nodes, columns_of)


def _delta_versions(params: list[exp.Parameter]) -> list[exp.Parameter]:
    """Delta's `t@v3` / `t@20240101000000000` (a version / a yyyyMMddHHmmssSSS timestamp),
    which sqlglot reads as the alias `@v3`, made the `VERSION AS OF 3` / `TIMESTAMP AS OF ...`
    it means: the same table. Return the other parameters."""
    kept = []
    for param in params:
        owner = param.parent
        match = _DELTA_SUFFIX.fullmatch(param.name)
        if not (match and isinstance(owner, exp.TableAlias) and owner.this is param
                and isinstance(owner.parent, exp.Table)):
            kept.append(param)
            continue
        version = match.group(1)
        owner.parent.set("version", exp.Version(
            this="VERSION" if version else "TIMESTAMP",
            expression=exp.Literal.number(version) if version else exp.Literal.string(param.name),
            kind="AS OF",
        ))
        owner.pop()
    return kept


def _placeholder_names(params: list[exp.Parameter], dialect: Dialect) -> None:
    """A Hive/Spark table named with a `${var}` the file does not set (`placeholders`
    substitutes those it does): `${db}.src` is no table `db.src`, and `src_${env}` no table
    `src_` aliased `${env}`. Raise `UnknownName`."""
    for param in params:
        owner = param.parent
        if isinstance(owner, exp.TableAlias) and owner.this is param:
            owner = owner.parent
        if isinstance(owner, exp.Table):
            raise UnknownName(
                f"the table name {owner.sql(dialect=dialect)} depends on the placeholder"
                f" {param.sql(dialect=dialect)}, which this file does not set (it is"
                " substituted by whoever runs it): its lineage is unknown"
            )


def _deleted_table(delete: exp.Delete) -> None:
    """T-SQL `DELETE dbo.t [OUTPUT ...] WHERE ...` (FROM is optional): sqlglot reads the table
    as one of MySQL's multi-table DELETE's and leaves the FROM table empty. One table, no FROM:
    it is the table deleted from."""
    tables = delete.args.get("tables") or []
    if delete.this or len(tables) != 1 or not isinstance(tables[0], exp.Table):
        return
    delete.set("this", tables[0].pop())
    delete.set("tables", None)


def _script_outputs(transforms: list[exp.QueryTransform]) -> None:
    """Hive/Spark `SELECT TRANSFORM (a, b) USING 'script' AS (x string, y string)`: the script
    makes each of its outputs from all of its inputs, so the projection is read as
    `f(a, b) AS (x, y)` (one output per name, each holding the whole value). TRANSFORM is the
    only projection of its SELECT: in Hive's `AS x, y` sqlglot reads y as a projection of its
    own; with no AS the outputs are `key` and `value`."""
    for node in transforms:
        alias = node.parent if isinstance(node.parent, exp.Alias) else None
        projection = alias or node
        select = projection.parent
        if not isinstance(select, exp.Select) or projection.arg_key != "expressions":
            continue
        schema = node.args.get("schema")
        if schema is not None:
            names = [e.this if isinstance(e, exp.ColumnDef) else e for e in schema.expressions]
        elif alias is not None:
            rest = select.expressions[projection.index + 1 :]
            if not all(isinstance(e, exp.Column) and not e.table for e in rest):
                continue
            names = [alias.args["alias"], *(e.this for e in rest)]
            for extra in rest:
                extra.pop()
        else:
            names = [exp.to_identifier("key"), exp.to_identifier("value")]
        node.set("schema", None)
        outputs = [n.copy() for n in names if isinstance(n, exp.Identifier)]
        projection.replace(exp.Aliases(this=node.copy(), expressions=outputs))


def _file_readers_as_files(tables: list[exp.Table]) -> None:
    """DuckDB `FROM read_parquet('s3://b/*.parquet')` (`read_csv`, `read_json_auto`,
    `parquet_scan`, ...) reads the file as `FROM 's3://b/*.parquet'` does: the path (a glob as
    written) is the source, named the same way. A list of paths, `read_parquet(['a', 'b'])`,
    reads each file, its rows stacked by column name: `(SELECT * FROM 'a' UNION ALL BY NAME
    SELECT * FROM 'b')`."""
    for table in tables:
        func = table.this
        if not isinstance(func, exp.Func):
            continue
        name = func_name(func)
        if not (name.startswith("read_") or name.endswith("_scan")):
            continue
        first = func.this if isinstance(func.this, exp.Expr) else None
        first = first if first is not None else next(iter(func.expressions), None)
        paths = first.expressions if isinstance(first, exp.Array) else [first]
        if not paths or not all(isinstance(p, exp.Literal) and p.is_string for p in paths):
            continue
        if len(paths) == 1:
            table.set("this", exp.to_identifier(paths[0].this, quoted=True))
            continue
        files = [exp.Table(this=exp.to_identifier(p.this, quoted=True)) for p in paths]
        reads = [exp.select("*").from_(f) for f in files]
        stacked = reads[0]
        for read in reads[1:]:
            stacked = exp.union(stacked, read, distinct=False, by_name=True)
        alias = table.args.get("alias") or exp.TableAlias(this=exp.to_identifier(name))
        table.replace(exp.Subquery(this=stacked, alias=alias.copy()))


def _identity_types(functions: list[exp.Anonymous]) -> None:
    """T-SQL `SELECT IDENTITY(int, 1, 1) AS id INTO t`: the first argument is a type, which
    sqlglot reads as a column named `int`."""
    for node in functions:
        first = node.expressions[0] if node.expressions else None
        if node.name.upper() == "IDENTITY" and isinstance(first, exp.Column) and not first.table:
            first.replace(exp.Var(this=first.name))


def _national_hashbytes(functions: list[exp.Anonymous], dialect: Dialect) -> None:
    """T-SQL `HASHBYTES(N'SHA2_256', x)` is `HASHBYTES('SHA2_256', x)` (sha2): sqlglot's
    builder names the function by its algorithm only when that is a plain string, and leaves
    a national one anonymous. Built again with the argument read as a string."""
    for node in functions:
        args = node.expressions
        if node.name.upper() != "HASHBYTES" or not any(isinstance(a, exp.National) for a in args):
            continue
        plain = [exp.Literal.string(a.name) if isinstance(a, exp.National) else a for a in args]
        try:
            built = dialect.parser_class.FUNCTIONS["HASHBYTES"](plain)
        except Exception:  # noqa: BLE001 - a builder may reject arguments it did not expect
            continue
        if isinstance(built, exp.Func):
            node.replace(built)


def _unqualified_functions(laterals: list[exp.Lateral]) -> None:
    """T-SQL `CROSS APPLY dbo.fn_split(t.tags, ',') s`: the function's schema says where it
    lives, not what it reads, so the APPLY is read as one of `fn_split(...)`."""
    for node in laterals:
        named = node.this
        if isinstance(named, exp.Dot) and isinstance(named.expression, exp.Func):
            named.replace(named.expression)


def string_name_kinds(dialect: Dialect | None) -> tuple[type[exp.Expr], ...]:
    """The nodes `names_from_strings` looks at in `dialect`: none where the dialect has no
    IDENTIFIER('db.t') (elsewhere `identifier` is a function)."""
    return _NAMED if isinstance(dialect, _NAMES_FROM_STRINGS) else ()


def names_from_strings(
    nodes: list[exp.Expr], dialect: Dialect | None, strings: dict[str, Held | None]
) -> list[exp.Table]:
    """Snowflake `IDENTIFIER('db.t')` / `TABLE('db.t')` and Spark/Databricks `IDENTIFIER('db.t')`
    name the table (or column) their string literal spells: the name is read as written there.
    A table's `IDENTIFIER($t)` is the string the script last set `$t` to (`session`). Return
    the tables so named, for the script's USE and the catalog to complete
    (`namespaces.complete_names`); raise `UnknownName`."""
    tables: list[exp.Table] = []
    for found in nodes:
        node = _table_in_a_column_list(found) if isinstance(found, exp.Schema) else found
        if node is None:
            continue
        owner = node.parent if isinstance(node, (exp.DynamicIdentifier, exp.Anonymous)) else None
        literal = _spelled_name(node)
        if literal is None and isinstance(owner, exp.Table) and node.arg_key == "this":
            arg = _identifier_argument(node)
            literal = named_by(arg, strings, dialect) if arg is not None else None
        if literal is None:
            continue
        try:
            if isinstance(owner, exp.Table) and node.arg_key == "this":
                named = exp.to_table(literal, dialect=dialect)
                for key in ("this", "db", "catalog"):
                    owner.set(key, named.args.get(key))
                tables.append(owner)
            elif isinstance(node, exp.TableFromRows):
                named = exp.to_table(literal, dialect=dialect)
                named.set("alias", node.args.get("alias"))
                node.replace(named)
                tables.append(named)
            elif isinstance(node, exp.DynamicIdentifier):
                node.replace(exp.to_column(literal, dialect=dialect))
        except SqlglotError:
            continue  # not a name after all: left as sqlglot read it
    return tables


def _identifier_argument(node: exp.Expr | None) -> exp.Expr | None:
    """What `IDENTIFIER(...)` holds, if `node` is one (TABLE(...) is a table function)."""
    if isinstance(node, exp.DynamicIdentifier):
        return node.this
    if isinstance(node, exp.Anonymous) and str(node.this).lower() == "identifier":
        return node.expressions[0] if len(node.expressions) == 1 else None
    return None


def _spelled_name(node: exp.Expr | None) -> str | None:
    """The string literal `IDENTIFIER('...')` / `TABLE('...')` holds, if `node` is one."""
    arg = node.this if isinstance(node, exp.TableFromRows) else _identifier_argument(node)
    return arg.name if isinstance(arg, exp.Literal) and arg.is_string else None


def _table_in_a_column_list(schema: exp.Schema) -> exp.Expr | None:
    """Databricks `INSERT INTO IDENTIFIER('db.t')` reads as table `identifier` with the column
    list `('db.t')` (a column list never holds a string): the table is put back as the call
    it is, and returned for `names_from_strings`."""
    table, items = schema.this, schema.expressions
    if not (isinstance(table, exp.Table) and not table.args.get("db") and len(items) == 1):
        return None
    if table.name.lower() != "identifier" or not isinstance(items[0], exp.Literal):
        return None
    call = exp.Anonymous(this="identifier", expressions=[items[0].copy()])
    table.set("this", call)
    schema.replace(table)
    return call


def _tables_as_queries(inserts: list[exp.Insert]) -> None:
    """Spark `INSERT INTO t TABLE src` is `INSERT INTO t SELECT * FROM src`."""
    for insert in inserts:
        source = insert.args.get("source")
        if isinstance(source, exp.Table) and insert.args.get("expression") is None:
            insert.set("source", None)
            insert.set("expression", exp.select("*").from_(source))


_ROW_SHAPING = ("order", "limit", "offset")


def _orders_into_queries(subqueries: list[exp.Subquery]) -> None:
    """`(SELECT ... UNION ALL SELECT ...) ORDER BY ts LIMIT 5`: sqlglot hangs the ORDER BY and
    LIMIT on the parentheses; they shape the query's rows, as if written on the query itself
    (where a union's ORDER BY names its outputs), so they are moved there."""
    for node in subqueries:
        inner = node.this
        moved = [k for k in _ROW_SHAPING if node.args.get(k) is not None]
        if not moved or not isinstance(inner, exp.Query):
            continue
        if any(inner.args.get(k) is not None for k in _ROW_SHAPING):
            continue  # `(... LIMIT 10) ORDER BY x`: two steps, not one
        for key in moved:
            inner.set(key, node.args[key])
            node.set(key, None)


# Postgres set-returning functions of one base-type column: given a table alias and no column
# list, that column takes the alias's name (`FROM generate_series(1, n) AS g`: column g).
_SCALAR_SETS = (exp.Unnest, exp.ExplodingGenerateSeries)
_SCALAR_SET_NAMES = frozenset({"generate_series", "regexp_split_to_table", "string_to_table"})


def _function_aliases_as_columns(aliases: list[exp.TableAlias], dialect: Dialect | None) -> None:
    """`FROM unnest(a) x` in Postgres: `x` is also the column's name. Written out as `x(x)`,
    as the query means, since qualify otherwise cannot place `x` and, inside a subquery that
    could be correlated, fails the whole statement."""
    if not isinstance(dialect, Postgres):
        return
    for alias in aliases:
        if not alias.name or alias.columns:
            continue
        owner = alias.parent
        func = owner if isinstance(owner, exp.Unnest) else (
            owner.this if isinstance(owner, (exp.Table, exp.Lateral)) else None)
        if isinstance(func, exp.Unnest) and len(func.expressions) != 1:
            continue  # one column per array, each named `unnest`
        if isinstance(func, _SCALAR_SETS) or (
            isinstance(func, exp.Anonymous) and func.name.lower() in _SCALAR_SET_NAMES
        ):
            alias.set("columns", [exp.to_identifier(alias.name, quoted=alias.this.quoted)])


# Dialects (and their descendants: Redshift, Materialize, Doris, ...) with no lambda syntax.
_NO_LAMBDAS = (Postgres, MySQL, SQLite)


def _json_arrows(lambdas: list[exp.Lambda], dialect: Dialect | None) -> None:
    """Inside a function's arguments sqlglot reads `j -> 'a'` as a lambda with parameter `j`
    whatever the dialect (`coalesce(j -> 'a', ...)` in Postgres). Where there are no lambdas
    it is JSON extraction: the arrow is parsed again on its own, which reads it so. (DuckDB
    has both, and `x -> 'k'` can be either: left as sqlglot reads it.)"""
    if not isinstance(dialect, _NO_LAMBDAS):
        return
    for node in lambdas:
        params = node.expressions
        if len(params) != 1 or not isinstance(params[0], exp.Identifier):
            continue
        arrow = f"{params[0].sql(dialect=dialect)} -> {node.this.sql(dialect=dialect)}"
        try:
            node.replace(sqlglot.parse_one(arrow, read=dialect))
        except SqlglotError:
            continue  # left as sqlglot read it: at worst, what it gave before


def _positions_of_the_source(params: list[exp.Parameter]) -> None:
    """Snowflake `SELECT $1 FROM t`: the first column of the query's only source, written as
    `t.$1`, which qualify resolves against the source's columns."""
    for param in params:
        if not (isinstance(param.this, exp.Literal) and param.this.is_int):
            continue
        if param.parent is None or isinstance(param.parent, exp.Column):
            continue  # `t.$1` already
        select = param.find_ancestor(exp.Select)
        source = select.args.get("from_") if select is not None else None
        if source is None or select.args.get("joins") or not isinstance(source.this, exp.Table):
            continue  # which source's column is meant is not for this rewrite to guess
        name = source.this.alias_or_name
        if name:
            param.replace(exp.Column(this=param.copy(), table=exp.to_identifier(name)))


def _variables_as_temps(params: list[exp.Parameter]) -> None:
    """A T-SQL table variable `@t` is a temporary table: name it `@t`, flagged temporary, and
    alias it `t` (qualify would otherwise make an alias of `@t`, which it cannot parse)."""
    for param in params:
        table = param.parent
        if isinstance(table, exp.Table) and param.arg_key == "this":
            if not table.alias:
                table.set("alias", exp.TableAlias(this=exp.to_identifier(param.name)))
            param.replace(exp.Identifier(this="@" + param.name, quoted=True, temporary=True))
        elif isinstance(param.parent, exp.DeclareItem):
            param.replace(exp.Identifier(this="@" + param.name, quoted=True, temporary=True))
