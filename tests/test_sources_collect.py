"""`collect` finds, orders, names and reads SQL files exactly as the plain pathlib version did
(the one below, kept as the reference) while skipping its per-file pathlib work."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from engine.errors import InputErrors
from engine.models import Task
from engine.sources import collect, relative_posix


def reference_collect(
    root: Path, patterns: Iterable[str], exclude: Iterable[str] = (), *,
    display_root: Path | None = None,
) -> tuple[Task, ...]:
    """The straightforward version `collect` must match (minus the error reporting)."""
    display_root = display_root or root

    def matches(pats: Iterable[str]) -> dict[str, set[Path]]:
        # a trailing `**` is every file under the directory (Path.glob before 3.13: dirs only)
        pats = [p + "/*" if p == "**" or p.endswith("/**") else p for p in pats]
        return {p: {f for f in root.glob(p) if f.is_file()} for p in pats}

    def rel(path: Path) -> str:
        if path.is_relative_to(display_root):
            return path.relative_to(display_root).as_posix()
        return relative_posix(path, display_root)

    found = matches(patterns)
    excluded = set().union(*matches(exclude).values()) if exclude else set()
    files = sorted(set().union(*found.values()) - excluded, key=lambda p: (
        tuple(re.sub(r"[0-9]+(?:[._][0-9]+)*", lambda m: ".".join(
            n.zfill(20) for n in re.split("[._]", m.group())), part).replace("__", "\1")
              for part in p.parts), str(p)))
    out, real = [], set()
    for f in files:
        if f.resolve() in real:  # a link to a file matched before
            continue
        real.add(f.resolve())
        raw = f.read_bytes()
        out.append(Task(path=rel(f), text=raw.decode("utf-8-sig"),
                        sha256=hashlib.sha256(raw).hexdigest()))
    return tuple(out)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project whose file names test ordering, hidden files and links."""
    root = tmp_path / "proj"
    files = {
        "sql/a.sql": "select 1", "sql/a-b/x.sql": "select 2", "sql/a/x.sql": "select 3",
        "sql/a.b/x.sql": "select 4", "sql/A/x.sql": "select 5", "sql/a/b/c/deep.sql": "select 6",
        "sql/.hidden.sql": "select 7", "sql/.hid/x.sql": "select 8", "sql/z.SQL": "select 9",
        "sql/bom.sql": "\ufeffselect 10", "sql/scratch/tmp.sql": "select 11",
        "sql/naïve é.sql": "select 'é'", "models/m.sql": "select 12", "other/o.sql": "select 13",
        "sql/notes.txt": "not sql", "sql/V10__c.sql": "select 14", "sql/V2__b.sql": "select 15",
        "sql/V1__a.sql": "select 16", "sql/v9/x.sql": "select 17", "sql/v10/x.sql": "select 18",
        "sql/V1_1__d.sql": "select 19", "sql/V1.2__e.sql": "select 20",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "sql" / "dir.sql").mkdir()  # a directory matching *.sql is not a task
    os.symlink(root / "other", root / "sql" / "linked")  # `**` does not descend into it
    os.symlink(root / "models" / "m.sql", root / "sql" / "link.sql")  # a file link is a file
    return root


@pytest.mark.parametrize(
    ("patterns", "exclude"),
    [
        (["sql/**/*.sql"], []),
        (["sql/**/*.sql"], ["sql/scratch/**"]),
        (["sql/*.sql", "sql/**/x.sql", "models/*.sql"], ["sql/a*/*.sql"]),
        (["**/*.sql"], []),
        (["sql/linked/*.sql", "./sql/../other/*.sql", "sql//a.sql"], []),
        (["sql/**/*"], ["**/*.txt"]),
    ],
)
def test_same_tasks_order_paths_and_texts_as_plain_pathlib(
    tree: Path, patterns: list[str], exclude: list[str]
) -> None:
    got = collect(tree, patterns, exclude, display_root=tree)
    assert got == reference_collect(tree, patterns, exclude, display_root=tree)
    assert got  # every pattern matched something


def test_order_is_by_path_parts(tree: Path) -> None:
    paths = [t.path for t in collect(tree, ["sql/**/x.sql"])]
    assert paths == ["sql/.hid/x.sql", "sql/A/x.sql", "sql/a/x.sql", "sql/a-b/x.sql",
                     "sql/a.b/x.sql", "sql/v9/x.sql", "sql/v10/x.sql"]


def test_numbers_in_paths_order_as_numbers_as_flyway_runs_migrations(tree: Path) -> None:
    paths = [t.path for t in collect(tree, ["sql/V*.sql"])]
    assert paths == ["sql/V1__a.sql", "sql/V1_1__d.sql", "sql/V1.2__e.sql", "sql/V2__b.sql",
                     "sql/V10__c.sql"]


def test_display_root_other_than_the_glob_root(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for display_root in (tree.parent, tree / "sql", tree / "elsewhere"):
        got = collect(tree, ["sql/**/*.sql"], display_root=display_root)
        assert got == reference_collect(tree, ["sql/**/*.sql"], display_root=display_root)
    monkeypatch.chdir(tree)  # a relative root, as `collect(Path("."), ...)` from a script
    for root, display in ((Path("."), None), (Path("sql"), Path(".")), (Path("."), tree)):
        got = collect(root, ["**/*.sql"], display_root=display)
        assert got == reference_collect(root, ["**/*.sql"], display_root=display)
    assert collect(Path("."), ["sql/a.sql"])[0].path == "sql/a.sql"


def test_bom_is_dropped_and_hash_is_of_the_bytes(tree: Path) -> None:
    [task] = collect(tree, ["sql/bom.sql"])
    assert task.text == "select 10"
    assert task.sha256 == hashlib.sha256((tree / "sql/bom.sql").read_bytes()).hexdigest()


_UTF8 = ("not valid UTF-8 at byte {}", "save the file as UTF-8")
# A NUL became part of a column's name (`a\x00\x00\x00`) in the graph and reports.
_NUL = ("a NUL byte at byte {}",
        "is it a binary file? remove the byte, or leave the file out with sources.exclude")


@pytest.mark.parametrize(
    ("raw", "offset", "line", "col", "problem"),
    [(b"select \xff", 7, 1, 8, _UTF8), (b"\xef\xbb\xbfselect \xff", 7, 1, 8, _UTF8),
     (b"ok\xe2\x82", 2, 1, 3, _UTF8),
     ("select 'é',\r\n  'ü', ".encode() + b"\xe9", 22, 2, 8, _UTF8),
     (b"SELECT 1 AS a\0\0\0", 13, 1, 14, _NUL),
     ("select 'é',\n 1".encode() + b"\0", 15, 2, 3, _NUL)],
    ids=["plain", "after-bom", "truncated", "second-line", "nul-end", "nul-second-line"],
)
def test_a_bad_byte_is_named_with_its_line(
    tree: Path, raw: bytes, offset: int, line: int, col: int, problem: tuple[str, str]
) -> None:
    (tree / "sql" / "bad.sql").write_bytes(raw)
    with pytest.raises(InputErrors) as info:
        collect(tree, ["sql/*.sql"])
    [error] = info.value.errors
    message, hint = problem
    assert (error.path, error.line, error.col, error.message, error.hint) == (
        "sql/bad.sql", line, col, message.format(offset), hint)


def test_a_file_matched_again_through_a_link_is_one_task(tree: Path) -> None:
    """`sql/link.sql` -> `models/m.sql`: one task, at the path that sorts first."""
    os.link(tree / "sql" / "a" / "x.sql", tree / "sql" / "z_hard.sql")
    paths = [t.path for t in collect(tree, ["**/*.sql"])]
    assert "models/m.sql" in paths and "sql/link.sql" not in paths
    assert "sql/a/x.sql" in paths and "sql/z_hard.sql" not in paths
    assert [t.path for t in collect(tree, ["sql/*.sql"])].count("sql/link.sql") == 1


def test_a_broken_link_is_reported_unless_excluded(tree: Path) -> None:
    """Skipped, the file it stood for would be a task missing from the run with no word."""
    os.symlink(tree / "nowhere.sql", tree / "sql" / "broken.sql")
    with pytest.raises(InputErrors) as info:
        collect(tree, ["sql/*.sql"])
    assert [(e.path, e.message, e.hint) for e in info.value.errors] == [(
        "sql/broken.sql", f"a broken symbolic link: '{tree / 'nowhere.sql'}' does not exist",
        "restore the file it points to, remove the link, or leave it out with sources.exclude",
    )]
    assert "sql/broken.sql" not in {t.path for t in collect(tree, ["sql/*.sql"], ["**/broken*"])}


def test_every_undecodable_file_is_reported_at_once(tree: Path) -> None:
    (tree / "sql" / "bad1.sql").write_bytes(b"\xff")
    (tree / "sql" / "a" / "bad2.sql").write_bytes(b"select 1;\n\xff")
    with pytest.raises(InputErrors) as info:
        collect(tree, ["sql/**/*.sql"])
    assert [(e.path, e.line) for e in info.value.errors] == [
        ("sql/a/bad2.sql", 2), ("sql/bad1.sql", 1)]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("sql/scratch/**", {"sql/scratch/tmp.sql"}),
        ("sql/scratch/**/", {"sql/scratch/tmp.sql"}),
        ("sql/a/**", {"sql/a/x.sql", "sql/a/b/c/deep.sql"}),
        ("sql/a/**/*.sql", {"sql/a/x.sql", "sql/a/b/c/deep.sql"}),
        ("sql/**/deep.sql", {"sql/a/b/c/deep.sql"}),
        ("sql/a*/*.sql", {"sql/a/x.sql", "sql/a-b/x.sql", "sql/a.b/x.sql"}),
        ("sql/*.SQL", {"sql/z.SQL"}),
        ("models/**", {"models/m.sql"}),
    ],
)
def test_include_and_exclude_patterns_match_the_same_files(
    tree: Path, pattern: str, expected: set[str]
) -> None:
    """`dir/**` is every file under dir, at any depth, as an include and as an exclude."""
    (tree / "sql" / "link.sql").unlink()  # one task with models/m.sql (tested above)
    everything = {t.path for t in collect(tree, ["**"])}
    assert {t.path for t in collect(tree, [pattern])} == expected
    assert {t.path for t in collect(tree, ["**"], [pattern])} == everything - expected


def test_exclude_patterns_matching_nothing_are_errors_at_their_line(tree: Path) -> None:
    with pytest.raises(InputErrors) as info:
        collect(tree, ["sql/*.sql", "sqll/*.sql"], ["sql/scrach/**", "sql/a", "sql/*.txt"],
                catalog_path="cat.yaml",
                lines={("sql", 0): 3, ("sql", 1): 4, ("exclude", 0): 6, ("exclude", 1): 7})
    assert [(e.path, e.line, e.message, e.hint) for e in info.value.errors] == [
        ("cat.yaml", 4, "sources.sql pattern 'sqll/*.sql' matches no file",
         "patterns are relative to ./"),
        ("cat.yaml", 6, "sources.exclude pattern 'sql/scrach/**' matches no file",
         "patterns are relative to ./; remove the pattern if nothing needs leaving out"),
        ("cat.yaml", 7, "sources.exclude pattern 'sql/a' matches no file",
         "it is a directory: write 'sql/a/**' for every file under it"),
    ]


def test_patterns_matching_nothing_are_all_reported(tree: Path) -> None:
    with pytest.raises(InputErrors) as info:
        collect(tree, ["sqll/*.sql", "sql/*.sql", "sql/*.txt.sql"], catalog_path="cat.yaml")
    messages = {(e.path, e.message, e.hint) for e in info.value.errors}
    assert messages == {
        ("cat.yaml", "sources.sql pattern 'sqll/*.sql' matches no file",
         "patterns are relative to ./"),
        ("cat.yaml", "sources.sql pattern 'sql/*.txt.sql' matches no file",
         "patterns are relative to ./"),
    }
