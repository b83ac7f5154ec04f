"""Tag propagation: declared tags flow downstream along lineage edges to a fixed point.

Rules (SPEC "Tags and propagation"):
- DIRECT edges carry tags; INDIRECT edges only when the tag's rule opts in (`indirect: true`).
- Each function on an edge applies in order: an aggregation rule may drop the tag
  (`count: drop`); a masking function replaces the tag, removes it (`null`), or, with no rule
  for that tag, keeps it but marks the path masked (so `unless: masked` accepts it). A rule
  mapping a tag to itself or an ancestor (`pci: {masking: {sha2: pci}}`, inherited by
  `pci.card_number`) declares that the function does not protect that tag: the tag stays and
  the path is not marked masked.
- A `declassify` entry on an asset stops the tag (and its children) there.
- A tag declared on a column wins over the same tag arriving by lineage.

The search is a breadth-first worklist over states (column, tag, origin, masked): every state
is visited once, cycles terminate, and there is no hop limit (unlike Kùzu's 30-hop recursive
patterns). At most MAX_ORIGINS origins are kept per (column, tag, masked), which bounds the work
to MAX_ORIGINS passes over the edges per tag without changing which column carries which tag.
BFS order makes each recorded path a shortest one.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, groupby
from operator import attrgetter
from typing import Any, Generic, Protocol, TypeVar

from engine.codec import ColumnMemo, Reading
from engine.models import (
    AssetInfo,
    ColumnRef,
    DeclassifyRecord,
    LineageEdge,
    PathStep,
    TagAssignment,
    TagAssignments,
    TaskLineage,
    WideEdge,
    tag_is_under,
)


class TagRuleLike(Protocol):
    masking: Mapping[str, str | None]
    aggregation: Mapping[str, str]
    indirect: bool


class DeclassifyLike(Protocol):
    tag: str
    reason: str
    approved_by: str
    ticket: str | None


class RuleBook(Protocol):
    """What propagation needs from the catalog."""

    @property
    def masking_functions(self) -> frozenset[str]: ...

    def tag_rule(self, tag: str) -> TagRuleLike: ...


MAX_ORIGINS = 5  # origins (with paths) kept per column, tag and masked state


@dataclass(frozen=True)
class CanonicalRule:
    """A tag rule whose function names are spelled the way lineage edges spell them."""

    masking: Mapping[str, str | None]
    aggregation: Mapping[str, str]
    indirect: bool


class RuleLevels(RuleBook, Protocol):
    """A RuleBook that also gives the maps each tag's rule merges (`Catalog.rule_levels`)."""

    def rule_levels(self, tag: str) -> Sequence[TagRuleMaps]: ...


class TagRuleMaps(Protocol):
    masking: Mapping[str, str | None]
    aggregation: Mapping[str, str]


V = TypeVar("V")


def canonical_map(levels: Iterable[Mapping[str, V]],
                  canon: Callable[[str], tuple[str, ...]]) -> dict[str, V]:
    """Merge rule maps written in the dialect into one keyed by the names edges use.

    A later map overrides the ones before it for the functions it names. Within one map, two
    names may cover one function (T-SQL `hashbytes` is also `md5`): the name covering fewer
    functions decides it (`md5` for `HASHBYTES('MD5', x)`), whatever the YAML order; two that
    cover it equally with different results are a catalog error (`rule_errors`).
    """
    out: dict[str, V] = {}
    for level in levels:
        best: dict[str, tuple[int, V]] = {}
        for written, value in level.items():
            names = canon(written)
            for c in names:
                if c not in best or len(names) < best[c][0]:
                    best[c] = (len(names), value)
        out.update((c, v) for c, (_, v) in best.items())
    return out


class CanonicalRules:
    """A RuleBook view with every function name replaced by the names `canon` gives it (e.g.
    sqlglot's: T-SQL `hashbytes` is `md5`, `sha` and `sha2`).

    Users write rules in their dialect (`sha256`); edges carry the parser's canonical names.
    """

    def __init__(self, rules: RuleLevels, canon: Callable[[str], tuple[str, ...]]) -> None:
        self._rules, self._canon = rules, canon
        self._cache: dict[str, CanonicalRule] = {}
        self.masking_functions = frozenset(c for f in rules.masking_functions for c in canon(f))

    def tag_rule(self, tag: str) -> CanonicalRule:
        rule = self._cache.get(tag)
        if rule is None:
            levels = self._rules.rule_levels(tag)
            rule = CanonicalRule(
                masking=canonical_map((lv.masking for lv in levels), self._canon),
                aggregation=canonical_map((lv.aggregation for lv in levels), self._canon),
                indirect=self._rules.tag_rule(tag).indirect,
            )
            self._cache[tag] = rule
        return rule


@dataclass(frozen=True, slots=True)
class _State:
    column: ColumnRef
    tag: str
    origin: int  # index of the seed state
    masked: bool
    prev: int | None
    edge: LineageEdge | None
    rule: str


def stopping_entry(entries: Sequence[DeclassifyLike], tag: str) -> int | None:
    """The index of the first of an asset's declassify entries that stops `tag` there (its tag
    is `tag` or a parent of it), or None. The one barrier rule: `trace` asks it too."""
    for i, entry in enumerate(entries):
        if tag_is_under(tag, entry.tag):
            return i
    return None


def carried(
    edges: Iterable[LineageEdge], tag: str, masked: bool, rules: RuleBook
) -> Iterator[tuple[LineageEdge, str, bool, str]]:
    """Each of `edges` (out of a column carrying `tag`, `masked` or not) that carries it on,
    with what arrives at its target: (edge, tag, masked, rule text) after `apply_edge`.

    The one edge rule, which `trace` asks too: an INDIRECT edge carries only a tag whose rule
    opts in (`indirect: true`); the edge's functions may then replace, mask or drop it.
    """
    indirect_ok = rules.tag_rule(tag).indirect
    for e in edges:
        if e.type == "INDIRECT" and not indirect_ok:
            continue
        result = apply_edge(e, tag, masked, rules)
        if result is not None:
            yield e, *result


class _Barriers:
    """Declassify entries per asset, recording which columns each one stopped."""

    def __init__(self, declassify: Mapping[str, Sequence[DeclassifyLike]]) -> None:
        self._entries = {a: tuple(v) for a, v in declassify.items() if v}
        self._stopped: dict[tuple[str, int], set[str]] = defaultdict(set)

    def stops(self, column: ColumnRef, tag: str) -> bool:
        entries = self._entries.get(column.asset)
        if entries is None:  # most assets have no entry: no call on the hot path
            return False
        i = stopping_entry(entries, tag)
        if i is None:
            return False
        self._stopped[(column.asset, i)].add(column.id)
        return True

    def blocks(self, asset: str, tag: str) -> bool:
        """Whether an entry of `asset` stops `tag` there (no column to record)."""
        entries = self._entries.get(asset)
        return entries is not None and stopping_entry(entries, tag) is not None

    def records(self) -> tuple[DeclassifyRecord, ...]:
        out = []
        for asset in sorted(self._entries):
            for i, e in enumerate(self._entries[asset]):
                out.append(
                    DeclassifyRecord(
                        asset=asset, tag=e.tag, reason=e.reason, approved_by=e.approved_by,
                        ticket=e.ticket, stopped=tuple(sorted(self._stopped.get((asset, i), ()))),
                    )
                )
        return tuple(out)


def apply_edge(
    edge: LineageEdge, tag: str, masked: bool, rules: RuleBook
) -> tuple[str, bool, str] | None:
    """Return (tag, masked, rule text) after the edge's functions, or None if the tag is dropped."""
    notes: list[str] = []
    for fn in edge.functions:
        rule = rules.tag_rule(tag)
        if rule.aggregation.get(fn) == "drop":
            return None
        if fn in rules.masking_functions:
            replacement = rule.masking.get(fn, tag)
            if replacement is None:
                return None
            if fn in rule.masking and tag_is_under(tag, replacement):
                # `sha2: pci` (inherited by pci.card_number too) says this function does not
                # protect the tag: it stays, as specific as it was, and the path is not masked.
                notes.append(f"{fn} does not mask {tag} (rule keeps it)")
                continue
            masked = True
            if replacement != tag:
                notes.append(f"{fn} replaces {tag} with {replacement}")
                tag = replacement
            else:
                notes.append(f"{fn} masks {tag} (kept)")
        elif fn in rule.aggregation:
            notes.append(f"{fn} keeps {tag}")
    return tag, masked, "; ".join(notes) or "carried"


def _edge_order(e: LineageEdge) -> tuple[object, ...]:
    return (e.target.id, e.type, e.subtype, e.functions, e.task, e.line)


E = TypeVar("E", LineageEdge, WideEdge)
_source_asset = attrgetter("source.asset")
_source_column = attrgetter("source.column")
_declared_tags = attrgetter("declared_tags")
_name = attrgetter("name")


_SCANS = 8  # columns of one asset looked up by scanning before its edges are split by column


class _OutEdges(Generic[E]):
    """Edges by source, indexed only as far as tags reach.

    A column's edges (`*`: the asset's star edges) are picked when a tag first reaches it:
    from given edges by `_EdgeList`, from the run's tasks by `_TaskEdges` (which decodes and
    builds only those). Each list keeps the edges' given order, then (with `sort`) a stable
    sort by `_edge_order`: the order one sort of all edges gives. Tags reach few of the edges:
    indexing, sorting and building all of them up front was most of propagation's time.
    """

    def __init__(self, edges: Iterable[E] | _TaskEdges, *, sort: bool = True) -> None:
        self._source: _EdgeList[E] | _TaskEdges = (
            edges if isinstance(edges, _TaskEdges) else _EdgeList(edges))
        self._sort = sort
        self._ready: dict[tuple[str, str], list[E]] = {}

    def get(self, asset: str, column: str) -> list[E]:
        """Edges from `asset.column` (`column="*"`: the asset's star edges), in order."""
        key = (asset, column)
        found = self._ready.get(key)
        if found is None:
            found = self._ready[key] = self._source.pick(asset, column)
            if self._sort and len(found) > 1:
                found.sort(key=_edge_order)
        return found


class _EdgeList(Generic[E]):
    """Given edges, picked by source column. One pass groups them by source asset (a
    statement's edges come in runs sharing a source asset, which `groupby` moves as one); a
    column's are picked out of its asset's by a C-level scan, and an asset with more than
    `_SCANS` columns asked for is split by column once instead."""

    def __init__(self, edges: Iterable[E]) -> None:
        by_asset: dict[str, list[E]] = {}  # asset -> its edges
        for asset, run in groupby(edges, key=_source_asset):
            found = by_asset.get(asset)
            if found is None:
                by_asset[asset] = list(run)
            else:
                found.extend(run)
        self._by_asset = by_asset
        self._columns: dict[str, list[str]] = {}  # asset -> source column of each edge
        self._scans: dict[str, int] = {}
        self._split: dict[str, dict[str, list[E]]] = {}

    def pick(self, asset: str, column: str) -> list[E]:
        """The edges from `asset.column`, in given order (each column asked for once)."""
        split = self._split.get(asset)
        if split is not None:
            return split.pop(column, [])
        edges = self._by_asset.get(asset)
        if not edges:
            return []
        scans = self._scans[asset] = self._scans.get(asset, 0) + 1
        columns = self._columns.get(asset)
        if columns is None:
            columns = self._columns[asset] = list(map(_source_column, edges))
        if scans > _SCANS:  # bound the scans: a stable sort by column, then `groupby`
            del self._by_asset[asset], self._columns[asset]
            ordered = sorted(range(len(edges)), key=columns.__getitem__)
            split = self._split[asset] = {
                c: [edges[i] for i in run] for c, run in groupby(ordered, key=columns.__getitem__)}
            return split.pop(column, [])
        return list(compress(edges, map(column.__eq__, columns)))


class _Plain:
    """A task's edges from one source asset that are not packed (already built), picked by
    source column as `codec.Reading` picks packed ones."""

    __slots__ = ("_edges",)

    def __init__(self, edges: list[Any]) -> None:
        self._edges = edges

    def pick(self, column: str) -> list[Any]:
        return [e for e in self._edges if e.source.column == column]


class _TaskEdges:
    """The run's edges (or wide edges) from one source column at a time, from the tasks whose
    summary says they read its asset (`codec.Reading`): of those, only the tasks whose column
    list says they read the column are decoded, and only its edges built. The same edges, in
    the same order (task order, then each task's own), as grouping every task's edges by
    source up front, without decoding tasks for columns no tag reaches.
    """

    def __init__(self, lineage: Sequence[TaskLineage], *, wide: bool,
                 memo: ColumnMemo | None = None) -> None:
        self._lineage = lineage
        self._wide = wide
        # a task is read again for each of its sources a tag reaches: its columns decoded once
        self._memo = ColumnMemo() if memo is None else memo
        self._tasks: dict[str, list[TaskLineage]] | None = None
        self._readers: dict[str, list[Reading | _Plain]] = {}

    def pick(self, asset: str, column: str) -> list[Any]:
        """Every edge from `asset.column` (`*`: the asset's star edges), built, in task order,
        then each task's own order."""
        readers = self._readers.get(asset)
        if readers is None:
            readers = self._readers[asset] = self._reading(asset)
        found: list[Any] = []
        for reader in readers:
            found += reader.pick(column)
        return found

    def _reading(self, asset: str) -> list[Reading | _Plain]:
        if self._tasks is None:
            self._tasks = {}
            for task in self._lineage:
                summary = task.summary
                for source in (summary.wide_sources if self._wide else summary.sources):
                    self._tasks.setdefault(source, []).append(task)
        readers: list[Reading | _Plain] = []
        for task in self._tasks.get(asset, ()):
            edges = task.wide if self._wide else task.edges
            reading = getattr(edges, "reading", None)  # packed: decodes none of them yet
            if reading is not None:
                found = reading(asset, self._memo)
                if found is not None:
                    readers.append(found)
            else:
                readers.append(_Plain([e for e in edges if e.source.asset == asset]))
        return readers


class _WideIndex:
    """Wide edges by source, expanded into column edges only when an INDIRECT-carrying tag
    reaches their source (by default no tag does: then they are not even indexed)."""

    def __init__(self, wide: Sequence[WideEdge] | _TaskEdges) -> None:
        self._wide = wide
        self._index: _OutEdges[WideEdge] | None = None
        self._memo: dict[tuple[str, str], list[LineageEdge]] = {}

    def out(self, column: ColumnRef, narrow: list[LineageEdge], star: list[LineageEdge]
            ) -> tuple[LineageEdge, ...]:
        """`narrow` + `star` (each sorted) with this column's wide edges merged in, in order."""
        return (*self._merged(column.asset, column.column, narrow),
                *self._merged(column.asset, "*", star))

    def _merged(self, asset: str, column: str, narrow: list[LineageEdge]) -> list[LineageEdge]:
        found = self._memo.get((asset, column))
        if found is None:
            if self._index is None:
                # Given order: ties in the stable sort below keep it, as they did expanded.
                self._index = _OutEdges(self._wide, sort=False)
            wide = self._index.get(asset, column)
            expanded = [e for w in wide for e in w.expand()]
            found = sorted([*narrow, *expanded], key=_edge_order) if expanded else narrow
            self._memo[(asset, column)] = found
        return found


def propagate_lineage(
    lineage: Sequence[TaskLineage],
    assets: Mapping[str, AssetInfo],
    rules: RuleBook,
    declassify: Mapping[str, Sequence[DeclassifyLike]] | None = None,
) -> TagAssignments:
    """`propagate` over every task's edges, decoding only the tasks that read a column a tag
    reaches (a packed task's summary names its source assets, its column list the columns)."""
    memo = ColumnMemo()  # shared by edges and wide edges; let go with the indexes
    return _propagate(_OutEdges(_TaskEdges(lineage, wide=False, memo=memo)),
                      _WideIndex(_TaskEdges(lineage, wide=True, memo=memo)), assets, rules,
                      declassify)


def propagate(
    edges: Sequence[LineageEdge],
    assets: Mapping[str, AssetInfo],
    rules: RuleBook,
    declassify: Mapping[str, Sequence[DeclassifyLike]] | None = None,
    *,
    wide: Sequence[WideEdge] = (),
) -> TagAssignments:
    """Return every tag on every column, with origin and shortest path, from declared tags.

    `declassify` maps an asset id to its declassify entries (the barriers); `wide` are the
    run's wide edges (INDIRECT, so followed only by tags whose rule opts in).
    """
    return _propagate(_OutEdges(edges), _WideIndex(wide), assets, rules, declassify)


def _propagate(
    out_edges: _OutEdges[LineageEdge], wide_index: _WideIndex,
    assets: Mapping[str, AssetInfo], rules: RuleBook,
    declassify: Mapping[str, Sequence[DeclassifyLike]] | None,
) -> TagAssignments:
    barriers = _Barriers(declassify or {})
    states: list[_State] = []
    seen: set[tuple[str, str, int, bool]] = set()
    declared: set[tuple[str, str]] = set()
    queue: deque[int] = deque()

    origins: dict[tuple[str, str, bool], int] = defaultdict(int)

    def add(state: _State) -> None:
        key = (state.column.id, state.tag, state.origin, state.masked)
        if key in seen:
            return
        # What flows on from a state depends only on (column, tag, masked), never on its
        # origin, so a state beyond the first MAX_ORIGINS for that triple reaches nothing new:
        # dropping it keeps every carried tag exact and the work linear in edges per tag.
        triple = (state.column.id, state.tag, state.masked)
        if origins[triple] >= MAX_ORIGINS:
            return
        origins[triple] += 1
        seen.add(key)
        states.append(state)
        queue.append(len(states) - 1)

    for asset_id in sorted(assets):
        tagged = list(filter(_declared_tags, assets[asset_id].columns))  # few columns are
        if not tagged:  # tagged, and few assets have one: most need no sort
            continue
        for col in sorted(tagged, key=_name):
            ref = ColumnRef(asset=asset_id, column=col.name)
            for tag in sorted(set(col.declared_tags)):
                if barriers.stops(ref, tag):
                    continue
                declared.add((ref.id, tag))
                add(_State(ref, tag, len(states), False, None, None, "declared"))

    while queue:
        i = queue.popleft()
        s = states[i]
        narrow = out_edges.get(s.column.asset, s.column.column)
        star = out_edges.get(s.column.asset, "*")
        # wide edges are all INDIRECT: expanded only for a tag that `carried` lets through them
        out = (wide_index.out(s.column, narrow, star) if rules.tag_rule(s.tag).indirect
               else (*narrow, *star))
        for e, tag, masked, rule in carried(out, s.tag, s.masked, rules):
            if (e.target.id, tag) in declared or barriers.stops(e.target, tag):
                continue
            add(_State(e.target, tag, s.origin, masked, i, e, rule))
    # the indexes (every edge a tag reached, decoded) go before the assignments are built
    del out_edges, wide_index
    seen.clear()
    origins.clear()
    return TagAssignments(items=_assignments(states), declassified=barriers.records(),
                          column_less=column_less(assets, barriers))


def column_less(
    assets: Mapping[str, AssetInfo], barriers: _Barriers | None = None
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`TagAssignments.column_less`: the table-level tags of assets with no known column
    (those with columns carry theirs on every column), less any the asset's own declassify
    entries stop."""
    barriers = barriers or _Barriers({})
    out = []
    for asset_id, info in assets.items():  # few qualify: only they are sorted
        if info.tags and not info.columns:
            kept = tuple(sorted(t for t in set(info.tags) if not barriers.blocks(asset_id, t)))
            if kept:
                out.append((asset_id, kept))
    return tuple(sorted(out))


def _step(s: _State) -> PathStep:
    if s.edge is None:
        return PathStep(
            asset=s.column.asset, column=s.column.column, transform="declared", tag=s.tag,
            rule="declared in catalog",
        )
    return PathStep(
        asset=s.column.asset, column=s.column.column, task=s.edge.task, line=s.edge.line,
        transform=s.edge.transform, tag=s.tag, rule=s.rule,
    )


def _assignments(states: list[_State]) -> tuple[TagAssignment, ...]:
    # States are appended in BFS order, so a predecessor's path is always built first.
    paths: list[tuple[PathStep, ...]] = []
    out: list[TagAssignment] = []
    for s in states:
        path = (paths[s.prev] if s.prev is not None else ()) + (_step(s),)
        paths.append(path)
        seed = states[s.origin]
        out.append(
            TagAssignment(
                column=s.column, tag=s.tag, origin=seed.column, origin_tag=seed.tag,
                declared=s.prev is None, masked=s.masked, path=path,
            )
        )
    out.sort(key=assignment_order)
    return tuple(out)


def assignment_order(a: TagAssignment) -> tuple[str, str, str, bool, int]:
    """The order of a run's tag assignments; unique per assignment (one per state)."""
    return (a.column.id, a.tag, a.origin.id, a.masked, len(a.path))
