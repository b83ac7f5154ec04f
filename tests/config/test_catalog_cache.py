"""The catalog parse cache: a catalog loaded before from the same bytes and engine code comes
back from the user's cache, identical (moved to where it is read now); anything else is parsed,
and errors always come from a fresh parse."""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import engine.config.catalog as catalog_module
from engine.config.catalog import Catalog, load_catalog
from engine.errors import InputErrors
from engine.usercache import CACHE_DIR_ENV, PickleStore, user_cache_dir

SYNTAX = Path(__file__).resolve().parents[2] / "docs" / "syntax.md"
FULL = re.findall(r"```yaml\n(.*?)```", SYNTAX.read_text(encoding="utf-8"), re.S)[1]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own, and its `catalogs/` folder (where entries go)."""
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "user-cache"))
    return tmp_path / "user-cache" / "catalogs"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every catalog parse (the display path of each `parse_yaml` call)."""
    calls: list[str] = []
    real = catalog_module.parse_yaml

    def counting(text: str, *, display_path: str) -> Any:
        calls.append(display_path)
        return real(text, display_path=display_path)

    monkeypatch.setattr(catalog_module, "parse_yaml", counting)
    return calls


def write(path: Path, text: str = FULL) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*.pickle")) if cache_dir.is_dir() else []


def answers(catalog: Catalog) -> dict[str, Any]:
    """What the rest of the engine asks a catalog, as plain values to compare."""
    assets = sorted(catalog.assets)
    return {
        "path": catalog.path, "display_path": catalog.display_path, "root": catalog.root,
        "spec": catalog.spec.model_dump(), "asset_lines": dict(catalog.asset_lines),
        "tags_declared": catalog.tags_declared, "teams_declared": catalog.teams_declared,
        "known_tags": catalog.known_tags, "known_teams": catalog.known_teams,
        "zones": {a: catalog.zone_of(a) for a in [*assets, "stg.unknown", "x.y"]},
        "flags": {a: (catalog.is_source(a), catalog.is_sink(a)) for a in assets},
        "rules": {t: catalog.tag_rule(t) for t in sorted(catalog.known_tags)},
        "masking": catalog.masking_functions, "schema": catalog.schema(),
        "tag_infos": catalog.tag_infos(), "asset_infos": [catalog.asset_info(a) for a in assets],
        "globs": (catalog.sql_globs, catalog.exclude_globs), "graph": catalog.graph_path,
    }


def test_second_load_comes_from_the_cache_and_answers_the_same(
    tmp_path: Path, cache_dir: Path, parses: list[str]
) -> None:
    path = write(tmp_path / "p" / "catalog.yaml")
    fresh = load_catalog(path)
    assert parses == ["catalog.yaml"] and len(entries(cache_dir)) == 1
    cached = load_catalog(path)
    assert parses == ["catalog.yaml"]  # not parsed again
    assert cached is not fresh and answers(cached) == answers(fresh)
    assert fresh.asset_lines and cached.dialect == fresh.dialect
    # The cached catalog still crosses process boundaries like a fresh one.
    assert answers(pickle.loads(pickle.dumps(cached))) == answers(fresh)


def test_any_changed_input_is_parsed_afresh(
    tmp_path: Path, cache_dir: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "p" / "catalog.yaml")
    load_catalog(path)
    # One byte of the file.
    write(path, FULL.replace("dialect: snowflake", "dialect: snowflakf"))
    assert load_catalog(path).dialect == "snowflakf"
    # The same bytes shown under another name.
    moved = write(tmp_path / "q" / "catalog.yaml")
    assert load_catalog(moved, display_path="q/catalog.yaml").display_path == "q/catalog.yaml"
    # Other engine code.
    monkeypatch.setattr(catalog_module, "engine_code_version", lambda: "other code")
    load_catalog(moved)
    assert parses == ["catalog.yaml"] * 2 + ["q/catalog.yaml", "catalog.yaml"]
    assert len(entries(cache_dir)) == 4


def test_the_same_bytes_elsewhere_come_from_the_cache_moved_there(
    tmp_path: Path, cache_dir: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A base revision's copy in a temporary directory reuses the working tree's entry (one
    entry, no parse) and answers as a fresh parse at its own location."""
    load_catalog(write(tmp_path / "p" / "catalog.yaml"))
    moved = write(tmp_path / "q" / "catalog.yaml")
    relocated = load_catalog(moved)
    assert parses == ["catalog.yaml"] and len(entries(cache_dir)) == 1
    assert relocated.path == moved.absolute() and relocated.root == moved.parent.absolute()
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "another-cache"))
    assert answers(relocated) == answers(load_catalog(moved))
    assert len(parses) == 2  # the comparison's own fresh parse


@pytest.mark.parametrize(
    "spoil",
    [
        lambda f: f.write_bytes(b"not a pickle"),
        lambda f: f.write_bytes(f.read_bytes()[:1000]),  # truncated
        lambda f: f.write_bytes(pickle.dumps((f.stem, "not a catalog"))),
        lambda f: f.write_bytes(pickle.dumps(("another key", "x"))),
        lambda f: f.write_bytes(pickle.dumps((f.stem, Path())).replace(b"pathlib", b"pathlix")),
    ],
    ids=["garbage", "truncated", "wrong-type", "wrong-key", "unimportable"],
)
def test_an_unreadable_entry_is_a_miss_and_is_replaced(
    tmp_path: Path, cache_dir: Path, parses: list[str], spoil: Callable[[Path], Any]
) -> None:
    path = write(tmp_path / "catalog.yaml")
    expected = answers(load_catalog(path))
    [entry] = entries(cache_dir)
    spoil(entry)
    assert answers(load_catalog(path)) == expected and len(parses) == 2
    assert answers(load_catalog(path)) == expected and len(parses) == 2  # rewritten


def test_an_unwritable_cache_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    blocker = write(tmp_path / "a-file", "")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))  # cannot be created
    path = write(tmp_path / "catalog.yaml")
    assert load_catalog(path).dialect == load_catalog(path).dialect == "snowflake"
    assert len(parses) == 2


def test_an_invalid_catalog_is_never_cached_and_reports_the_same_each_time(
    tmp_path: Path, cache_dir: Path, parses: list[str]
) -> None:
    path = write(tmp_path / "catalog.yaml", FULL.replace("owner: core-data", "owner: nobody", 1))
    messages = []
    for _ in range(2):
        with pytest.raises(InputErrors) as info:
            load_catalog(path)
        messages.append([str(e) for e in info.value.errors])
    assert messages[0] == messages[1] and "catalog.yaml:" in messages[0][0]
    assert re.search(r":\d+:\d+: ", messages[0][0])  # located: file:line:col
    assert len(parses) == 2 and entries(cache_dir) == []


def test_missing_and_undecodable_files_report_as_before(tmp_path: Path, cache_dir: Path) -> None:
    with pytest.raises(InputErrors, match="file not found"):
        load_catalog(tmp_path / "catalog.yaml")
    (tmp_path / "catalog.yaml").write_bytes(b"dialect: \xff\n")
    with pytest.raises(InputErrors, match=r"catalog.yaml:1:10: not valid UTF-8 text at byte 9 "
                       r"\(invalid start byte: save the file as UTF-8\)"):
        load_catalog(tmp_path / "catalog.yaml")
    assert entries(cache_dir) == []


def test_only_the_eight_most_recently_used_are_kept(
    tmp_path: Path, cache_dir: Path, parses: list[str]
) -> None:
    paths = [write(tmp_path / f"p{i}" / "catalog.yaml", f"{FULL}# catalog {i}\n")
             for i in range(9)]
    entry_of: dict[int, Path] = {}
    for i, path in enumerate(paths[:8]):
        before = set(entries(cache_dir))
        load_catalog(path)
        [entry_of[i]] = set(entries(cache_dir)) - before
        os.utime(entry_of[i], (1_000_000 + i, 1_000_000 + i))  # used in this order, long ago
    load_catalog(paths[0])  # a hit makes it the most recently used
    assert len(parses) == 8
    load_catalog(paths[8])
    assert len(entries(cache_dir)) == 8
    assert entry_of[0].exists() and not entry_of[1].exists()  # the least recently used went


def test_cache_directory_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "explicit"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv(CACHE_DIR_ENV)
    assert user_cache_dir() == tmp_path / "xdg" / "lineage-policy"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # ignored, as the XDG spec says
    assert user_cache_dir() == tmp_path / "home" / ".cache" / "lineage-policy"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert user_cache_dir() == tmp_path / "home" / ".cache" / "lineage-policy"
    assert PickleStore("catalogs").directory() == tmp_path / "home/.cache/lineage-policy/catalogs"


def test_store_round_trip_and_stale_temp_files(tmp_path: Path, cache_dir: Path) -> None:
    store = PickleStore("catalogs", keep=2)
    assert store.get("ab" * 32) is None
    store.put("ab" * 32, {"x": (1, 2)})
    assert store.get("ab" * 32) == {"x": (1, 2)}
    stale = cache_dir / ".abab.dead.tmp"
    stale.write_bytes(b"")
    os.utime(stale, (1, 1))
    store.put("cd" * 32, lambda: None)  # unpicklable: silently not stored
    assert store.get("cd" * 32) is None and stale.exists()
    store.put("cd" * 32, "y")
    assert not stale.exists() and [p.name for p in cache_dir.iterdir() if p.suffix == ".tmp"] == []

