"""The only module that imports kuzu: one Database + one Connection, closed in order.

Query results never leave this module: every call fetches what it needs and closes its
result before returning, so `close()` can always close the connection and then the
database (Kùzu may crash the process at exit when they are closed out of order).
"""

from __future__ import annotations

# kuzu 0.11.3 scans Python objects (COPY/LOAD FROM $arrow_table) through `importlib.util`
# without importing it: "module 'importlib' has no attribute 'util'" unless someone did.
import importlib.util  # noqa: F401
from pathlib import Path
from types import TracebackType
from typing import Any

import kuzu
import pyarrow as pa

from engine.errors import GraphStoreError

KUZU_VERSION: str = str(kuzu.__version__)

# Kùzu's errors are RuntimeError; parameter conversion raises TypeError/ValueError.
_KUZU_ERRORS = (RuntimeError, TypeError, ValueError)

Result = Any  # kuzu.QueryResult


class KuzuSession:
    """An open on-disk Kùzu database with one connection."""

    def __init__(self, path: Path, *, read_only: bool, buffer_pool_mb: int) -> None:
        self.path = path
        self._db: kuzu.Database | None = None
        self._conn: kuzu.Connection | None = None
        try:
            # Always explicit: the default buffer pool is ~80% of RAM.
            self._db = kuzu.Database(str(path), buffer_pool_size=buffer_pool_mb * 1024 * 1024,
                                     read_only=read_only)
            self._conn = kuzu.Connection(self._db)
        except _KUZU_ERRORS as exc:
            self.close()
            raise GraphStoreError(f"cannot open graph database {path}: {exc}") from exc

    def __enter__(self) -> KuzuSession:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection, then the database; safe to call twice."""
        conn, db, self._conn, self._db = self._conn, self._db, None, None
        try:
            if conn is not None:
                conn.close()
        finally:
            if db is not None:
                db.close()

    def _execute(self, cypher: str, params: dict[str, Any] | None) -> list[Result]:
        if self._conn is None:
            raise GraphStoreError("graph database is closed", cypher)
        try:
            out = self._conn.execute(cypher, params or None)
        except _KUZU_ERRORS as exc:
            raise GraphStoreError(f"Kùzu query failed: {exc}", cypher) from exc
        return out if isinstance(out, list) else [out]

    def rows(self, cypher: str, params: dict[str, Any] | None = None,
             ) -> tuple[tuple[str, ...], list[list[Any]]]:
        """Return (column names, rows) of the last statement; closes every result."""
        results = self._execute(cypher, params)
        try:
            last = results[-1]
            return tuple(last.get_column_names()), last.get_all()
        except _KUZU_ERRORS as exc:
            raise GraphStoreError(f"Kùzu query failed: {exc}", cypher) from exc
        finally:
            for r in results:
                r.close()

    def arrow(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        """Return the result as one Arrow table (1.5-2x faster than a DataFrame); closes it."""
        results = self._execute(cypher, params)
        try:
            return results[-1].get_as_arrow()
        except _KUZU_ERRORS as exc:
            raise GraphStoreError(f"Kùzu query failed: {exc}", cypher) from exc
        finally:
            for r in results:
                r.close()

    def copy(self, table: str, data: pa.Table) -> None:
        """Bulk-load an Arrow table into a table: `COPY <table> FROM $data`. kuzu 0.11.3 keeps
        every Arrow table a connection scanned alive until the connection closes: fine for an
        update's few rows, not for a build's pieces (those are files: `copy_file`)."""
        self.rows(f"COPY `{table}` FROM $data", {"data": data})

    def copy_file(self, table: str, path: Path) -> None:
        """Bulk-load a Parquet file into a table: `COPY <table> FROM '<path>'` (Kùzu reads
        the file itself, row group by row group; a path is no parameter in COPY)."""
        literal = str(path).replace("\\", "\\\\").replace("'", "\\'")
        self.rows(f"COPY `{table}` FROM '{literal}'")
