"""The cache stores lineage in `engine.codec`'s encoding: every task must come back equal,
field for field, with its columns shared with the rest of the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.codec import decode, encode
from engine.lineage import extract_task
from engine.models import (
    ColumnRef,
    Diagnostic,
    LineageEdge,
    Location,
    StatementLineage,
    Task,
    TaskLineage,
    WideEdge,
    interned_column,
)
from engine.pipeline import load_project

DEMO = Path(__file__).resolve().parents[1] / "catalog.yaml"

SQL = {
    "plain": "INSERT INTO stg.u SELECT id, upper(email) AS email FROM raw.users WHERE id > 0",
    "cte_join": """
        CREATE TABLE marts.o AS
        WITH x AS (SELECT u.id, o.amount FROM raw.users u JOIN raw.orders o ON o.uid = u.id)
        SELECT id, sum(amount) AS total FROM x GROUP BY id ORDER BY id""",
    "star": "CREATE TABLE stg.s AS SELECT * FROM raw.unknown_table",
    "merge": """MERGE INTO marts.t USING raw.users s ON t.id = s.id
        WHEN MATCHED THEN UPDATE SET email = s.email
        WHEN NOT MATCHED THEN INSERT (id, email) VALUES (s.id, s.email)""",
    "broken": "SELECT FROM WHERE (",
    "several": "CREATE TABLE a.b AS SELECT 1 AS x; INSERT INTO a.c SELECT x, x + 1 AS y FROM a.b",
    "if_not_exists": "CREATE TABLE IF NOT EXISTS a.log (job text); INSERT INTO a.log VALUES ('x')",
}


@pytest.mark.parametrize("name", sorted(SQL))
def test_extracted_lineage_round_trips_equal(name: str) -> None:
    lineage = extract_task(Task(path=f"sql/{name}.sql", text=SQL[name], sha256="0" * 64), None,
                           {"raw.users": {"id": "int", "email": "text"}})
    back = decode(encode(lineage))
    assert back == lineage
    assert back.model_dump() == lineage.model_dump()
    assert back.edges == lineage.edges and back.wide == lineage.wide


def test_every_field_survives_including_rare_ones() -> None:
    src, dst = ColumnRef("raw.a", "x"), ColumnRef("stg.b", "y")
    lineage = TaskLineage(
        task="sql/t.sql", sha256="f" * 64, status="partial",
        statements=(StatementLineage(index=0, line=3, kind="insert", target="stg.b",
                                     target_columns=("y", "z"), sources=("raw.a",)),
                    StatementLineage(index=1, line=9, kind="select"),
                    StatementLineage(index=2, line=11, kind="create_table", target="stg.c",
                                     target_columns=("y",), if_not_exists=True)),
        edges=(LineageEdge(src, dst, "DIRECT", "TRANSFORMATION", "sql/t.sql", 0, 4,
                           ("sha2", "upper"), True, "ambiguous"),
               # an edge credited to another task is kept as it is
               LineageEdge(dst, src, "INDIRECT", "FILTER", "sql/other.sql", 1, 10)),
        diagnostics=(Diagnostic(code="unresolved-column", message="m",
                                location=Location(path="sql/t.sql", line=4, column=2),
                                asset="raw.a", column="q"),),
        wide=(WideEdge(src, "stg.b", ("y", "z"), "JOIN", "sql/t.sql", 0, 4, ("coalesce",),
                       False, "unresolved"),),
        watched=("a.t",),
    )
    back = decode(encode(lineage))
    assert back == lineage and back.watched == ("a.t",)
    assert [e.task for e in back.edges] == ["sql/t.sql", "sql/other.sql"]
    assert back.diagnostics[0].location.column == 2


def test_decoded_columns_are_the_runs_shared_objects() -> None:
    shared = interned_column("raw.users", "email")
    lineage = extract_task(Task(path="sql/p.sql", text=SQL["plain"], sha256="0" * 64), None,
                           {"raw.users": {"id": "int", "email": "text"}})
    back = decode(encode(lineage))
    assert any(e.source is shared for e in back.edges)


def test_the_demo_warehouse_round_trips() -> None:
    project = load_project(DEMO)
    for task in project.tasks:
        lineage = extract_task(task, project.catalog.dialect, project.catalog.schema())
        assert decode(encode(lineage)) == lineage, task.path


@pytest.mark.parametrize("name", sorted(SQL))
def test_packed_edges_read_like_the_tuples_they_stand_for(name: str) -> None:
    """What stages read of a packed task without decoding it (summary, column lists, the edges
    from one source) agrees with the decoded edges; pickling keeps it packed."""
    import pickle

    from engine.codec import ColumnMemo, PackedEdges, pack, targets, unpack
    from engine.models import EdgeSummary, column_refs

    lineage = extract_task(Task(path=f"sql/{name}.sql", text=SQL[name], sha256="0" * 64), None,
                           {"raw.users": {"id": "int", "email": "text"}})
    packed = pack(lineage)
    assert packed.summary == EdgeSummary.of(lineage.edges, lineage.wide) == lineage.summary
    assert list(column_refs(packed)) == list(column_refs(lineage))
    assert len(packed.edges) == len(lineage.edges) and len(packed.wide) == len(lineage.wide)
    assert packed.edge_count == lineage.edge_count == len(lineage.all_edges())
    assert packed.all_edges() == lineage.all_edges()
    memo = ColumnMemo()  # picked by source column: the same edges, in order
    views = ((packed.edges, lineage.edges), (packed.wide, lineage.wide)) \
        if isinstance(packed.edges, PackedEdges) else ()
    for view, plain in views:
        for asset in {e.source.asset for e in plain} | {"no.such"}:
            reading = view.reading(asset, memo)
            wanted = [e for e in plain if e.source.asset == asset]
            assert (reading is None) == (asset == "no.such")
            if reading is None:
                continue
            for column in {e.source.column for e in wanted} | {"no_such"}:
                assert reading.pick(column) == [e for e in wanted if e.source.column == column]
    wrote = ([(e.target.asset, e.target.column) for e in lineage.edges],
             [(w.target_asset, list(w.targets)) for w in lineage.wide])
    assert targets(packed) == targets(lineage) == wrote
    again = pickle.loads(pickle.dumps(packed))
    assert again == lineage and (not lineage.edges or isinstance(again.edges, PackedEdges))
    assert unpack(packed) == lineage and isinstance(unpack(packed).edges, tuple)
    assert decode(encode(packed)) == lineage  # re-encoded from its bytes, not decoded first


def test_summary_and_column_lists_of_a_task_with_every_kind_of_edge() -> None:
    from engine.codec import pack
    from engine.models import column_refs

    a, b, c = ColumnRef("raw.a", "x"), ColumnRef("stg.b", "y"), ColumnRef("raw.c", "*")
    lineage = TaskLineage(
        task="sql/t.sql", sha256="f" * 64, status="ok",
        edges=(LineageEdge(a, b, "DIRECT", "TRANSFORMATION", "sql/t.sql", 0, 4, ("sha2",)),
               LineageEdge(b, a, "INDIRECT", "FILTER", "sql/t.sql", 1, 10)),
        wide=(WideEdge(c, "stg.d", ("z",), "JOIN", "sql/t.sql", 0, 4),),
    )
    s = pack(lineage).summary
    assert (s.direct, s.edges, s.wide, s.wide_targets, s.column_edges) == (1, 2, 1, 1, 3)
    assert (s.sources, s.wide_sources, s.targets) == (("raw.a", "stg.b"), ("raw.c",),
                                                      ("raw.a", "stg.b", "stg.d"))
    assert s.functions == ((), ("sha2",))
    # every column an edge names, read or not; a wide edge's targets are not listed
    assert [(a_, tuple(n), tuple(r)) for a_, n, r in column_refs(pack(lineage))] == [
        ("raw.a", ("x",), (True,)), ("stg.b", ("y",), (True,)), ("raw.c", ("*",), (True,))]


def test_masking_marks_packed_tasks_and_keeps_them_packed() -> None:
    """Masking reads a packed task's function lists from its summary: a task using no masking
    function is passed on as it is; one that does is marked and packed again."""
    from engine.codec import PackedEdges, pack
    from engine.extraction import mark_masking

    text = "INSERT INTO stg.u SELECT id, sha2(email) AS email FROM raw.users"
    hashed = pack(extract_task(Task(path="sql/h.sql", text=text, sha256="0" * 64), None,
                               {"raw.users": {"id": "int", "email": "text"}}))
    plain = pack(extract_task(Task(path="sql/p.sql", text=SQL["plain"], sha256="0" * 64), None,
                              {"raw.users": {"id": "int", "email": "text"}}))
    marked, same = mark_masking([hashed, plain], frozenset({"sha2"}))
    assert same is plain
    assert isinstance(marked.edges, PackedEdges)
    assert {(e.target.column, e.masking) for e in marked.edges if e.type == "DIRECT"} == {
        ("id", False), ("email", True)}


@pytest.mark.parametrize("name", sorted(SQL))
def test_masking_in_the_encoding_equals_marking_decoded_edges(name: str) -> None:
    """`with_masking` rewrites the packed bytes: the same edges as marking the decoded ones."""
    from engine.codec import PackedEdges, pack, unpack
    from engine.extraction import mark_masking

    lineage = extract_task(Task(path=f"sql/{name}.sql", text=SQL[name], sha256="0" * 64), None,
                           {"raw.users": {"id": "int", "email": "text"}})
    for masking in (frozenset({"upper"}), frozenset({"sum", "coalesce"}), frozenset({"nope"})):
        (decoded,) = mark_masking([unpack(lineage)], masking)
        (packed,) = mark_masking([pack(lineage)], masking)
        assert packed == decoded and packed.model_dump() == decoded.model_dump()
        assert not lineage.edges or isinstance(packed.edges, PackedEdges)
        assert packed.summary == decoded.summary
        assert decode(encode(packed)) == decoded


def test_masking_in_the_encoding_keeps_flags_already_set() -> None:
    from engine.codec import pack, with_masking

    src, dst = ColumnRef("raw.a", "x"), ColumnRef("stg.b", "y")
    lineage = TaskLineage(
        task="sql/t.sql", sha256="f" * 64, status="ok",
        edges=(LineageEdge(src, dst, "DIRECT", "TRANSFORMATION", "sql/t.sql", 0, 4, ("md5",), True),
               LineageEdge(src, dst, "DIRECT", "TRANSFORMATION", "sql/t.sql", 0, 5, ("sha2",)),
               LineageEdge(dst, src, "INDIRECT", "FILTER", "sql/other.sql", 1, 10)),
        wide=(WideEdge(src, "stg.b", ("y",), "JOIN", "sql/t.sql", 0, 4, ("sha2",)),
              WideEdge(dst, "stg.b", ("y",), "JOIN", "sql/t.sql", 0, 4, (), True)),
    )
    marked = with_masking(pack(lineage), lambda fn: "sha2" in fn)
    assert [e.masking for e in marked.edges] == [True, True, False]
    assert [w.masking for w in marked.wide] == [True, True]
    assert [e.task for e in marked.edges] == ["sql/t.sql", "sql/t.sql", "sql/other.sql"]


@pytest.mark.parametrize("name", sorted(SQL))
def test_column_names_and_picking_by_column_agree_with_the_edges(name: str) -> None:
    """`column_names` is `column_refs` without the read flags, packed or not; a `Reading`
    picks, column by column, exactly the edges (or wide edges) from that column, in order,
    built from the run's shared column refs."""
    from engine.codec import ColumnMemo, PackedEdges, column_names, pack
    from engine.models import column_refs

    lineage = extract_task(Task(path=f"sql/{name}.sql", text=SQL[name], sha256="0" * 64), None,
                           {"raw.users": {"id": "int", "email": "text"}})
    packed = pack(lineage)
    expected = [(a, tuple(n)) for a, n, _ in column_refs(lineage)]
    for task in (lineage, packed):
        assert [(a, tuple(n)) for a, n in column_names(task)] == expected
    if not isinstance(packed.edges, PackedEdges):
        return
    memo = ColumnMemo()
    for view, plain in ((packed.edges, lineage.edges), (packed.wide, lineage.wide)):
        for asset, names, _ in column_refs(lineage):
            reading = view.reading(asset, memo)
            assert reading is not None
            for column in (*names, "*", "no_such"):
                got = reading.pick(column)
                assert got == [e for e in plain if (e.source.asset, e.source.column) == (
                    asset, column)]
                assert all(e.source is interned_column(asset, column) for e in got)
        assert view.reading("no.such", memo) is None


def test_a_reading_decodes_the_flows_only_for_a_column_the_task_reads() -> None:
    """A column the task's edges only write (or never name) is answered from the column
    list alone: the flows are decoded when a column they read is first asked for."""
    from engine.codec import ColumnMemo, pack

    a, b = ColumnRef("raw.a", "x"), ColumnRef("raw.a", "y")
    lineage = TaskLineage(
        task="sql/t.sql", sha256="f" * 64, status="ok",
        edges=(LineageEdge(a, b, "DIRECT", "IDENTITY", "sql/t.sql", 0, 4),))
    reading = pack(lineage).edges.reading("raw.a", ColumnMemo())
    assert reading.pick("y") == [] and reading._flows is None  # written, not read
    assert reading.pick("z") == [] and reading._flows is None  # not named
    assert reading.pick("x") == list(lineage.edges) and reading._flows is not None
