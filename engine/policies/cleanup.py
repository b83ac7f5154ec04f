"""Find assets and columns that nothing uses or nothing produces, so they can be retired.

Example:

```yaml
policies:
  - id: unused-marts
    kind: cleanup
    severity: info
    description: Marts nothing reads cost money.
    check: unused
    where: {zone: marts}
  - id: orphans
    kind: cleanup
    severity: warning
    description: Tables read by SQL must be produced by SQL or declared as sources.
    check: orphan
  - id: dead-columns
    kind: cleanup
    severity: info
    description: Columns written but never read.
    check: dead-columns
    where: {name: "marts.*"}
```

Fires when, for assets matching the optional `where` selector:

- `unused`: no parsed task reads the asset and it is not a sink (a sink is read outside SQL:
  `sink: true` on the asset or its zone); a statement reading its own target (MERGE, upsert,
  `UPDATE … FROM`) maintains the table and is not a reader of it, nor is a read into a
  temporary table dropped unread (`engine.lineage.transient.forget_unread`);
- `orphan`: some task reads the asset, no parsed task writes it, and it is not a declared
  source (`source: true` on the asset or its zone);
- `dead-columns`: a column of an asset that SQL writes is never read by any lineage edge, and
  the asset is not a sink; an edge into the column's own table (a MERGE key, `UPDATE t SET
  a = b`) counts only if the column it feeds is read.

Parsed SQL is not proof: each finding's evidence says what was seen (tasks parsed, parse
coverage) and what was not (no query log was consulted, so `unused_for_days` cannot be checked
yet).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from engine.config.selectors import Selector, matches
from engine.models import AssetInfo, Violation
from engine.policies.base import EvalContext, PolicyBase

Check = Literal["unused", "orphan", "dead-columns"]


class CleanupPolicy(PolicyBase):
    """`cleanup`: unused assets, orphans nobody produces, and dead columns."""

    kind: Literal["cleanup"]
    scope_field: ClassVar[str | None] = "where"
    quotes_run_totals: ClassVar[bool] = True  # evidence: tasks parsed, coverage, edges seen
    check: Check
    where: Selector | None = None
    unused_for_days: int | None = Field(None, gt=0)

    def evaluate(self, ctx: EvalContext) -> Iterator[Violation]:
        """Yield one violation per unused/orphan asset, or per dead column."""
        for asset in ctx.sorted_assets():
            carried = ctx.tags.asset_tags(asset.id)
            if self.where is not None and not matches(self.where, asset, carried, ctx.catalog):
                continue
            if self.check == "unused":
                yield from self._unused(ctx, asset)
            elif self.check == "orphan":
                yield from self._orphan(ctx, asset)
            else:
                yield from self._dead_columns(ctx, asset)

    def _seen(self, ctx: EvalContext) -> list[str]:
        """Evidence shared by every check: how much SQL was seen, and what was not consulted."""
        lines = [ctx.coverage(), "no query log consulted"]
        if self.unused_for_days is not None:
            lines.append(f"unused_for_days={self.unused_for_days} not checked: needs a query log")
        return lines

    def _unused(self, ctx: EvalContext, asset: AssetInfo) -> Iterator[Violation]:
        if asset.read_by or asset.sink:
            return
        evidence = [f"no task reads it in {len(ctx.lineage)} parsed tasks", *_kept_by(ctx, asset),
                    *self._seen(ctx), "not a declared sink"]
        yield self.violation(asset.id, f"{asset.id} is not read by any task",
                             evidence=tuple(evidence), location=ctx.asset_location(asset))

    def _orphan(self, ctx: EvalContext, asset: AssetInfo) -> Iterator[Violation]:
        if not asset.read_by or asset.written_by or asset.source:
            return
        readers = ", ".join(asset.read_by[:3]) + (" …" if len(asset.read_by) > 3 else "")
        evidence = [f"read by {len(asset.read_by)} task(s): {readers}",
                    f"no task writes it in {len(ctx.lineage)} parsed tasks", *self._seen(ctx),
                    "not a declared source"]
        yield self.violation(asset.id, f"{asset.id} is read but nothing produces it",
                             evidence=tuple(evidence), location=ctx.asset_location(asset))

    def _dead_columns(self, ctx: EvalContext, asset: AssetInfo) -> Iterator[Violation]:
        if not asset.written_by or asset.sink:
            return
        writes = ctx.column_writes.get(asset.id, {})
        columns = sorted(asset.column_names | writes.keys())
        table = (f"the table is read by {len(asset.read_by)} task(s)" if asset.read_by
                 else "no task reads the table")
        for column in columns:
            cid = f"{asset.id}.{column}"
            if cid in ctx.edge_sources:
                continue
            read = (f"only statements writing {asset.id} read it, into columns nothing reads"
                    if cid in ctx.self_read_columns else "no lineage edge reads it")
            evidence = [f"{read} ({ctx.edge_count} edges seen)", table,
                        *self._seen(ctx), "not a declared sink"]
            location = ctx.column_location(asset, column)
            yield self.violation(asset.id, f"{asset.id}.{column} is written but never read",
                                 column=column, evidence=tuple(evidence), location=location)


def _kept_by(ctx: EvalContext, asset: AssetInfo) -> list[str]:
    """Evidence naming the tasks that read the asset only to write it (not counted as readers)."""
    tasks = ctx.self_readers.get(asset.id, ())
    if not tasks:
        return []
    names = ", ".join(tasks[:3]) + (" …" if len(tasks) > 3 else "")
    return [f"read only by statements writing it (MERGE, upsert, UPDATE … FROM): {names}"]
