"""Rule function names that look like typos are warned about on `check`, with a likely fix."""

from __future__ import annotations

import pytest

from engine.rulenames import edit_distance
from tests.conftest import MakeProject
from tests.test_cli import invoke

CATALOG = """
dialect: snowflake
sources: {{sql: ["sql/*.sql"]}}
{top}
tags:
  pii: {pii}
  pseudonymous: {{}}
assets:
  raw.u: {{columns: {{email: {{tags: [pii]}}}}}}
"""
SQL = "CREATE TABLE stg.f AS SELECT tokenize(email) AS t, sha2(email) AS h FROM raw.u;"


@pytest.mark.parametrize(("top", "pii", "warning"), [
    # a sqlglot function's typo, on the edges or not
    ("", "{masking: {sah2: pseudonymous}}",
     "catalog.yaml:5: 'sah2' in the masking rules of tag 'pii' names a function no SQL of the "
     "run calls (did you mean 'sha2'?)"),
    ("propagation: {aggregation: {cuont: drop}}", "{}",
     "catalog.yaml:3: 'cuont' in the aggregation rules of propagation names a function no SQL "
     "of the run calls (did you mean 'count'?)"),
    # the typo of a user's function the run calls
    ("masking_functions: [tokenise]", "{}",
     "catalog.yaml:3: 'tokenise' in masking_functions names a function no SQL of the run "
     "calls (did you mean 'tokenize'?)"),
    # no warning: a function the run calls, one sqlglot knows, a user's function like no other
    ("masking_functions: [tokenize, md5, mask_email, redact]", "{}", None),
    ("", "{masking: {SHA2: pseudonymous}, aggregation: {hll: drop}}", None),
])
def test_check_warns_of_a_rule_name_that_looks_like_a_typo(
        make_project: MakeProject, top: str, pii: str, warning: str | None) -> None:
    catalog = make_project(CATALOG.format(top=top, pii=pii), sql={"sql/f.sql": SQL},
                           policies={"p.yaml": "policies: []\n"})
    code, _, err = invoke("check", "--catalog", str(catalog), "-q")
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert warnings == ([f"warning: {warning}"] if warning else [])


@pytest.mark.parametrize(("a", "b", "distance"), [
    ("sah2", "sha2", 1), ("cuont", "count", 1), ("tokenise", "tokenize", 1),
    ("redact", "predict", 2), ("md5", "md5", 0), ("", "abc", 3),
])
def test_edit_distance_counts_a_swap_of_neighbours_as_one(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance == edit_distance(b, a)
