"""The export tests' project (catalog + SQL) and helpers: run the CLI, pick events and fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from engine.cli import main

EVENT_TIME = "2026-11-24T12:00:00+00:00"

CATALOG = """
dialect: postgres
sources: {sql: ["sql/**/*.sql"]}
masking_functions: [md5]
assets:
  raw.users:
    columns: {id: {}, email: {}, country: {}, deleted: {}}
  raw.orders:
    columns: {order_id: {}, user_id: {}, amount: {}}
"""
SQL = {
    # CTAS with a WHERE: every column gets an INDIRECT/FILTER input from `deleted`.
    "sql/stg_users.sql": """
        CREATE TABLE stg.users AS
        SELECT id AS user_id, lower(email) AS email, country
        FROM raw.users
        WHERE deleted = false;
    """,
    # INSERT with a hashed column: md5 is a catalog masking function.
    "sql/marts/hashed_users.sql": """
        INSERT INTO mart.hashed_users (user_id, email_hash)
        SELECT user_id, md5(email) FROM stg.users;
    """,
    # A temporary table followed through to the persistent target.
    "sql/marts/revenue.sql": """
        CREATE TEMP TABLE tmp_orders AS
        SELECT user_id, amount FROM raw.orders WHERE amount > 0;

        INSERT INTO mart.revenue (country, revenue)
        SELECT u.country, sum(o.amount)
        FROM tmp_orders o JOIN stg.users u ON o.user_id = u.user_id
        GROUP BY u.country;
    """,
    # A star over a table the catalog does not know: an unresolved `*` edge.
    "sql/events.sql": "CREATE TABLE stg.events AS SELECT * FROM RAW.Events;",
    "sql/broken.sql": "SELEC id FROM FROM raw.users;",
}
TASKS = sorted(p for p in SQL)


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def export_events(catalog: Path, *args: str) -> list[dict[str, Any]]:
    """Return the OpenLineage events `lineage` prints for a catalog, at the fixed event time."""
    code, out, err = invoke("lineage", "--catalog", str(catalog), "--event-time", EVENT_TIME, *args)
    assert code == 0, err
    assert out.endswith("\n")
    return [json.loads(line) for line in out.splitlines()]


def by_job(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Return the events keyed by job name (the task path)."""
    return {e["job"]["name"]: e for e in events}


def input_fields(event: dict[str, Any], output: str, column: str) -> list[dict[str, Any]]:
    """Return the inputFields of one column of one output dataset of an event."""
    (dataset,) = [d for d in event["outputs"] if d["name"] == output]
    return dataset["facets"]["columnLineage"]["fields"][column]["inputFields"]
