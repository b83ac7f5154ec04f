"""The Kùzu graph store, on real on-disk databases in tmp_path (never mocked)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

import engine.graph.build as graph_build
import engine.graph.loader as graph_loader
from engine.errors import GraphStoreError
from engine.graph import CarriedTag, GraphStore, build_graph
from engine.graph.budget import GraphTooBig
from engine.graph.schema import SCHEMA_VERSION, ddl
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
    TaskStatus,
)


def ref(column_id: str) -> ColumnRef:
    asset, column = column_id.rsplit(".", 1)
    return ColumnRef(asset=asset, column=column)


def edge(src: str, dst: str, task: str = "sql/t.sql", subtype: EdgeSubtype = "IDENTITY",
         **kw: Any) -> LineageEdge:
    kind: EdgeType = "DIRECT" if subtype in DIRECT_SUBTYPES else "INDIRECT"
    kw.setdefault("statement_index", 0)
    kw.setdefault("line", 1)
    return LineageEdge(source=ref(src), target=ref(dst), type=kind, subtype=subtype, task=task,
                       **kw)


def task(path: str, statements: Iterable[tuple[str | None, tuple[str, ...], int]],
         edges: Iterable[LineageEdge] = (), status: TaskStatus = "ok") -> TaskLineage:
    """A task whose statements are (target, sources, line)."""
    sts = tuple(StatementLineage(index=i, line=line, kind="insert", target=target,
                                 sources=sources)
                for i, (target, sources, line) in enumerate(statements))
    return TaskLineage(task=path, sha256="ab" * 32, status=status, statements=sts,
                       edges=tuple(edges))


def step(column_id: str, transform: str = "declared", **kw: Any) -> PathStep:
    c = ref(column_id)
    return PathStep(asset=c.asset, column=c.column, transform=transform, **kw)


def assign(column: str, tag: str, origin: str, *, origin_tag: str | None = None,
           masked: bool = False, path: tuple[PathStep, ...] = ()) -> TagAssignment:
    return TagAssignment(column=ref(column), tag=tag, origin=ref(origin),
                         origin_tag=origin_tag or tag, declared=column == origin, masked=masked,
                         path=path or (step(origin),))


# A small warehouse: raw.users -> stg.users -> export.partner_feed (+ a masked hash) and
# export.stats; tmp.scratch.x appears only in lineage, internal.secret has no tag definition.
ASSETS = (
    AssetInfo(id="raw.users", declared=True, owner="core", retention_days=30, source=True,
              tags=("internal",),
              columns=(ColumnInfo(name="id"),
                       ColumnInfo(name="email", declared_tags=("pii.email",)),
                       ColumnInfo(name="country", description="ISO code"))),
    AssetInfo(id="stg.users", declared=False,
              columns=tuple(ColumnInfo(name=n) for n in ("id", "email", "country"))),
    AssetInfo(id="export.partner_feed", declared=True, owner="growth", zone="export", sink=True,
              columns=(ColumnInfo(name="email"), ColumnInfo(name="email_hash"))),
    AssetInfo(id="export.stats", declared=True, zone="export", sink=True),
    AssetInfo(id="raw.users", declared=True, owner="duplicate entry loses"),
)
MASK_LINE = 7
LINEAGE = (
    task("sql/stg.sql", [("stg.users", ("raw.users", "tmp.scratch"), 1)], [
        edge("raw.users.id", "stg.users.id", "sql/stg.sql"),
        edge("raw.users.email", "stg.users.email", "sql/stg.sql"),
        edge("raw.users.email", "stg.users.email", "sql/stg.sql"),  # identical row: kept once
        edge("raw.users.country", "stg.users.country", "sql/stg.sql"),
        edge("tmp.scratch.x", "stg.users.id", "sql/stg.sql", "FILTER"),
    ]),
    task("sql/export.sql", [
        ("export.partner_feed", ("stg.users",), 3),
        ("export.stats", ("stg.users",), 12),
        (None, ("raw.users",), 20),  # a bare SELECT: reads, writes nothing
    ], [
        edge("stg.users.email", "export.partner_feed.email", "sql/export.sql", "TRANSFORMATION",
             functions=("lower",), line=3),
        edge("stg.users.email", "export.partner_feed.email_hash", "sql/export.sql",
             "TRANSFORMATION", functions=("sha2", "upper"), masking=True, line=MASK_LINE),
        edge("stg.users.id", "export.stats.n", "sql/export.sql", "AGGREGATION",
             functions=("count",), statement_index=1, line=12),
        edge("stg.users.country", "export.stats.country", "sql/export.sql", "GROUP_BY",
             statement_index=1, line=13),
    ]),
)
FEED_PATH = (
    step("raw.users.email"),
    step("stg.users.email", "DIRECT.IDENTITY", task="sql/stg.sql", line=1),
    step("export.partner_feed.email", "DIRECT.TRANSFORMATION(lower)", task="sql/export.sql",
         line=3),
)
TAGS = TagAssignments(items=(
    assign("raw.users.email", "pii.email", "raw.users.email"),
    assign("stg.users.email", "pii.email", "raw.users.email", path=FEED_PATH[:2]),
    assign("export.partner_feed.email", "pii.email", "raw.users.email", path=FEED_PATH),
    assign("export.partner_feed.email_hash", "pseudonymous", "raw.users.email",
           origin_tag="pii.email", masked=True,
           path=(*FEED_PATH[:2], step("export.partner_feed.email_hash",
                                      "DIRECT.TRANSFORMATION(sha2, upper)", task="sql/export.sql",
                                      line=MASK_LINE, tag="pseudonymous", rule="masking"))),
    assign("raw.users.country", "internal.secret", "raw.users.country"),
))
TAG_DEFS = (
    TagInfo(name="pii.email"),  # before its parent, whose definition must still win
    TagInfo(name="pii", level=3, description="Personal data"),
    TagInfo(name="pseudonymous", level=1),
    TagInfo(name="internal", level=2),
)


def build(db: Path, **over: Any) -> Any:
    args: dict[str, Any] = dict(assets=ASSETS, lineage=LINEAGE, tags=TAGS, tag_defs=TAG_DEFS,
                                meta={"inputs_hash": "h1"}, buffer_pool_mb=64)
    args.update(over)
    return build_graph(db, **args)


def chain(n: int) -> tuple[tuple[AssetInfo, ...], tuple[TaskLineage, ...]]:
    """a0.x -> a1.x -> … -> a{n}.x, one task per hop."""
    assets = tuple(AssetInfo(id=f"a{i}", declared=True, columns=(ColumnInfo(name="x"),))
                   for i in range(n + 1))
    tasks = tuple(task(f"sql/{i}.sql", [(f"a{i + 1}", (f"a{i}",), 1)],
                       [edge(f"a{i}.x", f"a{i + 1}.x", f"sql/{i}.sql")]) for i in range(n))
    return assets, tasks


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "graph.kuzu"
    build(path)
    return path


@pytest.fixture()
def store(db: Path) -> Iterable[GraphStore]:
    with GraphStore.open(db, buffer_pool_mb=64) as s:
        yield s


def column_ids(store: GraphStore, cypher: str) -> list[str]:
    return sorted(r[0] for r in store.query(cypher).rows)


# --- build ---------------------------------------------------------------------------------

def test_counts_cover_every_endpoint_and_drop_duplicates(tmp_path: Path) -> None:
    stats = build(tmp_path / "g.kuzu")
    assert stats.nodes == {
        "Asset": 5,  # 4 catalogued (the second raw.users entry is dropped) + tmp.scratch, read only
        "Col": 11,  # 8 catalogued + tmp.scratch.x, export.stats.n/country known from lineage
        "Task": 2,
        "Tag": 5,  # 4 defined + internal.secret, carried but never defined
        "Meta": 3,  # inputs_hash + graph.schema_version + graph.kuzu_version
    }
    assert stats.edges == {
        "HAS_COLUMN": 11, "FLOWS": 8, "READS": 4, "WRITES": 3, "FEEDS": 4, "CARRIES": 5,
        "HAS_TAG": 6, "CHILD_OF": 2,
    }
    with GraphStore.open(tmp_path / "g.kuzu") as store:
        for table, n in {**stats.nodes, **stats.edges}.items():
            pattern = f"(x:`{table}`)" if table in stats.nodes else f"()-[x:{table}]->()"
            assert store.query(f"MATCH {pattern} RETURN count(x)").rows == ((n,),)


def test_assets_and_columns_carry_properties_and_tags(store: GraphStore) -> None:
    rows = store.query(
        "MATCH (a:Asset) RETURN a.id, a.declared, a.owner, a.zone, a.retention_days, a.sink, "
        "a.source, a.declared_tags, a.tags ORDER BY a.id").rows
    assert rows == (
        ("export.partner_feed", True, "growth", "export", None, True, False, [],
         ["pii.email", "pseudonymous"]),
        ("export.stats", True, None, "export", None, True, False, [], []),
        ("raw.users", True, "core", None, 30, False, True, ["internal"],
         ["internal", "internal.secret", "pii.email"]),
        ("stg.users", False, None, None, None, False, False, [], ["pii.email"]),
        ("tmp.scratch", False, None, None, None, False, False, [], []),
    )
    assert store.query(
        "MATCH (:Asset {id: 'raw.users'})-[:HAS_COLUMN]->(c:Col) "
        "RETURN c.id, c.asset, c.name, c.declared_tags, c.tags, c.description ORDER BY c.id"
    ).rows == (
        ("raw.users.country", "raw.users", "country", [], ["internal.secret"], "ISO code"),
        ("raw.users.email", "raw.users", "email", ["pii.email"], ["pii.email"], None),
        ("raw.users.id", "raw.users", "id", [], [], None),
    )
    assert store.query("MATCH (t:Tag)-[:CHILD_OF]->(p:Tag) RETURN t.name, t.parent, p.name, "
                       "p.level, p.description ORDER BY t.name").rows == (
        ("internal.secret", "internal", "internal", 2, None),
        ("pii.email", "pii", "pii", 3, "Personal data"),
    )


def test_user_cypher_finds_export_columns_carrying_pii(store: GraphStore) -> None:
    cypher = (
        "MATCH (a:Asset {zone: 'export'})-[:HAS_COLUMN]->(c:Col)-[:CARRIES]->(t:Tag)"
        "-[:CHILD_OF*0..10]->(:Tag {name: 'pii'}) RETURN DISTINCT c.id, t.name"
    )
    assert store.query(cypher).rows == (("export.partner_feed.email", "pii.email"),)
    assert column_ids(store, "MATCH (a:Asset {zone: 'export'})-[:HAS_TAG]->(:Tag {name: "
                             "'pseudonymous'}) RETURN a.id") == ["export.partner_feed"]


def test_flows_properties_round_trip(store: GraphStore) -> None:
    result = store.query(
        "MATCH (s:Col)-[f:FLOWS]->(t:Col {id: 'export.partner_feed.email_hash'}) "
        "RETURN s.id, f.type, f.subtype, f.functions, f.masking, f.task, f.statement, f.line, "
        "f.resolution")
    assert result.columns[0] == "s.id"
    assert result.rows == (("stg.users.email", "DIRECT", "TRANSFORMATION", ["sha2", "upper"],
                            True, "sql/export.sql", 0, MASK_LINE, "resolved"),)
    feeds = store.query("MATCH (a:Asset)-[f:FEEDS]->(b:Asset {id: 'stg.users'}) "
                        "RETURN a.id, f.task, f.line ORDER BY a.id").rows
    assert feeds == (("raw.users", "sql/stg.sql", 1), ("tmp.scratch", "sql/stg.sql", 1))
    assert store.query("MATCH (t:Task {id: 'sql/export.sql'})-[:READS]->(a:Asset) "
                       "RETURN t.status, t.statements, a.id ORDER BY a.id").rows == (
        ("ok", 3, "raw.users"), ("ok", 3, "stg.users"))


def test_carried_tags_round_trip_paths(store: GraphStore) -> None:
    assert store.carried_tags("export.partner_feed.email_hash") == [CarriedTag(
        tag="pseudonymous", origin="raw.users.email", origin_tag="pii.email", declared=False,
        masked=True, path=TAGS.items[3].path)]
    [declared] = store.carried_tags("raw.users.email")
    assert declared.declared and declared.path == (step("raw.users.email"),)
    assert store.carried_tags("export.stats.n") == []
    assert store.carried_tags("no.such.column") == []


def test_meta_round_trips(store: GraphStore) -> None:
    meta = store.meta()
    assert meta["inputs_hash"] == "h1"
    assert meta["graph.schema_version"] == SCHEMA_VERSION
    assert set(meta) == {"inputs_hash", "graph.schema_version", "graph.kuzu_version"}


def test_empty_build(tmp_path: Path) -> None:
    stats = build(tmp_path / "g.kuzu", assets=(), lineage=(), tags=TagAssignments(),
                  tag_defs=(), meta={})
    assert stats.total_edges == 0 and stats.nodes["Meta"] == 2
    with GraphStore.open(tmp_path / "g.kuzu") as store:
        assert store.downstream("x.y", level="column") == []
        assert store.query("MATCH (c:Col) RETURN count(c)").rows == ((0,),)


# --- reachability ----------------------------------------------------------------------------

def test_downstream_upstream_branching_with_cycle(tmp_path: Path) -> None:
    hops = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e"), ("c", "e"), ("e", "a")]
    lineage = tuple(
        task(f"sql/{s}{t}.sql", [(t, (s,), 1)],
             [edge(f"{s}.x", f"{t}.x", f"sql/{s}{t}.sql", "JOIN" if s == "c" else "IDENTITY")])
        for s, t in hops)
    build(tmp_path / "g.kuzu", assets=(), lineage=lineage, tags=TagAssignments(), tag_defs=())
    with GraphStore.open(tmp_path / "g.kuzu") as store:
        # the cycle e -> a leads back to the start, which is never listed
        assert store.downstream("a.x", level="column") == [
            ("b.x", 1), ("c.x", 1), ("d.x", 2), ("e.x", 2)]
        assert store.upstream("e.x", level="column") == [
            ("c.x", 1), ("d.x", 1), ("a.x", 2), ("b.x", 2)]
        assert store.downstream("d", level="asset") == [("e", 1), ("a", 2), ("b", 3), ("c", 3)]
        assert store.downstream("zz.x", level="column") == []
        with pytest.raises(ValueError):
            store.downstream("a", level="table")  # type: ignore[arg-type]


def test_forty_hop_chain_is_fully_reached(tmp_path: Path) -> None:
    assets, lineage = chain(40)
    build(tmp_path / "g.kuzu", assets=assets, lineage=lineage, tags=TagAssignments(), tag_defs=())
    with GraphStore.open(tmp_path / "g.kuzu") as store:
        down = store.downstream("a0.x", level="column")
        assert down == [(f"a{i}.x", i) for i in range(1, 41)]
        up = store.upstream("a40", level="asset")
        assert len(up) == 40 and up[-1] == ("a0", 40)


def test_tables_too_big_for_the_buffer_pool_load_in_pieces(tmp_path: Path) -> None:
    n = 80_000  # with a 32 MB pool, kuzu 0.11.3 cannot COPY this many FLOWS rows at once
    edges = [edge(f"s.t.c{i % 100}", f"d.t.c{i}", "sql/x.sql", line=i) for i in range(n)]
    lineage = (task("sql/x.sql", [("d.t", ("s.t",), 1)], edges),)
    stats = build(tmp_path / "g.kuzu", assets=(), lineage=lineage, tags=TagAssignments(),
                  tag_defs=(), buffer_pool_mb=32)
    assert "FLOWS" in stats.split_tables
    with GraphStore.open(tmp_path / "g.kuzu", buffer_pool_mb=32) as store:
        assert store.query("MATCH ()-[f:FLOWS]->() RETURN count(f), count(DISTINCT f.line)"
                           ).rows == ((n, n),)  # a failed COPY rolled back: no row twice
    with pytest.raises(GraphStoreError, match="raise buffer_pool_mb"):
        build(tmp_path / "h.kuzu", buffer_pool_mb=1)
    # the writers' lock files stay (removing one could let two writers in at once)
    assert sorted(os.listdir(tmp_path)) == ["g.kuzu", "g.kuzu.lock", "h.kuzu.lock"]


# --- atomic replace and failures ---------------------------------------------------------------

def _leave_stale_wal(db: Path) -> None:
    """Write to `db` from another process that dies before checkpointing: a `.wal` stays."""
    code = (
        "import importlib.util, os, sys, kuzu\n"
        "db = kuzu.Database(sys.argv[1], buffer_pool_size=64 * 1024 * 1024)\n"
        "kuzu.Connection(db).execute(\"CREATE (:Meta {key: 'stale', value: 'old wal'})\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)
    assert db.with_name(db.name + ".wal").exists()


def test_rebuild_replaces_old_graph_and_its_wal(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "graph.kuzu"  # parent dirs are created
    build(db)
    _leave_stale_wal(db)
    assets, lineage = chain(2)
    build(db, assets=assets, lineage=lineage, tags=TagAssignments(), meta={"inputs_hash": "h2"})
    assert sorted(os.listdir(db.parent)) == ["graph.kuzu", "graph.kuzu.lock"]
    with GraphStore.open(db) as store:
        assert store.meta()["inputs_hash"] == "h2"
        assert "stale" not in store.meta()  # the old database's WAL was not replayed into this one
        assert column_ids(store, "MATCH (a:Asset) RETURN a.id") == ["a0", "a1", "a2"]


def _assert_old_graph_intact(db: Path) -> None:
    assert sorted(os.listdir(db.parent)) == [db.name, f"{db.name}.lock"]
    with GraphStore.open(db) as store:
        assert store.meta()["inputs_hash"] == "h1"
        assert store.query("MATCH ()-[f:FLOWS]->() RETURN count(f)").rows == ((8,),)


@pytest.mark.parametrize("break_build", ["copy", "kuzu"])
def test_failed_build_leaves_previous_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            break_build: str) -> None:
    db = tmp_path / "graph.kuzu"
    build(db)
    expected: type[BaseException]
    if break_build == "copy":  # fail halfway: node tables are already loaded into the temp db
        real: Callable[..., int] = graph_loader._copy_file

        def copy_then_fail(session: Any, name: str, file: Path) -> int:
            if name == "FLOWS":
                raise KeyboardInterrupt
            return real(session, name, file)

        monkeypatch.setattr(graph_loader, "_copy_file", copy_then_fail)
        expected = KeyboardInterrupt
    else:
        monkeypatch.setattr(graph_loader, "ddl", lambda: [*ddl(), "CREATE NODE TABLE X("])
        expected = GraphStoreError
    with pytest.raises(expected) as err:
        build(db, meta={"inputs_hash": "h2"})
    if break_build == "kuzu":
        assert err.value.cypher == "CREATE NODE TABLE X("  # type: ignore[attr-defined]
    _assert_old_graph_intact(db)


def _loaders() -> list[int]:
    """This process's graph loaders (not its other children: a multiprocessing resource
    tracker killed here would be missed by later tests)."""
    me, found = os.getpid(), []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == me and b"engine.graph.loader" in command:
            found.append(int(pid))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the loader through /proc")
def test_a_loader_killed_by_the_kernel_leaves_previous_graph(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "graph.kuzu"
    build(db)
    monkeypatch.setattr(graph_build, "ASIDE_FROM", 0)  # every build loads in a child

    def kill_the_loader(done: int, total: int) -> None:
        if done > total // 2:  # writing is done: the loader is at work
            for pid in _loaders():
                os.kill(pid, signal.SIGKILL)  # as the out-of-memory killer would

    with pytest.raises(GraphTooBig, match="loader was killed by signal 9 .*out-of-memory"):
        build(db, meta={"inputs_hash": "h2"}, progress=kill_the_loader)
    _assert_old_graph_intact(db)  # and no spool or half-built database left beside it


@pytest.mark.parametrize("folder", ["it's here", "back\\slash"])
def test_a_graph_builds_in_a_folder_whose_name_needs_quoting(tmp_path: Path, folder: str) -> None:
    db = tmp_path / folder / "g.kuzu"  # Kùzu reads the pieces from a path in its COPY
    assets, lineage = chain(2)
    assert build(db, assets=assets, lineage=lineage, tags=TagAssignments()).edges["FLOWS"] == 2
    with GraphStore.open(db) as store:
        assert store.downstream("a0.x", level="column") == [("a1.x", 1), ("a2.x", 2)]


def test_hand_off_execs_nothing_for_a_small_graph_or_when_the_exec_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`hand_off` replaces the process only for a graph with a loader of its own, and an exec
    that fails leaves the build to finish here (this test's process is never replaced)."""
    execs: list[str] = []

    def no_exec(path: str, argv: list[str], env: dict[str, str]) -> None:
        execs.append(argv[2])
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(os, "execve", no_exec)
    assert build(tmp_path / "small.kuzu", hand_off=True).edges["FLOWS"] == 8  # under 1M rows
    assert execs == []
    monkeypatch.setattr(graph_build, "ASIDE_FROM", 0)
    assert build(tmp_path / "big.kuzu", hand_off=True).edges["FLOWS"] == 8
    assert len(execs) == 1 and "engine.graph.handoff" in execs[0]
    with GraphStore.open(tmp_path / "big.kuzu") as store:
        assert store.meta()["inputs_hash"] == "h1"
    assert sorted(os.listdir(tmp_path)) == ["big.kuzu", "big.kuzu.lock", "small.kuzu",
                                           "small.kuzu.lock"]


def test_a_loader_in_its_own_process_says_what_failed(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graph_build, "ASIDE_FROM", 0)
    assets, lineage = chain(3)
    stats = build(tmp_path / "g.kuzu", assets=assets, lineage=lineage, tags=TagAssignments())
    assert stats.edges["FLOWS"] == 3
    with GraphStore.open(tmp_path / "g.kuzu") as store:
        assert store.downstream("a0.x", level="column") == [("a1.x", 1), ("a2.x", 2), ("a3.x", 3)]
    with pytest.raises(GraphStoreError, match="does not fit in a 1 MB buffer pool"):
        build(tmp_path / "h.kuzu", buffer_pool_mb=1)
    assert sorted(os.listdir(tmp_path)) == ["g.kuzu", "g.kuzu.lock", "h.kuzu.lock"]


# --- opening and querying ------------------------------------------------------------------

def test_two_read_only_handles_share_the_database(db: Path) -> None:
    with GraphStore.open(db) as first, GraphStore.open(db) as second:
        assert first.meta() == second.meta()
        assert second.downstream("raw.users", level="asset") == [
            ("stg.users", 1), ("export.partner_feed", 2), ("export.stats", 2)]


def test_query_errors_carry_the_cypher(store: GraphStore) -> None:
    for cypher in ["MATCH (n:Nope) RETURN n", "MATCH (c:Column) RETURN c.id"]:  # Column: reserved
        with pytest.raises(GraphStoreError) as err:
            store.query(cypher)
        assert err.value.cypher == cypher
    assert store.query("MATCH (c:Col {id: $id}) RETURN c.name",
                       {"id": "raw.users.email"}).rows == (("email",),)


def test_read_only_store_refuses_statements_that_are_not_queries(db: Path) -> None:
    before = sorted(p.name for p in db.parent.iterdir())
    with GraphStore.open(db) as store:
        with pytest.raises(GraphStoreError, match="CHECKPOINT is not a reading query") as err:
            store.query("CHECKPOINT")
        assert err.value.cypher == "CHECKPOINT"
        assert store.query("MATCH (a:Asset {id: 'raw.users'}) RETURN a.id").rows == (
            ("raw.users",),)
    assert sorted(p.name for p in db.parent.iterdir()) == before  # no .wal, no .shadow


def test_open_missing_or_closed(tmp_path: Path, db: Path) -> None:
    with pytest.raises(GraphStoreError, match="no graph database"):
        GraphStore.open(tmp_path / "missing.kuzu")
    assert not (tmp_path / "missing.kuzu").exists()
    store = GraphStore.open(db)
    store.close()
    store.close()
    with pytest.raises(GraphStoreError, match="closed"):
        store.meta()


def test_a_run_whose_graph_was_loaded_in_pieces_says_to_raise_the_buffer_pool(
    make_project: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.pipeline as pipeline
    from tests.conftest import run_at

    real = pipeline.build_graph

    def small_pool(*args: Any, **kwargs: Any) -> Any:
        # The real build, as it reports a table that had to be split (80k rows at 32 MB do).
        stats = real(*args, **kwargs)
        return type(stats)(**{**stats.__dict__, "split_tables": ("FLOWS",)})

    monkeypatch.setattr(pipeline, "build_graph", small_pool)
    catalog = make_project("dialect: postgres\nsources: {sql: ['sql/*.sql']}\n",
                           sql={"sql/a.sql": "CREATE TABLE b.t AS SELECT x FROM a.s;"})
    with pytest.warns(RuntimeWarning, match=r"FLOWS did not fit .* raise graph.buffer_pool_mb"):
        run_at(catalog)
