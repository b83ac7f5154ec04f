"""The content-hash lineage cache: a warm run re-extracts only what changed, and stays correct."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import engine.extraction as extraction
from engine.cache import Extracted, Fingerprints, LineageCache
from engine.models import Task
from engine.pipeline import RunResult, load_project
from tests.conftest import MakeProject, run_at, tags_of

CREATE_IDS = "CREATE TABLE mart.ids AS SELECT id AS uid FROM raw.users;"

CATALOG = """
dialect: postgres
sources: {sql: ["sql/*.sql"]}
tags: {pii: {}}
assets:
  raw.users:
    columns:
      id: {}
      email: {tags: [pii]}
"""
SQL = {
    "sql/a.sql": "CREATE TABLE stg.users AS SELECT id, email FROM raw.users;",
    "sql/b.sql": "CREATE TABLE mart.users AS SELECT * FROM stg.users;",
    "sql/c.sql": "CREATE TABLE mart.ids AS SELECT id FROM raw.users;",
}


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record which tasks the pipeline really extracts (the real function still runs)."""
    calls: list[str] = []
    real = extraction.extract_task

    def spy(task: Task, dialect: str | None, schema: object, **kw: object) -> object:
        calls.append(task.path)
        return real(task, dialect, schema, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(extraction, "extract_task", spy)
    return calls


def test_warm_run_extracts_nothing_and_gives_the_same_result(
    make_project: MakeProject, extracted: list[str]
) -> None:
    catalog = make_project(CATALOG, sql=SQL)
    cold = run_at(catalog)
    assert sorted(set(extracted)) == ["sql/a.sql", "sql/b.sql", "sql/c.sql"]
    extracted.clear()
    warm = run_at(catalog)
    assert extracted == []
    assert warm.lineage == cold.lineage and warm.findings == cold.findings
    assert tags_of(warm, "mart.users.email") == {"pii"}


def test_changing_a_file_reextracts_it_and_the_readers_of_what_it_creates(
    make_project: MakeProject, extracted: list[str]
) -> None:
    catalog = make_project(CATALOG, sql=SQL)
    run_at(catalog)
    extracted.clear()
    (catalog.parent / "sql/c.sql").write_text(CREATE_IDS)
    run_at(catalog)
    assert extracted == ["sql/c.sql"]
    extracted.clear()
    # stg.users loses a column: b.sql's star now expands differently and must be redone.
    (catalog.parent / "sql/a.sql").write_text("CREATE TABLE stg.users AS SELECT id FROM raw.users;")
    result = run_at(catalog)
    assert sorted(set(extracted)) == ["sql/a.sql", "sql/b.sql"]
    assert "mart.users.email" not in {e.target.id for t in result.lineage for e in t.all_edges()}


def test_catalog_column_change_invalidates_dependent_entries(
    make_project: MakeProject, extracted: list[str]
) -> None:
    catalog = make_project(CATALOG, sql=SQL)
    run_at(catalog)
    extracted.clear()
    catalog.write_text(CATALOG.replace("      id: {}\n", "      id: {}\n      country: {}\n"))
    run_at(catalog)
    assert "sql/a.sql" in extracted and "sql/c.sql" in extracted


SEARCH_PATH_CATALOG = """
dialect: postgres
sources: {sql: ["sql/*.sql"]}
tags: {pii: {}}
assets:
  b.t:
    columns: {id: {}, email: {tags: [pii]}}
  a.src:
    columns: {id: {}, phone: {tags: [pii]}}
"""
SEARCH_PATH_READER = {
    "sql/z.sql": "SET search_path TO a, b;\nCREATE TABLE out_x AS SELECT * FROM t;"
}
MAKES_A_T = "CREATE TABLE a.t AS SELECT id, phone FROM a.src;"


def _read_by(result: RunResult, asset: str) -> set[str]:
    """The source columns of every edge into `asset`."""
    return {e.source.id for t in result.lineage for e in t.all_edges() if e.target.asset == asset}


def test_a_search_path_name_follows_a_table_that_appears_in_an_earlier_schema(
    make_project: MakeProject
) -> None:
    """`SET search_path TO a, b` then `t`: b.t while a has no t. Once a.t appears (in the
    catalog, or created by another task), warm and cold runs alike read a.t; gone, b.t again."""
    catalog = make_project(SEARCH_PATH_CATALOG, sql=SEARCH_PATH_READER)
    assert _read_by(run_at(catalog), "a.out_x") == {"b.t.id", "b.t.email"}
    catalog.write_text(SEARCH_PATH_CATALOG + "  a.t:\n    columns: [id, phone]\n")
    assert _read_by(run_at(catalog), "a.out_x") == {"a.t.id", "a.t.phone"}
    catalog.write_text(SEARCH_PATH_CATALOG)
    assert _read_by(run_at(catalog), "a.out_x") == {"b.t.id", "b.t.email"}
    maker = catalog.parent / "sql/a.sql"
    maker.write_text(MAKES_A_T)
    warm = run_at(catalog)
    assert _read_by(warm, "a.out_x") == {"a.t.id", "a.t.phone"}
    assert tags_of(warm, "a.out_x.phone") == {"pii"}
    maker.unlink()
    assert _read_by(run_at(catalog), "a.out_x") == {"b.t.id", "b.t.email"}


def test_a_search_path_name_follows_a_table_another_task_creates_on_a_cold_run(
    make_project: MakeProject
) -> None:
    catalog = make_project(SEARCH_PATH_CATALOG, sql={**SEARCH_PATH_READER, "sql/a.sql": MAKES_A_T})
    assert _read_by(run_at(catalog), "a.out_x") == {"a.t.id", "a.t.phone"}


WILDCARD_CATALOG = """
dialect: bigquery
sources: {sql: ["sql/*.sql"]}
tags: {pii: {}}
assets:
  logs.events_20260101:
    columns: {id: {}, email: {tags: [pii]}}
  raw.people:
    columns: {id: {}, ssn: {tags: [pii]}}
"""
WILDCARD_READER = {"sql/z.sql": "CREATE TABLE mart.all_events AS SELECT * FROM logs.events_*;"}
MAKES_A_SHARD = "CREATE TABLE logs.events_20260103 AS SELECT id, ssn FROM raw.people;"


def test_a_wildcard_reads_the_tables_that_appear_with_its_prefix(
    make_project: MakeProject, extracted: list[str]
) -> None:
    """`logs.events_*` reads every table with that prefix: one added to the catalog, or one
    another task creates, re-extracts the reader on a warm run; gone, it is read no more."""
    catalog = make_project(WILDCARD_CATALOG, sql=WILDCARD_READER)
    first = run_at(catalog)
    assert _read_by(first, "mart.all_events") == {
        "logs.events_20260101.id", "logs.events_20260101.email"}
    assert tags_of(first, "mart.all_events.email") == {"pii"}
    shard = "  logs.events_20260102:\n    columns: {id: {}, phone: {tags: [pii]}}\n"
    catalog.write_text(WILDCARD_CATALOG + shard)
    extracted.clear()
    second = run_at(catalog)
    assert extracted == ["sql/z.sql"]
    assert "logs.events_20260102.phone" in _read_by(second, "mart.all_events")
    assert tags_of(second, "mart.all_events.phone") == {"pii"}
    maker = catalog.parent / "sql/a.sql"
    maker.write_text(MAKES_A_SHARD)
    third = run_at(catalog)
    assert "logs.events_20260103.ssn" in _read_by(third, "mart.all_events")
    assert tags_of(third, "mart.all_events.ssn") == {"pii"}
    maker.unlink()
    catalog.write_text(WILDCARD_CATALOG)
    assert _read_by(run_at(catalog), "mart.all_events") == {
        "logs.events_20260101.id", "logs.events_20260101.email"}


def test_a_wildcard_reader_waits_for_the_task_that_creates_a_match_on_a_cold_run(
    make_project: MakeProject, extracted: list[str]
) -> None:
    catalog = make_project(WILDCARD_CATALOG, sql={**WILDCARD_READER, "sql/a.sql": MAKES_A_SHARD})
    result = run_at(catalog)
    assert "logs.events_20260103.ssn" in _read_by(result, "mart.all_events")
    assert sorted(extracted) == ["sql/a.sql", "sql/z.sql"]  # in order: each extracted once


def test_an_edited_task_that_now_creates_a_match_re_extracts_the_wildcard_reader(
    make_project: MakeProject, extracted: list[str]
) -> None:
    """The same tasks, one edited: the run checks the readers of what moved, a wildcard's
    readers among them."""
    other = "CREATE TABLE logs.other AS SELECT id, ssn FROM raw.people;"
    catalog = make_project(WILDCARD_CATALOG, sql={**WILDCARD_READER, "sql/a.sql": other})
    assert "logs.other.ssn" not in _read_by(run_at(catalog), "mart.all_events")
    state: list[extraction.LineageState] = []
    before = load_project(catalog)
    extraction.extract_all(before.tasks, before.catalog, state=state)
    (catalog.parent / "sql/a.sql").write_text(MAKES_A_SHARD)
    project = load_project(catalog)
    extracted.clear()
    lineage = extraction.extract_all(project.tasks, project.catalog, since=state[0])
    assert sorted(extracted) == ["sql/a.sql", "sql/z.sql"]
    reader = next(t for t in lineage if t.task == "sql/z.sql")
    assert "logs.events_20260103" in reader.reads


def test_concurrent_writers_do_not_corrupt(tmp_path: Path) -> None:
    from engine.lineage import extract_task

    task = Task(path="a.sql", text="SELECT 1 AS x", sha256="h")
    entry = Extracted.of(extract_task(task, None, {}), Fingerprints({}))
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            with LineageCache(tmp_path / "cache.sqlite") as cache:
                for i in range(30):
                    cache.store({f"k{n}-{i}": entry})
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with LineageCache(tmp_path / "cache.sqlite") as cache:
        keys = [f"k{n}-{i}" for n in range(4) for i in range(30)]
        assert set(cache.load(keys)) == set(keys)


def test_graph_is_rebuilt_only_when_its_inputs_change(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.pipeline as pipeline
    from engine.graph import GraphStore

    builds: list[str] = []
    real = pipeline.build_graph

    def spy(db_path: Path, **kw: object) -> object:
        builds.append(str(db_path))
        return real(db_path, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "build_graph", spy)
    catalog = make_project(CATALOG, sql=SQL)
    first = run_at(catalog)
    run_at(catalog)
    assert len(builds) == 1  # the stored graph matched: kept as it is
    (catalog.parent / "sql/c.sql").write_text(CREATE_IDS)
    second = run_at(catalog)
    assert len(builds) == 2 and second.inputs_hash != first.inputs_hash
    with GraphStore.open(catalog.parent / second.graph_path) as store:
        assert store.meta()["inputs_hash"] == second.inputs_hash
        assert store.query("MATCH (c:Col {id: 'mart.ids.uid'}) RETURN c.id").rows == (
            ("mart.ids.uid",),)
    monkeypatch.setattr(pipeline, "engine_code_version", lambda: "other code")
    run_at(catalog)
    assert len(builds) == 3  # same inputs, different engine code: rebuilt


def test_an_entry_that_cannot_be_decoded_is_extracted_again(
    make_project: MakeProject, extracted: list[str]
) -> None:
    # Entries pickled by other engine code (a development install between two versions) may
    # name a function that no longer exists: a miss, never a failed run.
    import sqlite3

    catalog = make_project(CATALOG, sql=SQL)
    cold = run_at(catalog)
    db = sqlite3.connect(catalog.parent / ".lineage" / "cache.sqlite")
    with db:
        db.execute("UPDATE lineage SET value = ? WHERE rowid = (SELECT min(rowid) FROM lineage)",
                   (b"\x80\x04not a value",))
    db.close()
    extracted.clear()
    warm = run_at(catalog)
    assert len(set(extracted)) == 1
    assert warm.lineage == cold.lineage and warm.findings == cold.findings
