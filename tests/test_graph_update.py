"""Incremental graph updates: a stored graph updated to new SQL equals a graph built afresh.

Every test runs the real pipeline on a small project in tmp_path (real Kùzu files, never
mocked): a first run builds the graph, an edit follows, a second run updates the stored graph
(`GraphStats.mode == "update"`), and every table of the result, dumped with all properties
and sorted, must equal a fresh build's of the same project.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import engine.graph.build as graph_build
import engine.graph.update as graph_update
import engine.pipeline as pipeline
from engine.errors import GraphStoreError
from engine.graph import GraphStats, GraphStore, build_graph
from engine.graph._kuzu import KuzuSession
from engine.graph.schema import NODE_TABLES, REL_TABLES
from engine.models import (
    DIRECT_SUBTYPES,
    AssetInfo,
    ColumnInfo,
    ColumnRef,
    EdgeSubtype,
    EdgeType,
    LineageEdge,
    PathStep,
    StatementLineage,
    TagAssignment,
    TagAssignments,
    TagInfo,
    TaskLineage,
    WideEdge,
)
from tests.conftest import MakeProject, run_at

CATALOG = """
dialect: postgres
sources: {sql: ["sql/*.sql"]}
tags:
  pii: {}
  pii.email: {}
assets:
  raw.users:
    owner: core
    columns:
      id: {}
      email: {tags: [pii.email]}
      name: {tags: [pii]}
      country: {}
  raw.orders:
    columns:
      id: {}
      user_id: {}
      amount: {}
"""
SQL = {
    "sql/a.sql": "CREATE TABLE stg.users AS SELECT id, email, country FROM raw.users;",
    "sql/b.sql": "CREATE TABLE mart.users AS SELECT * FROM stg.users;",
    "sql/c.sql": "CREATE TABLE mart.ids AS SELECT id FROM raw.users;",
    "sql/d.sql": """
        CREATE TABLE export.feed AS
        SELECT u.id, u.country, sum(o.amount) AS total
        FROM mart.users AS u JOIN raw.orders AS o ON o.user_id = u.id
        WHERE u.country = 'NL'
        GROUP BY u.id, u.country;
    """,
}

Dump = dict[str, list[str]]


def dump(db: Path) -> Dump:
    """Every table of the graph: all properties (relationships with their endpoints' keys),
    rows sorted."""
    out: Dump = {}
    with GraphStore.open(db) as store:
        for name, props in NODE_TABLES.items():
            cols = ", ".join(f"n.{p}" for p, _ in props)
            out[name] = sorted(map(repr, store.query(f"MATCH (n:`{name}`) RETURN {cols}").rows))
        for name, (src, dst, props) in REL_TABLES.items():
            cols = ", ".join([f"a.{NODE_TABLES[src][0][0]}", f"b.{NODE_TABLES[dst][0][0]}",
                              *(f"r.{p}" for p, _ in props)])
            out[name] = sorted(map(repr, store.query(
                f"MATCH (a:`{src}`)-[r:`{name}`]->(b:`{dst}`) RETURN {cols}").rows))
    return out


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[GraphStats]:
    """The statistics of every graph the pipeline writes (the real build_graph runs)."""
    seen: list[GraphStats] = []
    real = pipeline.build_graph

    def spy(db_path: Path, **kw: Any) -> GraphStats:
        stats = real(db_path, **kw)
        seen.append(stats)
        return stats

    monkeypatch.setattr(pipeline, "build_graph", spy)
    return seen


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project(CATALOG, sql=SQL)


def graph_of(catalog: Path) -> Path:
    return catalog.parent / ".lineage" / "graph.kuzu"


def fresh_dump(catalog: Path, tmp_path: Path) -> Dump:
    """The graph a full build of the project as it is now makes (own graph and cache)."""
    db = tmp_path / "fresh" / "graph.kuzu"
    shutil.rmtree(db.parent, ignore_errors=True)
    run_at(catalog, graph_path=db)
    return dump(db)


def assert_updated_like_fresh(catalog: Path, tmp_path: Path, builds: list[GraphStats],
                              mode: str = "update") -> Dump:
    """Run the pipeline on the edited project; the stored graph must take `mode` and end
    up equal to a fresh build."""
    builds.clear()
    run_at(catalog)
    assert [b.mode for b in builds] == [mode]
    updated = dump(graph_of(catalog))
    fresh = fresh_dump(catalog, tmp_path)
    for table in updated:
        assert updated[table] == fresh[table], table
    return updated


def task_row(catalog: Path, task: str) -> tuple[Any, ...]:
    """(sha256, lineage) of a stored Task node."""
    with GraphStore.open(graph_of(catalog)) as store:
        [row] = store.query("MATCH (t:Task {id: $id}) RETURN t.sha256, t.lineage",
                            {"id": task}).rows
    return row


def rows_of(d: Dump, table: str, contains: str) -> list[str]:
    return [r for r in d[table] if contains in r]


Edit = Callable[[Path], None]


def write(path: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        (root / path).write_text(text)
    return edit


def delete(path: str) -> Edit:
    def edit(root: Path) -> None:
        (root / path).unlink()
    return edit


EDITS: dict[str, list[Edit]] = {
    # columns added and removed in one task; a pii column newly flows into mart.ids
    "edited-task": [write("sql/c.sql",
                          "CREATE TABLE mart.ids AS SELECT id AS uid, name FROM raw.users;")],
    "new-task": [write("sql/e.sql", "CREATE TABLE mart.orders AS SELECT o.id, o.amount, "
                                    "u.email FROM raw.orders AS o JOIN stg.users AS u "
                                    "ON o.user_id = u.id;")],
    "deleted-task": [delete("sql/c.sql")],
    # a tagged column newly flowing somewhere: tags change on columns and assets downstream
    "tags-downstream": [write("sql/c.sql",
                              "CREATE TABLE mart.ids AS SELECT id, email AS contact "
                              "FROM raw.users;")],
    # stg.users gains and loses columns: b.sql's SELECT * (its file unchanged) follows
    "star-upstream": [write("sql/a.sql",
                            "CREATE TABLE stg.users AS SELECT id, name, country FROM raw.users;")],
    "everything-at-once": [
        write("sql/a.sql", "CREATE TABLE stg.users AS SELECT id, email FROM raw.users;"),
        delete("sql/c.sql"),
        write("sql/f.sql", "CREATE TABLE mart.names AS SELECT name FROM raw.users;"),
    ],
}


@pytest.mark.parametrize("case", sorted(EDITS))
def test_an_updated_graph_equals_a_fresh_build(case: str, project: Path, tmp_path: Path,
                                              builds: list[GraphStats]) -> None:
    run_at(project)
    assert [b.mode for b in builds] == ["build"]
    assert set(builds[0].phases) == {"prepare", "copy"}  # where a build's time went
    before = dump(graph_of(project))
    for edit in EDITS[case]:
        edit(project.parent)
    after = assert_updated_like_fresh(project, tmp_path, builds)
    assert after != before
    assert builds[0].changed_tasks >= 1


def test_what_the_cases_change(project: Path, tmp_path: Path, builds: list[GraphStats]) -> None:
    """The cases above do exercise what they are named for."""
    run_at(project)
    write("sql/c.sql", "CREATE TABLE mart.ids AS SELECT id, email AS contact "
                       "FROM raw.users;")(project.parent)
    d = assert_updated_like_fresh(project, tmp_path, builds)
    assert rows_of(d, "CARRIES", "'mart.ids.contact', 'pii.email'")
    assert rows_of(d, "HAS_TAG", "('mart.ids', 'pii.email')")

    before = task_row(project, "sql/b.sql")
    write("sql/a.sql", "CREATE TABLE stg.users AS SELECT id, name, country FROM raw.users;"
          )(project.parent)
    d = assert_updated_like_fresh(project, tmp_path, builds)
    after = task_row(project, "sql/b.sql")
    # b.sql's text (sha256) is the same, its lineage identity is not: its rows were replaced
    assert before[0] == after[0] and before[1] != after[1]
    assert rows_of(d, "FLOWS", "'stg.users.name', 'mart.users.name'")
    assert not rows_of(d, "Col", "'mart.users.email'")
    assert builds[0].changed_tasks == 3  # a.sql, b.sql (its star), d.sql (reads mart.users)


def test_successive_updates(project: Path, tmp_path: Path, builds: list[GraphStats]) -> None:
    """An updated graph is updated again, and a run with nothing changed keeps it."""
    run_at(project)
    for case in ("new-task", "edited-task", "star-upstream", "deleted-task"):
        for edit in EDITS[case]:
            edit(project.parent)
        assert_updated_like_fresh(project, tmp_path, builds)
    builds.clear()
    run_at(project)
    assert builds == []  # current: not even updated


def test_a_catalog_change_rebuilds(project: Path, tmp_path: Path,
                                   builds: list[GraphStats]) -> None:
    run_at(project)
    project.write_text(CATALOG.replace("      country: {}\n", "      country: {}\n"
                                                                "      phone: {tags: [pii]}\n"))
    write("sql/c.sql", "CREATE TABLE mart.ids AS SELECT id, phone FROM raw.users;")(
        project.parent)
    assert_updated_like_fresh(project, tmp_path, builds, mode="build")


def test_a_policy_change_rebuilds(project: Path, tmp_path: Path,
                                  builds: list[GraphStats]) -> None:
    run_at(project)
    policies = project.parent / "lineage_policies"
    policies.mkdir()
    (policies / "cost.yaml").write_text(
        "policies:\n  - id: orphan-inputs\n    kind: cleanup\n    severity: warning\n"
        "    description: Inputs nobody produces.\n    check: orphan\n")
    write("sql/c.sql", "CREATE TABLE mart.ids AS SELECT id, name FROM raw.users;")(
        project.parent)
    assert_updated_like_fresh(project, tmp_path, builds, mode="build")


def test_a_column_name_with_a_dot_rebuilds(project: Path, tmp_path: Path,
                                           builds: list[GraphStats]) -> None:
    """`a.b.c` could be column `c` of `a.b` or `b.c` of `a`: the update does not guess."""
    run_at(project)
    write("sql/c.sql", 'CREATE TABLE mart.ids AS SELECT id AS "odd.name" FROM raw.users;')(
        project.parent)
    d = assert_updated_like_fresh(project, tmp_path, builds, mode="build")
    assert rows_of(d, "Col", "'odd.name'")
    write("sql/e.sql", "CREATE TABLE mart.more AS SELECT id FROM raw.users;")(project.parent)
    assert_updated_like_fresh(project, tmp_path, builds, mode="build")  # stored name has a dot


def test_the_demo_warehouse_updates_like_a_fresh_build(tmp_path: Path,
                                                       builds: list[GraphStats]) -> None:
    root = Path(__file__).resolve().parents[1]
    demo = tmp_path / "demo"
    for part in ("catalog.yaml", "sql", "lineage_policies"):
        source = root / part
        if source.is_dir():
            shutil.copytree(source, demo / part)
        else:
            demo.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, demo / part)
    catalog = demo / "catalog.yaml"
    run_at(catalog)
    staging = demo / "sql" / "staging"
    customers = staging / "stg_customers.sql"
    text = customers.read_text()
    assert "SELECT" in text
    customers.write_text(text.replace("SELECT", "SELECT 1 AS added_flag,", 1))
    (staging / "stg_fx_rates.sql").unlink()
    (demo / "sql" / "marts" / "z_new.sql").write_text(
        "CREATE TABLE marts.z_new AS SELECT * FROM stg.customers;")
    assert_updated_like_fresh(catalog, tmp_path, builds)


def test_tags_that_change_beyond_the_changed_tasks(project: Path, tmp_path: Path,
                                                   builds: list[GraphStats]) -> None:
    """An edit upstream re-tags columns of unchanged tasks downstream (same schema, so their
    lineage identity stays): those assets are in scope through their CARRIES rows."""
    write("sql/c.sql", "CREATE TABLE mart.ids AS SELECT id, country AS contact FROM raw.users;"
          )(project.parent)
    write("sql/g.sql", "CREATE TABLE export.g AS SELECT contact FROM mart.ids;")(project.parent)
    write("sql/h.sql", "CREATE TABLE export.h AS SELECT contact AS c2 FROM export.g;")(
        project.parent)
    run_at(project)
    write("sql/c.sql", "CREATE TABLE mart.ids AS SELECT id, email AS contact FROM raw.users;"
          )(project.parent)
    d = assert_updated_like_fresh(project, tmp_path, builds)
    assert builds[0].changed_tasks == 1
    assert rows_of(d, "CARRIES", "'export.h.c2', 'pii.email'")
    assert rows_of(d, "HAS_TAG", "('export.g', 'pii.email')")


# --- build_graph directly: inputs no pipeline makes ---------------------------------------------

def col(column_id: str) -> ColumnRef:
    asset, name = column_id.rsplit(".", 1)
    return ColumnRef(asset=asset, column=name)


def flow(src: str, dst: str, task: str, subtype: EdgeSubtype = "IDENTITY") -> LineageEdge:
    kind: EdgeType = "DIRECT" if subtype in DIRECT_SUBTYPES else "INDIRECT"
    return LineageEdge(source=col(src), target=col(dst), type=kind, subtype=subtype, task=task,
                       statement_index=0, line=1)


def lineage_task(path: str, target: str, sources: tuple[str, ...], columns: tuple[str, ...],
                 edges: tuple[LineageEdge, ...] = (), wide: tuple[WideEdge, ...] = (),
                 ) -> TaskLineage:
    st = StatementLineage(index=0, line=1, kind="insert", target=target, target_columns=columns,
                          sources=sources)
    return TaskLineage(task=path, sha256=path, status="ok", statements=(st,), edges=edges,
                       wide=wide)


def carried(column: str, origin: str, tag: str = "pii") -> TagAssignment:
    return TagAssignment(column=col(column), tag=tag, origin=col(origin), origin_tag="pii",
                         declared=column == origin,
                         path=(PathStep(asset=col(origin).asset, column=col(origin).column,
                                        transform="declared"),))


CATALOG_ASSETS = (
    AssetInfo(id="raw.a", declared=True, owner="o", tags=("internal",),
              columns=(ColumnInfo(name="x"), ColumnInfo(name="y", declared_tags=("pii",)))),
    # out of every update's scope: its undefined tag (and the tag's parent) must stay
    AssetInfo(id="raw.other", declared=True, tags=("finance.ledger",)),
)
T1 = lineage_task("t1.sql", "stg.b", ("raw.a",), ("x", "y", "z"),
                  (flow("raw.a.x", "stg.b.x", "t1.sql"), flow("raw.a.y", "stg.b.y", "t1.sql")),
                  (WideEdge(source=col("raw.a.x"), target_asset="stg.b",
                            targets=("x", "y", "z"), subtype="FILTER",
                            task="t1.sql", statement_index=0, line=1),))
# unchanged throughout: names columns of stg.b that nothing else names (an edge's source, a
# star, a wide edge's source without targets) and a target column no edge reaches
T2 = lineage_task("t2.sql", "mart.c", ("stg.b",), ("y", "only_target"),
                  (flow("stg.b.y", "mart.c.y", "t2.sql"),
                   flow("stg.b.hidden", "mart.c.y", "t2.sql", "TRANSFORMATION"),
                   flow("stg.b.*", "mart.c.y", "t2.sql", "FILTER")),
                  (WideEdge(source=col("stg.b.orphan"), target_asset="mart.c", targets=(),
                            subtype="JOIN", task="t2.sql", statement_index=0, line=1),))
T3 = lineage_task("t3.sql", "export.d", ("mart.c",), ("y",),
                  (flow("mart.c.y", "export.d.y", "t3.sql"),))
TAGS_BEFORE = TagAssignments(items=(*(carried(c, "raw.a.y") for c in (
    "raw.a.y", "stg.b.y", "mart.c.y", "export.d.y")),
    carried("stg.b.y", "raw.a.y", "secret.kept"),  # undefined: Tag stubs, CHILD_OF rows
))


def identities(lineage: tuple[TaskLineage, ...]) -> dict[str, str]:
    """Equal identity, equal lineage (what extraction's identities promise)."""
    return {t.task: hashlib.sha256(repr(t).encode()).hexdigest() for t in lineage}


def build_twice(tmp_path: Path, before: dict[str, Any], after: dict[str, Any]) -> GraphStats:
    """Build `before`, update it to `after`; assert it equals a fresh build of `after`."""
    db, fresh = tmp_path / "g.kuzu", tmp_path / "fresh.kuzu"
    common = {"tag_defs": (TagInfo(name="pii", level=3),), "buffer_pool_mb": 64}
    for path, args, inputs in ((db, before, "1"), (db, after, "2"), (fresh, after, "2")):
        stats = build_graph(path, **common, **args, identities=identities(args["lineage"]),
                            meta={"inputs_hash": inputs, "config_hash": "same"})
        if path == db and inputs == "2":
            updated = stats
    assert updated.mode == "update"
    assert dump(db) == dump(fresh)
    return updated


def test_columns_only_unchanged_tasks_name_survive(tmp_path: Path) -> None:
    """t1 changes (stg.b and the tags downstream with it); every column of stg.b and mart.c
    that only unchanged t2 names stays, one only old t1 named goes."""
    new_t1 = lineage_task("t1.sql", "stg.b", ("raw.a",), ("x",),
                          (flow("raw.a.x", "stg.b.x", "t1.sql"),))
    stats = build_twice(
        tmp_path,
        {"assets": CATALOG_ASSETS, "lineage": (T1, T2, T3), "tags": TAGS_BEFORE},
        {"assets": CATALOG_ASSETS, "lineage": (new_t1, T2, T3),
         "tags": TagAssignments(items=(TAGS_BEFORE.items[0],
                                       carried("stg.b.x", "raw.a.y", "other.new")))},
    )
    assert stats.changed_tasks == 1
    with GraphStore.open(tmp_path / "g.kuzu") as store:
        cols = {r[0] for r in store.query("MATCH (c:Col) WHERE c.asset IN ['stg.b', 'mart.c'] "
                                          "RETURN c.id").rows}
    assert cols == {"stg.b.x", "stg.b.y", "stg.b.hidden", "stg.b.*", "stg.b.orphan",
                    "mart.c.y", "mart.c.only_target"}  # stg.b.z went with old t1


def test_tasks_added_removed_and_assets_gone(tmp_path: Path) -> None:
    t4 = lineage_task("t4.sql", "export.e", ("raw.a",), ("x",),
                      (flow("raw.a.x", "export.e.x", "t4.sql"),))
    stats = build_twice(
        tmp_path,
        {"assets": CATALOG_ASSETS, "lineage": (T1, T2, T3), "tags": TAGS_BEFORE},
        {"assets": CATALOG_ASSETS, "lineage": (T1, T2, t4), "tags": TAGS_BEFORE},
    )
    assert stats.changed_tasks == 2
    with GraphStore.open(tmp_path / "g.kuzu") as store:  # export.d: named by t3 only (and a tag)
        assert store.query("MATCH (a:Asset {id: 'export.d'}) RETURN a.declared").rows == (
            (False,),)
        assert store.query("MATCH (t:Task) RETURN t.id ORDER BY t.id").rows == (
            ("t1.sql",), ("t2.sql",), ("t4.sql",))


def test_what_only_a_wide_edge_named_goes_with_it(tmp_path: Path) -> None:
    """A wide edge without targets names its source column (and its asset) alone."""
    def t5(*wide: WideEdge) -> TaskLineage:
        return lineage_task("t5.sql", "mart.q", ("raw.a",), ("x",),
                            (flow("raw.a.x", "mart.q.x", "t5.sql"),), wide)

    side = WideEdge(source=col("side.t.k"), target_asset="mart.q", targets=(), subtype="JOIN",
                    task="t5.sql", statement_index=0, line=1)
    build_twice(tmp_path,
                {"assets": CATALOG_ASSETS, "lineage": (T1, t5(side)), "tags": TAGS_BEFORE},
                {"assets": CATALOG_ASSETS, "lineage": (T1, t5()), "tags": TAGS_BEFORE})
    with GraphStore.open(tmp_path / "g.kuzu") as store:
        assert store.query("MATCH (a:Asset {id: 'side.t'}) RETURN a.id").rows == ()


# --- failures --------------------------------------------------------------------------------

@pytest.fixture
def edited(project: Path, builds: list[GraphStats]) -> Iterator[tuple[Path, Dump]]:
    """A project with a stored graph, then edited: yields (catalog, the stored graph's dump)."""
    run_at(project)
    before = dump(graph_of(project))
    EDITS["edited-task"][0](project.parent)
    builds.clear()
    yield project, before


def test_a_failed_update_leaves_the_stored_graph(edited: tuple[Path, Dump],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    catalog, before = edited
    real_copy = KuzuSession.copy

    def copy_then_fail(self: KuzuSession, table: str, data: Any) -> None:
        if table == "FLOWS":  # halfway through the update's statements
            raise GraphStoreError("Kùzu query failed: disk on fire", "COPY")
        real_copy(self, table, data)

    monkeypatch.setattr(KuzuSession, "copy", copy_then_fail)
    with pytest.raises(GraphStoreError, match="disk on fire"):
        run_at(catalog)
    db = graph_of(catalog)
    assert sorted(p.name for p in db.parent.iterdir()) == [
        "cache.sqlite", "graph.kuzu", "graph.kuzu.lock"]
    assert dump(db) == before


def test_an_update_out_of_buffer_pool_falls_back_to_a_rebuild(
    edited: tuple[Path, Dump], tmp_path: Path, builds: list[GraphStats],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog, _ = edited

    def full(path: Path, **kw: Any) -> Any:
        raise GraphStoreError("Kùzu query failed: Buffer manager exception: Unable to allocate "
                              "memory! The buffer pool is full and no memory could be freed!")

    monkeypatch.setattr(graph_build, "update_graph", full)
    run_at(catalog)
    assert [b.mode for b in builds] == ["build"]
    assert dump(graph_of(catalog)) == fresh_dump(catalog, tmp_path)
    assert sorted(p.name for p in graph_of(catalog).parent.iterdir()) == [
        "cache.sqlite", "graph.kuzu", "graph.kuzu.lock"]


def test_an_outgrown_file_is_rebuilt(edited: tuple[Path, Dump], tmp_path: Path,
                                     builds: list[GraphStats],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Updates never compact the file: past its size limit the graph is rebuilt."""
    catalog, _ = edited
    monkeypatch.setattr(graph_update, "FRESH_BYTES_PER_ROW", 1)
    monkeypatch.setattr(graph_update, "FRESH_BYTES_FIXED", 0)
    run_at(catalog)
    assert [b.mode for b in builds] == ["build"]
    assert dump(graph_of(catalog)) == fresh_dump(catalog, tmp_path)


def test_a_stale_sidecar_makes_a_rebuild(edited: tuple[Path, Dump], tmp_path: Path,
                                         builds: list[GraphStats]) -> None:
    """A `.wal` beside the stored graph is state the file alone lacks: never copy the file."""
    catalog, _ = edited
    db = graph_of(catalog)
    db.with_name(db.name + ".wal").write_bytes(b"")
    run_at(catalog)
    assert [b.mode for b in builds] == ["build"]
    assert dump(db) == fresh_dump(catalog, tmp_path)
