"""T-SQL control flow blanked out of a script written without `;` (engine.lineage.tsql_flow):
each piece becomes spaces with a `;` in its first character, so the statements around it are
cut there, each left where it was written."""

from __future__ import annotations

import pytest
from sqlglot.dialects.dialect import Dialect

from engine.lineage.scripting import file_script
from engine.lineage.tsql_flow import tsql_script

TSQL = Dialect.get_or_raise("tsql")

SCRIPT = """\
CREATE OR ALTER PROCEDURE dbo.load @p AS int = 1 WITH EXECUTE AS OWNER AS
BEGIN
  SET NOCOUNT ON
  IF EXISTS (SELECT 1 FROM dbo.cfg WHERE k = 'x') INSERT INTO dbo.t SELECT a FROM dbo.s
  ELSE IF @p > 1
    UPDATE dbo.t SET b = CASE WHEN a > 1 THEN 1 ELSE 2 END
  BEGIN TRAN load_t
  WHILE @@ROWCOUNT > 0
  BEGIN
    DELETE FROM dbo.t WHERE a < 0
    IF @@ROWCOUNT = 0 BREAK
  END
  COMMIT TRAN load_t
  RAISERROR('done', 0, 1) WITH NOWAIT
  WITH c AS (SELECT a FROM dbo.s) INSERT INTO dbo.u SELECT a FROM c
  PRINT 'x' + CAST(@p AS varchar(9))
  RETURN
END
GO
"""

LEFT = [
    ("SET NOCOUNT ON", 3),
    ("INSERT INTO dbo.t SELECT a FROM dbo.s", 4),
    ("UPDATE dbo.t SET b = CASE WHEN a > 1 THEN 1 ELSE 2 END", 6),
    ("DELETE FROM dbo.t WHERE a < 0", 10),
    ("WITH c AS (SELECT a FROM dbo.s) INSERT INTO dbo.u SELECT a FROM c", 15),
]


def test_only_the_statements_are_left_on_their_lines_and_columns() -> None:
    script = tsql_script(SCRIPT, TSQL)
    assert script is not None
    lines, written = script.text.split("\n"), SCRIPT.split("\n")
    assert len(script.text) == len(SCRIPT) and len(lines) == len(written)
    left = [(line.strip(" ;"), n) for n, line in enumerate(lines, 1) if line.strip(" ;")]
    assert left == LEFT
    for kept, n in LEFT:
        assert lines[n - 1].index(kept) == written[n - 1].index(kept)


def test_a_semicolon_is_written_where_each_piece_of_control_flow_was() -> None:
    script = tsql_script("insert into t select 1\nif @x > 0 insert into u select 2", TSQL)
    assert script is not None
    assert script.text == "insert into t select 1\n;         insert into u select 2"


@pytest.mark.parametrize("text", [
    # a function's body returns a value: left as written
    "create function dbo.f() returns int as\nbegin\n  return 1\nend",
    # IF of DROP ... IF EXISTS; CASE's ELSE and END; OFFSET ... FETCH; words in strings
    "drop table if exists #w\nselect case when a > 0 then 1\nelse 0\nend from t\n"
    "order by a offset 0 rows\nfetch next 5 rows only\nselect 'if x begin' as s -- print",
])
def test_what_is_not_control_flow_is_left_alone(text: str) -> None:
    script = tsql_script(text, TSQL)
    assert script is None or script.text == text


def test_a_trigger_header_is_blanked_and_its_body_known_by_its_lines() -> None:
    text = (
        "create trigger dbo.trg on [dbo].[t] after insert as\nbegin\n"
        "  insert into l select a from inserted\nend\ngo\ncreate trigger d on database"
        " for create_table as\n  insert into m select 1\n"
    )
    script = tsql_script(text, TSQL)
    assert script is not None
    assert script.text.split("\n")[2] == "  insert into l select a from inserted"
    [trigger] = script.triggers  # one on a database changes no rows
    assert (trigger.table, trigger.first_line, trigger.last_line) == ("[dbo].[t]", 2, 4)
    assert trigger.rows == {"inserted", "deleted"} and trigger.as_tables


def test_a_file_without_a_control_flow_word_first_on_a_line_is_not_tokenized_again() -> None:
    text = "insert into t\nselect case when a > 0 then 1\n  else 0\nend from s\nwhere x = 'if'"
    assert tsql_script(text, TSQL) is None


def test_a_batch_separator_after_a_semicolon_is_cut() -> None:
    # sqlglot's tokenizer takes what follows a GO after `;` as the GO's text
    script = file_script("select 1;\nGO\ninsert into t select 2", "tsql", TSQL)
    assert script is not None
    assert script.text == "select 1;\n; \ninsert into t select 2"


def test_names_spelled_like_keywords_are_names() -> None:
    # a variable (`@end`), a qualified name's part (`p.open`); a cursor's words (`close`) only
    # where a cursor is declared
    condition, statement = "if @end > @begin ", "print @print"
    rest = "\nselect p.open, close from prices p where p.close > @end"
    script = tsql_script(condition + statement + rest, TSQL)
    assert script is not None
    blank = ";" + " " * (len(condition) - 1) + ";" + " " * (len(statement) - 1)
    assert script.text == blank + rest


def test_a_triggers_if_update_of_a_column_is_part_of_its_condition() -> None:
    script = tsql_script(
        "if not update(a) insert into t select 1\nif @@rowcount > 0 and update(b) delete from u",
        TSQL,
    )
    assert script is not None
    assert script.text == (
        ";                insert into t select 1\n;                               delete from u"
    )
