"""Globs that match nothing: a zone, selector `name` or waiver glob no asset (or task file)
matches is legal (the asset may come later) but usually a typo that makes a policy vacuous,
so runs warn about it, with where the glob is written and the name it may have meant."""

from __future__ import annotations

import bisect
import fnmatch
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from engine.errors import closest

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
    bisect and, mostly, one fnmatch, instead of matching every name (100k assets). `sep`
    splits a name into its schema (or directory) and the rest."""

    def __init__(self, names: Iterable[str], sep: str = ".") -> None:
        self.names = sorted(set(names))
        self.sep = sep

    def any_match(self, glob: str) -> bool:
        """True when some name matches `glob` (case-sensitive, like the callers' fnmatchcase)."""
        cut = min((glob.find(c) for c in _WILD if c in glob), default=len(glob))
        return any(fnmatch.fnmatchcase(name, glob) for name in self._starting(glob[:cut]))

    def hint(self, glob: str) -> str | None:
        """A "did you mean" for a glob that matched nothing: for a literal glob, the closest
        name in its schema (or directory; difflib over 100k names took seconds a glob), else a
        glob of the same shape over a schema that exists (`export.*` -> `exports.*`)."""
        if not any(c in glob for c in _WILD):
            group, sep, _ = glob.rpartition(self.sep)
            match = closest(glob, self._starting(group + sep)) if sep else None
            if match:
                return f"did you mean '{match}'?"
        head, dot, tail = glob.partition(".")
        if self.sep != "." or not dot or any(c in head for c in _WILD):
            return None
        schema = closest(head, self._schemas)
        return f"did you mean '{schema}.{tail}'?" if schema and schema != head else None

    def _starting(self, prefix: str) -> Iterator[str]:
        for name in self.names[bisect.bisect_left(self.names, prefix):]:
            if not name.startswith(prefix):
                return
            yield name

    @cached_property
    def _schemas(self) -> set[str]:
        return {n.partition(".")[0] for n in self.names}


def unmatched(globs: Sequence[LocatedGlob], assets: Iterable[str],
              task_paths: Iterable[str] = (),
              depth: Callable[[], int | None] | None = None) -> list[str]:
    """Return a warning per glob of `globs` that matches no asset id (or, for a path glob, no
    task path), in the order given: `path:line: zone 'x' glob 'y' matches no asset (hint)`.
    `depth`: gives the number of parts SQL's table names are given (`engine.lineage.naming`),
    asked only for a glob that matches nothing and has no other hint."""
    if not globs:
        return []
    pools: dict[bool, Names] = {}  # each built (sorted) only when a glob of its kind is met
    out = []
    for g in globs:
        if g.of_paths not in pools:
            pools[g.of_paths] = Names(task_paths, "/") if g.of_paths else Names(assets)
        pool = pools[g.of_paths]
        if pool.any_match(g.glob):
            continue
        where = f"{g.path}:{g.line}" if g.line else g.path
        kind = "task file" if g.of_paths else "asset"
        hint = pool.hint(g.glob) or (
            None if g.of_paths or depth is None else _cut_hint(g.glob, depth())
        )
        out.append(f"{where}: {g.what} glob '{g.glob}' matches no {kind}"
                   + (f" ({hint})" if hint else ""))
    return out


def _cut_hint(glob: str, depth: int | None) -> str | None:
    """Why a glob with more parts than SQL's names have matches nothing: they were cut."""
    parts = glob.split(".")
    if depth is None or len(parts) <= depth:
        return None
    database = ".".join(parts[:len(parts) - depth])
    if any(c in database for c in _WILD):
        return None
    plural = "s" if depth > 1 else ""
    return (f"SQL's table names are given the catalog's {depth} part{plural}, so those in "
            f"'{database}' lose it: name the catalog's assets with their database")
