"""The catalog's rule function names, read as the dialect's parser reads them: rule conflicts
and likely typos.

Checked here rather than by the catalog loader, which may not import sqlglot (layers): two
keys of one rule map that mean the same function (`sha256` and `sha512` are both `sha2` in
Postgres) with different results would otherwise be decided by YAML order, and a misspelt
rule (`sah2`) would silently apply to nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from engine.config.catalog import Catalog
from engine.errors import InputError
from engine.lineage import canonical_function, known_functions

CONFLICT_HINT = ("keep one of them: a rule names a function the way the dialect's parser "
                 "does, see docs/syntax.md")


def rule_errors(catalog: Catalog) -> tuple[InputError, ...]:
    """An error per pair of keys of one masking or aggregation map that cover a common
    function with different results, neither covering only part of what the other does (then
    the narrower one decides it: `canonical_map`)."""
    return tuple(_conflicts(catalog))


def _conflicts(catalog: Catalog) -> Iterator[InputError]:
    dialect = catalog.dialect
    for loc, where, rules in catalog.rule_maps():
        seen: list[tuple[str, frozenset[str]]] = []
        for name, value in rules.items():
            names = frozenset(canonical_function(name, dialect))
            for other, others in seen:
                common = names & others
                if not common or rules[other] == value or names < others or others < names:
                    continue
                line, col = catalog.rule_keys.get((*loc, name), (None, None))
                yield InputError(
                    catalog.display_path,
                    f"'{other}' and '{name}' in {where} both mean '{min(common)}' "
                    f"in {dialect or 'the default dialect'}, with different results "
                    f"({_shown(rules[other])} and {_shown(value)})",
                    line=line, col=col, hint=CONFLICT_HINT)
            seen.append((name, names))


def _shown(value: object) -> str:
    return "null" if value is None else str(value)


def rule_warnings(catalog: Catalog, called: Callable[[], Iterable[str]]) -> list[str]:
    """A warning per rule function name that looks like a typo: no SQL of the run calls it,
    sqlglot does not know it, and it is one edit (two, for a name of 8 letters or more) from a
    function sqlglot knows in the dialect or one the run calls (`sah2`: did you mean 'sha2'?).

    A name sqlglot does not know may be the user's own function (`mask_email`), so an unknown
    name alone is no warning. `called` gives the function names on the run's edges; it is
    asked only when some rule name is unknown to sqlglot.
    """
    dialect = catalog.dialect
    known = known_functions(dialect)
    written = [(loc, name, where) for loc, name, where in _rule_names(catalog)
               if name not in known]
    if not written:
        return []
    calls = frozenset(called())
    out = []
    for loc, name, where in written:
        if calls.intersection(canonical_function(name, dialect)):
            continue
        match = _one_typo_from(name, sorted(known | calls))
        if match is None:
            continue
        line = catalog.rule_keys.get(loc, (None, None))[0]
        at = f"{catalog.display_path}:{line}" if line else catalog.display_path
        out.append(f"{at}: '{name}' {where} names a function no SQL of the run calls "
                   f"(did you mean '{match}'?)")
    return out


def _rule_names(catalog: Catalog) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(loc, name, where) of every function name the catalog's rules write."""
    for i, name in enumerate(catalog.spec.masking_functions):
        yield ("masking_functions", i), name, "in masking_functions"
    for loc, where, rules in catalog.rule_maps():
        for name in rules:
            yield (*loc, name), name, f"in {where}"


def _one_typo_from(name: str, choices: Iterable[str]) -> str | None:
    """The first of `choices` within the edit distance `rule_warnings` allows, or None."""
    limit = 2 if len(name) >= 8 else 1
    return next((c for c in choices if c != name and abs(len(c) - len(name)) <= limit
                 and edit_distance(name, c) <= limit), None)


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
    two neighbours (`sah2` -> `sha2`) cost one each."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, prev2[j - 2] + 1)
            row.append(cost)
        prev2, prev = prev, row
    return prev[-1]
