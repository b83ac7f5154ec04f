"""The engine's exception tree. Findings are never exceptions; these are for bad input and failures.

::

    EngineError
      InputError        one problem in user input: path, line, col, message, hint
      InputErrors       many InputError, sorted by (path, line); raised once per phase
      GraphStoreError   Kùzu failed (wraps the Cypher and the cause)
      BaseRunError      --base could not be read / evaluated
      OutputError       a report or export could not be written (path and reason)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


class InputError(EngineError):
    """One problem in user input, located at file:line with a hint on what to do."""

    def __init__(
        self,
        path: str,
        message: str,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.col = col
        self.message = message
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        """`catalog.yaml:14:5: unknown key 'ownr' (did you mean 'owner'?)`."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line or 0, self.col or 0, self.message)


def bad_byte(path: str, raw: bytes, start: int, what: str, hint: str) -> InputError:
    """The error for a byte a file may not hold (`what`: "not valid UTF-8", "a NUL byte"), at
    byte `start` of `raw`: its line and column are counted in characters of the valid text
    before it."""
    before = raw[:start].decode("utf-8")  # valid: the decoder stopped at `start`
    col = len(before) - (before.rfind("\n") + 1) + 1
    return InputError(path, f"{what} at byte {start}", line=before.count("\n") + 1, col=col,
                      hint=hint)


class InputErrors(EngineError):
    """Every input error of a phase, collected and raised once."""

    def __init__(self, errors: Iterable[InputError]) -> None:
        self.errors: tuple[InputError, ...] = tuple(sorted(errors, key=InputError.sort_key))
        super().__init__("\n".join(e.render() for e in self.errors))


class GraphStoreError(EngineError):
    """Kùzu failed; carries the Cypher that failed."""

    def __init__(self, message: str, cypher: str | None = None) -> None:
        self.cypher = cypher
        super().__init__(message + (f"\n  query: {cypher}" if cypher else ""))


class BaseRunError(EngineError):
    """The --base revision could not be read or evaluated."""


class OutputError(EngineError):
    """A report or export file could not be written; `replaced` files of the set were replaced
    before it failed (0 but when the file system fails between checks and renames)."""

    def __init__(self, path: Path, reason: str, replaced: int = 0) -> None:
        self.path = path
        self.reason = reason
        self.replaced = replaced
        super().__init__(f"cannot write {path}: {reason}")


def closest(word: str, choices: Iterable[str]) -> str | None:
    """Return the choice closest to `word` (a likely typo of it), or None."""
    import difflib

    match = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return a "did you mean 'x'?" hint for the closest choice, or None."""
    match = closest(word, choices)
    return f"did you mean '{match}'?" if match else None
