"""`evaluate` and `EvalContext`: ordering and the evidence helpers kinds share."""

from __future__ import annotations

from datetime import date

from engine.config.catalog import catalog_from_data
from engine.models import AssetInfo, TagAssignments, TaskLineage
from engine.policies import EvalContext, RequirePolicy, evaluate


def context(*assets: str, statuses: tuple[str, ...] = ()) -> EvalContext:
    lineage = tuple(TaskLineage(task=f"sql/{i}.sql", sha256="0", status=s)  # type: ignore[arg-type]
                    for i, s in enumerate(statuses))
    return EvalContext(
        catalog=catalog_from_data({}), lineage=lineage, tags=TagAssignments(),
        today=date(2026, 1, 1), assets={a: AssetInfo(id=a, declared=True) for a in assets},
    )


def test_evaluate_keeps_policy_order_and_sorts_within_a_policy() -> None:
    first = RequirePolicy.model_validate(
        {"id": "z-first", "kind": "require", "where": {"name": "*"}, "have": ["owner"]})
    second = RequirePolicy.model_validate(
        {"id": "a-second", "kind": "require", "where": {"name": "a.*"}, "have": ["zone"]})
    found = evaluate([first, second], context("b.x", "a.x", "c.x"))
    assert [(v.policy_id, v.asset) for v in found] == [
        ("z-first", "a.x"), ("z-first", "b.x"), ("z-first", "c.x"), ("a-second", "a.x")]


def test_coverage_evidence() -> None:
    assert context().coverage() == "no SQL tasks were parsed"
    assert context(statuses=("ok",) * 3 + ("unknown",)).coverage() == \
        "parse coverage 75% (1 task unknown)"
    assert context(statuses=("ok", "partial")).coverage() == \
        "parse coverage 100% (0 tasks unknown, 1 partial)"


def test_scope_lists_the_assets_each_kind_judges() -> None:
    """Reports show passes as well as failures: each policy's scope is its selector's matches."""
    from datetime import date

    from engine.config.catalog import catalog_from_data
    from engine.models import AssetInfo, TagAssignments
    from engine.policies import EvalContext
    from engine.policies.loader import PolicyFile

    catalog = catalog_from_data({
        "tags": {"pii": {}}, "zones": {"export": ["export.*"], "marts": ["marts.*"]},
        "assets": {"export.a": {}, "export.b": {}, "marts.m": {}},
    })
    assets = {a: AssetInfo(id=a, declared=True, zone=catalog.zone_of(a))
              for a in ("export.a", "export.b", "marts.m")}
    ctx = EvalContext(catalog=catalog, assets=assets, lineage=(),
                      tags=TagAssignments(), today=date(2026, 11, 24))
    policies = PolicyFile.model_validate({"policies": [
        {"id": "f", "kind": "flow", "tag": "pii", "to": {"zone": "export"}},
        {"id": "r", "kind": "require", "where": {"name": "marts.*"}, "have": ["owner"]},
        {"id": "c", "kind": "cleanup", "check": "unused"},
    ]}).policies
    assert [p.scope(ctx) for p in policies] == [
        ("export.a", "export.b"), ("marts.m",), ("export.a", "export.b", "marts.m")]
