"""The catalog loader: both forms of docs/syntax.md, and the questions a Catalog answers."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any

import pytest

from engine.config.catalog import Catalog, catalog_from_data, load_catalog
from engine.errors import InputErrors

SYNTAX = Path(__file__).resolve().parents[2] / "docs" / "syntax.md"


def syntax_block(n: int) -> str:
    """Return the n-th ```yaml block of docs/syntax.md (0: minimal, 1: full, 2: policies)."""
    return re.findall(r"```yaml\n(.*?)```", SYNTAX.read_text(encoding="utf-8"), re.S)[n]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def full(tmp_path: Path) -> Catalog:
    return load_catalog(write(tmp_path, syntax_block(1)))


def test_minimal_form_loads_exactly_as_written(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, syntax_block(0)))
    assert catalog.dialect == "postgres"
    assert catalog.sql_globs == ("sql/**/*.sql",)
    assert catalog.exclude_globs == ()
    assert catalog.schema() == {"raw.users": {"id": "", "email": "", "country": ""}}
    assert catalog.root == tmp_path.absolute()
    assert catalog.graph_path == tmp_path.absolute() / ".lineage" / "graph.kuzu"
    assert catalog.buffer_pool_mb == 256
    assert (catalog.tags, catalog.teams, catalog.zones) == ({}, {}, {})
    assert catalog.zone_of("raw.users") is None
    assert catalog.asset_lines == {"raw.users": 5}


def test_full_form_loads(full: Catalog) -> None:
    assert full.dialect == "snowflake"
    assert full.exclude_globs == ("sql/scratch/**",)
    assert full.buffer_pool_mb == 512
    assert set(full.teams) == {"growth", "core-data"}
    assert set(full.tags) == {"pii", "pii.email", "pseudonymous", "pci"}
    assert list(full.zones) == ["raw", "export", "staging", "marts"]
    assert full.zones["staging"].assets == ("stg.*",)
    users = full.assets["raw.users"]
    assert (users.owner, users.zone, users.retention_days, users.source, users.sink) == (
        "core-data", "raw", 365, True, False)
    assert users.declassify[0].ticket == "GOV-12"
    assert str(users.declassify[0].date) == "2026-01-10"


def test_tag_rule_inherits_defaults_then_ancestors_then_itself() -> None:
    catalog = catalog_from_data({
        "propagation": {"aggregation": {"count": "drop", "max": "drop"},
                        "masking": {"redact": None}, "indirect": False},
        "tags": {
            "pii": {"masking": {"sha2": "pseudonymous"}, "aggregation": {"max": "keep"}},
            "pii.email": {"masking": {"sha2": None}, "indirect": True},
            "pii.email.work": {},
            "pseudonymous": {},
        },
    })
    rule = catalog.tag_rule("pii.email.work")
    assert dict(rule.masking) == {"redact": None, "sha2": None}
    assert dict(rule.aggregation) == {"count": "drop", "max": "keep"}
    assert rule.indirect is True
    assert dict(catalog.tag_rule("pii").masking) == {"redact": None, "sha2": "pseudonymous"}
    assert catalog.tag_rule("pii").indirect is False
    assert dict(catalog.tag_rule("undeclared").aggregation) == {"count": "drop", "max": "drop"}


def test_masking_functions_include_every_masking_map_key(full: Catalog) -> None:
    assert full.masking_functions == {"sha2", "md5", "mask", "redact"}
    extra = catalog_from_data({"propagation": {"masking": {"tokenize": None}},
                               "tags": {"x": {"masking": {"Hash": None}}}})
    assert extra.masking_functions == {"tokenize", "hash"}


def test_zone_of_prefers_explicit_zone_then_first_matching_glob() -> None:
    catalog = catalog_from_data({
        "zones": {"exports": ["export.*"], "partner": ["export.partner_*"], "raw": ["raw.*"]},
        "assets": {"export.partner_feed": {}, "raw.special": {"zone": "partner"}},
    })
    assert catalog.zone_of("export.partner_feed") == "exports"  # file order wins
    assert catalog.zone_of("raw.special") == "partner"
    assert catalog.zone_of("raw.other") == "raw"
    assert catalog.zone_of("marts.kpis") is None


def test_source_and_sink_come_from_asset_or_zone(full: Catalog) -> None:
    assert full.is_source("raw.users") and full.is_source("raw.orders")  # flag, then zone
    assert full.is_sink("export.partner_feed") and not full.is_sink("raw.users")
    assert not full.is_source("stg.users") and not full.is_sink("marts.kpis")
    catalog = catalog_from_data({"zones": {"export": {"assets": ["export.*"], "sink": True}},
                                 "assets": {"export.internal": {"sink": False}}})
    assert not catalog.is_sink("export.internal")  # an explicit asset flag wins


def test_cleared_checks_clearance_and_its_children(full: Catalog) -> None:
    assert full.cleared("core-data", "pii") and full.cleared("core-data", "pii.email")
    assert full.cleared("growth", "pseudonymous")
    assert not full.cleared("growth", "pii.email")
    assert not full.cleared(None, "pii") and not full.cleared("nobody", "pii")
    narrow = catalog_from_data({"teams": {"mail": {"clearance": ["pii.email"]}}})
    assert narrow.cleared("mail", "pii.email.work") and not narrow.cleared("mail", "pii")


def test_tag_infos_include_implied_parents_sorted() -> None:
    catalog = catalog_from_data({"tags": {"pii.email": {"level": 3, "description": "E-mail"},
                                          "pci": {}}})
    infos = [(t.name, t.parent, t.level, t.description) for t in catalog.tag_infos()]
    assert infos == [("pci", None, None, None), ("pii", None, None, None),
                     ("pii.email", "pii", 3, "E-mail")]


def test_declared_column_tags_and_asset_info(full: Catalog) -> None:
    assert full.declared_column_tags("raw.users") == {
        "id": ("pii",), "email": ("pii", "pii.email"), "country": ("pii",)}
    assert full.declared_column_tags("stg.unknown") == {}
    info = full.asset_info("raw.users")
    assert (info.id, info.declared, info.owner, info.zone, info.source) == (
        "raw.users", True, "core-data", "raw", True)
    assert [c.name for c in info.columns] == ["id", "email", "country"]
    assert info.columns[1].description == "Login e-mail"
    with pytest.raises(KeyError):
        full.asset_info("stg.unknown")


def test_names_are_lowercased_everywhere() -> None:
    catalog = catalog_from_data({
        "teams": {"Core-Data": {"clearance": ["PII"]}},
        "tags": {"PII": {}},
        "zones": {"RAW": ["Raw.*"]},
        "assets": {"Raw.Users": {"owner": "CORE-DATA", "columns": ["ID", "Email"],
                                 "tags": ["Pii"]}},
    })
    assert list(catalog.assets) == ["raw.users"]
    assert catalog.asset_info("raw.users").owner == "core-data"
    assert catalog.zone_of("raw.users") == "raw"
    assert catalog.schema() == {"raw.users": {"id": "", "email": ""}}
    assert catalog.cleared("core-data", "pii")


def test_columns_may_be_a_list_a_mapping_or_null_entries() -> None:
    catalog = catalog_from_data({"assets": {
        "a.list": {"columns": ["x", "y"]},
        "a.map": {"columns": {"x": None, "y": {"description": "Y"}}},
        "a.sql_defined": {},
    }})
    assert catalog.schema() == {"a.list": {"x": "", "y": ""}, "a.map": {"x": "", "y": ""}}


def test_graph_path_is_relative_to_the_catalog(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, "graph: {path: db/g.kuzu}\n"))
    assert catalog.graph_path == tmp_path.absolute() / "db" / "g.kuzu"


def test_without_tags_section_tags_are_free_form() -> None:
    catalog = catalog_from_data({"assets": {"raw.u": {"columns": {"e": {"tags": ["pii.email"]}}}}})
    assert catalog.known_tags == {"pii", "pii.email"}
    assert not catalog.tags_declared


@pytest.mark.parametrize("data, message", [
    ({"assets": {"a.b": {"owner": "x"}}, "teams": {}}, "unknown team 'x' as owner of asset 'a.b'"),
    ({"assets": {"a.b": {"tags": ["p"]}}, "tags": {}}, "unknown tag 'p' on asset 'a.b'"),
    ({"assets": {"a.b": {"zone": "z"}}}, "unknown zone 'z' for asset 'a.b'"),
])
def test_catalog_from_data_raises_unlocated_errors(data: dict[str, Any], message: str) -> None:
    with pytest.raises(InputErrors) as exc:
        catalog_from_data(data)
    assert [(e.message, e.line) for e in exc.value.errors] == [(message, None)]


def test_empty_sections_are_absent_sections() -> None:
    catalog = catalog_from_data({"assets": None, "tags": None, "teams": None, "zones": None})
    assert catalog.assets == {} and not catalog.tags_declared and not catalog.teams_declared


def test_catalog_pickles_after_use(full: Catalog) -> None:
    """Worker processes receive the catalog; its caches must not get in the way."""
    full.tag_rule("pii.email")
    full.zone_of("raw.x")
    copy = pickle.loads(pickle.dumps(full))
    assert copy.tag_rule("pii.email") == full.tag_rule("pii.email")
    assert copy.zone_of("raw.x") == "raw" and copy.asset_lines == full.asset_lines


def test_placement_is_zone_sink_and_source_matched_once(full: Catalog) -> None:
    """`placement` answers `zone_of`, `is_sink` and `is_source` together (the inventory's
    question for every asset), an explicit asset flag still winning over its zone's."""
    catalog = catalog_from_data({
        "zones": {"export": {"assets": ["export.*"], "sink": True},
                  "raw": {"assets": ["raw.*"], "source": True}},
        "assets": {"export.kept": {"sink": False}, "raw.users": {}, "x.moved": {"zone": "export"}},
    })
    for c in (catalog, full):
        for asset in (*c.assets, "export.feed", "raw.other", "marts.none", "stg.x"):
            assert c.placement(asset) == (c.zone_of(asset), c.is_sink(asset), c.is_source(asset))
    assert catalog.placement("export.kept") == ("export", False, False)
    assert catalog.placement("export.feed") == ("export", True, False)
    assert catalog.placement("x.moved") == ("export", True, False)
    assert catalog.placement("raw.other") == ("raw", False, True)
    assert catalog.placement("marts.none") == (None, False, False)
