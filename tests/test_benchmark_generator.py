"""The scale benchmark's warehouse generator (benchmarks/generate.py): deterministic, valid, and
shaped as documented. Generation only — no timings are measured or asserted here."""

from __future__ import annotations

import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import sqlglot

from engine.pipeline import load_project

GENERATE = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def warehouse(gen, tmp_path_factory):
    out = tmp_path_factory.mktemp("wh")
    manifest = gen.fresh(gen.Params(tasks=400, seed=7), out)
    return out, manifest


@pytest.fixture(scope="module")
def project(warehouse):
    return load_project(warehouse[0] / "catalog.yaml")


@pytest.fixture(scope="module")
def parsed(project):
    """Every task's statements, or None for a file that does not parse."""
    out = {}
    for task in project.tasks:
        try:
            out[task.path] = sqlglot.parse(task.text, read="snowflake")
        except sqlglot.errors.ParseError:
            out[task.path] = None
    return out


def test_same_tasks_and_seed_give_byte_identical_output(gen, warehouse, tmp_path):
    out, _ = warehouse
    gen.fresh(gen.Params(tasks=400, seed=7), tmp_path / "again")
    assert _tree(tmp_path / "again") == _tree(out)
    gen.fresh(gen.Params(tasks=400, seed=8), tmp_path / "other")
    assert _tree(tmp_path / "other") != _tree(out)


def test_layout_counts_and_mix(gen, warehouse):
    out, m = warehouse
    files = sorted(p.relative_to(out).as_posix() for p in (out / "sql").rglob("*.sql"))
    assert len(files) == 400
    assert {f.split("/")[1] for f in files} == {"staging", "marts", "exports", "bi"}
    assert m["raw_tables"] == 20  # N/20, at least 10
    assert gen.raw_count(100) == 10
    assert sum(m["layers"].values()) == 400
    targets = {"plain": 0.40, "cte": 0.30, "wide": 0.10, "long": 0.05, "merge/update": 0.10,
               "other": 0.05}
    assert set(m["shapes"]) == set(targets)
    for shape, share in targets.items():
        assert abs(m["shapes"][shape] - share) <= 0.05, (shape, m["shapes"])
    assert m["wide_columns"]["min"] >= 100 and m["wide_columns"]["max"] <= 320
    assert m["statements"] > 400  # MERGE and temp-table tasks hold two statements


def test_catalog_and_policies_load_and_sql_parses_except_deliberate_errors(
    warehouse, project, parsed
):
    out, m = warehouse
    assert len(project.tasks) == 400
    raw = [a for a in project.catalog.assets if a.startswith("raw.")]
    assert len(raw) == 20
    tagged = {t for a in raw for c in project.catalog.assets[a].columns.values() for t in c.tags}
    assert {"pii.email", "pci.card_number", "pseudonymous"} <= tagged
    assert len(project.catalog.assets) > len(raw)  # some downstream assets are declared
    assert {p.id for p in project.policies.policies} >= {"no-pii-in-exports", "unused-marts"}
    assert {p for p, stmts in parsed.items() if stmts is None} == set(
        m["deliberate"]["syntax_errors"]
    )
    assert len(m["deliberate"]["syntax_errors"]) == 1
    d = m["deliberate"]
    assert len(d["export_violations"]) >= 2 and d["owner_violations"] and d["orphan_reads"]


def test_table_dag_is_acyclic_with_bounded_fan_in(parsed):
    edges: dict[str, set[str]] = defaultdict(set)
    for path, statements in parsed.items():
        if path.startswith("sql/marts/upd_"):
            continue  # UPDATE marts.x FROM stg.y: staging reads only raw, so never a cycle
        for stmt in statements or ():
            target = _target(stmt)
            reads = {f"{t.db}.{t.name}".lower() for t in stmt.find_all(sqlglot.exp.Table)
                     if t.db and f"{t.db}.{t.name}".lower() != target}
            if target:
                edges[target] |= reads
                assert len(reads) <= 5  # fan-in 1-4 (+ an orphan ref.* lookup)
    state: dict[str, int] = {}

    def visit(node: str) -> None:
        state[node] = 1
        for up in edges.get(node, ()):
            assert state.get(up) != 1, f"cycle through {node} and {up}"
            if up not in state:
                visit(up)
        state[node] = 2

    for node in list(edges):
        if node not in state:
            visit(node)


def _target(stmt: sqlglot.exp.Expr) -> str | None:
    node = stmt.this if isinstance(stmt, (sqlglot.exp.Create, sqlglot.exp.Insert,
                                          sqlglot.exp.Merge)) else None
    while node is not None and not isinstance(node, sqlglot.exp.Table):
        node = node.this if isinstance(node, sqlglot.exp.Expr) else None
    return f"{node.db}.{node.name}".lower() if node is not None and node.db else None


def test_change_edits_a_deterministic_selection_and_leaves_the_rest(gen, warehouse, tmp_path):
    out, _ = warehouse
    copies = []
    for name in ("a", "b"):
        gen.fresh(gen.Params(tasks=400, seed=7), tmp_path / name)
        record = gen.apply_change(tmp_path / name, pct=5)
        copies.append((tmp_path / name, record))
    (a, rec_a), (b, rec_b) = copies
    assert rec_a["files"] == 20 and rec_a["paths"] == rec_b["paths"]
    assert _tree(a) == _tree(b)
    before, after = _tree(out), _tree(a)
    changed = {p for p in before if p.startswith("sql/") and before[p] != after[p]}
    assert changed == set(rec_a["paths"])
    assert rec_a["alias_renames"] + rec_a["added_columns"] == 20
    assert rec_a["added_columns"] > 0
    for path in changed:
        sqlglot.parse(after[path].decode(), read="snowflake")
    assert after["catalog.yaml"] == before["catalog.yaml"]
    # exactly K files, on top of the earlier change
    record = gen.apply_change(a, files=3)
    assert record["files"] == 3 and record["round"] == 2
    assert sum(1 for p, v in _tree(a).items() if p.startswith("sql/") and v != after[p]) == 3


def test_a_plain_task_whose_every_column_is_refused_keeps_its_first_input_column(
    gen, warehouse, monkeypatch
):
    """Deep in a 1M-task warehouse every treatment of a table's columns can be refused (derived
    names too deep); the SELECT still has a column, the first input's, and parses."""
    import random

    monkeypatch.setattr(gen, "treat", lambda ctx, alias, name: None)
    monkeypatch.setattr(gen, "extra_columns", lambda ctx, alias, cols, proj: None)
    table = gen.Table("stg.source", 0, gen.array("i", [gen.V.ids[n] for n in gen.V.names[:4]]),
                      "stg")
    for seed in range(20):  # plain tasks draw one to three inputs, grouped or not
        ctx = gen.Ctx(random.Random(seed), "export", "crm")
        body = gen.Body("t")
        out = gen.gen_plain(ctx, "export.t", [table], body)
        assert out, seed
        assert set(out) <= set(gen.V.names), seed
        sqlglot.parse(body.text(), read="snowflake")
