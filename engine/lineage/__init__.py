"""Column-level lineage of SQL tasks, with sqlglot (the only package that imports sqlglot).

`extract_task(task, dialect, schema)` is the whole public surface: it splits the file into
statements, parses each on its own, normalises each into writes (`statements`, `dml`), and works
out every target column's flows in one pass per query (`extract`, `columns`, `walk`). It never
raises on bad SQL: what it cannot parse or resolve becomes a `Diagnostic`.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from engine.lineage.branch_values import merged_branches
from engine.lineage.diagnostics import Diagnostics
from engine.lineage.dialects import dialect_problem, known_functions, parser_class
from engine.lineage.dml import listed_columns
from engine.lineage.extract import TaskContext, analyse_write, first_line, withdraw_dropped
from engine.lineage.flows import func_name
from engine.lineage.governance import is_policy_statement
from engine.lineage.namespaces import Namespace, changed_namespace, complete_names
from engine.lineage.naming import Naming
from engine.lineage.notebooks import without_cell_markers
from engine.lineage.parse import ParsedStatement, parse_statements
from engine.lineage.pg_triggers import body_triggers, executed_function
from engine.lineage.placeholders import with_variables_substituted
from engine.lineage.procedures import Body, block_parts, body_of, runs_only_sql
from engine.lineage.schema import TaskSchema
from engine.lineage.scripting import (
    Routine,
    Trigger,
    body_script,
    file_script,
    routine_at,
)
from engine.lineage.session import (
    Held,
    UnknownName,
    declare_items,
    output_variables,
    selected_into,
    set_strings,
)
from engine.lineage.statements import Unsupported, writes_for
from engine.lineage.transient import Lifetimes, dropped_tables, end_tables, forget_unread
from engine.lineage.triggers import with_trigger_rows
from engine.lineage.variable_queries import assigned, declared, declared_queries, inline_queries
from engine.models import NOTE_CODES, LineageEdge, Task, TaskLineage, TaskStatus, WideEdge


def _code_version() -> str:
    # Cached lineage must not outlive a change to the code or the sqlglot that produced it.
    h = hashlib.sha256(sqlglot.__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


LINEAGE_VERSION = _code_version()

__all__ = ["LINEAGE_VERSION", "Naming", "canonical_function", "dialect_problem", "extract_task",
           "known_functions"]


def extract_task(
    task: Task,
    dialect: str | None,
    schema: Mapping[str, Mapping[str, str]],
    *,
    on_statement: Callable[[], None] | None = None,
    naming: Naming | None = None,
) -> TaskLineage:
    """Return the lineage of one SQL file: statements, column edges and diagnostics.

    `schema` maps canonical asset ids (`raw.users`) to `{column: sql_type}` (types may be "").
    `on_statement`, if given, is called before each statement is parsed and again before it is
    analysed: the executors restart a statement's time limit there. An exception it (or a
    time-limit interruption) raises inside one statement costs only that statement.
    `naming`, the catalog's (`Naming.of` its asset ids), gives every table name the catalog's
    number of parts; None leaves names as written.

    >>> from engine.models import Task
    >>> sql = "insert into stg.users select sha2(email) as email from raw.users"
    >>> edge = extract_task(Task(path="a.sql", text=sql, sha256=""), "postgres", {}).edges[0]
    >>> str(edge.source), str(edge.target), edge.transform
    ('raw.users.email', 'stg.users.email', 'DIRECT.TRANSFORMATION(sha2)')
    """
    ctx = _analysed(task, dialect, schema, on_statement, naming, Lifetimes())
    if ctx.lifetimes.ended:  # tables the file makes and ends: again, knowing which they are
        carried = Lifetimes(carried=frozenset(ctx.lifetimes.ended))
        ctx = _analysed(task, dialect, schema, on_statement, naming, carried)
    edges, wide = _unfold_repeated_targets(ctx)
    return TaskLineage(
        task=task.path,
        sha256=task.sha256,
        status=_status(ctx),
        statements=tuple(ctx.statements),
        edges=_dedupe(edges),
        diagnostics=tuple(ctx.diagnostics.items),
        wide=tuple(wide),
        watched=tuple(sorted(ctx.schema.watched)),
    )


def _analysed(
    task: Task,
    dialect: str | None,
    schema: Mapping[str, Mapping[str, str]],
    on_statement: Callable[[], None] | None,
    naming: Naming | None,
    lifetimes: Lifetimes,
) -> TaskContext:
    """Analyse every statement of `task` into a new context (see `extract_task`)."""
    ctx = TaskContext(
        task.path, Dialect.get_or_raise(dialect), TaskSchema(schema), Diagnostics(task.path),
        naming=naming, lifetimes=lifetimes,
    )
    text = without_cell_markers(task.text)  # Zeppelin `%sql`, Jupyter `%%sql` lines
    text = with_variables_substituted(text)  # `${db}` after `SET hivevar:db=raw;`
    # before the control flow (a script's DECLAREs with it) is blanked
    ctx.schema.variable_queries.update(declared_queries(text, ctx.dialect))
    script = file_script(text, dialect, ctx.dialect)
    if script is not None:  # BigQuery `FOR ... DO`, a Snowflake block: their statements
        # what was blanked (an IF's condition) may read tables no statement shows
        ctx.lifetimes.blank(text, script.text)
        text = script.text
        ctx.schema.variables.update(script.names)
        ctx.follow(script)
    triggers = script.triggers if script is not None else ()
    routines = script.routines if script is not None else ()
    batches = list(script.batches) if script is not None else []
    inside: Routine | None = None  # the MySQL routine the statements are in, and the values
    outside: dict[str, Held | None] = {}  # the file's variables held before it
    statements = 0
    parsed = parse_statements(text, ctx.dialect, on_statement)
    ctx.schema.listed = listed_columns(s.expression for s in parsed)
    for statement in parsed:
        statements += 1
        if on_statement is not None:
            on_statement()
        passed = bisect.bisect_right(batches, statement.line)
        if passed:  # a T-SQL batch's variables end with it
            del batches[:passed]
            ctx.schema.strings.clear()
            ctx.branches.forget()
        if triggers:  # `inserted`, `NEW.c` in a trigger's body: the rows of its table
            statement = with_trigger_rows(statement, triggers, ctx.dialect)
        if not routines:
            _analyse_statement(statement, ctx, dialect or "generic")
            continue
        # a MySQL routine's parameters and variables are values in its body only, and a
        # routine `db.p` runs in db
        routine = routine_at(routines, statement.line)
        if routine is not inside:  # entering or leaving a routine: what it sets is its own
            ctx.branches.forget()
            if inside is not None:
                ctx.schema.strings = outside
            if routine is not None:
                outside = dict(ctx.schema.strings)
            inside = routine
        local = (routine.names if routine is not None else frozenset()) - ctx.schema.variables
        ctx.schema.variables.update(local)
        database = routine.database if routine is not None else None
        caller = ctx.namespace
        if database is not None:
            ctx.namespace = Namespace(schemas=(database,))
        _analyse_statement(statement, ctx, dialect or "generic")
        ctx.schema.variables.difference_update(local)
        if database is not None:
            ctx.namespace = caller
    for body, statement in ctx.trigger_functions:  # now that the file's triggers are known
        _analyse_trigger_function(body, statement, ctx, dialect or "generic")
    if ctx.trigger_functions:  # analysed last: listed in the file's order all the same
        ctx.statements.sort(key=lambda s: s.index)
    if not statements:
        ctx.diagnostics.add("no-statements", "the file has no SQL statements (it is empty, "
                            "blank or only comments)", at=(1, 1))
    return ctx


# Statements that write nothing and read no table: between a temporary table's writes and its
# DROP they leave the writes unread (any other statement writing nothing seen, an `EXEC proc`
# or a `VACUUM`, may have read it; so may a SET of a query's value)
_INERT = (exp.Drop, exp.Transaction, exp.Commit, exp.Rollback, exp.Set, exp.Use, exp.Analyze,
          exp.Grant, exp.Revoke, exp.Comment)


# Commands that run code the file does not show (MySQL `CALL p()`, `EXECUTE q`)
_CALLS = frozenset({"CALL", "EXEC", "EXECUTE"})


def _inert(tree: exp.Expr) -> bool:
    if isinstance(tree, exp.Create) and str(tree.args.get("kind")).upper() == "INDEX":
        return True  # dbt's `indexes` config between a rebuild's renames and its DROP
    if is_policy_statement(tree):
        return True  # its body reads the policy's arguments, no table
    return isinstance(tree, _INERT) and (isinstance(tree, exp.Drop) or not tree.find(exp.Query))


def _analyse_statement(statement: ParsedStatement, ctx: TaskContext, dialect_name: str) -> None:
    unknown = ctx.diagnostics.unknown
    if not _analysed_all(statement, ctx, dialect_name) or ctx.diagnostics.unknown > unknown:
        ctx.lifetimes.unseen()  # its effect unknown: it may have read a temporary table
    tree = statement.expression
    if isinstance(tree, exp.Execute):  # T-SQL's EXEC: only what it passes as OUTPUT
        ctx.schema.strings.update(dict.fromkeys(output_variables(tree)))
    elif tree is None or isinstance(tree, exp.Command) and tree.name.upper() in _CALLS and (
        not runs_only_sql(tree)
    ):  # a statement not read, a procedure called (MySQL's may set any user variable)
        ctx.schema.strings = dict.fromkeys(ctx.schema.strings)  # (held unknown)


def _analysed_all(statement: ParsedStatement, ctx: TaskContext, dialect_name: str) -> bool:
    """Analyse one statement into `ctx`; False if it may have read tables unseen: it does not
    parse, is control flow (an IF's condition, a body's blanked lines), or writes nothing the
    engine sees and is not `_inert`. (A part of it that could not be analysed is an
    `unsupported-statement`, which `Diagnostics.unknown` counts.)"""
    at = (statement.line, statement.column)
    ctx.branches.leave(at, ctx.schema.strings)  # what the branches before it set
    if statement.expression is None:
        where = (statement.error_line or statement.line, statement.error_column or statement.column)
        message = (
            f"cannot parse statement {statement.index} (dialect {dialect_name}): {statement.error}"
        )
        ctx.diagnostics.add("parse-error", message, at=where)
        return False
    ctx.diagnostics.statement(statement.line, statement.column, None)
    if block_parts(statement.expression) is not None:  # T-SQL `IF`, `WHILE`: either branch
        _analyse_block(statement, ctx, dialect_name)
        return False  # (its condition reads tables too)
    # a routine's variables name the SQL its EXECUTE runs; outside one, EXECUTE q runs the
    # statement `PREPARE q` made
    variables = ctx.schema.variables if ctx.bodies else ()
    body = body_of(statement.expression, statement.line, ctx.dialect, variables,
                   ctx.schema.strings)
    if body is not None:
        if body.trigger_function is not None:  # its rows' table is named by a later trigger
            ctx.trigger_functions.append((body, statement))
        else:
            ctx.bodies += 1
            try:
                _analyse_body(body, statement, ctx, dialect_name)
            finally:
                ctx.bodies -= 1
        return False  # (its control flow reads tables too)
    executed = executed_function(statement.expression)
    if executed is not None:  # a Postgres trigger writes nothing itself: its function does
        ctx.trigger_uses.setdefault(executed[0], []).append(executed[1])
        return True
    selected = ctx.selected.get(at, ())
    ctx.branches.set_on(_track_variables(statement.expression, ctx.schema, selected))
    namespace = changed_namespace(statement.expression, ctx.namespace, ctx.dialect)
    if namespace is not None:  # USE / SET search_path: the names after it are completed
        ctx.namespace = namespace
        return True
    complete = None
    if ctx.namespace is not None or ctx.naming is not None:
        complete = functools.partial(
            complete_names, namespace=ctx.namespace or Namespace(), schema=ctx.schema,
            naming=ctx.naming, dialect=ctx.dialect,
        )
    try:
        if complete is not None:  # (IDENTIFIER($t) is spelled first: UnknownName)
            # a command's names are read from its text later, and completed the same way
            complete(statement.expression)
        if isinstance(statement.expression, exp.Drop):
            dropped = dropped_tables(statement.expression)
            withdraw_dropped(dropped, ctx)
            forget_unread(dropped, ctx.lifetimes, ctx.statements)
            end_tables(dropped, ctx.lifetimes, ctx.schema)
        writes = writes_for(statement.expression, ctx.dialect, ctx.schema, complete,
                            ctx.into_variables)
    except Unsupported as error:
        ctx.diagnostics.add("unsupported-statement", str(error))
        if error.temp is not None:  # its columns unknown, carrying nothing; never an asset
            ctx.schema.add_unknown_temp(error.temp)
        return False
    except UnknownName as error:  # `FROM IDENTIFIER($t)`, `$t` set elsewhere
        ctx.diagnostics.add("unknown-table", str(error))
        return False
    for write in writes:
        try:
            analyse_write(write, statement, ctx)
        except RecursionError:
            ctx.diagnostics.add("unsupported-statement", "statement too deeply nested to analyse")
        except Exception as error:  # noqa: BLE001 - one statement must never sink the task
            # A bug or an unforeseen tree shape: reported as this statement's unknown lineage,
            # so the other statements (and the run) go on; the tests assert no diagnostics.
            ctx.diagnostics.add(
                "unsupported-statement",
                f"lineage could not be worked out ({type(error).__name__}: {str(error)[:160]})",
            )
        if write.renamed is not None:  # the old name is gone, however its rows went
            end_tables([write.renamed], ctx.lifetimes, ctx.schema)
    return bool(writes) or _inert(statement.expression)


def _analyse_trigger_function(
    body: Body, statement: ParsedStatement, ctx: TaskContext, dialect_name: str
) -> None:
    """Analyse a Postgres trigger function's body once for each table the file's triggers run
    it on, its `NEW` / `OLD` rows that table's (`pg_triggers`)."""
    ctx.diagnostics.statement(statement.line, statement.column, None)
    uses = ctx.trigger_uses.get(body.trigger_function or "", ())
    if not uses:
        ctx.diagnostics.add(
            "unknown-table",
            f"trigger function {body.trigger_function}: no CREATE TRIGGER in this file runs it,"
            " so the table its NEW and OLD rows are of, and the lineage from them, are unknown"
            " (define the trigger in the same file as its function)",
        )
        _analyse_body(body, statement, ctx, dialect_name)
        return
    for triggers in body_triggers(uses, ctx.dialect):
        _analyse_body(body, statement, ctx, dialect_name, triggers)


def _analyse_body(
    body: Body,
    statement: ParsedStatement,
    ctx: TaskContext,
    dialect_name: str,
    triggers: tuple[Trigger, ...] = (),
) -> None:
    """Analyse the statements of a procedure body as parts of `statement` (its index);
    `triggers`: how a trigger function's body reads its rows."""
    if body.language is not None:
        ctx.diagnostics.add(
            "unsupported-statement",
            f"a procedure body in {body.language} is not analysed: its lineage is unknown",
        )
        return
    if body.unknown is not None:  # dynamic SQL built at run time
        ctx.diagnostics.add("unsupported-statement", body.unknown)
        return
    ctx.schema.variables.update(body.parameters)
    # the strings a body's variables hold are its own: a parameter's value comes from the
    # caller, and what the body sets ends with it
    outer_strings = dict(ctx.schema.strings)
    for name in body.parameters:
        ctx.schema.strings.pop(name, None)
        ctx.schema.strings.pop("@" + name, None)
    outer_branches, outer_into, outer_selected = ctx.branches, ctx.into_variables, ctx.selected
    try:
        _analyse_body_statements(body, statement, ctx, dialect_name, triggers)
    finally:
        ctx.schema.strings = outer_strings
        ctx.branches = outer_branches
        ctx.into_variables = outer_into
        ctx.selected = outer_selected


def _analyse_body_statements(
    body: Body,
    statement: ParsedStatement,
    ctx: TaskContext,
    dialect_name: str,
    triggers: tuple[Trigger, ...],
) -> None:
    _analyse_nodes(body.parsed, statement, ctx, dialect_name)
    script = body_script(body.text, ctx.dialect) if body.text else None
    ctx.follow(script)
    if script is not None:
        ctx.schema.variables.update(script.names)
        for name in script.names:  # the body's own: not the file's variable of that name
            ctx.schema.strings.pop(name, None)
        # a blanked condition may read what no statement shows, written before the body or
        # in it
        ctx.lifetimes.blank(body.text, script.text)
    text = script.text if script is not None else body.text  # untokenizable: as written
    # a `$$` body's SELECT ... INTO sets its variables (dynamic SQL's may make a table: T-SQL)
    ctx.into_variables = body.procedural
    unread: ParsedStatement | None = None
    for inner in parse_statements(text, ctx.dialect) if text else ():
        if inner.expression is None:
            unread = unread or inner
            continue
        for trigger in triggers:
            inner = with_trigger_rows(inner, (trigger,), ctx.dialect)
        _analyse_statement(replace(inner, index=statement.index), ctx, dialect_name)
    if unread is not None:
        # Something sqlglot cannot parse even with the control flow blanked: the statements
        # in it are missed.
        at = (unread.error_line or unread.line, unread.error_column or unread.column)
        ctx.diagnostics.add(
            "unsupported-statement",
            f"part of the procedure body is not understood ({unread.error}): statements"
            " inside it are not analysed, so its lineage may be incomplete",
            at=at,
        )


def _analyse_block(statement: ParsedStatement, ctx: TaskContext, dialect_name: str) -> None:
    """Analyse a block sqlglot parsed (`block_parts`): an IF's or a WHILE's parts each from
    the values before it, the variables after it holding what any part may leave (a bare
    block runs)."""
    tree = statement.expression
    parts = block_parts(tree) or []
    if not isinstance(tree, (exp.IfBlock, exp.WhileBlock)):
        for nodes in parts:
            _analyse_nodes(nodes, statement, ctx, dialect_name)
        return
    before, left = ctx.schema.strings, []
    for nodes in parts:
        ctx.schema.strings = dict(before)
        _analyse_nodes(nodes, statement, ctx, dialect_name)
        left.append(ctx.schema.strings)
    every_path = isinstance(tree, exp.IfBlock) and len(parts) == 2
    ctx.schema.strings = {**before, **merged_branches(before, left, every_path)}


def _analyse_nodes(
    nodes: Sequence[exp.Expr], statement: ParsedStatement, ctx: TaskContext, dialect_name: str
) -> None:
    """Analyse statements sqlglot parsed inside `statement` as parts of it, each on its line."""
    for node in nodes:
        line = first_line(node, statement.line)
        _analyse_statement(replace(statement, line=line, column=1, expression=node), ctx,
                           dialect_name)


def _track_variables(
    tree: exp.Expr, schema: TaskSchema, selected: Collection[str] = ()
) -> set[str]:
    """Keep the script's variables as a statement declares or sets them (their names; the
    query a value comes from, read where the variable is used; the strings `IDENTIFIER($t)`
    spells), and put the query values into a statement that reads them. Return the names of
    the strings it set. `selected`: the variables a SELECT whose INTO clause was blanked
    sets."""
    queries = schema.variable_queries
    if isinstance(tree, exp.Declare):
        schema.variables.update(_declared(tree))
        queries.update(declared(tree))
    elif isinstance(tree, exp.Set) and schema.variables:
        for name, query in assigned(tree, schema.variables).items():
            if query is not None:
                queries[name] = query
            else:
                queries.pop(name, None)
    elif queries:
        inline_queries(tree, queries, schema)
    strings: dict[str, Held | None] = {}
    if isinstance(tree, (exp.Set, exp.Declare)):
        strings = set_strings(tree)
    elif isinstance(tree, exp.Query):  # a value of a query: no literal the file shows
        strings = dict.fromkeys(selected_into(tree) if isinstance(tree, exp.Select) else ())
        strings.update(dict.fromkeys(selected))
    schema.strings.update(strings)
    return set(strings)


def _declared(declare: exp.Declare) -> set[str]:
    """The plain names a DECLARE makes (`DECLARE a, b INT64`); `@v` is a parameter already."""
    return {n.name.lower() for n, _ in declare_items(declare) if not n.name.startswith("@")}


def _status(ctx: TaskContext) -> TaskStatus:
    if all(d.code in NOTE_CODES for d in ctx.diagnostics.items):
        return "ok"
    return "partial" if ctx.statements else "unknown"


def _unfold_repeated_targets(ctx: TaskContext) -> tuple[list[LineageEdge], list[WideEdge]]:
    """Expand the wide edges of a statement that writes one target twice (Hive multi-insert,
    INSERT ALL), so `_dedupe` sees every column edge of that target together."""
    seen: set[tuple[int, str]] = set()
    repeated: set[tuple[int, str]] = set()
    for st in ctx.statements:
        if st.target is not None:
            key = (st.index, st.target)
            (repeated if key in seen else seen).add(key)
    if not repeated:
        return ctx.edges, ctx.wide
    edges, wide = list(ctx.edges), []
    for w in ctx.wide:
        if (w.statement_index, w.target_asset) in repeated:
            edges.extend(w.expand())
        else:
            wide.append(w)
    return edges, wide


def _dedupe(all_edges: list[LineageEdge]) -> tuple[LineageEdge, ...]:
    """Drop repeated edges (two writes of one statement into the same target), first kept."""
    seen: set[tuple[object, ...]] = set()
    edges = []
    for e in all_edges:
        key = (
            e.source.asset,
            e.source.column,
            e.target.asset,
            e.target.column,
            e.type,
            e.subtype,
            e.functions,
            e.resolution,
            e.statement_index,
        )
        if key not in seen:
            seen.add(key)
            edges.append(e)
    return tuple(edges)


# Functions sqlglot builds into different expressions by a literal argument: the argument
# lists that reach each of them. T-SQL `HASHBYTES('SHA2_256', x)` is `sha2`, `'MD5'` is `md5`,
# `'SHA1'` is `sha` and the other algorithms stay `hashbytes`; with one argument its builder
# raises ValueError.
_BY_ARGUMENT = {"hashbytes": ("'MD5', x", "'SHA1', x", "'SHA2_256', x", "'SHA2_512', x",
                              "'MD2', x")}


# Functions a dialect documents as another one's alias where sqlglot parses them as a function
# of their own (a class or an anonymous name): canonical name -> the alias's names. A rule for
# the canonical function covers them; a rule naming the alias covers only the alias.
_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    # Snowflake: HLL is "an alias of APPROX_COUNT_DISTINCT"; Redshift's HLL returns the
    # HyperLogLog estimate of the distinct count
    "snowflake": {"approx_distinct": ("hll",)},
    "redshift": {"approx_distinct": ("hll",)},
    # ClickHouse: uniqExact is count(DISTINCT) (countDistinct is count + the Distinct
    # combinator); uniqCombined(64), uniqHLL12 and uniqTheta are approximate distinct counts
    "clickhouse": {"count": ("uniqexact",),
                   "approx_distinct": ("uniqcombined", "uniqcombined64", "uniqhll12",
                                       "uniqtheta")},
}


@functools.lru_cache(maxsize=4096)  # asked once per rule and tag: the same few names
def canonical_function(name: str, dialect: str | None) -> tuple[str, ...]:
    """Return the names edges use for a function a user wrote in the catalog.

    Edges name functions the way sqlglot parses them (BigQuery `SHA256(x)` is `sha2`), so the
    catalog's masking and aggregation rules go through the same parser to match by
    construction. A function sqlglot turns into several by an argument means all of them
    (T-SQL `HASHBYTES` is `md5`, `sha`, `sha2` or `hashbytes`, by its algorithm argument); a
    function also means its dialect's aliases (`_ALIASES`) and, in ClickHouse, an aggregate
    with combinators (`countDistinct`, `uniqIf`: sqlglot's own table of them).

    >>> canonical_function("SHA256", "bigquery"), canonical_function("redact", None)
    (('sha2',), ('redact',))
    """
    calls = _BY_ARGUMENT.get(name.lower(), ("x",))
    nodes = [_parsed_function(f"{name}({args})", dialect) for args in calls]
    names = [func_name(n) if n is not None else name.lower() for n in nodes]
    aliases = _ALIASES.get(dialect or "", {})
    names += [a for n in list(names) for a in aliases.get(n, ())]
    combined = getattr(parser_class(dialect), "AGG_FUNC_MAPPING", None)
    if combined:
        bases = {*names, *(_spelled(n, dialect) for n in nodes if n is not None), name.lower()}
        names += sorted(f.lower() for f, (base, _) in combined.items() if base.lower() in bases)
    return tuple(dict.fromkeys(names))


def _spelled(node: exp.Func, dialect: str | None) -> str:
    """How `dialect` writes the function `node` (ClickHouse's approx_distinct is `uniq`)."""
    try:
        return node.sql(dialect=dialect).partition("(")[0].lower()
    except Exception:  # noqa: BLE001 - a generator may reject a node built from `x` alone
        return ""


def _parsed_function(call: str, dialect: str | None) -> exp.Func | None:
    """The function sqlglot parses `call` as, or None if it does not parse as one."""
    try:
        tree = sqlglot.parse_one(f"SELECT {call}", read=dialect)
    # not only SqlglotError: a dialect's function builder may raise on arguments it did not
    # expect (ValueError, IndexError), and a catalog must never crash a run
    except Exception:  # noqa: BLE001
        return None
    found = tree.find(exp.Func)
    # BigQuery's SAFE.f(x) is f returning NULL on error: the rule is about f (the edge names
    # both), or a rule for SAFE.SHA256 would make every SAFE. call a masking one
    while isinstance(found, exp.SafeFunc) and isinstance(found.this, exp.Func):
        found = found.this
    return found
