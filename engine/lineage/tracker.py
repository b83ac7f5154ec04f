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


class Tracker:
    """Memo of flow sets by key, with the keys each computation read and pending diagnostics."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        self._diagnostics = diagnostics
        self._memo: dict[Hashable, set[Flow] | None] = {}
        self._active: list[Hashable] = []
        self._uses: dict[Hashable, set[Hashable]] = {}
        self._pending: list[tuple[Hashable | None, dict[str, Any]]] = []

    def get(self, key: Hashable, compute: Callable[..., set[Flow]], *args: Any) -> set[Flow]:
        """Return the memoised result for `key`, computing it once (`compute(*args)`: no
        closure per call on this hot path); a cycle reads as empty."""
        if self._active:
            self._uses.setdefault(self._active[-1], set()).add(key)
        if key in self._memo:
            return self._memo[key] or set()
        self._memo[key] = None
        self._active.append(key)
        try:
            result = compute(*args)
        finally:
            self._active.pop()
        self._memo[key] = result
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
