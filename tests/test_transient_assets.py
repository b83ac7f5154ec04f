"""Tables a file makes and then drops or renames away: no assets, end to end (SQL in, assets,
tags and cleanup findings out). The lineage itself: `tests/lineage/cases/transient_tables.sql`."""

from __future__ import annotations

from tests.conftest import MakeProject, run_at, tags_of

CATALOG = """
dialect: postgres
sources: {sql: ["sql/**/*.sql"]}
tags: {pii: {}}
assets:
  raw.users:
    columns:
      id: {}
      email: {tags: [pii]}
"""

POLICIES = """
policies:
  - {id: unused, kind: cleanup, severity: info, check: unused}
  - {id: dead, kind: cleanup, severity: info, check: dead-columns}
"""


def _dbt_table(model: str, query: str) -> str:
    """What dbt-postgres runs for a table model: build, move the old one aside, swap, drop."""
    return (f'create table "dbt"."{model}__dbt_tmp" as ({query});\n'
            f'alter table "dbt"."{model}" rename to "{model}__dbt_backup";\n'
            f'alter table "dbt"."{model}__dbt_tmp" rename to "{model}";\n'
            f'drop table if exists "dbt"."{model}__dbt_backup" cascade;\n')


def test_dbt_rebuilds_make_only_their_models_and_the_last_model_is_unused(
    make_project: MakeProject,
) -> None:
    sql = {
        "sql/a.sql": _dbt_table("a", "select id, email from raw.users"),
        "sql/b.sql": _dbt_table("b", "select id, upper(email) as email from dbt.a"),
    }
    result = run_at(make_project(CATALOG, sql, {"p.yaml": POLICIES}))
    assert set(result.assets) == {"raw.users", "dbt.a", "dbt.b"}
    assert tags_of(result, "dbt.b.email") == {"pii"}
    found = {(f.policy, f.asset, f.column) for f in result.findings}
    # b.sql moves the last b aside only to drop it: no reader of b; a is read by b.sql
    assert found == {("unused", "dbt.b", None), ("dead", "dbt.b", "id"),
                     ("dead", "dbt.b", "email")}


def test_a_temp_table_read_into_nothing_uses_nothing_but_one_read_uses_its_sources(
    make_project: MakeProject,
) -> None:
    sql = {
        "sql/load.sql": "create table stg.u as select id, email from raw.users;",
        # stg.u read into a temp table nothing reads: no use of stg.u
        "sql/scratch.sql": "create temp table s as select id from stg.u; drop table s;",
        # read through a temp table into mart.m: a use of stg.u
        "sql/mart.sql": "create temp table w as select email from stg.u;\n"
                        "create table mart.m as select email from w;",
    }
    result = run_at(make_project(CATALOG, sql, {"p.yaml": POLICIES}))
    assert result.assets["stg.u"].read_by == ("sql/mart.sql",)
    assert tags_of(result, "mart.m.email") == {"pii"}
