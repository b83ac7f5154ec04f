"""Parallel parse + lineage: executors, fault isolation, time limits, waves, schema subsets, Dask.

Misbehaving tasks are made by patching the extraction function the pipeline ships
(`extraction.extract_task`) with `executor_helpers.poisoned_extract`, a module-level function so
that worker processes can import it; production code has no test hook.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import types
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

import engine.executors.work as work
import engine.extraction as extraction
import engine.pipeline as pipeline
from engine.cache import LineageCache
from engine.cli import main
from engine.config.catalog import load_catalog
from engine.executors import (
    Done,
    ExecutorError,
    Failed,
    InProcessExecutor,
    dask_address,
    make_executor,
)
from engine.executors.plan import levels, waves
from engine.executors.pool import LocalPoolExecutor
from engine.executors.purebuild import compiled_build_loaded
from engine.executors.runner import ExtractionRunner
from engine.executors.work import TimeLimitExceeded, time_limit, unknown_lineage
from engine.findings import lineage_unknown
from engine.lineage import extract_task
from engine.lineage.parse import parse_statements
from engine.lineage.references import References, scan_references
from engine.lineage.schema import table_id, table_refs
from engine.models import Task, TaskLineage
from tests.conftest import USERS_CATALOG, MakeProject, run_at
from tests.executor_helpers import Numbers, ReversedExecutor, double_unless_13, poisoned_extract
from tests.lineage.lineage_casefile import Case, load_cases

REPO = Path(__file__).resolve().parent.parent
CASES = [c for p in sorted((REPO / "tests/lineage/cases").glob("*.sql")) for c in load_cases(p)]

CATALOG = USERS_CATALOG


def _tasks(n: int, poison: dict[int, str]) -> list[Task]:
    """n tasks, each deriving a table from raw.users; task i carries poison[i] if any."""
    out = []
    for i in range(n):
        text = f"CREATE TABLE stg.t{i} AS SELECT id, email FROM raw.users;"
        if i in poison:
            text = f"-- poison: {poison[i]}\n{text}"
        out.append(Task(path=f"sql/t{i:02d}.sql", text=text, sha256=str(i)))
    return out


def _catalog(tmp_path: Path) -> pipeline.Catalog:
    (tmp_path / "sql").mkdir(exist_ok=True)
    (tmp_path / "sql" / "x.sql").write_text("SELECT 1")
    (tmp_path / "catalog.yaml").write_text(CATALOG)
    return load_catalog(tmp_path / "catalog.yaml")


def _pool(jobs: int = 2) -> LocalPoolExecutor:
    return LocalPoolExecutor(jobs, min_batch_bytes=0)  # tiny test inputs: use the pool anyway


# --- executor selection --------------------------------------------------------------------


def test_executor_specs() -> None:
    assert dask_address("dask://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert dask_address("tls://sched.example:8786") == "tls://sched.example:8786"
    for bad in ("dask://nohost", "dask://:8786", "spark://x:1", "localhost"):
        with pytest.raises(ExecutorError):
            dask_address(bad)
    assert isinstance(make_executor("local", 1), InProcessExecutor)
    pool = make_executor("local", 3)
    assert isinstance(pool, LocalPoolExecutor) and pool.workers == 3
    pool.close()
    with pytest.raises(ExecutorError):
        make_executor("local", 0)


def test_cli_options_are_validated(make_project: MakeProject) -> None:
    sql = {"sql/a.sql": "CREATE TABLE s.a AS SELECT id FROM raw.users"}
    catalog = make_project(CATALOG, sql=sql)
    runner = CliRunner()
    bad = runner.invoke(main, ["check", "--catalog", str(catalog), "--executor", "dask://x"])
    assert bad.exit_code == 2 and "unknown executor" in bad.output
    assert runner.invoke(main, ["check", "--catalog", str(catalog), "--jobs", "0"]).exit_code == 2
    ok = runner.invoke(main, ["lineage", "--catalog", str(catalog), "--format", "json",
                              "--jobs", "1", "--executor", "local"])
    assert ok.exit_code == 0, ok.output
    assert "s.a" in ok.output


# --- planning: waves and reference scans ---------------------------------------------------


def test_levels_put_dependencies_first_and_cycles_together() -> None:
    # 0 <- 1 <- 2, and 3 <-> 4 (a cycle) read by 5
    assert levels([[], [0], [1], [4], [3], [3]]) == [0, 1, 2, 0, 0, 1]
    assert levels([]) == []


def test_waves_order_producers_before_readers() -> None:
    tasks = [Task(path=p, text="", sha256="") for p in ("mart", "stg", "raw")]
    refs = {
        "mart": References(frozenset({"stg.u", "mart.u"}), frozenset({"mart.u"})),
        "stg": References(frozenset({"raw.u", "stg.u"}), frozenset({"stg.u"})),
        # writes a declared table: the catalog's columns win, so nobody waits for it
        "raw": References(frozenset({"raw.u"}), frozenset({"raw.u"})),
    }
    order = [[t.path for t in w] for w in waves(tasks, refs, frozenset({"raw.u"}))]
    assert order == [["stg", "raw"], ["mart"]]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_scan_finds_every_table_the_parser_finds(case: Case) -> None:
    """The scan is a superset of the parser's table references, in every corpus dialect."""
    from sqlglot import exp
    from sqlglot.dialects.dialect import Dialect

    scanned = scan_references(case.sql, case.dialect).tables
    dialect = Dialect.get_or_raise(case.dialect)
    statements = parse_statements(case.sql, dialect)
    parsed = {
        tid
        for st in statements
        # `USE database` names a database, no table (the scan skips a lone keyword)
        if st.expression is not None and not isinstance(st.expression, exp.Use)
        for tid in map(table_id, table_refs(st.expression, dialect))
        # a file read by its path (`FROM 'data/x.parquet'`) is named by a string, which the
        # scan drops; were the catalog to list it, the worker asks, and it is shipped then
        if tid and "/" not in tid
    }
    assert parsed <= scanned, f"scan missed {sorted(parsed - scanned)}"


@pytest.mark.parametrize(("sql", "dialect", "writes"), [
    ("insert into mart.t select id from raw.users", "postgres", {"mart.t"}),
    ("create table if not exists stg.a as select 1 as x", "postgres", {"stg.a"}),
    ("update only stg.a set x = 1", "postgres", {"stg.a"}),
    ("insert overwrite table mart.t select * from raw.users", "hive", {"mart.t"}),
    ("insert overwrite into mart.t select * from raw.users", "snowflake", {"mart.t"}),
    ("create or replace view bi.v as select * from mart.date", "snowflake", {"bi.v"}),
    ("merge into mart.t using stg.a s on t.id = s.id when matched then delete", "snowflake",
     {"mart.t"}),
    ("insert into `proj.ds.tbl` select 1", "bigquery", {"proj.ds.tbl"}),
    ("select 'insert into x.y' as s from raw.users -- into a.b", "postgres", set()),
    ("merge into mart.t using raw.users s on t.id = s.id when matched then update set x = 1",
     "snowflake", {"mart.t"}),
    ("insert into/* target */mart.t select * from raw.users", "postgres", {"mart.t"}),
    ("insert into [dw].[dbo].[t] select * from raw.users", "tsql", {"dw.dbo.t"}),
    ("select \"it's\" as s from raw.users; insert into mart.t select 1", "bigquery", {"mart.t"}),
    ("select '''a 'quoted' b''' from raw.users; update mart.t set x = 1", "bigquery",
     {"mart.t"}),
    ("select 'C:\\' as p from raw.users; insert into mart.t select 1", "postgres", {"mart.t"}),
    ("create procedure p() language sql as $$ begin insert into mart.t select * from raw.users;"
     " end $$", "snowflake", {"mart.t"}),
    ("select * from raw.users # into a.b\ninsert into mart.t select 1", "mysql", {"mart.t"}),
    ("select timetable.x, pinto.y from raw.users", "postgres", set()),
], ids=["insert", "if-not-exists", "update-only", "overwrite", "overwrite-into", "view", "merge",
        "bq-quoted", "string-and-comment", "merge-update-set", "comment-between", "tsql-brackets",
        "bq-double-quoted-string", "bq-triple-quoted", "backslash-not-an-escape",
        "procedure-body", "mysql-hash-comment", "keyword-inside-a-word"])
def test_scan_guesses_the_tables_a_statement_writes(
    sql: str, dialect: str, writes: set[str]
) -> None:
    """Writes are the names after a write keyword; strings and comments name nothing."""
    refs = scan_references(sql, dialect)
    assert set(refs.writes) == writes
    assert writes <= refs.tables and "raw.users" not in refs.writes


@pytest.mark.parametrize(("sql", "changes"), [
    ("alter table stg.a add column x int", {"stg.a"}),
    ("ALTER TABLE IF EXISTS ONLY stg.a DROP COLUMN x", {"stg.a"}),
    ("alter\n    table stg.a rename column x to y", {"stg.a"}),
    ("alter /* why */ table stg.a add column x int", {"stg.a"}),
    ("create table stg.a (x int); insert into stg.b select x from stg.a", {"stg.a"}),
    ("create or replace transient table stg.a as select 1 as x", {"stg.a"}),
    ("CREATE OR REPLACE VIEW stg.v AS SELECT 1 AS x", {"stg.v"}),
    ("replace table stg.a as select 1 as x", {"stg.a"}),
    ("select salter from raw.users; truncate table stg.a", set()),
    ("alter index i rename to j; insert into stg.b select 1", set()),
    ("update stg.a set x = 1; merge into stg.b using stg.a s on true when matched then delete",
     set()),
    ("create table if not exists stg.a (x int); create view if\n not exists stg.v as select 1",
     set()),
], ids=["add", "if-exists-only", "line-break", "comment-between", "create", "create-or-replace",
        "view", "databricks-replace", "word-ending-alter", "not-a-table", "writes-in-place",
        "if-not-exists"])
def test_scan_tells_the_tables_a_file_gives_a_new_version(sql: str, changes: set[str]) -> None:
    """ALTER TABLE's and CREATE's tables, so that `plan.waves` orders a migration history."""
    refs = scan_references(sql, "postgres")
    assert set(refs.changes) == changes and refs.changes <= refs.writes


@pytest.mark.parametrize(("sql", "changes"), [
    ("EXEC sp_rename 'dbt.m__dbt_tmp', 'm'", {"dbt.m"}),
    ("exec sp_rename @newname = N'mobile', @objname = N'[dbo].[c].[phone]', @objtype = 'COLUMN'",
     {"dbo.c"}),
    ("exec sp_rename 'c.phone', 'mobile', 'column'", {"c"}),
    ("exec sp_rename 'dbo.c.ix_phone', 'ix_mobile', 'INDEX'", set()),
], ids=["table", "column", "column-of-unqualified-table", "index"])
def test_scan_reads_the_names_t_sql_s_sp_rename_takes_as_strings(
    sql: str, changes: set[str],
) -> None:
    """dbt-sqlserver builds a model as `m__dbt_tmp` and renames it: the file writes `m`."""
    refs = scan_references(sql, "tsql")
    assert set(refs.changes) == changes and set(refs.writes) == changes
    assert not scan_references(sql, "postgres").writes  # no such procedure there


def test_scan_keeps_only_names_known_or_written_by_a_scanned_task() -> None:
    """`scan(tasks, known)`: every name the whole scan could matter for (a known table, or one
    a scanned task writes, even a later one) and nothing else of what the file names."""
    runner = ExtractionRunner("postgres", InProcessExecutor(), extract=extract_task,
                              time_limit=None, progress=lambda *a: None)
    reader = Task(path="a.sql", sha256="0",
                  text="insert into mart.a select s.id, l.x from raw.s s join stg.later l on 1=1")
    writer = Task(path="b.sql", sha256="0", text="insert into stg.later select id as x from raw.t")
    everything = {t.path: scan_references(t.text, "postgres") for t in (reader, writer)}
    kept = runner.scan([reader, writer], known={"raw.s", "raw.t"})
    assert list(kept) == ["a.sql", "b.sql"]
    assert kept["a.sql"] == References(frozenset({"raw.s", "stg.later", "mart.a"}),
                                       frozenset({"mart.a"}))
    assert kept["b.sql"] == References(frozenset({"raw.t", "stg.later"}), frozenset({"stg.later"}))
    assert {"s.id", "l.x", "raw", "stg"} <= everything["a.sql"].tables  # what was dropped
    assert kept["a.sql"].tables < everything["a.sql"].tables


@pytest.mark.parametrize("read", ["ds.events_*", "`ds.events_*`", "`ds`.`events_*`"])
def test_scan_ships_a_wildcard_the_tables_its_prefix_matches(read: str) -> None:
    """A BigQuery wildcard read after FROM/JOIN is shipped every known or written table with
    its prefix (and so waits for their producers); `a*b` is a product, no wildcard."""
    runner = ExtractionRunner("bigquery", InProcessExecutor(), extract=extract_task,
                              time_limit=None, progress=lambda *a: None)
    reader = Task(path="a.sql", sha256="0",
                  text=f"insert into mart.a select x*y as z from {read} join ds.other o on 1=1")
    writer = Task(path="b.sql", sha256="0", text="create table ds.events_3 as select 1 as x")
    known = {"ds.events_1", "ds.events_2", "ds.eventsx", "ds.other", "x", "ds.events"}
    kept = runner.scan([reader, writer], known=known)
    assert kept["a.sql"].tables == {"ds.events_1", "ds.events_2", "ds.events_3", "ds.other",
                                    "mart.a", "x"}


def test_subset_schema_gives_the_same_lineage_as_the_whole_schema() -> None:
    """Each corpus case shipped with only the tables its scan found (plus any it then asked
    for) extracts exactly as against its whole schema."""
    runner = ExtractionRunner(None, InProcessExecutor(), extract=extract_task, time_limit=None,
                              progress=lambda *a: None)
    for case in CASES:
        schema = {**case.schema, "unrelated.table": {"x": ""}}
        task = Task(path=f"cases/{case.file}.sql", text=case.sql, sha256="0")
        runner.dialect = case.dialect
        # a scan that found nothing: every table must come from the worker asking for it
        for refs in (scan_references(case.sql, case.dialect), References()):
            got = runner.extract([task], schema, {task.path: refs})[task.path]
            assert got == extract_task(task, case.dialect, schema), case.id


def test_cold_run_extracts_each_task_about_once(make_project: MakeProject) -> None:
    """A chain created bottom-up in reverse file order: waves extract each task once."""
    sql = {
        "sql/a.sql": "CREATE TABLE mart.c AS SELECT * FROM stg.b;",
        "sql/b.sql": "CREATE TABLE stg.b AS SELECT * FROM stg.a;",
        "sql/c.sql": "CREATE TABLE stg.a AS SELECT id, email FROM raw.users;",
    }
    catalog = make_project(CATALOG, sql=sql)
    project = pipeline.load_project(catalog)
    stats: dict[str, int] = {}
    lineage = extraction.extract_all(project.tasks, project.catalog, stats=stats)
    assert stats == {"extractions": 3, "passes": 1}
    assert "mart.c.email" in {e.target.id for t in lineage for e in t.all_edges()}


def test_settling_in_passes_rechecks_only_what_a_pass_changed(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No producer-first waves (one wave of everything), so a star chain settles one level a
    pass; the result must equal the planned run's, and only the first pass checks all tasks."""
    chain = {
        "sql/a.sql": "CREATE TABLE mart.d AS SELECT * FROM stg.c;",
        "sql/b.sql": "CREATE TABLE stg.c AS SELECT * FROM stg.b;",
        "sql/c.sql": "CREATE TABLE stg.b AS SELECT * FROM stg.a;",
        "sql/d.sql": "CREATE TABLE stg.a AS SELECT id, email FROM raw.users;",
    }
    others = {f"sql/z{i:02}.sql": f"CREATE TABLE other.t{i} AS SELECT id FROM raw.users;"
              for i in range(20)}
    project = pipeline.load_project(make_project(CATALOG, sql={**chain, **others}))
    planned = extraction.extract_all(project.tasks, project.catalog)

    monkeypatch.setattr(extraction, "waves", lambda todo, refs, declared: [list(todo)])
    checked: list[str] = []
    valid_for = extraction.Extracted.valid_for

    def counting(self: extraction.Extracted, prints: object) -> bool:
        checked.append(self.lineage.task)
        return valid_for(self, prints)  # type: ignore[arg-type]

    monkeypatch.setattr(extraction.Extracted, "valid_for", counting)
    stats: dict[str, int] = {}
    settled = extraction.extract_all(project.tasks, project.catalog, stats=stats)
    assert settled == planned
    assert "mart.d.email" in {e.target.id for t in settled for e in t.all_edges()}
    assert stats["passes"] >= 3
    assert len(checked) < len(project.tasks) + 4 * (stats["passes"] - 1)
    assert checked.count("sql/z00.sql") == 1  # its table never changed after the first pass


def test_which_task_defines_a_created_table_does_not_depend_on_completion_order(
    make_project: MakeProject,
) -> None:
    # Two tasks create stg.t with different columns; b.sql, between them in file order, sees
    # the first's (`engine.altered`).
    sql = {
        "sql/a.sql": "CREATE TABLE stg.t AS SELECT id, email FROM raw.users;",
        "sql/b.sql": "CREATE TABLE mart.m AS SELECT * FROM stg.t;",
        "sql/c.sql": "CREATE TABLE stg.t AS SELECT id FROM raw.users;",
    }
    catalog = make_project(CATALOG, sql=sql)
    project = pipeline.load_project(catalog)
    in_order = extraction.extract_all(project.tasks, project.catalog)
    reversed_ = extraction.extract_all(project.tasks, project.catalog,
                                       executor=ReversedExecutor())  # type: ignore[arg-type]
    assert reversed_ == in_order
    assert "mart.m.email" in {e.target.id for t in in_order for e in t.all_edges()}


def test_a_task_that_defines_its_own_target_is_extracted_once(make_project: MakeProject) -> None:
    # b.sql inserts into a table nothing declares: its own statement defines the columns the
    # run's schema gets, so re-extracting it against them could only give the same lineage.
    sql = {
        "sql/a.sql": "CREATE TABLE mart.m AS SELECT * FROM stg.x;",
        "sql/b.sql": "INSERT INTO stg.x SELECT id, email FROM raw.users;",
    }
    project = pipeline.load_project(make_project(CATALOG, sql=sql))
    stats: dict[str, int] = {}
    lineage = extraction.extract_all(project.tasks, project.catalog, stats=stats)
    assert stats == {"extractions": 2, "passes": 1}
    assert "mart.m.email" in {e.target.id for t in lineage for e in t.all_edges()}


def test_a_target_another_task_defines_first_is_still_rechecked(make_project: MakeProject) -> None:
    # a.sql defines stg.x (one column) first in task order; b.sql's positional INSERT must map
    # onto that definition, not onto its own output names.
    sql = {
        "sql/a.sql": "CREATE TABLE stg.x AS SELECT id FROM raw.users;",
        "sql/b.sql": "INSERT INTO stg.x SELECT email FROM raw.users;",
    }
    project = pipeline.load_project(make_project(CATALOG, sql=sql))
    lineage = extraction.extract_all(project.tasks, project.catalog,
                                     executor=ReversedExecutor())  # type: ignore[arg-type]
    b = next(t for t in lineage if t.task == "sql/b.sql")
    assert {(str(e.source), str(e.target)) for e in b.all_edges()} == {
        ("raw.users.email", "stg.x.id")}


def test_a_table_altered_in_its_creating_file_has_its_altered_columns_in_later_files(
    make_project: MakeProject,
) -> None:
    # The task's ALTERs (after its CREATE) give the columns other tasks see: the view's star
    # and the positional INSERT of c.sql map onto (a2, c), whatever the completion order.
    sql = {
        "sql/a.sql": "CREATE VIEW mart.v AS SELECT * FROM stg.x;",
        "sql/b.sql": "CREATE TABLE stg.x (a int, b int);\n"
                     "ALTER TABLE stg.x ADD COLUMN c int;\n"
                     "ALTER TABLE stg.x DROP COLUMN b;\n"
                     "ALTER TABLE stg.x RENAME COLUMN a TO a2;",
        "sql/c.sql": "INSERT INTO stg.x SELECT id, email FROM raw.users;",
    }
    project = pipeline.load_project(make_project(CATALOG, sql=sql))
    lineage = extraction.extract_all(project.tasks, project.catalog)
    assert extraction.extract_all(project.tasks, project.catalog,
                                  executor=ReversedExecutor()) == lineage  # type: ignore[arg-type]
    edges = {t.task: {(str(e.source), str(e.target)) for e in t.all_edges()} for t in lineage}
    assert edges["sql/a.sql"] == {("stg.x.a2", "mart.v.a2"), ("stg.x.c", "mart.v.c")}
    assert edges["sql/c.sql"] == {("raw.users.id", "stg.x.a2"), ("raw.users.email", "stg.x.c")}


# P34-4: three files guess audit.log's columns from their INSERT's list, then UPDATE it naming
# another column. b.sql also reads what a.sql writes, so it was extracted again against a.sql's
# guess (taken for the table's list: a false unresolved `executionid`), c.sql never was.
AUDIT_CATALOG = """
dialect: tsql
sources: {sql: ["sql/**/*.sql"]}
assets:
  src.a:
    columns: [id]
"""
AUDIT_LOG = {
    f"sql/{name}.sql": f"INSERT INTO audit.log (processname) VALUES (N'{name}');\n"
                       f"INSERT INTO {target} (id) SELECT id FROM {source};\n"
                       f"UPDATE audit.log SET status = N'ok' WHERE executionid = {n};"
    for n, (name, target, source) in enumerate(
        [("a", "stg.x", "src.a"), ("b", "dw.y", "stg.x"), ("c", "dw.z", "src.a")], start=1)
}


def _audit_updates(lineage: Sequence[TaskLineage]) -> dict[str, tuple[object, ...]]:
    """Per task: its status, diagnostics and the edges of its UPDATE (line 3)."""
    return {t.task: (t.status, [(d.code, d.message) for d in t.diagnostics],
                     sorted((str(e.source), str(e.target), e.type, e.subtype)
                            for e in t.all_edges() if e.line == 3))
            for t in lineage}


def test_a_table_only_insert_lists_name_is_a_lower_bound_in_every_wave(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog = make_project(AUDIT_CATALOG, sql=AUDIT_LOG)
    project = pipeline.load_project(catalog)
    lineage = extraction.extract_all(project.tasks, project.catalog)
    got = _audit_updates(lineage)
    filtered = [("audit.log.executionid", "audit.log.status", "INDIRECT", "FILTER")]
    assert got == {t.path: ("ok", [], filtered) for t in project.tasks}
    reversed_ = extraction.extract_all(project.tasks, project.catalog,
                                       executor=ReversedExecutor())  # type: ignore[arg-type]
    assert reversed_ == lineage
    pool = _pool(2)
    try:
        assert extraction.extract_all(project.tasks, project.catalog, executor=pool) == lineage
    finally:
        pool.close()
    # whatever the waves: each task alone, readers first
    monkeypatch.setattr(extraction, "waves", lambda todo, refs, declared: [[t] for t in
                                                                           reversed(todo)])
    assert extraction.extract_all(project.tasks, project.catalog) == lineage
    runner = CliRunner()
    outputs = [runner.invoke(main, ["check", "--catalog", str(catalog), "--jobs", jobs])
               for jobs in ("1", "2")]
    assert [o.exit_code for o in outputs] == [0, 0], outputs[0].output
    assert outputs[0].output == outputs[1].output
    assert "0 partial" in outputs[0].output and "unresolved-column" not in outputs[0].output


def test_a_guess_that_becomes_a_definition_is_enforced_in_warm_runs_too(
    make_project: MakeProject, tmp_path: Path,
) -> None:
    # a.sql then CREATEs audit.log with the very columns it guessed: a definition now, which
    # lacks executionid in every file (the cache and a kept run must not keep the guess's ok)
    catalog = make_project(AUDIT_CATALOG, sql=AUDIT_LOG)
    project = pipeline.load_project(catalog)
    cache = LineageCache(tmp_path / "cache.sqlite")
    state: list[extraction.LineageState] = []
    extraction.extract_all(project.tasks, project.catalog, cache=cache, state=state)
    a = catalog.parent / "sql/a.sql"
    a.write_text("CREATE TABLE audit.log (processname nvarchar(50));\n" + a.read_text())
    project = pipeline.load_project(catalog)
    cold = extraction.extract_all(project.tasks, project.catalog)
    assert {t.task: t.status for t in cold} == {t.path: "partial" for t in project.tasks}
    assert extraction.extract_all(project.tasks, project.catalog, cache=cache) == cold
    assert extraction.extract_all(project.tasks, project.catalog, since=state[0]) == cold
    cache.close()


# --- the local pool: same results, faults isolated -----------------------------------------


def test_pool_gives_the_in_process_result_on_the_demo() -> None:
    project = pipeline.load_project(REPO / "catalog.yaml")
    alone = extraction.extract_all(project.tasks, project.catalog)
    pool = _pool()
    try:
        pooled = extraction.extract_all(project.tasks, project.catalog, executor=pool)
    finally:
        pool.close()
    assert pooled == alone


def test_a_task_that_kills_its_worker_is_unknown_and_the_rest_survive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extraction, "extract_task", poisoned_extract)
    tasks = _tasks(8, {5: "crash"})
    catalog = _catalog(tmp_path)
    pool = _pool()
    try:
        lineage = {t.task: t for t in extraction.extract_all(tasks, catalog, executor=pool)}
    finally:
        pool.close()
    crashed = lineage.pop("sql/t05.sql")
    assert crashed.status == "unknown"
    assert "worker process crashed" in crashed.diagnostics[0].message
    assert all(t.status == "ok" and t.all_edges() for t in lineage.values())
    (finding,) = lineage_unknown([crashed])
    assert finding.location is not None and finding.location.path == "sql/t05.sql"
    assert "worker process crashed" in finding.message


def test_a_task_whose_worker_died_counts_against_parse_coverage() -> None:
    """A crashed or timed-out task has no statements and no parse error; it is still SQL that
    was not understood, so the run's coverage is below 100%."""
    from engine.pipeline import _stats
    from engine.propagation import TagAssignments

    ok = extract_task(Task(path="a.sql", text="CREATE TABLE m.a AS SELECT 1 AS x", sha256="0"),
                      None, {})
    lost = unknown_lineage(Task(path="b.sql", text="SELECT 1", sha256="0"), "timed out")
    stats = _stats([ok, lost], {}, TagAssignments(), {})
    assert (stats.statements_parsed, stats.statements_total) == (1, 2)
    assert stats.parse_coverage == 0.5
    assert _stats([ok], {}, TagAssignments(), {}).parse_coverage == 1.0


def test_a_task_stuck_in_native_code_is_killed_after_its_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extraction, "extract_task", poisoned_extract)
    # the driver's deadline: 2 x (0.5 s x 2 statements) + 0.5 s = 2.5 s
    monkeypatch.setattr(work, "DEADLINE_GRACE", 0.5)
    tasks = _tasks(4, {2: "sleep"})
    pool = _pool()
    started = time.monotonic()
    try:
        lineage = extraction.extract_all(tasks, _catalog(tmp_path), executor=pool, time_limit=0.5)
    finally:
        pool.close()
    assert time.monotonic() - started < 30  # not the 120 s the task would sleep
    statuses = {t.task: t.status for t in lineage}
    assert statuses == {"sql/t00.sql": "ok", "sql/t01.sql": "ok", "sql/t02.sql": "unknown",
                        "sql/t03.sql": "ok"}
    assert "timed out" in lineage[2].diagnostics[0].message


def test_a_task_stuck_in_python_hits_the_time_limit_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extraction, "extract_task", poisoned_extract)
    tasks = _tasks(3, {1: "spin"})
    lineage = extraction.extract_all(tasks, _catalog(tmp_path), time_limit=0.5)
    assert [t.status for t in lineage] == ["ok", "unknown", "ok"]
    assert "time limit of 0.5 s per statement exceeded" in lineage[1].diagnostics[0].message


def _busy(seconds: float) -> str:
    """A statement that runs in Python for `seconds` (interruptible, unlike a sleep)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "ok"


def test_time_limit_interrupts_only_the_statement_that_overruns() -> None:
    outcomes = []
    with time_limit(0.2, statements=3):  # 0.6 s for three statements, then 0.2 s per statement
        for seconds in (0, 60, 60, 0):
            try:
                outcomes.append(_busy(seconds))
            except TimeLimitExceeded:
                outcomes.append("timed out")
    assert outcomes == ["ok", "timed out", "timed out", "ok"]
    _busy(0.5)  # released: nothing fires any more


def test_time_limit_leaves_the_interpreter_as_it_was() -> None:
    """Withdrawing a pending interruption (`PyThreadState_SetAsyncExc(id, NULL)`) would leave
    the interpreter's async-exception flag raised: under a profiler it then spins for ever."""
    code = textwrap.dedent("""
        import cProfile, time
        from engine.executors.work import TimeLimitExceeded, time_limit
        for seconds in (0.0, 0.5):  # one task within its time, one interrupted
            try:
                with time_limit(0.1, 1):
                    end = time.monotonic() + seconds
                    while time.monotonic() < end:
                        pass
            except TimeLimitExceeded:
                pass
        profile = cProfile.Profile()
        profile.enable()
        sum(abs(i) for i in range(1000))
        profile.disable()
        print("done")
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=60, check=True)
    assert out.stdout.strip() == "done"


def test_deep_nesting_is_unknown_with_the_reason() -> None:
    text = "CREATE TABLE s.t AS SELECT " + "(" * 3000 + "1" + ")" * 3000 + " AS x"
    task = Task(path="deep.sql", text=text, sha256="d")
    (result,) = work.extract_chunk(work.ExtractJob(None, (task,)))
    assert result.lineage.status == "unknown"
    assert "nested too deeply" in result.lineage.diagnostics[0].message


def test_pool_isolates_the_one_item_that_crashes() -> None:
    pool = _pool()
    try:
        outcomes = list(pool.map_chunks(double_unless_13, [Numbers(tuple(range(i, i + 5)))
                                                           for i in range(0, 30, 5)]))
    finally:
        pool.close()
    doubled = sorted(v for o in outcomes if isinstance(o, Done) for v in o.value)
    failed = [o.chunk.items for o in outcomes if isinstance(o, Failed)]
    assert failed == [(13,)]
    assert doubled == [2 * i for i in range(30) if i != 13]


def test_pool_falls_back_to_this_process_when_workers_cannot_start() -> None:
    # A function workers cannot import (it lives only in this process): each dies starting.
    ghost = types.ModuleType("ghost_module_for_test")
    exec("def triple(chunk):\n    return [3 * i for i in chunk.items]", ghost.__dict__)
    sys.modules[ghost.__name__] = ghost
    ghost.triple.__module__ = ghost.__name__
    pool = _pool()
    try:
        with pytest.warns(RuntimeWarning, match="could not start"):
            outcomes = list(pool.map_chunks(ghost.triple, [Numbers((1, 2)), Numbers((3,))]))
    finally:
        pool.close()
        del sys.modules[ghost.__name__]
    assert sorted(v for o in outcomes if isinstance(o, Done) for v in o.value) == [3, 6, 9]


# --- sqlglot's compiled build and its pure-Python fallback ---------------------------------


def test_a_fresh_process_can_choose_the_pure_build() -> None:
    code = ("from engine.executors.purebuild import use_pure_build; use_pure_build(); "
            "import sqlglot.tokens as t; print(t.SQLGLOTC_INSTALLED)")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True, timeout=60)
    assert out.stdout.strip() == "False"


@pytest.mark.skipif(not compiled_build_loaded(), reason="sqlglotc (the compiled build) is not "
                    "installed: there is no compiled failure to fall back from")
def test_a_compiled_build_failure_is_retried_with_the_pure_build() -> None:
    task = Task(path="a.sql", text="-- poison: compiled\nCREATE TABLE s.t AS SELECT id FROM raw.u",
                sha256="a")
    schema = {"raw.u": {"id": ""}}
    job = work.ExtractJob("postgres", (task,), schema)
    (result,) = work.extract_chunk(job, extract=poisoned_extract)
    assert result.lineage == extract_task(task, "postgres", schema)
    assert result.lineage.status == "ok"


# --- Dask ----------------------------------------------------------------------------------


def test_dask_cluster_gives_the_local_result(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="Dask is not installed (pip install 'lineage-policy[dask]')"
    )
    sql = {
        "sql/a.sql": "CREATE TABLE stg.users AS SELECT id, lower(email) AS email FROM raw.users;",
        "sql/b.sql": "CREATE TABLE mart.users AS SELECT * FROM stg.users;",
        "sql/c.sql": "INSERT INTO export.feed SELECT u.email, u.id FROM mart.users u;",
        "sql/d.sql": "CREATE TABLE mart.bad AS SELECT FROM WHERE;",
    }
    catalog = make_project(CATALOG, sql=sql)
    local = run_at(catalog, jobs=1, use_cache=False, build=False)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, worker_dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address.replace("tcp", "dask")
        remote = run_at(catalog, executor=address, use_cache=False, build=False)
        ran = set(cluster.scheduler.task_prefixes)
        monkeypatch.setattr(work, "LINEAGE_VERSION", "other code")  # as if the workers differ
        with pytest.raises(ExecutorError, match="another lineage-policy or sqlglot version"):
            run_at(catalog, executor=address, use_cache=False, build=False)
    assert {"scan_chunk", "extract_chunk"} <= ran  # the work really went to the cluster
    assert remote.lineage == local.lineage
    assert remote.findings == local.findings
    assert [t.status for t in remote.lineage] == ["ok", "ok", "ok", "unknown"]


def test_restart_gives_each_statement_its_own_time() -> None:
    outcomes = []
    with time_limit(0.3, statements=10) as restart:  # 3 s pooled, but 0.3 s once restarted
        for seconds in (0.2, 0.2, 0.2, 5):
            restart()
            try:
                outcomes.append(_busy(seconds))
            except TimeLimitExceeded:
                outcomes.append("timed out")
    assert outcomes == ["ok", "ok", "ok", "timed out"]


def test_a_slow_statement_is_cut_at_its_own_limit_and_the_next_ones_still_run() -> None:
    # ~3 s to parse and analyse alone: well within the file's pooled budget (21 statements x
    # 0.5 s), but over its own 0.5 s.
    wide = ", ".join(f"coalesce(a.c{i}, b.c{i}, 0) + 1 AS c{i}" for i in range(12000))
    quick = "".join(f"INSERT INTO m.q{i} SELECT y FROM s.t;\n" for i in range(19))
    text = (f"INSERT INTO m.a SELECT x FROM s.t;\n"
            f"INSERT INTO m.b SELECT {wide} FROM s.a a JOIN s.b b ON a.id = b.id;\n{quick}")
    task = Task(path="slow.sql", text=text, sha256="s")
    (result,) = work.extract_chunk(work.ExtractJob(None, (task,), {}, time_limit=0.5))
    lineage = result.lineage
    assert lineage.status == "partial"
    assert {e.target.asset for e in lineage.all_edges()} == {
        "m.a", *(f"m.q{i}" for i in range(19))}
    (diag,) = lineage.diagnostics
    assert "0.5 s per statement" in diag.message
    assert diag.location is not None and diag.location.line == 2


def test_tasks_are_in_path_order_and_the_first_creator_is_the_first_path(
    make_project: MakeProject,
) -> None:
    # Path order compares directories by name (`a/` before `a-b/`), which string order would
    # not ('-' sorts before '/'): c.sql sees stg.x as the last creator before it, sql/a-b/x.sql,
    # left it.
    sql = {
        "sql/a-b/x.sql": "CREATE TABLE stg.x AS SELECT id FROM raw.users;",
        "sql/a/x.sql": "CREATE TABLE stg.x AS SELECT email FROM raw.users;",
        "sql/c.sql": "CREATE TABLE mart.m AS SELECT * FROM stg.x;",
    }
    catalog = make_project(CATALOG, sql=sql)
    project = pipeline.load_project(catalog)
    assert [t.path for t in project.tasks] == ["sql/a/x.sql", "sql/a-b/x.sql", "sql/c.sql"]
    lineage = extraction.extract_all(project.tasks, project.catalog)
    m = next(t for t in lineage if t.task == "sql/c.sql")
    assert {e.target.id for e in m.all_edges()} == {"mart.m.id"}
