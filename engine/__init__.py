"""Lineage-as-code policy engine.

SQL -> column lineage -> Kùzu graph -> tags -> policies -> reports.

Public API (everything else is internal)::

    from engine import run, load_project
    result = run(Path("catalog.yaml"))          # RunResult: lineage, assets, tags, findings
    for f in result.findings: print(f.policy, f.asset, f.column, f.tag)

Attributes are loaded lazily so that importing a leaf module (engine.models) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "run": "engine.pipeline",
    "load_project": "engine.pipeline",
    "RunResult": "engine.pipeline",
    "Project": "engine.pipeline",
    "GraphStore": "engine.graph",
    "AssetInfo": "engine.models",
    "ColumnRef": "engine.models",
    "Finding": "engine.models",
    "LineageEdge": "engine.models",
    "PathStep": "engine.models",
    "Severity": "engine.models",
    "TagAssignment": "engine.models",
    "TaskLineage": "engine.models",
    "EngineError": "engine.errors",
    "InputError": "engine.errors",
    "InputErrors": "engine.errors",
    "GraphStoreError": "engine.errors",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'engine' has no attribute {name!r}")
