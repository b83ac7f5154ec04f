"""Assets matching a selector must have the listed attributes.

Example:

```yaml
policies:
  - id: sensitive-needs-owner
    kind: require
    severity: warning
    description: Tables holding personal data need an owner and a retention period.
    where: {tag: [pii, pci]}
    have: [owner, retention_days]
```

Fires when: an asset matching `where` (tags count whether declared or arrived by lineage) lacks
any attribute in `have`: `owner`, `zone` (explicit or from a zone glob), `description`,
`retention_days`, or `tags` (at least one tag on the table or its columns). One finding per
asset lists everything it is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from engine.config.selectors import Selector, matches
from engine.models import AssetInfo, Violation
from engine.policies.base import EvalContext, PolicyBase

Attribute = Literal["owner", "zone", "description", "retention_days", "tags"]


class RequirePolicy(PolicyBase):
    """`require`: assets matching `where` must have every attribute in `have`."""

    kind: Literal["require"]
    scope_field: ClassVar[str | None] = "where"
    where: Selector
    have: tuple[Attribute, ...] = Field(min_length=1)

    def evaluate(self, ctx: EvalContext) -> Iterator[Violation]:
        """Yield one violation per matching asset that misses any required attribute."""
        for asset in ctx.sorted_assets():
            carried = ctx.tags.asset_tags(asset.id)
            if not matches(self.where, asset, carried, ctx.catalog):
                continue
            missing = [a for a in dict.fromkeys(self.have) if not _has(asset, a, carried)]
            if missing:
                yield self.violation(
                    asset.id, f"{asset.id} is missing {', '.join(missing)}",
                    evidence=tuple(f"no {a} in the catalog" for a in missing),
                    location=ctx.asset_location(asset),
                )


def _has(asset: AssetInfo, attribute: Attribute, carried: frozenset[str]) -> bool:
    if attribute == "tags":
        return bool(asset.tags or carried or any(c.declared_tags for c in asset.columns))
    if attribute == "description":
        return bool(asset.description and asset.description.strip())
    return getattr(asset, attribute) is not None
