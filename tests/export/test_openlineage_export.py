"""`lineage --format openlineage`: SQL in, one OpenLineage RunEvent per task out, schema-valid."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from export_support import EVENT_TIME, TASKS, by_job, export_events, input_fields, invoke
from ol_validate import errors_of

from engine.reports.openlineage import PRODUCER

ROOT = Path(__file__).resolve().parents[2]
CORE_ID = "https://openlineage.io/spec/2-0-2/OpenLineage.json"


def _t(
    kind: str, subtype: str, masking: bool = False, description: str | None = None
) -> dict[str, object]:
    """A transformation as exported (no `description` when there is nothing to say)."""
    out: dict[str, object] = {"type": kind, "subtype": subtype, "masking": masking}
    return out | ({"description": description} if description else {})


def test_one_complete_event_per_task(export_project: Path) -> None:
    events = export_events(export_project)
    assert [e["job"]["name"] for e in events] == TASKS
    for e in events:
        assert e["eventType"] == "COMPLETE"
        assert e["eventTime"] == EVENT_TIME
        assert e["producer"] == PRODUCER
        assert e["schemaURL"] == f"{CORE_ID}#/$defs/RunEvent"
        assert e["job"]["namespace"] == "lineage-policy"
        assert uuid.UUID(e["run"]["runId"]).version == 5
    io = {name: ([d["name"] for d in e["inputs"]], [d["name"] for d in e["outputs"]])
          for name, e in by_job(events).items()}
    assert io == {
        "sql/broken.sql": ([], []),
        "sql/events.sql": (["raw.events"], ["stg.events"]),
        "sql/marts/hashed_users.sql": (["stg.users"], ["mart.hashed_users"]),
        "sql/marts/revenue.sql": (["raw.orders", "stg.users"], ["mart.revenue"]),
        "sql/stg_users.sql": (["raw.users"], ["stg.users"]),
    }
    assert {d["namespace"] for e in events for d in e["inputs"] + e["outputs"]} == {"postgres"}


def test_every_event_and_facet_is_valid_against_the_published_schemas(
    export_project: Path,
) -> None:
    for event in export_events(export_project):
        assert errors_of(event) == [], event["job"]["name"]


def test_the_schema_check_is_not_vacuous(export_project: Path) -> None:
    event = by_job(export_events(export_project))["sql/marts/hashed_users.sql"]
    event["run"]["runId"] = "run-1"
    fields = event["outputs"][0]["facets"]["columnLineage"]["fields"]
    del fields["email_hash"]["inputFields"][0]["transformations"][0]["type"]
    del fields["user_id"]["inputFields"][0]["field"]
    assert len(errors_of(event)) == 3


def test_ctas_with_where_has_direct_and_indirect_filter_inputs(export_project: Path) -> None:
    event = by_job(export_events(export_project))["sql/stg_users.sql"]
    fields = event["outputs"][0]["facets"]["columnLineage"]["fields"]
    assert sorted(fields) == ["country", "email", "user_id"]
    assert input_fields(event, "stg.users", "email") == [
        {"namespace": "postgres", "name": "raw.users", "field": "deleted",
         "transformations": [_t("INDIRECT", "FILTER")]},
        {"namespace": "postgres", "name": "raw.users", "field": "email",
         "transformations": [_t("DIRECT", "TRANSFORMATION", description="applies lower")]},
    ]


def test_hashed_column_is_a_masking_transformation(export_project: Path) -> None:
    event = by_job(export_events(export_project))["sql/marts/hashed_users.sql"]
    assert input_fields(event, "mart.hashed_users", "email_hash") == [
        {"namespace": "postgres", "name": "stg.users", "field": "email",
         "transformations": [_t("DIRECT", "TRANSFORMATION", True, "applies md5")]},
    ]
    assert input_fields(event, "mart.hashed_users", "user_id") == [
        {"namespace": "postgres", "name": "stg.users", "field": "user_id",
         "transformations": [_t("DIRECT", "IDENTITY")]},
    ]
    assert "run" in event and "facets" not in event["run"]  # no extraction error


def test_temp_table_is_followed_and_transformations_are_merged_per_source(
    export_project: Path,
) -> None:
    event = by_job(export_events(export_project))["sql/marts/revenue.sql"]
    assert "tmp_orders" not in json.dumps(event["inputs"] + event["outputs"])
    revenue = {(f["name"], f["field"]): f["transformations"]
               for f in input_fields(event, "mart.revenue", "revenue")}
    assert revenue == {
        ("raw.orders", "amount"): [_t("DIRECT", "AGGREGATION", description="applies sum"),
                                   _t("INDIRECT", "FILTER")],
        ("raw.orders", "user_id"): [_t("INDIRECT", "JOIN")],
        ("stg.users", "country"): [_t("INDIRECT", "GROUP_BY")],
        ("stg.users", "user_id"): [_t("INDIRECT", "JOIN")],
    }
    country = {(f["name"], f["field"]): f["transformations"]
               for f in input_fields(event, "mart.revenue", "country")}
    assert country[("stg.users", "country")] == [
        _t("DIRECT", "IDENTITY"), _t("INDIRECT", "GROUP_BY")]


def test_unresolved_star_is_exported_and_said_to_be_unresolved(export_project: Path) -> None:
    event = by_job(export_events(export_project))["sql/events.sql"]
    (star,) = input_fields(event, "stg.events", "*")
    assert (star["name"], star["field"]) == ("raw.events", "*")
    (transformation,) = star["transformations"]
    assert transformation["type"] == "DIRECT"
    assert transformation["description"].startswith("unresolved:")
    (error,) = event["run"]["facets"]["extractionError"]["errors"]
    assert error["errorMessage"].startswith("unresolved-star:")


def test_unparseable_task_still_emits_an_event_with_its_extraction_error(
    export_project: Path,
) -> None:
    event = by_job(export_events(export_project))["sql/broken.sql"]
    assert (event["inputs"], event["outputs"]) == ([], [])
    facet = event["run"]["facets"]["extractionError"]
    assert (facet["totalTasks"], facet["failedTasks"]) == (1, 1)
    (error,) = facet["errors"]
    assert error["errorMessage"].startswith("parse-error: cannot parse statement 1")
    assert error["task"].startswith("sql/broken.sql:1")
    assert event["job"]["facets"]["sql"]["query"] == "SELEC id FROM FROM raw.users;"


def test_an_empty_task_has_an_event_without_an_extraction_error(export_project: Path) -> None:
    (export_project.parent / "sql/empty.sql").write_text("-- nothing yet\n")
    event = by_job(export_events(export_project))["sql/empty.sql"]
    assert (event["inputs"], event["outputs"]) == ([], [])
    assert "extractionError" not in (event["run"].get("facets") or {})


def test_two_exports_are_byte_identical_and_run_ids_follow_content(export_project: Path) -> None:
    args = ("lineage", "--catalog", str(export_project), "--event-time", EVENT_TIME)
    first, second = invoke(*args), invoke(*args)
    assert first[0] == 0 and first == second
    before = by_job([json.loads(line) for line in first[1].splitlines()])
    (export_project.parent / "sql" / "events.sql").write_text("SELECT 1;\n")
    after = by_job(export_events(export_project))
    assert after["sql/events.sql"]["run"]["runId"] != before["sql/events.sql"]["run"]["runId"]
    assert after["sql/stg_users.sql"]["run"] == before["sql/stg_users.sql"]["run"]


def test_namespaces_are_configurable(export_project: Path) -> None:
    events = export_events(
        export_project, "--namespace", "ci", "--dataset-namespace", "postgres://db:5432"
    )
    assert {e["job"]["namespace"] for e in events} == {"ci"}
    event = by_job(events)["sql/marts/hashed_users.sql"]
    assert event["inputs"][0]["namespace"] == "postgres://db:5432"
    (field,) = input_fields(event, "mart.hashed_users", "user_id")
    assert field["namespace"] == "postgres://db:5432"


def test_output_file_instead_of_stdout(export_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "events.ndjson"
    code, out, _ = invoke("lineage", "--catalog", str(export_project), "--event-time",
                          EVENT_TIME, "--output", str(target))
    assert (code, out) == (0, "")
    assert [json.loads(line)["job"]["name"] for line in target.read_text().splitlines()] == TASKS


@pytest.mark.parametrize("args, message", [
    (("--event-time", "yesterday"), "expected ISO 8601"),
    (("--format", "json", "--emit"), "--emit sends OpenLineage events"),
    (("--catalog", "missing.yaml"), "missing.yaml"),
])
def test_bad_input_exits_2(export_project: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = invoke("lineage", "--catalog", str(export_project), *args)
    assert (code, out) == (2, "")
    assert message in err


def test_demo_warehouse_exports_one_valid_event_per_task() -> None:
    events = export_events(ROOT / "catalog.yaml")
    assert len(events) == 51
    assert len({e["run"]["runId"] for e in events}) == 51
    for event in events:
        assert errors_of(event) == [], event["job"]["name"]
    assert {d["namespace"] for e in events for d in e["inputs"]} == {"snowflake"}
    assert sum(1 for e in events if "facets" in e["run"]) == 2  # the partial and unknown tasks
