"""Compliance audit of sensitive-data flow: `audit.json` and `audit.html` (two renderers).

For auditors: every asset and column holding tagged data, where each tag was declared and the
full path by which it arrived (task, file, line, transformation, rule per hop); the owner and
the owning team's clearance; every declassification and waiver with reason, approver, ticket
and dates; and the coverage gaps, so the audit never claims more than was seen. Declared facts
(catalog and policy files) are kept apart from derived ones (lineage). The audit is stamped
with content hashes of the catalog, policies and SQL, and the tool version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.findings import waiver_subjects
from engine.models import TagAssignment, waiver_covers
from engine.reports import templating
from engine.reports.json import step_dict
from engine.reports.views import (
    assignments_by_asset,
    cleared,
    coverage_gaps,
    current,
    run_meta,
    tag_order,
)

if TYPE_CHECKING:
    from engine.pipeline import RunResult
    from engine.reports import RenderMeta

AUDIT_VERSION = 1
SCOPE = (
    "This audit covers the SQL tasks listed under reproducibility.sql as parsed by this tool. "
    "Tags are derived from the catalog's declarations along column-level lineage. Tasks whose "
    "lineage is unknown or partial (coverage_gaps) may move tagged data in ways not shown here."
)


def _digest(files: Mapping[str, str]) -> str:
    """Return one sha256 over (path, sha256) pairs, sorted: a set of files' combined hash."""
    h = hashlib.sha256()
    for path, sha in sorted(files.items()):
        h.update(f"{path}\0{sha}\n".encode())
    return h.hexdigest()


def reproducibility(result: RunResult) -> dict[str, Any]:
    """Return the content hashes and version that let someone reproduce this audit."""
    hashes = result.file_hashes
    policies = {p: hashes[p] for p in result.policy_files if p in hashes}
    sql = {t.task: t.sha256 for t in result.lineage}
    return {
        "tool_version": result.tool_version,
        "inputs_hash": result.inputs_hash,
        "catalog": {"path": result.catalog, "sha256": hashes.get(result.catalog)},
        "policies": {"sha256": _digest(policies),
                     "files": [{"path": p, "sha256": s} for p, s in sorted(policies.items())]},
        "sql": {"sha256": _digest(sql), "count": len(sql),
                "files": [{"path": p, "sha256": s} for p, s in sorted(sql.items())]},
    }


def _derived(item: TagAssignment) -> dict[str, Any]:
    return {"tag": item.tag, "origin": item.origin.id, "origin_tag": item.origin_tag,
            "masked": item.masked, "path": [step_dict(s) for s in item.path]}


def _column(name: str, declared: tuple[str, ...], items: list[TagAssignment]) -> dict[str, Any]:
    return {
        "column": name,
        "declared_tags": sorted(declared),
        "derived_tags": [_derived(i) for i in items if not i.declared],
    }


def holdings(result: RunResult) -> list[dict[str, Any]]:
    """Return every asset holding tagged data, with owner, clearance and per-column tags."""
    by_asset = assignments_by_asset(result)
    findings: dict[str, list[dict[str, Any]]] = {}
    for f in current(result.findings):  # a finding a change fixed is held by no asset now
        findings.setdefault(f.asset, []).append({
            "fingerprint": f.fingerprint, "policy": f.policy, "severity": f.severity.value,
            "column": f.column, "tag": f.tag, "waived": f.waived})
    out = []
    # `tags.by_asset` also holds the tagged tables with no known column (no columns here)
    for asset_id in sorted(result.tags.by_asset):
        columns = by_asset.get(asset_id, {})
        info = result.assets.get(asset_id)
        owner = info.owner if info else None
        declared = {c.name: c.declared_tags for c in info.columns} if info else {}
        carried = tag_order(result, result.tags.asset_tags(asset_id))
        out.append({
            "asset": asset_id, "declared_in_catalog": bool(info and info.declared),
            "owner": owner, "zone": info.zone if info else None,
            "team_clearance": list(result.teams[owner]) if owner in result.teams else None,
            "tags": carried,
            "uncleared_tags": [t for t in carried if not cleared(result, owner, t)],
            "findings": findings.get(asset_id, []),
            "columns": [_column(c, declared.get(c, ()), items) for c, items in columns.items()],
        })
    return out


def _declared_placements(result: RunResult) -> list[dict[str, Any]]:
    out = []
    for asset in sorted(result.assets.values(), key=lambda a: a.id):
        out += [{"asset": asset.id, "column": None, "tag": t, "scope": "table"} for t in asset.tags]
        out += [{"asset": asset.id, "column": c.name, "tag": t, "scope": "column"}
                for c in asset.columns for t in c.declared_tags if t not in asset.tags]
    return out


def _waivers(result: RunResult) -> list[dict[str, Any]]:
    """Each waiver with every finding its glob covers (`findings`), and those it is the one
    applied to (`applied_to`): of two active waivers covering a finding, the later `until`
    applies, yet the other covers it too and is not stale."""
    out = []
    now = current(result.findings)
    for w in result.waivers:
        covered = sorted(f.fingerprint for f in now if any(
            waiver_covers(w.policy, w.asset, f.policy, s) for s in waiver_subjects(f)))
        applied = sorted(f.fingerprint for f in now if f.waiver is not None
                         and (f.waiver.policy, f.waiver.asset) == (w.policy, w.asset)
                         and f.policy == w.policy)
        item = w.model_dump(mode="json")
        item["state"] = "active" if w.active else "expired"
        item["findings"] = covered
        item["applied_to"] = applied
        out.append(item)
    return out


def audit_dict(result: RunResult, meta: RenderMeta,
               waivers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Return the whole audit as plain data (the `audit.json` document); `waivers` is
    `_waivers(result)` when the caller has it already."""
    waivers = _waivers(result) if waivers is None else waivers
    stopped = {(d.asset, d.tag): list(d.stopped) for d in result.tags.declassified}
    s = result.stats
    return {
        "version": AUDIT_VERSION, "report": "audit",
        "tool": {"name": "lineage-policy", "version": result.tool_version},
        "generated_at": meta.generated_at, "today": result.today,
        "reproducibility": reproducibility(result),
        "scope": {"statement": SCOPE, "parse_coverage": s.parse_coverage,
                  "tasks": {"total": s.tasks_total, "ok": s.tasks_ok,
                            "partial": s.tasks_partial, "unknown": s.tasks_unknown},
                  "statements": {"total": s.statements_total, "parsed": s.statements_parsed}},
        "coverage_gaps": coverage_gaps(result),
        "declared": {
            "teams": {t: {"clearance": list(c)} for t, c in result.teams.items()},
            "tags": _declared_placements(result),
            "declassifications": [d.model_dump(mode="json") for d in result.declassifications],
            "waivers": [w.model_dump(mode="json") for w in result.waivers],
        },
        "derived": {
            "holdings": holdings(result),
            "declassify_effects": [
                {"asset": d.asset, "tag": d.tag, "stopped": stopped.get((d.asset, d.tag), [])}
                for d in result.declassifications
            ],
            "waiver_matches": [{"policy": w["policy"], "asset": w["asset"], "state": w["state"],
                                "findings": w["findings"], "applied_to": w["applied_to"]}
                               for w in waivers],
        },
    }


def render_json(result: RunResult, meta: RenderMeta) -> str:
    """Return `audit.json`."""
    return json.dumps(audit_dict(result, meta), indent=2, ensure_ascii=False) + "\n"


def render_html(result: RunResult, meta: RenderMeta) -> str:
    """Return `audit.html`, the same audit for people (self-contained, no script)."""
    waivers = _waivers(result)
    return templating.render_page(
        "audit.html.j2", meta=run_meta(result, meta), audit=audit_dict(result, meta, waivers),
        waivers=waivers, page="audit",
    )
