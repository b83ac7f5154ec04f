"""Update a stored graph to new lineage instead of rebuilding it: rewrite only what changed.

Applies when the stored graph was built from the same catalog, policies, code and schema
(every Meta key but `inputs_hash` agrees), so that it differs only by SQL. A task whose
lineage identity (`Task.lineage`) is unchanged has the same rows as before; the rest is:

* FLOWS rows of the changed, added and removed tasks: deleted by task and copied anew;
  READS, WRITES, FEEDS rows of those tasks: diffed row by row;
* CARRIES (one row per tag assignment; propagation is global): diffed whole;
* the nodes of the assets in scope: every asset a changed task names before or after the
  change (`Task.assets`), or that a changed CARRIES row touches. Nothing else can differ:
  an asset's row and its columns' rows are functions of the catalog (unchanged), of the
  tasks that name it (none changed, out of scope) and of its columns' assignments
  (unchanged, out of scope). Tag and Meta are small and diffed whole; HAS_COLUMN, HAS_TAG
  and CHILD_OF follow their nodes.

Every change is one set-based statement per table: deletes by a `LOAD FROM` of keys, tasks
or row offsets, property changes by `LOAD FROM ... SET`, new rows by COPY, all in one
transaction so that Kùzu rewrites each touched CSR region once.

Kùzu 0.11 shapes this (measured with 0.11.3 on the 10k benchmark and a 3.4M-column,
11.9M-row synthetic FLOWS): its planner joins by hashing whole tables, never by index
lookups from a list, so FLOWS is only filtered on its own `task` property (one scan, about
3 s at 12M rows), never joined with Col to read particular rows back (13 s, or the buffer
pool runs out); an `offset(id(r)) = o` join costs rows x offsets, so it is kept to the small
tables; and committing any change in a CSR region rewrites the region (1024 nodes' lists,
all properties, both directions), so the commit costs about as many regions as the changed
rows touch. Changed tasks spread over a large graph touch most regions: 1,600 tasks of a
12M-row FLOWS took 28 s to commit whether 9,000 or 169,000 rows changed.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from engine.errors import GraphStoreError
from engine.gcpause import gc_paused
from engine.graph._kuzu import KuzuSession
from engine.graph.schema import NODE_TABLES, REL_TABLES, arrow_schema, count_cypher, quote
from engine.graph.tables import ScopedNodes, carries_table, task_tables, to_arrow
from engine.models import AssetInfo, TagAssignments, TagInfo, TaskLineage

Row = tuple[Any, ...]

# The one Meta key an update may change: what the SQL was (the others say what built it).
UPDATABLE_META_KEY = "inputs_hash"
# A Meta key the caller must provide for an update: a hash of every input but the SQL.
CONFIG_META_KEY = "config_hash"

_PK = {name: props[0][0] for name, props in NODE_TABLES.items()}
_TASK = NODE_TABLES["Task"]
_TASK_LINEAGE = [p for p, _ in _TASK].index("lineage")
_TASK_ASSETS = [p for p, _ in _TASK].index("assets")


def _endpoints(name: str) -> tuple[str, str]:
    """(from, to) of a relationship table as `MATCH` patterns binding `a` and `b`."""
    src, dst, _ = REL_TABLES[name]
    return f"(a:{quote(src)})", f"(b:{quote(dst)})"


class UpdateNotApplicable(Exception):
    """The stored graph cannot be updated exactly: rebuild it."""


@dataclass
class UpdateStats:
    """What an update changed, and where its time went."""

    changed_tasks: int = 0
    scope_assets: int = 0
    deleted: dict[str, int] = field(default_factory=dict)  # table -> rows or nodes removed
    added: dict[str, int] = field(default_factory=dict)  # table -> rows or nodes COPYed
    updated: dict[str, int] = field(default_factory=dict)  # node table -> nodes SET
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # table -> rows after the update


# Kùzu 0.11 never compacts a database file: every update leaves the old copies of the
# regions and string dictionaries it rewrote behind (+26% for a 1% change at 100k tasks,
# 3.6x after fifteen at 10k). A fresh build takes 75-81 bytes a row (all tables' rows, both
# benchmarks): past twice that, the graph is rebuilt, which compacts it.
FRESH_BYTES_PER_ROW = 80
FRESH_BYTES_FIXED = 16 << 20
MAX_GROWTH = 2.0


def updatable(stored: Mapping[str, str], expected: Mapping[str, str]) -> bool:
    """True when a graph with Meta `stored` can be updated to one with Meta `expected`:
    everything but the SQL is the same (`expected` must carry CONFIG_META_KEY)."""
    if CONFIG_META_KEY not in expected:
        return False
    keys = (set(stored) | set(expected)) - {UPDATABLE_META_KEY}
    return all(stored.get(k) == str(expected.get(k)) for k in keys)


def outgrown(file_bytes: int, rows: int) -> bool:
    """True when a database file of `file_bytes` holding `rows` rows (all tables) is more than
    MAX_GROWTH times what a fresh build would take: rebuild it rather than update it."""
    return file_bytes > MAX_GROWTH * (FRESH_BYTES_PER_ROW * rows + FRESH_BYTES_FIXED)


def update_graph(path: Path, *, assets: Sequence[AssetInfo], lineage: Sequence[TaskLineage],
                 tags: TagAssignments, tag_defs: Sequence[TagInfo], meta: Mapping[str, str],
                 identities: Mapping[str, str], buffer_pool_mb: int) -> UpdateStats:
    """Update the closed graph at `path` (a copy: it is changed in place) to the one a full
    build of these arguments would make; `meta` is the complete Meta table (graph.* keys
    included). Leaves the file checkpointed and closed. Raises UpdateNotApplicable when the
    result could not be exact (the caller rebuilds), GraphStoreError on Kùzu failures."""
    stats = UpdateStats()
    clock = _Clock(stats.seconds)
    with KuzuSession(path, read_only=False, buffer_pool_mb=buffer_pool_mb) as session:
        plan = _Plan(session, clock)
        with gc_paused():  # only allocates: rows read back, diffed and made
            plan.make(assets, lineage, tags, tag_defs, meta, identities, stats)
        plan.apply(stats)
        session.rows("CHECKPOINT")
        clock.lap("checkpoint")
        for name in (*NODE_TABLES, *REL_TABLES):
            stats.counts[name] = int(session.rows(count_cypher(name))[1][0][0])
    return stats


class _Clock:
    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds = seconds
        self._start = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.seconds[phase] = round(self.seconds.get(phase, 0.0) + now - self._start, 3)
        self._start = now


class _Plan:
    """The statements of one update: made by reading and diffing, then applied."""

    def __init__(self, session: KuzuSession, clock: _Clock) -> None:
        self.db = session
        self.clock = clock
        self.flows_of: list[str] = []  # tasks whose FLOWS rows are all deleted
        self.deletes: dict[str, list[int]] = {}  # small rel table -> offsets of rows to delete
        self.node_deletes: dict[str, list[Any]] = {}  # node table -> keys to DETACH DELETE
        self.node_sets: dict[str, pa.Table] = {}  # node table -> rows whose properties change
        self.copies: dict[str, pa.Table] = {}  # table -> rows to COPY

    # --- making the plan -------------------------------------------------------------------

    def make(self, assets: Sequence[AssetInfo], lineage: Sequence[TaskLineage],
             tags: TagAssignments, tag_defs: Sequence[TagInfo], meta: Mapping[str, str],
             identities: Mapping[str, str], stats: UpdateStats) -> None:
        if self._count("MATCH (c:Col) WHERE c.name CONTAINS '.' RETURN count(*)"):
            # `a.b.c` could then be column `c` of `a.b` or `b.c` of `a`: the scope below
            # takes a column's asset from its id
            raise UpdateNotApplicable("a column name contains '.'")
        paths = [t.task for t in lineage]
        if len(set(paths)) != len(paths):
            raise UpdateNotApplicable("a task path occurs twice")
        stored = _keyed(self._read("MATCH (t:Task) RETURN t.*"))
        dirty = {p for p in paths if identities.get(p) is None
                 or stored.get(p, ())[_TASK_LINEAGE:_TASK_LINEAGE + 1] != (identities[p],)}
        changed = sorted(dirty | (set(stored) - set(paths)))
        stats.changed_tasks = len(changed)
        self.clock.lap("read")

        new_tasks = task_tables([t for t in lineage if t.task in dirty], identities)
        carries = carries_table(tags)
        self.clock.lap("prepare")

        self._task_rows(changed, {k: stored[k] for k in changed if k in stored}, new_tasks)
        old_carries = self._read_rel("CARRIES", "a.id, b.name, r.origin, r.origin_tag, "
                                     "r.declared, r.masked, r.path")
        touched = self._rel_diff("CARRIES", old_carries, carries)
        self.clock.lap("read")

        scope = {a for k in changed if k in stored for a in stored[k][_TASK_ASSETS]}
        scope.update(a for row in new_tasks["Task"].column("assets").to_pylist() for a in row)
        scope.update(c.rsplit(".", 1)[0] for row in touched for c in (row[0], row[2]))
        stats.scope_assets = len(scope)
        # unchanged tasks that name something in scope: their footprints are as stored
        others = [t for t in lineage if t.task not in dirty
                  and not scope.isdisjoint(stored[t.task][_TASK_ASSETS])]
        self._nodes(scope, assets, [t for t in lineage if t.task in dirty], others, stored,
                    tags, tag_defs, carries.column("path").to_pylist(), meta)

    def _count(self, cypher: str) -> int:
        return int(self.db.rows(cypher)[1][0][0])

    def _read(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        return self.db.arrow(cypher, params)

    def _read_rel(self, name: str, columns: str, where: str = "",
                  params: dict[str, Any] | None = None) -> pa.Table:
        """Rows of a relationship table as (offset, from, to, properties...)."""
        a, b = _endpoints(name)
        return self._read(f"{'LOAD FROM $k ' if params else ''}MATCH {a}-[r:{quote(name)}]->{b} "
                          f"{where} RETURN offset(id(r)), {columns}", params)

    def _task_rows(self, changed: list[str], old_tasks: Mapping[str, Row],
                   new: Mapping[str, pa.Table]) -> None:
        """Plan the changed tasks' nodes and rows. FLOWS: all their rows are replaced, since
        reading particular FLOWS rows back joins the whole table with Col twice (seconds
        and gigabytes at 100k tasks); the small tables are diffed row by row."""
        if not changed:  # the changed tasks' rows are all there is to do here
            return
        self._node_diff("Task", old_tasks, _keyed(new["Task"]))
        self.flows_of = changed
        if new["FLOWS"].num_rows:
            self.copies["FLOWS"] = new["FLOWS"]
        keys = {"k": pa.table({"k": pa.array(changed, pa.string())})}
        feeds = ", ".join(["a.id", "b.id", *(f"r.{p}" for p, _ in REL_TABLES["FEEDS"][2])])
        self._rel_diff("FEEDS", self._read_rel("FEEDS", feeds, "WHERE r.task = k", keys),
                       new["FEEDS"])
        for name in ("READS", "WRITES"):
            self._rel_diff(name, self._read_rel(name, "a.id, b.id", "WHERE a.id = k", keys),
                           new[name])

    def _rel_diff(self, name: str, old: pa.Table, new: pa.Table) -> list[Row]:
        """Plan the deletes and COPY that turn `old` (offset, row...) into `new` (rows, as a
        multiset: a table may hold a row twice); return the rows removed and added."""
        offsets = defaultdict(list)
        for offset, *row in _rows(old):
            offsets[tuple(row)].append(offset)
        added = []
        for i, row in enumerate(_rows(new)):
            found = offsets.get(row)
            if found:
                found.pop()
            else:
                added.append(i)
        removed = [o for left in offsets.values() for o in left]
        if removed:
            self.deletes[name] = removed
        if added:
            self.copies[name] = new.take(added)
        return [row for row, left in offsets.items() for _ in left] + (
            list(_rows(self.copies[name])) if added else [])

    def _node_diff(self, name: str, old: Mapping[Any, Row], new: Mapping[Any, Row]) -> None:
        """Plan DETACH DELETE, SET and COPY that turn `old` nodes into `new` (by key)."""
        removed = [k for k in old if k not in new]
        added = [row for k, row in new.items() if k not in old]
        changed = [row for k, row in new.items() if k in old and old[k] != row]
        if removed:
            self.node_deletes[name] = removed
        if added:
            self.copies[name] = to_arrow(name, added)
        if changed:
            self.node_sets[name] = to_arrow(name, changed)

    def _nodes(self, scope: set[str], assets: Sequence[AssetInfo],
               dirty: Sequence[TaskLineage], others: Sequence[TaskLineage],
               stored_tasks: Mapping[str, Row], tags: TagAssignments,
               tag_defs: Sequence[TagInfo], paths: Sequence[str], meta: Mapping[str, str],
               ) -> None:
        """Plan the nodes of the assets in scope, Tag, Meta and the relationships that follow
        them (HAS_COLUMN, HAS_TAG, CHILD_OF)."""
        keys = {"k": pa.table({"k": pa.array(sorted(scope), pa.string())})}
        old_assets = _keyed(self._read("LOAD FROM $k MATCH (a:Asset) WHERE a.id = k "
                                       "RETURN a.*", keys))
        old_cols = _keyed(self._read("LOAD FROM $k MATCH (c:Col) WHERE c.asset = k "
                                     "RETURN c.*", keys))
        has_tag = self._read_rel("HAS_TAG", "a.id, b.name")
        child_of = self._read_rel("CHILD_OF", "a.name, b.name")
        old_tags = _keyed(self._read("MATCH (t:Tag) RETURN t.*"))
        old_meta = _keyed(self._read("MATCH (m:Meta) RETURN m.*"))
        self.clock.lap("read")

        nodes = ScopedNodes(scope, assets=assets, dirty=dirty, unchanged=others, tags=tags,
                            tag_defs=tag_defs, paths=paths)
        candidates = set(old_cols) - nodes.columns()
        if candidates:  # stored columns in scope that only an unchanged task's edge may name
            where = {c.rsplit(".", 1)[0] for c in candidates}
            nodes.add_edge_endpoints(
                (t for t in others if not where.isdisjoint(stored_tasks[t.task][_TASK_ASSETS])),
                candidates)
        owners = has_tag.column(1).to_pylist()
        mine = [a in scope for a in owners]
        other_tags = {t for t, m in zip(has_tag.column(2).to_pylist(), mine) if not m}
        new = nodes.tables(other_tags, meta)
        if any("." in name for name in new["Col"].column("name").to_pylist()):
            raise UpdateNotApplicable("a column name contains '.'")
        self._node_diff("Asset", old_assets, _keyed(new["Asset"]))
        self._node_diff("Col", old_cols, _keyed(new["Col"]))
        self._node_diff("Tag", old_tags, _keyed(new["Tag"]))
        self._node_diff("Meta", old_meta, _keyed(new["Meta"]))
        self._rel_diff("HAS_TAG", has_tag.filter(pa.array(mine, pa.bool_())), new["HAS_TAG"])
        self._rel_diff("CHILD_OF", child_of, new["CHILD_OF"])
        # HAS_COLUMN is one row per column, from its asset: a removed column's row goes with
        # its DETACH DELETE, a new column's is copied, and a column keeps its asset (no name
        # has a '.': the id determines it)
        if "Col" in self.copies:
            added = set(self.copies["Col"].column("id").to_pylist())
            has_column = new["HAS_COLUMN"]
            self.copies["HAS_COLUMN"] = has_column.filter(
                pa.array([c in added for c in has_column.column("to").to_pylist()], pa.bool_()))
        self.clock.lap("prepare")

    # --- applying it -----------------------------------------------------------------------

    def apply(self, stats: UpdateStats) -> None:
        """Run the plan in one transaction (each touched region is rewritten once)."""
        db = self.db
        db.rows("BEGIN TRANSACTION")
        try:
            if self.flows_of:  # a hash join on the rows' own `task`: one scan of FLOWS
                db.rows("LOAD FROM $k MATCH ()-[r:FLOWS]->() WHERE r.task = k DELETE r",
                        {"k": pa.table({"k": pa.array(self.flows_of, pa.string())})})
            for name, offsets in self.deletes.items():  # before their nodes go
                a, b = _endpoints(name)
                db.rows(f"LOAD FROM $o MATCH {a}-[r:{quote(name)}]->{b} "
                        "WHERE offset(id(r)) = o DELETE r",
                        {"o": pa.table({"o": pa.array(offsets, pa.int64())})})
                stats.deleted[name] = len(offsets)
            for name, keys in self.node_deletes.items():
                db.rows(f"LOAD FROM $k MATCH (n:{quote(name)}) WHERE n.{_PK[name]} = k "
                        "DETACH DELETE n",
                        {"k": pa.table({"k": pa.array(keys, arrow_schema(name).field(0).type)})})
                stats.deleted[name] = len(keys)
            for name, rows in self.node_sets.items():
                props = [p for p in rows.column_names if p != _PK[name]]
                db.rows(f"LOAD FROM $t MATCH (n:{quote(name)}) WHERE n.{_PK[name]} = _{_PK[name]} "
                        f"SET {', '.join(f'n.{p} = _{p}' for p in props)}",
                        {"t": rows.rename_columns([f"_{p}" for p in rows.column_names])})
                stats.updated[name] = rows.num_rows
            for name in (*NODE_TABLES, *REL_TABLES):  # nodes before the rows that need them
                if name in self.copies:
                    db.copy(name, self.copies[name])
                    stats.added[name] = self.copies[name].num_rows
            db.rows("COMMIT")
        except BaseException:
            try:  # the file is discarded anyway: leave no open transaction behind the close
                db.rows("ROLLBACK")
            except GraphStoreError:
                pass
            raise
        finally:
            self.clock.lap("write")


def _rows(table: pa.Table) -> Iterable[Row]:
    """The table's rows as hashable tuples (lists become tuples)."""
    columns = []
    for col in table.columns:
        values = col.to_pylist()
        if pa.types.is_list(col.type):
            values = [None if v is None else tuple(v) for v in values]
        columns.append(values)
    return zip(*columns)


def _keyed(table: pa.Table) -> dict[Any, Row]:
    """Node rows by primary key (the first column), lists as tuples."""
    return {row[0]: row for row in _rows(table)}
