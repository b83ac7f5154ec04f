"""Cone evaluation (engine.cone): a run that starts from an earlier run of the same project and
works out tags and findings again only where its changed tasks can move them must come out
exactly as a full run of the changed project does."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from engine.cone import Cone, Prior
from engine.pipeline import RunResult, graph_meta, load_project, run, usable_prior
from engine.policies.base import run_totals

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 3, 1)


def _demo(tmp: Path) -> Path:
    for part in ("sql", "lineage_policies"):
        shutil.copytree(REPO / part, tmp / part)
    shutil.copy(REPO / "catalog.yaml", tmp / "catalog.yaml")
    return tmp / "catalog.yaml"


def _run(catalog: Path, prior: Prior | None = None, *, keep: bool = False) -> RunResult:
    return run(catalog, today=TODAY, build=False, jobs=1,
               cache_path=catalog.parent / ".lineage" / "cache.sqlite",
               prior=(lambda _dir, _config: prior) if prior is not None else None,
               keep_prior=keep)


def _base(catalog: Path) -> RunResult:
    return _run(catalog, keep=True)


def _cone(prior: Prior, full: RunResult) -> Cone:
    assert usable_prior(prior, {"config_hash": full.config_hash}, TODAY) is prior
    return Cone.of(prior, full.lineage, full.identities)


def _assert_same(cone: RunResult, full: RunResult) -> None:
    assert cone.lineage == full.lineage
    assert cone.identities == full.identities
    assert cone.tags == full.tags
    assert cone.violations == full.violations
    assert cone.checked == full.checked
    assert cone.findings == full.findings
    assert cone.assets == full.assets


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text()
    assert old in text, f"{path} no longer has {old!r}"
    file.write_text(text.replace(old, new))


# Each change is a different way a pull request moves tags and findings.
DEMO_CHANGES = {
    "nothing": lambda root: None,
    # a staging table loses a personal column: tags leave everything downstream of it
    "drop-tagged-column": lambda root: _edit(
        root,
        "sql/staging/stg_customers.sql",
        "    lower(trim(u.email))                     AS email,\n",
        "",
    ),
    # the same column is masked on the way: tags change kind, `unless: masked` passes
    "mask-column": lambda root: _edit(
        root, "sql/staging/stg_customers.sql", "lower(trim(u.email))", "md5(lower(trim(u.email)))"),
    # a new export reads personal data: new asset, new flow findings
    "add-export": lambda root: (root / "sql/exports/new_leak.sql").write_text(
        "CREATE TABLE export.new_leak AS\nSELECT customer_id, email, phone\nFROM stg.customers;\n"),
    # a task goes: what it wrote is orphaned, what it read may become unused
    "remove-task": lambda root: (root / "sql/exports/crm_sync.sql").unlink(),
    # a staging table gains a column (a SELECT * reader's lineage changes with it)
    "widen-star-source": lambda root: _edit(
        root,
        "sql/staging/stg_customers.sql",
        "    u.city,\n",
        "    u.city,\n    u.city AS town,\n",
    ),
}


@pytest.mark.parametrize("change", sorted(DEMO_CHANGES))
def test_cone_run_equals_a_full_run_of_the_demo(tmp_path: Path, change: str) -> None:
    catalog = _demo(tmp_path)
    base = _base(catalog)
    DEMO_CHANGES[change](tmp_path)
    full = _run(catalog)
    prior = Prior.of(base)
    cone = _run(catalog, prior)
    _assert_same(cone, full)
    found = _cone(prior, full)
    assert found is not None
    if change == "nothing":
        assert not found.changed and not found.affected
    else:
        assert found.changed and found.affected < set(full.assets), "judged everything again"


def test_a_star_reader_is_judged_again_though_its_sql_is_the_same(tmp_path: Path) -> None:
    catalog = _demo(tmp_path)
    star = "sql/marts/star_copy.sql"
    (tmp_path / star).write_text("CREATE TABLE marts.star_copy AS SELECT * FROM stg.customers;\n")
    base = _base(catalog)
    DEMO_CHANGES["widen-star-source"](tmp_path)
    full = _run(catalog)
    prior = Prior.of(base)
    found = _cone(prior, full)
    assert found is not None and star in found.changed
    assert "marts.star_copy" in found.cone
    _assert_same(_run(catalog, prior), full)
    assert "town" in full.assets["marts.star_copy"].column_names


def test_a_table_a_change_stops_reading_is_judged_again(tmp_path: Path) -> None:
    """Same task count, coverage and edge count (no kind is judged in full for its totals),
    yet one mart loses its only reader and another gains one."""
    catalog = _demo(tmp_path)
    for name in ("copy_a", "copy_b"):
        (tmp_path / f"sql/marts/{name}.sql").write_text(
            f"CREATE TABLE marts.{name} AS SELECT customer_id, country_code FROM stg.customers;\n")
    reader = tmp_path / "sql/bi/copy_reader.sql"
    reader.write_text("CREATE TABLE bi.copy_reader AS SELECT customer_id FROM marts.copy_a;\n")
    base = _base(catalog)
    reader.write_text(reader.read_text().replace("copy_a", "copy_b"))
    full = _run(catalog)
    prior = Prior.of(base)
    assert run_totals(full.lineage) == prior.totals
    unused = {f.asset for f in full.findings if f.policy == "unused-marts"}
    was_unused = {f.asset for f in base.findings if f.policy == "unused-marts"}
    assert "marts.copy_a" in unused - was_unused and "marts.copy_b" in was_unused - unused
    _assert_same(_run(catalog, prior), full)


def test_another_configuration_or_day_is_evaluated_in_full(tmp_path: Path) -> None:
    catalog = _demo(tmp_path)
    prior = Prior.of(_base(catalog))
    assert usable_prior(prior, graph_meta(load_project(catalog)), TODAY) is prior
    assert usable_prior(prior, graph_meta(load_project(catalog)), date(2030, 1, 1)) is None
    catalog.write_text(catalog.read_text() + "\n")
    assert usable_prior(prior, graph_meta(load_project(catalog)), TODAY) is None
    _assert_same(_run(catalog, prior), _run(catalog))


def test_lineage_of_unchanged_sql_is_the_priors(tmp_path: Path) -> None:
    catalog = _demo(tmp_path)
    base = _base(catalog)
    DEMO_CHANGES["mask-column"](tmp_path)
    cone = _run(catalog, Prior.of(base))
    same = [t for t in cone.lineage if t.task != "sql/staging/stg_customers.sql"]
    before = {t.task: t for t in base.lineage}
    assert same and all(t is before[t.task] for t in same)


def _generator():
    path = REPO / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate_cone", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate_cone"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("files", [3, 12])
def test_cone_run_equals_a_full_run_of_a_generated_warehouse(tmp_path: Path, files: int) -> None:
    gen = _generator()
    gen.fresh(gen.Params(tasks=300, seed=11), tmp_path)
    catalog = tmp_path / "catalog.yaml"
    base = _base(catalog)
    gen.apply_change(tmp_path, files=files)
    full = _run(catalog)
    cone = _run(catalog, Prior.of(base))
    _assert_same(cone, full)


def test_the_totals_a_kind_quotes_never_decide_what_it_finds(tmp_path: Path) -> None:
    """The contract cone evaluation rests on (`PolicyBase.quotes_run_totals`): with other
    totals, such a kind finds the same subjects, and only their text differs."""
    from engine.config.catalog import load_catalog
    from engine.policies import evaluate_policy
    from engine.policies.base import EvalContext
    from engine.policies.loader import load_policies

    catalog_path = _demo(tmp_path)
    full = _run(catalog_path)
    catalog = load_catalog(catalog_path)
    quoting = [p for p in load_policies(tmp_path / "lineage_policies", catalog,
                                        root=tmp_path).policies if p.quotes_run_totals]
    assert quoting  # the demo has some (cleanup)
    ctx = EvalContext(catalog=catalog, assets=full.assets, lineage=full.lineage, tags=full.tags,
                      today=TODAY)
    other = EvalContext(catalog=catalog, assets=full.assets, lineage=full.lineage,
                        tags=full.tags, today=TODAY)
    other.__dict__["totals"] = (7, "parse coverage 12% (3 tasks unknown)", 5)
    for policy in quoting:
        found = list(evaluate_policy(policy, ctx))
        found_other = list(evaluate_policy(policy, other))
        assert found, policy.id  # something to compare
        assert [(v.asset, v.column, v.tag) for v in found] == [
            (v.asset, v.column, v.tag) for v in found_other]
        assert [v.evidence for v in found] != [v.evidence for v in found_other]
