"""The loaded catalog: facts about assets, tags, teams and zones, and the questions asked of them.

`load_catalog(path)` reads `catalog.yaml` (minimal or full form, docs/syntax.md), checks every
cross-reference, and returns a `Catalog`; all problems are raised at once as `InputErrors`.
"""

from __future__ import annotations

import copy
import fnmatch
import hashlib
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import pydantic

from engine.codeversion import engine_code_version
from engine.config.checks import check_catalog, implied_tags
from engine.config.names import ancestors
from engine.config.spec import (
    AssetSpec,
    CatalogSpec,
    PropagationSpec,
    TagSpec,
    TeamSpec,
    ZoneSpec,
)
from engine.errors import InputError, InputErrors
from engine.globcheck import LocatedGlob
from engine.models import AssetInfo, ColumnInfo, TagInfo, tag_is_under
from engine.usercache import PickleStore
from engine.yamlio import (
    PARSER_VERSION,
    YamlDocument,
    decode_text,
    parse_yaml,
    read_bytes,
    validate,
)

__all__ = ["Catalog", "RuleMaps", "TagRule", "catalog_from_data", "load_catalog"]

CATALOG_FILE = "catalog.yaml"
MISSING_HINT = "create catalog.yaml (see docs/syntax.md), or run from the project directory"


class _Unmatched:
    """`_flag`'s default: the asset's zone is not matched yet (None is a zone: no zone)."""


_UNMATCHED = _Unmatched()


@dataclass(frozen=True)
class TagRule:
    """A tag's effective propagation rules after inheritance (defaults, ancestors, itself)."""

    masking: Mapping[str, str | None]
    aggregation: Mapping[str, Literal["keep", "drop"]]
    indirect: bool


@dataclass(frozen=True)
class RuleMaps:
    """One level's masking and aggregation maps (`Catalog.rule_levels`), names as written."""

    masking: Mapping[str, str | None]
    aggregation: Mapping[str, Literal["keep", "drop"]]


@dataclass(frozen=True, eq=False)
class Catalog:
    """A validated catalog with its location; answers zone, flag, rule and clearance questions."""

    path: Path
    spec: CatalogSpec
    display_path: str = "catalog.yaml"
    asset_lines: Mapping[str, int] = field(default_factory=dict)
    # ("sql" | "exclude", index) -> line of that `sources` pattern, for "matches no file"
    source_lines: Mapping[tuple[str, int], int] = field(default_factory=dict)
    # (zone, index) -> line of that zone glob, for "matches no asset"
    zone_lines: Mapping[tuple[str, int], int] = field(default_factory=dict)
    # (line, column) of the `dialect` value, for "unknown dialect" (checked by the pipeline:
    # only the lineage layer may ask sqlglot)
    dialect_at: tuple[int | None, int | None] = (None, None)
    # loc of a rule map's key (`rule_maps`) or a `masking_functions` entry -> its (line, column),
    # for errors and warnings about function names (checked by the pipeline: sqlglot again)
    rule_keys: Mapping[tuple[str | int, ...], tuple[int | None, int | None]] = field(
        default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        # Pickle the fields only (worker processes get the catalog): caches are rebuilt lazily,
        # and the read-only mapping proxies in them cannot be pickled.
        return {f.name: self.__dict__[f.name] for f in fields(self)}

    @property
    def root(self) -> Path:
        """The directory holding the catalog: relative paths in it start here."""
        return self.path.parent

    @property
    def dialect(self) -> str | None:
        return self.spec.dialect

    @property
    def sql_globs(self) -> tuple[str, ...]:
        return self.spec.sources.sql

    @property
    def exclude_globs(self) -> tuple[str, ...]:
        return self.spec.sources.exclude

    @property
    def graph_path(self) -> Path:
        """Absolute path of the Kùzu database (default `<root>/.lineage/graph.kuzu`)."""
        return (self.root / self.spec.graph.path).absolute()

    @property
    def buffer_pool_mb(self) -> int:
        return self.spec.graph.buffer_pool_mb

    @property
    def assets(self) -> Mapping[str, AssetSpec]:
        return self.spec.assets

    @property
    def tags(self) -> Mapping[str, TagSpec]:
        return self.spec.tags or {}

    @property
    def teams(self) -> Mapping[str, TeamSpec]:
        return self.spec.teams or {}

    @property
    def zones(self) -> Mapping[str, ZoneSpec]:
        return self.spec.zones

    def zone_globs(self) -> tuple[LocatedGlob, ...]:
        """Every zone's asset globs, located, lowercase as they are matched (`globcheck`)."""
        return tuple(LocatedGlob(self.display_path, self.zone_lines.get((zone, i)),
                                 f"zone '{zone}'", glob.lower())
                     for zone, spec in self.zones.items() for i, glob in enumerate(spec.assets))

    @property
    def tags_declared(self) -> bool:
        """True when the catalog has a `tags` section (then every tag used must be in it)."""
        return self.spec.tags is not None

    @property
    def teams_declared(self) -> bool:
        """True when the catalog has a `teams` section (then every owner must be a team)."""
        return self.spec.teams is not None

    @cached_property
    def known_tags(self) -> frozenset[str]:
        """Declared tags and their implied parents; without `tags`, every tag the catalog uses."""
        if self.spec.tags is not None:
            return implied_tags(self.spec.tags)
        used = [t for a in self.assets.values() for t in a.tags]
        columns = [c for a in self.assets.values() for c in (a.columns or {}).values()]
        used += [t for c in columns for t in c.tags]
        used += [t for team in self.teams.values() for t in team.clearance]
        return implied_tags(used)

    @cached_property
    def known_teams(self) -> frozenset[str]:
        """Declared teams; without `teams`, every owner the catalog names."""
        if self.spec.teams is not None:
            return frozenset(self.spec.teams)
        return frozenset(a.owner for a in self.assets.values() if a.owner)

    @cached_property
    def _zone_patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple(
            (zone, re.compile(fnmatch.translate(glob.lower())))
            for zone, spec in self.zones.items()
            for glob in spec.assets
        )

    def zone_of(self, asset_id: str) -> str | None:
        """Return the asset's explicit zone, else the first zone (file order) whose glob matches."""
        asset = self.assets.get(asset_id)
        if asset is not None and asset.zone is not None:
            return asset.zone
        return next((z for z, pat in self._zone_patterns if pat.match(asset_id)), None)

    def _flag(self, asset_id: str, flag: Literal["source", "sink"],
              zone: str | None | _Unmatched = _UNMATCHED) -> bool:
        # An explicit asset flag wins (`sink: false` in a sink zone), else the zone's flag.
        asset = self.assets.get(asset_id)
        own = getattr(asset, flag) if asset is not None else None
        if own is not None:
            return bool(own)
        if isinstance(zone, _Unmatched):
            zone = self.zone_of(asset_id)
        return bool(zone is not None and zone in self.zones and getattr(self.zones[zone], flag))

    def placement(self, asset_id: str) -> tuple[str | None, bool, bool]:
        """Return (`zone_of`, `is_sink`, `is_source`) of an asset, its zone matched once (the
        inventory asks for 100k+ assets: matching the zone globs three times was a second)."""
        zone = self.zone_of(asset_id)
        return zone, self._flag(asset_id, "sink", zone), self._flag(asset_id, "source", zone)

    def is_source(self, asset_id: str) -> bool:
        """True if the asset is produced outside SQL (asset flag, else its zone's flag)."""
        return self._flag(asset_id, "source")

    def is_sink(self, asset_id: str) -> bool:
        """True if the asset is read outside SQL (asset flag, else its zone's flag)."""
        return self._flag(asset_id, "sink")

    def tag_rule(self, tag: str) -> TagRule:
        """Return the tag's rules: catalog defaults, then each ancestor top-down, then the tag."""
        rule = self._rules.get(tag)
        if rule is None:  # memoised: propagation asks once per edge and tag
            rule = self._rules[tag] = self._compute_rule(tag)
        return rule

    @cached_property
    def _rules(self) -> dict[str, TagRule]:
        return {}

    def rule_levels(self, tag: str) -> tuple[RuleMaps, ...]:
        """The rule maps `tag_rule(tag)` merges, in order: the catalog defaults, then each
        ancestor's (top-down) and the tag's own; a later one overrides the ones before it for the
        functions it names."""
        return tuple(RuleMaps(s.masking, s.aggregation) for s in self._rule_specs(tag))

    def _rule_specs(self, tag: str) -> list[PropagationSpec | TagSpec]:
        # an implied parent has no rules of its own
        return [self.spec.propagation, *(self.tags[a] for a in ancestors(tag) if a in self.tags)]

    def rule_maps(self) -> tuple[tuple[tuple[str, ...], str, Mapping[str, Any]], ...]:
        """Every masking and aggregation map of the catalog: (loc, where it is, the map)."""
        return _rule_maps(self.spec)

    def _compute_rule(self, tag: str) -> TagRule:
        defaults, *levels = self._rule_specs(tag)
        masking: dict[str, str | None] = dict(defaults.masking)
        aggregation: dict[str, Literal["keep", "drop"]] = dict(defaults.aggregation)
        indirect = defaults.indirect
        for spec in levels:
            masking.update(spec.masking)
            aggregation.update(spec.aggregation)
            indirect = indirect if spec.indirect is None else spec.indirect
        return TagRule(MappingProxyType(masking), MappingProxyType(aggregation), indirect)

    @cached_property
    def masking_functions(self) -> frozenset[str]:
        """Every masking function: the `masking_functions` list and every key of a masking map."""
        names = set(self.spec.masking_functions) | set(self.spec.propagation.masking)
        for spec in self.tags.values():
            names.update(spec.masking)
        return frozenset(names)

    def cleared(self, team: str | None, tag: str) -> bool:
        """True if `team` is cleared for `tag` (its clearance holds the tag or an ancestor)."""
        if team is None or team not in self.teams:
            return False
        return any(tag_is_under(tag, c) for c in self.teams[team].clearance)

    def schema(self) -> dict[str, dict[str, str]]:
        """Return {asset id: {column: type}} for assets with declared columns (type always "")."""
        return {a: {c: "" for c in s.columns} for a, s in self.assets.items() if s.columns}

    def tag_infos(self) -> tuple[TagInfo, ...]:
        """Return every known tag (declared plus implied parents), sorted by name."""
        out = []
        for name in sorted(self.known_tags):
            spec = self.tags.get(name)
            parent = name.rsplit(".", 1)[0] if "." in name else None
            out.append(TagInfo(name=name, parent=parent, level=spec.level if spec else None,
                               description=spec.description if spec else None))
        return tuple(out)

    def declared_column_tags(self, asset_id: str) -> dict[str, tuple[str, ...]]:
        """Return {column: tags} for a declared asset's columns: table-level tags plus its own."""
        asset = self.assets.get(asset_id)
        if asset is None or not asset.columns:
            return {}
        return {c: tuple(sorted(set(asset.tags) | set(s.tags))) for c, s in asset.columns.items()}

    def asset_info(self, asset_id: str) -> AssetInfo:
        """Return the AssetInfo of a declared asset, zone and flags resolved (else KeyError)."""
        asset = self.assets[asset_id]
        col_tags = self.declared_column_tags(asset_id)
        columns = tuple(
            ColumnInfo(name=c, declared_tags=col_tags[c], description=s.description)
            for c, s in (asset.columns or {}).items()
        )
        zone, sink, source = self.placement(asset_id)
        return AssetInfo(
            id=asset_id, declared=True, owner=asset.owner, zone=zone,
            description=asset.description, retention_days=asset.retention_days,
            tags=tuple(sorted(asset.tags)), columns=columns, sink=sink, source=source,
        )


def _build(doc: YamlDocument, path: Path) -> Catalog:
    try:
        spec = validate(doc, CatalogSpec)
    except InputErrors as exc:  # every error at once: the references of the valid parts too
        raise InputErrors([*exc.errors, *_references_beside(doc, exc.errors)]) from None
    problems = check_catalog(spec)
    if problems:
        raise InputErrors(doc.error(p.loc, p.message, p.hint, key=p.at_key) for p in problems)
    lines = {a: line for a in spec.assets if (line := doc.position(("assets", a), key=True)[0])}
    sources = {(key, i): line for key in ("sql", "exclude")
               for i in range(len(getattr(spec.sources, key)))
               if (line := doc.position(("sources", key, i))[0])}
    zones = {(zone, i): line for zone, z in spec.zones.items() for i in range(len(z.assets))
             if (line := _zone_glob_line(doc, zone, i))}
    return Catalog(path=path, spec=spec, display_path=doc.display_path, asset_lines=lines,
                   source_lines=sources, zone_lines=zones, dialect_at=doc.position(("dialect",)),
                   rule_keys=_rule_keys(doc, spec))


# Sections whose keys are names other parts refer to: an invalid entry is emptied, not
# dropped, so references to its name still resolve.
_NAMED_SECTIONS = frozenset({"assets", "tags", "teams", "zones"})
_GONE = object()


def _references_beside(doc: YamlDocument, shown: Sequence[InputError]) -> list[InputError]:
    """The cross-reference errors (unknown tags, teams, zones) of a catalog whose structure
    is invalid, found in it with the invalid parts cut out; none if cutting them does not
    leave a valid catalog in a few rounds. Errors already `shown` are not repeated."""
    if not isinstance(doc.data, Mapping):
        return []
    data = copy.deepcopy(dict(doc.data))
    for _ in range(3):
        try:
            spec = CatalogSpec.model_validate(data)
        except pydantic.ValidationError as exc:
            if not all(_cut(data, tuple(e["loc"])) for e in exc.errors()):
                return []
            data = _without_gone(data)
            continue
        seen = {(e.line, e.message) for e in shown}
        found = (doc.error(p.loc, p.message, p.hint, key=p.at_key) for p in check_catalog(spec))
        return [e for e in found if (e.line, e.message) not in seen]
    return []


def _cut(data: Any, loc: tuple[Any, ...]) -> bool:
    """Cut the deepest part of `data` along `loc` that exists (pydantic's locs also name
    union members the data lacks); False if nothing along it exists."""
    parent, key, node = None, None, data
    path: list[Any] = []
    for step in loc:
        if isinstance(node, Mapping) and step in node or (
                isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)):
            parent, key, node = node, step, node[step]
            path.append(step)
        elif not isinstance(node, (Mapping, list)):
            break
    if parent is None:
        return False
    if len(path) == 2 and path[0] in _NAMED_SECTIONS:
        parent[key] = {}
    else:
        parent[key] = _GONE
    return True


def _without_gone(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {k: _without_gone(v) for k, v in node.items() if v is not _GONE}
    if isinstance(node, list):
        return [_without_gone(v) for v in node if v is not _GONE]
    return node


def _rule_maps(spec: CatalogSpec) -> tuple[tuple[tuple[str, ...], str, Mapping[str, Any]], ...]:
    """Every masking and aggregation map of a catalog: (loc, where it is, the map)."""
    out: list[tuple[tuple[str, ...], str, Mapping[str, Any]]] = []
    levels = [(("propagation",), "propagation", spec.propagation),
              *((("tags", t), f"tag '{t}'", s) for t, s in (spec.tags or {}).items())]
    for loc, where, level in levels:
        out.append(((*loc, "masking"), f"the masking rules of {where}", level.masking))
        out.append(((*loc, "aggregation"), f"the aggregation rules of {where}",
                    level.aggregation))
    return tuple(out)


def _rule_keys(doc: YamlDocument, spec: CatalogSpec
               ) -> dict[tuple[str | int, ...], tuple[int | None, int | None]]:
    """Where each rule map's key and each `masking_functions` entry is written."""
    locs: list[tuple[str | int, ...]] = [("masking_functions", i)
                                         for i in range(len(spec.masking_functions))]
    maps = _rule_maps(spec)
    for kind in ("masking", "aggregation"):  # every masking key first, as they always were
        locs += [(*loc, f) for loc, _, rules in maps if loc[-1] == kind for f in rules]
    out = {loc: doc.position(loc, key=loc[0] != "masking_functions") for loc in locs}
    if spec.masking_functions and out[("masking_functions", 0)][0] is None:  # `: sha2` alone
        out[("masking_functions", 0)] = doc.position(("masking_functions",))
    return out


def _zone_glob_line(doc: YamlDocument, zone: str, i: int) -> int | None:
    """The line of a zone's i-th glob, in the full form, the list short form or the string."""
    for loc in (("zones", zone, "assets", i), ("zones", zone, i), ("zones", zone)):
        line = doc.position(loc)[0]
        if line is not None:
            return line
    return None


def load_catalog(path: Path, *, display_path: str | None = None) -> Catalog:
    """Return the catalog at `path`, or raise InputErrors listing every problem at once.

    `display_path` is how messages name the file (default: its file name). A catalog loaded
    before from the same bytes and engine code comes from the user's cache (`engine.usercache`),
    moved to `path` if it was read elsewhere (a pull-request check reads the base revision's
    copy from a temporary directory); errors always come from a fresh parse, so they read the
    same.
    """
    given, path = path, canonical_path(path)
    shown = display_path or path.name
    raw = _read(given, display_path)
    key = _cache_key(raw, shown)
    cached = _CACHE.get(key) if key is not None else None
    if isinstance(cached, Catalog):
        # Only `path` depends on the location (relative paths resolve against it on use).
        return cached if cached.path == path else replace(cached, path=path)
    doc = parse_yaml(decode_text(raw, display_path=shown), display_path=shown)
    catalog = _build(doc, path)
    if key is not None:
        _CACHE.put(key, catalog)
    return catalog


def load_skeleton(path: Path) -> Catalog | None:
    """The catalog at `path` with only its `dialect` and `sources`, or None if those do not
    load: what a catalog that failed on other keys still says about its SQL, so the dialect's
    and the globs' errors are listed with the rest at once (`pipeline._configuration`)."""
    shown = path.name
    try:
        doc = parse_yaml(decode_text(_read(path, None), display_path=shown), display_path=shown)
    except InputErrors:
        return None
    if not isinstance(doc.data, Mapping) or "sources" not in doc.data:
        return None
    data = {key: doc.data[key] for key in ("dialect", "sources") if key in doc.data}
    try:
        return _build(YamlDocument(shown, data, doc.node), canonical_path(path))
    except InputErrors:
        return None


def _read(given: Path, display_path: str | None) -> bytes:
    """The catalog's bytes. An error about the file itself names it as given (`--catalog
    ../x/catalg.yaml`), not by its file name, with a hint that fits how it was given."""
    beside, inside = given.parent / CATALOG_FILE, given / CATALOG_FILE
    if given == Path(CATALOG_FILE) or display_path is not None:
        missing = MISSING_HINT  # the default path: the user may be in the wrong directory
    else:
        missing = f"did you mean {beside.as_posix()}?" if beside.is_file() else "check the path"
    directory = (f"did you mean {inside.as_posix()}?" if inside.is_file()
                 else f"give the catalog file's path, e.g. {inside.as_posix()}")
    return read_bytes(given.absolute(), display_path=display_path or given.as_posix(),
                      missing_hint=missing, directory_hint=directory)


# Parsing, validating and checking a big catalog takes seconds (5-7 s for a 100k-task
# warehouse's 5 MB catalog); unpickling the result, a fraction of one.
_CACHE = PickleStore("catalogs", keep=8)
_CACHE_FORMAT = "catalog-cache-1"


def _cache_key(raw: bytes, display_path: str) -> str | None:
    """Return the cache key of a catalog: everything the loaded `Catalog` depends on but
    its location.

    Python's and pydantic's versions are in it because the pickle holds their objects'
    internals, which another version may read back wrongly without failing; the parser's,
    because another may read the same bytes differently. None if the key cannot be made.
    """
    try:
        parts = (_CACHE_FORMAT, engine_code_version(), sys.version, pydantic.VERSION,
                 PARSER_VERSION, display_path)
        h = hashlib.sha256()
        for part in parts:
            data = part.encode("utf-8", "surrogatepass")
            h.update(len(data).to_bytes(8, "big") + data)  # length-prefixed: no ambiguity
        h.update(raw)
        return h.hexdigest()
    except Exception:  # noqa: BLE001 - e.g. the engine's sources unreadable: just no cache
        return None


def canonical_path(path: Path) -> Path:
    """The catalog file's path as the project knows it (`Catalog.path`; its parent is the
    root): `path` absolute, its directory as the file system resolves it: `../catalog.yaml` from
    `sql/` and `catalog.yaml` from the project are one project (one graph, no "project moved"
    rebuild). The file name is kept: a catalog that is a link still reads relative paths from
    the link's directory."""
    return Path(os.path.realpath(path.absolute().parent)) / path.name


def catalog_from_data(data: Mapping[str, Any], *, path: Path = Path("catalog.yaml")) -> Catalog:
    """Return a catalog from already-parsed data (tests, generated projects); no line numbers."""
    path = canonical_path(path)
    return _build(YamlDocument(path.name, dict(data)), path)
