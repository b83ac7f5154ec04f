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


def test_dbt_rebuilds_make_only_their_models(make_project: MakeProject) -> None:
    sql = {
        "sql/a.sql": _dbt_table("a", "select id, email from raw.users"),
        "sql/b.sql": _dbt_table("b", "select id, upper(email) as email from dbt.a"),
    }
    result = run_at(make_project(CATALOG, sql, {"p.yaml": POLICIES}))
    assert set(result.assets) == {"raw.users", "dbt.a", "dbt.b"}
    assert tags_of(result, "dbt.b.email") == {"pii"}
    assert result.assets["dbt.a"].read_by == ("sql/a.sql", "sql/b.sql")
    # no finding names a __dbt table; b's columns nothing reads are dead
    found = {(f.policy, f.asset, f.column) for f in result.findings}
    assert found == {("dead", "dbt.b", "id"), ("dead", "dbt.b", "email")}
