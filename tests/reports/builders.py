"""Run results built for report tests: the demo with hostile names, and synthetic warehouses."""

from __future__ import annotations

from engine.models import (
    AssetInfo,
    ColumnInfo,
    ColumnRef,
    Finding,
    Location,
    PathStep,
    Severity,
    StatementLineage,
    TagAssignment,
    TagAssignments,
    TagInfo,
    TaskLineage,
    WaiverInfo,
)
from engine.pipeline import PolicySummary, RunResult, RunStats

PAYLOAD = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
EVIL_ASSET = f"raw.{PAYLOAD}"
EVIL_COLUMN = PAYLOAD


def hostile(demo: RunResult) -> RunResult:
    """Return the demo run with user-controlled text replaced by markup that must not execute."""
    asset = AssetInfo(
        id=EVIL_ASSET, declared=True, owner=f"<b>{PAYLOAD}</b>", zone="raw",
        description=f"</script>{PAYLOAD}{IMG}", retention_days=1,
        columns=(ColumnInfo(name=EVIL_COLUMN, declared_tags=("pii.email",),
                            description=IMG),),
        read_by=(f"sql/{PAYLOAD}.sql",),
    )
    target = "export.partner_feed"
    path = (
        PathStep(asset=EVIL_ASSET, column=EVIL_COLUMN, transform="declared", tag="pii.email",
                 rule="declared in catalog"),
        PathStep(asset=target, column="email", task=f"sql/{PAYLOAD}.sql", line=3,
                 transform=f"DIRECT.TRANSFORMATION({PAYLOAD})", tag="pii.email",
                 rule=f"{IMG} keeps pii.email"),
    )
    evil = Finding(
        fingerprint="0123456789abcdef", policy="no-pii-in-exports", kind="flow",
        severity=Severity.ERROR, asset=EVIL_ASSET, column=EVIL_COLUMN, tag="pii.email",
        message=f"{PAYLOAD} reaches {IMG}", location=Location(path=f"sql/{PAYLOAD}.sql", line=3),
        path=path, evidence=(f"evidence {IMG}",),
        waiver=WaiverInfo(policy="no-pii-in-exports", asset=EVIL_ASSET, until="2027-01-01",
                          reason=IMG, ticket=PAYLOAD, approved_by=IMG, active=True),
        waived=True,
    )
    orphan = Finding(
        fingerprint="fedcba9876543210", policy="orphan-inputs", kind="cleanup",
        severity=Severity.WARNING, asset=EVIL_ASSET, message=f"{PAYLOAD} is read but nothing "
        "produces it", location=Location(path="catalog.yaml", line=1),
        evidence=(f"read by 1 task(s): sql/{PAYLOAD}.sql", IMG),
    )
    item = TagAssignment(column=ColumnRef(asset=EVIL_ASSET, column=EVIL_COLUMN), tag="pii.email",
                         origin=ColumnRef(asset=EVIL_ASSET, column=EVIL_COLUMN),
                         origin_tag="pii.email", declared=True, path=path[:1])
    task = TaskLineage(task=f"sql/{PAYLOAD}.sql", sha256="0" * 64, status="ok", statements=(
        StatementLineage(index=1, line=1, kind="insert", target=target, sources=(EVIL_ASSET,)),))
    policies = tuple(p.model_copy(update={"description": p.description + IMG})
                     for p in demo.policies)
    return demo.model_copy(update={
        "assets": {**demo.assets, EVIL_ASSET: asset},
        "findings": (evil, *demo.findings, orphan),
        "tags": TagAssignments(items=(*demo.tags.items, item),
                               declassified=demo.tags.declassified),
        "lineage": (*demo.lineage, task),
        "policies": policies,
    })


def _stats(assets: int, tasks: int) -> RunStats:
    return RunStats(
        tasks_total=tasks, tasks_ok=tasks, tasks_partial=0, tasks_unknown=0,
        statements_total=tasks, statements_parsed=tasks, parse_coverage=1.0, assets=assets,
        assets_discovered=0, columns=assets * 4, edges_direct=tasks * 4, edges_indirect=0,
        tag_assignments=0, seconds={"load": 0.1},
    )


def _finding(i: int, n_assets: int) -> Finding:
    severity = (Severity.ERROR, Severity.WARNING, Severity.INFO)[i % 3]
    asset = f"mart.t{(i * 7) % n_assets:05d}"
    path = (PathStep(asset="raw.t00000", column="c0", transform="declared", tag="pii",
                     rule="declared in catalog"),
            PathStep(asset=asset, column=f"c{i % 4}", task=f"sql/t{i:05d}.sql", line=i % 90 + 1,
                     transform="DIRECT.IDENTITY", tag="pii", rule="carried"))
    return Finding(
        fingerprint=f"{i:016x}", policy=f"policy-{i % 5}", kind="flow", severity=severity,
        asset=asset, column=f"c{i % 4}", tag="pii",
        message=f"pii reaches {asset}.c{i % 4} through a long chain of tasks " + "x" * 60,
        location=Location(path=f"sql/t{i:05d}.sql", line=i % 90 + 1), path=path,
        waived=i % 11 == 0, evidence=("1 path(s) carry it here, 1 unmasked",),
    )


def synthetic(n_assets: int, n_findings: int) -> RunResult:
    """Return a run over a layered warehouse of `n_assets` tables (each reads two upstream)."""
    ids = [f"{'raw' if i < n_assets // 10 else 'mart'}.t{i:05d}" for i in range(n_assets)]
    lineage = tuple(
        TaskLineage(task=f"sql/t{i:05d}.sql", sha256=f"{i:064x}", status="ok", statements=(
            StatementLineage(index=1, line=1, kind="create_table", target=ids[i],
                             sources=(ids[i // 2], ids[max(0, i - 7)])),))
        for i in range(n_assets // 10, n_assets)
    )
    assets = {
        a: AssetInfo(id=a, declared=True, owner=f"team-{i % 9}", zone=a.split(".")[0],
                     columns=tuple(ColumnInfo(name=f"c{k}") for k in range(4)))
        for i, a in enumerate(ids)
    }
    findings = tuple(sorted((_finding(i, n_assets) for i in range(n_findings)),
                            key=lambda f: (-f.severity.rank, f.policy, f.asset, f.fingerprint)))
    return RunResult(
        root="/nonexistent", catalog="catalog.yaml", policy_files=("lineage_policies/p.yaml",),
        inputs_hash="f" * 64, graph_path=".lineage/graph.kuzu", today="2026-11-24",
        policies=tuple(PolicySummary(id=f"policy-{k}", kind="flow", severity="error",
                                     description=f"Policy {k}.") for k in range(5)),
        checked={f"policy-{k}": tuple(ids) for k in range(5)}, lineage=lineage, assets=assets,
        tags=TagAssignments(), findings=findings, stats=_stats(n_assets, len(lineage)),
        zones=("raw", "mart"), teams={f"team-{k}": ("pii",) for k in range(9)},
        tag_infos=(TagInfo(name="pii", level=3),),
    )
