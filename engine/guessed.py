"""A table whose columns the run only guessed: a lower bound, never the table's list.

A table that neither the catalog nor any CREATE defines takes its columns from the first file,
in task order, that writes some (an INSERT's column list or output names, a MERGE's INSERT
branch). Those are the columns that file wrote, not all the table has: a later `UPDATE t SET
... WHERE executionid = 1` may name another. The run's schema holds such a table's columns as a
`GuessedColumns`, so that every file reads them as the writing file itself does (a name they
lack is still the table's), whichever wave or settling pass extracted it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.altered import AlteredColumns


class GuessedColumns(dict[str, str]):
    """Columns guessed from what a write wrote (the dict itself). Equal only to guessed columns:
    a table whose definition became a CREATE's with the same names has moved for the run (the
    lineage stage compares schemas to find what to check again)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GuessedColumns) and dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:  # shipped to workers, kept in a run's state
        return GuessedColumns, (dict(self),)

    def __repr__(self) -> str:
        return f"GuessedColumns({dict(self)!r})"


def is_guess(columns: Mapping[str, str] | None) -> bool:
    """True if the run's schema holds these columns as a guess, a table later files ALTER
    included (its versions are guesses when its definer's columns are)."""
    if type(columns) is AlteredColumns:
        columns = columns.first
    return type(columns) is GuessedColumns


def guessed(columns: Mapping[str, str]) -> GuessedColumns:
    """`columns` as a guess."""
    return columns if type(columns) is GuessedColumns else GuessedColumns(columns)
