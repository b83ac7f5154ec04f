"""Edges and column references cross process boundaries and the cache by pickle: the compact
positional form must give back equal values, and columns must come back shared."""

from __future__ import annotations

import pickle

import pytest
from pydantic import ValidationError

from engine.models import ColumnRef, LineageEdge, StatementLineage, trusted_constructor


@pytest.mark.parametrize(
    "edge",
    [
        LineageEdge(ColumnRef("raw.users", "email"), ColumnRef("stg.users", "email_hash"),
                    "DIRECT", "TRANSFORMATION", "sql/a.sql", 2, 14, ("sha2", "upper"), True,
                    "resolved"),
        LineageEdge(ColumnRef("raw.t", "*"), ColumnRef("stg.t", "*"), "INDIRECT", "FILTER",
                    "sql/b.sql", 0, 1, (), False, "unresolved"),
    ],
)
def test_edges_round_trip_equal_with_every_field(edge: LineageEdge) -> None:
    back = pickle.loads(pickle.dumps(edge, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == edge and hash(back) == hash(edge)
    assert back.transform == edge.transform


def test_columns_read_back_are_one_object_per_column() -> None:
    first = pickle.loads(pickle.dumps(ColumnRef("raw.users", "email")))
    edge = LineageEdge(ColumnRef("raw.users", "email"), ColumnRef("x.y", "z"), "DIRECT",
                       "IDENTITY", "t.sql", 0, 1)
    again = pickle.loads(pickle.dumps(edge))
    assert again.source is first
    assert pickle.loads(pickle.dumps(ColumnRef("raw.users", "phone"))) is not first


def test_trusted_constructor_makes_what_validation_makes() -> None:
    """The codec's fast constructor must give models indistinguishable from validated ones:
    equal, equally hashed, with the same fields set, still frozen, and pickling alike."""
    make = trusted_constructor(StatementLineage)
    values = dict(index=2, line=7, kind="insert", target="mart.t", target_columns=("a", "b"),
                  sources=("raw.s",), if_not_exists=True, insert_columns=("a",))
    made, validated = make(*values.values()), StatementLineage(**values)
    assert made == validated and hash(made) == hash(validated)
    assert made.model_fields_set == validated.model_fields_set == set(values)
    assert made.model_dump() == validated.model_dump()
    assert pickle.loads(pickle.dumps(made)) == validated
    assert made.model_copy(update={"line": 8}) == validated.model_copy(update={"line": 8})
    with pytest.raises(ValidationError):
        made.line = 9  # type: ignore[misc]
    with pytest.raises(TypeError):
        make(2, 7)


def test_models_pickle_as_class_and_fields_with_their_fields_set() -> None:
    """`Frozen.__reduce__` keeps a model's fields (its __dict__) and fields set: a model built
    with defaults left unset comes back with the same set, one built in full with all."""
    from engine.models import Location, TaskLineage

    partial = Location(path="sql/a.sql", line=3)  # column left unset
    back = pickle.loads(pickle.dumps(partial, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == partial and hash(back) == hash(partial)
    assert back.model_fields_set == partial.model_fields_set == {"path", "line"}
    full = Location(path="sql/a.sql", line=3, column=1)
    assert pickle.loads(pickle.dumps(full)).model_fields_set == set(Location.model_fields)
    task = TaskLineage(task="sql/a.sql", sha256="0" * 64, statements=(), status="ok")
    again = pickle.loads(pickle.dumps(task))
    assert again == task and again.__dict__ == task.__dict__
    with pytest.raises(ValidationError):
        again.task = "x"  # type: ignore[misc]


def test_a_frozen_model_may_not_have_private_attributes() -> None:
    from pydantic import PrivateAttr

    from engine.models import Frozen

    with pytest.raises(TypeError, match="private"):
        class Bad(Frozen):  # noqa: F841 - defining it is the test
            x: int
            _hidden: int = PrivateAttr(0)
