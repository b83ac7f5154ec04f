"""Selectors: keys AND, list values OR, name globs, tag hierarchy, clearance."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from engine.config.catalog import catalog_from_data
from engine.config.selectors import Selector, matches
from engine.models import AssetInfo

CATALOG = catalog_from_data({
    "teams": {"growth": {"clearance": ["pseudonymous"]}, "core": {"clearance": ["pii"]},
              "mail": {"clearance": ["pii.email"]}},
    "tags": {"pii.email": {}, "pii.phone": {}, "pseudonymous": {}, "pci": {}},
})


def asset(id: str = "export.feed", **fields: Any) -> AssetInfo:
    return AssetInfo(id=id, declared=True, **fields)


def sel(**keys: Any) -> Selector:
    return Selector.model_validate(keys)


def hit(selector: Selector, info: AssetInfo, tags: tuple[str, ...] = (), **kw: Any) -> bool:
    return matches(selector, info, frozenset(tags), CATALOG, **kw)


@pytest.mark.parametrize("glob, expected", [
    ("export.*", True), ("EXPORT.F*", True), ("export.feed", True), ("raw.*", False),
    ("export", False), ("*.feed", True), ("export.fee?", True),
])
def test_name_is_a_case_insensitive_glob_on_the_asset_id(glob: str, expected: bool) -> None:
    assert hit(sel(name=glob), asset()) is expected


def test_list_values_or_and_keys_and() -> None:
    info = asset(zone="export", owner="growth")
    assert hit(sel(zone=["raw", "export"]), info)
    assert not hit(sel(zone=["raw", "marts"]), info)
    assert hit(sel(zone="export", owner="growth"), info)
    assert not hit(sel(zone="export", owner="core"), info)
    assert not hit(sel(zone="export", name="raw.*"), info)


def test_zone_and_owner_do_not_match_missing_values() -> None:
    assert not hit(sel(zone="export"), asset())
    assert not hit(sel(owner="growth"), asset())


def test_tag_matches_children_not_parents_or_siblings() -> None:
    assert hit(sel(tag="pii"), asset(), ("pii.email",))
    assert hit(sel(tag="pii.email"), asset(), ("pii.email",))
    assert not hit(sel(tag="pii.email"), asset(), ("pii",))
    assert not hit(sel(tag="pii.email"), asset(), ("pii.phone",))
    assert not hit(sel(tag="pii"), asset(), ("piiz",))  # a prefix is not a parent
    assert hit(sel(tag=["pci", "pii"]), asset(), ("pci",))


def test_owner_lacks_clearance() -> None:
    s = sel(owner_lacks_clearance="pii")
    assert hit(s, asset(owner="growth"))
    assert not hit(s, asset(owner="core"))
    assert hit(s, asset())  # no owner: cleared for nothing
    assert hit(s, asset(owner="unknown-team"))
    assert hit(s, asset(owner="mail"))  # cleared for pii.email only, not all of pii


def test_owner_lacks_clearance_narrowed_to_the_carried_tag() -> None:
    s = sel(owner_lacks_clearance="pii")
    mail = asset(owner="mail")
    assert not hit(s, mail, carried="pii.email")
    assert hit(s, mail, carried="pii.phone")
    assert hit(s, mail, carried="pci")  # unrelated tag: the selector's own tag is checked
    assert not hit(sel(owner_lacks_clearance="pii.email"), mail, carried="pii")


def test_selector_validation() -> None:
    assert sel(zone="Export").zone == ("export",)
    assert sel(tag=["PII", "pci"]).tag == ("pii", "pci")
    with pytest.raises(ValidationError, match="at least one of"):
        sel()
    with pytest.raises(ValidationError):
        sel(zone=[])
    with pytest.raises(ValidationError):
        sel(colour="red")


def test_references_name_every_catalog_name() -> None:
    refs = list(sel(zone="export", owner=["a", "b"], tag="pii", owner_lacks_clearance="pci",
                    name="x.*").references())
    assert refs == [(("zone", 0), "zone", "export"), (("owner", 0), "team", "a"),
                    (("owner", 1), "team", "b"), (("tag", 0), "tag", "pii"),
                    (("owner_lacks_clearance", 0), "tag", "pci")]
