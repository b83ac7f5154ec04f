"""What a variable holds after control flow whose branches may or may not run.

Statements are analysed in file order, and within a branch a SET replaces what the variable
held (`SET @s = ...; EXEC (@s)` runs that SET's SQL). After the branch, either may be held:
what was held when the branch began, or what the branch left (`session.either`), so an
`EXEC (@s)` after `IF ... SET @s = 'A' ELSE SET @s = 'B'` may run either literal. For control
flow a script blanks (`scripting.Script.branches`) a branch is known by where it begins and
ends: a value a branch set is merged when the first statement after its end is analysed; for a
block sqlglot parses (a T-SQL `IF ... BEGIN ... END ELSE ...;`), by its parts
(`merged_branches`). A variable not set on a path (NULL, or set before the file) adds no SQL.
"""

from __future__ import annotations

from typing import NamedTuple

from engine.lineage.scripting import Branches
from engine.lineage.session import NULL, Held, either


class _Pending(NamedTuple):
    name: str
    before: Held | None  # what the variable held when the branch began
    branch: tuple[tuple[int, int], tuple[int, int]]


class BranchValues:
    """The branches of one script's (or body's) control flow, and the variables set in them
    whose branch has not ended yet."""

    def __init__(self, branches: Branches = ()) -> None:
        self.branches = branches
        self._pending: list[_Pending] = []

    def leave(self, at: tuple[int, int], strings: dict[str, Held | None]) -> None:
        """Before the statement at `at` (line, column): merge what each branch that ended
        before it set."""
        if not self._pending:
            return
        # innermost first: an inner branch ends no later than the one around it
        ended = sorted((p for p in self._pending if p.branch[1] < at),
                       key=lambda p: (p.branch[1], _later_first(p.branch[0])))
        for pending in ended:
            self._pending.remove(pending)
            strings[pending.name] = either([pending.before, strings.get(pending.name, NULL)])

    def set_on(self, at: tuple[int, int], before: dict[str, Held | None]) -> None:
        """The statement at `at` set the variables `before` names (with what each held, NULL if
        unset): if it is in a branch, they are merged when that branch ends (`leave`)."""
        inside = [b for b in self.branches if b[0] <= at <= b[1]]
        if not inside or not before:
            return
        branch = min(inside, key=lambda b: (_later_first(b[0]), b[1]))  # the innermost
        waiting = {(p.name, p.branch) for p in self._pending}
        self._pending.extend(
            _Pending(name, value, branch)
            for name, value in before.items() if (name, branch) not in waiting
        )

    def forget(self) -> None:
        """The variables' values are gone (a T-SQL batch ended, a routine began or ended)."""
        self._pending.clear()


def _later_first(at: tuple[int, int]) -> tuple[int, int]:
    return -at[0], -at[1]


def merged_branches(
    before: dict[str, Held | None], branches: list[dict[str, Held | None]], every_path: bool
) -> dict[str, Held | None]:
    """The values after a block sqlglot parsed whose `branches` (the values each left) may run
    (`every_path`: one of them always runs, an IF with an ELSE; else maybe none does)."""
    states = branches if every_path else [before, *branches]
    names = {name for state in states for name in state}
    return {name: either([state.get(name, NULL) for state in states]) for name in names}
