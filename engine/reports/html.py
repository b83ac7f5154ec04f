"""HTML governance report (`index.html`): one self-contained page, readable offline.

Sections: a summary (findings by severity and policy, parse coverage, waivers, run
metadata); every finding with its witness path drawn as inline SVG (compared with a base,
`check --base`: each marked new or unchanged, new ones first, and the findings the change
fixed listed apart, as good news; the verdict then counts only new findings, as the exit
status does); the sensitive-data map
(tags by zone and by owning team); every asset with owner, zone, declared and derived tags,
findings and its upstream/downstream lineage; cleanup candidates.

It stays usable for thousands of assets: findings are server-rendered (collapsed, paginated
and filtered by the inline script), while assets are embedded once as JSON and each asset's
panel, including its depth-2 lineage graph, is drawn only when opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from engine.models import Finding, TagAssignment
from engine.reports import templating
from engine.reports.cleanup import CHECK_LABELS, candidates, consulted, idle_tasks
from engine.reports.svg import rule_class, short_transform, witness_svg
from engine.reports.views import (
    assignments_by_asset,
    change_counts,
    cleared,
    coverage_gaps,
    current,
    fixed,
    important_first,
    judged,
    policy_rows,
    run_meta,
    sensitive_map,
    severity_counts,
    subject,
    table_graph,
    tag_level,
    tag_order,
    verdict,
)

if TYPE_CHECKING:
    from engine.pipeline import RunResult
    from engine.reports import RenderMeta

SCRIPTS = ("report.js",)


def _end_class(f: Finding) -> str:
    return "waived" if f.waived else f"sev-{f.severity.value}"


def finding_view(f: Finding) -> dict[str, Any]:
    """Return what the template needs for one finding card (the SVG is already escaped)."""
    words = [f.policy, f.asset, f.column or "", f.tag or "", f.message, f.severity.value,
             str(f.location or ""), "waived" if f.waived else "", f.change or ""]
    return {
        "f": f, "anchor": f"f-{f.fingerprint}", "subject": subject(f),
        "svg": Markup(witness_svg(f.path, _end_class(f))),
        "search": " ".join(w for w in words if w).lower(),
        "hops": [{"s": s, "kind": rule_class(s.rule) if i else "origin",
                  "transform": short_transform(s.transform)} for i, s in enumerate(f.path)],
    }


def _columns(
    result: RunResult, asset_id: str, tagged: dict[str, list[TagAssignment]]
) -> list[list[Any]]:
    """Return [[name, description, [[tag, declared, origin, origin_tag, masked]]]] per column."""
    info = result.assets.get(asset_id)
    described = {c.name: c.description for c in info.columns} if info else {}
    names = sorted(set(described) | set(tagged))
    return [
        [name, described.get(name),
         [[t.tag, int(t.declared), t.origin.id, t.origin_tag, int(t.masked)]
          for t in tagged.get(name, [])]]
        for name in names
    ]


def asset_data(result: RunResult) -> dict[str, Any]:
    """Return the JSON the page's script renders asset lists and panels from (sorted, compact)."""
    ids = sorted(result.assets)
    index = {a: i for i, a in enumerate(ids)}
    graph = table_graph(result)
    tagged = assignments_by_asset(result)
    findings = current(result.findings)  # a fixed finding is on no asset any more
    by_asset: dict[str, list[int]] = {}
    for i, f in enumerate(findings):
        by_asset.setdefault(f.asset, []).append(i)
    assets: list[dict[str, Any]] = []
    for a in ids:
        info = result.assets[a]
        assets.append({
            "id": a, "o": info.owner, "z": info.zone, "d": info.description,
            "r": info.retention_days, "k": int(info.declared), "snk": int(info.sink),
            "src": int(info.source), "t": tag_order(result, result.tags.asset_tags(a)),
            "dt": list(info.tags), "c": _columns(result, a, tagged.get(a, {})),
            "w": list(info.written_by), "rd": list(info.read_by), "f": by_asset.get(a, []),
            "u": [index[x] for x in graph.up.get(a, ()) if x in index],
            "n": [index[x] for x in graph.down.get(a, ()) if x in index],
        })
    return {
        "assets": assets,
        "findings": [[f.fingerprint, f.severity.value, f.policy, subject(f), int(f.waived)]
                     for f in findings],
        "levels": {t: tag_level(result, t) for t in sorted({i.tag for i in result.tags.items})},
        "teams": {t: list(c) for t, c in result.teams.items()},
    }


def _status(result: RunResult, fail_on: str) -> dict[str, Any]:
    """Return whether the run fails at `fail_on`, and how many findings block it: with a base,
    only new ones (`views.verdict`, the exit status's rule)."""
    judgement = verdict(result, fail_on)
    return {"failed": judgement.failed, "blocking": judgement.blocking}


def open_first(result: RunResult) -> list[Finding]:
    """Return the current findings as listed: most important first; with a base, new ones
    before those still present (each group most important first, stable)."""
    ordered = important_first(current(result.findings))
    if result.base is None:
        return ordered
    return [f for f in ordered if f.change == "new"] + [f for f in ordered if f.change != "new"]


def render(result: RunResult, meta: RenderMeta) -> str:
    """Return the self-contained governance report page."""
    smap = sensitive_map(result)
    return templating.render_page(
        "index.html.j2", scripts=SCRIPTS, page="index",
        meta=run_meta(result, meta), stats=result.stats, status=_status(result, meta.fail_on),
        counts=severity_counts(current(result.findings)), policies=policy_rows(result),
        findings=[finding_view(f) for f in open_first(result)],
        fixed=[finding_view(f) for f in important_first(fixed(result.findings))],
        base=result.base, changes=change_counts(result.findings),
        new_counts=severity_counts(judged(result)),  # shown with a base: the new ones
        waivers=result.waivers, gaps=coverage_gaps(result),
        smap=smap, levels={t: tag_level(result, t) for t in smap.tags},
        uncleared={(tag, team) for (tag, team) in smap.by_team
                   if not cleared(result, team, tag)},
        zones=sorted({a.zone for a in result.assets.values() if a.zone}),
        owners=sorted({a.owner for a in result.assets.values() if a.owner}),
        groups=candidates(result), idle=idle_tasks(result), consulted=consulted(result),
        labels=CHECK_LABELS, data=asset_data(result),
    )
