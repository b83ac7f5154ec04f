"""Cross-reference checks on a structurally valid catalog: every problem, with where it is.

A `Problem` carries a loc (a path into the YAML data) rather than a line, so the loader can
locate it in the file, and tests can build catalogs from plain dicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from engine.config.names import ancestors
from engine.config.spec import CatalogSpec
from engine.errors import did_you_mean

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One cross-reference problem: where (a loc into the YAML data), what, and a hint."""

    loc: Loc
    message: str
    hint: str | None = None
    at_key: bool = False


def unknown_hint(name: str, known: Iterable[str], section: str) -> str:
    """Return "did you mean 'x'?" or, failing a close match, where to declare the name."""
    known = sorted(set(known))
    if not known:
        return f"no {section} are declared in the catalog"
    return did_you_mean(name, known) or f"declare it under '{section}' in the catalog"


def implied_tags(tags: Iterable[str]) -> frozenset[str]:
    """Return the tags with every dotted parent added (`pii.email` implies `pii`)."""
    return frozenset(a for t in tags for a in ancestors(t))


def glob_problem(glob: str) -> str | None:
    """Return why `glob` is not a usable asset glob, or None."""
    if not glob.strip():
        return "an empty glob matches nothing"
    if any(ch.isspace() for ch in glob):
        return f"glob '{glob}' contains whitespace; asset ids never do"
    if glob.count("[") != glob.count("]"):
        return f"glob '{glob}' has an unbalanced '[' or ']'"
    return None


def check_catalog(spec: CatalogSpec) -> list[Problem]:
    """Return every cross-reference problem of the catalog, in file order."""
    return [*_check_assets(spec), *_check_tags(spec), *_check_globs(spec)]


def _check_assets(spec: CatalogSpec) -> Iterator[Problem]:
    for name, asset in spec.assets.items():
        if asset.owner is not None and spec.teams is not None and asset.owner not in spec.teams:
            yield Problem(("assets", name, "owner"),
                          f"unknown team '{asset.owner}' as owner of asset '{name}'",
                          unknown_hint(asset.owner, spec.teams, "teams"))
        if asset.zone is not None and asset.zone not in spec.zones:
            yield Problem(("assets", name, "zone"),
                          f"unknown zone '{asset.zone}' for asset '{name}'",
                          unknown_hint(asset.zone, spec.zones, "zones"))


def _tag_uses(spec: CatalogSpec) -> Iterator[tuple[Loc, str, str]]:
    """Yield (loc, tag, where it is used) for every tag the catalog names outside `tags`."""
    for name, asset in spec.assets.items():
        for i, tag in enumerate(asset.tags):
            yield ("assets", name, "tags", i), tag, f"on asset '{name}'"
        for col, column in (asset.columns or {}).items():
            for i, tag in enumerate(column.tags):
                yield ("assets", name, "columns", col, "tags", i), tag, \
                    f"on column '{col}' of asset '{name}'"
        for i, entry in enumerate(asset.declassify):
            yield ("assets", name, "declassify", i, "tag"), entry.tag, \
                f"in declassify entry #{i + 1} of asset '{name}'"
    for team, team_spec in (spec.teams or {}).items():
        for i, tag in enumerate(team_spec.clearance):
            yield ("teams", team, "clearance", i), tag, f"in the clearance of team '{team}'"
    for fn, repl in spec.propagation.masking.items():
        if repl is not None:
            yield ("propagation", "masking", fn), repl, \
                f"as masking result of '{fn}' in propagation"
    for tag_name, tag_spec in (spec.tags or {}).items():
        for fn, repl in tag_spec.masking.items():
            if repl is not None:
                yield ("tags", tag_name, "masking", fn), repl, \
                    f"as masking result of '{fn}' in tag '{tag_name}'"


def _check_tags(spec: CatalogSpec) -> Iterator[Problem]:
    if spec.tags is None:
        return  # without a `tags` section, tags are free-form labels
    known = implied_tags(spec.tags)
    for loc, tag, where in _tag_uses(spec):
        if tag not in known:
            yield Problem(loc, f"unknown tag '{tag}' {where}", unknown_hint(tag, known, "tags"))


def _check_globs(spec: CatalogSpec) -> Iterator[Problem]:
    for zone, zone_spec in spec.zones.items():
        for i, glob in enumerate(zone_spec.assets):
            why = glob_problem(glob)
            if why:
                yield Problem(("zones", zone, "assets", i), f"invalid glob in zone '{zone}': {why}")
    for key in ("sql", "exclude"):
        for i, glob in enumerate(getattr(spec.sources, key)):
            if not glob.strip():
                yield Problem(("sources", key, i), f"empty glob in 'sources.{key}'")
