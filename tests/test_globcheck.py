"""Globs that match nothing are warned about, with where they are written and a likely fix."""

from __future__ import annotations

import pytest

from engine.globcheck import LocatedGlob, Names, unmatched
from tests.conftest import MakeProject
from tests.test_cli import invoke

ASSETS = ("exports.feed", "exports.hashed", "raw.users", "stg.users")


@pytest.mark.parametrize(("glob", "matched"), [
    ("exports.*", True), ("*.users", True), ("raw.user?", True), ("[sr]*.users", True),
    ("exports.feed", True), ("export.*", False), ("exports.feed2", False), ("*.orders", False),
    ("", False),
])
def test_a_glob_matches_when_any_name_does(glob: str, matched: bool) -> None:
    assert Names(ASSETS).any_match(glob) is matched


@pytest.mark.parametrize(("glob", "hint"), [
    ("raw.usres", "raw.users"),  # the closest name in its schema
    ("stg.user", "stg.users"),
    ("exprts.feed", "exports.feed"),  # no such schema: the closest schema's
    ("export.*", "exports.*"),
    ("raw.xxxxxxxxxxxx", None),  # its schema exists but holds nothing like it
    ("*.orders", None),
])
def test_a_hint_names_a_close_name_of_its_schema_or_a_close_schema(
        glob: str, hint: str | None) -> None:
    assert Names(ASSETS).hint(glob) == (hint and f"did you mean '{hint}'?")


@pytest.mark.parametrize(("glob", "hint"), [
    ("sql/stg/usrs.sql", "did you mean 'sql/stg/users.sql'?"), ("sql/old/a.sql", None)])
def test_a_task_path_hint_is_a_close_file_of_its_directory(glob: str, hint: str | None) -> None:
    assert Names(["sql/stg/users.sql", "sql/a.sql"], "/").hint(glob) == hint


def test_each_unmatched_glob_is_one_warning_in_order_with_a_hint() -> None:
    globs = [LocatedGlob("catalog.yaml", 5, "zone 'exports'", "export.*"),
             LocatedGlob("catalog.yaml", 6, "zone 'raw'", "raw.*"),
             LocatedGlob("p.yaml", 3, "waiver of 'x'", "exprts.feed"),
             LocatedGlob("p.yaml", 4, "waiver of 'y'", "sql/old/*.sql", of_paths=True),
             LocatedGlob("p.yaml", 7, "waiver of 'z'", "sql/*.sql", of_paths=True)]
    assert unmatched(globs, ASSETS, ["sql/a.sql"]) == [
        "catalog.yaml:5: zone 'exports' glob 'export.*' matches no asset "
        "(did you mean 'exports.*'?)",
        "p.yaml:3: waiver of 'x' glob 'exprts.feed' matches no asset "
        "(did you mean 'exports.feed'?)",
        "p.yaml:4: waiver of 'y' glob 'sql/old/*.sql' matches no task file",
    ]


@pytest.mark.parametrize(("glob", "depth", "hint"), [
    ("exportdb.*", 1, "SQL's table names are given the catalog's 1 part, so those in "
                      "'exportdb' lose it: name the catalog's assets with their database"),
    ("dw.export.*", 2, "SQL's table names are given the catalog's 2 parts, so those in 'dw' "
                       "lose it: name the catalog's assets with their database"),
    ("exportdb.*", 2, None),  # as many parts as the names: not cut
    ("*.feed", 1, None),  # no database to name
    ("exportdb.*", None, None),  # a catalog that declares no asset cuts nothing
])
def test_a_glob_longer_than_the_catalogs_names_says_they_are_cut(
        glob: str, depth: int | None, hint: str | None) -> None:
    """P30-2: MySQL's one-part names (the current database): `exportdb.*` matches nothing
    because the SQL's `exportdb.feed` is `feed`; the warning says so and what to do."""
    found = unmatched([LocatedGlob("catalog.yaml", 5, "zone 'x'", glob)], ["a", "b"], [],
                      lambda: depth)
    assert found == [f"catalog.yaml:5: zone 'x' glob '{glob}' matches no asset"
                     + (f" ({hint})" if hint else "")]


CATALOG = """
dialect: postgres
sources: {sql: ["sql/*.sql"]}
tags: {pii: {}}
zones:
  exports: {assets: ["export.*"], sink: true}
  staging: ["stg.*"]
assets:
  raw.u: {columns: {id: {}, email: {tags: [pii]}}}
"""
POLICY = """
policies:
  - {id: by-name, kind: flow, description: x, tag: pii, to: {name: "exprts.*"}}
  - {id: by-zone, kind: flow, description: x, tag: pii, to: {zone: exports}}
exceptions:
  - {policy: by-zone, asset: "exprts.feed", until: 2099-01-01, reason: typo, ticket: T-1}
  - {policy: lineage-unknown, asset: "sql/legacy/*", until: 2099-01-01, reason: r, ticket: T-2}
"""


def test_check_warns_of_every_glob_matching_nothing_and_still_passes(
        make_project: MakeProject) -> None:
    catalog = make_project(CATALOG, sql={"sql/feed.sql": "CREATE TABLE exports.feed AS "
                                         "SELECT id, email FROM raw.u;"},
                           policies={"p.yaml": POLICY})
    code, _, err = invoke("check", "--catalog", str(catalog), "-q")
    assert code == 0, err
    assert err.splitlines() == [
        "warning: catalog.yaml:5: zone 'exports' glob 'export.*' matches no asset "
        "(did you mean 'exports.*'?)",
        "warning: catalog.yaml:6: zone 'staging' glob 'stg.*' matches no asset",
        "warning: lineage_policies/p.yaml:2: policy 'by-name' to: name glob 'exprts.*' matches "
        "no asset (did you mean 'exports.*'?)",
        "warning: lineage_policies/p.yaml:5: waiver of 'by-zone' glob 'exprts.feed' matches no "
        "asset (did you mean 'exports.feed'?)",
        "warning: lineage_policies/p.yaml:6: waiver of 'lineage-unknown' glob 'sql/legacy/*' "
        "matches no task file",
    ]
    # validate parses no SQL, so only the path glob can be judged there
    code, _, err = invoke("validate", "--catalog", str(catalog))
    assert code == 0 and err.splitlines() == [
        "warning: lineage_policies/p.yaml:6: waiver of 'lineage-unknown' glob 'sql/legacy/*' "
        "matches no task file"]


def test_a_run_works_the_warnings_out_only_when_asked(make_project: MakeProject) -> None:
    """A base revision's run or a graph rebuild prints none, so does not pay for them."""
    from engine.pipeline import run

    catalog = make_project(CATALOG, sql={"sql/a.sql": "SELECT 1;"}, policies={"p.yaml": POLICY})
    assert run(catalog, build=False, use_cache=False).warnings == ()
    warned = run(catalog, build=False, use_cache=False, warn=True).warnings
    assert [w.split(": ", 1)[0] for w in warned] == [
        "catalog.yaml:5", "catalog.yaml:6", "lineage_policies/p.yaml:2",
        "lineage_policies/p.yaml:5", "lineage_policies/p.yaml:6"]


def test_check_says_a_zone_of_a_database_matches_nothing_because_names_were_cut(
        make_project: MakeProject) -> None:
    """P30-2 end to end: MySQL one-part names, a zone of `exportdb.*`: the SQL's
    `exportdb.feed` is `feed`, and the warning says why."""
    catalog = make_project(
        "dialect: mysql\nsources: {sql: [\"sql/*.sql\"]}\n"
        "zones:\n  export: {assets: [\"exportdb.*\"], sink: true}\n"
        "assets:\n  a: {columns: [x]}\n  b: {columns: [x]}\n",
        sql={"sql/feed.sql": "INSERT INTO exportdb.feed (x) SELECT x FROM a;"})
    code, _, err = invoke("check", "--catalog", str(catalog), "-q")
    assert code == 0, err
    assert [line for line in err.splitlines() if line.startswith("warning:")] == [
        "warning: catalog.yaml:4: zone 'export' glob 'exportdb.*' matches no asset (SQL's "
        "table names are given the catalog's 1 part, so those in 'exportdb' lose it: name "
        "the catalog's assets with their database)"]
