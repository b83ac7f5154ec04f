"""What every policy kind shares: the common fields, and the context a policy is judged in.

A kind is a `PolicyBase` subclass with `kind: Literal["<name>"]`, its own parameters as fields,
and a pure `evaluate(ctx) -> Iterator[Violation]`. Kinds are registered in `KINDS`
(`engine/policies/__init__.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from itertools import compress
from typing import ClassVar

from pydantic import field_validator

from engine.config.catalog import Catalog
from engine.config.names import Spec
from engine.config.selectors import Reference, Selector, matches
from engine.models import (
    AssetInfo,
    LineageEdge,
    Location,
    Severity,
    TagAssignment,
    TagAssignments,
    TaskLineage,
    Violation,
    WideEdge,
    column_refs,
    tag_is_under,
)

POLICY_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
RESERVED_IDS = frozenset({"lineage-unknown", "expired-waiver"})  # built-in findings


@dataclass(frozen=True)
class EvalContext:
    """Everything a policy may look at: catalog facts, every asset, lineage and tags."""

    catalog: Catalog
    assets: Mapping[str, AssetInfo]  # every asset of the run, declared and discovered
    lineage: tuple[TaskLineage, ...]  # every task's, edges packed or not
    tags: TagAssignments
    today: date
    only: frozenset[str] | None = None  # see restricted_to

    @cached_property
    def totals(self) -> tuple[int, str, int]:
        """The run's totals (`run_totals`): tasks, the coverage line, column edges."""
        return run_totals(self.lineage)

    @property
    def edge_count(self) -> int:
        """How many column edges the run has (wide edges counted as the edges they stand for)."""
        return self.totals[2]

    @cached_property
    def assignments_by_asset(self) -> Mapping[str, tuple[TagAssignment, ...]]:
        """Tag assignments grouped by the asset of their column."""
        out: dict[str, list[TagAssignment]] = {}
        for item in self.tags.items:
            out.setdefault(item.column.asset, []).append(item)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def edge_sources(self) -> frozenset[str]:
        """Ids of every column that some edge reads from into another table, or into a column
        of its own table that is itself read so (`self_read_columns` are the others).

        An edge within one table (a MERGE key `ON t.id = s.id`, `UPDATE t SET a = b`) only
        maintains that table: its source is used if and only if the column it feeds is. Only
        tasks with a statement reading its own target are decoded; the others' column lists
        say what they read.
        """
        return self._self_reads[0]

    @property
    def self_read_columns(self) -> frozenset[str]:
        """Ids of the columns read only within their own table, into columns nothing reads."""
        return self._self_reads[1]

    @cached_property
    def _self_reads(self) -> tuple[frozenset[str], frozenset[str]]:
        read: set[str] = set()
        fed_by: dict[str, set[str]] = {}  # column id -> same-table columns feeding it
        for task in self._touching(reads=True):
            if not any(st.target and st.target in st.sources for st in task.statements):
                read.update(f"{asset}.{name}" for asset, names, flags in column_refs(task)
                            for name in compress(names, flags))
                continue
            for e in task.edges:
                source = f"{e.source.asset}.{e.source.column}"
                if e.source.asset == e.target.asset:
                    fed_by.setdefault(f"{e.target.asset}.{e.target.column}", set()).add(source)
                else:
                    read.add(source)
            for w in task.wide:
                source = f"{w.source.asset}.{w.source.column}"
                if w.source.asset != w.target_asset:
                    read.add(source)
                    continue
                for column in w.targets:
                    fed_by.setdefault(f"{w.target_asset}.{column}", set()).add(source)
        within = set().union(*fed_by.values()) if fed_by else set()
        live = set(read)
        stack = [c for c in fed_by if c in live]
        while stack:  # what feeds a used column is used
            for source in fed_by.get(stack.pop(), ()):
                if source not in live:
                    live.add(source)
                    stack.append(source)
        return frozenset(live), frozenset(within - live)

    @cached_property
    def self_readers(self) -> Mapping[str, tuple[str, ...]]:
        """{asset: the tasks reading it only in statements that write it}: not its users."""
        out: dict[str, set[str]] = {}
        for task in self._touching(reads=False):
            for st in task.statements:
                if st.target and st.target in st.sources:
                    out.setdefault(st.target, set()).add(task.task)
        # only consulted for an asset nothing else reads (cleanup's `unused`)
        return {a: tuple(sorted(tasks)) for a, tasks in out.items()}

    def _touching(self, *, reads: bool) -> Iterable[TaskLineage]:
        """Every task, or with `only` the tasks reading (`reads`) or writing one of those."""
        if self.only is None:
            return self.lineage
        only = self.only
        if reads:
            return (t for t in self.lineage if not only.isdisjoint(t.summary.sources)
                    or not only.isdisjoint(t.summary.wide_sources))
        return (t for t in self.lineage if any(st.target in only for st in t.statements))

    @cached_property
    def column_writes(self) -> Mapping[str, Mapping[str, LineageEdge]]:
        """{asset: {column: first edge writing it}}, first by (task, line), for locations;
        worked out per asset when first asked, from the tasks that write it."""
        return _ColumnWrites(self.lineage)

    @cached_property
    def first_writes(self) -> Mapping[str, Location]:
        """{asset: the first statement (by task, line) that writes it}."""
        out: dict[str, Location] = {}
        for task in sorted(self._touching(reads=False), key=lambda t: t.task):
            for st in sorted(task.statements, key=lambda s: s.line):
                if st.target and st.target not in out:
                    out[st.target] = Location(path=task.task, line=st.line)
        return out

    def sorted_assets(self) -> Iterator[AssetInfo]:
        """Yield every asset in id order (findings come out deterministically)."""
        return iter(self._sorted_assets)

    @cached_property
    def _sorted_assets(self) -> tuple[AssetInfo, ...]:
        # Sorted once: every policy's evaluate and scope walks all assets.
        keys = self.assets if self.only is None else self.only.intersection(self.assets)
        return tuple(self.assets[key] for key in sorted(keys))

    @cached_property
    def asset_ids(self) -> tuple[str, ...]:
        """Every asset id, sorted."""
        return tuple(a.id for a in self._sorted_assets)

    def assets_carrying(self, tag: str) -> tuple[AssetInfo, ...]:
        """The assets (in id order) with a column carrying `tag` or a child of it, and those
        with no known column that declare one of them as a table-level tag."""
        found = self._carrying.get(tag)
        if found is None:
            by_asset = self.tags.by_asset
            ids = sorted(a for a, carried in by_asset.items() if a in self.assets
                         and (self.only is None or a in self.only)
                         and any(tag_is_under(t, tag) for t in carried))
            found = self._carrying[tag] = tuple(self.assets[a] for a in ids)
        return found

    @cached_property
    def _carrying(self) -> dict[str, tuple[AssetInfo, ...]]:
        return {}

    def coverage(self) -> str:
        """Return the parse-coverage evidence line: `parse coverage 97% (2 tasks unknown)`."""
        return self.totals[1]  # cached: evidence of every finding quotes it

    def restricted_to(self, assets: frozenset[str]) -> EvalContext:
        """This context with policies seeing only `assets` (engine.cone): `sorted_assets`,
        `asset_ids` and `assets_carrying` skip the others, and the facts looked up per asset
        (`edge_sources`, `first_writes`) are gathered from the tasks touching these only."""
        narrow = replace(self, only=assets)
        if "totals" in self.__dict__:  # the whole run's: worked out once
            narrow.__dict__["totals"] = self.totals
        return narrow

    def catalog_location(self, asset_id: str) -> Location | None:
        """Return where a declared asset sits in the catalog, if known."""
        line = self.catalog.asset_lines.get(asset_id)
        return Location(path=self.catalog.display_path, line=line) if line else None

    def asset_location(self, asset: AssetInfo) -> Location | None:
        """Where a finding about a whole asset points: its catalog entry if declared, else
        the first statement writing it, else the first reading it (an orphan)."""
        if asset.declared:
            return self.catalog_location(asset.id)
        return self.first_writes.get(asset.id) or self._first_read(asset)

    def column_location(self, asset: AssetInfo, column: str) -> Location | None:
        """Where a finding about one column points when no lineage path says: the first
        statement writing that column, else the first writing the table (a constant column has
        no edge), else the asset's own location (a catalog-declared source)."""
        edge = self.column_writes.get(asset.id, {}).get(column)
        if edge is not None:
            return Location(path=edge.task, line=edge.line)
        return self.first_writes.get(asset.id) or self.asset_location(asset)

    def _first_read(self, asset: AssetInfo) -> Location | None:
        for name in asset.read_by:  # sorted task paths: the first reading statement wins
            task = self._tasks_by_name.get(name)
            lines = [st.line for st in task.statements if asset.id in st.sources] if task else []
            if lines:
                return Location(path=name, line=min(lines))
        return None

    @cached_property
    def _tasks_by_name(self) -> dict[str, TaskLineage]:
        return {t.task: t for t in self.lineage}


class _ColumnWrites(Mapping[str, Mapping[str, LineageEdge]]):
    """`EvalContext.column_writes`, each asset's entry computed on first lookup."""

    def __init__(self, lineage: tuple[TaskLineage, ...]) -> None:
        self._lineage = lineage
        self._writers: dict[str, list[TaskLineage]] | None = None
        self._done: dict[str, Mapping[str, LineageEdge]] = {}

    def _index(self) -> dict[str, list[TaskLineage]]:
        if self._writers is None:
            self._writers = {}
            for task in self._lineage:
                for asset in task.summary.targets:
                    self._writers.setdefault(asset, []).append(task)
        return self._writers

    def __getitem__(self, asset: str) -> Mapping[str, LineageEdge]:
        found = self._done.get(asset)
        if found is None:
            tasks = self._index().get(asset)
            if tasks is None:
                raise KeyError(asset)
            found = self._done[asset] = _first_writes_of(asset, tasks)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())


def coverage_line(lineage: Sequence[TaskLineage]) -> str:
    """The parse-coverage evidence line of a run's tasks (`EvalContext.coverage`)."""
    total = len(lineage)
    if total == 0:
        return "no SQL tasks were parsed"
    unknown = sum(1 for t in lineage if t.status == "unknown")
    partial = sum(1 for t in lineage if t.status == "partial")
    pct = 100 * (total - unknown) // total
    text = f"parse coverage {pct}% ({unknown} task{'s' if unknown != 1 else ''} unknown"
    return text + (f", {partial} partial)" if partial else ")")


def run_totals(lineage: Sequence[TaskLineage]) -> tuple[int, str, int]:
    """The whole run's facts that findings of kinds with `quotes_run_totals` quote: tasks,
    the coverage line and column edges."""
    return (len(lineage), coverage_line(lineage), sum(t.edge_count for t in lineage))


def _first_writes_of(asset: str, tasks: list[TaskLineage]) -> dict[str, LineageEdge]:
    """{column of `asset`: the first edge writing it, by (task, line, statement)}."""
    best: dict[str, tuple[tuple[str, int, int], LineageEdge | WideEdge]] = {}

    def consider(column: str, key: tuple[str, int, int], edge: LineageEdge | WideEdge) -> None:
        seen = best.get(column)
        if seen is None or key < seen[0]:  # one pass keeping the least: no sort
            best[column] = (key, edge)

    for task in tasks:
        for e in task.edges:
            if e.target.asset == asset:
                consider(e.target.column, (e.task, e.line, e.statement_index), e)
        for w in task.wide:  # wide edges are expanded only where one is the first writer
            if w.target_asset == asset:
                for column in w.targets:
                    consider(column, (w.task, w.line, w.statement_index), w)
    return {column: _as_edge(edge, column) for column, (_, edge) in best.items()}


def _as_edge(edge: LineageEdge | WideEdge, column: str) -> LineageEdge:
    if isinstance(edge, LineageEdge):
        return edge
    return next(e for e in edge.expand() if e.target.column == column)


class PolicyBase(Spec):
    """Fields every policy has; `kind` picks the subclass."""

    yaml_label: ClassVar[str] = "policy"
    yaml_name_key: ClassVar[str] = "id"
    scope_field: ClassVar[str | None] = None  # the selector naming the assets a kind judges
    # A kind's findings about an asset may depend only on that asset's facts, its columns'
    # tags and the catalog (engine.cone judges again only the assets a change affects). Where
    # this says so, their text also quotes the run's totals (`run_totals`); the totals never
    # decide whether something is found.
    quotes_run_totals: ClassVar[bool] = False
    id: str
    kind: str
    description: str = ""
    severity: Severity = Severity.ERROR

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not POLICY_ID.fullmatch(value):
            raise ValueError(f"'{value}' is not a policy id (lowercase words joined by '-')")
        if value in RESERVED_IDS:
            raise ValueError(f"'{value}' is reserved for built-in findings")
        return value

    def evaluate(self, ctx: EvalContext) -> Iterator[Violation]:
        """Yield a Violation for every asset/column/tag that breaks this policy."""
        raise NotImplementedError

    def scope(self, ctx: EvalContext) -> tuple[str, ...]:
        """Return the ids of the assets this policy judges (its selector; all when it has none).

        Reports list these as checked, so a passing asset is visible as a pass, not a silence.
        """
        selector = getattr(self, self.scope_field) if self.scope_field else None
        if selector is None:
            return ctx.asset_ids
        return tuple(
            a.id for a in ctx.sorted_assets()
            if matches(selector, a, ctx.tags.asset_tags(a.id), ctx.catalog)
        )

    def references(self) -> Iterator[Reference]:
        """Yield (loc, "tag"|"zone"|"team", name) for each catalog name this policy uses."""
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, Selector):
                for loc, kind, ref in value.references():
                    yield (name, *loc), kind, ref
            elif name == "tag" and isinstance(value, str):
                yield (name,), "tag", value

    def violation(self, asset: str, message: str, **fields: object) -> Violation:
        """Return a Violation of this policy (a shorthand for kinds)."""
        return Violation(policy_id=self.id, asset=asset, message=message,
                         **fields)  # type: ignore[arg-type]
