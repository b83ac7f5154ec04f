"""`lineage --format json`: the engine's own lineage, versioned, sorted, lossless."""

from __future__ import annotations

import json
from pathlib import Path

from export_support import TASKS, invoke

from engine.lineage import extract_task
from engine.models import Task
from engine.reports import lineage_json


def _export(catalog: Path) -> str:
    code, out, err = invoke("lineage", "--catalog", str(catalog), "--format", "json")
    assert code == 0, err
    return out


def test_shape_and_order(export_project: Path) -> None:
    doc = json.loads(_export(export_project))
    assert list(doc) == ["version", "tasks"] and doc["version"] == 1
    assert [t["task"] for t in doc["tasks"]] == TASKS
    for task in doc["tasks"]:
        assert list(task) == ["task", "sha256", "status", "statements", "edges", "diagnostics"]
        keys = [(e["statement"], e["target"], e["source"]) for e in task["edges"]]
        assert keys == sorted(keys)
    status = {t["task"]: t["status"] for t in doc["tasks"]}
    assert status == {"sql/broken.sql": "unknown", "sql/events.sql": "partial",
                      "sql/marts/hashed_users.sql": "ok", "sql/marts/revenue.sql": "ok",
                      "sql/stg_users.sql": "ok"}


def test_edges_carry_masking_and_provenance(export_project: Path) -> None:
    doc = json.loads(_export(export_project))
    (hashed,) = [t for t in doc["tasks"] if t["task"] == "sql/marts/hashed_users.sql"]
    assert hashed["edges"] == [
        {"source": "stg.users.email", "target": "mart.hashed_users.email_hash", "type": "DIRECT",
         "subtype": "TRANSFORMATION", "functions": ["md5"], "masking": True, "statement": 1,
         "line": 2, "resolution": "resolved"},
        {"source": "stg.users.user_id", "target": "mart.hashed_users.user_id", "type": "DIRECT",
         "subtype": "IDENTITY", "functions": [], "masking": False, "statement": 1, "line": 2,
         "resolution": "resolved"},
    ]
    (revenue,) = [t for t in doc["tasks"] if t["task"] == "sql/marts/revenue.sql"]
    assert [s["target"] for s in revenue["statements"]] == [None, "mart.revenue"]
    (broken,) = [t for t in doc["tasks"] if t["task"] == "sql/broken.sql"]
    (diagnostic,) = broken["diagnostics"]
    assert diagnostic["code"] == "parse-error"
    assert diagnostic["location"]["path"] == "sql/broken.sql"


def test_round_trip_is_lossless_and_output_deterministic(export_project: Path) -> None:
    text = _export(export_project)
    loaded = lineage_json.load(text)
    assert [t.task for t in loaded] == TASKS
    assert lineage_json.render(loaded) == text
    assert _export(export_project) == text
    (hashed,) = [t for t in loaded if t.task == "sql/marts/hashed_users.sql"]
    assert {(str(e.source), e.masking) for e in hashed.all_edges()} == {
        ("stg.users.email", True), ("stg.users.user_id", False)}


def test_a_create_if_not_exists_says_so_and_round_trips() -> None:
    sql = "CREATE TABLE IF NOT EXISTS a.log (job text);\nCREATE TABLE a.t (x int);"
    lineage = extract_task(Task(path="sql/log.sql", text=sql, sha256="0" * 64), None, {})
    text = lineage_json.render([lineage])
    statements = json.loads(text)["tasks"][0]["statements"]
    assert [s.get("if_not_exists") for s in statements] == [True, None]  # only where it is so
    assert lineage_json.load(text) == (lineage,)


def test_a_merge_lists_its_insert_columns_and_round_trips() -> None:
    sql = ("MERGE INTO a.t USING a.s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v\n"
           "WHEN NOT MATCHED THEN INSERT (id, v) VALUES (s.id, s.v);\n"
           "MERGE INTO a.u USING a.s ON u.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v;")
    lineage = extract_task(Task(path="sql/m.sql", text=sql, sha256="0" * 64), None, {})
    text = lineage_json.render([lineage])
    statements = json.loads(text)["tasks"][0]["statements"]
    assert [s.get("insert_columns") for s in statements] == [["id", "v"], None]
    (loaded,) = lineage_json.load(text)  # (wide edges come back as the column edges they are)
    assert loaded.statements == lineage.statements
