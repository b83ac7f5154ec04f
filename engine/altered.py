"""A table that later files ALTER or create again: the columns each task sees of it.

A migration history (Flyway's `V1__create_users.sql`, `V2__add_email.sql`, a `CREATE OR
REPLACE VIEW` in `V7`, ...) changes a table file by file, so each task must see the table as
the files before it left it. The run's
schema holds the table's final columns as an `AlteredColumns`, which also says what each task
sees (`at`). "Before" is task order (path order) rotated to start at the table's definer: a
file that sorts before its definer (`marts/` before `staging/`) cannot run before the table
exists, so it sees the table after every ALTER from the definer on. No task's view depends on
its own ALTERs, so the run's fixed point exists; settling it takes a pass per link of the
longest chain of ALTERs that the first extraction saw out of order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from typing import Any


class AlteredColumns(dict[str, str]):
    """A table's final columns (the dict itself), and the columns each task sees (`at`).

    `first` is the definer's columns; `steps` are (rotated position, columns after that task's
    ALTERs), ascending; positions rotate by `start` (the definer's) modulo `size` (the tasks).
    Equal only to an `AlteredColumns` with the same views: a table whose versions moved has
    moved for the run (`extraction` compares schemas to find what to check again).
    """

    __slots__ = ("first", "steps", "start", "size", "_keys")

    def __init__(self, first: Mapping[str, str], steps: Sequence[tuple[int, Mapping[str, str]]],
                 start: int, size: int) -> None:
        super().__init__(steps[-1][1])
        self.first = first
        self.steps = tuple(steps)
        self.start = start
        self.size = size
        self._keys = [k for k, _ in self.steps]

    def at(self, position: int) -> Mapping[str, str]:
        """The columns the task at `position` (its place in task order) sees."""
        i = bisect_left(self._keys, (position - self.start) % self.size)
        return self.steps[i - 1][1] if i else self.first

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, AlteredColumns) and dict.__eq__(self, other)
                and (self.first, self.steps, self.start, self.size)
                == (other.first, other.steps, other.start, other.size))

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return AlteredColumns, (self.first, self.steps, self.start, self.size)

    def __repr__(self) -> str:
        return f"AlteredColumns({dict(self)!r}, first={self.first!r}, steps={self.steps!r})"


def columns_for(
    definer: int, first: Mapping[str, str], alterers: Mapping[int, Mapping[str, str]], size: int,
) -> Mapping[str, str]:
    """The run schema's entry for a table the task at `definer` defines with `first`, which
    the tasks at `alterers`' positions leave with their columns: `first` itself if none does."""
    steps = sorted(((p - definer) % size, c) for p, c in alterers.items() if p != definer)
    return AlteredColumns(first, steps, definer, size) if steps else first


def view(columns: Mapping[str, str], position: int | None) -> Mapping[str, str]:
    """What the task at `position` sees of a table the run's schema holds as `columns`
    (the final columns where its position is not known)."""
    if position is not None and type(columns) is AlteredColumns:
        return columns.at(position)
    return columns
