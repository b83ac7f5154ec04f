"""Collect the non-fatal problems met while extracting one task's lineage."""

from __future__ import annotations

from sqlglot import exp

from engine.lineage.parse import node_position
from engine.models import Diagnostic, DiagnosticCode, Location


class Diagnostics:
    """A per-task sink of `Diagnostic`s, located in the file, deduplicated, in order."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Diagnostic] = []
        self._seen: set[tuple[object, ...]] = set()
        self._at = (1, 1)
        self._target: str | None = None
        # statements, or parts of them, whose effect is unknown (`parse-error`,
        # `unsupported-statement`), counted as added (a later withdrawal does not uncount one)
        self.unknown = 0

    def statement(self, line: int, column: int, target: str | None) -> None:
        """Set where the statement being analysed starts and what it writes (the default asset)."""
        self._at = (line, column)
        self._target = target

    def discard(self, items: list[Diagnostic]) -> None:
        """Withdraw diagnostics already recorded (`items`, by identity)."""
        gone = {id(d) for d in items}
        self.items = [d for d in self.items if id(d) not in gone]

    def add(
        self,
        code: DiagnosticCode,
        message: str,
        node: exp.Expr | None = None,
        asset: str | None = None,
        column: str | None = None,
        at: tuple[int, int] | None = None,
    ) -> None:
        """Record a diagnostic at `node`'s position (or the statement's), once."""
        line, col = at or (node_position(node, self._at) if node is not None else self._at)
        if asset is None and code in ("unresolved-column", "ambiguous-column"):
            asset = self._target  # the asset whose column lineage is incomplete
        if code in ("parse-error", "unsupported-statement"):
            self.unknown += 1
        key = (code, line, asset, column, message)
        if key in self._seen:
            return
        self._seen.add(key)
        location = Location(path=self.path, line=line, column=col)
        self.items.append(
            Diagnostic(code=code, message=message, location=location, asset=asset, column=column)
        )
