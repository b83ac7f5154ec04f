"""`GrowingSchema` is `discovered_schema` kept current: after any sequence of updates it must
equal a full fold over the tasks' latest lineage in task order, key order included, and what
each task sees of a table later tasks ALTER (`engine.altered`)."""

from __future__ import annotations

import pickle
import random

import pytest

from engine.altered import AlteredColumns, view
from engine.cache import Extracted, Fingerprints
from engine.guessed import GuessedColumns, is_guess
from engine.inventory import GrowingSchema, discovered_schema
from engine.models import StatementLineage, TaskLineage

TABLES = ["stg.a", "stg.b", "mart.c", "raw.declared", "raw.empty"]
BASE = {"raw.declared": {"id": "int", "x": "text"}, "raw.empty": {}, "raw.other": {"k": ""}}


def _task(rng: random.Random, name: str) -> TaskLineage:
    statements = []
    for i in range(rng.randint(0, 3)):
        target = rng.choice([*TABLES, None])
        columns = rng.choice([(), ("*",), ("id",), ("id", "email"), ("*", "n"), ("n",)])
        kind = rng.choice(["create_table", "create_view", "insert", "alter_table", "update",
                           "merge"])
        conditional = kind.startswith("create") and rng.random() < 0.3  # IF NOT EXISTS
        statements.append(StatementLineage(index=i, line=i + 1, kind=kind, target=target,
                                           target_columns=columns, if_not_exists=conditional))
    return TaskLineage(task=name, sha256="0", status="ok", statements=tuple(statements))


@pytest.mark.parametrize("seed", range(40))
def test_updates_equal_a_full_fold(seed: int) -> None:
    rng = random.Random(seed)
    names = [f"sql/t{i}.sql" for i in range(8)]
    order = {n: i for i, n in enumerate(names)}
    latest = {n: _task(rng, n) for n in names if rng.random() < 0.7}
    growing = GrowingSchema(BASE, order)
    got = growing.update(latest.values())
    for _ in range(6):
        want = discovered_schema(BASE, (latest[n] for n in names if n in latest), order)
        assert got == want and list(got) == list(want)
        views = [{t: view(c, p) for t, c in got.items()} for p in range(len(names))]
        assert views == [{t: view(c, p) for t, c in want.items()} for p in range(len(names))]
        changed = {n: _task(rng, n) for n in rng.sample(names, rng.randint(1, 4))}
        latest.update(changed)
        got = growing.update(changed.values())


def test_a_later_definer_takes_over_when_the_first_stops_defining() -> None:
    order = {"a.sql": 0, "b.sql": 1}

    def defines(name: str, *columns: str) -> TaskLineage:
        st = StatementLineage(index=0, line=1, kind="create_table", target="stg.t",
                              target_columns=columns)
        return TaskLineage(task=name, sha256="0", status="ok", statements=(st,) if columns else ())

    growing = GrowingSchema({}, order)
    both = growing.update([defines("a.sql", "x"), defines("b.sql", "y")])["stg.t"]
    # b.sql's CREATE replaces the table for the tasks after it: the run's final columns; both
    # tasks see it as a.sql defines it
    assert dict(both) == {"y": ""} and [view(both, p) for p in (0, 1)] == [{"x": ""}, {"x": ""}]
    assert growing.update([defines("a.sql")]) == {"stg.t": {"y": ""}}
    assert growing.update([defines("b.sql", "*")]) == {"stg.t": {}}  # defined, columns unknown


def test_each_task_sees_a_table_as_the_tasks_before_it_left_it() -> None:
    # c.sql defines stg.t; e.sql and a.sql ALTER it. Task order rotates to start at c.sql:
    # a.sql, before its definer in path order, runs after e.sql.
    order = {n: i for i, n in enumerate(["a.sql", "b.sql", "c.sql", "d.sql", "e.sql"])}

    def task(name: str, kind: str, *columns: str) -> TaskLineage:
        st = StatementLineage(index=0, line=1, kind=kind, target="stg.t", target_columns=columns)
        return TaskLineage(task=name, sha256="0", status="ok", statements=(st,))

    got = GrowingSchema({}, order).update([
        task("a.sql", "alter_table", "id", "email", "phone"),
        task("c.sql", "create_table", "id"),
        task("d.sql", "insert", "id"),  # not an ALTER: the definer's columns stand
        task("e.sql", "alter_table", "id", "email"),
    ])["stg.t"]
    assert isinstance(got, AlteredColumns) and dict(got) == {"id": "", "email": "", "phone": ""}
    assert [list(got.at(p)) for p in range(5)] == [
        ["id", "email"], ["id", "email", "phone"], ["id"], ["id"], ["id"]]


def test_a_table_s_versions_survive_pickling_as_a_pool_and_the_kept_state_need() -> None:
    altered = AlteredColumns({"id": ""}, [(2, {"id": "", "email": ""})], start=1, size=5)
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(altered, protocol))
        assert type(back) is AlteredColumns and back == altered
        assert [back.at(p) for p in range(5)] == [altered.at(p) for p in range(5)]
    # equal columns are not equal versions: a table whose views moved has moved
    assert altered != {"id": "", "email": ""} and {"id": "", "email": ""} != altered


def _writes(name: str, kind: str, *columns: str) -> TaskLineage:
    st = StatementLineage(index=0, line=1, kind=kind, target="audit.log", target_columns=columns)
    return TaskLineage(task=name, sha256="0", status="ok", statements=(st,))


def test_columns_only_an_insert_gave_are_a_guess_for_every_task() -> None:
    # P34-4: the run's schema says so, and other files read them as a lower bound
    order = {n: i for i, n in enumerate(["a.sql", "b.sql", "c.sql", "d.sql"])}
    growing = GrowingSchema({}, order)
    got = growing.update([_writes("b.sql", "insert", "processname"),
                          _writes("c.sql", "merge", "processname", "status")])["audit.log"]
    assert is_guess(got) and got == GuessedColumns({"processname": ""})
    # a CREATE wins, and the same names defined are not the same table as guessed ones
    created = growing.update([_writes("c.sql", "create_table", "processname")])["audit.log"]
    assert not is_guess(created) and created != got and got != created
    assert dict(created) == dict(got)
    # a later file's ALTER adds to the guess: each task's version is a guess still
    altered = GrowingSchema({}, order).update([
        _writes("a.sql", "insert", "processname"),
        _writes("c.sql", "alter_table", "processname", "status")])["audit.log"]
    assert isinstance(altered, AlteredColumns) and is_guess(altered)
    assert [view(altered, p) for p in range(4)] == [GuessedColumns({"processname": ""})] * 3 + [
        GuessedColumns({"processname": "", "status": ""})]
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(got, protocol))
        assert type(back) is GuessedColumns and back == got


def test_a_guess_and_a_definition_of_the_same_names_have_different_fingerprints() -> None:
    read = StatementLineage(index=0, line=1, kind="select", sources=("audit.log",))
    task = TaskLineage(task="t.sql", sha256="0", status="ok", statements=(read,))
    guess = Fingerprints({"audit.log": GuessedColumns({"id": ""})})
    assert Extracted.of(task, guess).valid_for(guess)
    assert not Extracted.of(task, guess).valid_for(Fingerprints({"audit.log": {"id": ""}}))
