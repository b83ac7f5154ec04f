"""Edges and column references cross process boundaries and the cache by pickle: the compact
positional form must give back equal values, and columns must come back shared."""

from __future__ import annotations

import pickle

import pytest

from engine.models import ColumnRef, LineageEdge


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
