"""The full build's column-wise pieces (`engine.graph.bulk`) hold exactly the rows of the
object-by-object definition (`tables.graph_tables`, whose collector an incremental update
uses), however small the pieces: on hand-made edge cases and on a generated warehouse's real
lineage."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

import engine.graph.build as graph_build
import engine.graph.loader as loader
import engine.graph.spool as spool
from engine import afterexit
from engine.afterexit import Deferred
from engine.codec import pack
from engine.graph import GraphStore, build_graph, handoff, lock_path
from engine.graph.bulk import bulk_pieces
from engine.graph.tables import graph_tables
from engine.models import AssetInfo, ColumnInfo, GraphLoad, TagAssignments
from tests.conftest import TODAY, lock_is_free
from tests.test_graph import ASSETS, LINEAGE, TAG_DEFS, TAGS, assign, chain, edge, task

GENERATE = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def rows(tables: Mapping[str, Sequence[pa.Table]]) -> dict[str, Counter[tuple[Any, ...]]]:
    """Each table's rows as a multiset (pieces together, order ignored)."""
    return {name: Counter(tuple(_hashable(v) for v in row.values())
                          for t in pieces for row in t.to_pylist())
            for name, pieces in tables.items()}


def bulk(flows_per_piece: int, **inputs: Any) -> dict[str, list[pa.Table]]:
    out: dict[str, list[pa.Table]] = {}
    for name, piece in bulk_pieces(flows_per_piece=flows_per_piece, **inputs):
        out.setdefault(name, []).append(piece)
    return out


def assert_same_rows(flows_per_piece: int, **inputs: Any) -> dict[str, list[pa.Table]]:
    pieces = bulk(flows_per_piece, **inputs)
    want = rows({name: [t] for name, t in graph_tables(**inputs).items() if t.num_rows})
    got = rows({name: ts for name, ts in pieces.items() if sum(t.num_rows for t in ts)})
    assert set(got) == set(want)
    for name in want:
        assert got[name] == want[name], name
    return pieces


# Edge cases: one id spelt by two (asset, column) pairs, a column twice in one asset, a star
# column only an edge names, a tag on a column nothing else names, an asset only tags name.
ODD_ASSETS = (
    AssetInfo(id="a", declared=True, columns=(ColumnInfo(name="b.c", declared_tags=("pii",)),
                                              ColumnInfo(name="x"), ColumnInfo(name="x"))),
    AssetInfo(id="a.b", declared=True, columns=(ColumnInfo(name="c", description="later"),)),
)
ODD_LINEAGE = (
    task("sql/odd.sql", [("a.b", ("a", "s.t"), 1)], [
        edge("a.x", "a.b.c", "sql/odd.sql"),
        edge("s.t.*", "a.b.c", "sql/odd.sql", "FILTER"),
    ]),
)
ODD_TAGS = TagAssignments(items=(assign("a.b.c", "pii", "a.b.c"),
                                 assign("z.only.col", "secret", "z.only.col")))


@pytest.mark.parametrize("flows_per_piece", [1, 2, 10**9])
@pytest.mark.parametrize("packed", [False, True], ids=["decoded", "packed"])
def test_hand_made_cases_give_the_collectors_rows(flows_per_piece: int, packed: bool) -> None:
    for assets, lineage, tags in ((ASSETS, LINEAGE, TAGS),
                                  (ODD_ASSETS, ODD_LINEAGE, ODD_TAGS)):
        lineage = tuple(map(pack, lineage)) if packed else lineage
        assert_same_rows(flows_per_piece, assets=assets, lineage=lineage, tags=tags,
                         tag_defs=TAG_DEFS, meta={"inputs_hash": "h"},
                         identities={"sql/stg.sql": "i1"})


def test_ids_spelt_twice_are_one_node_with_the_first_ones_facts() -> None:
    pieces = assert_same_rows(10**9, assets=ODD_ASSETS, lineage=ODD_LINEAGE, tags=ODD_TAGS,
                              tag_defs=(), meta={}, identities=None)
    cols = {r["id"]: r for t in pieces["Col"] for r in t.to_pylist()}
    assert cols["a.b.c"]["asset"] == "a" and cols["a.b.c"]["description"] is None
    assert cols["a.b.c"]["tags"] == ["pii"]
    assert "s.t.*" in cols and "z.only.col" in cols
    assert [r["id"] for t in pieces["Col"] for r in t.to_pylist()].count("a.x") == 1


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A generated 300-task warehouse's run: wide edges, stars, MERGEs, tags and masking."""
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = gen
    spec.loader.exec_module(gen)
    out = tmp_path_factory.mktemp("wh")
    gen.fresh(gen.Params(tasks=300, seed=3), out)
    from engine.pipeline import run
    return run(out / "catalog.yaml", today=TODAY, build=False, jobs=1)


def _inputs(result: Any) -> dict[str, Any]:
    return dict(assets=tuple(result.assets.values()), lineage=result.lineage, tags=result.tags,
                tag_defs=result.tag_infos, meta=result.graph_meta, identities=result.identities)


@pytest.mark.parametrize("flows_per_piece", [500, 10**9])
def test_a_warehouse_gives_the_collectors_rows(warehouse: Any, flows_per_piece: int) -> None:
    assert sum(t.summary.wide for t in warehouse.lineage) > 0  # wide edges are expanded
    pieces = assert_same_rows(flows_per_piece, **_inputs(warehouse))
    if flows_per_piece == 500:
        # cut by source asset: each piece's sources come after the previous piece's
        assert len(pieces["FLOWS"]) > 3
        rank = {a: i for i, a in enumerate(warehouse.assets)}
        spans = []
        for t in pieces["FLOWS"]:
            src = {s.rsplit(".", 1)[0] for s in t.column("from").to_pylist()}
            ranks = [rank.get(a, len(rank)) for a in src]
            spans.append((min(ranks), max(ranks)))
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))


def test_a_graph_loaded_in_many_pieces_equals_one_loaded_at_once(
        warehouse: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _inputs(warehouse)
    whole = build_graph(tmp_path / "whole.kuzu", buffer_pool_mb=256, **inputs)
    monkeypatch.setattr(graph_build, "flows_per_copy", lambda mb: 700)
    monkeypatch.setattr(graph_build, "ASIDE_FROM", 0)  # and COPYed by a loader process
    real_write, held, written = spool.pq.write_table, [], []

    def write(table: pa.Table, *args: Any, **kwargs: Any) -> None:
        if table.column_names[0] == "from" and "task" in table.column_names:  # FLOWS
            written.append(table.nbytes)  # what Arrow holds while a piece is written
            held.append(pa.total_allocated_bytes())
        real_write(table, *args, **kwargs)

    monkeypatch.setattr(spool.pq, "write_table", write)
    seen: list[tuple[int, int]] = []
    cut = build_graph(tmp_path / "cut.kuzu", buffer_pool_mb=256,
                      progress=lambda done, total: seen.append((done, total)), **inputs)
    assert whole.pieces["FLOWS"] == 1 and cut.pieces["FLOWS"] > 3
    # writing the pieces, then loading them: one bar that only goes forward
    assert seen[-1][0] == seen[-1][1] == 2 * cut.pieces["FLOWS"]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    # each piece is let go once written: never more than about one at a time
    assert max(held) < sum(written) / 2
    assert (whole.nodes, whole.edges) == (cut.nodes, cut.edges)
    assert_same_graph(tmp_path / "whole.kuzu", tmp_path / "cut.kuzu")


def assert_same_graph(one: Path, other: Path) -> None:
    """The two databases hold the same Col nodes, FLOWS and HAS_COLUMN rows, facts included."""
    queries = {
        "Col": "MATCH (c:Col) RETURN c.id, c.asset, c.name, c.declared_tags, c.tags",
        "FLOWS": "MATCH (a:Col)-[f:FLOWS]->(b:Col) RETURN a.id, b.id, f.type, f.subtype, "
                 "f.functions, f.masking, f.task, f.statement, f.line, f.resolution",
        "HAS_COLUMN": "MATCH (a:Asset)-[:HAS_COLUMN]->(c:Col) RETURN a.id, c.id",
    }
    with GraphStore.open(one) as a, GraphStore.open(other) as b:
        for cypher in queries.values():
            assert Counter(map(repr, a.query(cypher).rows)) == Counter(
                map(repr, b.query(cypher).rows))


def _programs(marker: bytes) -> set[int]:
    """The processes whose command line holds `marker`."""
    found = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.add(int(pid))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not afterexit.can_detach() or not Path("/proc").is_dir(),
                    reason="a detached child, seen through /proc")
@pytest.mark.parametrize("pool", [256, 1])
def test_a_detached_build_hands_its_loading_to_a_program_that_keeps_the_lock(
        warehouse: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool: int) -> None:
    """The after-verdict child exec's a program of its own to load and swap in the spool
    (`handoff`): the child's heap is not beside Kùzu's, readers still wait for the graph, and
    a load that fails (a 1 MB pool) leaves the old graph and nothing else."""
    inputs = _inputs(warehouse)
    build_graph(tmp_path / "whole.kuzu", buffer_pool_mb=256, **inputs)
    db = tmp_path / "handed" / "g.kuzu"
    old_assets, old_lineage = chain(1)
    build_graph(db, assets=old_assets, lineage=old_lineage, tags=TagAssignments(),
                tag_defs=(), meta={"inputs_hash": "old"})
    monkeypatch.setattr(graph_build, "ASIDE_FROM", 0)  # big enough to be loaded aside
    lock = lock_path(db)
    afterexit.detach([Deferred(lock, lambda: pytest.fail("not the last form of the work"),
                               last=lambda: build_graph(db, buffer_pool_mb=pool,
                                                        hand_off=True, **inputs))])
    finishing: set[int] = set()
    deadline = time.monotonic() + 120
    while not lock_is_free(lock):  # held by the child, then by the program in its stead
        finishing |= _programs(b"engine.graph.handoff")
        assert time.monotonic() < deadline, "the build never finished"
        time.sleep(0.005)
    assert finishing, "the loading was not handed off"
    assert sorted(os.listdir(db.parent)) == ["g.kuzu", "g.kuzu.lock"]  # no spool, no temp db
    if pool == 1:  # the program's loader failed: the old graph stands
        with GraphStore.open(db) as store:
            assert store.meta()["inputs_hash"] == "old"
    else:
        assert_same_graph(tmp_path / "whole.kuzu", db)


def test_the_loader_program_reports_each_file_then_its_result(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The lines `load_aside` reads from its loader: `loaded DONE TOTAL` before each file and
    at the end, then `result {GraphLoad}`; a failure goes to stderr with exit status 1."""
    monkeypatch.setattr(loader, "_first_to_go", lambda: None)  # not this test process
    inputs = dict(assets=ASSETS, lineage=LINEAGE, tags=TAGS, tag_defs=TAG_DEFS, meta={"m": "1"},
                  identities=None)
    folder = tmp_path / "spool"
    folder.mkdir()
    written = spool.write_spool(bulk_pieces(flows_per_piece=3, **inputs), folder, 64)
    assert loader.main([str(folder), str(tmp_path / "g.kuzu")]) == 0
    lines = capsys.readouterr().out.splitlines()
    n = len(written.files)
    assert lines[:-1] == [f"loaded {i} {n}" for i in range(n + 1)]
    assert lines[-1].startswith("result ")
    result = GraphLoad.model_validate_json(lines[-1].removeprefix("result "))
    expected: Counter[str] = Counter()
    for piece in written.files:
        expected[piece.table] += piece.rows
    assert result.rows == dict(expected) and result.pieces["FLOWS"] > 1
    small = folder.with_name("small")
    small.mkdir()
    spool.write_spool(bulk_pieces(flows_per_piece=3, **inputs), small, 64)
    manifest = small / spool.MANIFEST
    manifest.write_text(manifest.read_text().replace('"buffer_pool_mb": 64', '"buffer_pool_mb": 1'))
    assert loader.main([str(small), str(tmp_path / "h.kuzu")]) == 1
    said = capsys.readouterr()
    assert "does not fit in a 1 MB buffer pool" in said.err and "result" not in said.out


def test_the_hand_off_program_exits_with_the_command_s_status_even_when_the_load_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """`check --wait` becomes this program: its exit status is the verdict's (argv), and a
    graph that could not be built is said on stderr, its spool and temporary database gone."""
    inputs = dict(assets=ASSETS, lineage=LINEAGE, tags=TAGS, tag_defs=TAG_DEFS, meta={"m": "1"},
                  identities=None)
    folder = tmp_path / "g.kuzu.spool-1"
    folder.mkdir()
    spool.write_spool(bulk_pieces(flows_per_piece=3, **inputs), folder, 64)
    manifest = folder / spool.MANIFEST
    manifest.write_text(manifest.read_text().replace('"buffer_pool_mb": 64', '"buffer_pool_mb": 1'))
    tmp, db = tmp_path / "g.kuzu.tmp-1", tmp_path / "g.kuzu"
    assert handoff.main([str(folder), str(tmp), str(db), "3"]) == 3
    assert "the lineage graph was not built" in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == []
