"""Procedural control flow blanked out of a procedure body (engine.lineage.scripting): what is
left are the body's SQL statements, where they were, and the names the body declares."""

from __future__ import annotations

import pytest
from sqlglot.dialects.dialect import Dialect

from engine.lineage.scripting import without_control_flow

BODY = """
declare
  n integer default 0;
begin
  if (case when n > 0 then 1 else 0 end = 1) then
    merge into mart.t t using raw.s s on t.id = s.id
      when matched then update set t.v = case when s.v > 0 then s.v end;
  elseif (n < 0) then
    begin transaction;
    delete from mart.t;
    commit;
  end if;
  case (n)
    when 1 then insert into mart.one select 1;
    else insert into mart.other select 2;
  end case;
  while (n < 10) do
    n := n + 1;
  end while;
  for r in (select id from raw.s) do
    let total := r.id;
  end for;
  return 'ok';
end;
"""

KEPT = [
    "merge into mart.t t using raw.s s on t.id = s.id",
    "when matched then update set t.v = case when s.v > 0 then s.v end;",
    "begin transaction;",
    "delete from mart.t;",
    "commit;",
    "insert into mart.one select 1;",
    "insert into mart.other select 2;",
]


@pytest.mark.parametrize("dialect", ["snowflake", "postgres"])
def test_only_the_sql_statements_are_left_on_their_lines(dialect: str) -> None:
    script = without_control_flow(BODY, Dialect.get_or_raise(dialect))
    assert script is not None
    lines = script.text.split("\n")
    assert len(lines) == len(BODY.split("\n"))
    left = [line.strip(" ;") for line in lines if line.strip(" ;")]
    assert left == [k.strip(" ;") for k in KEPT]
    for kept in KEPT:  # each where it was written, to the column
        row = next(i for i, line in enumerate(BODY.split("\n")) if kept in line)
        assert lines[row].index(kept) == BODY.split("\n")[row].index(kept)


def test_the_names_a_body_declares_are_returned() -> None:
    script = without_control_flow(BODY, Dialect.get_or_raise("snowflake"))
    assert script is not None
    assert script.names == {"n", "r", "total"}


def test_an_untokenizable_body_is_left_to_the_caller() -> None:
    unterminated = "begin select 'oops; end;"
    assert without_control_flow(unterminated, Dialect.get_or_raise("postgres")) is None
