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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from engine.models import (
    AssetInfo,
    ColumnRef,
    DeclassifyRecord,
    LineageEdge,
    PathStep,
    TagAssignment,
    TagAssignments,
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


class CanonicalRules:
    """A RuleBook view with every function name passed through `canon` (e.g. sqlglot's names).

    Users write rules in their dialect (`sha256`); edges carry the parser's canonical names.
    """

    def __init__(self, rules: RuleBook, canon: Callable[[str], str]) -> None:
        self._rules, self._canon = rules, canon
        self._cache: dict[str, CanonicalRule] = {}
        self.masking_functions = frozenset(canon(f) for f in rules.masking_functions)

    def tag_rule(self, tag: str) -> CanonicalRule:
        rule = self._cache.get(tag)
        if rule is None:
            raw = self._rules.tag_rule(tag)
            rule = CanonicalRule(
                masking={self._canon(f): t for f, t in raw.masking.items()},
                aggregation={self._canon(f): a for f, a in raw.aggregation.items()},
                indirect=raw.indirect,
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


class _Barriers:
    """Declassify entries per asset, recording which columns each one stopped."""

    def __init__(self, declassify: Mapping[str, Sequence[DeclassifyLike]]) -> None:
        self._entries = {a: tuple(v) for a, v in declassify.items() if v}
        self._stopped: dict[tuple[str, int], set[str]] = defaultdict(set)

    def stops(self, column: ColumnRef, tag: str) -> bool:
        for i, entry in enumerate(self._entries.get(column.asset, ())):
            if tag_is_under(tag, entry.tag):
                self._stopped[(column.asset, i)].add(column.id)
                return True
        return False

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


def _out_edges(edges: Iterable[E]) -> tuple[dict[str, list[E]], dict[str, list[E]]]:
    """Index edges by source column, and over-approximate star edges by source asset (in
    their given order: `_SortedOnce` sorts a list when a tag first reaches it)."""
    by_column: dict[str, list[E]] = defaultdict(list)
    by_star: dict[str, list[E]] = defaultdict(list)
    for e in edges:
        if e.source.column == "*":
            by_star[e.source.asset].append(e)
        else:
            by_column[e.source.id].append(e)
    return by_column, by_star


class _SortedOnce:
    """Out-edge lists, put in `_edge_order` on first use: tags reach few columns, and sorting
    every list up front was most of propagation's time (a stable sort per list gives the same
    order as one sort of all edges)."""

    def __init__(self, lists: dict[str, list[LineageEdge]]) -> None:
        self._lists = lists
        self._done: set[str] = set()

    def get(self, key: str) -> list[LineageEdge]:
        found = self._lists.get(key)
        if found is None:
            return []
        if key not in self._done:
            found.sort(key=_edge_order)
            self._done.add(key)
        return found


class _WideIndex:
    """Wide edges by source, expanded into column edges only when an INDIRECT-carrying tag
    reaches their source (by default no tag does, and they are never expanded)."""

    def __init__(self, wide: Sequence[WideEdge]) -> None:
        self._by_column, self._by_star = _out_edges(wide)
        self._memo: dict[tuple[str, bool], list[LineageEdge]] = {}

    def out(self, column: ColumnRef, narrow: list[LineageEdge], star: list[LineageEdge]
            ) -> tuple[LineageEdge, ...]:
        """`narrow` + `star` (each sorted) with this column's wide edges merged in, in order."""
        return (*self._merged(column.id, False, narrow), *self._merged(column.asset, True, star))

    def _merged(self, key: str, star: bool, narrow: list[LineageEdge]) -> list[LineageEdge]:
        found = self._memo.get((key, star))
        if found is None:
            wide = (self._by_star if star else self._by_column).get(key, ())
            expanded = [e for w in wide for e in w.expand()]
            found = sorted([*narrow, *expanded], key=_edge_order) if expanded else narrow
            self._memo[(key, star)] = found
        return found


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
    by_column, by_star = (_SortedOnce(index) for index in _out_edges(edges))
    wide_index = _WideIndex(wide)
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
        for col in sorted(assets[asset_id].columns, key=lambda c: c.name):
            ref = ColumnRef(asset=asset_id, column=col.name)
            for tag in sorted(set(col.declared_tags)):
                if barriers.stops(ref, tag):
                    continue
                declared.add((ref.id, tag))
                add(_State(ref, tag, len(states), False, None, None, "declared"))

    while queue:
        i = queue.popleft()
        s = states[i]
        indirect_ok = rules.tag_rule(s.tag).indirect
        narrow = by_column.get(s.column.id)
        star = by_star.get(s.column.asset)
        out = wide_index.out(s.column, narrow, star) if indirect_ok else (*narrow, *star)
        for e in out:
            if e.type == "INDIRECT" and not indirect_ok:
                continue
            result = apply_edge(e, s.tag, s.masked, rules)
            if result is None:
                continue
            tag, masked, rule = result
            if (e.target.id, tag) in declared or barriers.stops(e.target, tag):
                continue
            add(_State(e.target, tag, s.origin, masked, i, e, rule))
    return TagAssignments(items=_assignments(states), declassified=barriers.records())


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
    out.sort(key=lambda a: (a.column.id, a.tag, a.origin.id, a.masked, len(a.path)))
    return tuple(out)
