"""Statements sqlglot cannot parse as written, read for their table-level facts: what each
writes and reads, where it is, and what is said about it (`neutral`, `psql`, `mutations`)."""

from __future__ import annotations

import pytest

from engine.lineage import extract_task
from engine.models import Task, TaskLineage


def run(text: str, dialect: str, schema: dict | None = None) -> TaskLineage:
    return extract_task(Task(path="sql/job.sql", text=text, sha256="f" * 64), dialect, schema or {})


def facts(result: TaskLineage) -> list[tuple[int, str, str | None, tuple[str, ...]]]:
    return [(s.line, s.kind, s.target, s.sources) for s in result.statements]


def test_psql_meta_commands_are_no_statements_and_client_copy_moves_rows() -> None:
    result = run(
        "\\set ON_ERROR_STOP on\n"
        "insert into m.t select a from s.t;\n"
        "\\copy m.t to '/tmp/out.csv' csv header\n"
        "\\copy m.v from 'in.csv' with csv\n"
        "COPY m.w (a) FROM stdin;\n"
        "1\n"
        "\\N\n"
        "\\.\n"
        "insert into m.u select a from s.t\n"
        "\\g\n",
        "postgres",
    )
    assert facts(result) == [
        (2, "insert", "m.t", ("s.t",)),
        (3, "other", None, ("m.t",)),  # `\copy t to`: reads t
        (4, "other", "m.v", ()),  # `\copy t from`: writes t
        (5, "other", "m.w", ()),
        (9, "insert", "m.u", ("s.t",)),
    ]
    assert result.diagnostics == () and result.status == "ok"


def test_a_copy_from_stdin_without_rows_in_the_file_blanks_nothing() -> None:
    result = run(
        "\\timing\ncopy m.w from stdin;\ninsert into m.u select a from s.t;\n", "redshift"
    )
    assert facts(result) == [(2, "other", "m.w", ()), (3, "insert", "m.u", ("s.t",))]


def test_clickhouse_delete_mutation_is_a_delete() -> None:
    result = run(
        "alter table dw.events on cluster '{cluster}' delete in partition tuple()\n"
        " where id in (select id from dw.bots);\n"
        "alter table dw.events drop partition 2024;\n",
        "clickhouse",
    )
    assert facts(result) == [(1, "delete", "dw.events", ("dw.bots",))]
    assert result.diagnostics == ()


def test_oracle_merge_with_delete_where_is_one_statement() -> None:
    result = run(
        "merge into m.t d using s.t s on (d.id = s.id)\n"
        "when matched then update set d.v = s.v\n"
        "delete where s.del = 1\n"
        "when not matched then insert (d.id, d.v) values (s.id, s.v);\n",
        "oracle",
    )
    assert facts(result) == [(1, "merge", "m.t", ("m.t", "s.t"))]
    assert result.diagnostics == ()


def test_a_cut_in_the_middle_of_a_line_that_the_rest_does_not_confirm_is_one_parse_error() -> (
    None
):
    result = run(
        "merge into m.t d using s.t s on d.id = s.id\n"
        "when matched then update set v = s.v delete where s.del = 1\n"
        "when not matched then insert (id, v) values (s.id, s.v);\n"
        "insert into m.u select id from s.t;\n",
        "postgres",
    )
    assert facts(result) == [(4, "insert", "m.u", ("s.t",))]
    [diag] = result.diagnostics
    assert diag.code == "parse-error" and "statement 1" in diag.message


def test_tsql_statements_on_one_line_are_still_cut() -> None:
    result = run(
        "insert into a select x from s insert into b select y from s"
        " update c set z = 1 delete from d where q = 1",
        "tsql",
    )
    assert [(s.kind, s.target) for s in result.statements] == [
        ("insert", "a"), ("insert", "b"), ("update", "c"), ("delete", "d"),
    ]
    assert result.diagnostics == ()


def test_oracle_error_logging_table_is_not_a_target() -> None:
    """The rows that fail go to the error table: that is not recorded as a write (yet)."""
    result = run(
        "insert into m.t select a from s.t log errors into m.err$_t reject limit unlimited;",
        "oracle",
    )
    assert facts(result) == [(1, "insert", "m.t", ("s.t",))]
    assert result.writes == ("m.t",)


def test_athena_unload_of_an_unquoted_query_reads_its_tables() -> None:
    result = run(
        "UNLOAD (\n"
        "  WITH x AS (SELECT o.id FROM s.orders o JOIN s.customers c ON c.id = o.id)\n"
        "  SELECT id FROM x WHERE id > 0\n"
        ") TO 's3://b/out/' WITH (format = 'PARQUET', partitioned_by = ARRAY['dt']);\n"
        "unload ('select id from s.refunds') to 's3://r/' iam_role 'x';\n",
        "athena",
    )
    assert facts(result) == [
        (1, "other", None, ("s.customers", "s.orders")),
        (5, "other", None, ("s.refunds",)),
    ]
    assert result.diagnostics == ()


def test_explain_analyze_runs_its_statement_and_plain_explain_nothing() -> None:
    result = run(
        "explain analyze insert into m.t select a from s.t;\n"
        "explain insert into m.u select a from s.t;\n"
        "explain analyze verbose delete from m.t where a in (select a from s.gone);\n"
        "explain select a from s.t;\n",
        "duckdb",
    )
    assert facts(result) == [(1, "insert", "m.t", ("s.t",)), (3, "delete", "m.t", ("s.gone",))]
    assert result.diagnostics == ()


def test_a_tsql_trigger_is_its_body_reading_its_table() -> None:
    result = run(
        "CREATE TRIGGER dbo.tr ON dbo.orders AFTER INSERT AS\n"
        "BEGIN\n"
        "  INSERT INTO dbo.audit (id) SELECT id FROM inserted\n"
        "  DELETE FROM dbo.pending WHERE id IN (SELECT id FROM deleted)\n"
        "END\n"
        "GO\n",
        "tsql",
    )
    assert facts(result) == [
        (3, "insert", "dbo.audit", ("dbo.orders",)),
        (4, "delete", "dbo.pending", ("dbo.orders",)),
    ]
    assert result.diagnostics == ()  # the header is no statement


def test_a_sqlite_trigger_header_and_end_are_no_statements() -> None:
    result = run(
        "create temp trigger if not exists t_upd after update of total on orders\n"
        "for each row when new.total <> old.total begin\n"
        "  insert into log (id, delta) values (new.id, new.total - old.total);\n"
        "end;\n"
        "insert into x select id from orders;\n",
        "sqlite",
    )
    assert facts(result) == [(3, "insert", "log", ("orders",)), (5, "insert", "x", ("orders",))]
    assert result.diagnostics == ()


@pytest.mark.parametrize(
    ("dialect", "text"),
    [
        # the SELECT starts a line, but the CTAS before it is no statement without it
        (
            "snowflake",
            "CREATE OR REPLACE TABLE m.t AS\nSELECT\n  count(s.id AS n,\n  s.a\nFROM s.t AS s",
        ),
        ("postgres", "create view m.v as\nwith c as (select a from s.t\nselect * from c"),
        # a branch's INSERT starts a line: the MERGE before it is not the whole MERGE
        (
            "snowflake",
            "merge into m.t d using s.t s on d.id = s.id\n"
            "when matched then update set d.a = s.a\n"
            "when not matched then\ninsert (id, a) values (s.id, s.a",
        ),
    ],
    ids=["ctas", "view-with", "merge-branch"],
)
def test_a_broken_statement_is_one_parse_error_never_a_head_taken_for_the_whole(
    dialect: str, text: str
) -> None:
    result = run(text, dialect, {"s.t": {"id": "int", "a": "int"}})
    assert result.statements == () and result.status == "unknown"
    assert [d.code for d in result.diagnostics] == ["parse-error"]


def test_a_statement_sqlglot_keeps_as_a_command_prints_no_warning(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """sqlglot logs a warning for every statement it keeps as a raw command (`CALL p()`):
    the engine handles those itself, so nothing reaches the user's stderr."""
    import logging

    logging.getLogger("sqlglot").addHandler(handler := logging.StreamHandler())
    try:
        run("CALL etl.load_users();\ninsert into m.t select a from s.t;", "bigquery")
    finally:
        logging.getLogger("sqlglot").removeHandler(handler)
    assert "Falling back" not in capfd.readouterr().err


def test_a_clickhouse_scalar_with_prints_no_warning(capfd: pytest.CaptureFixture[str]) -> None:
    """sqlglot's scope building cannot traverse a scalar CTE (`WITH lower(email) AS mail`) and
    logs so: the engine reads the name as its expression before any scope is built."""
    import logging

    logging.getLogger("sqlglot").addHandler(handler := logging.StreamHandler())
    try:
        result = run("INSERT INTO m.t WITH lower(a) AS b SELECT b FROM s.t", "clickhouse",
                     {"s.t": {"a": "String"}})
    finally:
        logging.getLogger("sqlglot").removeHandler(handler)
    assert "Cannot traverse scope" not in capfd.readouterr().err
    assert result.status == "ok"


@pytest.mark.parametrize(
    ("sql", "dialect", "expected", "columns"),
    [
        pytest.param(
            "create pipe raw.p auto_ingest = true as copy into raw.orders (id, amount)"
            " from @raw.stage file_format = (type = 'JSON');",
            "snowflake", [(1, "other", "raw.orders", ())], None, id="snowpipe",
        ),
        pytest.param(
            "BULK INSERT stg.orders FROM 'a.csv' WITH (TABLOCK)\n"
            "COPY INTO stg.blob (id 1, note DEFAULT 'x' 2) FROM 'https://a/b.csv'\n",
            "tsql", [(1, "other", "stg.orders", ()), (2, "other", "stg.blob", ())],
            ("id", "note"), id="bulk-insert-and-synapse-copy-positions",
        ),
        pytest.param(
            "load data into raw.e partition by date(ts) cluster by u options (a = 'b')"
            " from files (format = 'CSV', uris = ['gs://x/*']);",
            "bigquery", [(1, "other", "raw.e", ())], None, id="load-data-storage-clauses",
        ),
        pytest.param(
            "insert into function s3('s3://b/x.parquet', 'Parquet')\n"
            "select a from dw.t join dw.u using (id);\n"
            "insert into function remote('h', db.t) values (1);\n",
            "clickhouse", [(1, "other", None, ("dw.t", "dw.u"))], None,
            id="insert-into-function-an-unload",
        ),
    ],
)
def test_loads_sqlglot_cannot_parse_are_read_as_the_load_they_are(
    sql: str, dialect: str, expected: list[tuple[object, ...]], columns: tuple[str, ...] | None
) -> None:
    """Snowpipe, BULK INSERT, Synapse COPY INTO with positions, LOAD DATA with storage clauses:
    table-level writes (`loads`); ClickHouse `INSERT INTO FUNCTION`: an unload, its reads kept."""
    result = run(sql, dialect)
    assert facts(result) == expected
    assert result.diagnostics == ()
    if columns is not None:  # a Synapse COPY's column list keeps only the names
        assert result.statements[-1].target_columns == columns


def test_a_use_that_does_not_parse_says_the_names_after_it_are_not_completed() -> None:
    result = run("use my-db;\ninsert into t select a from s", "hive")
    (error,) = [d for d in result.diagnostics if d.code == "parse-error"]
    assert "not completed by this USE" in error.message
    assert facts(result) == [(2, "insert", "t", ("s",))]


@pytest.mark.parametrize(
    ("dialect", "sql", "says"),
    [
        ("tsql", "INSERT INTO x SELECT a b c d FROM t",
         "Invalid expression / Unexpected token (at 'c')"),
        ("postgres", "SELECT a FROM t WHERE a = = 1", "missing for EQ (at '=')"),
        ("tsql", "INSERT INTO x SELECT a b 'two\nlines' FROM t", "(at 'two lines')"),
    ],
)
def test_a_parse_error_names_the_word_it_stopped_at(dialect: str, sql: str, says: str) -> None:
    result = run(sql, dialect)
    (error,) = [d for d in result.diagnostics if d.code == "parse-error"]
    assert error.message.endswith(says)
