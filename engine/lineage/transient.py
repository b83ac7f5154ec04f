"""Tables a file makes and then drops or renames away before it ends: transient ones.

Such a table does not outlive the file, so it is no asset: like a temporary table, it carries
the flows written into it to the statements that read it. dbt's Postgres and Redshift rebuilds
are the common case (`CREATE TABLE m__dbt_tmp AS ...`, `ALTER TABLE m RENAME TO m__dbt_backup`,
`ALTER TABLE m__dbt_tmp RENAME TO m`, `DROP TABLE m__dbt_backup`): `m` is then written from the
model's sources, and neither `m__dbt_tmp` nor `m__dbt_backup` is an asset of the warehouse.

Whether a CREATE makes a transient table is only known at a later DROP or rename, so a file
that has one is analysed a second time, told which of its creations those were (`Lifetimes`).
A creation is known by its place: its statement's index in the file and its order among that
statement's writes (a block's statements share their block's index), which both passes meet
alike even if a statement fails to parse or runs out of time in one of them. The same name made
again after the drop is another table, and stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlglot import exp

from engine.lineage.schema import TaskSchema, table_id
from engine.models import StatementLineage

Place = tuple[int, int]  # a write's statement index, and its order among that statement's writes
# The writes that make a table (or a view) of their target's name
_MAKING = frozenset({"create_table", "create_view"})
# What a DROP ends: a table by either name (a dbt view model's backup is dropped as a view)
_DROPPED_KINDS = frozenset({"TABLE", "VIEW", "MATERIALIZED VIEW"})


@dataclass
class Lifetimes:
    """One pass's record of the tables the file makes and ends (see the module docstring)."""

    # given to a second pass: (table, place of the write that made it) of transient tables
    carried: frozenset[tuple[str, Place]] = frozenset()
    writes: dict[int, int] = field(default_factory=dict)  # statement index -> writes seen
    # table -> the writes that made it since it was last ended (IF/ELSE branches, a CREATE OR
    # REPLACE again): the end ends each
    made: dict[str, list[Place]] = field(default_factory=dict)
    ended: set[tuple[str, Place]] = field(default_factory=set)  # found transient in this pass
    # temporary table -> the positions (in the task's statements) of the writes into it no
    # statement has read since: dropped so, their reads went nowhere (`forget_unread`)
    unread: dict[str, list[int]] = field(default_factory=dict)
    # what the file's (or a body's) script blanked, an IF's condition say, may read tables no
    # statement shows: the names (lower-case) it holds outside string literals
    blanked: set[str] = field(default_factory=set)

    def next_write(self, statement: int) -> Place:
        """Return the place of the write being analysed, one of statement `statement`'s."""
        count = self.writes[statement] = self.writes.get(statement, 0) + 1
        return statement, count

    def is_carried(self, table: str, place: Place) -> bool:
        """True if the write at `place` makes `table` transient (a second pass knows)."""
        return (table, place) in self.carried

    def made_by(self, kind: str, table: str, place: Place) -> None:
        """Note that the write at `place` (a persistent write of `kind`) made `table`, if it
        did."""
        if kind in _MAKING:
            self.made.setdefault(table, []).append(place)

    def wrote_temp(self, table: str, position: int) -> None:
        """The statement at `position` wrote into the temporary table `table`."""
        self.unread.setdefault(table, []).append(position)

    def read(self, tables: Iterable[str]) -> None:
        """A statement read `tables`: what was written into them went somewhere."""
        for table in tables:
            self.unread.pop(table, None)

    def unseen(self) -> None:
        """A statement whose effect is unknown (a procedure call, a parse error) ran: it may
        have read any temporary table."""
        self.unread.clear()

    def blank(self, text: str, script: str) -> None:
        """Blanking `text` left `script`: what it took out may read tables."""
        if script != text:
            self.blanked |= _blanked_names(text, script)

    def may_read(self, table: str) -> bool:
        """True if something blanked names `table` (its last part, in any case), or cannot be
        read for names: a read there no statement shows cannot be ruled out."""
        name = table.rsplit(".", 1)[-1].lower().lstrip("#")
        return _EVERYTHING in self.blanked or name in self.blanked

    def end(self, table: str) -> None:
        """`table` is dropped or renamed away: transient if the file made it."""
        self.ended.update((table, place) for place in self.made.pop(table, ()))


def dropped_tables(drop: exp.Drop) -> list[str]:
    """The ids of the tables (and views) `drop` ends."""
    if str(drop.args.get("kind") or "").upper() not in _DROPPED_KINDS:
        return []
    return [tid for table in drop.args.get("tables") or ()
            if isinstance(table, exp.Table) and (tid := table_id(table)) is not None]


_EVERYTHING = ""  # a name no table has: the blanked text could not be lined up with its text
_NAME = re.compile(r"[\w#@$]+")
# a string literal: `IF OBJECT_ID('tempdb..#t') IS NOT NULL` reads no row of #t
_LITERAL = re.compile(r"'(?:[^']|'')*'")


def _blanked_names(text: str, script: str) -> set[str]:
    r"""The words (lower-case) of what blanking `text` into `script` took out, outside string
    literals; `_EVERYTHING` if a line of one is not as long as the other's (a character moved:
    no way to tell what), unless all the blanked line adds is a statement's end (psql's
    `\copy ...` is a COPY ended by a `;`, its unquoted file name quoted)."""
    names: set[str] = set()
    lines, blanked = text.splitlines(), script.splitlines()
    if len(lines) != len(blanked):
        return {_EVERYTHING}
    for line, kept in zip(lines, blanked, strict=True):
        if line == kept:
            continue
        if len(kept) > len(line) and not kept[len(line) :].strip("; '"):
            kept = kept[: len(line)]
        if len(line) != len(kept):
            return {_EVERYTHING}
        taken = _LITERAL.sub(" ", "".join(a if a != b else " " for a, b in zip(line, kept,
                                                                              strict=True)))
        # T-SQL's `#t` and `##t` are the table `t`
        names.update(word.lower().lstrip("#") for word in _NAME.findall(taken))
    return names


def forget_unread(tables: Iterable[str], lifetimes: Lifetimes,
                  statements: list[StatementLineage]) -> None:
    """Temporary tables dropped with writes nothing read: those writes read nothing that went
    anywhere, so their statements keep no sources (dbt's move of the last `m` into a backup it
    drops is no read of `m`)."""
    for tid in tables:
        if lifetimes.may_read(tid):
            lifetimes.unread.pop(tid, None)
            continue
        for position in lifetimes.unread.pop(tid, ()):
            statements[position] = statements[position].model_copy(update={"sources": ()})


def end_tables(tables: Iterable[str], lifetimes: Lifetimes, schema: TaskSchema) -> None:
    """Tables a DROP or a rename ended: noted, and no longer temporary tables of the script (a
    later CREATE of the name makes a table of its own)."""
    for tid in tables:
        lifetimes.end(tid)
        schema.drop_temp(tid)
