"""The run's inventory: every asset, declared in the catalog or discovered in SQL.

Declared facts (owner, zone, tags) come from the catalog; columns and readers/writers come
from the catalog and the SQL together, so an asset a task creates gets its columns from the
statement that creates it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from engine.altered import columns_for
from engine.codec import column_names
from engine.guessed import guessed, is_guess
from engine.models import AssetInfo, ColumnInfo, TaskLineage, guessed_columns


def sql_columns(lineage: Iterable[TaskLineage]) -> dict[str, list[str]]:
    """Return asset id -> column names the SQL defines or touches, in first-seen order."""
    return _sql_facts(lineage)[0]


def _sql_facts(lineage: Iterable[TaskLineage]
               ) -> tuple[dict[str, list[str]], dict[str, set[str]], dict[str, set[str]]]:
    """`sql_columns`, and each asset's readers and writers (tasks), in one walk of the tasks.

    A reader reads the asset in a statement that does not write it (`AssetInfo.read_by`).

    Each column list is merged as one dict (`dict.fromkeys`, `update`: C loops keeping
    first-seen order) rather than name by name: 9M names at 100k tasks were 2 s of `setdefault`.
    """
    cols: dict[str, dict[str, None]] = {}
    read_by: dict[str, set[str]] = defaultdict(set)
    written_by: dict[str, set[str]] = defaultdict(set)
    for task in lineage:
        name = task.task
        for st in task.statements:
            target = st.target
            for src in st.sources:
                # A statement reading its own target (MERGE, upsert, `UPDATE … FROM`,
                # `INSERT INTO t SELECT … FROM t`) maintains the table: it does not use it.
                if src != target:
                    read_by[src].add(name)
            if target:
                written_by[target].add(name)
                if st.target_columns:  # (statements' `*` is kept, as it always was)
                    seen = cols.get(target)
                    if seen is None:
                        cols[target] = dict.fromkeys(st.target_columns)
                    else:
                        seen.update(dict.fromkeys(st.target_columns))
        # wide edges' targets are the statement's target columns, already seen
        for asset, names in column_names(task):
            if "*" in names:
                names = [n for n in names if n != "*"]
            seen = cols.get(asset)
            if seen is None:
                cols[asset] = dict.fromkeys(names)  # an asset named only by `*` is kept, empty
            else:
                seen.update(dict.fromkeys(names))
    return {a: list(c) for a, c in cols.items() if c}, read_by, written_by


def defined_tables(
    schema: Mapping[str, Mapping[str, str]], task: TaskLineage
) -> dict[str, dict[str, str]]:
    """Return the tables `schema` lacks (or knows no columns of) that `task` writes, with the
    columns the task defines them with (`_TableWrites.defines`): what the task adds."""
    return _missing_from(schema, _table_writes(task).defines)


def _missing_from(schema: Mapping[str, Mapping[str, str]], defines: dict[str, dict[str, str]]
                  ) -> dict[str, dict[str, str]]:
    return {t: c for t, c in defines.items() if not schema.get(t)}


def discovered_schema(
    base: Mapping[str, Mapping[str, str]], lineage: Iterable[TaskLineage],
    order: Mapping[str, int] | None = None,
) -> dict[str, dict[str, str] | Mapping[str, str]]:
    """Return `base` plus the target columns of tables the SQL creates that `base` lacks: the
    first definer's in task order (`order`, default the order given; the first to CREATE the
    table naming its columns, if any does, else the first to write some, whose columns are then
    only a guess: `engine.guessed`), and where later tasks ALTER the table, an `AlteredColumns`
    saying what each task sees (`engine.altered`)."""
    tasks = list(lineage)
    order = order if order is not None else {t.task: i for i, t in enumerate(tasks)}
    schema: dict[str, Any] = {a: dict(c) for a, c in base.items()}
    definer: dict[str, str] = {}
    creator: dict[str, tuple[str, dict[str, str]]] = {}  # table -> its first CREATE's task
    changers: dict[str, dict[int, dict[str, str]]] = defaultdict(dict)
    for task in tasks:
        writes = _table_writes(task)
        for table in writes.creates:
            creator.setdefault(table, (task.task, writes.defines[table]))
        for table, columns in writes.changes.items():
            changers[table][order[task.task]] = columns
        for table in (new := _missing_from(schema, writes.defines)):
            definer[table] = task.task
        schema.update(new)
    for table, first in definer.items():
        if table in creator:  # a CREATE wins over an INSERT's guess
            first, schema[table] = creator[table]
        if schema[table]:  # (columns unknown: no ALTER can have known them)
            schema[table] = _entry(order[first], schema[table], changers[table], len(order))
    return schema


_CREATES = frozenset({"create_table", "create_view"})
_CHANGES = _CREATES | {"alter_table"}


class _TableWrites(NamedTuple):
    """What one task's statements say of the tables they write (`_table_writes`)."""

    # per table written other than by ALTER TABLE alone: the columns of its first statement
    # naming some (`{}` if it names only `*`), as its later ALTERs leave them; what it would
    # add to a schema that lacked them. An UPDATE or a MERGE names only the columns it sets.
    # Those of a table it does not CREATE are `GuessedColumns` (`engine.guessed`).
    defines: dict[str, dict[str, str]]
    # per table it CREATEs (again, not IF NOT EXISTS) or ALTERs knowing its columns: the
    # columns its last such statement leaves, which later tasks see where another task
    # defines it first
    # (`engine.altered`: a migration's ALTER, `CREATE OR REPLACE VIEW`, a rebuilt table)
    changes: dict[str, dict[str, str]]
    # the tables it CREATEs naming columns: such a definition wins over one guessed from an
    # INSERT's outputs in a task before it (`etl/` sorting before `migrations/`)
    creates: frozenset[str]


def _table_writes(task: TaskLineage) -> _TableWrites:
    """One walk of the task's statements (at 100k tasks, three walks cost 0.8 s more)."""
    defines: dict[str, dict[str, str]] = {}
    changes: dict[str, dict[str, str]] = {}
    creates: set[str] = set()
    for st in task.statements:
        target, kind = st.target, st.kind
        # a MERGE's INSERT branch lists columns as an INSERT does: the same guess
        named = guessed_columns(kind, st.target_columns, st.insert_columns)
        if not (target and named):
            continue
        if "*" in named:  # (rare: a C-level test, then the list only where needed)
            named = tuple(c for c in named if c != "*")
        columns = None
        if target in defines if kind == "alter_table" else not defines.get(target):
            columns = defines[target] = dict.fromkeys(named, "")
        if not named:
            continue
        if kind in _CREATES:
            creates.add(target)
        if kind in _CHANGES and not st.if_not_exists:  # (which leaves a made table alone)
            changes[target] = columns if columns is not None else dict.fromkeys(named, "")
    # what a table this task does not CREATE gets from it is what it wrote: a lower bound
    defines.update([(t, guessed(c)) for t, c in defines.items() if c and t not in creates])
    return _TableWrites(defines, changes, frozenset(creates))


def _entry(definer: int, first: Mapping[str, str], alterers: Mapping[int, Mapping[str, str]],
           size: int) -> Mapping[str, str]:
    """`columns_for`, a guess's versions kept guesses: an ALTER of a table nobody defines
    adds to a lower bound."""
    if is_guess(first):
        alterers = {p: guessed(c) for p, c in alterers.items()}
    return columns_for(definer, first, alterers, size)


class GrowingSchema:
    """`discovered_schema` kept current as tasks' lineage changes: equal to it, key order
    included, for the tasks given so far (`order`: their position in task order).

    The lineage stage needs the schema again after every wave and every settling pass; a full
    fold over 100k tasks costs about a second, so only the tables the changed tasks define
    (before or after the change) are resolved again.
    """

    def __init__(self, base: Mapping[str, Mapping[str, str]], order: Mapping[str, int]) -> None:
        self._base = {a: dict(c) for a, c in base.items()}
        self.order = order
        self._defs: dict[str, dict[str, dict[str, str]]] = {}  # task -> table -> columns
        self._alts: dict[str, dict[str, dict[str, str]]] = {}  # task -> table -> after ALTERs
        self._made: dict[str, frozenset[str]] = {}  # task -> tables it CREATEs
        self._definers: dict[str, dict[str, dict[str, str]]] = {}  # table -> task -> columns
        self._alterers: dict[str, dict[str, dict[str, str]]] = {}  # table -> task -> columns
        self._found: dict[str, Mapping[str, str]] = {}  # tables base lacks or knows no columns of
        # such a table's first definer in task order, and its place among that task's tables:
        # where the fold first inserts it, which is the key order discovered_schema gives
        self._position: dict[str, tuple[int, int]] = {}

    def copy(self) -> GrowingSchema:
        """An independent copy (column dicts, never changed in place, are shared)."""
        new = GrowingSchema.__new__(GrowingSchema)
        new._base, new.order = self._base, self.order
        new._defs, new._alts, new._made = dict(self._defs), dict(self._alts), dict(self._made)
        new._definers = {t: dict(d) for t, d in self._definers.items()}
        new._alterers = {t: dict(d) for t, d in self._alterers.items()}
        new._found, new._position = dict(self._found), dict(self._position)
        return new

    def update(self, lineage: Iterable[TaskLineage]) -> dict[str, Mapping[str, str]]:
        """Take these tasks' (new) lineage; return the schema (a new dict each call)."""
        touched: set[str] = set()
        for task in lineage:
            for table in self._defs.pop(task.task, {}):
                del self._definers[table][task.task]
                touched.add(table)
            for table in self._alts.pop(task.task, {}):
                del self._alterers[table][task.task]
                touched.add(table)
            self._made.pop(task.task, None)
            writes = _table_writes(task)
            if writes.creates:
                self._made[task.task] = writes.creates
            for mine, by_table, made in ((self._defs, self._definers, writes.defines),
                                         (self._alts, self._alterers, writes.changes)):
                if made:
                    mine[task.task] = made
                for table, columns in made.items():
                    by_table.setdefault(table, {})[task.task] = columns
                    touched.add(table)
        for table in touched:
            self._resolve(table)
        schema = {a: self._found.get(a, c) for a, c in self._base.items()}
        schema.update((t, self._found[t]) for t in sorted(
            (t for t in self._found if t not in self._base), key=self._position.__getitem__))
        return schema

    def _resolve(self, table: str) -> None:
        """The fold's outcome for one table: base's columns if it has some, else the first
        definer's (in task order) that names some, as the tasks that ALTER it later leave it
        (`engine.altered`), else `{}` if anything defines it."""
        self._found.pop(table, None)
        self._position.pop(table, None)
        definers = self._definers.get(table)
        if not definers or self._base.get(table):
            return
        ranked = sorted(definers, key=self.order.__getitem__)
        self._position[table] = (self.order[ranked[0]], list(self._defs[ranked[0]]).index(table))
        first = next((t for t in ranked if table in self._made.get(t, ())), None) or next(
            (t for t in ranked if definers[t]), None)
        if first is None:
            self._found[table] = {}
            return
        alterers = {self.order[t]: c for t, c in self._alterers.get(table, {}).items()}
        self._found[table] = _entry(self.order[first], definers[first], alterers, len(self.order))


class _SharedColumns(dict[str, ColumnInfo]):
    """Column name -> its ColumnInfo with one set of declared tags, made on first use.

    ColumnInfo is immutable: one instance per (name, tags) serves every asset that has it
    (millions of columns at scale, mostly repeating names, each validated once), and a
    column list is looked up in one `map` (C), calling back into Python only for new names.
    """

    __slots__ = ("_tags",)

    def __init__(self, tags: tuple[str, ...]) -> None:
        super().__init__()
        self._tags = tags

    def __missing__(self, name: str) -> ColumnInfo:
        info = self[name] = ColumnInfo(name=name, declared_tags=self._tags)
        return info


# An undeclared asset's facts, validated once: each is a copy with its own values (as
# validating each and copying it with its columns was, fields set included, at half the cost).
_UNDECLARED = AssetInfo(id="-", declared=False, zone=None, sink=False, source=False)


def build_inventory(catalog: Any, lineage: Sequence[TaskLineage],
                    only: Collection[str] | None = None) -> dict[str, AssetInfo]:
    """Return asset id -> AssetInfo for every declared and discovered asset, sorted by id;
    `only` these ids where given (a cone's: the catalog's other assets are not worked out)."""
    columns, read_by, written_by = _sql_facts(lineage)
    ids = set(catalog.assets) | set(columns) | set(read_by) | set(written_by)
    if only is not None:
        ids.intersection_update(only)
    out: dict[str, AssetInfo] = {}
    shared: dict[tuple[str, ...], _SharedColumns] = {}
    undeclared = _SharedColumns(())  # an undeclared asset has no tags
    shared[()] = undeclared
    for asset_id in sorted(ids):
        names = columns.get(asset_id, ())
        readers = tuple(sorted(read_by.get(asset_id, ())))
        writers = tuple(sorted(written_by.get(asset_id, ())))
        if asset_id not in catalog.assets:
            zone, sink, source = catalog.placement(asset_id)
            out[asset_id] = _UNDECLARED.model_copy(update={
                "id": asset_id, "zone": zone, "sink": sink, "source": source,
                "columns": tuple(map(undeclared.__getitem__, names)), "read_by": readers,
                "written_by": writers})
            continue
        base = catalog.asset_info(asset_id)
        infos = shared.get(base.tags)
        if infos is None:
            infos = shared[base.tags] = _SharedColumns(base.tags)
        known = {c.name for c in base.columns}
        extra = tuple(map(infos.__getitem__, [n for n in names if n not in known]))
        out[asset_id] = base.model_copy(
            update={"columns": base.columns + extra, "read_by": readers, "written_by": writers}
        )
    return out
