"""What a variable holds after control flow whose arms may or may not run.

Statements are analysed in file order, and within an arm a SET replaces what the variable held
(`SET @s = ...; EXEC (@s)` runs that SET's SQL). Each arm of a fork (`scripting.Fork`: an IF's
THEN and ELSE, a CASE statement's WHENs, a loop's body, an exception handler) begins with what
was held before the fork; after it, a variable holds any value a path may leave
(`session.either`): after `IF ... SET @s = 'A' ELSE SET @s = 'B'`, `EXEC (@s)` may run either
literal; after an IF without ELSE, or a loop, the value before it too. For control flow a
script blanks, forks are known by where their arms begin and end, and the values are switched
and merged as the statements after those places are reached (`BranchValues`); a block sqlglot
parses (a T-SQL `IF ... BEGIN ... END ELSE ...;`) is merged by its parts (`merged_branches`).
A variable not set on a path (NULL, or set before the file) adds no SQL; one a statement made
unknown (a `CALL p()` may set it) makes the merged value unknown.
"""

from __future__ import annotations

from engine.lineage.scripting import Branches, Fork, Position
from engine.lineage.session import NULL, Held, either

# What a fork's places mean (`BranchValues`), in the order they are met at one position.
_BEGIN, _ARM, _END = 0, 1, 2


class _Open:
    """A fork being read: what was held as it began, what each arm before the current one
    left, and the variables its arms set."""

    def __init__(self, before: dict[str, Held | None]) -> None:
        self.before = before
        self.arms: list[dict[str, Held | None]] = []
        self.names: set[str] = set()


class BranchValues:
    """The forks of one script's (or body's) control flow, followed statement by statement."""

    def __init__(self, forks: Branches = ()) -> None:
        places: list[tuple[Position, int, tuple[int, int], Fork, int]] = []
        for fork in forks:
            # at one position: forks begin outer first, end inner first
            places.append((fork.first, _BEGIN, _outer_first(fork), fork, 0))
            places += [(arm[0], _ARM, _outer_first(fork), fork, k)
                       for k, arm in enumerate(fork.arms) if k]
            places.append((fork.last, _END, _later_first(fork), fork, 0))
        self._places = sorted(places, key=lambda p: p[:3])
        self._next = 0
        self._open: dict[Fork, _Open] = {}
        self._stack: list[Fork] = []  # the forks open, innermost last

    def leave(self, at: Position, strings: dict[str, Held | None]) -> None:
        """Before the statement at `at`: begin, switch arms of and end the forks whose places
        it has reached (a fork ends after its last token)."""
        while self._next < len(self._places):
            where, what, _, fork, arm = self._places[self._next]
            if where > at or what == _END and where == at:
                return
            self._next += 1
            if what == _BEGIN:
                self._open[fork] = _Open(dict(strings))
                self._stack.append(fork)
            elif fork in self._open:
                self._switch(fork, strings, ended=what == _END)

    def _switch(self, fork: Fork, strings: dict[str, Held | None], ended: bool) -> None:
        state = self._open[fork]
        state.arms.append({name: strings.get(name, NULL) for name in state.names})
        if not ended:  # the next arm begins with what was held before the fork
            for name in state.names:
                strings[name] = state.before.get(name, NULL)
            return
        del self._open[fork]
        self._stack.remove(fork)
        merged = merged_branches(state.before, state.arms, fork.every_path)
        strings.update(merged)
        if self._stack:  # what the fork set, the arm around it set
            self._open[self._stack[-1]].names.update(merged)

    def set_on(self, names: set[str]) -> None:
        """The statement just begun (`leave`) set the variables `names`."""
        if names and self._stack:
            self._open[self._stack[-1]].names.update(names)

    def forget(self) -> None:
        """The variables are gone (a T-SQL batch ended, a routine began or ended): the forks
        open have nothing to merge."""
        self._open.clear()
        self._stack.clear()


def _outer_first(fork: Fork) -> tuple[int, int]:
    return -fork.last[0], -fork.last[1]


def _later_first(fork: Fork) -> tuple[int, int]:
    return -fork.first[0], -fork.first[1]


def merged_branches(
    before: dict[str, Held | None], arms: list[dict[str, Held | None]], every_path: bool
) -> dict[str, Held | None]:
    """The values after a fork whose `arms` (the values each left of the variables it set;
    one it did not set holds what it held `before`) may run (`every_path`: one of them always
    runs, an IF with an ELSE; else maybe none does, and what was held before may be held
    after it)."""
    states = arms if every_path else [before, *arms]
    names = {name for arm in arms for name in arm}
    return {
        name: either([state.get(name, before.get(name, NULL)) for state in states])
        for name in names
    }
