"""Tables that later files ALTER (a Flyway-style migration history): each task sees a table as
the files before it left it, task order rotated to start at the table's definer
(`engine.altered`). Whatever order a pool completes work in, and warm or cold."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

import engine.executors.work as work
import engine.extraction as extraction
import engine.pipeline as pipeline
from engine.cache import LineageCache
from engine.executors.pool import LocalPoolExecutor
from engine.lineage.references import References
from engine.models import TaskLineage
from tests.conftest import USERS_CATALOG, MakeProject, run_at, tags_of
from tests.executor_helpers import ReversedExecutor

FLYWAY = {
    "sql/V1__create_users.sql": "CREATE TABLE app.users (id int);",
    "sql/V2__load_users.sql": "INSERT INTO app.users SELECT id FROM raw.users;",
    "sql/V3__add_email.sql": "ALTER TABLE app.users ADD COLUMN email text;",
    "sql/V4__backfill.sql": "INSERT INTO app.users SELECT id, email FROM raw.users;",
    "sql/V5__view.sql": "CREATE VIEW app.users_v AS SELECT * FROM app.users;",
}

TSQL_CATALOG = USERS_CATALOG.replace("dialect: postgres", "dialect: tsql")


def _edges(lineage: Sequence[TaskLineage]) -> dict[str, set[tuple[str, str]]]:
    return {t.task: {(str(e.source), str(e.target)) for e in t.all_edges()} for t in lineage}


def _messages(lineage: Sequence[TaskLineage]) -> dict[str, list[str]]:
    return {t.task: [d.message for d in t.diagnostics] for t in lineage if t.diagnostics}


def _extract(make_project: MakeProject, sql: dict[str, str], catalog: str = USERS_CATALOG,
             **kwargs: object) -> tuple[TaskLineage, ...]:
    project = pipeline.load_project(make_project(catalog, sql=sql))
    lineage = extraction.extract_all(project.tasks, project.catalog, **kwargs)  # type: ignore[arg-type]
    # a pool hands results back in any order: the lineage must not depend on it
    assert extraction.extract_all(project.tasks, project.catalog,
                                  executor=ReversedExecutor()) == lineage  # type: ignore[arg-type]
    return lineage


def test_each_migration_sees_the_table_as_the_earlier_ones_left_it(
    make_project: MakeProject,
) -> None:
    lineage = _extract(make_project, FLYWAY)
    edges = _edges(lineage)
    # V2 runs before the column exists: its one value fills id, and nothing is stale
    assert edges["sql/V2__load_users.sql"] == {("raw.users.id", "app.users.id")}
    assert edges["sql/V4__backfill.sql"] == {
        ("raw.users.id", "app.users.id"), ("raw.users.email", "app.users.email")}
    assert edges["sql/V5__view.sql"] == {
        ("app.users.id", "app.users_v.id"), ("app.users.email", "app.users_v.email")}
    assert _messages(lineage) == {}


def test_a_column_renamed_in_a_later_file_keeps_its_data_and_its_new_name(
    make_project: MakeProject,
) -> None:
    sql = {
        "sql/V1__create.sql": "CREATE TABLE app.t (a int, b int);",
        "sql/V2__rename.sql": "ALTER TABLE app.t RENAME COLUMN a TO a2;",
        "sql/V3__drop.sql": "ALTER TABLE app.t DROP COLUMN b;",
        "sql/V4__view.sql": "CREATE VIEW app.v AS SELECT * FROM app.t;",
        "sql/V5__load.sql": "INSERT INTO app.t SELECT id FROM raw.users;",
    }
    stats: dict[str, int] = {}
    edges = _edges(_extract(make_project, sql, stats=stats))
    # the rename reads the table as V1 left it, however often the run's schema is settled
    assert edges["sql/V2__rename.sql"] == {("app.t.a", "app.t.a2")}
    assert edges["sql/V4__view.sql"] == {("app.t.a2", "app.v.a2")}
    assert edges["sql/V5__load.sql"] == {("raw.users.id", "app.t.a2")}
    assert stats == {"extractions": 5, "passes": 1}  # in order: each extracted once


def test_a_t_sql_column_rename_in_a_later_file_is_an_alter(make_project: MakeProject) -> None:
    """`sp_rename 'dbo.t.c', 'd', 'COLUMN'` is T-SQL's RENAME COLUMN: later files see `d`."""
    sql = {
        "sql/V1__create.sql": "CREATE TABLE dbo.t (a int, b int);",
        "sql/V2__rename.sql": "EXEC sp_rename 'dbo.t.a', 'a2', 'COLUMN';",
        "sql/V3__view.sql": "CREATE VIEW dbo.v AS SELECT * FROM dbo.t;",
    }
    lineage = _extract(make_project, sql, TSQL_CATALOG)
    edges = _edges(lineage)
    assert edges["sql/V2__rename.sql"] == {("dbo.t.a", "dbo.t.a2")}
    assert edges["sql/V3__view.sql"] == {("dbo.t.a2", "dbo.v.a2"), ("dbo.t.b", "dbo.v.b")}
    assert _messages(lineage) == {}


def test_a_dbt_sqlserver_dag_built_by_renames_settles_in_one_pass(
    make_project: MakeProject,
) -> None:
    """dbt-sqlserver builds each model as `m__dbt_tmp` and `sp_rename`s it: the names are
    strings, which the reference scan reads too, so producers run before their readers (a
    12-model chain took a pass per model and ran out of passes)."""
    sql = {}
    for n in range(1, 13):
        source = "raw.users" if n == 1 else f"dbt.m{n - 1}"
        sql[f"sql/m{n:02d}.sql"] = (f"SELECT *, 1 AS c{n} INTO dbt.m{n}__dbt_tmp FROM {source};\n"
                                    f"EXEC sp_rename 'dbt.m{n}__dbt_tmp', 'm{n}';")
    stats: dict[str, int] = {}
    lineage = _extract(make_project, sql, TSQL_CATALOG, stats=stats)
    (last,) = [s for s in lineage[-1].statements if s.target == "dbt.m12"]
    assert set(last.target_columns) == {"id", "email", "country", *(f"c{n}" for n in range(1, 13))}
    # the tmp table, renamed away by its file, is no asset: m12 is written from m11
    assert {s for s, _ in _edges(lineage)["sql/m12.sql"]} == {
        f"dbt.m11.{c}" for c in ("id", "email", "country", *(f"c{n}" for n in range(1, 12)))}
    assert _messages(lineage) == {}
    assert stats == {"extractions": 12, "passes": 1}


def test_a_task_still_stale_when_the_passes_run_out_says_so(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lineage extracted against columns that changed since is never silently kept. (With a
    scan that sees no names, every task runs in one wave: the view before the table exists.)"""
    project = pipeline.load_project(make_project(USERS_CATALOG, sql=FLYWAY))
    monkeypatch.setattr(work, "scan_references", lambda text, dialect: References())
    monkeypatch.setattr(extraction, "MAX_SCHEMA_PASSES", 1)
    state: list[extraction.LineageState] = []
    lineage = extraction.extract_all(project.tasks, project.catalog, state=state)
    by_task = {t.task: t for t in lineage}
    assert by_task["sql/V5__view.sql"].status == "partial"
    # (its other messages: the table it read did not exist yet when it was extracted)
    assert any("after 1 pass over" in m for m in _messages(lineage)["sql/V5__view.sql"])
    assert state == []  # a later run may not start from an unsettled one
    # this history takes three passes with such a scan: a limit of three settles on its last
    # pass, which is checked too (the loop used to stop before checking it)
    monkeypatch.setattr(extraction, "MAX_SCHEMA_PASSES", 3)
    stats: dict[str, int] = {}
    lineage = extraction.extract_all(project.tasks, project.catalog, stats=stats, state=state)
    assert stats["passes"] == 3 and _messages(lineage) == {} and len(state) == 1


def test_a_create_if_not_exists_in_a_later_file_leaves_the_table_as_it_is(
    make_project: MakeProject,
) -> None:
    """Idempotent scripts each `CREATE TABLE IF NOT EXISTS` the table they log to: the first
    one in order makes it; a later one, even declaring other columns, changes nothing."""
    sql = {
        "sql/V1__create.sql": "CREATE TABLE IF NOT EXISTS app.log (job text, n int);",
        "sql/V2__again.sql": "CREATE TABLE IF NOT EXISTS app.log (job text);\n"
                             "INSERT INTO app.log SELECT country, id FROM raw.users;",
        "sql/V3__view.sql": "CREATE VIEW app.log_v AS SELECT * FROM app.log;",
        "sql/V4__rebuild.sql": "CREATE TABLE app.log (job text);",
        "sql/V5__view.sql": "CREATE VIEW app.log_w AS SELECT * FROM app.log;",
    }
    lineage = _extract(make_project, sql)
    edges = _edges(lineage)
    assert edges["sql/V2__again.sql"] == {
        ("raw.users.country", "app.log.job"), ("raw.users.id", "app.log.n")}
    assert edges["sql/V3__view.sql"] == {
        ("app.log.job", "app.log_v.job"), ("app.log.n", "app.log_v.n")}
    assert edges["sql/V5__view.sql"] == {("app.log.job", "app.log_w.job")}  # V4 rebuilt it
    assert _messages(lineage) == {}


def test_a_file_sorting_before_the_definer_sees_every_alter(make_project: MakeProject) -> None:
    # `marts/` sorts before `staging/`, but cannot run before the table exists; the staging
    # file between the two sees it before its ALTER
    sql = {
        "sql/marts/contacts.sql": "CREATE TABLE mart.contacts AS SELECT * FROM stg.users;",
        "sql/staging/a_users.sql": "CREATE TABLE stg.users AS SELECT id FROM raw.users;",
        "sql/staging/b_copy.sql": "CREATE TABLE stg.copy AS SELECT * FROM stg.users;",
        "sql/staging/c_email.sql": "ALTER TABLE stg.users ADD COLUMN email text;\n"
                                   "UPDATE stg.users u SET email = r.email FROM raw.users r"
                                   " WHERE r.id = u.id;",
    }
    edges = _edges(_extract(make_project, sql))
    assert edges["sql/marts/contacts.sql"] == {
        ("stg.users.id", "mart.contacts.id"), ("stg.users.email", "mart.contacts.email")}
    assert edges["sql/staging/b_copy.sql"] == {("stg.users.id", "stg.copy.id")}
    assert ("raw.users.email", "stg.users.email") in edges["sql/staging/c_email.sql"]


@pytest.mark.parametrize("step", [
    "ALTER TABLE app.t ADD COLUMN c{i} int;",
    "CREATE OR REPLACE TABLE app.t AS SELECT *, 1 AS c{i} FROM app.t;",
], ids=["alter", "create-again"])
def test_a_long_chain_of_versions_settles(make_project: MakeProject, step: str) -> None:
    sql = {"sql/V00__create.sql": "CREATE TABLE app.t (c0 int);"}
    for i in range(1, 13):
        sql[f"sql/V{i:02d}__add.sql"] = step.format(i=i)
    sql["sql/V99__view.sql"] = "CREATE VIEW app.v AS SELECT * FROM app.t;"
    stats: dict[str, int] = {}
    lineage = _extract(make_project, sql, stats=stats)
    assert {t for _, t in _edges(lineage)["sql/V99__view.sql"]} == {
        f"app.v.c{i}" for i in range(13)}
    # one file after another (`plan.waves`), not a pass per link of the chain
    assert stats == {"extractions": 14, "passes": 1}


def test_a_warm_run_after_a_migration_changes_matches_a_cold_one(
    make_project: MakeProject, tmp_path: Path,
) -> None:
    project_path = make_project(USERS_CATALOG, sql=FLYWAY)
    cache = LineageCache(tmp_path / "cache.sqlite")
    project = pipeline.load_project(project_path)
    state: list[extraction.LineageState] = []
    extraction.extract_all(project.tasks, project.catalog, cache=cache, state=state)
    (project_path.parent / "sql/V3__add_email.sql").write_text(
        "ALTER TABLE app.users ADD COLUMN email text, ADD COLUMN country text;")
    project = pipeline.load_project(project_path)
    cold = extraction.extract_all(project.tasks, project.catalog)
    assert ("app.users.country", "app.users_v.country") in _edges(cold)["sql/V5__view.sql"]
    assert extraction.extract_all(project.tasks, project.catalog, cache=cache) == cold
    assert extraction.extract_all(project.tasks, project.catalog, since=state[0]) == cold


def test_a_pool_ships_each_task_its_own_view(make_project: MakeProject) -> None:
    # V2 must see app.t before V3's rename: against the final columns it would write `b`
    sql = {
        "sql/V1__create.sql": "CREATE TABLE app.t (a int);",
        "sql/V2__load.sql": "INSERT INTO app.t SELECT id FROM raw.users;",
        "sql/V3__rename.sql": "ALTER TABLE app.t RENAME COLUMN a TO b;",
    }
    project = pipeline.load_project(make_project(USERS_CATALOG, sql=sql))
    pool = LocalPoolExecutor(2, min_batch_bytes=0)
    try:
        pooled = extraction.extract_all(project.tasks, project.catalog, executor=pool)
    finally:
        pool.close()
    edges = _edges(pooled)  # worker processes: each job carries its tasks' views
    assert edges["sql/V2__load.sql"] == {("raw.users.id", "app.t.a")}
    assert edges["sql/V3__rename.sql"] == {("app.t.a", "app.t.b")}
    assert pooled == extraction.extract_all(project.tasks, project.catalog)


def test_a_tag_reaches_a_column_a_later_migration_adds(make_project: MakeProject) -> None:
    result = run_at(make_project(USERS_CATALOG, sql=FLYWAY))
    assert tags_of(result, "app.users.email") == {"pii"}
    assert tags_of(result, "app.users_v.email") == {"pii"}
    assert tags_of(result, "app.users_v.id") == set()


def test_a_view_replaced_or_a_table_rebuilt_in_a_later_file_changes_what_later_files_see(
    make_project: MakeProject,
) -> None:
    sql = {
        "sql/V1__users.sql": "CREATE TABLE app.users (id int, email text);",
        "sql/V2__view.sql": "CREATE VIEW app.v AS SELECT id FROM app.users;",
        "sql/V3__copy.sql": "CREATE TABLE app.c1 AS SELECT * FROM app.v;",
        "sql/V4__view_again.sql": "CREATE OR REPLACE VIEW app.v AS SELECT id, email"
                                  " FROM app.users;",
        "sql/V5__rebuild.sql": "ALTER TABLE app.users RENAME TO users_old;\n"
                               "CREATE TABLE app.users (id int, email text, phone text);\n"
                               "INSERT INTO app.users (id, email) SELECT id, email"
                               " FROM app.users_old;",
        "sql/V6__copy.sql": "CREATE TABLE app.c2 AS SELECT * FROM app.v;\n"
                            "CREATE TABLE app.c3 AS SELECT * FROM app.users;",
    }
    edges = _edges(_extract(make_project, sql))
    assert edges["sql/V3__copy.sql"] == {("app.v.id", "app.c1.id")}
    assert {t for _, t in edges["sql/V6__copy.sql"]} == {
        "app.c2.id", "app.c2.email", "app.c3.id", "app.c3.email", "app.c3.phone"}


def test_migrations_run_in_version_order_v2_before_v10(make_project: MakeProject) -> None:
    sql = {
        "sql/V1__create.sql": "CREATE TABLE app.t (a int);",
        "sql/V2__rename.sql": "ALTER TABLE app.t RENAME COLUMN a TO b;",
        "sql/V10__view.sql": "CREATE VIEW app.v AS SELECT b FROM app.t;",
    }
    lineage = _extract(make_project, sql)
    assert _edges(lineage)["sql/V10__view.sql"] == {("app.t.b", "app.v.b")}
    assert _messages(lineage) == {}


def test_flyway_minor_versions_run_between_their_major_ones(make_project: MakeProject) -> None:
    sql = {
        "sql/V1__create.sql": "CREATE TABLE app.t (id int);",
        "sql/V1_1__add_email.sql": "ALTER TABLE app.t ADD COLUMN email text;",
        "sql/V1.2__load.sql": "INSERT INTO app.t SELECT id, email FROM raw.users;",
        "sql/V2__export.sql": "CREATE TABLE export.feed AS SELECT * FROM app.t;",
    }
    edges = _edges(_extract(make_project, sql))
    assert ("raw.users.email", "app.t.email") in edges["sql/V1.2__load.sql"]
    assert ("app.t.email", "export.feed.email") in edges["sql/V2__export.sql"]


def test_a_create_defines_a_table_over_an_insert_that_sorts_before_it(
    make_project: MakeProject,
) -> None:
    sql = {
        "sql/etl/load.sql": "INSERT INTO app.accounts SELECT id, email FROM raw.users;",
        "sql/migrations/V1__accounts.sql": "CREATE TABLE app.accounts (acct_id int,"
                                          " owner_email text);",
    }
    edges = _edges(_extract(make_project, sql))
    assert edges["sql/etl/load.sql"] == {
        ("raw.users.id", "app.accounts.acct_id"), ("raw.users.email", "app.accounts.owner_email")}


def test_an_update_names_the_columns_it_sets_not_the_table_s(make_project: MakeProject) -> None:
    sql = {
        "sql/V1__backfill.sql": "UPDATE app.crm c SET phone = r.email FROM raw.users r"
                                " WHERE r.id = c.id;",
        "sql/V2__copy.sql": "CREATE TABLE app.crm_copy AS SELECT * FROM app.crm;",
    }
    lineage = _extract(make_project, sql)
    messages = _messages(lineage)["sql/V2__copy.sql"]
    assert any("columns of app.crm are unknown" in m for m in messages)


def test_a_warm_run_sees_a_version_change_the_final_columns_hide(
    make_project: MakeProject, tmp_path: Path,
) -> None:
    """V2 adds a column V4 drops: the final columns stay (a); V3 saw V2's version."""
    sql = {
        "sql/V1__create.sql": "CREATE TABLE app.t (a int);",
        "sql/V2__add.sql": "ALTER TABLE app.t ADD COLUMN b int;",
        "sql/V3__copy.sql": "CREATE TABLE app.c AS SELECT * FROM app.t;",
        "sql/V4__drop.sql": "ALTER TABLE app.t DROP COLUMN b;",
    }
    project_path = make_project(USERS_CATALOG, sql=sql)
    cache = LineageCache(tmp_path / "cache.sqlite")
    project = pipeline.load_project(project_path)
    state: list[extraction.LineageState] = []
    extraction.extract_all(project.tasks, project.catalog, cache=cache, state=state)
    sql_dir = project_path.parent / "sql"
    (sql_dir / "V2__add.sql").write_text("ALTER TABLE app.t ADD COLUMN z int;")
    (sql_dir / "V4__drop.sql").write_text("ALTER TABLE app.t DROP COLUMN z;")
    project = pipeline.load_project(project_path)
    cold = extraction.extract_all(project.tasks, project.catalog)
    assert {t for _, t in _edges(cold)["sql/V3__copy.sql"]} == {"app.c.a", "app.c.z"}
    assert extraction.extract_all(project.tasks, project.catalog, cache=cache) == cold
    assert extraction.extract_all(project.tasks, project.catalog, since=state[0]) == cold


def test_a_table_only_a_merge_writes_has_its_insert_branch_columns(
    make_project: MakeProject,
) -> None:
    """dbt's `target/run` of an incremental model after its first run is a MERGE alone: its
    `WHEN NOT MATCHED THEN INSERT (cols)` list is the table's columns for other files, as an
    INSERT's list is (a `SELECT *` from it expands to them); an UPDATE-only MERGE guesses none."""
    sql = {
        "sql/a_load.sql": "MERGE INTO stg.seen AS d USING (SELECT id, email FROM raw.users) AS s"
                          " ON d.id = s.id WHEN MATCHED THEN UPDATE SET email = s.email"
                          " WHEN NOT MATCHED THEN INSERT (id, email) VALUES (s.id, s.email);",
        "sql/b_touch.sql": "MERGE INTO stg.touched AS d USING raw.users AS s ON d.id = s.id"
                           " WHEN MATCHED THEN UPDATE SET email = s.email;",
        "sql/c_read.sql": "CREATE TABLE mart.copy AS SELECT * FROM stg.seen;\n"
                          "CREATE TABLE mart.other AS SELECT id, country FROM stg.touched;",
    }
    lineage = _extract(make_project, sql)
    assert _edges(lineage)["sql/c_read.sql"] == {
        ("stg.seen.id", "mart.copy.id"), ("stg.seen.email", "mart.copy.email"),
        ("stg.touched.id", "mart.other.id"), ("stg.touched.country", "mart.other.country")}
    assert _messages(lineage) == {}
