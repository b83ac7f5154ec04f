"""The default catalog and schema a script sets (`USE`, `SET search_path`), and the table names
they complete.

`USE SCHEMA analytics.staging; CREATE TABLE orders AS SELECT * FROM raw_orders` writes
`analytics.staging.orders` from `analytics.staging.raw_orders`: the script says so, the database
resolves the names that way, and the catalog lists them so. Each dialect's rule:

- Snowflake: `USE [DATABASE] d` sets the database (and the PUBLIC schema), `USE SCHEMA s` the
  schema, `USE [SCHEMA] d.s` both. Queries find an unqualified table in the current schema,
  then PUBLIC (the default SEARCH_PATH). Creating a schema or a database makes it the current
  one, as `USE` of it would (the usage notes of Snowflake's CREATE SCHEMA and CREATE DATABASE):
  `CREATE [OR REPLACE] [TRANSIENT] SCHEMA [IF NOT EXISTS] [d.]s`, `CREATE DATABASE d` (IF NOT
  EXISTS of one that exists changes nothing, which the script cannot tell: taken as created).
  Other dialects' CREATE SCHEMA / DATABASE leave the current one as it was.
- Databricks / Spark / Hive, MySQL, Trino / Presto / Athena: `USE s` (or `USE SCHEMA|DATABASE s`)
  sets the schema, `USE c.s` both, Databricks `USE CATALOG c` the catalog (and `default`).
- T-SQL: `USE dw` sets the database: `dbo.t` is `dw.dbo.t`. A bare `t` is in the login's
  default schema, which the script does not tell (`engine.lineage.naming` gives it `dbo`).
- Postgres / Redshift `SET search_path TO a, b`: a CREATE makes its table in `a`; any other
  name is the first schema of the path where the catalog (or the script) knows that table,
  else `a`. `$user` and the system schemas are skipped.
- BigQuery `SET @@dataset_id = 'ds'`: the default dataset.
- Teradata `DATABASE d` sets the default database, which is the level before a table (`d.t`):
  a schema here.
- DuckDB `USE d.s` completes one-part names (a one-part `USE x`, and a two-part name `x.t`,
  may mean a database or a schema: left alone).

A name a string spells (Snowflake / Databricks `IDENTIFIER('t')`) is completed as `t` is.
Then every name is given the catalog's number of parts (`engine.lineage.naming`). A CTE, a
temporary table, a table function, a name the statement uses as a table alias (an UPDATE target
naming its FROM item's alias too, `UPDATE c ... FROM stg.c AS c`) and the new name of `ALTER
TABLE ... RENAME TO` are never completed. A catalog that declares assets
makes every statement pay one walk of its tables (2% of extraction on a 1,000-task sample).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.dialects.bigquery import BigQuery
from sqlglot.dialects.databricks import Databricks
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.dialects.hive import Hive
from sqlglot.dialects.mysql import MySQL
from sqlglot.dialects.oracle import Oracle
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.presto import Presto
from sqlglot.dialects.redshift import Redshift
from sqlglot.dialects.snowflake import Snowflake
from sqlglot.dialects.teradata import Teradata
from sqlglot.dialects.tsql import TSQL
from sqlglot.errors import SqlglotError, TokenError
from sqlglot.tokenizer_core import TokenType

from engine.lineage.implicit_unnests import outer_range_path, range_names
from engine.lineage.naming import Naming
from engine.lineage.normalise import names_from_strings, string_name_kinds
from engine.lineage.schema import TaskSchema, is_named, table_id
from engine.lineage.session import set_pairs
from engine.lineage.statements import is_temp

_SKIPPED_SCHEMAS = frozenset({"$user", "pg_catalog", "information_schema", "pg_temp"})
_NAME_TOKENS = frozenset({TokenType.VAR, TokenType.IDENTIFIER, TokenType.STRING})
# the words between CREATE and SCHEMA / DATABASE in Snowflake
_CREATE_MODIFIERS = frozenset({"OR", "REPLACE", "ALTER", "TRANSIENT"})


@dataclass(frozen=True)
class Namespace:
    """Where unqualified names go: the catalog, and the schemas tried in order (the first is
    where a CREATE makes its table)."""

    catalog: exp.Identifier | None = None
    schemas: tuple[exp.Identifier, ...] = ()
    # DuckDB's `x.t` may name catalog x or schema x: such a name is left as written
    two_part_schemas: bool = True


def changed_namespace(
    statement: exp.Expr, current: Namespace | None, dialect: Dialect
) -> Namespace | None:
    """The namespace after `statement` if it is a USE / SET search_path (or a Snowflake CREATE
    SCHEMA / DATABASE), else None."""
    if isinstance(dialect, Snowflake):
        statement = _created_namespace(statement, dialect) or statement
    if isinstance(statement, exp.Use):
        return _used(statement, current or Namespace(), dialect)
    if isinstance(statement, exp.Set) and isinstance(dialect, (Postgres, BigQuery)):
        return _set(statement, current or Namespace(), dialect)
    if isinstance(statement, exp.Command) and isinstance(dialect, Postgres):
        if statement.name.lower() == "set" and isinstance(statement.expression, str):
            return _search_path_command(statement.expression, dialect)
    if isinstance(statement, exp.Command) and isinstance(dialect, Oracle):
        if statement.name.lower() == "alter" and isinstance(statement.expression, str):
            return _current_schema(statement.expression, current or Namespace(), dialect)
    return None


def _created_namespace(statement: exp.Expr, dialect: Dialect) -> exp.Use | None:
    """Snowflake's `CREATE SCHEMA [d.]s` / `CREATE DATABASE d` as the `USE SCHEMA [d.]s` / `USE
    DATABASE d` it implies; None for any other statement."""
    if isinstance(statement, exp.Command) and isinstance(statement.expression, str):
        if statement.name.upper() != "CREATE":
            return None
        statement = _create_head(statement.expression, dialect)  # `... WITH MANAGED ACCESS`
    if not isinstance(statement, exp.Create) or not isinstance(statement.this, exp.Table):
        return None
    kind = str(statement.args.get("kind") or "").upper()
    name = statement.this
    if kind == "SCHEMA":  # sqlglot puts a schema's name one level up: db (and catalog)
        named = exp.Table(this=name.args.get("db"), db=name.args.get("catalog"))
    elif kind == "DATABASE":
        named = exp.Table(this=name.this)
    else:
        return None
    return exp.Use(this=named, kind=exp.Var(this=kind))


_CREATES_NAMESPACE = re.compile(
    r"\s*(?:(?:or|replace|alter|transient)\s+)*(?:schema|database)\b", re.IGNORECASE
)


def _create_head(text: str, dialect: Dialect) -> exp.Expr | None:
    """A CREATE sqlglot could not parse whole (a Command; `text`: after CREATE), parsed up to
    the name of the schema or database it creates: the options after the name set nothing."""
    if not _CREATES_NAMESPACE.match(text):  # a stage, a task, ...: not tokenized
        return None
    try:
        tokens = dialect.tokenize(text)
    except TokenError:
        return None
    words = [t.text.upper() for t in tokens]
    at = next((i for i, w in enumerate(words) if w not in _CREATE_MODIFIERS), len(words))
    if words[at:at + 1] not in (["SCHEMA"], ["DATABASE"]):
        return None
    at += 1
    if words[at:at + 3] == ["IF", "NOT", "EXISTS"]:
        at += 3
    if at >= len(tokens) or words[at - 1:at + 1] == ["DATABASE", "ROLE"] and at + 1 < len(
        tokens
    ) and tokens[at + 1].token_type != TokenType.DOT:
        return None  # `CREATE DATABASE ROLE r`: a role
    while at + 2 < len(tokens) and tokens[at + 1].token_type == TokenType.DOT:
        at += 2  # `d.s`: a name's parts may be keywords (`raw.stage`)
    try:
        return dialect.parse("CREATE " + text[: tokens[at].end + 1])[0]
    except SqlglotError:
        return None


def _current_schema(text: str, current: Namespace, dialect: Dialect) -> Namespace | None:
    """Oracle `ALTER SESSION SET CURRENT_SCHEMA = s` (`text`: after ALTER): the names after it
    are s's, as a connection as user s would make them."""
    try:
        tokens = dialect.tokenize(text)
    except TokenError:
        return None
    words = [t.text.lower() for t in tokens[:4]]
    if words != ["session", "set", "current_schema", "="] or len(tokens) != 5:
        return None
    name = tokens[4]
    if name.token_type not in _NAME_TOKENS:
        return None
    quoted = name.token_type != TokenType.VAR
    return Namespace(current.catalog, (exp.to_identifier(name.text, quoted=quoted),))


def _used(use: exp.Use, current: Namespace, dialect: Dialect) -> Namespace:
    kind = use.args.get("kind")
    kind_name = kind.name.upper() if kind is not None else ""
    name = use.this
    if not isinstance(name, exp.Table) or not isinstance(name.this, exp.Identifier):
        return current
    parts = [p for p in name.parts if isinstance(p, exp.Identifier)]
    if kind_name not in ("", "SCHEMA", "DATABASE", "CATALOG", "NAMESPACE") or len(parts) > 2:
        return current  # a warehouse, a role
    if len(parts) == 2:
        return Namespace(parts[0], _path(parts[1], dialect), not isinstance(dialect, DuckDB))
    (part,) = parts
    level = _level(kind_name, dialect)
    if level == "catalog":
        fresh = {Snowflake: "public", Databricks: "default"}  # the schema a catalog starts in
        schema = next((s for d, s in fresh.items() if isinstance(dialect, d)), None)
        schemas = _path(exp.to_identifier(schema), dialect) if schema else ()
        return Namespace(part, schemas)
    if level == "schema":
        return Namespace(current.catalog, _path(part, dialect))
    return current


def _level(kind: str, dialect: Dialect) -> str | None:
    """What a one-part `USE [kind] x` names in `dialect`: a catalog, a schema, or unknown."""
    if kind == "CATALOG":
        return "catalog"
    if kind == "SCHEMA" or kind == "NAMESPACE":
        return "schema"
    if isinstance(dialect, (Snowflake, TSQL)):
        return "catalog"  # Snowflake `USE [DATABASE] d`, T-SQL `USE dw`
    # Spark and Databricks are Hives; Athena a Presto; Teradata's `DATABASE d` qualifies `d.t`
    if isinstance(dialect, (Hive, MySQL, Presto, Teradata)):
        return "schema"
    return None


def _path(schema: exp.Identifier, dialect: Dialect) -> tuple[exp.Identifier, ...]:
    """The schemas a query looks in after `USE` of `schema` (Snowflake: then PUBLIC)."""
    if isinstance(dialect, Snowflake) and schema.name.lower() != "public":
        return (schema, exp.to_identifier("public"))
    return (schema,)


def _set(statement: exp.Set, current: Namespace, dialect: Dialect) -> Namespace | None:
    """Postgres `SET search_path = a` (one name), BigQuery `SET @@dataset_id = 'ds'`."""
    for target, value in set_pairs(statement):
        while isinstance(target, exp.Parameter):  # BigQuery `@@dataset_id`
            target = target.this
        name = target.name.lower() if isinstance(target, (exp.Column, exp.Var)) else ""
        if isinstance(dialect, BigQuery) and name == "dataset_id" and value is not None:
            return Namespace(current.catalog, (exp.to_identifier(value.name),))
        if isinstance(dialect, Postgres) and name == "search_path" and value is not None:
            return _search_path([value.name])
    return None


def _search_path_command(text: str, dialect: Dialect) -> Namespace | None:
    """`SET [SESSION|LOCAL] search_path {TO|=} a, "B", 'c'`, `SET SCHEMA 'a'` (a Command)."""
    try:
        tokens = dialect.tokenize(text)
    except TokenError:
        return None
    words = [t.text.lower() for t in tokens[:3]]
    while words and words[0] in ("session", "local"):
        words, tokens = words[1:], tokens[1:]
    if words[:1] == ["schema"]:
        names = tokens[1:]
    elif words[:1] == ["search_path"] and words[1:2] in (["to"], ["="]):
        names = tokens[2:]
    else:
        return None
    return _search_path(
        [t.text if t.token_type != TokenType.VAR else t.text.lower() for t in names
         if t.token_type in _NAME_TOKENS]
    )


def _search_path(names: list[str]) -> Namespace:
    if [n.lower() for n in names] == ["default"]:
        return Namespace()  # the server's default path: not in the script
    kept = [n for n in names if n.lower() not in _SKIPPED_SCHEMAS and n]
    return Namespace(None, tuple(exp.to_identifier(n) for n in kept))


def complete_names(
    statement: exp.Expr,
    namespace: Namespace,
    schema: TaskSchema,
    naming: Naming | None = None,
    dialect: Dialect | None = None,
) -> None:
    """Qualify, in place, the table names of `statement` (of `dialect`) that `namespace`
    completes, then give them the catalog's number of parts (`naming`, see
    `engine.lineage.naming`). A name a string spells (`IDENTIFIER('t')`, `IDENTIFIER($v)`) is
    put in first (`normalise.names_from_strings`), so it is completed as t is; raise
    `UnknownName` for one the script does not spell."""
    if naming is None and not namespace.schemas and namespace.catalog is None:
        return
    tables: list[exp.Table] = []
    aliases: list[exp.TableAlias] = []
    spelled: list[exp.Expr] = []  # `IDENTIFIER('t')`, `TABLE('t')`
    # CTE names and table aliases (by name): never a table of a schema
    local: dict[str, list[exp.TableAlias]] = {}
    for node in statement.find_all(exp.Table, exp.TableAlias, *string_name_kinds(dialect)):
        if isinstance(node, exp.Table):
            if is_named(node):
                tables.append(node)
            continue
        if not isinstance(node, exp.TableAlias):
            spelled.append(node)
            continue
        aliases.append(node)
        name = node.name.lower()
        if name and not (  # `FROM orders Orders` names the table, nothing local
            isinstance(node.parent, exp.Table) and node.parent.name.lower() == name
        ):
            local.setdefault(name, []).append(node)
    if spelled:  # the name the string spells is completed as that name written plainly is
        listed = {id(t) for t in tables}  # (Databricks' `INSERT INTO IDENTIFIER('t')` is)
        tables += [
            t for t in names_from_strings(spelled, dialect, schema.strings)
            if id(t) not in listed
        ]
    # BigQuery's `FROM events.event_params` under `FROM ds.events`: the outer row's array
    arrays = range_names(tables, aliases) if isinstance(dialect, BigQuery) else None
    paths = isinstance(dialect, (BigQuery, Redshift))  # FROM's paths from an alias
    for table in tables:
        parts = table.parts
        if _target_by_alias(table) or _kept_as_written(
            table, parts, local, namespace, schema, naming, paths
        ):
            continue
        if arrays and _outer_array(table, arrays, namespace, schema, naming):
            continue
        if len(parts) <= 2:
            _complete(table, parts, namespace, schema, naming)
        if naming is not None:
            _to_depth(table, naming)


def _target_by_alias(table: exp.Table) -> bool:
    """Whether `table` is an UPDATE's one-part target naming an item of its FROM (or of the
    FROM's joins) by its alias or name, whatever that item's table is called: T-SQL's `UPDATE
    c ... FROM stg.c AS c` writes stg.c (the alias `c` names its table too, so it is not among
    the local names). `dml.updated_rows` finds the item."""
    update = table.parent
    if not isinstance(update, exp.Update) or table.arg_key != "this" or len(table.parts) != 1:
        return False
    from_ = update.args.get("from_")
    if from_ is None:
        return False
    items = [from_.this, *(j.this for j in from_.this.args.get("joins") or [])]
    name = table.name.lower()
    return any(
        isinstance(i, exp.Expr) and i is not table and i.alias_or_name.lower() == name
        for i in items
    )


def _outer_array(
    table: exp.Table, names: set[str], namespace: Namespace, schema: TaskSchema,
    naming: Naming | None,
) -> bool:
    """BigQuery `FROM events.event_params` in a subquery of `FROM ds.events`: the outer row's
    array (`implicit_unnests`), unless the name, completed, is a table the schema knows."""
    return outer_range_path(table, names) and not _known_or_watched(
        table, namespace, schema, naming)


def _known_or_watched(
    table: exp.Table, namespace: Namespace, schema: TaskSchema, naming: Naming | None
) -> bool:
    """True if `table`'s name, completed and given the catalog's number of parts, is a table
    the schema knows; if not, the run watches for a task making it (its lineage depends on
    whether one does)."""
    completed = table.copy()
    if len(completed.parts) <= 2:
        _complete(completed, completed.parts, namespace, schema, naming)
    if naming is not None:
        _to_depth(completed, naming)
    tid = table_id(completed)
    if tid is None:
        return False
    if not schema.knows(tid):
        schema.watched.add(tid)
        return False
    return True


def _complete(
    table: exp.Table, parts: list[exp.Expr], namespace: Namespace, schema: TaskSchema,
    naming: Naming | None,
) -> None:
    """`table` with the catalog and schema `namespace` gives a name that lacks them."""
    if len(parts) == 2:
        if namespace.catalog is not None and namespace.two_part_schemas:
            table.set("catalog", namespace.catalog.copy())
        return
    if not namespace.schemas:
        return
    table.set("db", _schema_of(table, namespace, schema, naming).copy())
    if namespace.catalog is not None:
        table.set("catalog", namespace.catalog.copy())


def _to_depth(table: exp.Table, naming: Naming) -> None:
    """`table`'s name as the catalog writes it (`Naming.resolve`)."""
    parts = table.parts
    written = [p.name for p in parts]
    names = naming.resolve(written)
    if names == written:
        return
    # the parts kept are the name's last ones: their identifiers as written (quoting kept)
    kept = min(len(parts), len(names))
    identifiers = [
        *(exp.to_identifier(n) for n in names[: len(names) - kept]), *parts[len(parts) - kept:]
    ]
    for key in ("catalog", "db"):
        table.set(key, None)
    table.set("this", identifiers[-1])
    if len(identifiers) > 1:
        table.set("db", identifiers[-2])
    if len(identifiers) > 2:
        table.set("catalog", identifiers[-3])


def _kept_as_written(
    table: exp.Table, parts: list[exp.Expr], local: dict[str, list[exp.TableAlias]],
    namespace: Namespace, schema: TaskSchema, naming: Naming | None, paths: bool,
) -> bool:
    """A CTE, a table alias (`DELETE a FROM t a`, BigQuery `FROM o, o.items`), a temp table of
    the script or one this statement creates, a rename's new name, a join hint's alias."""
    if not all(isinstance(p, exp.Identifier) for p in parts):
        return True  # a name made of parameters (`${db}.t`)
    # `FROM events.public.src events`: a name never starts from its own alias
    own = table.args.get("alias")
    others = [a for a in local.get(parts[0].name.lower(), ()) if a is not own]
    if others and not (len(parts) > 1 and (
        not paths or _known_or_watched(table, namespace, schema, naming)
    )):  # a CTE, an alias; a dotted name is a path from one only where FROM has such paths
        return True  # (BigQuery arrays, Redshift SUPER), and not if the table is known
    parent = table.parent
    if isinstance(parent, (exp.AlterRename, exp.JoinHint, exp.Cache)):
        return True  # Spark `CACHE TABLE c AS ...`: a session's view
    if is_temp(table, _creating(table)) or (
        isinstance(parent, exp.Into) and parent.args.get("temporary")
    ):
        return True
    tid = table_id(table)
    return tid is not None and schema.is_temp(tid)


def _creating(table: exp.Table) -> exp.Create | None:
    """The CREATE whose target `table` is (`CREATE TABLE t (...)` wraps it in a Schema)."""
    node: exp.Expr = table
    if isinstance(table.parent, exp.Schema):
        node = table.parent
    create = node.parent
    return create if isinstance(create, exp.Create) and create.this is node else None


def _schema_of(
    table: exp.Table, namespace: Namespace, schema: TaskSchema, naming: Naming | None
) -> exp.Identifier:
    """The first schema of the path, for a CREATE; otherwise the first whose table is known
    (by the name it has once it has the catalog's number of parts)."""
    first = namespace.schemas[0]
    if len(namespace.schemas) == 1 or _creating(table) is not None:
        return first
    for candidate in namespace.schemas:
        parts = [namespace.catalog.name] if namespace.catalog is not None else []
        names = [*parts, candidate.name, table.name]
        if naming is not None:
            names = naming.resolve(names)
        tid = ".".join(names).lower()
        if schema.knows(tid):
            return candidate
        schema.watched.add(tid)
    return first
