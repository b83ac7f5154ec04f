"""The policy loader: files, kinds, waivers, cross-references."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from engine.config.catalog import Catalog, catalog_from_data
from engine.errors import InputErrors
from engine.models import Location, Severity
from engine.policies import CleanupPolicy, FlowPolicy, RequirePolicy
from engine.policies.loader import load_policies

SYNTAX = Path(__file__).resolve().parents[2] / "docs" / "syntax.md"

# The full-form catalog, plus what syntax.md's policy example names but the full form lacks.
CATALOG = catalog_from_data({
    "teams": {"growth": {"clearance": ["pseudonymous"]}},
    "tags": {"pii": {}, "pii.email": {}, "pci": {}, "pseudonymous": {}},
    "zones": {"export": ["export.*"], "marts": ["marts.*"]},
})


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "lineage_policies" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "lineage_policies"


def test_syntax_md_example_loads(tmp_path: Path) -> None:
    block = re.findall(r"```yaml\n(.*?)```", SYNTAX.read_text(encoding="utf-8"), re.S)[2]
    result = load_policies(write(tmp_path, {"p.yaml": block}), CATALOG, root=tmp_path)
    kinds = [type(p) for p in result.policies]
    assert kinds == [FlowPolicy, FlowPolicy, RequirePolicy, CleanupPolicy]
    flow, clearance, require, cleanup = result.policies
    assert isinstance(flow, FlowPolicy) and flow.unless == "masked" and flow.to.zone == ("export",)
    assert isinstance(clearance, FlowPolicy) and clearance.to.owner_lacks_clearance == ("pii",)
    assert require.severity is Severity.WARNING and cleanup.severity is Severity.INFO
    assert flow.severity is Severity.ERROR
    waiver, legacy = result.waivers
    assert (waiver.policy, waiver.asset, waiver.until, waiver.ticket, waiver.approved_by) == (
        "no-pii-in-exports", "export.partner_feed", date(2027, 3, 31), "GOV-431",
        "dpo@corp.example")
    assert (waiver.path, waiver.line) == ("lineage_policies/p.yaml", 33)
    assert (legacy.policy, legacy.asset) == ("lineage-unknown", "sql/Legacy/*")
    assert result.locations["unused-marts"] == Location(path="lineage_policies/p.yaml", line=24)


def test_missing_directory_is_an_empty_set(tmp_path: Path) -> None:
    result = load_policies(tmp_path / "lineage_policies", CATALOG, root=tmp_path)
    assert result.policies == () and result.waivers == ()


def test_files_are_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    policy = "policies:\n  - {{id: {}, kind: cleanup, check: unused}}\n"
    directory = write(tmp_path, {"b.yaml": policy.format("b"), "a/z.yml": policy.format("az"),
                                 "c.yaml": policy.format("c"), "notes.txt": "ignored",
                                 "empty.yaml": ""})
    result = load_policies(directory, CATALOG, root=tmp_path)
    assert [p.id for p in result.policies] == ["az", "b", "c"]


def test_exceptions_may_live_alone_and_name_builtin_findings(tmp_path: Path) -> None:
    directory = write(tmp_path, {"w.yaml": (
        "exceptions:\n  - {policy: lineage-unknown, asset: 'legacy.*', until: 2026-01-01,"
        " reason: old scripts, ticket: GOV-1}\n")})
    (waiver,) = load_policies(directory, CATALOG, root=tmp_path).waivers
    assert waiver.covers("lineage-unknown", "legacy.x")
    assert not waiver.covers("lineage-unknown", "raw.x") and not waiver.covers("p", "legacy.x")
    assert not waiver.expired(date(2026, 1, 1)) and waiver.expired(date(2026, 1, 2))


@pytest.mark.parametrize(("written", "stored"), [
    ("Legacy.Jobs_*", "legacy.jobs_*"),            # an asset id glob: lowercase like ids
    ("sql/Legacy/Job 1.sql", "sql/Legacy/Job 1.sql"),  # a path: as written, spaces allowed
    ("./Job.sql", "Job.sql"),                      # a file beside the catalog
])
def test_a_waiver_glob_with_a_slash_is_a_task_path_kept_as_written(
        tmp_path: Path, written: str, stored: str) -> None:
    directory = write(tmp_path, {"w.yaml": (
        f"exceptions:\n  - {{policy: lineage-unknown, asset: '{written}', until: 2026-01-01,"
        " reason: old, ticket: GOV-1}\n")})
    (waiver,) = load_policies(directory, CATALOG, root=tmp_path).waivers
    assert waiver.asset == stored


def test_only_lineage_unknown_may_be_waived_by_task_path(tmp_path: Path) -> None:
    directory = write(tmp_path, {"w.yaml": (
        "policies:\n  - {id: p, kind: cleanup, check: unused}\nexceptions:\n"
        "  - {policy: p, asset: sql/a.sql, until: 2026-01-01, reason: r, ticket: T}\n")})
    with pytest.raises(InputErrors) as exc:
        load_policies(directory, CATALOG, root=tmp_path)
    (error,) = exc.value.errors
    assert "names a task path 'sql/a.sql', but only lineage-unknown" in error.message


def test_without_catalog_only_structure_is_checked(tmp_path: Path) -> None:
    directory = write(tmp_path, {"p.yaml": (
        "policies:\n  - {id: p, kind: flow, tag: nothing, to: {zone: nowhere}}\n")})
    assert len(load_policies(directory, None, root=tmp_path).policies) == 1
    with pytest.raises(InputErrors) as exc:
        load_policies(directory, CATALOG, root=tmp_path)
    assert [e.message for e in exc.value.errors] == [
        "unknown tag 'nothing' in policy 'p'",
        "unknown zone 'nowhere' in selector 'to' of policy 'p'",
    ]


def test_teams_are_checked_against_owners_when_no_teams_section(tmp_path: Path) -> None:
    catalog: Catalog = catalog_from_data({"assets": {"a.b": {"owner": "growth"}}})
    directory = write(tmp_path, {"p.yaml": (
        "policies:\n  - {id: p, kind: require, where: {owner: [growth, grwth]}, have: [zone]}\n")})
    with pytest.raises(InputErrors) as exc:
        load_policies(directory, catalog, root=tmp_path)
    assert [(e.message, e.hint, e.line, e.col) for e in exc.value.errors] == [
        ("unknown team 'grwth' in selector 'where' of policy 'p'", "did you mean 'growth'?",
         2, 52)]


def test_errors_in_several_files_are_raised_together(tmp_path: Path) -> None:
    directory = write(tmp_path, {
        "a.yaml": "policies:\n  - {id: a, kind: nope}\n",
        "b.yaml": "policies: [\n",
        "c.yaml": "policies:\n  - {id: a, kind: cleanup, check: orphan}\n",
    })
    with pytest.raises(InputErrors) as exc:
        load_policies(directory, CATALOG, root=tmp_path)
    paths = [(e.path, e.line) for e in exc.value.errors]
    assert paths == [("lineage_policies/a.yaml", 2), ("lineage_policies/b.yaml", 2),
                     ("lineage_policies/c.yaml", 2)]
    assert "duplicate policy id 'a'" in exc.value.errors[2].message
