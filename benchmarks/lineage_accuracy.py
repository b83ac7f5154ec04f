"""Score column-level lineage tools against the hand-written corpus in `tests/lineage/cases`.

Tools (``--tools``, default all):

- ``engine``: this project's ``engine.lineage.extract_task``.
- ``sqlglot``: ``sqlglot.lineage.lineage()`` per output column, with a small helper that
  unwraps DML (INSERT, CTAS, CREATE VIEW, SELECT INTO, UPDATE, MERGE, multi-table INSERT) into
  a SELECT plus a target, and leaves whose ``source`` is a Table as the sources. Statements
  are cut on ``;`` tokens and parsed one by one, with a time limit each.
- ``sqllineage``: ``LineageRunner(...).get_column_lineage()`` with the case schema given
  through ``DummyMetaDataProvider``; each path is cut into table-column hops.

Scoring (micro-averaged over edges, ignoring the edge subtype):

- Every tool's output is reduced to DIRECT ``(source column, target column)`` pairs per case,
  as lowercase ``asset.column`` ids, and compared with the case's expected DIRECT pairs.
- Precision is computed on ``-- expect:`` (exact) cases only, because an
  ``-- expect-includes:`` case lists only some of the edges and an extra edge there is not
  an error. Recall is computed on all cases. F1 combines the two.
- Expected edges are taken as written, including ``(ambiguous)`` edges (one per candidate
  table) and ``(unresolved)`` star placeholders (``raw.t.* -> mart.x.*``).
- A crash is a case where the tool raised (a parse error included) or hit the time limit,
  one count per case; the case still scores whatever the tool produced before the failure.
- Temporary tables are never scored targets: for both peers, the pairs they produce are
  composed through the script's temp tables (``CREATE TEMP/TEMPORARY``, ``#name``, ``SELECT
  INTO TEMP``) the way the engine does it internally, so ``raw -> tmp -> mart`` scores as
  ``raw -> mart``. Persistent tables created earlier in a script are ordinary sources.
- statements/s = statements in the corpus / summed wall time of the tool over all cases
  (each case's fastest of ``--repeat`` runs), after one untimed warm-up call per dialect.
- The script re-executes itself under PYTHONHASHSEED=0: sqllineage's output for some
  statements depends on set iteration order.

For our engine only, the report also gives DIRECT subtype accuracy (of the expected DIRECT
edges whose pair was found, the share with the right subtype) and INDIRECT P/R/F1, plus a
per-dialect and per-file breakdown and the cases where it misses or invents DIRECT pairs.

Run ``python benchmarks/lineage_accuracy.py [--tools engine,sqlglot,sqllineage]
[--json PATH] [--details] [--repeat N] [--cases DIR]``; peers come from
``benchmarks/requirements.txt`` (see ``benchmarks/README.md``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import logging
import os
import platform
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CASES_DIR = REPO / "tests" / "lineage" / "cases"
# The corpus parser lives with the tests; import it rather than re-implementing the format.
sys.path[:0] = [str(REPO), str(REPO / "tests" / "lineage")]
from alarm import Timeout as CaseTimeout  # noqa: E402  (beside this script)
from alarm import time_limit  # noqa: E402

import sqlglot
from lineage_casefile import Case, load_cases
from sqlglot import exp
from sqlglot.lineage import Node, lineage
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import build_scope

from engine.lineage import extract_task
from engine.models import Task

Pair = tuple[str, str]
Triple = tuple[str, str, str]
Assignment = tuple[exp.Expr, exp.Expr]  # (target column, value) of SET / INSERT VALUES

ALL_TOOLS = ("engine", "sqlglot", "sqllineage")
TIME_LIMIT_S = {"engine": 10.0, "sqlglot": 10.0, "sqllineage": 20.0}
# sqllineage speaks sqlfluff dialect names; corpus cases without a dialect are generic SQL.
SQLFLUFF_DIALECTS = {"spark": "sparksql", "spark2": "sparksql", "": "ansi"}
# Placeholder database for tables named without one (temp tables) so that sqlglot's
# MappingSchema keeps one nesting depth; it is stripped from every id again.
PAD = "__pad__"


# --------------------------------------------------------------------------- predictions


@dataclass
class Prediction:
    """What one tool said about one case. `kinds`/`indirect` are only filled by our engine."""

    direct: set[Pair] = field(default_factory=set)
    kinds: set[Triple] = field(default_factory=set)
    indirect: set[Pair] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def crashed(self) -> bool:
        return bool(self.errors)


def _error(error: BaseException) -> str:
    """`Type: message` on one line, without the ANSI underline sqlglot puts in parse errors."""
    text = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", str(error)).split())
    return f"{type(error).__name__}: {text[:200]}"


def run_engine(case: Case) -> Prediction:
    """Our engine, as the test suite calls it."""
    prediction = Prediction()
    task = Task(path=f"cases/{case.file}.sql", text=case.sql, sha256="0" * 64)
    try:
        with time_limit(TIME_LIMIT_S["engine"]):
            result = extract_task(task, case.dialect, case.schema)
    except (Exception, CaseTimeout) as error:  # noqa: BLE001 - any failure is a crash
        prediction.errors.append(_error(error))
        return prediction
    for edge in result.all_edges():
        pair = (str(edge.source), str(edge.target))
        if edge.type == "DIRECT":
            prediction.direct.add(pair)
            prediction.kinds.add((*pair, f"DIRECT.{edge.subtype}"))
        else:
            prediction.indirect.add(pair)
            prediction.kinds.add((*pair, f"INDIRECT.{edge.subtype}"))
    return prediction


# ------------------------------------------------------------- temp tables (both peers)


def split_statements(sql: str, dialect: str | None) -> list[str]:
    """The script's statements as text, cut on `;` tokens: a bad statement loses only itself."""
    try:
        tokens = sqlglot.Dialect.get_or_raise(dialect).tokenize(sql)
    except Exception:  # noqa: BLE001 - untokenizable: one statement
        return [sql] if sql.strip() else []
    chunks: list[str] = []
    group: list[Any] = []
    for token in [*tokens, None]:
        if token is not None and token.token_type != sqlglot.TokenType.SEMICOLON:
            group.append(token)
            continue
        if group:
            chunks.append(sql[group[0].start : group[-1].end + 1])
        group = []
    return chunks


def _parse_or_none(text: str, dialect: str | None) -> exp.Expr | None:
    try:
        return sqlglot.parse_one(text, read=dialect)
    except Exception:  # noqa: BLE001 - unparsable statements create no temp table
        return None


def temp_tables(sql: str, dialect: str | None) -> set[str]:
    """Lowercase names of the temp tables/views a script creates (sqlglot parses the script)."""
    names: set[str] = set()
    for text in split_statements(sql, dialect):
        statement = _parse_or_none(text, dialect)
        target = _temp_target(statement) if statement is not None else None
        if target is not None:
            names.add(table_id(target))
            if _is_hash_temp(target):
                names.add("#" + table_id(target))  # sqllineage keeps T-SQL's `#` in the name
    return names


def _is_hash_temp(table: exp.Table) -> bool:
    """T-SQL `#name`: sqlglot drops the `#` and flags the identifier as temporary."""
    return bool(isinstance(table.this, exp.Identifier) and table.this.args.get("temporary"))


def _temp_target(statement: exp.Expr) -> exp.Table | None:
    if isinstance(statement, exp.Create):
        table = statement.find(exp.Table)
        props = statement.args.get("properties")
        if props and props.find(exp.TemporaryProperty):
            return table
        return table if table is not None and _is_hash_temp(table) else None
    into = statement.args.get("into") if isinstance(statement, exp.Query) else None
    if into is not None and (into.args.get("temporary") or _is_hash_temp(into.this)):
        return into.this
    return None


def compose_through(pairs: set[Pair], temps: set[str]) -> set[Pair]:
    """Replace paths through temp-table columns by their end-to-end pairs, as the engine does."""
    if not temps:
        return pairs

    def is_temp(column: str) -> bool:
        return column.rpartition(".")[0] in temps

    successors: dict[str, set[str]] = {}
    for source, target in pairs:
        successors.setdefault(source, set()).add(target)
    composed: set[Pair] = set()
    for source, target in pairs:
        if is_temp(source):
            continue
        seen, stack = set(), [target]
        while stack:
            column = stack.pop()
            if column in seen:
                continue
            seen.add(column)
            if is_temp(column):
                stack.extend(successors.get(column, ()))
            else:
                composed.add((source, column))
    return composed


def table_id(table: exp.Table) -> str:
    """`catalog.db.name` of a sqlglot table, lowercase, without the padding placeholder."""
    parts = [p.name for p in table.parts if isinstance(p, exp.Identifier | exp.Var)]
    return ".".join(p.lower() for p in parts if p and p != PAD)


# ------------------------------------------------------------------ peer 1: sqlglot lineage()


@dataclass
class Write:
    """A DML statement unwrapped for `lineage()`: the target, its column list and a query."""

    target: str
    columns: list[str] | None
    query: exp.Query
    kind: str  # "create" (CTAS, view, SELECT INTO), "insert", or "update" (UPDATE, MERGE)

    @property
    def positional(self) -> bool:
        """INSERT without a column list maps outputs to the target's known columns by position."""
        return self.kind == "insert" and not self.columns


def run_sqlglot(case: Case) -> Prediction:
    """sqlglot `lineage()` per output column of each unwrapped statement, one alarm each."""
    prediction = Prediction()
    schema = {k.lower(): {c.lower(): t for c, t in cols.items()} for k, cols in case.schema.items()}
    pairs: set[Pair] = set()
    for text in split_statements(case.sql, case.dialect):
        try:
            with time_limit(TIME_LIMIT_S["sqlglot"]):
                statement = sqlglot.parse_one(text, read=case.dialect)
                _declare_columns(statement, schema)
                for write in unwrap_dml(statement, case.dialect):
                    pairs |= _write_pairs(write, schema, case.dialect, prediction.errors)
        except (Exception, CaseTimeout) as error:  # noqa: BLE001 - any failure is a crash
            prediction.errors.append(_error(error))
    prediction.direct = compose_through(pairs, temp_tables(case.sql, case.dialect))
    return prediction


def unwrap_dml(statement: exp.Expr, dialect: str | None) -> list[Write]:
    """The writes of one statement; statements without a query (VALUES, DDL, DELETE) give none."""
    if isinstance(statement, exp.Insert):
        return _insert_writes(statement)
    kind = (statement.args.get("kind") or "").upper() if isinstance(statement, exp.Create) else ""
    if kind in ("TABLE", "VIEW") and isinstance(statement.expression, exp.Query):
        target, columns = _target_of(statement.this)
        return [Write(target, columns, _unparen(statement.expression), kind="create")]
    if isinstance(statement, exp.Query) and statement.args.get("into") is not None:
        query = statement.copy()
        into = query.args["into"]
        query.set("into", None)
        return [Write(table_id(into.this), None, query, kind="create")]
    if isinstance(statement, exp.Update):
        return _update_writes(statement, dialect)
    if isinstance(statement, exp.Merge):
        return _merge_writes(statement, dialect)
    if isinstance(statement, exp.MultitableInserts):
        return _multitable_writes(statement, dialect)
    return []


def _target_of(node: exp.Expr) -> tuple[str, list[str] | None]:
    """A target `Table` or `Schema(Table, columns)`: its id and explicit column list."""
    columns = None
    if isinstance(node, exp.Schema):
        columns = [c.name.lower() for c in node.expressions if c.name] or None
        node = node.this
    table = node if isinstance(node, exp.Table) else node.find(exp.Table)
    if table is None:
        raise ValueError(f"no target table in {node.sql()}")
    return table_id(table), columns


def _unparen(query: exp.Query) -> exp.Query:
    """`CREATE TABLE t AS (SELECT ...)`: lineage() wants the SELECT, not the parentheses."""
    while isinstance(query, exp.Subquery) and isinstance(query.this, exp.Query):
        query = query.this
    return query


def _with_ctes(query: exp.Query, with_: exp.With | None) -> exp.Query:
    """`WITH c AS (...) INSERT/MERGE ...`: the statement's CTEs go in front of the query's own."""
    if with_ is None:
        return query
    query = query.copy()
    own = query.args.get("with_")
    ctes = [cte.copy() for cte in with_.expressions] + (own.expressions if own else [])
    query.set("with_", exp.With(expressions=ctes, recursive=with_.args.get("recursive")))
    return query


def _insert_writes(insert: exp.Insert) -> list[Write]:
    query = insert.expression
    if not isinstance(query, exp.Query):
        return []  # INSERT ... VALUES: no column lineage
    target, columns = _target_of(insert.this)
    query = _with_ctes(_unparen(query), insert.args.get("with_"))
    return [Write(target, columns, query, kind="insert")]


def _declare_columns(statement: exp.Expr, schema: dict[str, dict[str, str]]) -> None:
    """`CREATE TABLE t (a int, ...)` without a query: later statements can see its columns."""
    if isinstance(statement, exp.Create) and isinstance(statement.this, exp.Schema):
        defs = [c for c in statement.this.expressions if isinstance(c, exp.ColumnDef)]
        if defs and statement.expression is None:
            schema[table_id(statement.this.this)] = {c.name.lower(): "" for c in defs}


def _reparse(select: exp.Select, dialect: str | None) -> exp.Query:
    """Round-trip through SQL text so joins hanging off a Table land where scopes expect them."""
    query = sqlglot.parse_one(select.sql(dialect=dialect), read=dialect)
    assert isinstance(query, exp.Query)
    return query


def _projections(assignments: Iterable[Assignment]) -> list[exp.Expr]:
    """`SET c = e` / `INSERT (c) VALUES (e)` pairs as `e AS c`."""
    return [
        value.copy().as_(column.name)
        for column, value in _split_rows(assignments)
        if isinstance(column, exp.Column | exp.Identifier) and column.name
    ]


def _split_rows(assignments: Iterable[Assignment]) -> Iterator[Assignment]:
    """`SET (a, b) = (SELECT x, y ...)` as one scalar subquery per column."""
    for column, value in assignments:
        query = value.this if isinstance(value, exp.Subquery) else None
        if not (isinstance(column, exp.Tuple) and isinstance(query, exp.Select)):
            yield column, value
            continue
        for i, target in enumerate(column.expressions[: len(query.expressions)]):
            single = query.copy()
            single.set("expressions", [query.expressions[i].copy()])
            yield target, single.subquery()


def _update_writes(update: exp.Update, dialect: str | None) -> list[Write]:
    """`UPDATE t SET c = e [FROM ...] [WHERE ...]` as `SELECT e AS c FROM t [, ...]`."""
    pairs = [(eq.this, eq.expression) for eq in update.expressions if isinstance(eq, exp.EQ)]
    projections = _projections(pairs)
    if not projections:
        return []
    target, from_ = update.this, update.args.get("from_")
    aliased = {t.alias_or_name: t for t in from_.find_all(exp.Table)} if from_ else {}
    if from_ is not None and not target.db and target.name in aliased:
        # T-SQL `UPDATE u SET ... FROM mart.users u JOIN ...`: the target is a FROM alias.
        select = exp.select(*projections).from_(from_.this.copy())
        target = aliased[target.name]
    else:
        select = exp.select(*projections).from_(target.copy())
        if from_ is not None:
            select = select.join(from_.this.copy(), join_type="cross")
    if update.args.get("where") is not None:
        select = select.where(update.args["where"].this.copy())
    return [Write(table_id(target), None, _reparse(select, dialect), kind="update")]


def _merge_writes(merge: exp.Merge, dialect: str | None) -> list[Write]:
    """Each WHEN branch as `SELECT e AS c FROM target JOIN using ON cond`."""
    target, using = merge.this, merge.args["using"]
    writes = []
    for when in merge.args["whens"].expressions:
        then = when.args.get("then")
        if isinstance(then, exp.Update):
            pairs = [(eq.this, eq.expression) for eq in then.expressions if isinstance(eq, exp.EQ)]
            stars = any(isinstance(e, exp.Star) for e in then.expressions)
        elif isinstance(then, exp.Insert) and isinstance(then.this, exp.Tuple):
            pairs = list(zip(then.this.expressions, then.expression.expressions))
            stars = False
        else:
            pairs, stars = [], isinstance(then, exp.Insert) and isinstance(then.this, exp.Star)
        # `UPDATE SET *` / `INSERT *` (Databricks) copy every source column by name.
        source_star = exp.Column(this=exp.Star(), table=exp.to_identifier(using.alias_or_name))
        projections = [source_star] if stars else _projections(pairs)
        if not projections:
            continue
        select = exp.select(*projections).from_(using.copy())
        select = select.join(target.copy(), on=merge.args["on"].copy())
        query = _with_ctes(_reparse(select, dialect), merge.args.get("with_"))
        writes.append(Write(table_id(target), None, query, kind="update"))
    return writes


def _multitable_writes(statement: exp.MultitableInserts, dialect: str | None) -> list[Write]:
    """Hive `FROM s INSERT ... SELECT ...` and Snowflake `INSERT ALL/FIRST INTO t VALUES (...)`."""
    source = statement.args["source"]
    writes = []
    for branch in statement.expressions:
        insert = branch.this if isinstance(branch, exp.ConditionalInsert) else branch
        if not isinstance(insert, exp.Insert):
            continue
        target, columns = _target_of(insert.this)
        body = insert.expression
        if isinstance(source, exp.Table) and isinstance(body, exp.Select):
            query: exp.Query = _reparse(body.copy().from_(source.copy()), dialect)
        elif isinstance(body, exp.Values) and body.expressions:
            row = body.expressions[0].expressions
            select = exp.select(*(v.copy() for v in row)).from_(source.copy().subquery("_src"))
            query = _reparse(select, dialect)
        else:
            continue
        writes.append(Write(target, columns, query, kind="insert"))
    return writes


def _sqlglot_schema(flat: dict[str, dict[str, str]]) -> dict[str, Any]:
    """`{"raw.users": cols}` as sqlglot's nested mapping, padding short names to one depth."""
    depth = max((len(key.split(".")) for key in flat), default=0)
    nested: dict[str, Any] = {}
    for key, columns in flat.items():
        parts = key.split(".")
        parts = [PAD] * (depth - len(parts)) + parts
        node = nested
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        # BigQuery's qualify annotates types, and an empty type string does not parse.
        node[parts[-1]] = {column: type_ or "unknown" for column, type_ in columns.items()}
    return nested


def _write_pairs(
    write: Write, schema: dict[str, dict[str, str]], dialect: str | None, errors: list[str]
) -> set[Pair]:
    """Call `lineage()` for each output column of the write and map it to its target column."""
    nested = _sqlglot_schema(schema)
    # Qualify once and share the scope: exactly what lineage() does internally per call.
    query = qualify(
        write.query.copy(),
        dialect=dialect,
        schema=nested,
        validate_qualify_columns=False,
        identify=False,
    )
    scope = build_scope(query)
    names = [select.alias_or_name for select in query.selects]
    targets = _target_columns(write, names, schema)
    pairs: set[Pair] = set()
    for name, target in zip(names, targets):
        try:
            # Quoted, so that lineage() does not re-normalise an already normalised name.
            column = exp.column(exp.to_identifier(name, quoted=True))
            node = lineage(column, query, schema=nested, dialect=dialect, scope=scope)
        except Exception as error:  # noqa: BLE001 - any failure is a crash
            errors.append(_error(error))
            continue
        pairs |= {(source, f"{write.target}.{target}") for source in _leaves(node)}
    # Later statements of the script see what this one created (temp tables, `SELECT *`).
    if write.kind == "create":
        schema[write.target] = {column: "" for column in targets}
    elif write.kind == "insert":
        schema.setdefault(write.target, {column: "" for column in targets})
    return pairs


def _target_columns(write: Write, names: list[str], schema: dict[str, dict[str, str]]) -> list[str]:
    """Explicit column list, else the known target columns by position (INSERT), else names."""
    if write.columns:
        return write.columns
    known = list(schema.get(write.target, {}))
    if write.positional and len(known) >= len(names):
        return known[: len(names)]  # fewer values fill the leading columns (Hive partitions)
    return [name.lower() for name in names]


def _leaves(root: Node) -> set[str]:
    """`table.column` of the lineage leaves that read a table (`*` for an unexpanded star)."""
    found = set()
    for node in root.walk():
        if node.downstream or not isinstance(node.source, exp.Table):
            continue
        if node.name.endswith("*"):
            column = "*"
        else:
            column = exp.to_column(node.name).name  # Node.name is generic-dialect SQL
        found.add(f"{table_id(node.source)}.{column.lower()}")
    return found


# ----------------------------------------------------------------------- peer 2: sqllineage


def run_sqllineage(case: Case) -> Prediction:
    """sqllineage's column lineage, one hop per consecutive pair of table columns on each path."""
    from sqllineage.core.metadata.dummy import DummyMetaDataProvider
    from sqllineage.runner import LineageRunner

    prediction = Prediction()
    metadata = {key.lower(): [c.lower() for c in cols] for key, cols in case.schema.items()}
    dialect = SQLFLUFF_DIALECTS.get(case.dialect or "", case.dialect or "ansi")
    hops: set[Pair] = set()
    try:
        with time_limit(TIME_LIMIT_S["sqllineage"]), warnings.catch_warnings():
            # It warns about statements not split by `;` (a lone statement): noise here.
            warnings.simplefilter("ignore")
            runner = LineageRunner(
                case.sql, dialect=dialect, metadata_provider=DummyMetaDataProvider(metadata)
            )
            # Subquery columns dropped from the paths: what is left is table column hops,
            # one per statement, so persistent intermediate tables keep their own edges.
            for path in runner.get_column_lineage(exclude_subquery_columns=True):
                for source, target in itertools.pairwise(path):
                    targets = _sqllineage_ids(target)
                    hops |= {(s, t) for s in _sqllineage_ids(source) for t in targets}
    except (Exception, CaseTimeout) as error:  # noqa: BLE001 - any failure is a crash
        prediction.errors.append(_error(error))
    prediction.direct = compose_through(hops, temp_tables(case.sql, case.dialect))
    return prediction


def _sqllineage_ids(column: Any) -> list[str]:
    """Lowercase `schema.table.column` ids; an ambiguous column gives one per candidate table."""
    from sqllineage.core.models import Table

    parents = [p for p in column.parent_candidates if isinstance(p, Table)]
    ids = []
    for parent in parents:
        table = str(parent).lower().removeprefix("<default>.")
        ids.append(f"{table}.{column.raw_name.lower()}")
    return ids


RUNNERS: dict[str, Callable[[Case], Prediction]] = {
    "engine": run_engine,
    "sqlglot": run_sqlglot,
    "sqllineage": run_sqllineage,
}


# --------------------------------------------------------------------------------- scoring


@dataclass
class Expected:
    """A case's expected edges: DIRECT/INDIRECT pairs and typed triples; `exact` or includes."""

    exact: bool
    direct: set[Pair]
    indirect: set[Pair]
    kinds: set[Triple]


def expected_of(case: Case) -> Expected:
    """The case's `-- expect:` and `-- expect-includes:` edges as pairs and typed triples."""
    edges = [*(case.expect or []), *case.includes]
    kinds = {(e.source, e.target, e.kind) for e in edges}
    direct = {(s, t) for s, t, k in kinds if k.startswith("DIRECT.")}
    indirect = {(s, t) for s, t, k in kinds if k.startswith("INDIRECT.")}
    return Expected(case.expect is not None, direct, indirect, kinds)


@dataclass
class Counts:
    """Micro-averaged counts: FP only from exact cases, so precision ignores includes-only ones."""

    tp_exact: int = 0
    fp: int = 0
    tp: int = 0
    fn: int = 0

    def add(self, predicted: set[Any], expected: set[Any], exact: bool) -> None:
        hits = len(predicted & expected)
        self.tp += hits
        self.fn += len(expected - predicted)
        if exact:
            self.tp_exact += hits
            self.fp += len(predicted - expected)

    @property
    def precision(self) -> float | None:
        total = self.tp_exact + self.fp
        return self.tp_exact / total if total else None

    @property
    def recall(self) -> float | None:
        total = self.tp + self.fn
        return self.tp / total if total else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None:
            # Nothing predicted on exact cases: F1 is 0 if something was expected and missed.
            return 0.0 if r == 0 else None
        if r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        keys = ("tp", "fn", "tp_exact", "fp", "precision", "recall", "f1")
        return {key: getattr(self, key) for key in keys}


@dataclass
class Subtypes:
    """Of the expected typed edges whose pair was found, how many have the right subtype."""

    right: int = 0
    total: int = 0

    def add(self, predicted: set[Triple], found: set[Pair], expected: set[Triple]) -> None:
        relevant = {triple for triple in expected if triple[:2] in found}
        self.total += len(relevant)
        self.right += len(relevant & predicted)

    @property
    def accuracy(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class ToolScore:
    """One tool over a set of cases."""

    cases: int = 0
    crashes: int = 0
    statements: int = 0
    seconds: float = 0.0
    direct: Counts = field(default_factory=Counts)
    indirect: Counts = field(default_factory=Counts)
    direct_subtypes: Subtypes = field(default_factory=Subtypes)
    indirect_subtypes: Subtypes = field(default_factory=Subtypes)

    def add(self, prediction: Prediction, expected: Expected, statements: int) -> None:
        self.cases += 1
        self.crashes += prediction.crashed
        self.statements += statements
        self.seconds += prediction.seconds
        self.direct.add(prediction.direct, expected.direct, expected.exact)
        self.indirect.add(prediction.indirect, expected.indirect, expected.exact)
        found = prediction.direct & expected.direct
        self.direct_subtypes.add(prediction.kinds, found, _typed(expected.kinds, "DIRECT."))
        found = prediction.indirect & expected.indirect
        self.indirect_subtypes.add(prediction.kinds, found, _typed(expected.kinds, "INDIRECT."))

    @property
    def statements_per_second(self) -> float | None:
        return self.statements / self.seconds if self.seconds else None


def _typed(kinds: set[Triple], prefix: str) -> set[Triple]:
    return {triple for triple in kinds if triple[2].startswith(prefix)}


def count_statements(case: Case) -> int:
    """Statements in the case: non-empty pieces between `;` tokens."""
    return len(split_statements(case.sql, case.dialect))


# ----------------------------------------------------------------------------------- running


@dataclass
class Run:
    """All predictions of one run: `predictions[tool][i]` is for `cases[i]`."""

    cases: list[Case]
    expected: list[Expected]
    statements: list[int]
    predictions: dict[str, list[Prediction]]
    corpus: str = "tests/lineage/cases"

    def score(self, tool: str, keep: Callable[[Case], bool] = lambda case: True) -> ToolScore:
        score = ToolScore()
        for i, case in enumerate(self.cases):
            if keep(case):
                score.add(self.predictions[tool][i], self.expected[i], self.statements[i])
        return score


def load_corpus(directory: Path) -> list[Case]:
    """Every case of every `*.sql` file, files sorted by name, cases in file order."""
    return [case for path in sorted(directory.glob("*.sql")) for case in load_cases(path)]


def run_tool(tool: str, cases: list[Case], repeat: int = 1) -> list[Prediction]:
    """Warm the tool up once per dialect (untimed), then run every case `repeat` times.

    The predictions are the first run's; each case keeps its fastest time, because on a shared
    2-core machine the slowest runs measure the neighbours, not the tool.
    """
    runner = RUNNERS[tool]
    for dialect in sorted({case.dialect or "" for case in cases}):
        runner(_warmup_case(dialect or None))
    predictions: list[Prediction] = []
    for round_ in range(repeat):
        for i, case in enumerate(cases):
            started = time.perf_counter()
            prediction = runner(case)
            prediction.seconds = time.perf_counter() - started
            if round_ == 0:
                predictions.append(prediction)
            else:
                predictions[i].seconds = min(predictions[i].seconds, prediction.seconds)
    return predictions


def _warmup_case(dialect: str | None) -> Case:
    return Case(
        file="warmup",
        title="warmup",
        dialect=dialect,
        schema={"raw.a": {"x": "int"}},
        sql_lines=["insert into mart.b select x from raw.a;"],
    )


def run_all(tools: list[str], cases: list[Case], repeat: int = 1, progress: bool = True) -> Run:
    """Run every tool over every case (timings on stderr) and pair them with the expectations."""
    predictions = {}
    for tool in tools:
        started = time.perf_counter()
        predictions[tool] = run_tool(tool, cases, repeat)
        if progress:
            print(f"{tool}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    expected = [expected_of(case) for case in cases]
    return Run(cases, expected, [count_statements(case) for case in cases], predictions)


# --------------------------------------------------------------------------------- reporting


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def tool_label(tool: str) -> str:
    """The tool's name in the table, with the installed version."""
    if tool == "engine":
        return f"lineage-policy engine {_version('lineage-policy') or ''}".strip()
    if tool == "sqlglot":
        return f"sqlglot {_version('sqlglot')} `lineage()` + DML unwrap"
    return f"sqllineage {_version('sqllineage')}"


def environment() -> dict[str, Any]:
    """Where the numbers come from: the README table quotes this."""
    return {
        "date": dt.date.today().isoformat(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "sqlglot": _version("sqlglot"),
        "sqlglotc": _version("sqlglotc"),
        "sqllineage": _version("sqllineage"),
        "sqlfluff": _version("sqlfluff"),
    }


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _table(header: list[str], rows: list[list[str]], right_from: int = 1) -> list[str]:
    align = ["---" if i < right_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def summary_table(run: Run) -> list[str]:
    """The headline table: one row per tool, DIRECT pairs."""
    header = ["tool", "cases", "crashes", "precision", "recall", "F1", "statements/s"]
    rows = []
    for tool in run.predictions:
        score = run.score(tool)
        counts = score.direct
        rows.append(
            [
                tool_label(tool),
                str(score.cases),
                str(score.crashes),
                _fmt(counts.precision),
                _fmt(counts.recall),
                _fmt(counts.f1),
                _fmt(score.statements_per_second, 0),
            ]
        )
    return _table(header, rows)


def error_table(run: Run) -> list[str]:
    """Where each tool's errors are: an extra DIRECT pair the corpus records as INDIRECT (a CASE
    condition, window key, USING key) is a convention difference, not an invented flow."""
    header = ["tool", "missed pairs", "extra pairs (exact cases)", "of which INDIRECT in corpus"]
    rows = []
    for tool, predictions in run.predictions.items():
        missed = extra = indirect = 0
        for expected, prediction in zip(run.expected, predictions, strict=True):
            missed += len(expected.direct - prediction.direct)
            if expected.exact:
                wrong = prediction.direct - expected.direct
                extra += len(wrong)
                indirect += len(wrong & expected.indirect)
        rows.append([tool, str(missed), str(extra), str(indirect)])
    return _table(header, rows)


def corpus_line(run: Run) -> str:
    """One sentence describing the corpus the numbers were measured on."""
    exact = sum(e.exact for e in run.expected)
    files = len({case.file for case in run.cases})
    pairs = sum(len(e.direct) for e in run.expected)
    return (
        f"Corpus `{run.corpus}`: {len(run.cases)} cases in {files} files "
        f"({exact} exact, {len(run.cases) - exact} includes-only), {sum(run.statements)} "
        f"statements, {pairs} expected DIRECT pairs."
    )


def engine_table(run: Run) -> list[str]:
    """Our engine's DIRECT and INDIRECT scores with subtype accuracy."""
    score = run.score("engine")
    header = ["engine edges", "expected", "precision", "recall", "F1", "subtype accuracy"]
    rows = []
    for name, counts, subtypes in (
        ("DIRECT", score.direct, score.direct_subtypes),
        ("INDIRECT", score.indirect, score.indirect_subtypes),
    ):
        rows.append(
            [
                name,
                str(counts.tp + counts.fn),
                _fmt(counts.precision),
                _fmt(counts.recall),
                _fmt(counts.f1),
                f"{_fmt(subtypes.accuracy)} ({subtypes.right}/{subtypes.total})",
            ]
        )
    return _table(header, rows)


def _in_group(key: Callable[[Case], str], group: str) -> Callable[[Case], bool]:
    return lambda case: key(case) == group


def breakdown_table(run: Run, by: str) -> list[str]:
    """DIRECT F1 per dialect or per file, every tool, with our engine's P and R."""
    key: Callable[[Case], str] = (
        (lambda c: c.dialect or "generic") if by == "dialect" else (lambda c: c.file)
    )
    tools = list(run.predictions)
    header = [by, "cases"] + (["engine P", "engine R"] if "engine" in tools else [])
    header += [f"{tool} F1" for tool in tools]
    rows = []
    for group in sorted({key(case) for case in run.cases}):
        scores = {tool: run.score(tool, _in_group(key, group)) for tool in tools}
        row = [f"`{group}`" if by == "file" else group, str(next(iter(scores.values())).cases)]
        if "engine" in scores:
            row += [_fmt(scores["engine"].direct.precision), _fmt(scores["engine"].direct.recall)]
        rows.append(row + [_fmt(scores[tool].direct.f1) for tool in tools])
    return _table(header, rows)


def mismatches(run: Run, tool: str) -> list[dict[str, Any]]:
    """Cases where `tool` misses expected DIRECT pairs, invents some (exact cases) or crashes."""
    found = []
    for case, expected, prediction in zip(run.cases, run.expected, run.predictions[tool]):
        missing = sorted(expected.direct - prediction.direct)
        extra = sorted(prediction.direct - expected.direct) if expected.exact else []
        if missing or extra or prediction.errors:
            found.append(
                {
                    "file": case.file,
                    "title": case.title,
                    "dialect": case.dialect,
                    "missing": [f"{s} -> {t}" for s, t in missing],
                    "extra": [f"{s} -> {t}" for s, t in extra],
                    "errors": prediction.errors,
                }
            )
    return found


def _codes(items: list[str]) -> str:
    return ", ".join(f"`{item}`" for item in items)


def mismatch_lines(run: Run, tool: str) -> list[str]:
    """Markdown bullets of `mismatches`, `- none` when the tool matched every case."""
    lines = []
    for item in mismatches(run, tool):
        parts = [f"missing {_codes(item['missing'])}"] if item["missing"] else []
        parts += [f"extra {_codes(item['extra'])}"] if item["extra"] else []
        parts += [f"crash {'; '.join(item['errors'])}"] if item["errors"] else []
        lines.append(f"- `{item['file']}` — {item['title']}: " + "; ".join(parts))
    return lines or ["- none"]


def machine_line(env: dict[str, Any]) -> str:
    """Date, Python, CPUs and versions, as quoted under the README table."""
    compiled = " (compiled sqlglotc)" if env["sqlglotc"] else ""
    return (
        f"{env['date']}, Python {env['python']}, {env['cpus']} CPUs, "
        f"sqlglot {env['sqlglot']}{compiled}, sqllineage {env['sqllineage']}."
    )


def markdown_report(run: Run, details: bool) -> str:
    """The whole stdout report; `details` adds the peers' mismatch lists."""
    env = environment()
    lines = [
        "## Lineage accuracy (DIRECT edges)",
        "",
        corpus_line(run),
        "",
        *summary_table(run),
        "",
        machine_line(env),
        "",
        *error_table(run),
    ]
    if "engine" in run.predictions:
        lines += ["", "### Our engine by edge type", "", *engine_table(run)]
    lines += ["", "### By dialect (DIRECT)", "", *breakdown_table(run, "dialect")]
    lines += ["", "### By file (DIRECT)", "", *breakdown_table(run, "file")]
    for tool in run.predictions:
        if tool == "engine" or details:
            lines += ["", f"### DIRECT mismatches: {tool}", "", *mismatch_lines(run, tool)]
    return "\n".join(lines) + "\n"


def json_report(run: Run) -> dict[str, Any]:
    """Everything in the Markdown report plus per-tool counts and timings, for `--json`."""
    tools = {}
    for tool in run.predictions:
        score = run.score(tool)
        tools[tool] = {
            "label": tool_label(tool),
            "cases": score.cases,
            "crashes": score.crashes,
            "statements": score.statements,
            "seconds": round(score.seconds, 3),
            "statements_per_second": score.statements_per_second,
            "direct": score.direct.as_dict(),
            "mismatches": mismatches(run, tool),
        }
        if tool == "engine":
            tools[tool]["indirect"] = score.indirect.as_dict()
            tools[tool]["direct_subtype_accuracy"] = score.direct_subtypes.accuracy
            tools[tool]["indirect_subtype_accuracy"] = score.indirect_subtypes.accuracy
    return {"environment": environment(), "corpus": corpus_line(run), "tools": tools}


# -------------------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command line; fails early when a requested peer is not installed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tools", default=",".join(ALL_TOOLS), help="comma-separated subset")
    parser.add_argument("--json", type=Path, help="also write the full results as JSON here")
    parser.add_argument("--cases", type=Path, default=CASES_DIR, help="directory of case files")
    parser.add_argument(
        "--details", action="store_true", help="list every tool's mismatches, not only ours"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per case; statements/s uses the fastest"
    )
    args = parser.parse_args(argv)
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in args.tools if t not in ALL_TOOLS]
    if unknown:
        parser.error(f"unknown tools {unknown}; choose from {', '.join(ALL_TOOLS)}")
    if "sqllineage" in args.tools and _version("sqllineage") is None:
        parser.error("sqllineage is not installed: pip install -r benchmarks/requirements.txt")
    return args


def _relative(path: Path) -> str:
    """The corpus directory as the report names it: relative to the repository if inside it."""
    resolved = path.resolve()
    return str(resolved.relative_to(REPO)) if resolved.is_relative_to(REPO) else str(path)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the report; 0 unless the arguments are wrong."""
    args = parse_args(argv)
    # sqlglot's lineage() logs a warning per subquery it cannot place; the mismatches show it.
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    cases = load_corpus(args.cases)
    run = run_all(args.tools, cases, max(1, args.repeat))
    run.corpus = _relative(args.cases)
    sys.stdout.write(markdown_report(run, args.details))
    if args.json:
        args.json.write_text(json.dumps(json_report(run), indent=2, sort_keys=True) + "\n")
    return 0


def _pin_hash_seed() -> None:
    """Re-run under PYTHONHASHSEED=0: sqllineage's answer for some statements (a star over a
    USING join) depends on set iteration order, so the report would change from run to run."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        environ = {**os.environ, "PYTHONHASHSEED": "0"}
        os.execve(sys.executable, [sys.executable, *sys.argv], environ)


if __name__ == "__main__":
    _pin_hash_seed()
    raise SystemExit(main())
