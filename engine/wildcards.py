"""The tables a BigQuery wildcard (`ds.events_*`) reads: every table whose id has its prefix.

A task's lineage names the wildcards it read (`TaskLineage.watched`), so the stages that decide
what to ship a task, whether its cached lineage still holds and whom a new table affects look
the prefix up in the run's table names. Those are up to millions, so they are sorted once, on
the first lookup, and each lookup is a binary search.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable


def is_wildcard(name: str) -> bool:
    """True if the table id `name` is a BigQuery wildcard (`ds.events_*`)."""
    return name.endswith("*")


def matches(wildcard: str, name: str) -> bool:
    """True if the wildcard reads the table `name` (a wildcard reads no other wildcard)."""
    return name.startswith(wildcard[:-1]) and not is_wildcard(name)


class WildcardIndex:
    """Table names, looked up by the wildcards that read them."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names = names
        self._sorted: list[str] | None = None

    def matching(self, wildcard: str) -> list[str]:
        """Return the names `wildcard` reads, sorted."""
        if self._sorted is None:
            self._sorted = sorted(n for n in self._names if not is_wildcard(n))
        prefix = wildcard[:-1]
        found = []
        for name in self._sorted[bisect_left(self._sorted, prefix):]:
            if not name.startswith(prefix):
                break
            found.append(name)
        return found
