"""Collect the SQL tasks named by the catalog's source globs."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from engine.errors import InputError, InputErrors, bad_byte
from engine.models import Task, trusted_constructor

# Every field is a str this module made (path, decoded text, hex digest): 0.6 s of
# validation at 100k files
_make_task = trusted_constructor(Task)


def relative_posix(path: Path, root: Path) -> str:
    """Return `path` relative to `root` as a POSIX string (absolute if outside root)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _relative_to(path: Path, root: Path) -> str:
    """`relative_posix` for a path found under `root`: no filesystem call when it lies there
    lexically (resolving every file of a 100k-file warehouse took 13 s)."""
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return relative_posix(path, root)


def _relative_under(root: Path) -> Callable[[Path], str]:
    """Return `lambda f: _relative_to(f, root)`, by string prefix where f's path starts with
    root's: pathlib's `is_relative_to` + `relative_to` re-parse both paths on every call,
    2.8 s over a 100k-file warehouse."""
    top = str(root)
    # Path strings are normalised (single separators, no trailing one but the root's own), so
    # `<root><sep><rest>` has exactly root's parts followed by rest's.
    prefix = top if top.endswith(os.sep) else top + os.sep
    cut = len(prefix)

    def rel(path: Path) -> str:
        s = str(path)
        if not s.startswith(prefix):  # e.g. a relative root (`.`), or case on Windows
            return _relative_to(path, root)
        return s[cut:] if os.sep == "/" else s[cut:].replace(os.sep, "/")

    return rel


_NUMBERS = re.compile(r"[0-9]+(?:[._][0-9]+)*")  # `12`, and a version: `1.2`, `1_2` (Flyway)
_PARTS = re.compile(r"[._]")


def _padded(run: re.Match[str]) -> str:
    number = run.group()
    if number.isdigit():  # (most are)
        return number.zfill(20)
    return ".".join(part.zfill(20) for part in _PARTS.split(number))


def _order(path: str) -> str:
    """Sort key giving `path.parts` order with numbers compared as numbers (`V2__a.sql` before
    `V10__b.sql`, `V1__a.sql` before `V1_1__b.sql` before `V1.2__c.sql`, as Flyway runs them):
    numbers zero-padded, `_` between digits read as `.`, `__` sorting before every character
    but NUL, the parts joined by NUL, which no path contains and which sorts before every
    other character, so `a/x` still comes before `a-b/x`; the path itself breaks ties (`V2`,
    `V02`). No tuple per path: at 1M files that costs more than the padding."""
    # Flyway's `__` ends a version: `V1__a` before `V1_1__b` and `V1.1__c` (1 < 1.1)
    key = _NUMBERS.sub(_padded, path).replace("__", "\1").replace(os.sep, "\0")
    return key + "\0\0" + path


def _files(root: Path, pattern: str) -> list[Path]:
    """The files `pattern` matches under `root`: `Path.glob`'s matching (`*` within a name,
    `**` any depth), where a pattern ending in `**` (`dir/**`) means every file under the
    directory, as documented. (Python < 3.13 yields only directories for a trailing `**`, so
    `exclude: ["sql/scratch/**"]` excluded nothing.) A list: one glob yields each path once,
    and hashing a Path re-joins its parts."""
    if pattern == "**" or pattern.rstrip("/").endswith("/**"):
        pattern = pattern.rstrip("/") + "/*"
    # a broken symbolic link is kept, to be reported: skipped, its task would go missing
    return [f for f in root.glob(pattern) if f.is_file() or (f.is_symlink() and not f.exists())]


def _unmatched(key: str, pattern: str, index: int, catalog_path: str,
               lines: Mapping[tuple[str, int], int], root: Path, display_root: Path
               ) -> InputError:
    where = relative_posix(root, display_root) or "."
    hint = f"patterns are relative to {where}/"
    if pattern.rstrip("/") and not any(c in pattern for c in "*?[") and (root / pattern).is_dir():
        hint = f"it is a directory: write '{pattern.rstrip('/')}/**' for every file under it"
    elif key == "exclude":
        hint += "; remove the pattern if nothing needs leaving out"
    return InputError(catalog_path, f"sources.{key} pattern '{pattern}' matches no file",
                      line=lines.get((key, index)), hint=hint)


def _no_patterns(catalog_path: str, root: Path) -> InputError:
    glob = "sql/**/*.sql" if (root / "sql").is_dir() else "**/*.sql"
    return InputError(catalog_path, "no 'sources.sql' patterns: there is no SQL to analyse",
                      hint=f"add the SQL files' globs, relative to the catalog file: "
                           f"sources: {{sql: [\"{glob}\"]}}")


def collect(
    root: Path,
    patterns: Iterable[str],
    exclude: Iterable[str] = (),
    *,
    catalog_path: str = "catalog.yaml",
    display_root: Path | None = None,
    lines: Mapping[tuple[str, int], int] | None = None,
) -> tuple[Task, ...]:
    """Return one Task per SQL file matched by `patterns` under `root`, sorted by path.

    There must be a pattern, and every pattern, `exclude` ones too, must match at least one
    file: a pattern matching nothing is almost always a typo, and silently analysing nothing
    (or everything) would look like a clean run. `lines` maps ("sql" | "exclude", index) to
    the pattern's catalog line. Every unmatched pattern and every file that is not UTF-8 is
    reported, in one InputErrors.
    """
    display_root = display_root or root
    lines = lines or {}
    patterns, exclude = list(patterns), list(exclude)
    if not patterns:  # no SQL at all: every run would be green with nothing analysed
        raise InputErrors([_no_patterns(catalog_path, root)])
    # Path.glob, not glob.glob or a scandir walk of our own: they differ on hidden files and
    # symlinked directories, and this is the matching users' patterns were written against.
    found = [_files(root, p) for p in patterns]
    dropped = [_files(root, p) for p in exclude]
    errors = [
        _unmatched(key, pattern, i, catalog_path, lines, root, display_root)
        for key, pats, hits in (("sql", patterns, found), ("exclude", exclude, dropped))
        for i, (pattern, files) in enumerate(zip(pats, hits, strict=True))
        if not files
    ]
    if errors:
        raise InputErrors(errors)
    # Hashing a Path re-joins its parts each time: skip the set work a lone pattern needs not.
    matched: Iterable[Path] = set().union(*found) if len(found) > 1 else next(iter(found), [])
    if dropped:
        matched = set(matched) - set().union(*dropped)
    # Path order (by parts: `a/x` before `a-b/x`; V2 before V10), which task order rests on
    # keyed below the root, which every globbed path starts with: its digits would only cost
    cut = 0 if str(root) == "." else len(str(root))  # (globbing `.` yields `x`, not `./x`)
    files = sorted(matched, key=lambda f: _order(str(f)[cut:]))
    rel = _relative_under(display_root)
    tasks: list[Task] = []
    seen: set[tuple[int, int]] = set()
    for f in files:
        try:
            task, identity = _read(f, rel(f))
        except InputError as error:  # read on: every file that is not UTF-8 is reported at once
            errors.append(error)
            continue
        # a file matched again through a symbolic (or hard) link is one task, at its first
        # path: two would be two writers of the same tables
        if identity not in seen:
            seen.add(identity)
            tasks.append(task)
    if errors:
        raise InputErrors(errors)
    return tuple(tasks)


def _read(path: Path, rel: str) -> tuple[Task, tuple[int, int]]:
    """The task of a file, and the file's identity (device, inode): the same for every link."""
    try:
        with open(path, "rb", buffering=0) as fh:  # unbuffered: one read of the whole file
            raw = fh.read()
            stat = os.fstat(fh.fileno())  # of the open file: no second walk of its path
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(rel, f"a broken symbolic link: '{os.readlink(path)}' does not "
                             "exist", hint="restore the file it points to, remove the link, "
                             "or leave it out with sources.exclude") from None
        raise InputError(rel, "the file disappeared while it was being read",
                         hint="run again once the files stop changing (a checkout or a "
                              "build in progress?)") from None
    except OSError as exc:  # a symbolic link loop, no permission, an I/O error
        raise InputError(rel, f"cannot be read: {exc.strerror or exc}",
                         hint="make it readable (a link that points to itself? a file the CI "
                              "user may not read?), or leave it out with sources.exclude"
                         ) from None
    # `raw.decode("utf-8-sig")` runs the codec in Python (1 s over 100k files); this is the
    # same decoding in C, and a byte offset in an error counts from after the BOM as there.
    body = raw[len(codecs.BOM_UTF8):] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise bad_byte(rel, body, exc.start, "not valid UTF-8",
                       "save the file as UTF-8") from exc
    # SQL text holds no NUL: one is a binary file named .sql, or it would end up inside a
    # column's name (`a\x00\x00`) in the graph and the reports
    if "\0" in text:
        raise bad_byte(rel, body, body.index(b"\0"), "a NUL byte",
                       "is it a binary file? remove the byte, or leave the file out with "
                       "sources.exclude")
    return _make_task(rel, text, hashlib.sha256(raw).hexdigest()), (stat.st_dev, stat.st_ino)


