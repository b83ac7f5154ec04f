"""A table is one asset however the SQL qualifies it: names get the catalog's number of parts.

SQL in, tags out: a pii column declared under the catalog's name must reach the export whether
the SQL names its table with a database (`ANALYTICS.RAW.CUSTOMERS`), after a `USE`, or
unqualified in the database's default schema (`engine.lineage.naming`).
"""

from __future__ import annotations

import pytest

from engine.lineage.naming import Naming
from tests.conftest import MakeProject, run_at, tags_of


def _catalog(dialect: str, sources: list[str], extra: str = "") -> str:
    assets = "\n".join(
        f"  {s}:\n    columns:\n      id: {{}}\n      email: {{tags: [pii]}}" for s in sources
    )
    return f"""
dialect: {dialect}
sources: {{sql: ["sql/*.sql"]}}
{extra}
tags:
  pii: {{}}
assets:
{assets}
"""


@pytest.mark.parametrize(
    ("dialect", "sources", "extra", "sql", "export"),
    [
        pytest.param(
            "snowflake", ["raw.customers"], "",
            "USE DATABASE analytics;\n"
            "CREATE TABLE export.feed AS SELECT id, email FROM raw.customers;",
            "export.feed", id="snowflake-use-database",
        ),
        pytest.param(
            "snowflake", ["raw.customers"], "",
            "CREATE TABLE export.feed AS SELECT id, email FROM ANALYTICS.RAW.CUSTOMERS;",
            "export.feed", id="three-part-name-two-part-catalog",
        ),
        pytest.param(
            "snowflake", ["raw.customers"], "",
            "USE DATABASE analytics;\nUSE SCHEMA marts;\n"
            "CREATE TABLE totals AS SELECT id, email FROM raw.customers;\n"
            "CREATE TABLE export.feed AS SELECT * FROM marts.totals;",
            "export.feed", id="use-schema-then-two-part-reader",
        ),
        pytest.param(
            "tsql", ["src.customers"], "",
            "USE dw\nGO\nSELECT id, email INTO export.feed FROM src.customers",
            "export.feed", id="tsql-use-go",
        ),
        pytest.param(
            "tsql", ["dbo.customers"], "",
            "SELECT id, email INTO export.feed FROM [dw].[dbo].[customers]",
            "export.feed", id="tsql-bracketed-three-part",
        ),
        pytest.param(
            "tsql", ["dbo.customers"], "",
            "SELECT id, email INTO export.feed FROM customers",
            "export.feed", id="tsql-bare-name-is-dbo",
        ),
        pytest.param(  # P28-1: the alias is the table's own name, in another case
            "tsql", ["dbo.customers"], "",
            "SELECT customers.id, customers.email INTO export.feed FROM Customers customers",
            "export.feed", id="tsql-bare-name-aliased-by-itself",
        ),
        pytest.param(
            "postgres", ["public.customers"], "",
            "CREATE TABLE export.feed AS SELECT Customers.id, Customers.email\n"
            "FROM customers Customers;",
            "export.feed", id="postgres-bare-name-aliased-by-itself",
        ),
        pytest.param(  # P29-1: the alias is the three-part name's database
            "redshift", ["public.customers"], "",
            'CREATE TABLE export.feed AS SELECT events.id, events.email\n'
            'FROM "events"."public"."customers" events;',
            "export.feed", id="redshift-aliased-by-its-database",
        ),
        pytest.param(
            "snowflake", ["public.customers", "public.orders"], "",
            "CREATE TABLE export.feed AS SELECT o.id, analytics.email\n"
            "FROM analytics.public.customers analytics\n"
            "JOIN analytics.public.orders o ON o.id = analytics.id;",
            "export.feed", id="snowflake-another-table-of-the-aliased-database",
        ),
        pytest.param(  # a two-part name starting with another table's alias: a table
            "snowflake", ["db.staging.orders", "db.staging.customers"], "",
            "USE DATABASE db;\nCREATE TABLE db.export.feed AS SELECT staging.id, c.email\n"
            "FROM staging.orders staging JOIN staging.customers c ON c.id = staging.id;",
            "db.export.feed", id="snowflake-two-part-name-of-an-aliased-schema",
        ),
        pytest.param(
            "postgres", ["public.customers"], "",
            "CREATE TABLE export.feed AS SELECT id, email FROM customers;",
            "export.feed", id="postgres-bare-name-is-public",
        ),
        pytest.param(
            "postgres", ["stg.customers"], "",
            "CREATE TABLE flags AS SELECT id, email FROM stg.customers;\n"
            "CREATE TABLE export.feed AS SELECT * FROM public.flags;",
            "export.feed", id="postgres-created-bare-read-qualified",
        ),
        pytest.param(
            "bigquery", ["stg.users"], "",
            "CREATE TABLE export.feed AS SELECT id, email FROM `acme-prod.stg.users`;",
            "export.feed", id="bigquery-project-dropped",
        ),
        pytest.param(
            "databricks", ["main.silver.customers", "main.gold.x"], "",
            "CREATE TABLE gold.feed AS SELECT id, email FROM silver.customers;",
            "main.gold.feed", id="three-part-catalog-one-database",
        ),
        pytest.param(
            "databricks", ["main.silver.customers", "hive_metastore.legacy.x"],
            "names: {database: main}",
            "CREATE TABLE gold.feed AS SELECT id, email FROM silver.customers;",
            "main.gold.feed", id="names-database-given",
        ),
        pytest.param(
            "snowflake", ["raw.customers", "raw.orders", "analytics.ref.people"], "",
            "CREATE TABLE export.feed AS SELECT id, email FROM ref.people;",
            "export.feed", id="mixed-catalog-its-three-part-name",
        ),
        pytest.param(
            "snowflake", ["raw.customers"], "names: {schema: raw}",
            "CREATE TABLE export.feed AS SELECT id, email FROM customers;",
            "export.feed", id="names-schema-given",
        ),
    ],
)
def test_a_table_named_another_way_is_the_catalogs_asset(
    make_project: MakeProject, dialect: str, sources: list[str], extra: str, sql: str,
    export: str,
) -> None:
    path = make_project(_catalog(dialect, sources, extra), {"sql/a.sql": sql})
    result = run_at(path)
    assert tags_of(result, f"{export}.email") == {"pii"}
    made_up = set(result.assets) - {*sources, export, "marts.totals", "public.flags"}
    assert not made_up


@pytest.mark.parametrize(
    ("dialect", "sql", "renamed"),
    [
        pytest.param(
            "snowflake",
            "CREATE TABLE analytics.stg.a AS SELECT id, email FROM raw.customers;\n"
            "ALTER TABLE analytics.stg.a RENAME TO analytics.stg.b;\n"
            "CREATE TABLE export.feed AS SELECT * FROM stg.b;",
            "stg.b", id="alter-rename-to-a-longer-name",
        ),
        pytest.param(
            "mysql",
            "USE stg;\nCREATE TABLE a AS SELECT id, email FROM raw.customers;\n"
            "ALTER TABLE a RENAME TO b;\nCREATE TABLE export.feed AS SELECT * FROM stg.b;",
            "stg.b", id="alter-rename-after-use",
        ),
        pytest.param(
            "mysql",
            "USE stg;\nCREATE TABLE a AS SELECT id, email FROM raw.customers;\n"
            "RENAME TABLE a TO b;\nCREATE TABLE export.feed AS SELECT * FROM stg.b;",
            "stg.b", id="rename-table-after-use",
        ),
        pytest.param(
            "tsql",
            "SELECT id, email INTO stg.a FROM raw.customers;\nRENAME OBJECT stg.a TO b;\n"
            "SELECT * INTO export.feed FROM stg.b;",
            "stg.b", id="rename-object-stays-in-its-schema",
        ),
    ],
)
def test_a_renamed_table_takes_the_catalogs_form_on_every_rename_path(
    make_project: MakeProject, dialect: str, sql: str, renamed: str,
) -> None:
    """ALTER ... RENAME TO, RENAME TABLE and RENAME OBJECT put the new name where the database
    does (beside the old one, or the session's schema) and give it the catalog's parts. The
    old name, made and renamed away by the file, is no asset."""
    path = make_project(_catalog(dialect, ["raw.customers"]), {"sql/a.sql": sql})
    result = run_at(path)
    assert tags_of(result, f"{renamed}.email") == {"pii"}
    assert tags_of(result, "export.feed.email") == {"pii"}
    assert set(result.assets) == {"raw.customers", renamed, "export.feed"}


def test_names_the_catalog_does_not_know_keep_its_number_of_parts(
    make_project: MakeProject,
) -> None:
    """Tables only the SQL makes take the catalog's form too, so every file agrees on them."""
    path = make_project(_catalog("snowflake", ["raw.customers"]), {
        "sql/a.sql": "USE DATABASE analytics;\n"
                     "CREATE TABLE stg.c AS SELECT id, email FROM raw.customers;",
        "sql/b.sql": "CREATE TABLE export.feed AS SELECT * FROM analytics.stg.c;",
    })
    result = run_at(path)
    assert {"stg.c", "export.feed"} <= set(result.assets)
    assert tags_of(result, "export.feed.email") == {"pii"}


@pytest.mark.parametrize(
    ("ids", "database", "schema", "expected"),
    [
        ([], None, None, None),
        (["raw.a", "stg.b"], None, None, Naming(2)),
        (["main.raw.a", "main.stg.b"], None, None, Naming(3, ("main",))),
        (["main.raw.a", "dev.stg.b"], None, None, Naming(3)),
        (["main.raw.a", "dev.stg.b"], "main", None, Naming(3, ("main",))),
        (["raw.a", "raw.b", "x.ref.c"], None, "public", Naming(2, (), ("x.ref.c",), "public")),
        (["a.b", "c.d.e", "f.g.h"], None, None, Naming(3, (), ("a.b",))),  # ties: the longer
        # P30-1: `person` is the catalog's own, not the short form of src.person
        (["person", "other", "third", "src.person", "src.x"], None, None,
         Naming(1, (), ("src.person", "src.x"), taken=("person",))),
    ],
)
def test_naming_of_a_catalog(
    ids: list[str], database: str | None, schema: str | None, expected: Naming | None
) -> None:
    assert Naming.of(ids, database, schema) == expected


@pytest.mark.parametrize(
    ("naming", "name", "expected"),
    [
        (Naming(2), "analytics.raw.c", "raw.c"),
        (Naming(2), "srv.db.dbo.c", "dbo.c"),
        (Naming(2), "raw.c", "raw.c"),
        (Naming(2), "c", "c"),
        (Naming(2, schema="public"), "c", "public.c"),
        (Naming(3, ("main",)), "silver.c", "main.silver.c"),
        (Naming(3, ("main",), schema="public"), "c", "main.public.c"),
        (Naming(3, schema="public"), "c", "c"),  # which database: unknown
        (Naming(3), "silver.c", "silver.c"),
        (Naming(2, (), ("x.ref.c",)), "ref.c", "x.ref.c"),
        (Naming(2, (), ("x.ref.c", "y.ref.c")), "ref.c", "ref.c"),  # which: unknown
        (Naming(2, (), ("x.ref.c",)), "x.ref.c", "x.ref.c"),
        (Naming(2, (), ("c",)), "c", "c"),
        (Naming(1, (), ("src.person", "src.x"), taken=("person",)), "person", "person"),
        (Naming(1, (), ("src.person", "src.x"), taken=("person",)), "x", "src.x"),
        (Naming(1, (), ("src.person", "src.x"), taken=("person",)), "src.person", "src.person"),
    ],
)
def test_naming_resolves_a_name(naming: Naming, name: str, expected: str) -> None:
    assert naming.form(name) == expected  # (resolve, joined): what the driver ships by


@pytest.mark.parametrize(
    ("dialect", "schema", "expected"),
    [("postgres", None, "public"), ("redshift", None, "public"), ("tsql", None, "dbo"),
     ("duckdb", None, "main"), ("snowflake", None, None), ("databricks", None, None),
     ("snowflake", "raw", "raw"), ("postgres", "app", "app")],
)
def test_an_unqualified_names_schema(
    dialect: str, schema: str | None, expected: str | None
) -> None:
    naming = Naming.of(["a.b"], schema=schema, dialect=dialect)
    assert naming is not None and naming.schema == expected


def test_a_changed_names_section_re_resolves_cached_tasks(make_project: MakeProject) -> None:
    """The catalog's naming keys the lineage cache: a warm run after `names` changes reads the
    names anew, not from what the cache kept."""
    sources = ["main.silver.customers", "dev.silver.customers"]
    sql = {"sql/a.sql": "CREATE TABLE gold.feed AS SELECT id, email FROM silver.customers;"}
    path = make_project(_catalog("databricks", sources, "names: {database: main}"), sql)
    assert tags_of(run_at(path), "main.gold.feed.email") == {"pii"}
    path.write_text(path.read_text().replace("database: main", "database: dev"))
    result = run_at(path)
    assert "dev.gold.feed" in result.assets and "main.gold.feed" not in result.assets
    assert tags_of(result, "dev.gold.feed.email") == {"pii"}


def test_a_name_the_catalog_has_is_that_asset_beside_a_longer_one_of_its_form(
    make_project: MakeProject,
) -> None:
    """P30-1: MySQL `customers` (the current database's) beside the catalog's
    `src.customers`: the SQL's bare name is the catalog's `customers`."""
    catalog = _catalog("mysql", ["customers", "orders", "src.customers"])
    sql = {"sql/a.sql": "INSERT INTO feed (id, email) SELECT id, email FROM customers;",
           "sql/b.sql": "INSERT INTO feed2 (id) SELECT id FROM src.customers;"}
    result = run_at(make_project(catalog, sql))
    assert result.assets["customers"].read_by == ("sql/a.sql",)
    assert result.assets["src.customers"].read_by == ("sql/b.sql",)


def test_a_warm_run_re_resolves_a_name_kept_from_an_alias_once_a_task_makes_the_table(
    make_project: MakeProject,
) -> None:
    """In Redshift (whose FROM has SUPER paths from an alias), whether
    `analytics.public.neworders` beside a table aliased `analytics` is a table depends on
    whether one is known: a task that later makes it re-extracts the reader."""
    reader = ("CREATE TABLE export.feed AS SELECT o.id, o.email\n"
              "FROM analytics.public.customers analytics\n"
              "JOIN analytics.public.neworders o ON o.id = analytics.id;")
    path = make_project(_catalog("redshift", ["public.customers"]), {"sql/y.sql": reader})
    run_at(path)
    (path.parent / "sql" / "x.sql").write_text(
        "CREATE TABLE public.neworders AS SELECT id, email FROM public.customers;")
    assert tags_of(run_at(path), "export.feed.email") == {"pii"}


@pytest.mark.parametrize("dialect", ["snowflake", "tsql", "databricks"])
def test_where_from_has_no_paths_a_longer_name_beside_an_alias_is_a_table(
    make_project: MakeProject, dialect: str,
) -> None:
    """A FROM item `analytics.public.neworders` beside a table aliased `analytics` is a table
    the catalog does not know, given the catalog's parts as any other: no path from the
    alias in these dialects."""
    sql = {"sql/y.sql": "CREATE TABLE export.feed AS SELECT o.id\n"
                        "FROM analytics.public.customers analytics\n"
                        "JOIN analytics.public.neworders o ON o.id = analytics.id;"}
    result = run_at(make_project(_catalog(dialect, ["public.customers"]), sql))
    assert "public.neworders" in result.assets
    assert "analytics.public.neworders" not in result.assets
