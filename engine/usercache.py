"""A best-effort store of pickled results, by default in the user's cache directory.

For results that are slow to compute and depend only on inputs hashed into the key (a parsed
catalog: its bytes and the engine's code; a run's state, `engine.runstore`). Any problem
reading or writing it (no home directory, a read-only disk, a truncated, foreign or
unpicklable file) is a miss, never an error: callers compute the result as if there were no
cache.

The directory is `$LINEAGE_POLICY_CACHE_DIR` if set, else `$XDG_CACHE_HOME/lineage-policy`,
else `~/.cache/lineage-policy`; each store is a subfolder of it.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import time
from pathlib import Path
from typing import Any

from engine.gcpause import gc_paused

__all__ = ["CACHE_DIR_ENV", "PickleStore", "user_cache_dir"]

CACHE_DIR_ENV = "LINEAGE_POLICY_CACHE_DIR"
_SUFFIX = ".pickle"
_STALE_TEMP_SECONDS = 3600  # a temp file this old was left by a writer that died


def user_cache_dir() -> Path | None:
    """Return the user's cache directory for lineage-policy (None if there is no home)."""
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec says to ignore a relative value
        return Path(xdg) / "lineage-policy"
    try:
        return Path.home() / ".cache" / "lineage-policy"
    except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry
        return None


class PickleStore:
    """Pickled values by hex key in `<user cache dir>/<name>/` (or `<root>/<name>/`), keeping
    the `keep` most recently used. `get` returns None on any miss or failure; `put` never
    raises."""

    def __init__(self, name: str, *, keep: int = 8, root: Path | None = None) -> None:
        self.name = name
        self.keep = keep
        self.root = root

    def directory(self) -> Path | None:
        """Return the store's folder; the user's cache directory is read from the environment
        on every call (tests move it)."""
        base = self.root if self.root is not None else user_cache_dir()
        return None if base is None else base / self.name

    def path(self, key: str) -> Path | None:
        """Where the value under `key` is (or would be) stored."""
        folder = self.directory()
        return None if folder is None else folder / f"{key}{_SUFFIX}"

    def discard(self, key: str) -> None:
        """Forget the value under `key`, if any (never raises)."""
        path = self.path(key)
        try:
            if path is not None:
                path.unlink(missing_ok=True)
        except OSError:
            return

    def get(self, key: str) -> Any | None:
        """Return the value stored under `key`, or None if absent or unreadable."""
        path = self.path(key)
        if path is None:
            return None
        try:
            data = path.read_bytes()
            # Unpickling builds up to millions of acyclic objects that the caller keeps: without
            # the pause the collector walks them again and again (1.3 s instead of 0.5 s for a
            # big catalog), and without the freeze once more after it.
            with gc_paused(keep=True):
                stored_key, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 - missing, truncated, foreign or stale: a miss
            return None
        if stored_key != key:  # a file copied or renamed into place: not ours to trust
            return None
        try:
            os.utime(path)  # mark as recently used, for eviction
        except OSError:
            pass  # a read-only cache still serves hits
        return value

    def put(self, key: str, value: Any) -> None:
        """Store `value` under `key` atomically (temp file, then rename); never raises."""
        folder = self.directory()
        if folder is None:
            return
        tmp: str | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "wb") as out, gc_paused():  # no collection of the reductions
                pickle.dump((key, value), out, protocol=pickle.HIGHEST_PROTOCOL)
            # Readers see the old file or the whole new one, never a partial write.
            os.replace(tmp, folder / f"{key}{_SUFFIX}")
            tmp = None
            self._evict(folder)
        except Exception:  # noqa: BLE001 - read-only disk, full disk, unpicklable value
            pass
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass

    def _evict(self, folder: Path) -> None:
        """Delete all but the `keep` most recently used entries, and dead writers' temp files."""
        entries: list[tuple[float, str]] = []
        now = time.time()
        with os.scandir(folder) as it:
            for entry in it:
                try:
                    mtime = entry.stat().st_mtime
                except OSError:
                    continue  # removed by another process meanwhile
                if entry.name.endswith(_SUFFIX):
                    entries.append((mtime, entry.path))
                elif entry.name.endswith(".tmp") and now - mtime > _STALE_TEMP_SECONDS:
                    _unlink_quietly(entry.path)
        entries.sort(reverse=True)
        for _mtime, path in entries[self.keep:]:
            _unlink_quietly(path)


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass  # another process evicted it first
