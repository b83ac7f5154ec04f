"""SARIF 2.1.0 (`findings.sarif`) for code-scanning UIs (GitHub, Azure DevOps, VS Code).

One rule per policy (built-ins included) with its description and help; one result per
finding, located at the SQL file and line that creates the offending flow (named relative to
the git repository's root, where code scanning looks), with the witness
path as a code flow, the finding fingerprint as a partial fingerprint, and waived findings
as accepted external suppressions. Compared with a base, a result has its `baselineState`
(new, unchanged); fixed findings are left out, counted in the run's properties: GitHub code
scanning reads no `baselineState` and closes an alert whose result is no longer uploaded, while
a fixed result uploaded would open one at the line that fixed it.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from engine.findings import BUILTIN_POLICIES
from engine.models import Finding, Location, PathStep
from engine.reports.views import current, fixed

if TYPE_CHECKING:
    from engine.pipeline import RunResult
    from engine.reports import RenderMeta

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
BASELINE = {"new": "new", "unchanged": "unchanged"}
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


def _artifact(path: str, repo_dir: str) -> dict[str, Any]:
    """A file relative to the project as an artifactLocation relative to the repository root.

    GitHub code scanning resolves a relative `uri` against the repository root and ignores
    `originalUriBaseIds` (github/codeql-action#2215), so a project in a subdirectory (a
    monorepo) has its directory prefixed; a file outside the project's tree is a file URI.
    """
    if PurePosixPath(path).is_absolute():
        return {"uri": PurePosixPath(path).as_uri()}
    return {"uri": quote(f"{repo_dir}/{path}" if repo_dir else path), "uriBaseId": SRCROOT}


def _physical(loc: Location, repo_dir: str) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": loc.line}
    if loc.column:
        region["startColumn"] = loc.column
    return {"artifactLocation": _artifact(loc.path, repo_dir), "region": region}


def _logical(asset: str, column: str | None) -> dict[str, Any]:
    name = f"{asset}.{column}" if column else asset
    return {"fullyQualifiedName": name, "kind": "member" if column else "type"}


def _flow_step(step: PathStep, repo_dir: str) -> dict[str, Any]:
    rule = f" ({step.rule})" if step.rule else ""
    text = f"{step.asset}.{step.column}: {step.transform}{rule}"
    location: dict[str, Any] = {"message": {"text": text},
                                "logicalLocations": [_logical(step.asset, step.column)]}
    if step.task and step.line:
        location["physicalLocation"] = _physical(Location(path=step.task, line=step.line),
                                                 repo_dir)
    return {"location": location}


def _result(f: Finding, index: dict[str, int], catalog: str, repo_dir: str) -> dict[str, Any]:
    loc = f.location or Location(path=catalog, line=1)
    out: dict[str, Any] = {
        "ruleId": f.policy,
        "ruleIndex": index[f.policy],
        "level": LEVEL[f.severity.value],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": _physical(loc, repo_dir),
                       "logicalLocations": [_logical(f.asset, f.column)]}],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {"asset": f.asset, "column": f.column, "tag": f.tag,
                       "evidence": list(f.evidence)},
    }
    if len(f.path) > 1:
        steps = [_flow_step(s, repo_dir) for s in f.path]
        out["codeFlows"] = [{"threadFlows": [{"locations": steps}]}]
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


def _fixed_count(result: RunResult) -> dict[str, int]:
    """Compared with a base: how many findings the change fixed (left out of `results`)."""
    if result.base is None:
        return {}
    return {"fixedFindings": len(fixed(result.findings))}


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
            "results": [_result(f, index, result.catalog, meta.repo_dir)
                        for f in current(result.findings)],
            "originalUriBaseIds": {SRCROOT: {"description": {
                "text": "The root of the git repository holding the project (its directory "
                        "when it is in none)"}}},
            "columnKind": "unicodeCodePoints",
            "properties": {"today": result.today, "inputsHash": result.inputs_hash,
                           "parseCoverage": result.stats.parse_coverage,
                           **_fixed_count(result)},
        }],
    }


def render(result: RunResult, meta: RenderMeta) -> str:
    """Return the SARIF 2.1.0 document text."""
    return json.dumps(sarif_dict(result, meta), indent=2, ensure_ascii=False) + "\n"
