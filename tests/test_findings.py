"""Built-in `lineage-unknown` findings: which asset they are on, one per problem and line,
fingerprints that tell them apart, and waivers by asset id or by task path."""

from __future__ import annotations

from datetime import date

import pytest

from engine.findings import LINEAGE_UNKNOWN, fingerprint, lineage_unknown
from engine.models import Diagnostic, Location, StatementLineage, TaskLineage
from engine.policies.loader import Waiver
from tests.conftest import MakeProject, run_at

TODAY = date(2026, 6, 1)


def _task(path: str, diagnostics: list[tuple[str, int, str | None, str | None]],
          targets: tuple[str, ...] = ()) -> TaskLineage:
    """A task writing `targets`, with (code, line, asset, column) diagnostics."""
    return TaskLineage(
        task=path, sha256="0" * 64, status="partial",
        statements=tuple(StatementLineage(index=i, line=1, kind="create_table", target=t)
                         for i, t in enumerate(targets)),
        diagnostics=tuple(Diagnostic(code=code, message=f"problem at {line}",  # type: ignore
                                     location=Location(path=path, line=line), asset=asset,
                                     column=column)
                          for code, line, asset, column in diagnostics))


def _waiver(asset: str) -> Waiver:
    return Waiver(policy=LINEAGE_UNKNOWN, asset=asset, until=date(2099, 1, 1), reason="legacy",
                  ticket="T-1", path="lineage_policies/w.yaml", line=2)


def test_a_parse_error_is_on_the_task_not_on_a_healthy_table_of_the_same_file() -> None:
    task = _task("sql/Job.sql", [("parse-error", 3, None, None),
                                 ("ambiguous-column", 1, "m.ok", "a")], targets=("m.ok",))
    found = {(f.asset, f.column) for f in lineage_unknown([task])}
    assert found == {("sql/Job.sql", None), ("m.ok", "a")}


def test_one_finding_per_line_with_fingerprints_telling_them_apart() -> None:
    """Two parse errors of one file are two findings; the first keeps the fingerprint of a
    file's only error; the same problem reported twice on one line is one finding."""
    task = _task("sql/two.sql", [("parse-error", 2, None, None), ("parse-error", 2, None, None),
                                 ("parse-error", 4, None, None)])
    first, second = sorted(lineage_unknown([task]), key=lambda f: f.location.line)  # type: ignore
    assert (first.location.line, second.location.line) == (2, 4)  # type: ignore[union-attr]
    plain = fingerprint(LINEAGE_UNKNOWN, "sql/two.sql", None, None, "sql/two.sql", "parse-error")
    assert first.fingerprint == plain and second.fingerprint != plain
    (only,) = lineage_unknown([_task("sql/two.sql", [("parse-error", 9, None, None)])])
    assert only.fingerprint == plain  # lines move; the fingerprint does not


def test_a_file_with_no_statement_is_an_info_finding_the_rest_warnings() -> None:
    task = _task("sql/empty.sql", [("no-statements", 1, None, None)])
    broken = _task("sql/bad.sql", [("parse-error", 1, None, None)])
    found = {f.asset: f.severity.value for f in lineage_unknown([task, broken])}
    assert found == {"sql/empty.sql": "info", "sql/bad.sql": "warning"}


@pytest.mark.parametrize(("glob", "waived"), [
    ("sql/Legacy/*", {"sql/Legacy/Job.sql", "m.t"}),  # a path covers the task's findings
    ("sql/legacy/*", set()),                          # paths are case-sensitive
    ("m.*", {"m.t"}),                                 # an asset glob covers its asset
])
def test_waivers_match_the_asset_or_the_task_path(glob: str, waived: set[str]) -> None:
    task = _task("sql/Legacy/Job.sql", [("parse-error", 3, None, None),
                                        ("unresolved-column", 1, "m.t", "x")])
    found = lineage_unknown([task], [_waiver(glob)], TODAY)
    assert {f.asset for f in found if f.waived} == waived
    assert all(f.waiver is not None for f in found if f.waived)


def test_path_waivers_of_lineage_unknown_work_end_to_end(make_project: MakeProject) -> None:
    """The loader's path form (`sql/Legacy/*`, `./x.sql`, kept as written) and the task paths
    the pipeline reports must agree: an active waiver waives, an expired one is reported."""
    broken = "CREATE TABLE m.x AS SELECT count(a FROM raw.t;\n"
    catalog = "dialect: postgres\nsources:\n  sql: ['**/*.sql']\nassets:\n  raw.t: {columns: [a]}\n"
    waivers = (
        "exceptions:\n"
        "  - {policy: lineage-unknown, asset: 'sql/Legacy/*', until: 2027-01-31,"
        " reason: legacy, ticket: GOV-1}\n"
        "  - {policy: lineage-unknown, asset: ./Top.sql, until: 2026-01-31,"
        " reason: old, ticket: GOV-2}\n"
    )
    project = make_project(
        catalog, sql={"sql/Legacy/Old_Job.sql": broken, "Top.sql": broken},
        policies={"waivers.yaml": waivers},
    )
    found = {f.asset: f for f in run_at(project).findings if f.policy == LINEAGE_UNKNOWN}
    assert set(found) == {"sql/Legacy/Old_Job.sql", "Top.sql"}
    assert found["sql/Legacy/Old_Job.sql"].waived
    assert not found["Top.sql"].waived and found["Top.sql"].waiver is not None
    assert found["Top.sql"].waiver.ticket == "GOV-2" and not found["Top.sql"].waiver.active
