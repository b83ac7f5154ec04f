"""The public API is pinned: adding or removing a name is a deliberate, reviewed change."""

from __future__ import annotations

import engine

PUBLIC = [
    "AssetInfo", "ColumnRef", "EngineError", "Finding", "GraphStore", "GraphStoreError",
    "InputError", "InputErrors", "LineageEdge", "PathStep", "Project", "RunResult", "Severity",
    "TagAssignment", "TaskLineage", "__version__", "load_project", "run",
]


def test_all_is_sorted_and_pinned() -> None:
    assert engine.__all__ == sorted(engine.__all__)
    assert engine.__all__ == sorted(PUBLIC)


def test_every_public_name_resolves() -> None:
    for name in engine.__all__:
        assert getattr(engine, name) is not None
