"""GraphStore: an open graph database for Cypher queries, reachability and carried tags."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from engine import afterexit
from engine.errors import GraphStoreError
from engine.graph._kuzu import KuzuSession
from engine.graph.reach import Adjacency
from engine.graph.schema import SCHEMA_VERSION
from engine.models import PathStep

Level = Literal["asset", "column"]

# level -> the edge list the BFS follows: column lineage (DIRECT and INDIRECT) or table lineage
_EDGES: dict[str, str] = {
    "column": "MATCH (a:Col)-[:FLOWS]->(b:Col) RETURN a.id AS s, b.id AS t",
    "asset": "MATCH (a:Asset)-[:FEEDS]->(b:Asset) RETURN a.id AS s, b.id AS t",
}

_CARRIED = (
    "MATCH (c:Col)-[r:CARRIES]->(t:Tag) WHERE c.id = $id "
    "RETURN t.name, r.origin, r.origin_tag, r.declared, r.masked, r.path"
)


@dataclass(frozen=True)
class QueryResult:
    """The rows of a Cypher query, fully fetched (no open handle behind it)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class CarriedTag:
    """One CARRIES edge: a tag on a column, where it was declared and the path it took."""

    tag: str
    origin: str
    origin_tag: str
    declared: bool
    masked: bool
    path: tuple[PathStep, ...]


def lock_path(db_path: Path) -> Path:
    """The lock a graph's writer holds (`build_graph`) and its readers wait on."""
    return db_path.with_name(db_path.name + ".lock")


class GraphStore:
    """An open on-disk graph; use as a context manager or call `close()`."""

    def __init__(self, session: KuzuSession, *, read_only: bool) -> None:
        self._session: KuzuSession | None = session
        self.read_only = read_only
        self._adjacency: dict[str, Adjacency] = {}

    @classmethod
    def open(cls, db_path: Path, *, read_only: bool = True, buffer_pool_mb: int = 256,
             ) -> GraphStore:
        """Return a store over an existing graph built by `build_graph`.

        Several read-only stores (in any processes) can share one database; a read-write one
        locks out every other. Raises GraphStoreError when there is no compatible graph there.
        """
        db_path = Path(db_path)
        afterexit.wait_for(lock_path(db_path))  # a command's detached writer may be at work
        if not db_path.is_file():
            raise GraphStoreError(f"no graph database at {db_path} (run the pipeline to build it)")
        store = cls(KuzuSession(db_path, read_only=read_only, buffer_pool_mb=buffer_pool_mb),
                    read_only=read_only)
        try:
            found = store.meta().get("graph.schema_version")
        except GraphStoreError:
            store.close()
            raise
        if found != SCHEMA_VERSION:
            store.close()
            raise GraphStoreError(
                f"{db_path} has graph schema {found!r}, expected {SCHEMA_VERSION!r}: rebuild it")
        return store

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection, then the database (results are never left open)."""
        session, self._session = self._session, None
        self._adjacency.clear()
        if session is not None:
            session.close()

    @property
    def _db(self) -> KuzuSession:
        if self._session is None:
            raise GraphStoreError("graph store is closed")
        return self._session

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Return every row of a Cypher query; Kùzu errors raise GraphStoreError(msg, cypher).

        Columns are the `Col` node table: ``MATCH (c:Col) RETURN c.id``.
        """
        if not self.read_only:
            self._adjacency.clear()  # the query may have changed the graph
        columns, rows = self._db.rows(cypher, dict(params) if params else None)
        return QueryResult(columns=columns, rows=tuple(tuple(r) for r in rows))

    def meta(self) -> dict[str, str]:
        """Return the Meta table as a dict (the build's `meta` plus `graph.*` keys)."""
        _, rows = self._db.rows("MATCH (m:Meta) RETURN m.key, m.value")
        return {k: v for k, v in rows}

    def downstream(self, start: str, *, level: Level) -> list[tuple[str, int]]:
        """Return every (id, minimum depth) reachable from `start`, sorted by (depth, id).

        `level="column"` follows FLOWS (DIRECT and INDIRECT), `"asset"` follows FEEDS. Any
        depth works (no 30-hop cap); `start` itself is not listed; an unknown id reaches nothing.
        """
        return self._edges(level).reach(start)

    def upstream(self, start: str, *, level: Level) -> list[tuple[str, int]]:
        """Return every (id, minimum depth) that reaches `start`, sorted by (depth, id)."""
        return self._edges(level).reach(start, reverse=True)

    def _edges(self, level: Level) -> Adjacency:
        if level not in _EDGES:
            raise ValueError(f"level must be 'asset' or 'column', not {level!r}")
        if level not in self._adjacency:
            # One export of the whole edge list (≈0.7 s per 1M edges), reused by every search.
            table = self._db.arrow(_EDGES[level])
            self._adjacency[level] = Adjacency(table.column("s"), table.column("t"))
        return self._adjacency[level]

    def carried_tags(self, column_id: str) -> list[CarriedTag]:
        """Return the tags a column carries, with origin and path, sorted by (tag, origin).

        An unknown column carries nothing.
        """
        _, rows = self._db.rows(_CARRIED, {"id": column_id})
        return [
            CarriedTag(tag=t, origin=o, origin_tag=ot, declared=d, masked=m,
                       path=tuple(PathStep.model_validate(s) for s in json.loads(p or "[]")))
            for t, o, ot, d, m, p in sorted(rows, key=lambda r: (r[0], r[1], r[2], r[5] or ""))
        ]
