"""Build the graph aside and swap it in: pieces written to Parquet (`spool`), COPYed by a
loader (`loader`, a process of its own for big graphs), then an atomic rename (`swap`).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.afterexit import locked
from engine.errors import GraphStoreError
from engine.graph import handoff
from engine.graph._kuzu import KUZU_VERSION
from engine.graph.budget import check_fits
from engine.graph.bulk import bulk_pieces, flows_per_copy
from engine.graph.schema import NODE_TABLES, REL_TABLES, SCHEMA_VERSION, count_cypher
from engine.graph.spool import write_spool
from engine.graph.store import GraphStore, lock_path
from engine.graph.swap import check_closed, remove_database, sidecars, swap_into_place
from engine.graph.update import UpdateNotApplicable, outgrown, updatable, update_graph
from engine.heap import give_back
from engine.models import AssetInfo, TagAssignments, TagInfo, TaskLineage

# Col + FLOWS rows from which a build is loaded by a process of its own (`loader`): below,
# starting it (~0.5 s) costs more than the memory it keeps apart from the run's.
ASIDE_FROM = 1_000_000


@dataclass(frozen=True)
class GraphStats:
    """What a build loaded: rows per node and relationship table, and where the time went."""

    nodes: Mapping[str, int]
    edges: Mapping[str, int]
    prepare_seconds: float  # models -> deduplicated Arrow tables
    copy_seconds: float  # DDL + COPY + checkpoint + close
    load_seconds: float  # the whole build_graph call, swap included
    # Tables too big for the buffer pool in one COPY, loaded in pieces (slower): raise
    # buffer_pool_mb to speed the build up.
    split_tables: tuple[str, ...] = ()
    # "build": built from scratch; "update": the stored graph was copied and updated
    mode: str = "build"
    changed_tasks: int = 0  # an update's tasks added, removed or with other lineage
    # time by phase. A build: prepare (Arrow tables), copy (DDL, COPY, checkpoint). An
    # update: copy (the file), read (back from it), prepare (new rows and diffs), write (the
    # statements), checkpoint
    phases: Mapping[str, float] = field(default_factory=dict)
    # a build's COPY statements per table (FLOWS comes in pieces its buffer pool can hold)
    pieces: Mapping[str, int] = field(default_factory=dict)

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())

    @property
    def total_edges(self) -> int:
        return sum(self.edges.values())


def build_graph(db_path: Path, *, assets: Sequence[AssetInfo], lineage: Sequence[TaskLineage],
                tags: TagAssignments, tag_defs: Sequence[TagInfo], meta: Mapping[str, str],
                buffer_pool_mb: int = 256,
                identities: Mapping[str, str] | None = None,
                progress: Callable[[int, int], None] = lambda done, total: None,
                hand_off: bool = False) -> GraphStats:
    """Return load statistics after (re)building the graph at `db_path` atomically.

    The graph is built into `<db_path>.tmp-<pid>` and renamed over `db_path` only once it is
    complete and closed; on any failure the old database is untouched and the temp removed.
    `meta` is stored in the `Meta` table, plus `graph.schema_version` and `graph.kuzu_version`.

    With `identities` (task -> lineage identity) and a `config_hash` in `meta`, a stored graph
    that differs only by SQL (see `engine.graph.update`) is copied and updated instead: the
    same tables as a rebuild, in seconds when few tasks changed. An update that cannot be
    exact, or that runs out of buffer pool, falls back to the rebuild. The graph's lock
    (`lock_path`) is held meanwhile: `GraphStore.open` waits for it. A rebuild that would
    not fit in the memory available raises `GraphTooBig` before it starts (`budget`).
    A rebuild loads FLOWS in pieces a COPY can hold (`bulk`): `progress(done, total)` follows
    them.

    With `hand_off` (a caller with nothing left to do after the build), a graph big enough to
    be loaded by a process of its own is finished by a program this process execs once the
    pieces are written (`handoff`): the call does not return, and the caller's heap is not
    beside Kùzu's.
    """
    with locked(lock_path(Path(db_path)), exclusive=True):  # readers wait (GraphStore.open)
        return _build(Path(db_path), assets=assets, lineage=lineage, tags=tags,
                      tag_defs=tag_defs, meta=meta, buffer_pool_mb=buffer_pool_mb,
                      identities=identities, progress=progress, hand_off=hand_off)


def _build(db_path: Path, *, assets: Sequence[AssetInfo], lineage: Sequence[TaskLineage],
           tags: TagAssignments, tag_defs: Sequence[TagInfo], meta: Mapping[str, str],
           buffer_pool_mb: int, identities: Mapping[str, str] | None,
           progress: Callable[[int, int], None], hand_off: bool) -> GraphStats:
    began = time.perf_counter()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f"{db_path.name}.tmp-{os.getpid()}")
    remove_database(tmp)  # left by a crashed build whose pid was reused
    meta = {**meta, "graph.schema_version": SCHEMA_VERSION, "graph.kuzu_version": KUZU_VERSION}
    if identities is not None and _stored_meta_allows_update(db_path, meta, buffer_pool_mb):
        stats = _update(db_path, tmp, began, assets=assets, lineage=lineage, tags=tags,
                        tag_defs=tag_defs, meta=meta, identities=identities,
                        buffer_pool_mb=buffer_pool_mb)
        if stats is not None:
            return stats
    flows = sum(t.summary.column_edges for t in lineage)
    columns = sum(len(a.columns) for a in assets)
    give_back()  # what earlier stages freed counts as available only once returned
    aside = columns + flows >= ASIDE_FROM
    hand_off = hand_off and aside
    check_fits(columns, flows, buffer_pool_mb, len(lineage), aside=aside, hand_off=hand_off)
    for stale in db_path.parent.glob(f"{db_path.name}.spool-*"):
        shutil.rmtree(stale, ignore_errors=True)  # a killed build's: this one holds the lock
    folder = db_path.with_name(f"{db_path.name}.spool-{os.getpid()}")
    folder.mkdir()
    n = 1  # FLOWS pieces: writing them is the first half of the progress, loading the second

    def writing(done: int, total: int) -> None:
        nonlocal n
        n = max(total, 1)
        progress(done, 2 * n)

    def loading(done: int, total: int) -> None:
        progress(n + (n * done // total if total else n), 2 * n)

    try:
        pieces = bulk_pieces(assets=assets, lineage=lineage, tags=tags, tag_defs=tag_defs,
                             meta=meta, identities=identities,
                             flows_per_piece=flows_per_copy(buffer_pool_mb), progress=writing)
        spool = write_spool(pieces, folder, buffer_pool_mb)
        give_back()  # the pieces' heap, before Kùzu's pool fills
        if hand_off:
            handoff.hand_off(spool, tmp, db_path)  # returns only if the exec failed
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    loaded = handoff.finish(spool, tmp, db_path, aside=aside, report=loading)
    counts = loaded.rows
    return GraphStats(
        nodes={k: counts.get(k, 0) for k in NODE_TABLES},
        edges={k: counts.get(k, 0) for k in REL_TABLES},
        prepare_seconds=spool.seconds, copy_seconds=loaded.seconds,
        load_seconds=time.perf_counter() - began, split_tables=tuple(loaded.split),
        phases={"prepare": spool.seconds, "copy": loaded.seconds},
        pieces=loaded.pieces,
    )


def _stored_meta_allows_update(db_path: Path, meta: Mapping[str, str],
                               buffer_pool_mb: int) -> bool:
    """True when the stored graph is closed (no sidecar: the file is all of it), was built
    like `meta` but for the SQL, and has not outgrown its rows (updates never compact)."""
    if not db_path.is_file() or any(p.exists() for p in sidecars(db_path)):
        return False
    try:
        with GraphStore.open(db_path, buffer_pool_mb=buffer_pool_mb) as store:
            if not updatable(store.meta(), meta):
                return False
            rows = sum(int(store.query(count_cypher(name)).rows[0][0])
                       for name in (*NODE_TABLES, *REL_TABLES))
    except GraphStoreError:
        return False
    return not outgrown(db_path.stat().st_size, rows)


def _update(db_path: Path, tmp: Path, began: float, *, buffer_pool_mb: int,
            **inputs: Any) -> GraphStats | None:
    """Copy the stored graph to `tmp`, update it and swap it in; None when it could not be
    updated (the caller rebuilds). Any other failure leaves the old graph as it was."""
    try:
        shutil.copyfile(db_path, tmp)
        copied = time.perf_counter()
        update = update_graph(tmp, buffer_pool_mb=buffer_pool_mb, **inputs)
        check_closed(tmp)
        swap_into_place(tmp, db_path)
    except UpdateNotApplicable:
        remove_database(tmp)
        return None
    except GraphStoreError as exc:
        remove_database(tmp)
        if "buffer pool is full" in str(exc):
            return None  # a full build loads in pieces when it must
        raise
    except BaseException:
        remove_database(tmp)
        raise
    phases = {"copy": round(copied - began, 3), **update.seconds}
    counts = update.counts
    return GraphStats(
        nodes={k: v for k, v in counts.items() if k in NODE_TABLES},
        edges={k: v for k, v in counts.items() if k not in NODE_TABLES},
        prepare_seconds=phases.get("prepare", 0.0) + phases.get("read", 0.0),
        copy_seconds=phases["copy"] + phases.get("write", 0.0) + phases.get("checkpoint", 0.0),
        load_seconds=time.perf_counter() - began, mode="update",
        changed_tasks=update.changed_tasks, phases=phases,
    )


def graph_is_current(db_path: Path, meta: Mapping[str, str], buffer_pool_mb: int = 256) -> bool:
    """True when the database at `db_path` was built by this schema and Kùzu version with
    exactly `meta` (whose inputs hash and code version say what it was built from): a warm
    run with nothing changed then reuses it instead of rebuilding (90 s at 100k tasks)."""
    return graph_staleness(db_path, meta, buffer_pool_mb) is None


# meta key -> why a graph whose stored value differs is stale, in the order they are told
_STALE_BECAUSE = (
    ("graph.schema_version", "the graph schema changed"),
    ("graph.kuzu_version", "the Kùzu version changed"),
    ("engine_code", "the engine's code changed"),  # hashes the version too: one reason
    ("root", "the project moved"),
    ("catalog_hash", "the catalog changed"),
    ("policies_hash", "the policies changed"),
)


def graph_staleness(db_path: Path, meta: Mapping[str, str], buffer_pool_mb: int = 256,
                    tasks: Mapping[str, str] | None = None) -> str | None:
    """Why the database at `db_path` is not current for `meta` (`graph_is_current`), told
    to a user whose command rebuilds it; None when it is current. `tasks` (path -> sha256 of
    the project's SQL files) counts the SQL files that differ from the graph's."""
    if not Path(db_path).is_file():
        return "no graph yet"
    expected = {**meta, "graph.schema_version": SCHEMA_VERSION, "graph.kuzu_version": KUZU_VERSION}
    try:
        with GraphStore.open(db_path, buffer_pool_mb=buffer_pool_mb) as store:
            stored = store.meta()
            if all(stored.get(k) == str(v) for k, v in expected.items()):
                return None
            built = None
            if tasks is not None and stored.get("inputs_hash") != meta.get("inputs_hash"):
                built = dict(store.query("MATCH (t:Task) RETURN t.id, t.sha256").rows)
    except GraphStoreError:
        return "the stored graph cannot be read"  # another Kùzu version's file, or damaged
    return ", ".join(_reasons(stored, expected, tasks or {}, built)) or "its inputs changed"


def _reasons(stored: Mapping[str, str], expected: Mapping[str, str],
             tasks: Mapping[str, str], built: Mapping[str, str] | None) -> list[str]:
    # a key a graph lacks (built before it was stored) tells nothing: config_hash covers it
    reasons = [why for key, why in _STALE_BECAUSE
               if key in expected and key in stored and stored[key] != str(expected[key])]
    # a graph built before catalog_hash was stored tells only that one of the two changed;
    # its config_hash is seeded by the version, so after an upgrade it tells nothing
    if ("catalog_hash" not in stored and stored.get("tool_version") == expected.get("tool_version")
            and stored.get("config_hash") != expected.get("config_hash")):
        reasons.append("the catalog or policies changed")
    if built is not None:
        changed = sum(1 for path in tasks.keys() | built.keys()
                      if tasks.get(path) != built.get(path))
        if changed:
            reasons.append(f"{changed} SQL file{'s' if changed != 1 else ''} changed")
    return reasons
