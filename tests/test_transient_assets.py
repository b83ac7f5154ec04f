"""Tables a file makes and then drops or renames away: no assets, end to end (SQL in, assets,
tags and cleanup findings out). The lineage itself: `tests/lineage/cases/transient_tables.sql`."""

from __future__ import annotations

import pytest

from engine.lineage import extract_task
from engine.models import Task, TaskLineage
from tests.conftest import USERS_CATALOG, MakeProject, run_at, tags_of

POLICIES = """
policies:
  - {id: unused, kind: cleanup, severity: info, check: unused}
  - {id: dead, kind: cleanup, severity: info, check: dead-columns}
"""


def _dbt_table(model: str, query: str, index: str | None = None) -> str:
    """What dbt-postgres runs for a table model: build, move the old one aside, swap, (index
    it: the `indexes` config), drop."""
    indexed = (f'create index if not exists "{model}_{index}" on "dbt"."{model}" ({index});\n'
               if index else "")
    return (f'create table "dbt"."{model}__dbt_tmp" as ({query});\n'
            f'alter table "dbt"."{model}" rename to "{model}__dbt_backup";\n'
            f'alter table "dbt"."{model}__dbt_tmp" rename to "{model}";\n'
            f'{indexed}drop table if exists "dbt"."{model}__dbt_backup" cascade;\n')


def test_dbt_rebuilds_make_only_their_models_and_the_last_model_is_unused(
    make_project: MakeProject,
) -> None:
    sql = {
        "sql/a.sql": _dbt_table("a", "select id, email from raw.users"),
        "sql/b.sql": _dbt_table("b", "select id, upper(email) as email from dbt.a", "id"),
    }
    result = run_at(make_project(USERS_CATALOG, sql, {"p.yaml": POLICIES}))
    assert set(result.assets) == {"raw.users", "dbt.a", "dbt.b"}
    assert tags_of(result, "dbt.b.email") == {"pii"}
    # a file moves its model's last build into a backup it drops unread: no read of the model
    assert result.assets["dbt.a"].read_by == ("sql/b.sql",)
    found = {(f.policy, f.asset, f.column) for f in result.findings}
    assert found == {("unused", "dbt.b", None), ("dead", "dbt.b", "id"),
                     ("dead", "dbt.b", "email")}


TSQL_CATALOG = USERS_CATALOG.replace("dialect: postgres", "dialect: tsql")


def _lineage(dialect: str, sql: str) -> TaskLineage:
    """The lineage of one file `sql` reading m(a) and writing x(n)."""
    return extract_task(Task(path="a.sql", text=sql, sha256=""), dialect,
                        {"m": {"a": "int"}, "x": {"n": "int"}})


def test_a_temp_table_dropped_unread_reads_nothing_unless_something_unseen_ran_between(
    make_project: MakeProject,
) -> None:
    sql = {
        "sql/load.sql": "SELECT id, email INTO stg.u FROM raw.users;",
        # read into a temp table dropped unread: no use of stg.u
        "sql/scratch.sql": "SELECT id INTO #s FROM stg.u; DROP TABLE #s;",
        # a procedure the engine cannot see may read the temp table: a use
        "sql/proc.sql": "SELECT id INTO #stage FROM stg.u; EXEC dbo.load_from_stage;"
                        " DROP TABLE #stage;",
        # so may a statement that does not parse
        "sql/broken.sql": "SELECT id INTO #w FROM stg.u; INSERT INTO mart.m SELEC id FROM #w;"
                          " DROP TABLE #w;",
    }
    result = run_at(make_project(TSQL_CATALOG, sql, {"p.yaml": POLICIES}))
    assert result.assets["stg.u"].read_by == ("sql/broken.sql", "sql/proc.sql")


@pytest.mark.parametrize(
    ("dialect", "sql"),
    [
        pytest.param("tsql", "SELECT a INTO #t FROM m; IF EXISTS (SELECT 1 FROM #t)"
                     " BEGIN INSERT INTO x (n) VALUES (1) END; DROP TABLE #t;", id="if-condition"),
        pytest.param("snowflake", "CREATE TEMP TABLE t AS SELECT a FROM m;"
                     " SET n = (SELECT COUNT(*) FROM t); DROP TABLE t;", id="set-from-a-query"),
        pytest.param("postgres", "CREATE TEMP TABLE t AS SELECT a FROM m; DO $$ BEGIN IF EXISTS"
                     " (SELECT 1 FROM t) THEN INSERT INTO x VALUES (1); END IF; END $$;"
                     " DROP TABLE t;", id="blanked-control-flow"),
        pytest.param("postgres", "CREATE TEMP TABLE t AS SELECT a FROM m; DO $$ DECLARE v int;"
                     " BEGIN SELECT a INTO v FROM t; END $$; DROP TABLE t;",
                     id="select-into-variables"),
        pytest.param("postgres", "DO $$ BEGIN CREATE TEMP TABLE t AS SELECT a FROM m; IF EXISTS"
                     " (SELECT 1 FROM t) THEN INSERT INTO x VALUES (1); END IF; DROP TABLE t;"
                     " END $$;", id="made-and-dropped-in-a-body-with-control-flow"),
    ],
)
def test_a_temp_table_read_only_where_statements_do_not_show_it_keeps_its_reads(
    dialect: str, sql: str
) -> None:
    """Control flow and variable assignments read tables no statement's lineage shows: the
    temp table's write keeps its sources."""
    lineage = _lineage(dialect, sql)
    assert lineage.statements[0].sources == ("m",)


@pytest.mark.parametrize(
    "between",
    [
        pytest.param("UPDATE #t SET a = a + 1;", id="update-of-itself"),
        # what it reads from x goes into #t only: nowhere either
        pytest.param("UPDATE t SET a = x.n FROM #t t JOIN x ON x.n = t.a;", id="update-from-join"),
        pytest.param("INSERT INTO #t SELECT a FROM #t;", id="insert-from-itself"),
        pytest.param("DELETE FROM #t WHERE a IN (SELECT a FROM #t WHERE a < 0);",
                     id="delete-by-itself"),
    ],
)
def test_a_temp_table_that_only_reads_itself_before_its_drop_is_dropped_unread(
    between: str,
) -> None:
    """Statements that write the temp table from its own rows move them within it: nothing
    outside the table read them, so the writes read nothing that went anywhere."""
    sql = f"SELECT a INTO #t FROM m; {between} DROP TABLE #t;"
    lineage = _lineage("tsql", sql)
    assert lineage.statements and all(s.sources == () for s in lineage.statements)


def test_a_temp_table_updated_from_itself_then_read_keeps_its_reads() -> None:
    """Guard for the rule above: once another statement reads the table, every write into it
    went somewhere."""
    sql = ("SELECT a INTO #t FROM m; UPDATE #t SET a = a + 1;"
           " INSERT INTO x SELECT a FROM #t; DROP TABLE #t;")
    lineage = _lineage("tsql", sql)
    assert [s.sources for s in lineage.statements] == [("m",), ("m",), ("m",)]


@pytest.mark.parametrize(
    ("dialect", "sql"),
    [
        pytest.param("tsql", "BEGIN TRAN\nSELECT a INTO #t FROM m\nGO\nIF @@ROWCOUNT > 0 PRINT 'x'"
                     "\nCOMMIT\nDROP TABLE #t\nGO\n", id="tsql-batches-and-a-transaction"),
        pytest.param("mysql", "DELIMITER $$\nCREATE TEMPORARY TABLE t AS SELECT a FROM m$$\n"
                     "DELIMITER ;\nDROP TABLE t;", id="mysql-delimiter"),
        pytest.param("tsql", "SELECT a INTO #t FROM m; IF EXISTS (SELECT 1 FROM x) BEGIN"
                     " INSERT INTO x (n) VALUES (1) END; DROP TABLE #t;",
                     id="a-condition-reading-another-table"),
        pytest.param("tsql", "IF OBJECT_ID('tempdb..#t') IS NOT NULL DROP TABLE #t\n"
                     "SELECT a INTO #t FROM m\nDROP TABLE #t\n", id="tsql-drop-if-exists-guard"),
        pytest.param("postgres", "CREATE FUNCTION f() RETURNS void AS $$ BEGIN"
                     " CREATE TEMP TABLE t AS SELECT a FROM m; IF EXISTS (SELECT 1 FROM x) THEN"
                     " INSERT INTO x VALUES (1); END IF; DROP TABLE t; END $$ LANGUAGE plpgsql;",
                     id="a-body-whose-condition-reads-another-table"),
        pytest.param("postgres", "CREATE TEMP TABLE t AS SELECT a FROM m;\n\\copy x (n) FROM"
                     " 'n.csv' CSV\nDROP TABLE t;\n", id="a-psql-client-copy-of-another-table"),
        pytest.param("postgres", "CREATE TEMP TABLE t AS SELECT a FROM m;\n\\copy x (n) FROM"
                     " data/n.csv\nDROP TABLE t;\n", id="a-psql-client-copy-of-an-unquoted-file"),
    ],
)
def test_what_a_script_blanks_keeps_a_temp_table_read_only_where_it_names_it(
    dialect: str, sql: str
) -> None:
    """Batches, transactions, client delimiters and conditions that do not name the temp table
    read nothing of it: its write, dropped unread, reads nothing that went anywhere."""
    lineage = _lineage(dialect, sql)
    assert lineage.statements[0].sources == ()
