"""Content-hash cache of per-task lineage, so unchanged SQL is never parsed twice.

A task's lineage depends on its text, path, dialect, the lineage code and sqlglot version, and
the columns of the tables it references — nothing else. The key covers the first group; each
entry records the tables the task referenced and a fingerprint of their columns as they were
when it was extracted. The pipeline reuses an entry only while that fingerprint still holds.

Stored in one SQLite file (stdlib, WAL mode), which is safe for concurrent runs: readers never
block, a writer waits for another writer, and every write is one transaction.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.altered import AlteredColumns, view
from engine.codec import CODEC_VERSION, decode, encode
from engine.gcpause import gc_paused
from engine.guessed import is_guess
from engine.inventory import defined_tables
from engine.models import Task, TaskLineage
from engine.wildcards import WildcardIndex, is_wildcard, matches

CACHE_FORMAT = 6  # 2: positional pickles; 3: TaskLineage.wide; 4: own tables fingerprinted;
# 5: fingerprints from per-table digests; 6: values in engine.codec's encoding
_CHUNK = 500  # SQLite's default limit on host parameters is 999
_MMAP_BYTES = 1 << 32  # address space only: pages are mapped as they are read


def task_key(
    task: Task, dialect: str | None, lineage_version: str, naming: str
) -> str:
    """Return the cache key of a task: everything its lineage depends on but the schema
    (`naming`: the key of the catalog's `Naming`, which the names it resolves depend on)."""
    fields = (f"{CACHE_FORMAT}.{CODEC_VERSION}", lineage_version, str(dialect), naming, task.path)
    raw = "\0".join((*fields, task.sha256))
    return hashlib.sha256(raw.encode()).hexdigest()


_CREATES = frozenset({"create_table", "create_view"})


def referenced(lineage: TaskLineage) -> tuple[str, ...]:
    """Return the tables whose columns a task's lineage depended on.

    That is every table it reads, and the targets of INSERT/MERGE/UPDATE (a positional INSERT
    maps onto the target's columns) — not what CREATE TABLE/VIEW defines, or every task that
    creates a table would invalidate itself — and the names it watched
    (`TaskLineage.watched`): tables its names' resolution found absent, and the wildcards it
    read, whose matches it depended on.
    """
    written = {st.target for st in lineage.statements if st.target and st.kind not in _CREATES}
    return tuple(sorted({*lineage.reads, *written, *lineage.watched}))


class Fingerprints:
    """Fingerprints against one schema: a task's is a hash of the digests of the columns (and
    types) of the tables it references, each table's digest computed once per schema — not
    once per task that references it (hot tables are referenced by thousands). A table later
    files ALTER is digested as the task sees it (`engine.altered`; `positions`: task path ->
    its place in task order)."""

    def __init__(self, schema: Mapping[str, Mapping[str, str]],
                 positions: Mapping[str, int] | None = None) -> None:
        self.schema = schema
        self.positions = positions or {}
        self._tables: dict[str, bytes] = {}
        # a version of an `AlteredColumns` table (by identity; kept alive here) -> its digest
        self._versions: dict[int, tuple[Mapping[str, str], bytes]] = {}
        self._wildcards = WildcardIndex(schema)

    def table(self, name: str, position: int | None = None) -> bytes:
        """The digest of a table's columns as the schema has them (none if it lacks it) for
        the task at `position`; of a wildcard (`ds.events_*`), of the names and columns of the
        tables it matches."""
        found = self._tables.get(name)
        if found is not None:
            return found
        columns = self.schema.get(name, {})
        if type(columns) is AlteredColumns:
            return self._version(view(columns, position))
        if is_wildcard(name):
            found = self._matched(name, {}, position)
            if any(type(self.schema.get(n)) is AlteredColumns
                   for n in self._wildcards.matching(name)):
                return found  # differs by task: not kept
        else:
            found = _digest(columns)
        self._tables[name] = found
        return found

    def _version(self, columns: Mapping[str, str]) -> bytes:
        kept = self._versions.get(id(columns))
        if kept is None:
            kept = self._versions[id(columns)] = (columns, _digest(columns))
        return kept[1]

    def of(self, tables: Iterable[str], own: Mapping[str, Mapping[str, str]] | None = None,
           task: str | None = None) -> str:
        """The fingerprint of `tables` for `task`, taking those in `own` from there instead."""
        position = self.positions.get(task) if task else None
        h = hashlib.sha256()
        for t in tables:
            h.update(t.encode())
            if own and is_wildcard(t) and any(matches(t, n) for n in own):
                h.update(self._matched(t, own, position))
            else:
                h.update(_digest(own[t]) if own and t in own else self.table(t, position))
        return h.hexdigest()

    def _matched(self, wildcard: str, own: Mapping[str, Mapping[str, str]],
                 position: int | None) -> bytes:
        h = hashlib.sha256()
        names = {*self._wildcards.matching(wildcard), *(n for n in own if matches(wildcard, n))}
        for name in sorted(names):
            h.update(name.encode() + b"\0")
            h.update(_digest(own[name]) if name in own else self.table(name, position))
        return h.digest()


def _locked(exc: sqlite3.DatabaseError) -> bool:
    """True for SQLite's "database is locked" / "table is locked": another run, not damage."""
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


def _digest(columns: Mapping[str, str]) -> bytes:
    h = hashlib.sha256(json.dumps(sorted(columns.items())).encode())
    if is_guess(columns):  # a lower bound reads otherwise than the same names defined
        h.update(b"\0guessed")
    return h.digest()


@dataclass(frozen=True)
class Extracted:
    """A task's lineage and the fingerprint of the schema it was extracted against."""

    lineage: TaskLineage
    fingerprint: str

    @classmethod
    def of(cls, lineage: TaskLineage, prints: Fingerprints) -> Extracted:
        """The lineage and the fingerprint of what it was extracted against, counting tables
        the schema lacked but this task itself defines: once the run's schema holds them (by
        this task's own statements, `discovered_schema`), the task would come out the same,
        so it must not count as stale. A different definition (another task first) still does.
        """
        own = defined_tables(prints.schema, lineage)
        return cls(lineage, prints.of(referenced(lineage), own, lineage.task))

    def valid_for(self, prints: Fingerprints) -> bool:
        """True while the tables this lineage referenced have the columns it was extracted with."""
        return prints.of(referenced(self.lineage), task=self.lineage.task) == self.fingerprint


class LineageCache:
    """Entries by task key in one SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self._open()
        except sqlite3.DatabaseError as exc:
            self._start_afresh(exc)

    def _open(self) -> None:
        self._db = sqlite3.connect(self.path, timeout=120, isolation_level=None)
        try:
            self._setup()
        except BaseException:
            self._db.close()
            raise

    def _start_afresh(self, exc: sqlite3.DatabaseError) -> None:
        """Replace a damaged file (a truncated CI cache restore, a full disk) by an empty one:
        it is only a cache, and every later run would fail on it. A `locked` error is another
        run at work, never damage, and goes on up."""
        if _locked(exc):
            raise exc
        if hasattr(self, "_db"):  # (not yet when connecting failed)
            self._db.close()
        warnings.warn(f"lineage-policy: the lineage cache {self.path} cannot be read ({exc}); "
                      "it was removed and is built again", RuntimeWarning, stacklevel=3)
        for stale in (self.path, *(self.path.with_name(self.path.name + s)
                                   for s in ("-wal", "-shm", "-journal"))):
            stale.unlink(missing_ok=True)
        self._open()

    def _setup(self) -> None:
        # Switching a new file to WAL ignores the busy timeout when another process does the
        # same at that moment ("database is locked"), so the one-time setup retries.
        deadline = time.monotonic() + 120
        delay = 0.01
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                # Read values in place from the mapped file instead of copying each page
                # through SQLite's cache: 100k entries (384 MB) 0.65 -> 0.48 s CPU.
                self._db.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
                self._db.execute("CREATE TABLE IF NOT EXISTS lineage "
                                 "(key TEXT PRIMARY KEY, fingerprint TEXT, value BLOB)")
                return
            except sqlite3.OperationalError as exc:
                if not _locked(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def load(self, keys: Sequence[str]) -> dict[str, Extracted]:
        """Return the stored entries among `keys`."""
        out: dict[str, Extracted] = {}
        with gc_paused(keep=True):  # the run keeps them to its end
            try:
                self._load_into(out, keys)
            except sqlite3.DatabaseError as exc:  # a damaged page found only now
                self._start_afresh(exc)
                return {}
        return out

    def _load_into(self, out: dict[str, Extracted], keys: Sequence[str]) -> None:
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, fp, blob in self._db.execute(
                f"SELECT key, fingerprint, value FROM lineage WHERE key IN ({marks})", chunk
            ):
                try:
                    out[key] = Extracted(decode(blob), fp)
                except Exception:  # noqa: BLE001 - written by other code (a development
                    continue  # install between versions): a miss, extracted again

    def store(self, entries: Mapping[str, Extracted]) -> None:
        """Store entries in one transaction (a concurrent writer waits, never corrupts)."""
        # encoded as sqlite takes them: a cold run at 1M tasks held 3.6 GB of encoded rows
        rows = ((key, e.fingerprint, encode(e.lineage)) for key, e in entries.items())
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT OR REPLACE INTO lineage VALUES (?, ?, ?)", rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:  # damaged: these entries are lost, as a miss is
            self._start_afresh(exc)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> LineageCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
