"""The catalog's rule function names, read as the dialect's parser reads them: rule conflicts.

Checked here rather than by the catalog loader, which may not import sqlglot (layers): two
keys of one rule map that mean the same function (`sha256` and `sha512` are both `sha2` in
Postgres) with different results would otherwise be decided by YAML order.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.config.catalog import Catalog
from engine.errors import InputError
from engine.lineage import canonical_function

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
