"""Column lineage of one qualified query: every output column's flows, scope by scope.

`ScopeLineage` answers "which source columns reach output `name` of scope S, and how", for any
scope of the query (root, CTE, derived table, subquery, set operation, UNNEST/LATERAL). Answers
are memoised per (scope, column), so each scope column is worked out once however many outer
columns read it — one pass over the statement, all columns at once (SQLMesh's
`column_dependencies`, generalised). Clauses that filter or shape a scope's rows (JOIN ON, WHERE,
GROUP BY, HAVING, QUALIFY, ORDER BY) are that scope's "wide" flows: they reach every output of the
scope, and so every column derived from it further out.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from engine.lineage.aliases import alias_index
from engine.lineage.built_structs import built_field, field_access, inline_field
from engine.lineage.clauses import set_order_flows, wide_flows
from engine.lineage.diagnostics import Diagnostics
from engine.lineage.dml import one_side_name
from engine.lineage.flows import DIRECT, IDENTITY, REMOVES, Flow, aggregates_rows, compose, step
from engine.lineage.function_columns import ordinality_column
from engine.lineage.generators import GENERATOR, argument
from engine.lineage.hidden_columns import is_hidden
from engine.lineage.pivot import pivot_flows, pivot_for
from engine.lineage.recursive import is_recursive_cte
from engine.lineage.schema import TaskSchema, table_id
from engine.lineage.scopes import (
    Output,
    Source,
    drops_unmatched,
    encloses,
    in_order_keys,
    index_columns,
    inner_scope,
    is_star,
    keeps_rows,
    lookup,
    multi_alias_outputs,
    open_udtf,
    outer_scope,
    removes_rows,
    rename_outputs,
    stacked,
    udtf_columns,
    unselected,
    unselected_cte,
    untyped_elements,
)
from engine.lineage.stars import expand_star, star_flows, through_star
from engine.lineage.struct_stars import is_struct_star
from engine.lineage.tracker import Tracker
from engine.lineage.using import bare_key_sources, merged_columns, merged_sources
from engine.lineage.walk import ExpressionWalker
from engine.models import DiagnosticCode

# Subtypes of the flows that decide whether a query yields a row at all.
_ROW_DECIDING = frozenset({"FILTER", "JOIN"})
# No output name repeated: most scopes (`ScopeLineage._repeated`).
_NONE: frozenset[str] = frozenset()
# Keywords some dialects parse as bare columns (`SELECT sysdate, user`): no source, no warning.
# Snowflake streams' METADATA$ACTION, METADATA$ISUPDATE, METADATA$ROW_ID (and a table's
# METADATA$FILENAME in a stage query): pseudo-columns no catalog lists.
_CHANGE_METADATA = "metadata$"
# BigQuery's partition pseudo-columns of an ingestion-time partitioned table.
_PARTITION_COLUMNS = frozenset({"_partitiontime", "_partitiondate"})
_NILADIC = frozenset(
    "user current_user session_user system_user current_role current_schema current_catalog"
    " current_database current_date current_time current_timestamp localtime localtimestamp"
    " sysdate systimestamp sysdatetime getdate rownum".split()
)
# T-SQL table functions whose rows a query on another server makes: their arguments (a linked
# server's name, a connection string, the query's text) are no column of this query.
_REMOTE = frozenset({"openquery", "openrowset", "opendatasource"})


class ScopeLineage(ExpressionWalker):
    """Flows of every output column of every scope of one qualified query."""

    def __init__(
        self,
        schema: TaskSchema,
        diagnostics: Diagnostics,
        root: Scope,
        written: tuple[str, frozenset[str]] | None = None,
    ) -> None:
        self.schema = schema
        # The table the statement writes and the columns its column list says it has
        # (`INSERT INTO t (a, b)`): columns of t even when nothing lists t's columns.
        self.written = written
        self.tracker = Tracker(diagnostics)
        # A recursive CTE's self-reference is a stand-in scope sqlglot never traverses, over the
        # anchor's query: map it to the whole UNION, whose columns every step adds to (the
        # tracker works a cycle through them out to a fixed point).
        self._scopes = {id(s.expression): s for s in root.traverse()}
        for s in list(self._scopes.values()):
            if is_recursive_cte(s.expression):
                self._scopes[id(s.expression.this)] = s
        # Table-valued functions in FROM (`json_each(t.j) AS kv`) -> the scope reading them.
        self._functions = {
            id(src): s
            for s in root.traverse()
            for src in s.sources.values()
            if isinstance(src, exp.Table) and not isinstance(src.this, exp.Identifier)
        }
        self._outputs: dict[int, list[Output]] = {}
        self._names: dict[int, dict[str, int]] = {}
        self._repeated: dict[int, frozenset[str]] = {}  # names two outputs of a scope share
        # Per source: asked once per column reference, and the schema does not change while
        # one query is analysed (tables and temps are added after its parts are done).
        self._columns: dict[int, tuple[list[str], bool, frozenset[str], list[Output] | None]] = {}
        self._tids: dict[int, str | None] = {}
        # The line of the clause (WHERE, JOIN ON, ...) each wide flow comes from: its edges'
        # line, not the line of the projection it reaches. A flow composed out of a CTE or a
        # derived table stays equal, so it keeps its clause's line.
        self.clause_lines: dict[Flow, int] = {}

    def warm(self, root: Scope) -> None:
        """Work out every scope's outputs bottom-up, so that lookups from outer scopes hit
        the memo: recursion then stays shallow however long a CTE or UNION chain is."""
        for scope in root.traverse():
            self.wide(scope)
            for index in range(len(self.outputs(scope))):
                self.own(scope, index)

    def finish(self, branches: list[Scope]) -> None:
        """Emit the diagnostics of what the outputs of `branches` (the targets) depend on."""
        roots: list[tuple[str, int, int]] = []
        for branch in branches:
            roots.append(("wide", id(branch), 0))
            roots.extend(("own", id(branch), i) for i in range(len(self.outputs(branch))))
        self.tracker.flush(roots)

    def diagnose(
        self,
        code: DiagnosticCode,
        message: str,
        node: exp.Expr,
        asset: str | None = None,
        column: str | None = None,
    ) -> None:
        """Report a problem, if the output being worked out turns out to feed a target."""
        self.tracker.diagnose(code=code, message=message, node=node, asset=asset, column=column)

    # ---- outputs -------------------------------------------------------------------------
    def outputs(self, scope: Scope) -> list[Output]:
        """Return the output columns of `scope`, in order, stars expanded where known."""
        key = id(scope)
        found = self._outputs.get(key)
        if found is None:
            found = self._outputs[key] = self._compute_outputs(scope)
            names: dict[str, int] = {}
            repeated: set[str] = set()
            for i, out in enumerate(found):
                if not out.star and names.setdefault(out.name, i) != i:
                    repeated.add(out.name)
            self._names[key] = names
            self._repeated[key] = frozenset(repeated) if repeated else _NONE
        return found

    def index_of(self, scope: Scope, name: str) -> int | None:
        """Return the position of output `name` of `scope` (the first, if repeated)."""
        self.outputs(scope)
        return self._names[id(scope)].get(name)

    def repeats(self, scope: Scope, name: str) -> bool:
        """True if two outputs of `scope` are named `name`."""
        self.outputs(scope)
        return name in self._repeated[id(scope)]

    def _compute_outputs(self, scope: Scope) -> list[Output]:
        node = scope.expression
        if isinstance(node, exp.SetOperation):
            if not scope.set_operation_scopes:
                return []
            if isinstance(node, exp.Union) and node.args.get("by_name"):
                return self._by_name_outputs(scope)
            return self.outputs(scope.set_operation_scopes[0])
        if isinstance(node, exp.Select):
            outs: list[Output] = []
            for proj in node.selects:
                if is_star(proj):
                    outs.extend(expand_star(self, scope, proj))
                elif isinstance(proj, exp.Aliases):
                    outs.extend(multi_alias_outputs(proj))
                elif (inner := proj.unalias()).meta_get(GENERATOR) or is_struct_star(inner):
                    outs.append(Output("*", proj, star=True))  # columns no type names
                else:
                    outs.append(Output(proj.alias_or_name.lower(), proj))
            return rename_outputs(outs, scope.outer_columns)
        inner = inner_scope(scope)
        if inner is not None:
            return rename_outputs(list(self.outputs(inner)), scope.outer_columns)
        return [Output(name) for name in udtf_columns(scope)]

    def _by_name_outputs(self, scope: Scope) -> list[Output]:
        """The columns of a UNION BY NAME: every branch's names, the first branch's first, then
        each new name in branch order (DuckDB, BigQuery FULL: a branch without one gives NULL);
        BigQuery LEFT (and `ON (...)`) keeps the first branch's, INNER the names all share."""
        node = scope.expression
        branches = [self.outputs(branch) for branch in scope.set_operation_scopes]
        first = branches[0]
        if node.args.get("side") == "left" or node.args.get("on"):
            return first
        if node.args.get("kind") == "inner":
            shared = set.intersection(*({o.name for o in outs} for outs in branches))
            return [o for o in first if o.star or o.name in shared]
        seen = {o.name for o in first if not o.star}
        outs = list(first)
        for later in branches[1:]:
            for out in later:
                if not out.star and out.name not in seen:
                    seen.add(out.name)
                    outs.append(out)
        return outs

    def source_columns(self, src: Source) -> tuple[list[str], bool]:
        """Return a source's known column names and whether it may hold unknown ones."""
        names, is_open, _known = self._source_columns(src)
        return names, is_open

    def has_column(self, src: Source, name: str) -> bool:
        """True if `name` is a known column of the source."""
        return name in self._source_columns(src)[2]

    def _source_columns(self, src: Source) -> tuple[list[str], bool, frozenset[str]]:
        # A scope's entry holds while its outputs are the list it was made from (a recursive
        # query can replace a scope's memoised outputs).
        outs = self.outputs(src) if isinstance(src, Scope) else None
        found = self._columns.get(id(src))
        if found is None or found[3] is not outs:
            names, is_open = self._compute_source_columns(src)
            found = self._columns[id(src)] = (names, is_open, frozenset(names), outs)
        return found[0], found[1], found[2]

    def table_id(self, table: exp.Table) -> str | None:
        """`schema.table_id`, memoised per node (asked once per column reference)."""
        key = id(table)
        try:
            return self._tids[key]
        except KeyError:
            tid = self._tids[key] = table_id(table)
            return tid

    def _compute_source_columns(self, src: Source) -> tuple[list[str], bool]:
        if isinstance(src, Scope):
            outs = self.outputs(src)
            is_open = any(o.star for o in outs) or (not outs and open_udtf(src))
            return [o.name for o in outs if not o.star], is_open
        tid = self.table_id(src)
        if tid is None:  # a table function: its columns are named only by an alias list
            alias = src.args.get("alias")
            names = [c.name.lower() for c in alias.columns] if alias is not None else []
            return names, not names
        cols = self.schema.columns(tid)
        if self.schema.is_temp(tid):
            temp = self.schema.temps[tid]
            return cols or [], "*" in temp.columns or not temp.columns
        return (cols, self.schema.only_guessed(tid)) if cols else ([], True)

    # ---- flows of outputs ----------------------------------------------------------------
    def column(self, scope: Scope, name: str) -> set[Flow]:
        """Return the flows of output `name` of `scope`, its wide flows included."""
        index = self.index_of(scope, name)
        if index is not None:
            return self.position(scope, index)
        if (not self.outputs(scope) and open_udtf(scope)) or untyped_elements(scope):
            return self._udtf_flows(scope, name)
        return through_star(self, scope, name) | self.wide(scope)

    def position(self, scope: Scope, index: int) -> set[Flow]:
        """Return the flows of the `index`-th output of `scope`, its wide flows included."""
        return self.own(scope, index) | self.wide(scope)

    def all_flows(self, scope: Scope) -> set[Flow]:
        """Return the flows of every output of `scope` together (for EXISTS, IN, scalar)."""
        out = set(self.wide(scope))
        for i in range(len(self.outputs(scope))):
            out |= self.own(scope, i)
        return out

    def own(self, scope: Scope, index: int) -> set[Flow]:
        """Return the flows of one output from its own expression (memoised, cycle-safe)."""
        return self.tracker.get(("own", id(scope), index), self._compute_own, scope, index)

    def _compute_own(self, scope: Scope, index: int) -> set[Flow]:
        node = scope.expression
        if isinstance(node, exp.SetOperation):
            out: set[Flow] = set()
            # UNION [ALL] BY NAME (BigQuery, DuckDB) pairs the branches' columns by name
            name = self.outputs(scope)[index].name if node.args.get("by_name") else None
            for i, branch in enumerate(scope.set_operation_scopes):
                if removes_rows(scope, i):
                    # EXCEPT compares whole rows: each column of the right side decides
                    # whether a row of every output column stays
                    out |= compose(self.all_flows(branch), REMOVES)
                    continue
                at = index if name is None else self.index_of(branch, name)
                if at is not None and at < len(self.outputs(branch)):
                    out |= self.position(branch, at)
            return out
        outs = self.outputs(scope)
        if index >= len(outs):
            return set()
        if not isinstance(node, exp.Select):
            inner = inner_scope(scope)  # LATERAL (SELECT ...): the query's own output
            if inner is not None:
                return self.position(inner, index)
            return self._udtf_flows(scope, outs[index].name)
        entry = outs[index]
        if isinstance(entry.node, exp.Pivot):  # of a dynamic pivot: kept, or the pivoted `*`
            return pivot_flows(self, scope, entry.node, entry.name)
        if entry.star and entry.node is not None:  # a generator's columns nobody typed
            return self.unknown_columns(entry.node, scope)
        if isinstance(entry.node, exp.Stack) and entry.part is not None:
            return self._stacked_flows(entry.node, *entry.part, scope)
        if entry.node is not None:
            return self.flows_of(entry.node, scope)
        if entry.source is None:
            return set()
        _alias, src = entry.source
        return star_flows(self, src) if entry.star else self.resolve_in(src, entry.name)

    def unknown_columns(self, node: exp.Expr, scope: Scope) -> set[Flow]:
        """The columns of a generator or table function that no name or type tells (`inline(u)`
        of an untyped `u`): an unresolved `*` made from its arguments."""
        func = node.unalias()
        arg = argument(func) if isinstance(func, exp.Func) else None
        what = f"`{arg.sql()}`" if isinstance(arg, exp.Expr) else "its argument"
        flows = self.flows_of(node, scope)
        made_of = {(f.asset, f.column) for f in flows}
        asset, column = made_of.pop() if len(made_of) == 1 else (None, "*")
        message = (
            f"the fields of `{func.sql()}` are unknown (no struct type in the catalog)"
            if is_struct_star(func)
            else f"a generator makes columns from {what} that no name or catalog type tells"
        )
        self.diagnose(
            "unresolved-star",
            f"{message}: kept as `*`",
            node,
            asset=asset,
            column=column,
        )
        return {f._replace(resolution="unresolved") for f in flows}

    def resolve_in(self, src: Source, name: str) -> set[Flow]:
        """Return the flows of column `name` of a source (a table or a child scope)."""
        if isinstance(src, Scope):
            return self.column(self.scope_of(src), name)
        tid = self.table_id(src)
        if tid is None:  # every column of a table function is made from its arguments
            owner = self._functions.get(id(src))
            if owner is None or src.this.name.lower() in _REMOTE or name == ordinality_column(src):
                return set()
            return self.flows_of(src.this, owner)
        if self.schema.is_temp(tid):
            temp = self.schema.temps[tid]
            found = temp.flows.get(name)
            return set(found) if found is not None else set(temp.flows.get("*", set()))
        return {Flow(tid, name, DIRECT, "IDENTITY")}

    def _udtf_flows(self, scope: Scope, name: str) -> set[Flow]:
        """Flows of a column of UNNEST / LATERAL VIEW explode / FLATTEN: its array argument."""
        node = scope.expression
        cols = udtf_columns(scope)
        if name in index_columns(node, cols) or name == ordinality_column(node):
            # a position (posexplode pos, WITH OFFSET / ORDINALITY, FLATTEN index) carries no value
            return set()
        if isinstance(node, exp.Values):
            return self._values_flows(node, cols.index(name), scope) if name in cols else set()
        func = node.this if isinstance(node, (exp.Lateral, exp.TableFromRows)) else node
        if isinstance(func, exp.Stack) and name in cols:
            return self._stacked_flows(func, cols.index(name), len(cols), scope)
        if isinstance(func, exp.Unnest) and len(func.expressions) > 1 and name in cols:
            position = cols.index(name)
            if position < len(func.expressions):
                return self.flows_of(func.expressions[position], scope, step(IDENTITY, func))
        return self.flows_of(func, scope) if func is not None else set()

    def _values_flows(self, values: exp.Values, index: int, scope: Scope) -> set[Flow]:
        """Column `index` of `FROM (VALUES (1, (SELECT max(a) FROM s))) v(x, y)`: the row
        values at that position."""
        out: set[Flow] = set()
        for row in values.expressions:
            items = row.expressions if isinstance(row, exp.Tuple) else [row]
            if index < len(items):
                out |= self.flows_of(items[index], scope)
        return out

    def _stacked_flows(self, func: exp.Stack, index: int, width: int, scope: Scope) -> set[Flow]:
        """Column `index` of `stack(n, ...)`: the arguments that fill it, copied unchanged."""
        return set().union(*(self.flows_of(a, scope) for a in stacked(func, index, width)))

    # ---- wide flows ----------------------------------------------------------------------
    def wide(self, scope: Scope) -> set[Flow]:
        """Return the flows of the clauses that shape the rows of `scope` (JOIN, WHERE, ...)."""
        return self.tracker.get(("wide", id(scope), 0), self._compute_wide, scope)

    def _compute_wide(self, scope: Scope) -> set[Flow]:
        if isinstance(scope.expression, exp.SetOperation):
            return set_order_flows(self, scope, self.clause_lines)
        out = wide_flows(self, scope, self.clause_lines)
        for alias, (_node, src) in scope.selected_sources.items():
            if not isinstance(src, Scope):
                continue
            if drops_unmatched(src):
                inner = inner_scope(src)
                out |= self._row_deciding(inner) if inner is not None else set()
            elif (src.is_derived_table or src.is_cte) and keeps_rows(scope, alias):
                # `SELECT id, NULL FROM (SELECT id FROM s WHERE v > 0) x`: x's rows are the
                # rows, so what decides them reaches a constant too (as `WHERE v > 0` would)
                out |= self._row_deciding(self.scope_of(src))
        return out

    def _row_deciding(self, scope: Scope) -> set[Flow]:
        """The flows that decide whether a query (a derived table, a CTE, an inner LATERAL /
        CROSS APPLY subquery) yields a row at all (its WHERE, JOIN, HAVING, QUALIFY, an
        EXCEPT's right side): a query reading it has no row for one it drops, so they reach
        every output of that query. An aggregate without GROUP BY always yields one row:
        nothing."""
        node = scope.expression
        if isinstance(node, exp.SetOperation):
            out: set[Flow] = set()
            for i, branch in enumerate(scope.set_operation_scopes):
                if removes_rows(scope, i):
                    out |= compose(self.all_flows(branch), REMOVES)
                out |= self._row_deciding(branch)
            return out
        if not isinstance(node, exp.Select) or (
            node.args.get("group") is None and any(map(aggregates_rows, node.selects))
        ):
            return set()
        return {f for f in self.wide(scope) if f.subtype in _ROW_DECIDING}

    # ---- references ----------------------------------------------------------------------
    def column_flows(self, column: exp.Column, scope: Scope) -> set[Flow]:
        """Return the flows of a column reference found in an expression of `scope`."""
        name = column.name.lower()
        if isinstance(column, exp.Pseudocolumn):
            return self._pseudo_flows(column, name, scope)
        if name.startswith(_CHANGE_METADATA) or is_hidden(column) and not any(
            self.has_column(s, name) for s in scope.sources.values()
        ):  # what a Snowflake stream says of a change, a Trino row's file (unless declared)
            return set()
        if column.table and isinstance(column.this, exp.Parameter):
            # Snowflake `t.$2` qualify could not place (t's columns unknown): some column of t
            src = lookup(scope, column.table)
            return star_flows(self, src) if src is not None else set()
        merged = bare_key_sources(scope, column)
        if merged is not None:  # a USING key in HAVING / QUALIFY, qualified by qualify or not
            return set().union(*(self.named(src, name, column) for src in merged))
        if column.table:
            pivot = pivot_for(scope, column.table)
            if pivot is not None:
                return pivot_flows(self, scope, pivot, name, column)
            src = lookup(scope, column.table)
            if src is not None and encloses(src, column, scope):
                return self._unresolved(column, f"no source `{column.table}` for {column.sql()}")
            if src is not None:
                _names, is_open, known = self._source_columns(src)
                if name not in known and name in self.schema.variables and one_side_name(
                    column
                ):  # `VALUES (v)` in WHEN NOT MATCHED: a script's variable, as it is bare
                    return set()
                if name not in known and not is_open and not (
                    isinstance(src, Scope) and untyped_elements(src)
                ):  # never a guess by name
                    return self._unresolved(column, f"`{column.table}` has no column `{name}`")
                return self.named(src, name, column)
            struct_owner = lookup(scope, column.args["db"].name) if column.args.get("db") else None
            if struct_owner is not None:  # `t.s.f` left as db.table.column: field f of t.s
                return self.resolve_in(struct_owner, column.table.lower())
            if column.table.lower() in self.schema.variables:
                return set()  # a field of a script's record (`FOR r IN ...`): a value
            if unselected_cte(scope, column.table):
                return self._unresolved(column, f"{column.sql()}: `{column.table}` is a CTE"
                                        " this query does not select from (add it to FROM)")
            return self._unresolved(column, f"no source `{column.table}` for {column.sql()}")
        if in_order_keys(column, scope):
            index = self.index_of(scope, name)
            if index is not None:
                return self.own(scope, index)
        return self._unqualified(column, name, scope)

    def field_flows(self, node: exp.Expr, scope: Scope) -> set[Flow] | None:
        """Return the flows of a field read (`c.s.f`, `c.s['f']`, `c.s:f`) of a struct column
        built in a CTE or derived table (`built_structs.py`), or None: the whole column."""
        values = inline_field(node)
        if values is not None:  # a field of a struct the expression builds: its value
            path = step(IDENTITY, node.this)
            return set().union(*(self.flows_of(value, scope, path) for value in values))
        access = field_access(node)
        if access is None:
            return None
        column, key, exact = access
        src = lookup(scope, column.table)
        if src is None or encloses(src, column, scope):
            return None
        return built_field(self, src, column.name.lower(), key, exact)

    def scope_of(self, src: Scope) -> Scope:
        """The scope a source scope stands for (a recursive CTE's self-reference: the UNION)."""
        return self._scopes.get(id(src.expression), src)

    def _pseudo_flows(self, column: exp.Pseudocolumn, name: str, scope: Scope) -> set[Flow]:
        """A pseudo-column: BigQuery's `_PARTITIONTIME` / `_PARTITIONDATE` is a column of the
        table it is read from (its qualifier's, else the scope's one table), as a write to it
        is; the others (Oracle `ROWNUM`, BigQuery `_TABLE_SUFFIX`) are generated, no column."""
        if name not in _PARTITION_COLUMNS:
            return set()
        if column.table:
            src = lookup(scope, column.table)
            if src is None:
                return self._unresolved(column, f"no source `{column.table}` for {column.sql()}")
            return self.named(src, name, column)
        tables = [s for s in scope.sources.values() if isinstance(s, exp.Table)]
        if len(tables) == 1:
            return self.resolve_in(tables[0], name)
        return self._unresolved(column, f"`{name}` of which table? qualify it with one")

    def _unqualified(self, column: exp.Column, name: str, scope: Scope) -> set[Flow]:
        index = alias_index(column, scope.expression)  # None unless qualify left aliases
        if index is not None and not any(
            self.has_column(s, name) for s in scope.sources.values()
        ):  # an output alias (a known source column of that name would win)
            return self.own(scope, index)
        current: Scope | None = scope
        while current is not None:
            hits, unknown = self._hits(current, name, column, scope)
            if not hits and name in self.schema.variables:
                return set()  # a script variable: a constant, not a column of an open source
            if len(hits) > 1:  # a USING key of a query around (`bare_key_sources`: its own)
                merged = merged_sources(current, name, hits)
                if merged is not None:
                    return set().union(*(self.named(src, name, column) for src in merged))
            candidates = hits or unknown
            if not hits and unknown and not self._written_has(unknown, name):
                # a query around it that has the name: the database reads the inner source's
                # column if it has one, else that one; which, only the database knows
                candidates = [*unknown, *self._outer_hits(current, name, column, scope)]
            if len(candidates) == 1:
                return self.named(candidates[0], name, column)
            if candidates:
                return self.ambiguous(scope, name, candidates, column)
            current = outer_scope(current)
        if name in _NILADIC:
            return set()
        return self._unresolved(column, f"column `{name}` matches no source")

    def _written_has(self, sources: list[Source], name: str) -> bool:
        """True if `sources` is one table of unknown columns that a column list names `name`
        in: the statement's own target's (the incremental load's `WHERE id > (SELECT MAX(id)
        FROM target)`), or any of the file's INSERT or MERGE lists (dbt's temp view holding
        that filter, then its MERGE into the target: `TaskSchema.listed`)."""
        if len(sources) != 1 or not isinstance(sources[0], exp.Table):
            return False
        tid = self.table_id(sources[0])
        if self.written is not None and self.written[0] == tid and name in self.written[1]:
            return True
        # the lists are keyed as written (before a USE completed the names): `tgt` of `db.tgt`
        parts = tid.split(".") if tid is not None else []
        listed = self.schema.listed
        return any(name in listed.get(".".join(parts[k:]), ()) for k in range(len(parts)))

    def _outer_hits(
        self, inner: Scope, name: str, column: exp.Column, scope: Scope
    ) -> list[Source]:
        """The sources known to have `name` in the nearest query around `inner` (a correlated
        subquery's) where any does; never `inner` itself or a query holding it (a LATERAL
        subquery is a source of the UDTF scope around it)."""
        holding = set()
        around: Scope | None = inner
        while around is not None:
            holding.add(id(around.expression))
            around = around.parent
        current = outer_scope(inner)
        while current is not None:
            hits = [
                src for src in self._hits(current, name, column, scope)[0]
                if not (isinstance(src, Scope) and id(src.expression) in holding)
            ]
            if hits:
                return hits
            current = outer_scope(current)
        return []

    def _hits(
        self, current: Scope, name: str, column: exp.Column, scope: Scope
    ) -> tuple[list[Source], list[Source]]:
        """The sources of `current` (read from `scope`) known to have `name`, and those of
        unknown columns that may have it; a CTE counts where `current` selects from it."""
        hits, unknown = [], []
        for alias, src in current.sources.items():
            if encloses(src, column, scope) or unselected(current, alias, src):
                continue
            _names, is_open, known = self._source_columns(src)
            if name in known:
                hits.append(src)
            elif is_open:
                unknown.append(src)
        return hits, unknown

    def row_flows(self, row: exp.TableColumn, scope: Scope) -> set[Flow]:
        """Return the flows of every column of the source a whole-row reference names."""
        src = lookup(scope, row.name)
        if src is None:
            return set()
        names, is_open = self.source_columns(src)
        out = set().union(*(self.resolve_in(src, name) for name in names))
        return out | star_flows(self, src) if is_open else out

    def star_argument_flows(self, star: exp.Expr, scope: Scope) -> set[Flow]:
        """Return the flows of every column `*` / `t.*` stands for, as a function argument."""
        out: set[Flow] = set()
        for o in expand_star(self, scope, star):
            if o.source is not None:
                src = o.source[1]
                out |= star_flows(self, src) if o.star else self.resolve_in(src, o.name)
        return out

    def named(self, src: Source, name: str, column: exp.Column) -> set[Flow]:
        """Return the flows of a reference by name to column `name` of `src`. A name two
        outputs of a derived table or CTE share (`SELECT count(a), count(b)` in Postgres) is
        ambiguous, as every database says: each such output's flows, marked so."""
        if not isinstance(src, Scope):
            return self.resolve_in(src, name)
        scope = self.scope_of(src)
        repeated = self._repeated.get(id(scope))
        if repeated is None:  # made with the scope's outputs
            self.outputs(scope)
            repeated = self._repeated[id(scope)]
        if name not in repeated:
            return self.column(scope, name)
        out = set(self.wide(scope))  # the same rows whichever column is meant
        for i, o in enumerate(self.outputs(scope)):
            if o.name == name and not o.star:
                out |= {f._replace(resolution="ambiguous") for f in self.own(scope, i)}
        self.diagnose(
            "ambiguous-column",
            f"column `{name}` names several columns of its source: rename one",
            column,
            column=name,
        )
        return out

    def ambiguous(
        self, scope: Scope, name: str, candidates: list[Source], node: exp.Expr | None = None
    ) -> set[Flow]:
        """Return an edge from each candidate owner of `name`, marked ambiguous, and say so."""
        out: set[Flow] = set()
        for src in candidates:
            out |= {f._replace(resolution="ambiguous") for f in self.resolve_in(src, name)}
        owners = sorted({f.asset for f in out})
        self.diagnose(
            "ambiguous-column",
            f"column `{name}` could come from {', '.join(owners) or 'several sources'}:"
            " qualify it with its table",
            node or scope.expression,
            column=name,
        )
        return out

    def _unresolved(self, column: exp.Column, message: str) -> set[Flow]:
        self.diagnose(
            "unresolved-column",
            message + "; table-level lineage kept",
            column,
            column=column.name.lower(),
        )
        return set()

    def subquery_flows(self, query: exp.Expr, scope: Scope) -> set[Flow]:
        """Return the flows of a subquery in an expression (scalar, IN, EXISTS)."""
        # sqlglot scopes a query in a VALUES row under the query the VALUES is a source of
        owners = [scope, scope.parent] if isinstance(scope.expression, exp.Values) else [scope]
        for owner in owners:
            if owner is None:
                continue
            for child in (*owner.subquery_scopes, *owner.udtf_scopes, *owner.table_scopes):
                if child.expression is query:
                    return self.all_flows(child)
        return set()

    def merged_key(self, node: exp.Coalesce, scope: Scope) -> list[exp.Expr] | None:
        """Return the columns a USING/NATURAL merged key stands for, or None for a real COALESCE."""
        return merged_columns(node, scope)
