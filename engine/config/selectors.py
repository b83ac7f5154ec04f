"""Selectors pick assets for policies (`to:`, `where:`): keys AND together, list values OR.

    to: {zone: export}                              # every asset in the export zone
    where: {tag: [pii, pci], name: "marts.*"}       # marts holding pii or pci
    to: {owner_lacks_clearance: pii}                # owner not cleared for pii (no owner: never)
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import BeforeValidator, Field, model_validator

from engine.config.names import NameList, Spec, TagList, as_list
from engine.models import AssetInfo, tag_is_under

if TYPE_CHECKING:
    from engine.config.catalog import Catalog

SELECTOR_KEYS = ("name", "zone", "owner", "tag", "owner_lacks_clearance")
NonEmpty = Field(default=None, min_length=1)
Globs = Annotated[tuple[str, ...], BeforeValidator(as_list)]
# (loc inside the selector, "tag" | "zone" | "team", name)
Reference = tuple[tuple[str | int, ...], str, str]


class Selector(Spec):
    """Which assets a policy looks at. Every key given must match; a list matches any item."""

    yaml_label: ClassVar[str] = "selector"
    name: Globs | None = NonEmpty
    zone: NameList | None = NonEmpty
    owner: NameList | None = NonEmpty
    tag: TagList | None = NonEmpty
    owner_lacks_clearance: TagList | None = NonEmpty

    @model_validator(mode="after")
    def _not_empty(self) -> Selector:
        if all(getattr(self, k) is None for k in SELECTOR_KEYS):
            raise ValueError("a selector needs at least one of: " + ", ".join(SELECTOR_KEYS))
        return self

    def references(self) -> Iterator[Reference]:
        """Yield every catalog name the selector mentions, for load-time cross-checks."""
        for key, kind in (("zone", "zone"), ("owner", "team"), ("tag", "tag"),
                          ("owner_lacks_clearance", "tag")):
            for i, value in enumerate(getattr(self, key) or ()):
                yield (key, i), kind, value


def matches(
    selector: Selector,
    asset: AssetInfo,
    asset_tags: frozenset[str],
    catalog: Catalog,
    *,
    carried: str | None = None,
) -> bool:
    """True if `asset` (carrying `asset_tags`) satisfies every key of `selector`.

    `carried` narrows `owner_lacks_clearance` to one tag: an owner cleared for `pii.email` only
    lacks clearance for a column carrying `pii.phone`, not for one carrying `pii.email`.
    """
    s = selector
    if s.name is not None and not any(fnmatch.fnmatchcase(asset.id, g.lower()) for g in s.name):
        return False
    if s.zone is not None and asset.zone not in s.zone:
        return False
    if s.owner is not None and asset.owner not in s.owner:
        return False
    if s.tag is not None and not any(tag_is_under(t, w) for t in asset_tags for w in s.tag):
        return False
    if s.owner_lacks_clearance is not None:
        return any(
            not catalog.cleared(asset.owner, _clearance_tag(wanted, carried))
            for wanted in s.owner_lacks_clearance
        )
    return True


def _clearance_tag(wanted: str, carried: str | None) -> str:
    # Check the more specific of the two when one is under the other.
    return carried if carried is not None and tag_is_under(carried, wanted) else wanted
