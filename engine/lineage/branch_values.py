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

from engine.lineage.scripting import Branch, Branches
from engine.lineage.session import NULL, Held, either


class BranchValues:
    """The branches of one script's (or body's) control flow, what the variables held when
    each began, and the variables set in those that have not ended yet."""

    def __init__(self, branches: Branches = ()) -> None:
        self.branches = tuple(sorted(branches))
        self._next = 0  # the first branch not begun yet
        self._open: dict[Branch, dict[str, Held | None]] = {}  # what was held as each began
        self._pending: dict[Branch, set[str]] = {}  # the variables each open branch set

    def leave(self, at: tuple[int, int], strings: dict[str, Held | None]) -> None:
        """Before the statement at `at` (line, column): merge what each branch that ended
        before it set, and note what is held as each branch it is in begins."""
        # innermost first: an inner branch ends no later than the one around it
        for branch in sorted((b for b in self._open if b[1] < at),
                             key=lambda b: (b[1], _later_first(b[0]))):
            held = self._open.pop(branch)
            for name in self._pending.pop(branch, ()):
                strings[name] = either([held.get(name, NULL), strings.get(name, NULL)])
        while self._next < len(self.branches) and self.branches[self._next][0] <= at:
            branch = self.branches[self._next]
            if at <= branch[1]:  # (one with no statement in it is passed)
                self._open[branch] = dict(strings)
            self._next += 1

    def set_on(self, at: tuple[int, int], names: set[str]) -> None:
        """The statement at `at` set the variables `names`: if it is in a branch, they are
        merged with what they held as it began when it ends (`leave`)."""
        if not names:
            return
        inside = list(self._open)  # (`leave` has just opened those it is in)
        if inside:
            innermost = min(inside, key=lambda b: (_later_first(b[0]), b[1]))
            self._pending.setdefault(innermost, set()).update(names)

    def forget(self) -> None:
        """The variables' values are gone (a T-SQL batch ended, a routine began or ended)."""
        self._pending.clear()
        self._open = {branch: {} for branch in self._open}


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
