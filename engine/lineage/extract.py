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
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import Scope, build_scope
from sqlglot.schema import MappingSchema

from engine.lineage.columns import ScopeLineage
from engine.lineage.diagnostics import Diagnostics
from engine.lineage.flows import Flow
from engine.lineage.parse import ParsedStatement
from engine.lineage.schema import TaskSchema, TempTable, table_id, table_refs
from engine.lineage.scopes import USING_SIDE
from engine.lineage.statements import Part, Write
from engine.models import ColumnRef, LineageEdge, StatementLineage


@dataclass
class _Target:
    """Flows gathered for the columns of one target, in column order."""

    columns: list[str] = field(default_factory=list)
    flows: dict[str, dict[Flow, int]] = field(default_factory=dict)

    def add(self, column: str, flows: set[Flow], line: int) -> None:
        if column not in self.flows:
            self.columns.append(column)
            self.flows[column] = {}
        found = self.flows[column]
        for flow in flows:
            if flow not in found or line < found[flow]:
                found[flow] = line  # the same flow from two UNION branches: the first line


@dataclass
class TaskContext:
    """One task's analysis state: where it is, how to read it, and what came out so far."""

    path: str
    dialect: Dialect
    schema: TaskSchema
    diagnostics: Diagnostics
    statements: list[StatementLineage] = field(default_factory=list)
    edges: list[LineageEdge] = field(default_factory=list)


def analyse_write(write: Write, statement: ParsedStatement, ctx: TaskContext) -> None:
    """Add the statement-level facts and edges of one write to `ctx`."""
    temp = write.temp or (write.target is not None and ctx.schema.is_temp(write.target))
    ctx.diagnostics.statement(statement.line, statement.column, None if temp else write.target)
    target = _Target()
    read: set[str] = set()
    if write.target is not None:
        for column in write.declared:
            target.add(column, set(), statement.line)
        for part in write.parts:
            read |= _analyse_part(write, part, statement.line, ctx, target)
    if write.reads or write.target is None:
        read = {tid for e in write.read_expressions for tid in _ids(table_refs(e))}
    sources = tuple(sorted(_sources(write, read, ctx.schema, target)))
    if temp and write.target is not None:
        # Kept for the statements that read it; only its persistent inputs are reported.
        _keep_temp(write.target, target, set(sources), ctx.schema)
        if write.parts:
            ctx.statements.append(
                StatementLineage(
                    index=statement.index, line=statement.line, kind=write.kind, sources=sources
                )
            )
        return
    if write.target is not None and target.columns:
        ctx.schema.add_table(write.target, target.columns, replace=write.creates)
    columns = tuple(target.columns)
    ctx.statements.append(
        StatementLineage(
            index=statement.index,
            line=statement.line,
            kind=write.kind,
            target=write.target,
            target_columns=columns,
            sources=sources,
        )
    )
    if write.target is not None:
        ctx.edges.extend(_edges(write.target, target, statement.index, ctx.path))


def _analyse_part(
    write: Write, part: Part, line: int, ctx: TaskContext, target: _Target
) -> set[str]:
    """Add the flows of one query part to `target`; return the ids of the tables it reads."""
    _mark_using(part.query)
    tables = table_refs(part.query)
    read = set(_ids(tables))
    mapping = ctx.schema.mapping_for(tables, ctx.dialect)
    root = _scoped(part.query, mapping, ctx.dialect, ctx.diagnostics)
    if root is None:
        return read
    lineage = ScopeLineage(ctx.schema, ctx.diagnostics, root)
    lineage.warm(root)
    names = _target_columns(write, part, ctx.schema)
    by_position = names is not None
    if names is None:  # a UNION's columns are named by its first branch
        names = [o.name for o in lineage.outputs(root)]
    branches = _branches(root)
    for branch in branches:
        last_line = line
        past_star = False
        for i, out in enumerate(lineage.outputs(branch)):
            last_line = _line_of(out.node, last_line)
            past_star = past_star or out.star
            if out.star or (past_star and by_position):
                column = "*"  # positions after an unexpanded star are unknown
            elif i < len(names):
                column = names[i]
            else:
                continue  # more outputs than target columns: nothing to write them to
            target.add(column, lineage.position(branch, i), last_line)
    lineage.finish(branches)
    return read


def _scoped(
    query: exp.Expr, mapping: MappingSchema, dialect: Dialect, diagnostics: Diagnostics
) -> Scope | None:
    """Qualify `query` in place against the schema of the tables it reads; return its root scope."""
    try:
        qualified = qualify(
            query,
            dialect=dialect,
            schema=mapping,
            validate_qualify_columns=False,  # unresolved columns are diagnosed, not fatal
            quote_identifiers=False,  # nothing is generated back to SQL
            identify=False,
        )
        return build_scope(qualified)
    except SqlglotError as error:
        diagnostics.add(
            "unresolved-column",
            f"columns could not be resolved ({str(error).splitlines()[0][:200]});"
            " table-level lineage kept",
            query,
        )
        return None


def _mark_using(query: exp.Expr) -> None:
    """Remember which SELECTs join with USING/NATURAL: qualify rewrites their keys to COALESCE."""
    for select in query.find_all(exp.Select):
        sides = [
            str(j.side).upper()
            for j in select.args.get("joins") or []
            if j.args.get("using") or str(j.method).upper() == "NATURAL"
        ]
        if sides:
            select.meta[USING_SIDE] = (
                "FULL" if "FULL" in sides else "RIGHT" if "RIGHT" in sides else "LEFT"
            )


def _target_columns(write: Write, part: Part, schema: TaskSchema) -> list[str] | None:
    """The target column each output position feeds, or None to use the output names."""
    if part.columns is not None:
        return list(part.columns)
    if part.by_name or write.kind not in ("insert", "insert_overwrite") or write.target is None:
        return None
    known = schema.columns(write.target)
    if not known:
        return None
    return [c for c in known if c not in write.static_partitions]


def _branches(root: Scope) -> list[Scope]:
    """The SELECTs whose projections produce the root's rows (each arm of a UNION), in order."""
    out: list[Scope] = []
    stack = [root]
    while stack:
        scope = stack.pop()
        if isinstance(scope.expression, exp.SetOperation) and scope.set_operation_scopes:
            stack.extend(reversed(scope.set_operation_scopes))
        else:
            out.append(scope)
    return out


def _line_of(node: exp.Expr | None, default: int) -> int:
    """The first file line of a projection (qualify-made nodes carry none: keep `default`)."""
    if node is None:
        return default
    # meta_get, not meta: reading `meta` would allocate a dict on every node walked.
    lines = [line for n in node.walk() if (line := n.meta_get("line")) is not None]
    return min(lines) if lines else default


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


def _edges(target_id: str, target: _Target, index: int, task_path: str) -> list[LineageEdge]:
    # Built with model_construct: every field comes from values this module produced and
    # checked, and validating tens of thousands of edges per wide statement is measurable.
    refs: dict[tuple[str, str], ColumnRef] = {}
    edges = []
    for column in target.columns:
        ref = ColumnRef.model_construct(asset=target_id, column=column)
        for flow, line in sorted(target.flows[column].items(), key=lambda item: item[0]):
            source = refs.get((flow.asset, flow.column))
            if source is None:
                source = refs[(flow.asset, flow.column)] = ColumnRef.model_construct(
                    asset=flow.asset, column=flow.column
                )
            edges.append(
                LineageEdge.model_construct(
                    source=source,
                    target=ref,
                    type=flow.type,
                    subtype=flow.subtype,
                    functions=flow.functions,
                    masking=False,
                    task=task_path,
                    statement_index=index,
                    line=line,
                    resolution=flow.resolution,
                )
            )
    return edges
