"""Declared facts a run carries through to its reports verbatim (the audit's "declared" side).

Teams and their clearance, zones, tags, every waiver (active or expired) and every declassify
entry, plus the content hash of each input file so that an audit can be reproduced. Nothing
here is derived by lineage; `pipeline.run` puts these on `RunResult`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from engine.config.catalog import Catalog
from engine.models import Frozen, Location, Task, WaiverInfo
from engine.policies.loader import PolicySet
from engine.sources import relative_posix


class WaiverRecord(WaiverInfo):
    """A declared policy exception as the audit lists it, active or expired as of `today`."""

    location: Location | None = None


class DeclassifyEntry(Frozen):
    """A `declassify` entry declared in the catalog (whether or not it stopped anything)."""

    asset: str
    tag: str
    reason: str
    approved_by: str
    ticket: str | None = None
    date: str | None = None  # ISO date, when the catalog records one
    location: Location | None = None


def file_hashes(
    root: Path, catalog: Catalog, policy_files: Sequence[Path], tasks: Sequence[Task]
) -> dict[str, str]:
    """Return {repo-relative POSIX path: sha256} of the catalog, every policy file and SQL task."""
    out = {relative_posix(p, root): hashlib.sha256(p.read_bytes()).hexdigest()
           for p in (catalog.path, *policy_files)}
    out.update({t.path: t.sha256 for t in tasks})
    return dict(sorted(out.items()))


def _waivers(policies: PolicySet, today: date) -> tuple[WaiverRecord, ...]:
    return tuple(
        WaiverRecord(
            policy=w.policy, asset=w.asset, until=w.until.isoformat(), reason=w.reason,
            ticket=w.ticket, approved_by=w.approved_by, active=not w.expired(today),
            location=Location(path=w.path, line=w.line) if w.line else None,
        )
        for w in policies.waivers
    )


def _declassifications(catalog: Catalog) -> tuple[DeclassifyEntry, ...]:
    lines = catalog.asset_lines
    return tuple(
        DeclassifyEntry(
            asset=asset, tag=d.tag, reason=d.reason, approved_by=d.approved_by, ticket=d.ticket,
            date=d.date.isoformat() if d.date else None,
            location=Location(path=catalog.display_path, line=lines[asset]) if asset in lines
            else None,
        )
        for asset, spec in sorted(catalog.assets.items()) for d in spec.declassify
    )


def declared_facts(
    root: Path, catalog: Catalog, policies: PolicySet, policy_files: Sequence[Path],
    tasks: Sequence[Task], today: date,
) -> dict[str, Any]:
    """Return the `RunResult` fields holding declared facts, keyed by field name."""
    return {
        "file_hashes": file_hashes(root, catalog, policy_files, tasks),
        "teams": {t: tuple(spec.clearance) for t, spec in sorted(catalog.teams.items())},
        "zones": tuple(catalog.zones),
        "tag_infos": catalog.tag_infos(),
        "waivers": _waivers(policies, today),
        "declassifications": _declassifications(catalog),
    }
