"""SARIF 2.1.0 (`findings.sarif`) for code-scanning UIs (GitHub, Azure DevOps, VS Code).

One rule per policy (built-ins included) with its description and help; one result per
finding, located at the SQL file and line that creates the offending flow, with the witness
path as a code flow, the finding fingerprint as a partial fingerprint, and waived findings
as accepted external suppressions.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from engine.findings import BUILTIN_POLICIES
from engine.models import Finding, Location, PathStep

if TYPE_CHECKING:
    from engine.pipeline import RunResult
    from engine.reports import RenderMeta

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
BASELINE = {"new": "new", "unchanged": "unchanged", "fixed": "absent"}
FINGERPRINT_KEY = "lineagePolicyFinding/v1"
SRCROOT = "%SRCROOT%"


def _params_text(params: dict[str, Any]) -> str:
    return "; ".join(f"{k}: {json.dumps(v, sort_keys=True)}" for k, v in sorted(params.items()))


def _rule(
    pid: str, kind: str, severity: str, description: str, params: dict[str, Any]
) -> dict[str, Any]:
    first = description.split(". ")[0].rstrip(".") + "." if description else pid
    help_text = f"{description}\n\nKind: {kind}." + (f" Parameters: {_params_text(params)}."
                                                       if params else "")
    help_md = f"{description}\n\n**Kind:** `{kind}`" + (
        "".join(f"\n- `{k}`: `{json.dumps(v, sort_keys=True)}`" for k, v in sorted(params.items())))
    return {
        "id": pid,
        "name": "".join(w.capitalize() for w in pid.split("-")),
        "shortDescription": {"text": first},
        "fullDescription": {"text": description or pid},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {"kind": kind, "tags": ["lineage-policy", kind]},
    }


def rules(result: RunResult) -> list[dict[str, Any]]:
    """Return one reportingDescriptor per declared policy, then per built-in check."""
    out = [_rule(p.id, p.kind, p.severity, p.description, p.params) for p in result.policies]
    out += [_rule(pid, "builtin", "warning", text, {})
            for pid, text in sorted(BUILTIN_POLICIES.items())]
    known = {r["id"] for r in out}
    # a finding from a check this version does not describe still needs a rule to point at
    extra = {f.policy: f for f in result.findings if f.policy not in known}
    out += [_rule(pid, f.kind, f.severity.value, "", {}) for pid, f in sorted(extra.items())]
    return out


def _physical(loc: Location) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": loc.line}
    if loc.column:
        region["startColumn"] = loc.column
    return {"artifactLocation": {"uri": loc.path, "uriBaseId": SRCROOT}, "region": region}


def _logical(asset: str, column: str | None) -> dict[str, Any]:
    name = f"{asset}.{column}" if column else asset
    return {"fullyQualifiedName": name, "kind": "member" if column else "type"}


def _flow_step(step: PathStep) -> dict[str, Any]:
    rule = f" ({step.rule})" if step.rule else ""
    text = f"{step.asset}.{step.column}: {step.transform}{rule}"
    location: dict[str, Any] = {"message": {"text": text},
                                "logicalLocations": [_logical(step.asset, step.column)]}
    if step.task and step.line:
        location["physicalLocation"] = _physical(Location(path=step.task, line=step.line))
    return {"location": location}


def _result(f: Finding, index: dict[str, int], catalog: str) -> dict[str, Any]:
    loc = f.location or Location(path=catalog, line=1)
    out: dict[str, Any] = {
        "ruleId": f.policy,
        "ruleIndex": index[f.policy],
        "level": LEVEL[f.severity.value],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": _physical(loc),
                       "logicalLocations": [_logical(f.asset, f.column)]}],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {"asset": f.asset, "column": f.column, "tag": f.tag,
                       "evidence": list(f.evidence)},
    }
    if len(f.path) > 1:
        out["codeFlows"] = [{"threadFlows": [{"locations": [_flow_step(s) for s in f.path]}]}]
    if f.change in BASELINE:
        out["baselineState"] = BASELINE[f.change]
    if f.waived and f.waiver:
        out["suppressions"] = [{
            "kind": "external", "status": "accepted",
            "justification": f"{f.waiver.reason} (ticket {f.waiver.ticket or 'none'}, "
                             f"until {f.waiver.until})",
            "properties": {"ticket": f.waiver.ticket, "until": f.waiver.until,
                           "approved_by": f.waiver.approved_by},
        }]
    return out


def sarif_dict(result: RunResult, meta: RenderMeta) -> dict[str, Any]:
    """Return the SARIF log as plain data."""
    rule_list = rules(result)
    index = {r["id"]: i for i, r in enumerate(rule_list)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "lineage-policy", "version": result.tool_version,
                                "semanticVersion": result.tool_version, "rules": rule_list}},
            "automationDetails": {"id": "lineage-policy/check"},
            "invocations": [{"executionSuccessful": True, "endTimeUtc": meta.generated_at}],
            "results": [_result(f, index, result.catalog) for f in result.findings],
            "columnKind": "unicodeCodePoints",
            "properties": {"today": result.today, "inputsHash": result.inputs_hash,
                           "parseCoverage": result.stats.parse_coverage},
        }],
    }


def render(result: RunResult, meta: RenderMeta) -> str:
    """Return the SARIF 2.1.0 document text."""
    return json.dumps(sarif_dict(result, meta), indent=2, ensure_ascii=False) + "\n"
