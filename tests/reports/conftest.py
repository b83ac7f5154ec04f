"""Fixtures for report tests: the demo run (once per session) and hostile/synthetic variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.pipeline import RunResult
from engine.reports import RenderMeta
from tests.conftest import run_at
from tests.reports.builders import hostile

ROOT = Path(__file__).resolve().parents[2]
META = RenderMeta(generated_at="2026-11-24T00:00:00+00:00")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    """The demo warehouse's run, evaluated as of 2026-11-24."""
    graph = tmp_path_factory.mktemp("reports-demo") / "graph.kuzu"
    return run_at(ROOT / "catalog.yaml", graph_path=graph)


@pytest.fixture(scope="session")
def evil(demo: RunResult) -> RunResult:
    """The demo run with markup in asset and column names, messages, reasons and rules."""
    return hostile(demo)
