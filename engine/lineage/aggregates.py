"""Aggregates sqlglot parses as plain functions (`exp.Anonymous`), re-typed as aggregates.

sqlglot has a class for most aggregates, and its ClickHouse parser knows that dialect's
aggregates (and their combinators) by name. For the other dialects, the aggregates it has no
class for are listed below, per dialect family, from each vendor's list of aggregate functions
(only the names sqlglot 30 parses as `Anonymous`). `mark_aggregates` turns them into
`exp.AnonymousAggFunc`, sqlglot's own node for an aggregate it does not model, so that whatever
looks for an aggregate sees one: qualify (an alias of an aggregate is no GROUP BY key), and this
package (`flows.is_aggregate`: AGGREGATION flows, GROUP BY ALL, a lateral aggregate without
GROUP BY that keeps every outer row).
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.bigquery import BigQuery
from sqlglot.dialects.dialect import Dialect
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.dialects.hive import Hive
from sqlglot.dialects.mysql import MySQL
from sqlglot.dialects.oracle import Oracle
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.presto import Presto
from sqlglot.dialects.snowflake import Snowflake
from sqlglot.dialects.tsql import TSQL

# A family covers its sqlglot subclasses (Postgres: Redshift; Presto: Trino, Athena; Hive:
# Spark, Databricks; MySQL: Doris, StarRocks; TSQL: Fabric).
_FAMILIES: tuple[tuple[type[Dialect], frozenset[str]], ...] = (
    # https://www.postgresql.org/docs/current/functions-aggregate.html
    (Postgres, frozenset({
        "every", "json_agg_strict", "jsonb_agg", "jsonb_agg_strict", "json_arrayagg",
        "json_object_agg_strict", "json_object_agg_unique", "json_object_agg_unique_strict",
        "jsonb_object_agg_strict", "jsonb_object_agg_unique", "jsonb_object_agg_unique_strict",
        "range_agg", "range_intersect_agg", "xmlagg",
    })),
    # https://dev.mysql.com/doc/refman/8.4/en/aggregate-functions.html
    (MySQL, frozenset({"json_arrayagg"})),
    # https://docs.oracle.com/en/database/oracle/oracle-database/23/sqlrf/Aggregate-Functions.html
    (Oracle, frozenset({
        "approx_count", "approx_count_distinct_agg", "approx_count_distinct_detail",
        "approx_median", "approx_percentile", "approx_percentile_agg", "approx_percentile_detail",
        "approx_rank", "approx_sum", "bit_and_agg", "bit_or_agg", "bit_xor_agg", "checksum",
        "collect", "corr_k", "corr_s", "kurtosis_pop", "kurtosis_samp", "skewness_pop",
        "skewness_samp", "stats_binomial_test", "stats_crosstab", "stats_f_test",
        "stats_ks_test", "stats_mode", "stats_mw_test", "stats_one_way_anova",
        "stats_t_test_indep", "stats_t_test_indepu", "stats_t_test_one", "stats_t_test_paired",
        "stats_wsr_test", "sys_xmlagg", "xmlagg",
    })),
    # https://trino.io/docs/current/functions/aggregate.html
    (Presto, frozenset({
        "approx_most_frequent", "approx_set", "checksum", "every", "geometric_mean",
        "histogram", "khyperloglog_agg", "map_agg", "map_union", "merge", "multimap_agg",
        "numeric_histogram", "qdigest_agg", "reduce_agg", "set_union", "tdigest_agg",
    })),
    # https://spark.apache.org/docs/latest/sql-ref-functions-builtin.html#aggregate-functions
    # https://docs.databricks.com/en/sql/language-manual/sql-ref-functions-builtin.html
    (Hive, frozenset({
        "count_min_sketch", "every", "histogram_numeric", "hll_sketch_agg", "hll_union_agg",
        "kll_sketch_agg_bigint", "kll_sketch_agg_double", "kll_sketch_agg_float", "mean",
        "some", "std", "try_avg", "try_sum",
    })),
    # https://duckdb.org/docs/stable/sql/functions/aggregates
    (DuckDB, frozenset({
        "arbitrary", "arg_max_null", "arg_min_null", "bitstring_agg", "entropy", "favg",
        "fsum", "geomean", "geometric_mean", "histogram", "histogram_exact", "kahan_sum",
        "kurtosis_pop", "mad", "product", "reservoir_quantile", "sumkahan", "weighted_avg",
    })),
    # https://cloud.google.com/bigquery/docs/reference/standard-sql/aggregate_functions, and the
    # HLL_COUNT, KLL_QUANTILES and geography aggregates
    (BigQuery, frozenset({
        "hll_count.init", "hll_count.merge", "hll_count.merge_partial",
        "kll_quantiles.init_double", "kll_quantiles.init_int64", "kll_quantiles.init_uint64",
        "kll_quantiles.merge_double", "kll_quantiles.merge_int64", "kll_quantiles.merge_partial",
        "kll_quantiles.merge_uint64", "st_centroid_agg", "st_extent", "st_union_agg",
    })),
    # https://docs.snowflake.com/en/sql-reference/functions-aggregation
    (Snowflake, frozenset({"hll_accumulate", "hll_combine"})),
    # https://learn.microsoft.com/en-us/sql/t-sql/functions/aggregate-functions-transact-sql
    (TSQL, frozenset({
        "approx_percentile_cont", "approx_percentile_disc", "checksum_agg", "stdevp", "var",
        "varp",
    })),
)
# Names that mean something else (or could be anyone's function) outside their family: T-SQL's
# CHECKSUM hashes a row, MERGE is a statement. The other names are aggregates wherever they
# exist, so they count in every dialect (a Postgres file read as generic SQL keeps jsonb_agg).
_FAMILY_ONLY = frozenset({"checksum", "collect", "mad", "mean", "merge", "some", "std", "var"})
_EVERYWHERE = frozenset().union(*(names for _, names in _FAMILIES)) - _FAMILY_ONLY
_BY_DIALECT: dict[type, frozenset[str]] = {}


def mark_aggregates(functions: list[exp.Anonymous], dialect: Dialect | None) -> None:
    """Re-type, in place, each of `functions` that is an aggregate of `dialect` as
    `exp.AnonymousAggFunc` (its arguments, name, comments and position kept)."""
    if not functions:
        return
    names = _names_for(dialect)
    for func in functions:
        name = func.name.lower()
        dot = func.parent
        if isinstance(dot, exp.Dot) and isinstance(dot.this, exp.Identifier):
            name = f"{dot.this.name.lower()}.{name}"  # BigQuery `hll_count.merge(...)`
        if name in names:
            agg = exp.AnonymousAggFunc(**func.args)
            agg.comments = func.comments
            if func.meta_get("line") is not None:
                agg.meta.update(func.meta)
            func.replace(agg)


def _names_for(dialect: Dialect | None) -> frozenset[str]:
    cls = type(dialect)
    names = _BY_DIALECT.get(cls)
    if names is None:
        names = _EVERYWHERE.union(
            *(family for base, family in _FAMILIES if isinstance(dialect, base))
        )
        _BY_DIALECT[cls] = names
    return names
