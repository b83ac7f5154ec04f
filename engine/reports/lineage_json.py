"""The engine's own lineage as JSON (`lineage --format json`), versioned, sorted, reproducible.

Shape (version 1)::

    {"version": 1, "tasks": [{"task", "sha256", "status",
        "statements": [{"index", "line", "kind", "target", "target_columns", "sources",
                        "if_not_exists"?, "insert_columns"?}],
        "edges": [{"source": "raw.users.email", "target": "stg.users.email", "type",
                   "subtype", "functions", "masking", "statement", "line", "resolution"}],
        "diagnostics": [{"code", "message", "location": {"path", "line", "column"?},
                         "asset", "column"}]}]}

Tasks are sorted by path, statements by index, edges by (statement, target, source, type,
subtype, functions, line), diagnostics by position. `load` is the inverse of `render`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from engine.models import (
    ColumnRef,
    Diagnostic,
    LineageEdge,
    Location,
    StatementLineage,
    TaskLineage,
)

LINEAGE_JSON_VERSION = 1


def render(lineage: Sequence[TaskLineage]) -> str:
    """Return the lineage document (edges must carry their `masking` flags already)."""
    doc = {"version": LINEAGE_JSON_VERSION,
           "tasks": [task_dict(t) for t in sorted(lineage, key=lambda t: t.task)]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def task_dict(t: TaskLineage) -> dict[str, Any]:
    """Return the JSON form of one task's lineage (stable key and item order)."""
    return {
        "task": t.task,
        "sha256": t.sha256,
        "status": t.status,
        "statements": [
            {"index": s.index, "line": s.line, "kind": s.kind, "target": s.target,
             "target_columns": list(s.target_columns), "sources": list(s.sources),
             **({"if_not_exists": True} if s.if_not_exists else {}),
             **({"insert_columns": list(s.insert_columns)} if s.insert_columns else {})}
            for s in sorted(t.statements, key=lambda s: s.index)
        ],
        "edges": [edge_dict(e) for e in sorted(t.all_edges(), key=_edge_order)],
        "diagnostics": [
            {"code": d.code, "message": d.message,
             "location": d.location.model_dump(exclude_none=True),
             "asset": d.asset, "column": d.column}
            for d in sorted(t.diagnostics, key=_diagnostic_order)
        ],
    }


def edge_dict(e: LineageEdge) -> dict[str, Any]:
    """Return the JSON form of one edge; columns as `asset.column` like the graph's Col ids."""
    return {"source": e.source.id, "target": e.target.id, "type": e.type, "subtype": e.subtype,
            "functions": list(e.functions), "masking": e.masking,
            "statement": e.statement_index, "line": e.line, "resolution": e.resolution}


def _edge_order(e: LineageEdge) -> tuple[Any, ...]:
    return (e.statement_index, e.target.id, e.source.id, e.type, e.subtype, e.functions, e.line,
            e.resolution, e.masking)


def _diagnostic_order(d: Diagnostic) -> tuple[Any, ...]:
    return (d.location.path, d.location.line, d.location.column or 0, d.code, d.message)


def load(text: str) -> tuple[TaskLineage, ...]:
    """Return the task lineages of a rendered document (for consumers, and to test losslessness)."""
    doc = json.loads(text)
    if doc.get("version") != LINEAGE_JSON_VERSION:
        raise ValueError(f"unsupported lineage JSON version {doc.get('version')!r}")
    return tuple(_task(t) for t in doc["tasks"])


def _task(t: dict[str, Any]) -> TaskLineage:
    return TaskLineage(
        task=t["task"], sha256=t["sha256"], status=t["status"],
        statements=tuple(StatementLineage(**s) for s in t["statements"]),
        edges=tuple(_edge(e, t["task"]) for e in t["edges"]),
        diagnostics=tuple(
            Diagnostic(**{**d, "location": Location(**d["location"])}) for d in t["diagnostics"]
        ),
    )


def _edge(e: dict[str, Any], task: str) -> LineageEdge:
    return LineageEdge(
        source=_column(e["source"]), target=_column(e["target"]), type=e["type"],
        subtype=e["subtype"], functions=tuple(e["functions"]), masking=e["masking"], task=task,
        statement_index=e["statement"], line=e["line"], resolution=e["resolution"],
    )


def _column(ref: str) -> ColumnRef:
    # Asset ids are dotted and column names are not, so the last dot splits them.
    asset, _, column = ref.rpartition(".")
    return ColumnRef(asset=asset, column=column)
