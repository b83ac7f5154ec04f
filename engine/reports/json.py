"""Versioned JSON findings report (`reports/findings.json`, `check --format json`).

Shape (version 1)::

    {"version": 1, "tool": {...}, "generated_at": ..., "today": ..., "inputs": {...},
     "summary": {...counts, parse coverage...},
     "findings": [{"fingerprint", "policy", "kind", "severity", "asset", "column", "tag",
                   "message", "waived", "waiver", "location", "path": [...], "evidence"}]}
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from engine.models import Finding, PathStep
from engine.reports.views import change_counts, current

if TYPE_CHECKING:
    from engine.pipeline import RunResult
    from engine.reports import RenderMeta

REPORT_VERSION = 1


def finding_dict(f: Finding) -> dict[str, Any]:
    """Return the JSON form of one finding (stable key order)."""
    return {
        "fingerprint": f.fingerprint,
        "policy": f.policy,
        "kind": f.kind,
        "severity": f.severity.value,
        "asset": f.asset,
        "column": f.column,
        "tag": f.tag,
        "message": f.message,
        "waived": f.waived,
        "waiver": f.waiver.model_dump() if f.waiver else None,
        "change": f.change,
        "location": f.location.model_dump(exclude_none=True) if f.location else None,
        "path": [step_dict(s) for s in f.path],
        "evidence": list(f.evidence),
    }


def step_dict(s: PathStep) -> dict[str, Any]:
    """Return the JSON form of one hop of a witness or tag path (stable key order)."""
    return {"asset": s.asset, "column": s.column, "task": s.task, "line": s.line,
            "transform": s.transform, "tag": s.tag, "rule": s.rule}


def summary_dict(result: RunResult) -> dict[str, Any]:
    """Return the summary block: finding counts (unwaived by severity) and coverage figures."""
    s = result.stats
    # Fixed findings (PR mode) exist only at the base: they are counted under `changes` only.
    now = current(result.findings)
    live = [f for f in now if not f.waived]
    severity = Counter(f.severity.value for f in live)
    out: dict[str, Any] = {
        "findings": len(now),
        "by_severity": {k: severity.get(k, 0) for k in ("error", "warning", "info")},
        "by_policy": dict(sorted(Counter(f.policy for f in now).items())),
        "waived": len(now) - len(live),
        "expired_waivers": sum(1 for f in now if f.policy == "expired-waiver"),
        "parse_coverage": s.parse_coverage,
        "tasks": {"total": s.tasks_total, "ok": s.tasks_ok, "partial": s.tasks_partial,
                  "unknown": s.tasks_unknown},
        "statements": {"total": s.statements_total, "parsed": s.statements_parsed},
        "assets": s.assets,
        "assets_discovered": s.assets_discovered,
        "columns": s.columns,
        "edges": {"direct": s.edges_direct, "indirect": s.edges_indirect},
        "tag_assignments": s.tag_assignments,
    }
    if result.base is not None:
        out["changes"] = change_counts(result.findings)
    return out


def report_dict(result: RunResult, meta: RenderMeta) -> dict[str, Any]:
    """Return the whole report as plain data."""
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "lineage-policy", "version": result.tool_version},
        "generated_at": meta.generated_at,
        "today": result.today,
        "inputs": {"catalog": result.catalog, "policy_files": list(result.policy_files),
                   "inputs_hash": result.inputs_hash},
        "summary": summary_dict(result),
        "findings": [finding_dict(f) for f in result.findings],
        **_pull_request(result),
    }


def _pull_request(result: RunResult) -> dict[str, Any]:
    """The `base` and `impact` blocks, present only for `check --base`."""
    if result.base is None:
        return {}
    return {
        "base": result.base.model_dump(),
        "impact": result.impact.model_dump(mode="json") if result.impact else None,
    }


def render(result: RunResult, meta: RenderMeta) -> str:
    """Return the JSON report text."""
    return json.dumps(report_dict(result, meta), indent=2, ensure_ascii=False) + "\n"
