"""`aggregates`: every listed name is an aggregate in its dialect family after `normalise`."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from engine.lineage.aggregates import _FAMILIES
from engine.lineage.flows import is_aggregate
from engine.lineage.normalise import normalise

_DIALECT_OF = {
    "Postgres": "postgres",
    "MySQL": "mysql",
    "Oracle": "oracle",
    "Presto": "trino",
    "Hive": "databricks",
    "DuckDB": "duckdb",
    "BigQuery": "bigquery",
    "Snowflake": "snowflake",
    "TSQL": "tsql",
}
NAMES = [(_DIALECT_OF[base.__name__], name) for base, names in _FAMILIES for name in sorted(names)]


def _first_function(sql: str, dialect: str) -> exp.Expr:
    d = Dialect.get_or_raise(dialect)
    tree = normalise(sqlglot.parse_one(sql, read=d), d)
    return next(tree.find_all(exp.Func))


@pytest.mark.parametrize(("dialect", "name"), NAMES, ids=[f"{d}-{n}" for d, n in NAMES])
def test_a_listed_name_is_an_aggregate_in_its_family(dialect: str, name: str) -> None:
    assert is_aggregate(_first_function(f"select {name}(x) from t", dialect))


@pytest.mark.parametrize(
    ("dialect", "name"),
    [("tsql", "checksum"), ("postgres", "some"), ("duckdb", "merge"), ("snowflake", "var")],
)
def test_a_name_that_means_something_else_elsewhere_is_left_alone(dialect: str, name: str) -> None:
    assert not is_aggregate(_first_function(f"select {name}(x, y) from t", dialect))


def test_an_unambiguous_name_is_an_aggregate_in_any_dialect() -> None:
    assert is_aggregate(_first_function("select jsonb_agg(x) from t", "snowflake"))
