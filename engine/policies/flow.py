"""Tagged data must not reach the selected assets.

Example:

```yaml
policies:
  - id: no-pii-in-exports
    kind: flow
    severity: error
    description: Personal data must not leave through partner exports unless masked.
    tag: pii
    to: {zone: export}
    unless: masked
  - id: pii-needs-cleared-owner
    kind: flow
    description: Only teams cleared for personal data may own tables holding it.
    tag: pii
    to: {owner_lacks_clearance: pii}
```

Fires when: a column of an asset matching `to` carries `tag` or a child of it, whether the tag
was declared on that column in the catalog or arrived by lineage (or the asset declares it as a
table-level tag and no column of it is known: one finding on the table, with no column). There
is one finding per (asset, column, carried tag), and it shows the path by which the tag got
there (the shortest one) and the SQL file and line of its last hop; a carried tag whose child
also breaks the policy on that column is not reported apart (`pii` and `pii.email`: one finding,
on `pii.email`, its evidence naming `pii`). With `unless: masked`, a column passes when every
way the tag reached it went through a masking function. With `to: {owner_lacks_clearance: T}`,
clearance is checked against the tag actually carried: a team cleared for `pii.email` may hold
`pii.email` but not `pii.phone`. An asset with no owner is cleared for nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar, Literal

from engine.config.names import TagName
from engine.config.selectors import Selector, matches
from engine.models import AssetInfo, Location, PathStep, TagAssignment, Violation, tag_is_under
from engine.policies.base import EvalContext, PolicyBase


class FlowPolicy(PolicyBase):
    """`flow`: tagged data must not reach assets matching `to` (unless masked)."""

    kind: Literal["flow"]
    scope_field: ClassVar[str | None] = "to"
    tag: TagName
    to: Selector
    unless: Literal["masked"] | None = None

    def evaluate(self, ctx: EvalContext) -> Iterator[Violation]:
        """Yield one violation per (asset, column, carried tag) that breaks the policy."""
        for asset in ctx.assets_carrying(self.tag):  # in id order, like sorted_assets()
            carried = ctx.tags.asset_tags(asset.id)
            if not matches(self.to, asset, carried, ctx.catalog):
                continue
            yield from self._columns(ctx, asset, carried)
            yield from self._table(ctx, asset, carried)

    def _table(
        self, ctx: EvalContext, asset: AssetInfo, carried: frozenset[str]
    ) -> Iterator[Violation]:
        """A table with no known column that declares the tag: one finding on the table."""
        tags = [t for t in ctx.tags.table_level(asset.id)
                if tag_is_under(t, self.tag) and self._breaks(ctx, asset, carried, t)]
        for tag, _ in _most_specific(tags):
            yield self.violation(
                asset.id, f"{asset.id} carries {tag} (declared on the table in the catalog, "
                "which lists none of its columns)", tag=tag,
                evidence=("a table-level tag with no column to carry it: list the table's "
                          "columns to see which ones hold it",),
                location=ctx.asset_location(asset),
            )

    def _columns(
        self, ctx: EvalContext, asset: AssetInfo, carried: frozenset[str]
    ) -> Iterator[Violation]:
        groups: dict[tuple[str, str], list[TagAssignment]] = {}
        for item in ctx.assignments_by_asset.get(asset.id, ()):
            if tag_is_under(item.tag, self.tag):
                groups.setdefault((item.column.column, item.tag), []).append(item)
        breaking: dict[str, dict[str, list[TagAssignment]]] = {}  # column -> tag -> paths
        for (column, tag), items in sorted(groups.items()):
            if self.unless == "masked" and all(i.masked for i in items):
                continue
            if not self._breaks(ctx, asset, carried, tag):
                continue
            breaking.setdefault(column, {})[tag] = items
        for column, tags in breaking.items():
            for tag, broader in _most_specific(tags):
                yield self._violation(ctx, asset, column, tag, tags[tag], broader)

    def _breaks(
        self, ctx: EvalContext, asset: AssetInfo, carried: frozenset[str], tag: str
    ) -> bool:
        """True if `tag`, carried by an asset matching `to`, breaks the policy there: with
        `owner_lacks_clearance`, only if the owner lacks clearance for `tag` itself (a team
        cleared for `pii.email` may hold `pii.email`)."""
        return (self.to.owner_lacks_clearance is None
                or matches(self.to, asset, carried, ctx.catalog, carried=tag))

    def _violation(
        self, ctx: EvalContext, asset: AssetInfo, column: str, tag: str,
        items: list[TagAssignment], broader: list[str],
    ) -> Violation:
        witness = min(items, key=_witness_key)
        hops = max(len(witness.path) - 1, 0)
        target = f"{asset.id}.{column}"
        if hops == 0:
            message = f"{target} carries {tag} (declared in the catalog)"
        else:
            message = (f"{tag} reaches {target} from {witness.origin} "
                       f"({hops} hop{'s' if hops != 1 else ''})")
        return self.violation(
            asset.id, message, column=column, tag=tag, path=witness.path,
            # a declared tag has no hop: where the column is written, else its catalog entry
            location=_last_hop(witness.path) or ctx.column_location(asset, column),
            evidence=_evidence(witness, items, broader),
        )


def _most_specific(tags: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
    """Each of `tags` no other of them is under, with the broader ones it is under: a column
    (or table) carrying `pii` and `pii.email` is one problem, reported on `pii.email`, its
    evidence naming `pii`."""
    tags = list(tags)
    for tag in tags:
        if not any(t != tag and tag_is_under(t, tag) for t in tags):
            yield tag, [t for t in tags if t != tag and tag_is_under(tag, t)]


def _witness_key(item: TagAssignment) -> tuple[bool, int, str, str, tuple[str, ...]]:
    # Prefer an unmasked path (that is the one that breaks the policy), then the shortest;
    # ties are broken by origin and the hop sequence so reruns pick the same witness.
    hops = tuple(f"{s.asset}.{s.column}@{s.task}:{s.line}" for s in item.path)
    return (item.masked, len(item.path), str(item.origin), item.origin_tag, hops)


def _last_hop(path: tuple[PathStep, ...]) -> Location | None:
    last = path[-1] if path else None
    if last is None or last.task is None or last.line is None:
        return None
    return Location(path=last.task, line=last.line)


def _evidence(witness: TagAssignment, items: list[TagAssignment], broader: list[str]
              ) -> tuple[str, ...]:
    # The witness path itself is the finding's `path`; evidence adds what the path does not say.
    unmasked = sum(1 for i in items if not i.masked)
    origins = sorted({str(i.origin) for i in items})
    also = [f"also carries {', '.join(broader)} (reported once, on the most specific tag)"]
    return (
        f"{len(items)} path(s) carry it here, {unmasked} unmasked",
        f"origin(s): {', '.join(origins)}", *(also if broader else []),
    )
