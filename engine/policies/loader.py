"""Load `lineage_policies/**/*.yaml`: policies and their exceptions (waivers), cross-checked.

Every file is validated, then ids are checked for uniqueness across files, and every tag, zone
and team a policy names, and every policy an exception names, is checked against the catalog.
All problems from all files are raised at once as `InputErrors`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, TypeAdapter, ValidationError, model_validator

from engine.config.catalog import Catalog, canonical_path
from engine.config.checks import Problem, glob_problem, unknown_hint
from engine.config.names import Spec, drop_nulls
from engine.config.selectors import Selector
from engine.errors import InputError, InputErrors, did_you_mean
from engine.globcheck import LocatedGlob
from engine.models import Frozen, Location, waiver_covers
from engine.policies import Policy, PolicyBase
from engine.yamlio import YamlDocument, read_yaml, validate

__all__ = ["PolicyFile", "PolicySet", "Waiver", "load_policies"]

BUILTIN_IDS = frozenset({"lineage-unknown"})  # built-in findings a waiver may name
PATH_POLICIES = frozenset({"lineage-unknown"})  # findings a task path may name (see _asset)


def _asset(glob: str) -> str:
    """A waiver's `asset` as matched: a glob with a `/` names task files, relative to the
    catalog's directory and case-sensitive like the file system (`./x.sql` for a file beside
    the catalog); any other is an asset id glob, lowercase like every asset id."""
    if "/" not in glob:
        return glob.lower()
    return glob.removeprefix("./")
SECTIONS = {"tag": ("tags", "known_tags"), "zone": ("zones", "zones"),
            "team": ("teams", "known_teams")}


class ExceptionSpec(Spec):
    """One entry of `exceptions:` as written."""

    yaml_label: ClassVar[str] = "exception"
    policy: str
    asset: Annotated[str, AfterValidator(_asset)]
    until: date
    reason: str
    ticket: str
    approved_by: str | None = None


class PolicyFile(Spec):
    """One file under `lineage_policies/`: a `policies` list and/or an `exceptions` list."""

    policies: tuple[Policy, ...] = ()
    exceptions: tuple[ExceptionSpec, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _sections(cls, value: Any) -> Any:
        return drop_nulls(value)  # `assets:` with nothing under it is no assets


class Waiver(Frozen):
    """An exception to a policy for assets matching a glob, until a date (then it expires)."""

    policy: str
    asset: str
    until: date
    reason: str
    ticket: str
    approved_by: str | None = None
    path: str
    line: int | None = None

    def covers(self, policy_id: str, asset: str) -> bool:
        """True if this waiver names `policy_id` and its glob matches `asset`."""
        return waiver_covers(self.policy, self.asset, policy_id, asset)

    def expired(self, today: date) -> bool:
        """True once `today` is past `until` (a waiver is valid through its last day)."""
        return today > self.until


@dataclass(frozen=True)
class PolicySet:
    """Every policy and waiver of a project, in file order, with where each policy is written."""

    policies: tuple[PolicyBase, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    locations: Mapping[str, Location] = field(default_factory=dict)
    # selectors' `name` globs, located, for `globcheck` (a waiver's: `waiver_globs`)
    name_globs: tuple[LocatedGlob, ...] = ()

    def waiver_globs(self) -> tuple[LocatedGlob, ...]:
        """Each waiver's glob, located: an asset id glob, or a task path glob."""
        return tuple(LocatedGlob(w.path, w.line, f"waiver of '{w.policy}'", w.asset,
                                 of_paths="/" in w.asset) for w in self.waivers)


@dataclass
class _Loaded:
    doc: YamlDocument
    file: PolicyFile | None  # None when the file failed validation


def load_policies(directory: Path, catalog: Catalog | None, *, root: Path) -> PolicySet:
    """Return the policies and waivers under `directory`; raise InputErrors for every problem.

    A missing directory is an empty set (the minimal project has none). Paths in messages are
    relative to `root`. With `catalog=None` only structure and ids are checked (used to report
    policy errors alongside catalog errors when the catalog itself is invalid).
    """
    if not directory.is_dir():
        return PolicySet()
    errors: list[InputError] = []
    loaded = [_load_file(p, root, errors) for p in _policy_files(directory, root)]
    docs = [x for x in loaded if x is not None]
    ids = _check_ids(docs, errors)
    for item in docs:
        # As for policies below: a file that failed validation (a bad date) still has the
        # policy each exception names checked, so both are reported in the same run.
        exceptions = (enumerate(item.file.exceptions) if item.file is not None
                      else _written_exceptions(item.doc))
        problems = list(_check_exceptions(exceptions, ids))
        if catalog is not None:
            # A file that failed validation still has its valid policies' references checked,
            # so an unknown tag is reported in the same run as a misspelt key beside it.
            policies = (enumerate(item.file.policies) if item.file is not None
                        else _valid_policies(item.doc))
            problems += _check_references(policies, catalog)
        errors += [item.doc.error(p.loc, p.message, p.hint, key=p.at_key) for p in problems]
    if errors:
        raise InputErrors(errors)
    return _policy_set(docs)


def _display(path: Path, root: Path) -> str:
    """`path` relative to the project root, as the file system resolves both (`--policies
    ../lineage_policies` from `sql/` is `lineage_policies/...`), else as given."""
    try:
        return canonical_path(path).relative_to(os.path.realpath(root)).as_posix()
    except ValueError:
        return path.as_posix()


def _policy_files(directory: Path, root: Path) -> list[Path]:
    files = [p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(files, key=lambda p: _display(p, root))


def _load_file(path: Path, root: Path, errors: list[InputError]) -> _Loaded | None:
    try:
        doc = read_yaml(path, display_path=_display(path, root))
    except InputErrors as exc:
        errors.extend(exc.errors)
        return None
    try:
        return _Loaded(doc, validate(doc, PolicyFile))
    except InputErrors as exc:
        errors.extend(exc.errors)
        return _Loaded(doc, None)


def _raw_items(doc: YamlDocument, section: str) -> Iterator[tuple[int, Any]]:
    """Yield (index, item) of each item of a section's list as written, whatever its shape,
    even in a file that failed validation (none unless the document is a mapping and the
    section a list)."""
    data: Any = doc.data
    items = data.get(section) if isinstance(data, Mapping) else None
    yield from enumerate(items if isinstance(items, list) else [])


def _raw_ids(doc: YamlDocument) -> Iterator[tuple[int, str]]:
    """Yield (index, id) of each policy as written, even in a file that failed validation."""
    for i, item in _raw_items(doc, "policies"):
        if isinstance(item, Mapping) and isinstance(item.get("id"), str):
            yield i, item["id"]


def _check_ids(docs: list[_Loaded], errors: list[InputError]) -> set[str]:
    """Report ids defined twice; return every id seen (so exceptions can be checked)."""
    first: dict[str, str] = {}
    for item in docs:
        for i, pid in _raw_ids(item.doc):
            line, _ = item.doc.position(("policies", i, "id"))
            where = f"{item.doc.display_path}:{line}"
            if pid in first:
                errors.append(item.doc.error(
                    ("policies", i, "id"), f"duplicate policy id '{pid}' (first defined at "
                    f"{first[pid]})", "policy ids must be unique across all policy files"))
            else:
                first[pid] = where
    return set(first)


def _written_exceptions(doc: YamlDocument) -> Iterator[tuple[int, ExceptionSpec]]:
    """Yield (index, exception) of each exception in a file that failed validation whose
    `policy` and `asset` are strings: those two as written, the rest left out (unchecked)."""
    for i, item in _raw_items(doc, "exceptions"):
        if (isinstance(item, Mapping) and isinstance(item.get("policy"), str)
                and isinstance(item.get("asset"), str)):
            yield i, ExceptionSpec.model_construct(policy=item["policy"],
                                                   asset=_asset(item["asset"]))


def _check_exceptions(exceptions: Iterable[tuple[int, ExceptionSpec]], ids: set[str]
                      ) -> Iterator[Problem]:
    for i, exc in exceptions:
        if exc.policy not in ids and exc.policy not in BUILTIN_IDS:
            hint = did_you_mean(exc.policy, ids) or (
                "known policies: " + ", ".join(sorted(ids)) if ids else "no policies are defined")
            yield Problem(("exceptions", i, "policy"),
                          f"exception #{i + 1} names unknown policy '{exc.policy}'", hint)
        why = None if "/" in exc.asset else glob_problem(exc.asset)  # a path may have spaces
        if why:
            yield Problem(("exceptions", i, "asset"),
                          f"invalid asset glob in exception #{i + 1}: {why}")
        elif "/" in exc.asset and exc.policy not in PATH_POLICIES:
            yield Problem(("exceptions", i, "asset"),
                          f"exception #{i + 1} names a task path '{exc.asset}', but only "
                          "lineage-unknown findings are about task files",
                          f"name the asset (schema.table) that '{exc.policy}' reports")


_POLICY: TypeAdapter[PolicyBase] = TypeAdapter(Policy)


def _valid_policies(doc: YamlDocument) -> Iterator[tuple[int, PolicyBase]]:
    """Yield (index, policy) of each policy that is valid on its own in a file that is not."""
    for i, item in _raw_items(doc, "policies"):
        try:
            yield i, _POLICY.validate_python(item)
        except ValidationError:
            continue  # reported by the file's validation


def _check_references(policies: Iterable[tuple[int, PolicyBase]], catalog: Catalog
                      ) -> Iterator[Problem]:
    for i, policy in policies:
        for loc, kind, name in policy.references():
            section, attr = SECTIONS[kind]
            known = getattr(catalog, attr)
            if name in known:
                continue
            where = f"in selector '{loc[0]}' of" if len(loc) > 1 else "in"
            yield Problem(("policies", i, *loc), f"unknown {kind} '{name}' {where} policy "
                          f"'{policy.id}'", unknown_hint(name, known, section))


def _policy_set(docs: list[_Loaded]) -> PolicySet:
    policies: list[PolicyBase] = []
    waivers: list[Waiver] = []
    locations: dict[str, Location] = {}
    name_globs: list[LocatedGlob] = []
    for item in docs:
        assert item.file is not None  # every file validated, or load_policies raised
        for i, policy in enumerate(item.file.policies):
            name_globs += _name_globs(item.doc, i, policy)
            policies.append(policy)
            line, _ = item.doc.position(("policies", i))
            if line is not None:
                locations[policy.id] = Location(path=item.doc.display_path, line=line)
        for i, exc in enumerate(item.file.exceptions):
            line, _ = item.doc.position(("exceptions", i))
            waivers.append(Waiver(**exc.model_dump(), path=item.doc.display_path, line=line))
    return PolicySet(tuple(policies), tuple(waivers), locations, tuple(name_globs))


def _name_globs(doc: YamlDocument, i: int, policy: PolicyBase) -> Iterator[LocatedGlob]:
    """The `name` globs of a policy's selectors, located, lowercase as they are matched."""
    for key in type(policy).model_fields:
        selector = getattr(policy, key)
        if not isinstance(selector, Selector) or selector.name is None:
            continue
        for j, glob in enumerate(selector.name):
            line = (doc.position(("policies", i, key, "name", j))[0]
                    or doc.position(("policies", i, key, "name"))[0])
            yield LocatedGlob(doc.display_path, line, f"policy '{policy.id}' {key}: name",
                              glob.lower())
