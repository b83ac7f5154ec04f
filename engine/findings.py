"""Violations and built-in checks become Findings: fingerprinted, waived or not, sorted."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from engine.models import (
    NOTE_CODES,
    Diagnostic,
    Finding,
    Location,
    Severity,
    TaskLineage,
    Violation,
    WaiverInfo,
)

LINEAGE_UNKNOWN = "lineage-unknown"
EXPIRED_WAIVER = "expired-waiver"
BUILTIN_POLICIES: Mapping[str, str] = {
    LINEAGE_UNKNOWN: "A task's SQL could not be parsed or a column could not be resolved; "
    "its lineage is unknown or partial.",
    EXPIRED_WAIVER: "A policy exception has passed its `until` date and no longer waives.",
}


class WaiverLike(Protocol):
    policy: str
    asset: str
    until: date
    reason: str
    ticket: str | None
    approved_by: str | None
    path: str
    line: int | None

    def covers(self, policy_id: str, asset: str) -> bool: ...


class PolicyLike(Protocol):
    id: str
    kind: str
    severity: Severity


def fingerprint(policy: str, asset: str, column: str | None, tag: str | None, *extra: str) -> str:
    """Return the stable id of a finding: a hash of what it is about, never of where it was seen."""
    key = "|".join([policy, asset, column or "", tag or "", *extra])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _waiver_info(w: WaiverLike, today: date) -> WaiverInfo:
    return WaiverInfo(
        policy=w.policy, asset=w.asset, until=w.until.isoformat(), reason=w.reason,
        ticket=w.ticket, approved_by=w.approved_by, active=w.until >= today,
    )


def waiver_subjects(f: Finding) -> tuple[str, ...]:
    """What a waiver's glob is matched against for a finding: its asset, and for
    `lineage-unknown` its task's path too (as `_matching_waiver` was asked)."""
    if f.policy == LINEAGE_UNKNOWN and f.location is not None:
        return (f.asset, f.location.path)
    return (f.asset,)


def _matching_waiver(
    policy: str, subjects: Sequence[str], waivers: Sequence[WaiverLike], today: date
) -> WaiverInfo | None:
    """Return the active waiver of `policy` whose glob matches one of `subjects` (an asset id,
    a task path) if any, else an expired one, else None. Globs are matched as the loader
    stored them: asset ids lowercase, task paths as written."""
    matches = [w for w in waivers if any(w.covers(policy, s) for s in subjects)]
    matches.sort(key=lambda w: (w.until < today, -w.until.toordinal(), w.asset))
    return _waiver_info(matches[0], today) if matches else None


def from_violations(
    violations: Iterable[Violation],
    policies: Mapping[str, PolicyLike],
    waivers: Sequence[WaiverLike],
    today: date,
) -> list[Finding]:
    """Return one Finding per violation, waived when an active waiver matches it."""
    out = []
    for v in violations:
        policy = policies[v.policy_id]
        waiver = _matching_waiver(v.policy_id, (v.asset,), waivers, today)
        out.append(
            Finding(
                fingerprint=fingerprint(v.policy_id, v.asset, v.column, v.tag),
                policy=v.policy_id, kind=policy.kind, severity=policy.severity,
                asset=v.asset, column=v.column, tag=v.tag, message=v.message,
                waived=bool(waiver and waiver.active), waiver=waiver, location=v.location,
                path=v.path, evidence=v.evidence,
            )
        )
    return out


def expired_waivers(waivers: Sequence[WaiverLike], today: date) -> list[Finding]:
    """Return an `expired-waiver` finding for every waiver whose `until` date has passed."""
    return [
        Finding(
            fingerprint=fingerprint(EXPIRED_WAIVER, w.asset, None, None, w.policy),
            policy=EXPIRED_WAIVER, kind="builtin", severity=Severity.WARNING,
            asset=w.asset,
            message=f"waiver of '{w.policy}' for {w.asset} expired on {w.until.isoformat()}"
            f" (ticket {w.ticket or 'none'}); its findings are reported again",
            waiver=_waiver_info(w, today),
            location=Location(path=w.path, line=w.line) if w.line else None,
            evidence=(f"reason was: {w.reason}",),
        )
        for w in waivers if w.until < today
    ]


def _unknown_asset(task: TaskLineage, d: Diagnostic) -> str:
    """The asset a diagnostic is about (the statement's target, where the diagnostic names it),
    else the task file: never another table the same file writes."""
    return d.asset or task.task


def lineage_unknown(
    lineage: Iterable[TaskLineage], waivers: Sequence[WaiverLike] = (),
    today: date | None = None,
) -> list[Finding]:
    """Return a `lineage-unknown` finding per distinct unparsed or unresolved thing in a task:
    one per (asset, column, code) and line, waived by a waiver naming its asset or task path.

    The fingerprint names no line (a line moves when the file is edited above it): the first
    diagnostic of a kind keeps the plain key, a second one at another line adds its ordinal.
    """
    out: dict[tuple[str, str | None, str, str, int | None], Finding] = {}
    for task in lineage:
        seen: dict[tuple[str, str | None, str], int] = {}
        for d in task.diagnostics:
            asset = _unknown_asset(task, d)
            where = (asset, d.column, task.task, d.code, d.location.line)
            if where in out:
                continue
            kind = (asset, d.column, d.code)
            seen[kind] = nth = seen.get(kind, 0) + 1
            fp = fingerprint(LINEAGE_UNKNOWN, asset, d.column, None, task.task, d.code,
                             *([str(nth)] if nth > 1 else []))
            waiver = (_matching_waiver(LINEAGE_UNKNOWN, (asset, task.task), waivers, today)
                      if today is not None else None)
            out[where] = Finding(
                fingerprint=fp, policy=LINEAGE_UNKNOWN, kind="builtin",
                severity=Severity.INFO if d.code in NOTE_CODES else Severity.WARNING,
                asset=asset, column=d.column,
                message=f"{d.code}: {d.message}", location=d.location,
                waived=bool(waiver and waiver.active), waiver=waiver,
                evidence=(f"task {task.task} lineage is {task.status}",),
            )
    return list(out.values())


def sort_key(f: Finding) -> tuple[Any, ...]:
    """Order: most severe first, then policy, asset, column, tag, line (stable across runs)."""
    line = f.location.line if f.location and f.location.line else 0
    return (-f.severity.rank, f.policy, f.asset, f.column or "", f.tag or "", line,
            f.fingerprint)


def finalise(
    violations: Iterable[Violation],
    policies: Mapping[str, PolicyLike],
    waivers: Sequence[WaiverLike],
    lineage: Iterable[TaskLineage],
    today: date,
) -> tuple[Finding, ...]:
    """Return every finding of a run (policy violations plus built-ins), sorted stably."""
    findings = from_violations(violations, policies, waivers, today)
    findings += expired_waivers(waivers, today)
    findings += lineage_unknown(lineage, waivers, today)
    return tuple(sorted(findings, key=sort_key))


def blocking(findings: Iterable[Finding], fail_on: Severity | None) -> list[Finding]:
    """Return the unwaived findings at or above `fail_on` (None: nothing blocks)."""
    if fail_on is None:
        return []
    return [f for f in findings if not f.waived and f.severity.rank >= fail_on.rank]
