"""Shared fixtures: write a mini project (catalog, SQL, policies) to a temp dir and run it."""

from __future__ import annotations

import gc
import textwrap
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path

import pytest

from engine.pipeline import RunResult, run
from engine.usercache import CACHE_DIR_ENV

TODAY = date(2026, 11, 24)

# A one-table catalog (raw.users, its email pii) for tests whose SQL derives from it.
USERS_CATALOG = """
dialect: postgres
sources: {sql: ["sql/**/*.sql"]}
tags: {pii: {}}
assets:
  raw.users:
    columns:
      id: {}
      email: {tags: [pii]}
      country: {}
"""

MakeProject = Callable[..., Path]


def write_project(
    root: Path,
    catalog: str,
    sql: Mapping[str, str] | None = None,
    policies: Mapping[str, str] | None = None,
) -> Path:
    """Write catalog.yaml, SQL files and policy files under `root`; return the catalog path."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "catalog.yaml"
    path.write_text(textwrap.dedent(catalog).lstrip())
    for name, text in (sql or {}).items():
        f = root / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(textwrap.dedent(text).lstrip())
    for name, text in (policies or {}).items():
        f = root / "lineage_policies" / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(textwrap.dedent(text).lstrip())
    return path


@pytest.fixture(autouse=True, scope="session")
def _user_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point the user cache (parsed catalogs, `engine.usercache`) at a per-session temp dir, so
    tests never write to the home directory; subprocesses inherit it through the environment."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CACHE_DIR_ENV, str(tmp_path_factory.mktemp("user-cache")))
        yield


@pytest.fixture(autouse=True)
def _unfrozen_heap() -> Iterator[None]:
    """CLI commands freeze the heap for the rest of their one-shot process (`gc.freeze`);
    this process runs hundreds of them, so let each test's objects be collected again."""
    yield
    gc.unfreeze()


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Return a function writing a mini project into tmp_path/project."""

    def _make(
        catalog: str,
        sql: Mapping[str, str] | None = None,
        policies: Mapping[str, str] | None = None,
    ) -> Path:
        return write_project(tmp_path / "project", catalog, sql, policies)

    return _make


def run_at(catalog_path: Path, **kwargs: object) -> RunResult:
    """Run the pipeline with a fixed date so waiver results are reproducible."""
    return run(catalog_path, today=TODAY, **kwargs)  # type: ignore[arg-type]


def tags_of(result: RunResult, column_id: str) -> set[str]:
    """Return the tags carried by a column."""
    return {a.tag for a in result.tags.on_column(column_id)}


def lock_is_free(lock: Path) -> bool:
    """Whether another open of `lock` can share it now (flock locks an open file, not a
    process: this works from the process that holds it too)."""
    import fcntl  # POSIX only, as the tests that call this are

    with open(lock, "ab") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
    return True
