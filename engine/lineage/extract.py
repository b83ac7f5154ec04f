"""One `Write` -> its `StatementLineage`s and `LineageEdge`s.

Per query part: qualify once against a schema of just the tables it reads, build the scope tree,
let `ScopeLineage` work out every output's flows, and map outputs onto the target's columns (by
an explicit column list, by name, or by position against the target's known columns). Writes
into a temporary table are not emitted: their flows are kept in the `TaskSchema`, and a later
statement reading the temp table composes with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.dialects.bigquery import BigQuery
from sqlglot.dialects.clickhouse import ClickHouse
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.dialects.hive import Hive
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.presto import Presto
from sqlglot.dialects.snowflake import Snowflake
from sqlglot.errors import OptimizeError, SqlglotError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import Scope, build_scope
from sqlglot.schema import MappingSchema

from engine.lineage.aliases import flag_alias_refs
from engine.lineage.array_join import rewrite_array_joins
from engine.lineage.branch_values import BranchValues
from engine.lineage.column_case import qualifying_dialect
from engine.lineage.columns import ScopeLineage
from engine.lineage.diagnostics import Diagnostics
from engine.lineage.flows import DIRECT, REMOVES, Flow, compose
from engine.lineage.function_columns import name_function_columns
from engine.lineage.generators import name_generator_columns
from engine.lineage.hidden_columns import mark_hidden_columns
from engine.lineage.inner_columns import hide_bare_names, show_bare_names
from engine.lineage.merge_star import name_target_columns, unexpanded_source_star
from engine.lineage.namespaces import Namespace
from engine.lineage.naming import Naming
from engine.lineage.output_names import database_names, mark_unaliased, name_relation_columns
from engine.lineage.parse import ParsedStatement
from engine.lineage.pivot import make_dynamic
from engine.lineage.procedures import Body
from engine.lineage.schema import TaskSchema, TempTable, is_wildcard, table_id, table_refs
from engine.lineage.scripting import Script
from engine.lineage.selectors import expand_selectors
from engine.lineage.statements import Part, Write, is_temp
from engine.lineage.streams import unwrap_streams
from engine.lineage.struct_stars import expand_struct_stars
from engine.lineage.targets import branches, by_name, target_columns
from engine.lineage.transient import Lifetimes
from engine.lineage.unnest_fields import has_bare_unnest, untyped_unnest_types
from engine.lineage.using import mark_using, using_as_on
from engine.models import (
    ColumnRef,
    Diagnostic,
    LineageEdge,
    StatementLineage,
    WideEdge,
    guessed_columns,
)


@dataclass
class _Target:
    """Flows gathered for the columns of one target, in column order."""

    columns: list[str] = field(default_factory=list)
    flows: dict[str, dict[Flow, int]] = field(default_factory=dict)

    def add(
        self, column: str, flows: set[Flow], line: int, clauses: dict[Flow, int] | None = None
    ) -> None:
        """Add `flows` to `column`, at the line of its projection, or of the clause an INDIRECT
        flow comes from (in `clauses`)."""
        if column not in self.flows:
            self.columns.append(column)
            self.flows[column] = {}
        found = self.flows[column]
        for flow in flows:
            at = clauses.get(flow, line) if clauses and flow.type == "INDIRECT" else line
            if flow not in found or at < found[flow]:
                found[flow] = at  # the same flow from two UNION branches: the first line


@dataclass
class TaskContext:
    """One task's analysis state: where it is, how to read it, and what came out so far."""

    path: str
    dialect: Dialect
    schema: TaskSchema
    diagnostics: Diagnostics
    statements: list[StatementLineage] = field(default_factory=list)
    edges: list[LineageEdge] = field(default_factory=list)
    wide: list[WideEdge] = field(default_factory=list)
    # The catalog and schemas a `USE` / `SET search_path` of the script set (None: none did).
    namespace: Namespace | None = None
    # The catalog's names (`engine.lineage.naming`): the parts every table name is given
    naming: Naming | None = None
    # Postgres trigger functions, analysed when the file is read (`pg_triggers`), and the
    # triggers that run each (by the function's name)
    trigger_functions: list[tuple[Body, ParsedStatement]] = field(default_factory=list)
    trigger_uses: dict[str, list[exp.TriggerProperties]] = field(default_factory=dict)
    # The unknown-columns warnings of whole-table copies (a rename, a clone), by the table
    # written: withdrawn if the file drops that table (`withdraw_dropped`)
    copy_warnings: dict[str, list[Diagnostic]] = field(default_factory=dict)
    # The tables the file makes and ends (`transient`)
    lifetimes: Lifetimes = field(default_factory=Lifetimes)
    bodies: int = 0  # procedure bodies being analysed (their variables are theirs)
    # In a procedure's body, `SELECT ... INTO x` sets variables: it writes no table
    into_variables: bool = False
    # The variables set by the SELECTs whose INTO clause the script (or the body being
    # analysed) blanked, by where each starts (`scripting.Selected`)
    selected: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)
    # The forks of the control flow the script (or the body being analysed) blanked, and
    # what the variables set in them held before (`branch_values`)
    branches: BranchValues = field(default_factory=BranchValues)

    def follow(self, script: Script | None) -> None:
        """Follow `script`'s (the file's or a body's) forks and the variables its blanked
        SELECT ... INTOs set."""
        self.branches = BranchValues(script.branches if script is not None else ())
        self.selected = dict(script.selected) if script is not None else {}


def analyse_write(write: Write, statement: ParsedStatement, ctx: TaskContext) -> None:
    """Add the statement-level facts and edges of one write to `ctx`."""
    place = ctx.lifetimes.next_write(statement.index)
    temp = write.temp or (write.target is not None and ctx.schema.is_temp(write.target))
    if write.target is not None and not temp:
        if ctx.lifetimes.is_carried(write.target, place):  # made, then ended by the file
            temp = True
            ctx.schema.transient.add(write.target)
        elif not (write.if_not_exists and ctx.schema.defines(write.target)):  # kept as it was
            ctx.lifetimes.made_by(write.kind, write.target, place)
    ctx.diagnostics.statement(statement.line, statement.column, None if temp else write.target)
    if write.unknown_rows is not None:
        asset = None if temp else write.target
        ctx.diagnostics.add("unsupported-statement", write.unknown_rows, asset=asset)
    target = _Target()
    read: set[str] = set()
    if write.target is not None:
        taken = ctx.schema.columns(write.columns_from) if write.columns_from else None
        for column in (*(taken or ()), *write.declared):
            target.add(column, set(), statement.line)
        before = len(ctx.diagnostics.items)
        for part in write.parts:
            read |= _analyse_part(write, part, statement.line, ctx, target)
        if write.whole_copy:
            ctx.copy_warnings.setdefault(write.target, []).extend(
                d for d in ctx.diagnostics.items[before:] if d.code == "unresolved-star"
            )
    if write.reads or write.target is None:
        read = {
            tid for e in write.read_expressions
            for tid in _ids(table_refs(e, ctx.dialect))
        }
    for tid in read:  # a copy read before its drop: its warnings stay (`withdraw_dropped`)
        ctx.copy_warnings.pop(tid, None)
    # a statement reading the table it writes (`UPDATE #t SET a = a + 1`) only moves the
    # table's rows within it: they go somewhere once another statement reads the table
    ctx.lifetimes.read(read - {write.target})
    sources = tuple(sorted(_sources(write, read, ctx.schema, target)))
    if temp and write.target is not None:
        # Kept for the statements that read it; only its persistent inputs are reported.
        _keep_temp(write.target, target, set(sources), ctx.schema)
        if write.parts:
            ctx.lifetimes.wrote_temp(write.target, len(ctx.statements))
            ctx.statements.append(
                StatementLineage(
                    index=statement.index, line=statement.line, kind=write.kind, sources=sources
                )
            )
        return
    columns = tuple(target.columns)
    guess = guessed_columns(write.kind, columns, write.insert_columns)
    if write.target is not None and guess:
        # IF NOT EXISTS of a table defined already (by the catalog, an earlier file or
        # statement) leaves it as it is: later statements see its columns, not these
        kept = write.if_not_exists and ctx.schema.defines(write.target)
        # an ALTER of a table whose columns were only guessed leaves a guess (as the run's
        # schema holds it for the other files: `inventory`)
        altered_guess = write.kind == "alter_table" and ctx.schema.only_guessed(write.target)
        ctx.schema.add_table(write.target, guess, replace=write.creates and not kept)
        if altered_guess:
            ctx.schema.guessed.add(write.target)
    ctx.statements.append(
        StatementLineage(
            index=statement.index,
            line=statement.line,
            kind=write.kind,
            target=write.target,
            target_columns=columns,
            sources=sources,
            if_not_exists=write.if_not_exists,
            insert_columns=write.insert_columns,
        )
    )
    if write.target is not None:
        edges, wide = _edges(write.target, target, statement.index, ctx.path)
        ctx.edges.extend(edges)
        ctx.wide.extend(wide)


def withdraw_dropped(dropped: list[str], ctx: TaskContext) -> None:
    """Withdraw the unknown-columns warnings of whole-table copies into the `dropped` tables.

    dbt's Postgres and Redshift rebuilds (`ALTER TABLE m RENAME TO m__dbt_backup`, then `DROP
    TABLE m__dbt_backup`) move the last run's `m`, whose columns only the database knows, into
    a table dropped a statement later: nothing after the file can read it. Once a statement
    of the file reads the copy, the warnings stay (`analyse_write`).
    """
    for tid in dropped:
        ctx.diagnostics.discard(ctx.copy_warnings.pop(tid, []))


def _analyse_part(
    write: Write, part: Part, line: int, ctx: TaskContext, target: _Target
) -> set[str]:
    """Add the flows of one query part to `target`; return the ids of the tables it reads."""
    selects: list[exp.Select] = []
    if isinstance(ctx.dialect, (DuckDB, ClickHouse)):  # the dialects with COLUMNS(...)
        expand_selectors(part.query, ctx.schema.columns, ctx.dialect, ctx.diagnostics)
    tables = table_refs(part.query, ctx.dialect, selects)
    if isinstance(ctx.dialect, (DuckDB, Hive)):  # generators of several columns
        name_generator_columns(selects, ctx.schema.lower_column_types, ctx.dialect)
        expand_struct_stars(selects, ctx.schema.lower_column_types, ctx.dialect)
        if isinstance(ctx.dialect, Hive):  # Databricks DLT `FROM stream(t)`
            unwrap_streams(selects)
    elif isinstance(ctx.dialect, Postgres):  # set-returning functions' own column names
        name_function_columns(selects)
    elif isinstance(ctx.dialect, ClickHouse):  # ARRAY JOIN's names: its arrays' elements
        rewrite_array_joins(selects)
    elif isinstance(ctx.dialect, Snowflake):  # PIVOT ... IN (SELECT ...): named by the data
        make_dynamic(selects)
    elif isinstance(ctx.dialect, Presto):  # Trino's, Athena's `"$path"`: no data column
        mark_hidden_columns(part.query)
    if isinstance(ctx.dialect, (Postgres, Hive)):  # a CTE's columns as the database names them
        name_relation_columns(selects, ctx.dialect)
    mark_using(selects)
    names: list[str | None] | None = target_columns(write, part, ctx.schema)
    if names is None and write.creates:  # named by its outputs: as the database names them
        mark_unaliased(part.query, ctx.dialect)
    _unknown_temps(tables, ctx)
    if isinstance(ctx.dialect, BigQuery):
        _wildcards(tables, ctx)
    read = set(_ids(tables))
    retyped = None
    if isinstance(ctx.dialect, BigQuery) and any(has_bare_unnest(s) for s in selects):
        retyped = untyped_unnest_types(selects, ctx.schema.lower_column_types, ctx.dialect)
    dialect = qualifying_dialect(ctx.dialect)
    mapping = ctx.schema.mapping_for(tables, dialect, retyped)
    stars = _star_lines(selects)  # before qualify replaces the stars with lineless columns
    root = _scoped(part.query, mapping, dialect, ctx.diagnostics)
    if root is not None and write.kind == "merge" and part.by_name and write.target:
        # `UPDATE SET *` / `INSERT *` from a source of unknown columns: the target's, by name
        known = ctx.schema.columns(write.target)
        star = unexpanded_source_star(root) if known else None
        if star is not None and known:  # (`known` again for the type checker)
            name_target_columns(*star, known)
            root = _scoped(part.query, mapping, dialect, ctx.diagnostics)
    if root is None:
        return read
    listed = frozenset(n.lower() for n in names or () if n) if write.target else frozenset()
    written = (write.target, listed) if listed else None
    lineage = ScopeLineage(ctx.schema, ctx.diagnostics, root, written)
    lineage.warm(root)
    by_position = names is not None
    if names is None:  # a UNION's columns are named by its first branch
        outputs = lineage.outputs(root)
        own = database_names(outputs, ctx.dialect) if write.creates else [o.name for o in outputs]
        names = by_name(part, write, ctx.schema, own)
    arms = branches(root)
    first = [o.name for o in lineage.outputs(root)]
    around = _Wrappers(lineage)
    clauses = lineage.clause_lines
    extra = 0  # outputs past the target's known columns (the most of any branch)
    for branch, only_removes, wrappers in arms:
        past_star = False
        beyond = 0
        lines = _OutputLines(line, stars.get(id(branch.expression), ()))
        # UNION [ALL] BY NAME (BigQuery, DuckDB): a branch's column goes where the union has
        # one of its name (every branch's names), wherever it stands in its own branch
        wide, paired_by_name = around.of(wrappers)
        # EXCEPT compares whole rows: each column of its right side decides every output row
        removing = compose(lineage.all_flows(branch), REMOVES) if only_removes else None
        for i, out in enumerate(lineage.outputs(branch)):
            out_line = lines.of(out.node)
            past_star = past_star or out.star
            at = i
            if paired_by_name and not out.star:
                if out.name not in first:
                    continue
                at = first.index(out.name)
            if out.star or (past_star and by_position):
                column = "*"  # positions after an unexpanded star are unknown
            elif at < len(names) and names[at] is not None:
                column = names[at]
            else:
                beyond += 1  # more outputs than target columns: nothing to write them to
                continue
            if removing is not None:
                target.add(column, removing | compose(wide, REMOVES), out_line, clauses)
            else:
                target.add(column, lineage.position(branch, i) | wide, out_line, clauses)
        extra = max(extra, beyond)
    lineage.finish([branch for branch, _, _ in arms])
    if extra and by_position and part.columns is None:
        _extra_values(write, len(names) + extra, len(names), ctx)
    return read


def _extra_values(write: Write, values: int, known: int, ctx: TaskContext) -> None:
    """An INSERT of more values than its target's known columns: the database would reject
    it, so the columns known here are stale (an ALTER elsewhere, an old catalog) and the
    extra values' lineage is lost. Not said where the columns were only guessed."""
    if write.target is None or not ctx.schema.defines(write.target):
        return
    ctx.diagnostics.add(
        "unresolved-column",
        f"INSERT has {values} values for the {known} known columns of {write.target}: the"
        " catalog (or the DDL seen) may be stale; the extra values' lineage is lost",
        asset=write.target,
    )


class _Wrappers:
    """What the set operations around a branch add to each of its columns (their ORDER BY,
    ...) and whether any pairs branches by name, memoised by the innermost one: in a chain of n
    UNION ALLs every branch sits in up to n of them, and reading each per column was O(n²)."""

    def __init__(self, lineage: ScopeLineage) -> None:
        self._lineage = lineage
        self._memo: dict[Scope, tuple[frozenset[Flow], bool]] = {}

    def of(self, wrappers: tuple[Scope, ...]) -> tuple[frozenset[Flow], bool]:
        """The flows the set operations `wrappers` (outermost first) add, and BY NAME."""
        done = len(wrappers)
        while done and wrappers[done - 1] not in self._memo:
            done -= 1
        wide, by_name = self._memo[wrappers[done - 1]] if done else (frozenset(), False)
        for wrapper in wrappers[done:]:
            extra = self._lineage.wide(wrapper)
            wide = wide | extra if extra else wide
            by_name = by_name or bool(wrapper.expression.args.get("by_name"))
            self._memo[wrapper] = (wide, by_name)
        return wide, by_name


def _unknown_temps(tables: list[exp.Table], ctx: TaskContext) -> None:
    """A T-SQL `#tmp` this script never filled (made by a caller, say) is still a temp table:
    its columns are unknown and it must not pass for the persistent table of the same name."""
    for table in tables:
        tid = table_id(table)
        if tid is not None and is_temp(table) and not ctx.schema.is_temp(tid):
            ctx.schema.add_unknown_temp(tid)
            ctx.diagnostics.add(
                "unknown-table",
                f"temporary table {table.sql(dialect=ctx.dialect)} is not filled by this script",
                table,
            )


def _wildcards(tables: list[exp.Table], ctx: TaskContext) -> None:
    """A BigQuery wildcard table (`ds.events_*`) reads every table whose name starts with its
    prefix, unless the catalog declares the wildcard itself as one asset: it is read as a temp
    table over the union of their columns, each flowing from every matched table that has it
    (BigQuery reads one a table lacks as NULL). Matching no table, it is an `unknown-table`,
    read like an unfilled temp table (its columns carry nothing). Either way the wildcard is
    watched: a table appearing with its prefix changes what it reads."""
    for table in tables:
        if not (isinstance(table.this, exp.Identifier) and is_wildcard(table)):
            continue
        tid = table_id(table)
        if tid is None or ctx.schema.knows(tid):
            continue
        ctx.schema.watched.add(tid)
        matched = ctx.schema.matching(tid)
        if matched:  # built again for each statement: an earlier one may have added a match
            ctx.schema.temps[tid] = _union_of(matched, ctx.schema)
        elif not ctx.schema.is_temp(tid):
            ctx.schema.add_unknown_temp(tid)
            ctx.diagnostics.add(
                "unknown-table",
                f"wildcard table {tid} matches no table the catalog lists or a task writes,"
                " so its lineage is unknown (declare the tables it reads, or the wildcard"
                " itself, in the catalog)",
                table,
            )


def _union_of(matched: list[str], schema: TaskSchema) -> TempTable:
    """The temp table a wildcard reads: the columns of every table in `matched`."""
    union = TempTable(columns=[], sources=set(matched))
    for tid in matched:
        for column, kind in (schema.lower_column_types(tid) or {}).items():
            if column not in union.flows:
                union.columns.append(column)
                union.types[column] = kind
                union.flows[column] = set()
            union.flows[column].add(Flow(tid, column, DIRECT, "IDENTITY"))
    if not union.columns:  # tables of unknown columns: any column may be theirs
        union.columns.append("*")
        union.flows["*"] = set()
    return union


def _scoped(
    query: exp.Expr, mapping: MappingSchema, dialect: Dialect, diagnostics: Diagnostics
) -> Scope | None:
    """Qualify `query` in place against the schema of the tables it reads; return its root scope."""
    try:
        return _qualified_scope(query, mapping, dialect)
    except (SqlglotError, AttributeError, TypeError, KeyError, IndexError) as error:
        # sqlglot's own errors, and the internal ones its type annotation can raise on odd
        # trees (a BigQuery WITHIN GROUP): either way, the columns stay unresolved.
        first = (str(error).splitlines() or [type(error).__name__])[0][:200]
        diagnostics.add(
            "unresolved-column",
            f"columns could not be resolved ({first}); table-level lineage kept",
            query,
        )
        return None


def _qualified_scope(
    query: exp.Expr, mapping: MappingSchema, dialect: Dialect, rewritten: bool = False
) -> Scope | None:
    try:
        return build_scope(_qualify(query, mapping, dialect, expand_alias_refs=True))
    except OptimizeError as error:
        message = str(error)
        # a USING key qualify cannot find in a source of unknown columns: the join as ON
        if "Cannot automatically join" in message and not rewritten and using_as_on(query, mapping):
            return _qualified_scope(query, mapping, dialect, rewritten=True)
        if "missing source schemas" not in message:
            raise
        # a bare name in a subquery over a source of unknown columns: placed by the walk
        hidden = hide_bare_names(query, mapping)
        # An alias reference next to a source of unknown columns: resolved by aliases.py.
        flag_alias_refs(query, dialect)
        qualified = _qualify(query, mapping, dialect, expand_alias_refs=False)
        if hidden:
            show_bare_names(qualified)
        return build_scope(qualified)


def _qualify(
    query: exp.Expr, mapping: MappingSchema, dialect: Dialect, expand_alias_refs: bool
) -> exp.Expr:
    return qualify(
        query,
        dialect=dialect,
        schema=mapping,
        expand_alias_refs=expand_alias_refs,
        validate_qualify_columns=False,  # unresolved columns are diagnosed, not fatal
        allow_partial_qualification=True,  # a column a known table lacks: diagnosed too
        quote_identifiers=False,  # nothing is generated back to SQL
        identify=False,
    )


def _star_lines(selects: list[exp.Select]) -> dict[int, tuple[tuple[int, str], ...]]:
    """Each SELECT's star projections (`*`, `t.*`), in order, as (line, qualifier: `t`, or ""
    for `*`), by the SELECT's id (the SELECTs are alive as long as the query is)."""
    found = {}
    for select in selects:
        stars = tuple(
            (first_line(e, 0), e.table.lower() if isinstance(e, exp.Column) else "")
            for e in select.expressions
            if isinstance(e, exp.Star) or (isinstance(e, exp.Column) and e.is_star)
        )
        if stars:
            found[id(select)] = stars
    return found


class _OutputLines:
    """The line of each output of one SELECT, in order: its projection's first line; for a
    column qualify expanded a star into (a column without a line), that star's: each run of
    them the next star's, a column of another table than `t.*`'s the next star's too;
    otherwise (a USING key's COALESCE qualify wrote) the line before."""

    def __init__(self, line: int, stars: tuple[tuple[int, str], ...]) -> None:
        self.last, self.stars = line, stars
        self.star = -1
        self.in_star = False

    def of(self, node: exp.Expr | None) -> int:
        own = first_line(node, 0)
        if own:
            self.last, self.in_star = own, False
        elif self.stars and isinstance(column := node.unalias() if node else None, exp.Column):
            owner = self.stars[self.star][1] if self.in_star else ""
            if not self.in_star or (owner and column.table.lower() != owner):
                self.star, self.in_star = min(self.star + 1, len(self.stars) - 1), True
            self.last = self.stars[self.star][0] or self.last
        return self.last


def first_line(node: exp.Expr | None, default: int) -> int:
    """The first file line of a node's text: of a projection, of a statement parsed inside a
    procedure body (`default` where no node carries one: qualify makes nodes without)."""
    if node is None:
        return default
    # meta_get, not meta: reading `meta` would allocate a dict on every node walked.
    return min(
        (line for n in node.walk() if (line := n.meta_get("line")) is not None), default=default
    )


def _ids(tables: list[exp.Table]) -> list[str]:
    return [tid for tid in map(table_id, tables) if tid is not None]


def _sources(write: Write, read: set[str], schema: TaskSchema, target: _Target) -> set[str]:
    """Persistent tables the write reads; temp tables are replaced by what fed them."""
    found: set[str] = set()
    for tid in read:
        temp = schema.temps.get(tid)
        found |= temp.sources if temp is not None else {tid}
    if write.reads_target and write.target in found:
        # UPDATE / MERGE name their target; it is a source only if a value of it is read.
        if not any(f.asset == write.target for flows in target.flows.values() for f in flows):
            found.discard(write.target)
    return found


def _keep_temp(tid: str, target: _Target, sources: set[str], schema: TaskSchema) -> None:
    temp = schema.temps.setdefault(tid, TempTable(columns=[]))
    for column in target.columns:
        if column not in temp.columns:
            temp.columns.append(column)
        temp.flows.setdefault(column, set()).update(target.flows[column])
    temp.sources |= sources


def _edges(
    target_id: str, target: _Target, index: int, task_path: str
) -> tuple[list[LineageEdge], list[WideEdge]]:
    """Return the column edges of one write, and its INDIRECT flows that reach every one of its
    columns (two or more) folded into wide edges."""
    refs: dict[tuple[str, str], ColumnRef] = {}

    def ref_of(asset: str, column: str) -> ColumnRef:
        ref = refs.get((asset, column))
        if ref is None:
            ref = refs[(asset, column)] = ColumnRef(asset, column)
        return ref

    everywhere = _everywhere(target)
    wide: list[WideEdge] = []
    columns = tuple(target.columns)
    for flow in sorted(everywhere):
        # one line for all: its clause's (a flow no clause of this statement made, from a temp
        # table say, has its columns' projection lines: the first)
        line = min(target.flows[column][flow] for column in columns)
        wide.append(WideEdge(
            ref_of(flow.asset, flow.column), target_id, columns, flow.subtype, task_path,  # type: ignore[arg-type]
            index, line, flow.functions, False, flow.resolution,  # type: ignore[arg-type]
        ))
    edges = []
    for column in target.columns:
        ref = ColumnRef(target_id, column)
        for flow, line in sorted(target.flows[column].items(), key=lambda item: item[0]):
            if flow in everywhere:
                continue
            edges.append(LineageEdge(
                ref_of(flow.asset, flow.column), ref, flow.type, flow.subtype,  # type: ignore[arg-type]
                task_path, index, line, flow.functions, False, flow.resolution,  # type: ignore[arg-type]
            ))
    return edges, wide


def _everywhere(target: _Target) -> set[Flow]:
    """The INDIRECT flows every column of a target (of two or more) has."""
    if len(target.columns) < 2:
        return set()
    flows = [target.flows[c] for c in target.columns]
    smallest = min(flows, key=len)
    return {f for f in smallest if f.type == "INDIRECT" and all(f in other for other in flows)}
