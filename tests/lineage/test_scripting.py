"""Procedural control flow blanked out of a procedure body (engine.lineage.scripting): what is
left are the body's SQL statements, where they were, and the names the body declares."""

from __future__ import annotations

import pytest
from sqlglot.dialects.dialect import Dialect

import engine.lineage as lineage
from engine.lineage.scripting import Script, file_script, without_control_flow
from engine.models import Task

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
    "select id from raw.s",  # a loop's query runs: kept, a `;` where its DO was
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


SCRIPT = """
DECLARE a, b INT64 DEFAULT 0;
DECLARE OR REPLACE VARIABLE c STRING;
FOR r IN (SELECT id FROM raw.s) DO
  INSERT INTO mart.t SELECT r.id;
END FOR;
CREATE OR REPLACE PROCEDURE ds.p(IN x INT64, OUT y STRING) OPTIONS (strict_mode = FALSE)
BEGIN
  UPDATE mart.t SET v = x WHERE TRUE;
END;
"""


def test_a_script_declares_one_statement_at_a_time_and_a_routine_header_goes() -> None:
    """BigQuery declares one DECLARE at a time, with no BEGIN after it: the statement after
    it is code. A routine's header goes and its parameters are names; its body stays."""
    script = without_control_flow(SCRIPT, Dialect.get_or_raise("bigquery"))
    assert script is not None
    left = [line.strip(" ;") for line in script.text.split("\n") if line.strip(" ;")]
    assert left == ["SELECT id FROM raw.s", "INSERT INTO mart.t SELECT r.id",
                    "UPDATE mart.t SET v = x WHERE TRUE"]
    assert script.names == {"a", "b", "c", "r", "x", "y"}


def test_a_word_sqlglot_takes_for_a_command_does_not_hide_the_block_header() -> None:
    # BigQuery's tokenizer makes `WHILE ...` one command up to `;`, DO and the INSERT with it
    text = "WHILE n < 3 DO\n  INSERT INTO mart.t SELECT 1;\nEND WHILE;"
    script = without_control_flow(text, Dialect.get_or_raise("bigquery"))
    assert script is not None
    assert script.text.split("\n") == [" " * 14, "  INSERT INTO mart.t SELECT 1;", " " * 9 + ";"]


@pytest.mark.parametrize(("dialect", "text"), [
    ("bigquery", "-- nightly\n/* load */ IF x > 1 THEN\n  INSERT INTO mart.t SELECT 1;\nEND IF;"),
    ("bigquery", "SELECT 1;\n# a loop\nFOR r IN (SELECT 1 AS id) DO\n  SELECT r.id;\nEND FOR;"),
    ("snowflake", "begin\n  insert into mart.t select 1;\nend;"),
    ("snowflake", "create or replace task t warehouse = w as insert into mart.t select 1"),
    ("databricks", "CREATE OR REPLACE TEMPORARY PROCEDURE p() BEGIN INSERT INTO t SELECT 1; END"),
])
def test_a_file_with_control_flow_is_blanked(dialect: str, text: str) -> None:
    script = file_script(text, dialect, Dialect.get_or_raise(dialect))
    assert script is not None and script.text != text
    assert len(script.text) == len(text) and script.text.count("\n") == text.count("\n")


@pytest.mark.parametrize(("dialect", "text"), [
    # control-flow words inside a statement, never first in one
    ("snowflake", "insert into mart.t\nselect\n  case when a > 0 then 1 end as c,\n  if(b, 1, 2)\n"
                  "from raw.s\nwhere exists (select 1 for update)"),
    ("bigquery", "SELECT 'x; IF y' AS s FROM raw.t -- ; WHILE\n"),
    ("tsql", "insert into t\nselect case when a > 0 then 1\n  else 0\nend from s\n"
             "drop table if exists #w"),
    # Postgres blocks are read elsewhere (DO/function bodies)
    ("postgres", "begin;\ninsert into t select 1;\ncommit;"),
])
def test_a_file_without_top_level_control_flow_is_left_alone(dialect: str, text: str) -> None:
    # the regex may let a file through (a `; IF` in a string): the tokens then leave it as is
    script = file_script(text, dialect, Dialect.get_or_raise(dialect))
    assert script is None or script.text == text


def test_a_statement_ending_the_file_without_a_semicolon_is_blanked_to_its_end() -> None:
    # the end of the tokens is the statement's end: nothing of it is left as SQL
    text = "DECLARE n INT64 DEFAULT 1"
    script = without_control_flow(text, Dialect.get_or_raise("bigquery"))
    assert script is not None and script.text == " " * len(text) and script.names == {"n"}


@pytest.mark.parametrize(("dialect", "text"), [
    ("sqlite", "create trigger t after insert on orders for each row\n"
               "insert into audit\nselect new.id"),
    ("mysql", "CREATE TRIGGER t AFTER INSERT ON orders FOR EACH ROW\n"
              "INSERT INTO audit\nSELECT NEW.id"),
])
def test_a_trigger_body_ending_the_file_without_a_semicolon_ends_on_its_last_line(
    dialect: str, text: str,
) -> None:
    script = file_script(text, dialect, Dialect.get_or_raise(dialect))
    assert script is not None
    (trigger,) = script.triggers
    assert (trigger.table, trigger.first_line, trigger.last_line) == ("orders", 2, 3)
    assert script.text.split("\n")[1:] == text.split("\n")[1:]  # the body stays as written


@pytest.mark.parametrize(
    ("gate", "text", "fires"),
    [
        ("trigger", "CREATE DEFINER=`u`@`%` TRIGGER t BEFORE INSERT ON s", True),
        ("trigger", "create or replace\ntrigger t", True),
        ("trigger", "drop trigger t; alter trigger u disable; -- a trigger fills it", False),
        ("trigger", "create table t (a int); -- the trigger", False),
        ("psql", "where a = :'v' and b = :\"c\"", True),
        ("psql", "select split_part(x, ':', 1), '{\"a\":\"b\"}'::json, x::\"T\"", False),
    ],
)
def test_cheap_gates_fire_only_on_what_they_gate(gate: str, text: str, fires: bool) -> None:
    # a gate that fires costs a full extra tokenization of the file
    from engine.lineage.psql import _INLINE
    from engine.lineage.triggers import _MAY_HAVE_TRIGGER

    pattern = _MAY_HAVE_TRIGGER if gate == "trigger" else _INLINE
    assert bool(pattern.search(text)) is fires


def test_a_delimiter_line_right_after_a_custom_delimiter_is_the_clients() -> None:
    # `END$$` then `DELIMITER ;`: the line starts a statement once `$$` has ended the one
    # before it, so it is the client's command, not a statement `DELIMITER`
    from engine.lineage.mysql_client import with_client_delimiters

    text = "DELIMITER $$\nSELECT 1$$\nDELIMITER ;\nSELECT 2;"
    ended = with_client_delimiters(text, Dialect.get_or_raise("mysql"))
    assert ended is not None
    assert [line.strip() for line in ended.split("\n")] == ["", "SELECT 1;", "", "SELECT 2;"]


def test_a_label_before_a_block_or_a_loop_and_after_its_end_goes() -> None:
    text = (
        "outer_loop: LOOP\n  INSERT INTO mart.t SELECT 1;\n  LEAVE outer_loop;\n"
        "END LOOP outer_loop;"
    )
    for dialect in ("bigquery", "mysql"):
        script = without_control_flow(text, Dialect.get_or_raise(dialect))
        assert script is not None
        left = [line.strip(" ;") for line in script.text.split("\n") if line.strip(" ;")]
        assert left == ["INSERT INTO mart.t SELECT 1"]


MYSQL_ROUTINES = """DELIMITER $$
CREATE DEFINER=`etl`@`localhost` PROCEDURE `db`.`p`(IN p_a INT, OUT p_b DECIMAL(10, 2))
BEGIN
  DECLARE v INT DEFAULT 0;
  DECLARE c CURSOR FOR SELECT a FROM s;
  PREPARE stmt FROM @sql;
  CASE p_a
    WHEN 1 THEN SET v = 1;
    ELSE SET v = 2;
  END CASE;
  INSERT INTO t SELECT v;
END$$
CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC RETURN x + 1$$
CREATE FUNCTION ext RETURNS STRING SONAME 'ext.so'$$
DELIMITER ;
INSERT INTO u SELECT p_a FROM s;
"""


def test_a_mysql_routine_header_and_control_flow_go_its_names_are_values_in_its_lines() -> None:
    """A MySQL routine's header, END and control flow are blanked (each DECLARE declares one
    item: the PREPARE after them is a statement); its parameters and declarations are names
    on its own lines only. A loadable function has no body."""
    script = file_script(MYSQL_ROUTINES, "mysql", Dialect.get_or_raise("mysql"))
    assert script is not None
    routines = [(r.first_line, r.last_line, r.names) for r in script.routines]
    assert routines == [(2, 12, {"p_a", "p_b", "v", "c"}), (13, 13, {"x"})]
    left = [line.strip(" ;") for line in script.text.split("\n") if line.strip(" ;")]
    assert left == [  # a cursor's query runs: kept, a read
        "SELECT a FROM s", "PREPARE stmt FROM @sql", "SET v = 1", "SET v = 2",
        "INSERT INTO t SELECT v",
        "CREATE FUNCTION ext RETURNS STRING SONAME 'ext.so'", "INSERT INTO u SELECT p_a FROM s",
    ]


@pytest.mark.parametrize(("text", "fires"), [
    ("CREATE DEFINER=`u`@`%` PROCEDURE p()", True),
    ("CREATE DEFINER = CURRENT_USER() PROCEDURE p()", True),
    ("create function\nf(x int) returns int", True),
    ("drop procedure if exists p; call p(); -- the function is created", False),
    ("create table t (a int); -- the procedure", False),
    ("REPLACE PROCEDURE dw.p (IN x INTEGER)", True),
    ("REPLACE VIEW dw.v AS SEL a FROM dw.t;", False),
])
def test_the_routine_gate_fires_only_on_a_routine(text: str, fires: bool) -> None:
    from engine.lineage.stored_routines import _MAY_HAVE_ROUTINE

    assert bool(_MAY_HAVE_ROUTINE.search(text)) is fires


TERADATA_PROCEDURE = """.LOGON tdpid/etl,pw;
REPLACE PROCEDURE dw.p (IN p_day DATE FORMAT 'YYYY-MM-DD', OUT p_n INTEGER)
SQL SECURITY INVOKER
main: BEGIN
  DECLARE v_n INTEGER DEFAULT 0;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    INSERT INTO dw.err (d) VALUES (p_day);
  END;
  SELECT COUNT(*), MAX(a) INTO v_n, p_n FROM dw.t;
  FOR r AS c CURSOR FOR SEL a FROM dw.t DO
    INSERT INTO dw.u (a) VALUES (1);
  END FOR;
  REPEAT
    SET v_n = v_n - 1;
  UNTIL v_n = 0 END REPEAT;
END main;
.IF ERRORCODE <> 0 THEN .QUIT 8;
REPLACE FUNCTION dw.f (x VARCHAR(10)) RETURNS VARCHAR(10) CHARACTER SET LATIN
  LANGUAGE SQL CONTAINS SQL DETERMINISTIC SQL SECURITY DEFINER COLLATION INVOKER
  RETURN TRIM(x);
REPLACE MACRO dw.m AS (SEL p_day FROM dw.t;);
"""


def test_a_teradata_procedure_reads_as_a_mysql_routine_after_the_bteq_commands() -> None:
    """A Teradata procedure's header (FORMAT, SQL SECURITY), label, END and control flow go,
    with its BTEQ neighbours; its names are values in its lines only (its database is the
    script's, not its name's); its FOR loop and REPEAT are forks (the REPEAT's ends at END
    REPEAT), its SELECT INTO a list sets variables. A SQL function's RETURNS ... CHARACTER SET
    is no body; a macro is no routine."""
    script = file_script(TERADATA_PROCEDURE, "teradata", Dialect.get_or_raise("teradata"))
    assert script is not None
    routines = [(r.first_line, r.last_line, r.names, r.database) for r in script.routines]
    assert routines == [
        (2, 17, {"p_day", "p_n", "v_n", "r"}, None), (19, 21, {"x"}, None),
    ]
    left = [" ".join(line.strip(" ;").split()) for line in script.text.split("\n")]
    assert [line for line in left if line] == [
        "INSERT INTO dw.err (d) VALUES (p_day)", "SELECT COUNT(*), MAX(a) FROM dw.t",
        "INSERT INTO dw.u (a) VALUES (1)", "SET v_n = v_n - 1",
        "REPLACE MACRO dw.m AS (SEL p_day FROM dw.t;)",
    ]
    # (a handler's block is no fork, as in MySQL)
    assert _forks(script) == [(11, 13, [(11, 13)], False), (14, 16, [(14, 16)], True)]
    assert script.selected == (((10, 3), frozenset({"v_n", "p_n"})),)


def test_a_teradata_transaction_or_request_inside_a_loop_opens_and_closes_no_block() -> None:
    text = (
        "REPLACE PROCEDURE p ()\nBEGIN\n  WHILE v < 3 DO\n    BEGIN TRANSACTION;\n"
        "    BEGIN REQUEST DELETE FROM t;\n    INSERT INTO t SEL 1;\n    END REQUEST;\n"
        "    END TRANSACTION;\n    INSERT INTO u SEL 1;\n  END WHILE;\nEND;\n"
    )
    script = file_script(text, "teradata", Dialect.get_or_raise("teradata"))
    assert script is not None
    left = [" ".join(line.strip(" ;").split()) for line in script.text.split("\n")]
    assert [line for line in left if line] == [
        "BEGIN TRANSACTION", "DELETE FROM t", "INSERT INTO t SEL 1", "INSERT INTO u SEL 1",
    ]
    assert _forks(script) == [(3, 10, [(3, 10)], False)]  # the loop holds all four


def test_a_mysql_function_returning_a_character_set_has_its_body_after_it() -> None:
    text = (
        "CREATE FUNCTION f(x INT) RETURNS VARCHAR(10) CHARACTER SET utf8mb4 DETERMINISTIC\n"
        "  RETURN CONCAT(x, '');\nINSERT INTO t SELECT x FROM s;\n"
    )
    script = file_script(text, "mysql", Dialect.get_or_raise("mysql"))
    assert script is not None
    assert [line.strip(" ;") for line in script.text.split("\n") if line.strip(" ;")] == [
        "INSERT INTO t SELECT x FROM s"
    ]


def _forks(script: Script | None) -> list[tuple[int, int, list[tuple[int, int]], bool]]:
    """Each fork's first and last lines, its arms' first and last lines, and `every_path`."""
    assert script is not None
    return [
        (fork.first[0], fork.last[0], [(a[0][0], a[1][0]) for a in fork.arms], fork.every_path)
        for fork in script.branches
    ]


def test_an_if_a_case_statement_and_loops_are_forks_of_their_arms_and_a_block_none() -> None:
    # BODY's lines: IF 5..12 (THEN 5-8, ELSEIF 8-12), CASE 13..16 (WHEN 14-15, ELSE 15-16),
    # WHILE 17..19, FOR 20..22; the outer BEGIN ... END is no fork
    script = without_control_flow(BODY, Dialect.get_or_raise("snowflake"))
    assert _forks(script) == [
        (5, 12, [(5, 8), (8, 12)], False),
        (13, 16, [(14, 15), (15, 16)], True),
        (17, 19, [(17, 19)], False),
        (20, 22, [(20, 22)], False),
    ]


def test_an_exception_handler_is_a_fork_ending_with_its_block() -> None:
    text = "BEGIN\n  INSERT INTO t SELECT 1;\nEXCEPTION\n  WHEN ERROR THEN\n    SELECT 1;\nEND;\n"
    script = without_control_flow(text, Dialect.get_or_raise("bigquery"))
    assert _forks(script) == [(3, 6, [(4, 6)], False)]


def test_tsql_forks_are_an_if_with_its_else_a_while_and_a_catch() -> None:
    text = (
        "SET @a = 1\n"                     # 1: runs
        "IF @x = 1\n"                      # 2..8: IF with ELSE
        "    SET @s = 'a'\n"               # 3: the IF's one statement
        "ELSE\n"
        "BEGIN\n"                          # 5..8: the ELSE's block
        "    SET @s = 'b'\n"
        "    IF @y = 1 SET @t = 'c'\n"     # 7: a nested IF, no ELSE
        "END\n"
        "BEGIN TRY SET @u = 'd' END TRY\n"  # 9: a TRY block runs
        "BEGIN CATCH SET @u = 'e' END CATCH\n"  # 10: a CATCH block may not
        "WHILE @n > 0 IF @m = 1 SET @v = 'f' ELSE SET @v = 'g'\n"  # 11: a WHILE of an IF
    )
    script = file_script(text, "tsql", Dialect.get_or_raise("tsql"))
    assert _forks(script) == [
        (2, 8, [(3, 3), (5, 8)], True),
        (7, 7, [(7, 7)], False),
        (10, 10, [(10, 10)], False),
        (11, 11, [(11, 11)], False),
        (11, 11, [(11, 11), (11, 11)], True),
    ]
    assert script is not None
    nested = next(fork for fork in script.branches if fork.first[0] == 7)
    assert nested.arms == (((7, 15), (7, 15)),)  # where `SET @t` starts: that statement only


def test_an_if_block_sqlglot_parses_leaves_what_either_branch_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a T-SQL IF ... ELSE that reaches the parser as a block (as when the script is not
    # blanked): EXEC after it may run either branch's literal, and within the block the
    # second branch starts from the value before the IF, not the first branch's
    monkeypatch.setattr(lineage, "file_script", lambda *_: None)
    sql = (
        "DECLARE @s NVARCHAR(MAX) = N'INSERT INTO export.b (v) SELECT x FROM raw.p';\n"
        "IF @full = 1 BEGIN SET @s = N'INSERT INTO export.a (v) SELECT x FROM raw.p'; END\n"
        "ELSE BEGIN EXEC (@s); SET @s = N'INSERT INTO export.a (v) SELECT y FROM raw.q'; END;\n"
        "EXEC (@s);\n"
    )
    task = Task(path="p.sql", text=sql, sha256="0" * 64)
    result = lineage.extract_task(task, "tsql", {"raw.p": {"x": "int"}, "raw.q": {"y": "int"}})
    edges = {(str(e.source), str(e.target)) for e in result.all_edges()}
    assert edges == {
        ("raw.p.x", "export.b.v"),  # the ELSE's EXEC: the value before the IF
        ("raw.p.x", "export.a.v"),
        ("raw.q.y", "export.a.v"),
    }
