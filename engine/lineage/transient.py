"""Tables a file makes and then drops or renames away before it ends: transient ones.

Such a table does not outlive the file, so it is no asset: like a temporary table, it carries
the flows written into it to the statements that read it. dbt's Postgres and Redshift rebuilds
are the common case (`CREATE TABLE m__dbt_tmp AS ...`, `ALTER TABLE m RENAME TO m__dbt_backup`,
`ALTER TABLE m__dbt_tmp RENAME TO m`, `DROP TABLE m__dbt_backup`): `m` is then written from the
model's sources, and neither `m__dbt_tmp` nor `m__dbt_backup` is an asset of the warehouse.

Whether a CREATE makes a transient table is only known at a later DROP or rename, so a file
that has one is analysed a second time, told which of its creations those were (`Lifetimes`).
A creation is counted by its place among the file's writes, which both passes meet in the same
order: the same name made again after the drop is another table, and stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlglot import exp

from engine.lineage.schema import TaskSchema, table_id

# The writes that make a table (or a view) of their target's name
_MAKING = frozenset({"create_table", "create_view"})
# What a DROP ends: a table by either name (a dbt view model's backup is dropped as a view)
_DROPPED_KINDS = frozenset({"TABLE", "VIEW", "MATERIALIZED VIEW"})


@dataclass
class Lifetimes:
    """One pass's record of the tables the file makes and ends (see the module docstring)."""

    # given to a second pass: (table, ordinal of the write that made it) of transient tables
    carried: frozenset[tuple[str, int]] = frozenset()
    writes: int = 0  # writes seen so far: the next one's ordinal
    # table -> the writes that made it since it was last ended (IF/ELSE branches, a CREATE OR
    # REPLACE again): the end ends each
    made: dict[str, list[int]] = field(default_factory=dict)
    ended: set[tuple[str, int]] = field(default_factory=set)  # found transient in this pass

    def next_write(self) -> int:
        """Return the ordinal of the write being analysed."""
        self.writes += 1
        return self.writes

    def is_carried(self, table: str, ordinal: int) -> bool:
        """True if the write `ordinal` makes `table` transient (a second pass knows)."""
        return (table, ordinal) in self.carried

    def made_by(self, kind: str, table: str, ordinal: int) -> None:
        """Note that write `ordinal` (a persistent write of `kind`) made `table`, if it did."""
        if kind in _MAKING:
            self.made.setdefault(table, []).append(ordinal)

    def end(self, table: str) -> None:
        """`table` is dropped or renamed away: transient if the file made it."""
        self.ended.update((table, ordinal) for ordinal in self.made.pop(table, ()))


def dropped_tables(drop: exp.Drop) -> list[str]:
    """The ids of the tables (and views) `drop` ends."""
    if str(drop.args.get("kind") or "").upper() not in _DROPPED_KINDS:
        return []
    return [tid for table in drop.args.get("tables") or ()
            if isinstance(table, exp.Table) and (tid := table_id(table)) is not None]


def end_tables(tables: Iterable[str], lifetimes: Lifetimes, schema: TaskSchema) -> None:
    """Tables a DROP or a rename ended: noted, and no longer temporary tables of the script (a
    later CREATE of the name makes a table of its own)."""
    for tid in tables:
        lifetimes.end(tid)
        schema.drop_temp(tid)
