"""The inventory's columns from SQL: every column a task's statements define or its edges
name, in first-seen order, packed tasks read without decoding their edges."""

from __future__ import annotations

from pathlib import Path

from engine.codec import pack
from engine.config.catalog import load_catalog
from engine.inventory import build_inventory, sql_columns
from engine.models import ColumnRef, LineageEdge, StatementLineage, TaskLineage


def _task(name: str, edges: tuple[tuple[str, str, str, str], ...],
          targets: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> TaskLineage:
    return TaskLineage(
        task=name, sha256="0" * 64, status="ok",
        statements=tuple(StatementLineage(index=i, line=1, kind="insert", target=t,
                                          target_columns=c) for i, (t, c) in enumerate(targets)),
        edges=tuple(LineageEdge(ColumnRef(sa, sc), ColumnRef(ta, tc), "DIRECT", "IDENTITY", name,
                                0, 1) for sa, sc, ta, tc in edges))


def test_sql_columns_keep_first_seen_order_and_the_statements_star() -> None:
    """Statements' target columns come first within a task (`*` kept), then the columns its
    edges name (`*` dropped); an asset named only by `*` is left out; order is first seen."""
    one = _task("sql/1.sql", (("raw.a", "x", "stg.t", "x"), ("raw.a", "*", "stg.t", "y"),
                              ("raw.s", "*", "stg.t", "z")), (("stg.t", ("y", "*")),))
    two = _task("sql/2.sql", (("raw.a", "w", "stg.u", "w"), ("raw.a", "x", "stg.u", "x"),
                              ("stg.t", "z", "stg.u", "q")))
    three = _task("sql/3.sql", (), (("stg.e", ()),))
    expected = {"stg.t": ["y", "*", "x", "z"], "raw.a": ["x", "w"], "stg.u": ["w", "x", "q"]}
    for lineage in ([one, two, three], [pack(one), pack(two), three]):
        got = sql_columns(lineage)
        assert got == expected and list(got) == list(expected)


def test_an_inventory_of_some_assets_is_the_full_ones_restricted_to_them(tmp_path: Path) -> None:
    """`only` (a cone's affected assets) leaves the other assets out and changes none it
    keeps: declared, discovered, read-only and written-only alike."""
    (tmp_path / "catalog.yaml").write_text(
        "dialect: postgres\nsources: {sql: ['*.sql']}\ntags: {pii: {}}\n"
        "assets:\n  raw.a: {owner: core, columns: {x: {tags: [pii]}}}\n"
        "  raw.unread: {columns: {q: {}}}\n")
    (tmp_path / "t.sql").write_text("select 1")
    catalog = load_catalog(tmp_path / "catalog.yaml")
    lineage = [_task("sql/1.sql", (("raw.a", "x", "stg.t", "x"), ("raw.s", "k", "stg.t", "k"))),
               _task("sql/2.sql", (("stg.t", "x", "mart.m", "x"),))]
    full = build_inventory(catalog, lineage)
    assert set(full) == {"raw.a", "raw.unread", "raw.s", "stg.t", "mart.m"}
    for only in ({"raw.a", "stg.t"}, {"raw.unread", "raw.s", "nowhere"}, set()):
        assert build_inventory(catalog, lineage, only=only) == {
            a: info for a, info in full.items() if a in only}


def test_a_statement_reading_its_own_target_is_not_a_reader_of_it(tmp_path: Path) -> None:
    """A MERGE or upsert reading the table it writes maintains it; another statement of the
    same task reading it (to write something else) does read it."""
    (tmp_path / "catalog.yaml").write_text("dialect: postgres\nsources: {sql: ['*.sql']}\n")
    (tmp_path / "t.sql").write_text("select 1")
    catalog = load_catalog(tmp_path / "catalog.yaml")

    def st(index: int, target: str, *sources: str) -> StatementLineage:
        return StatementLineage(index=index, line=1, kind="merge", target=target,
                                sources=sources)

    merge = TaskLineage(task="sql/merge.sql", sha256="0" * 64, status="ok",
                        statements=(st(0, "m.up", "m.up", "raw.u"),))
    both = TaskLineage(task="sql/both.sql", sha256="0" * 64, status="ok",
                       statements=(st(0, "m.kept", "m.kept", "raw.u"),
                                   st(1, "m.out", "m.kept")))
    inventory = build_inventory(catalog, [merge, both])
    assert inventory["m.up"].read_by == () and inventory["m.up"].written_by == ("sql/merge.sql",)
    assert inventory["m.kept"].read_by == ("sql/both.sql",)
    assert inventory["raw.u"].read_by == ("sql/both.sql", "sql/merge.sql")
