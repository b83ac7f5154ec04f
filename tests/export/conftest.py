"""Fixtures of the export tests: the small project of `export_support`."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_support import CATALOG, SQL

from tests.conftest import MakeProject


@pytest.fixture
def export_project(make_project: MakeProject) -> Path:
    """Return the catalog path of the export test project (five tasks, one unparseable)."""
    return make_project(CATALOG, sql=SQL)
