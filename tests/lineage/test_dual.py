"""`FROM dual` (Oracle, MySQL, Snowflake) names a one-row dummy, never a source table."""

from __future__ import annotations

import pytest

from engine.lineage import extract_task
from engine.models import Task, TaskLineage

SCHEMA = {"s.x": {"id": "int", "v": "text"}, "dw.t": {"id": "int", "v": "text"}}


def run(text: str, dialect: str) -> TaskLineage:
    return extract_task(Task(path="sql/job.sql", text=text, sha256="f" * 64), dialect, SCHEMA)


def _sources(result: TaskLineage) -> list[tuple[str, ...]]:
    return [tuple(s.sources) for s in result.statements]


@pytest.mark.parametrize(
    ("dialect", "sql"),
    [
        ("oracle", "insert into m.t (a, b) select 1, sysdate from dual"),
        ("oracle", "insert into m.d (d) select sysdate - level from dual connect by level <= 9"),
        ("mysql", "insert into m.t (a, b) select 1, now() from DUAL"),
        ("snowflake", "insert into m.t (a, b) select 1, current_timestamp() from dual"),
    ],
)
def test_a_select_from_dual_reads_no_table(dialect: str, sql: str) -> None:
    result = run(sql, dialect)
    assert _sources(result) == [()]
    assert not result.all_edges() and result.status == "ok"


def test_dual_beside_a_table_and_in_a_merge_source_is_no_source() -> None:
    result = run(
        "insert into m.t (a) select x.id from s.x x, dual;\n"
        "merge into dw.t t using (select 42 as id, 'n' as v from dual) s on (t.id = s.id)\n"
        " when matched then update set t.v = s.v;\n",
        "oracle",
    )
    assert _sources(result) == [("s.x",), ("dw.t",)]  # MERGE reads its target's key in ON
    assert {(str(e.source), str(e.target)) for e in result.all_edges()} >= {("s.x.id", "m.t.a")}
    assert all(not str(e.source).startswith("dual") for e in result.all_edges())


def test_mysql_insert_from_dual_where_not_exists_keeps_the_filter() -> None:
    result = run(
        "insert into m.t (a) select 1 from dual where not exists (select 1 from s.x where id = 1)",
        "mysql",
    )
    assert _sources(result) == [("s.x",)]
    assert {(str(e.source), e.subtype) for e in result.all_edges()} == {("s.x.id", "FILTER")}


@pytest.mark.parametrize(
    ("dialect", "sql", "sources"),
    [
        ("postgres", "insert into m.t (a) select id from dual", ("dual",)),  # a table there
        ("oracle", "insert into m.t (a) select id from app.dual", ("app.dual",)),
        ("oracle", 'insert into m.t (a) select id from "dual"', ("dual",)),
    ],
)
def test_dual_is_a_table_where_the_dialect_has_no_dummy_or_it_is_qualified_or_quoted(
    dialect: str, sql: str, sources: tuple[str, ...]
) -> None:
    assert _sources(run(sql, dialect)) == [sources]


def test_dual_first_in_a_comma_join_and_as_a_merge_source_is_no_source() -> None:
    result = run(
        "insert into m.t (a, b) select x.id, sysdate from dual, s.x x where x.v = 'a';\n"
        "merge into dw.t t using dual on (t.id = 1)\n"
        " when matched then update set t.v = 'n' when not matched then insert (id) values (1);\n",
        "oracle",
    )
    assert _sources(result) == [("s.x",), ("dw.t",)]
    assert ("s.x.id", "m.t.a", "IDENTITY") in {
        (str(e.source), str(e.target), e.subtype) for e in result.all_edges()
    }
