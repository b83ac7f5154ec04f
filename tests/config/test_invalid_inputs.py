"""Bad catalogs and policy directories: every error at once, with file:line:col and a hint.

Each `invalid/<case>/` holds a `catalog.yaml` (or none), optionally `lineage_policies/`, and an
`expected.txt` with the exact message lines: the message is part of the product.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.config.catalog import Catalog, load_catalog
from engine.errors import InputError, InputErrors
from engine.pipeline import dialect_errors
from engine.policies.loader import load_policies

CASES = sorted(p for p in (Path(__file__).parent / "invalid").iterdir() if p.is_dir())


def load_errors(case: Path) -> list[InputError]:
    """Load a case as the pipeline does; return every input error (policies checked too)."""
    errors: list[InputError] = []
    catalog: Catalog | None = None
    try:
        catalog = load_catalog(case / "catalog.yaml", display_path="catalog.yaml")
    except InputErrors as exc:
        errors += exc.errors
    else:
        errors += dialect_errors(catalog)  # what only the SQL parser can tell (pipeline)
    try:
        load_policies(case / "lineage_policies", catalog, root=case)
    except InputErrors as exc:
        errors += exc.errors
    return errors


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_invalid_input_messages(case: Path) -> None:
    before = _tree(case)
    lines = [e.render() for e in load_errors(case)]
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert lines == expected
    assert _tree(case) == before, "loading must write nothing"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_error_is_located(case: Path) -> None:
    """A file-level error may lack a line; every other error points at one."""
    for error in load_errors(case):
        assert error.line is not None or error.message in ("file not found",), error.render()
