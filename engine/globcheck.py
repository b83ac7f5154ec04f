"""Globs that match nothing: a zone, selector `name` or waiver glob no asset (or task file)
matches is legal (the asset may come later) but usually a typo that makes a policy vacuous,
so runs warn about it, with where the glob is written and the name it may have meant."""

from __future__ import annotations

import bisect
import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from engine.errors import did_you_mean

_WILD = "*?["


@dataclass(frozen=True)
class LocatedGlob:
    """A glob as written: its file and line, what it is (`zone 'export'`), and the glob."""

    path: str
    line: int | None
    what: str
    glob: str
    of_paths: bool = False  # a waiver glob naming task files, not asset ids


class Names:
    """Sorted names that answer "does any match this glob?" by the glob's literal prefix: a
    bisect and, mostly, one fnmatch, instead of matching every name (100k assets)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(set(names))

    def any_match(self, glob: str) -> bool:
        """True when some name matches `glob` (case-sensitive, like the callers' fnmatchcase)."""
        cut = min((glob.find(c) for c in _WILD if c in glob), default=len(glob))
        prefix = glob[:cut]
        i = bisect.bisect_left(self.names, prefix)
        for name in self.names[i:]:
            if not name.startswith(prefix):
                return False
            if fnmatch.fnmatchcase(name, glob):
                return True
        return False

    def hint(self, glob: str) -> str | None:
        """A "did you mean" for a glob that matched nothing: a name for a literal glob, else a
        glob of the same shape over a schema that exists (`export.*` -> `exports.*`)."""
        if not any(c in glob for c in _WILD):
            return did_you_mean(glob, self.names)
        head, dot, tail = glob.partition(".")
        if not dot or any(c in head for c in _WILD):
            return None
        schemas = {n.partition(".")[0] for n in self.names}
        hint = did_you_mean(head, schemas)
        return hint and f"did you mean '{hint.split(chr(39))[1]}.{tail}'?"


def unmatched(globs: Sequence[LocatedGlob], assets: Iterable[str],
              task_paths: Iterable[str] = ()) -> list[str]:
    """Return a warning per glob of `globs` that matches no asset id (or, for a path glob, no
    task path), in the order given: `path:line: zone 'x' glob 'y' matches no asset (hint)`."""
    if not globs:
        return []
    names = {False: Names(assets), True: Names(task_paths)}
    out = []
    for g in globs:
        pool = names[g.of_paths]
        if pool.any_match(g.glob):
            continue
        where = f"{g.path}:{g.line}" if g.line else g.path
        kind = "task file" if g.of_paths else "asset"
        hint = pool.hint(g.glob)
        out.append(f"{where}: {g.what} glob '{g.glob}' matches no {kind}"
                   + (f" ({hint})" if hint else ""))
    return out
