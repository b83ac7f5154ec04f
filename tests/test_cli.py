"""The command line through click's CliRunner: exit codes, outputs, errors, nothing half-written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine import __version__, pipeline
from engine.cli import main
from tests.conftest import MakeProject

CATALOG = """
dialect: postgres
sources: {sql: ["sql/*.sql"]}
tags:
  pii: {masking: {md5: pseudonymous}}
  pii.email: {}
  pseudonymous: {}
teams:
  core: {clearance: [pii]}
zones:
  export: {assets: ["export.*"], sink: true}
assets:
  raw.users:
    owner: core
    retention_days: 30
    source: true
    columns:
      id: {}
      email: {tags: [pii.email]}
"""
SQL = {
    "sql/stg.sql": "CREATE TABLE stg.users AS SELECT id, email FROM raw.users;",
    "sql/export.sql": """
        INSERT INTO export.feed (user_id, email)
        SELECT id, email FROM stg.users;
    """,
    "sql/hashed.sql": "CREATE TABLE export.hashed AS SELECT md5(email) AS h FROM stg.users;",
}
POLICY = """
policies:
  - id: no-pii-in-exports
    kind: flow
    severity: error
    description: No personal data in exports.
    tag: pii
    to: {zone: export}
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project(CATALOG, sql=SQL, policies={"privacy.yaml": POLICY})


def test_check_reports_findings_and_exits_1(project: Path) -> None:
    code, out, _ = invoke("check", "--catalog", str(project), "--today", "2026-11-24")
    assert code == 1
    assert "no-pii-in-exports (flow, error): 1 finding(s)" in out
    assert "export.feed.email  [pii.email]  sql/export.sql:2" in out
    assert "raw.users.email -> stg.users.email (sql/stg.sql:1 DIRECT.IDENTITY)" in out
    report = json.loads((project.parent / "reports" / "findings.json").read_text())
    assert report["version"] == 1
    (f,) = report["findings"]
    assert (f["policy"], f["asset"], f["column"], f["tag"], f["waived"]) == (
        "no-pii-in-exports", "export.feed", "email", "pii.email", False)
    assert [(s["asset"], s["column"]) for s in f["path"]] == [
        ("raw.users", "email"), ("stg.users", "email"), ("export.feed", "email")]
    assert report["summary"]["parse_coverage"] == 1.0


def test_check_json_on_stdout_and_output_file(project: Path, tmp_path: Path) -> None:
    code, out, _ = invoke("check", "--catalog", str(project), "--format", "json")
    assert code == 1
    assert json.loads(out)["summary"]["by_severity"] == {"error": 1, "warning": 0, "info": 0}
    target = tmp_path / "out" / "f.json"
    code, out, _ = invoke("check", "--catalog", str(project), "--format", "json",
                          "--output", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["findings"][0]["policy"] == "no-pii-in-exports"


@pytest.mark.parametrize(("fail_on", "expected"), [
    ("error", 1), ("never", 0), ("warning", 1), ("info", 1)])
def test_fail_on_threshold(project: Path, fail_on: str, expected: int) -> None:
    assert invoke("check", "--catalog", str(project), "--fail-on", fail_on)[0] == expected


def test_warning_policy_passes_at_default_threshold(make_project: MakeProject) -> None:
    catalog = make_project(CATALOG, sql=SQL, policies={
        "p.yaml": POLICY.replace("severity: error", "severity: warning")})
    assert invoke("check", "--catalog", str(catalog))[0] == 0
    assert invoke("check", "--catalog", str(catalog), "--fail-on", "warning")[0] == 1


def test_clean_project_exits_0(make_project: MakeProject) -> None:
    catalog = make_project(CATALOG, sql={"sql/stg.sql": SQL["sql/stg.sql"]},
                           policies={"privacy.yaml": POLICY})
    code, out, _ = invoke("check", "--catalog", str(catalog))
    assert code == 0, out
    assert "Findings: 0 error" in out


def test_bad_catalog_exits_2_and_writes_nothing(make_project: MakeProject) -> None:
    catalog = make_project(CATALOG.replace("retention_days: 30", "retention_dayz: 30"),
                           sql=SQL, policies={"privacy.yaml": POLICY})
    code, out, err = invoke("check", "--catalog", str(catalog))
    assert code == 2
    assert "catalog.yaml:" in err and "retention_dayz" in err and "retention_days" in err
    assert not (catalog.parent / "reports").exists()
    assert not (catalog.parent / ".lineage").exists()


@pytest.mark.parametrize("command", ["validate", "check", "lineage"])
@pytest.mark.parametrize(("dialect", "message"), [
    ("snowflak", "unknown dialect 'snowflak' (did you mean 'snowflake'?)"),
    ("postgresql", "unknown dialect 'postgresql' (did you mean 'postgres'?)"),
    ("sqlserver", "unknown dialect 'sqlserver' (did you mean 'tsql'?)"),
    ("mysql, normalization_strategy = nope", "'NOPE' is not a valid NormalizationStrategy"),
])
def test_an_unknown_dialect_is_exit_2_not_a_warning_per_task(
        make_project: MakeProject, command: str, dialect: str, message: str) -> None:
    """Every task would be lineage-unknown, a warning: CI green with nothing analysed."""
    catalog = make_project(CATALOG.replace("dialect: postgres", f"dialect: {dialect}"), sql=SQL,
                           policies={"privacy.yaml": POLICY})
    code, _, err = invoke(command, "--catalog", str(catalog))
    assert code == 2 and "error: catalog.yaml:1:10: " in err and message in err
    assert not (catalog.parent / "reports").exists()


def test_an_unknown_dialect_is_listed_with_the_policies_errors(make_project: MakeProject) -> None:
    catalog = make_project(CATALOG.replace("dialect: postgres", "dialect: snowflak"), sql=SQL,
                           policies={"privacy.yaml": POLICY.replace("tag: pii", "tag: pij")})
    code, _, err = invoke("validate", "--catalog", str(catalog))
    assert code == 2 and "\n2 errors; nothing was analysed" in err
    assert "error: catalog.yaml:1:10: unknown dialect 'snowflak'" in err
    assert "did you mean 'pii'" in err


@pytest.mark.parametrize("dialect",
                         ["Snowflake", "tsql", "mysql, normalization_strategy = lowercase"])
def test_a_known_dialect_in_any_case_or_with_settings_is_accepted(make_project: MakeProject,
                                                                  dialect: str) -> None:
    catalog = make_project(CATALOG.replace("dialect: postgres", f"dialect: {dialect}"), sql=SQL)
    assert invoke("validate", "--catalog", str(catalog))[0] == 0


@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_date_that_does_not_exist_is_exit_2_at_its_line(make_project: MakeProject,
                                                          command: str) -> None:
    waiver = ("exceptions:\n  - {policy: no-pii-in-exports, asset: export.feed, "
              "until: 2030-02-30, reason: r, ticket: T}\n")
    catalog = make_project(CATALOG, sql=SQL, policies={"privacy.yaml": POLICY, "w.yaml": waiver})
    code, _, err = invoke(command, "--catalog", str(catalog))
    assert (code, err) == (2, "error: lineage_policies/w.yaml:2:60: '2030-02-30' is not a valid "
                              "date (YYYY-MM-DD) for 'until' in exception #1\n")


def test_validate(project: Path, make_project: MakeProject) -> None:
    code, out, _ = invoke("validate", "--catalog", str(project))
    assert code == 0 and "1 policies" in out and "3 SQL tasks" in out
    bad = project.parent / "lineage_policies" / "privacy.yaml"
    bad.write_text(POLICY.replace("tag: pii", "tag: pij"))
    code, _, err = invoke("validate", "--catalog", str(project))
    assert code == 2 and "privacy.yaml:" in err and "did you mean 'pii'" in err


def test_every_error_of_every_phase_is_listed_at_once(make_project: MakeProject) -> None:
    """Policy errors come with the catalog's (structure only: the catalog did not load), and
    with both come the SQL sources' (every non-UTF-8 file): a catalog failing on other keys
    still names its SQL."""
    bad_policy = POLICY.replace("severity:", "severty:") + (
        "  - {id: other, kind: flow, tag: pij, to: {zone: export}}\n")
    catalog = make_project(CATALOG.replace("dialect:", "dialct:"), sql=SQL,
                           policies={"privacy.yaml": bad_policy})
    (catalog.parent / "sql" / "a.sql").write_bytes(b"select 1;\n\xff")
    (catalog.parent / "sql" / "b.sql").write_bytes(b"\xff")

    def where(err: str) -> list[str]:
        return [line.split(": ")[1] for line in err.splitlines() if line.startswith("error: ")]

    code, _, err = invoke("validate", "--catalog", str(catalog))
    assert code == 2 and "\n4 errors; nothing was analysed" in err
    assert where(err) == ["catalog.yaml:1:1", "lineage_policies/privacy.yaml:4:5",
                          "sql/a.sql:2:1", "sql/b.sql:1:1"]
    catalog.write_text(catalog.read_text().replace("dialct:", "dialect:"))
    code, _, err = invoke("validate", "--catalog", str(catalog))
    assert code == 2 and "\n4 errors; nothing was analysed" in err
    assert where(err) == ["lineage_policies/privacy.yaml:4:5",
                          "lineage_policies/privacy.yaml:8:34", "sql/a.sql:2:1", "sql/b.sql:1:1"]


def test_a_catalog_failing_on_one_key_still_reports_its_dialect_and_globs(
        make_project: MakeProject) -> None:
    """An unknown dialect and a glob matching nothing are listed with an unknown owner, not
    one round later."""
    catalog = make_project(
        CATALOG.replace("dialect: postgres", "dialect: postgress")
        .replace('sql: ["sql/*.sql"]', 'sql: ["sql/*.sql", "sqll/*.sql"]')
        .replace("owner: core", "owner: cor"),
        sql=SQL, policies={"privacy.yaml": POLICY})
    code, _, err = invoke("validate", "--catalog", str(catalog))
    assert code == 2 and "\n3 errors; nothing was analysed" in err, err
    assert "unknown dialect 'postgress' (did you mean 'postgres'?)" in err
    assert "sources.sql pattern 'sqll/*.sql' matches no file" in err
    assert "unknown team 'cor'" in err


@pytest.mark.parametrize("command", ["validate", "check", "report", "trace"])
def test_a_policies_directory_given_must_exist(project: Path, command: str) -> None:
    args = ["x.y"] if command == "trace" else []
    code, _, err = invoke(command, "--catalog", str(project), "--policies",
                          str(project.parent / "lineage_policy"), *args)
    assert code == 2 and "'--policies'" in err and "lineage_policy' does not exist" in err


def test_no_policy_loaded_is_said(project: Path) -> None:
    code, out, err = invoke("validate", "--catalog", str(project), "--policies",
                            str(project.parent / "sql"))
    assert code == 0 and "0 policies" in out
    assert "note: 0 policies loaded from" in err and "(it holds no policy)" in err
    (project.parent / "lineage_policies" / "privacy.yaml").unlink()
    (project.parent / "lineage_policies").rmdir()
    code, out, err = invoke("check", "--catalog", str(project))
    assert code == 0 and "lineage_policies/ (it does not exist); only built-in checks" in err


@pytest.mark.parametrize(("given", "message"), [
    ("nope/catalog.yaml", "nope/catalog.yaml: file not found (check the path)"),
    ("project/catalg.yaml",
     "project/catalg.yaml: file not found (did you mean project/catalog.yaml?)"),
    ("project", "project: is a directory, expected a file (did you mean project/catalog.yaml?)"),
    (".", ".: is a directory, expected a file (give the catalog file's path, e.g. "
          "catalog.yaml)"),
    ("catalog.yaml", "catalog.yaml: file not found (create catalog.yaml (see docs/syntax.md), "
                     "or run from the project directory)"),
])
def test_catalog_path_errors_name_it_as_given(project: Path, monkeypatch: pytest.MonkeyPatch,
                                              given: str, message: str) -> None:
    monkeypatch.chdir(project.parent.parent)
    code, _, err = invoke("validate", "--catalog", given)
    assert (code, err) == (2, f"error: {message}\n")


@pytest.mark.parametrize(("sources", "message"), [
    ('{sql: ["sqll/*.sql"]}', "catalog.yaml:2: sources.sql pattern 'sqll/*.sql' matches no file"),
    ('{sql: ["sql/*.sql"], exclude: ["sql/old/**"]}',
     "catalog.yaml:2: sources.exclude pattern 'sql/old/**' matches no file"),
])
def test_sql_glob_matching_nothing_is_exit_2(make_project: MakeProject, sources: str,
                                             message: str) -> None:
    catalog = make_project(CATALOG.replace('{sql: ["sql/*.sql"]}', sources), sql=SQL)
    code, _, err = invoke("validate", "--catalog", str(catalog))
    assert code == 2 and f"error: {message}" in err


@pytest.mark.parametrize("command", ["validate", "check", "lineage"])
@pytest.mark.parametrize("catalog", ["", "dialect: postgres\nassets: {raw.users: {}}\n",
                                     "sources: {sql: []}\n"])
def test_a_catalog_without_sql_patterns_is_exit_2(make_project: MakeProject, command: str,
                                                  catalog: str) -> None:
    """Analysing no SQL at all would pass every policy: almost surely a mistake."""
    path = make_project(catalog, sql=SQL)
    code, out, err = invoke(command, "--catalog", str(path))
    assert (code, out) == (2, "")
    assert err == ("error: catalog.yaml: no 'sources.sql' patterns: there is no SQL to analyse "
                   "(add the SQL files' globs, relative to the catalog file: "
                   'sources: {sql: ["sql/**/*.sql"]})\n')


def test_sql_with_no_statements_is_not_100_percent_coverage(make_project: MakeProject,
                                                            tmp_path: Path) -> None:
    catalog = make_project(CATALOG, sql={"sql/a.sql": "-- nothing yet\n"})
    code, out, _ = invoke("check", "--catalog", str(catalog), "--format", "text",
                          "--format", "markdown", "--format", "html", "--output",
                          str(tmp_path / "out"))
    assert code == 0
    assert "Analysed 1 tasks (no SQL statements; 0 partial, 0 unknown)" in out
    md = (tmp_path / "out" / "summary.md").read_text()
    assert "Parse coverage: **no SQL statements** (0 task(s) unknown" in md
    html = (tmp_path / "out" / "index.html").read_text()
    assert '<div class="big">n/a</div><div class="label">parse coverage</div>' in html
    assert "100.0%" not in out + md + html


def test_exclude_leaves_out_every_file_under_a_directory(make_project: MakeProject) -> None:
    catalog = make_project(
        CATALOG.replace('{sql: ["sql/*.sql"]}', '{sql: ["sql/**/*.sql"], exclude: ["sql/old/**"]}'),
        sql={**SQL, "sql/old/a.sql": "SELECT 1;", "sql/old/deep/b.sql": "SELECT 2;"})
    code, out, _ = invoke("validate", "--catalog", str(catalog))
    assert code == 0 and "3 SQL tasks" in out


def test_trace_shows_path(project: Path) -> None:
    code, out, _ = invoke("trace", "--catalog", str(project), "export.feed.email")
    assert code == 0, out
    assert "pii.email  from raw.users.email" in out
    assert "stg.users.email  sql/stg.sql:1  DIRECT.IDENTITY" in out
    code, out, _ = invoke("trace", "--catalog", str(project), "export.hashed.h")
    assert "pseudonymous" in out and "md5 replaces pii.email with pseudonymous" in out


DECLASSIFY = """
  stg.users:
    declassify:
      - {tag: pii, reason: aggregated upstream, approved_by: dpo@example.com, ticket: GOV-7}
"""


def test_trace_says_which_tag_a_declassification_stopped_and_by_whose_approval(
    make_project: MakeProject,
) -> None:
    project = make_project(CATALOG + DECLASSIFY, sql=SQL, policies={"privacy.yaml": POLICY})
    code, out, _ = invoke("trace", "--catalog", str(project), "stg.users.email")
    assert code == 0 and out.startswith("stg.users.email carries no tag.")
    assert ("Stopped here by a declassify entry of stg.users:\n\n"
            "  pii.email  arriving from raw.users.email\n"
            "    declassify pii: approved by dpo@example.com, ticket GOV-7 -- aggregated upstream"
            ) in out
    code, out, _ = invoke("trace", "--catalog", str(project), "stg.users.id")
    assert out == "stg.users.id carries no tag.\n"  # nothing arrived to be stopped
    code, out, _ = invoke("trace", "--catalog", str(project), "export.hashed.h")
    assert out == "export.hashed.h carries no tag.\n"  # stopped upstream, not here


TRACE_CATALOG = """
dialect: postgres
sources: {{sql: ["sql/*.sql"]}}
masking_functions: [mask]
tags:
  pii: {{masking: {{md5: pseudonymous}}, indirect: {indirect}}}
  pii.email: {{}}
  pii.phone: {{}}
  pseudonymous: {{}}
assets:
  raw.users:
    source: true
    columns:
      id: {{}}
      email: {{tags: [pii.email]}}
      phone: {{tags: [pii.phone]}}
  {asset}:
    declassify:
      - {{tag: {tag}, reason: reviewed, approved_by: dpo@example.com}}
"""


def _stopped(tag: str, source: str, entry: str) -> str:
    return (f"\n  {tag}  arriving from {source}\n"
            f"    declassify {entry}: approved by dpo@example.com -- reviewed\n")


@pytest.mark.parametrize(("sql", "asset", "tag", "indirect", "traces"), [
    pytest.param(  # stopped on the path through stg.users, arriving unstopped straight from raw
        {"sql/stg.sql": "CREATE TABLE stg.users AS SELECT id, email FROM raw.users;",
         "sql/both.sql": "CREATE TABLE marts.contacts AS SELECT coalesce(s.email, r.email) "
                         "AS email FROM stg.users s JOIN raw.users r ON s.id = r.id;"},
        "stg.users", "pii", "false",
        {"stg.users.email": "stg.users.email carries no tag.\n"
                            "\nStopped here by a declassify entry of stg.users:\n"
                            + _stopped("pii.email", "raw.users.email", "pii"),
         "marts.contacts.email": "marts.contacts.email carries 1 tag(s):\n"
                                 "\n  pii.email  from raw.users.email (pii.email)\n"
                                 "    raw.users.email  -- declared in catalog\n"
                                 "    marts.contacts.email  sql/both.sql:1  "
                                 "DIRECT.TRANSFORMATION(coalesce)  -- carried\n"},
        id="another-path"),
    pytest.param(  # an entry for a child tag stops that child, not its sibling
        {"sql/stg.sql": "CREATE TABLE stg.users AS SELECT email, phone FROM raw.users;"},
        "stg.users", "pii.email", "false",
        {"stg.users.email": "stg.users.email carries no tag.\n"
                            "\nStopped here by a declassify entry of stg.users:\n"
                            + _stopped("pii.email", "raw.users.email", "pii.email"),
         "stg.users.phone": "stg.users.phone carries 1 tag(s):\n"
                            "\n  pii.phone  from raw.users.phone (pii.phone)\n"
                            "    raw.users.phone  -- declared in catalog\n"
                            "    stg.users.phone  sql/stg.sql:1  DIRECT.IDENTITY  -- carried\n"},
        id="child-entry"),
    pytest.param(  # masking applies first: md5's replacement passes, a masked pii.email stops
        {"sql/stg.sql": "CREATE TABLE stg.users AS SELECT md5(email) AS h, mask(email) AS m "
                        "FROM raw.users;"},
        "stg.users", "pii", "false",
        {"stg.users.h": "stg.users.h carries 1 tag(s):\n"
                        "\n  pseudonymous  from raw.users.email (pii.email)  [masked]\n"
                        "    raw.users.email  -- declared in catalog\n"
                        "    stg.users.h  sql/stg.sql:1  DIRECT.TRANSFORMATION(md5)  "
                        "-- md5 replaces pii.email with pseudonymous\n",
         "stg.users.m": "stg.users.m carries no tag.\n"
                        "\nStopped here by a declassify entry of stg.users:\n"
                        + _stopped("pii.email", "raw.users.email", "pii")},
        id="masked-then-stopped"),
    pytest.param(  # an entry for the replacement stops what the masking function made
        {"sql/stg.sql": "CREATE TABLE stg.users AS SELECT md5(email) AS h FROM raw.users;"},
        "stg.users", "pseudonymous", "false",
        {"stg.users.h": "stg.users.h carries no tag.\n"
                        "\nStopped here by a declassify entry of stg.users:\n"
                        + _stopped("pseudonymous", "raw.users.email", "pseudonymous")},
        id="replacement-stopped"),
    pytest.param(  # a WHERE column's INDIRECT edge carries pii.email when the rule opts in
        {"sql/stg.sql": "CREATE TABLE stg.active AS SELECT id FROM raw.users "
                        "WHERE email IS NOT NULL;"},
        "stg.active", "pii", "true",
        {"stg.active.id": "stg.active.id carries no tag.\n"
                          "\nStopped here by a declassify entry of stg.active:\n"
                          + _stopped("pii.email", "raw.users.email", "pii")},
        id="indirect-on"),
    pytest.param(  # ... and carries nothing, so stops nothing, when it does not
        {"sql/stg.sql": "CREATE TABLE stg.active AS SELECT id FROM raw.users "
                        "WHERE email IS NOT NULL;"},
        "stg.active", "pii", "false",
        {"stg.active.id": "stg.active.id carries no tag.\n"},
        id="indirect-off"),
])
def test_trace_says_what_a_declassification_stopped_on_each_path(
    make_project: MakeProject, sql: dict[str, str], asset: str, tag: str, indirect: str,
    traces: dict[str, str],
) -> None:
    catalog = TRACE_CATALOG.format(indirect=indirect, asset=asset, tag=tag)
    project = make_project(catalog, sql=sql)
    for column, expected in traces.items():
        code, out, _ = invoke("trace", "--catalog", str(project), column)
        assert (code, out) == (0, expected)


def test_trace_shows_a_rules_function_as_the_catalog_wrote_it(make_project: MakeProject) -> None:
    rules = "pii: {masking: {md5: pseudonymous}, aggregation: {string_agg: keep}}"
    catalog = CATALOG.replace("pii: {masking: {md5: pseudonymous}}", rules)
    sql = {"sql/agg.sql": "CREATE TABLE stg.emails AS SELECT string_agg(email, ',') AS emails "
                          "FROM raw.users;"}
    project = make_project(catalog, sql=sql, policies={"privacy.yaml": POLICY})
    code, out, _ = invoke("trace", "--catalog", str(project), "stg.emails.emails")
    # sqlglot names string_agg group_concat: the rule shows both
    assert code == 0 and "-- string_agg (group_concat) keeps pii.email" in out


@pytest.mark.parametrize(("command", "typo", "meant"), [
    ("trace", "export.feed.emial", "export.feed.email"),  # the column's name
    ("trace", "export.fed.email", "export.feed.email"),  # its asset's name
    ("impact", "export.feed.emial", "export.feed.email"),
    ("impact", "raw.usres", "raw.users"),  # an asset's name
    ("impact", "rwa.users", "raw.users"),  # its zone's
])
def test_an_unknown_node_suggests_the_one_meant(project: Path, command: str, typo: str,
                                                meant: str) -> None:
    code, _, err = invoke(command, "--catalog", str(project), typo)
    assert code == 2 and f"'{typo}' in the lineage graph" in err
    assert f"did you mean '{meant}'" in err


def test_impact_lists_downstream_with_depth(project: Path) -> None:
    code, out, _ = invoke("impact", "--catalog", str(project), "raw.users")
    assert code == 0, out
    lines = [ln.split() for ln in out.splitlines()[1:]]
    assert [(ln[1], ln[2]) for ln in lines] == [
        ("1", "stg.users"), ("2", "export.feed"), ("2", "export.hashed")]
    code, out, _ = invoke("impact", "--catalog", str(project), "raw.users.email")
    assert "export.feed.email" in out and "export.hashed.h" in out
    code, out, _ = invoke("impact", "--catalog", str(project), "export.feed")
    assert (code, out) == (0, "Nothing is downstream of export.feed.\n")


@pytest.mark.parametrize(("command", "typed", "shown"), [
    ("impact", '"raw"."users"', "3 asset(s) downstream of raw.users:"),
    ("impact", "`RAW`.`Users`", "3 asset(s) downstream of raw.users:"),
    ("impact", '"raw".users."EMAIL"', "3 column(s) downstream of raw.users.email:"),
    ("trace", '[export].[feed].[email]', "export.feed.email carries 1 tag(s):"),
])
def test_names_quoted_as_in_sql_are_accepted(project: Path, command: str, typed: str,
                                             shown: str) -> None:
    code, out, err = invoke(command, "--catalog", str(project), typed)
    assert code == 0, err
    assert out.startswith(shown + "\n")


def test_trace_of_a_table_lists_its_columns(project: Path) -> None:
    code, out, err = invoke("trace", "--catalog", str(project), "stg.users")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "error: <argument>: 'stg.users' is a table, not a column: trace takes ASSET.COLUMN; its "
        "columns: email, id (e.g. `lineage-policy trace stg.users.email`, or `lineage-policy "
        "impact stg.users` for what is downstream of it)")


def test_a_reader_closing_the_pipe_ends_the_command_quietly(project: Path) -> None:
    """`lineage-policy query ... | head -1` exits 0, as git does, not 1 (`set -o pipefail`)."""
    assert invoke("query", "--catalog", str(project), "RETURN 1")[0] == 0  # build the graph
    command = [sys.executable, "-m", "engine", "query", "--catalog", str(project),
               "UNWIND range(1, 200000) AS i RETURN i"]  # more than a pipe's buffer
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          cwd=Path(__file__).parent.parent) as child:
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.readline().split() == [b"i"]
        child.stdout.close()
        err = child.stderr.read()
        assert (child.wait(timeout=120), err) == (0, b"")


def test_a_graph_rebuild_says_why(project: Path) -> None:
    root = project.parent

    def rebuilt() -> str:
        code, _, err = invoke("impact", "--catalog", str(project), "raw.users")
        assert code == 0, err
        return err

    assert "Building the lineage graph (no graph yet)..." in rebuilt()
    assert "Building the lineage graph" not in rebuilt()
    (root / "sql/stg.sql").write_text("CREATE TABLE stg.users AS SELECT id FROM raw.users;")
    (root / "sql/new.sql").write_text("CREATE TABLE stg.more AS SELECT id FROM raw.users;")
    assert "Building the lineage graph (2 SQL files changed)..." in rebuilt()
    (root / "lineage_policies/privacy.yaml").write_text(POLICY.replace("error", "warning"))
    assert "(the policies changed)..." in rebuilt()
    project.write_text(CATALOG.replace("30", "31"))
    (root / "sql/new.sql").unlink()
    assert "(the catalog changed, 1 SQL file changed)..." in rebuilt()


def test_the_catalog_named_through_a_parent_directory_is_the_same_project(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--catalog ../catalog.yaml` from `sql/` names the same project: no "project moved"
    rebuild, either way."""
    assert invoke("impact", "--catalog", str(project), "raw.users")[0] == 0  # build the graph
    monkeypatch.chdir(project.parent / "sql")
    code, _, err = invoke("impact", "--catalog", "../catalog.yaml", "raw.users")
    assert (code, "Building the lineage graph" in err) == (0, False), err
    monkeypatch.chdir(project.parent)
    code, _, err = invoke("impact", "--catalog", "catalog.yaml", "raw.users")
    assert (code, "Building the lineage graph" in err) == (0, False), err
    # and its files are named from the project, not through `sql/..`
    (project.parent / "lineage_policies/privacy.yaml").write_text(POLICY.replace("tag: pii",
                                                                                "tag: pij"))
    monkeypatch.chdir(project.parent / "sql")
    for policies in ([], ["--policies", "../lineage_policies"]):
        code, _, err = invoke("validate", "--catalog", "../catalog.yaml", *policies)
        assert code == 2 and err.startswith("error: lineage_policies/privacy.yaml:"), err


def test_an_engine_upgrade_is_the_one_reason_for_a_rebuild(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new version changes no input: README's `the engine's code changed`, nothing else."""
    assert invoke("impact", "--catalog", str(project), "raw.users")[0] == 0  # build the graph
    monkeypatch.setattr(pipeline, "__version__", "99.0.0")
    monkeypatch.setattr(pipeline, "engine_code_version", lambda: "upgraded code")
    code, _, err = invoke("impact", "--catalog", str(project), "raw.users")
    assert code == 0, err
    assert "Building the lineage graph (the engine's code changed)..." in err


def test_query_reads_the_graph(project: Path) -> None:
    code, out, _ = invoke(
        "query", "--catalog", str(project), "--format", "json",
        "MATCH (c:Col)-[:CARRIES]->(t:Tag) WHERE c.asset STARTS WITH 'export.' "
        "RETURN c.id AS col, t.name AS tag ORDER BY col",
    )
    assert code == 0, out
    assert json.loads(out) == [
        {"col": "export.feed.email", "tag": "pii.email"},
        {"col": "export.hashed.h", "tag": "pseudonymous"},
    ]


def test_query_errors_exit_2(project: Path) -> None:
    assert invoke("query", "--catalog", str(project), "MATCH (x:Nope) RETURN x")[0] == 2
    assert invoke("query", "--catalog", str(project), "CREATE (:Tag {name: 'x'})")[0] == 2


# statements Kùzu's read-only mode still runs: they wrote the graph's directory (CHECKPOINT left
# .wal/.shadow files and the next command rebuilt the graph) or files anywhere
@pytest.mark.parametrize("statement", [
    "CHECKPOINT",
    "  // a comment first\n  checkpoint;",
    "MATCH (a:Asset) RETURN count(*); CHECKPOINT",
    "EXPLAIN CHECKPOINT",
    "PROFILE CHECKPOINT",
    "EXPORT DATABASE '{out}'",
    "IMPORT DATABASE '{out}'",
    "COPY (MATCH (a:Asset) RETURN a.id) TO '{out}.csv'",
    "INSTALL json",
    "LOAD EXTENSION json",
    "LOAD json",
    "UNINSTALL json",
    "ATTACH '{out}.kuzu' AS other (dbtype kuzu)",
    "USE other",
    "BEGIN TRANSACTION",
])
def test_query_refuses_statements_that_are_not_queries(
    project: Path, tmp_path: Path, statement: str
) -> None:
    assert invoke("query", "--catalog", str(project), "MATCH (a:Asset) RETURN a.id")[0] == 0
    graph_dir = project.parent / ".lineage"
    before = {p.name: p.stat().st_mtime_ns for p in graph_dir.iterdir()}
    out = tmp_path / "exported"
    code, stdout, err = invoke("query", "--catalog", str(project),
                               statement.format(out=out))
    assert code == 2, stdout
    assert "is not a reading query: a read-only query starts with MATCH" in err
    assert {p.name: p.stat().st_mtime_ns for p in graph_dir.iterdir()} == before
    assert not list(tmp_path.glob("exported*"))
    code, stdout, err = invoke("query", "--catalog", str(project), "--format", "json",
                               "MATCH (a:Asset) RETURN count(*) AS n")
    assert (code, err) == (0, "")  # not rebuilt
    assert json.loads(stdout) == [{"n": 4}]


@pytest.mark.parametrize("cypher", [
    "/* assets */ optional match (a:Asset {id: 'raw.users'}) return a.id as v",
    "PROFILE MATCH (a:Asset {id: 'raw.users'}) RETURN a.id AS v",
    "UNWIND ['raw.users;CHECKPOINT'] AS v RETURN v",
    "LOAD WITH HEADERS (v STRING) FROM '{csv}' (header=true) RETURN v",
    "LOAD FROM '{csv}' (header=true) RETURN v",
])
def test_query_runs_reading_queries(project: Path, tmp_path: Path, cypher: str) -> None:
    csv = tmp_path / "v.csv"
    csv.write_text("v\nraw.users\n")
    code, stdout, err = invoke("query", "--catalog", str(project), "--format", "json",
                               cypher.replace("{csv}", str(csv)))
    assert code == 0, err
    assert len(json.loads(stdout)) == 1


def test_a_nul_byte_in_sql_is_an_input_error(project: Path) -> None:
    (project.parent / "sql" / "bin.sql").write_bytes(b"SELECT 1 AS a\0\0\0")
    code, _, err = invoke("validate", "--catalog", str(project))
    assert code == 2
    assert "error: sql/bin.sql:1:14: a NUL byte at byte 13 (is it a binary file?" in err


def test_help_lists_commands() -> None:
    code, out, _ = invoke("--help")
    assert code == 0
    for cmd in ("check", "validate", "trace", "impact", "query"):
        assert cmd in out


@pytest.mark.parametrize("debug", [False, True])
def test_an_internal_error_is_exit_2_with_one_line(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                   debug: bool) -> None:
    """A failure no check foresaw must not exit 1, which CI reads as findings."""
    def broken(*args: object, **kwargs: object) -> None:
        raise AttributeError("'TaskLineage' object has no attribute 'absent'")

    monkeypatch.setattr("engine.cli.run", broken)
    if debug:
        monkeypatch.setenv("LINEAGE_POLICY_DEBUG", "1")
        with pytest.raises(AttributeError):
            invoke("check", "--catalog", str(project))
        return
    code, out, err = invoke("check", "--catalog", str(project))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "internal error while running `check`: AttributeError: 'TaskLineage' object has no "
        f"attribute 'absent' (a bug in lineage-policy {__version__}: please report it; set "
        "LINEAGE_POLICY_DEBUG=1 for the traceback)"]


@pytest.mark.parametrize("damage", ["truncated", "random bytes"])
def test_a_damaged_lineage_cache_is_rebuilt_with_a_warning(project: Path, damage: str) -> None:
    """It is only a cache: a bad CI cache restore must not fail every later run."""
    work = project.parent / ".lineage"
    first = invoke("check", "-q", "--wait", "--catalog", str(project))
    cache = work / "cache.sqlite"
    raw = cache.read_bytes()
    cache.write_bytes(raw[: len(raw) // 2] if damage == "truncated" else bytes(range(256)) * 16)
    for kept in ("runs", "last"):  # so the run needs the cache
        shutil.rmtree(work / kept, ignore_errors=True)
    with pytest.warns(RuntimeWarning, match=f"the lineage cache {cache} cannot be read .*; it "
                      "was removed and is built again"):
        code, out, err = invoke("check", "-q", "--wait", "--catalog", str(project))
    assert (code, out) == first[:2], err
    shutil.rmtree(work / "runs")
    shutil.rmtree(work / "last", ignore_errors=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the new one works
        assert invoke("check", "-q", "--catalog", str(project))[0] == first[0]


@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_file_that_cannot_be_read_is_an_input_error(project: Path, command: str) -> None:
    """A link that points to itself (or no permission, an I/O error): exit 2 naming it, no
    traceback (exit 1 would read as findings)."""
    os.symlink("loop.sql", project.parent / "sql" / "loop.sql")
    code, out, err = invoke(command, "--catalog", str(project))
    assert code == 2
    assert err.splitlines() == [
        "error: sql/loop.sql: cannot be read: Too many levels of symbolic links (make it "
        "readable (a link that points to itself? a file the CI user may not read?), or leave "
        "it out with sources.exclude)"]
    assert not (project.parent / "reports").exists()
