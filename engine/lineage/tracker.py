"""Memoised per-scope results, what each one used, and diagnostics held until they matter.

`ScopeLineage` works out every scope column once, bottom-up (so recursion stays shallow on long
CTE chains), which also computes columns no target reads. A problem met there (an unresolved
column in an unused CTE column) must not mark the task partial, so each diagnostic is held with
the result being computed when it arose, and emitted only if that result feeds a target.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from engine.lineage.diagnostics import Diagnostics
from engine.lineage.flows import Flow

# Rounds a recursive CTE's columns may take to settle: each round adds what one more step of
# the recursion reaches, and there are only so many columns and functions in one query.
MAX_ROUNDS = 32
_NO_CYCLE = 1 << 30  # deeper than any computation


class Tracker:
    """Memo of flow sets by key, with the keys each computation read and pending diagnostics.

    A computation that reads a key still being computed (a recursive CTE's column, through its
    self-reference) is part of a cycle. The outermost key of the cycle is computed again, its
    readers seeing the last round's values of every key in the cycle, until a round changes
    none of them: a fixed point, every step of the recursion.
    """

    def __init__(self, diagnostics: Diagnostics) -> None:
        self._diagnostics = diagnostics
        self._memo: dict[Hashable, set[Flow]] = {}
        self._active: list[Hashable] = []
        self._depth: dict[Hashable, int] = {}  # a key being computed -> its place in _active
        # The shallowest key still being computed that the current computation read
        self._low = _NO_CYCLE
        self._provisional: list[Hashable] = []  # results made from values still settling
        self._stale: set[Hashable] = set()  # a last round's results: computed again if read
        self._changes = 0  # results a round computed again that came out different
        self._uses: dict[Hashable, set[Hashable]] = {}
        self._pending: list[tuple[Hashable | None, dict[str, Any]]] = []

    def get(self, key: Hashable, compute: Callable[..., set[Flow]], *args: Any) -> set[Flow]:
        """Return the memoised result for `key`, computing it once (`compute(*args)`: no
        closure per call on this hot path); in a cycle, to a fixed point."""
        if self._active:
            self._uses.setdefault(self._active[-1], set()).add(key)
        found = self._memo.get(key)
        if found is not None:
            depth = self._depth.get(key)
            if depth is not None:
                if depth < self._low:
                    self._low = depth  # a cycle: this value may still grow
                return found
            if key not in self._stale:
                return found
        return self._compute(key, compute, args)

    def _compute(self, key: Hashable, compute: Callable[..., set[Flow]],
                 args: tuple[Any, ...]) -> set[Flow]:
        depth, outer_low, mark = len(self._active), self._low, len(self._provisional)
        seed = self._memo.get(key)  # a stale result: what a cycle back to `key` reads first
        if seed is not None:
            self._stale.discard(key)
            self._pending = [p for p in self._pending if p[0] != key]
        self._memo[key] = seed if seed is not None else set()
        self._depth[key] = depth
        self._active.append(key)
        try:
            for _round in range(MAX_ROUNDS):
                self._low, changes = _NO_CYCLE, self._changes
                result = compute(*args)
                if self._low > depth:
                    break  # in no cycle
                result = _shortest(result)
                if self._low < depth:
                    break  # in a cycle through a key outside: that key's rounds redo this
                changed = _settled(result) != _settled(self._memo[key])
                self._memo[key] = result
                if not changed and self._changes == changes:
                    break  # a fixed point
                self._stale.update(self._provisional[mark:])
                del self._provisional[mark:]
        finally:
            self._active.pop()
            del self._depth[key]
        self._memo[key] = result
        if seed is not None and _settled(result) != _settled(seed):
            self._changes += 1
        if self._low < depth:  # made from a value still settling: computed again with it
            self._provisional.append(key)
            self._low = min(outer_low, self._low)
        else:
            del self._provisional[mark:]  # made from settled values: final
            self._low = outer_low
        return result

    def diagnose(self, **kwargs: Any) -> None:
        """Hold a diagnostic (`Diagnostics.add` arguments) for the result being computed."""
        self._pending.append((self._active[-1] if self._active else None, kwargs))

    def flush(self, roots: Iterable[Hashable]) -> None:
        """Emit the held diagnostics of every result that `roots` (what targets read) used."""
        seen: set[Hashable] = set()
        stack = list(roots)
        while stack:
            key = stack.pop()
            if key not in seen:
                seen.add(key)
                stack.extend(self._uses.get(key, ()))
        for key, kwargs in self._pending:
            if key is None or key in seen:
                self._diagnostics.add(**kwargs)
        self._pending.clear()


def _key(f: Flow) -> tuple[Any, ...]:
    """A flow's source, kind and set of functions (not their order or repeats)."""
    return (f.asset, f.column, f.type, f.subtype, f.resolution, frozenset(f.functions))


def _settled(flows: set[Flow]) -> set[tuple[Any, ...]]:
    """What a round must change for a cycle to go on: one more source, kind or function."""
    return {_key(f) for f in flows}


def _shortest(flows: set[Flow]) -> set[Flow]:
    """`flows` with one flow per source, kind and set of functions: the shortest list. Each
    round through a recursive step repeats its functions (`concat(rc.path, ...)`: concat,
    concat, ...); the once-applied list says the same and keeps the rounds finite."""
    best: dict[tuple[Any, ...], Flow] = {}
    for f in flows:
        key = _key(f)
        held = best.get(key)
        if held is None or (len(f.functions), f.functions) < (len(held.functions), held.functions):
            best[key] = f
    return set(best.values())
