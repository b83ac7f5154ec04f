-- title: P23-3 MySQL SELECT ... INTO a variable sets the variable: no table is written
-- dialect: mysql
-- schema: {"raw.t": {"email": "text"}}
SELECT max(email) INTO v_last FROM raw.t;
-- expect:

-- title: P23-3 the same in StarRocks (MySQL's kin)
-- dialect: starrocks
-- schema: {"raw.t": {"email": "text"}}
SELECT max(email) INTO v_last FROM raw.t;
-- expect:

-- title: P23-3 T-SQL SELECT INTO still creates its table
-- dialect: tsql
-- schema: {"raw.t": {"email": "text"}}
SELECT max(email) AS e INTO stg.last FROM raw.t;
-- expect:
-- raw.t.email -> stg.last.e DIRECT.AGGREGATION [max]

-- title: P23-1 a DuckDB table macro is a view named by the macro, its parameters values
-- dialect: duckdb
-- schema: {"raw.users": {"id": "int", "email": "text"}}
CREATE MACRO recent_users(n) AS TABLE SELECT id, email FROM raw.users WHERE id > n;
CREATE TABLE export.feed AS SELECT id, email FROM recent_users(5);
-- expect:
-- raw.users.id -> recent_users.id DIRECT.IDENTITY @1
-- raw.users.id -> recent_users.id INDIRECT.FILTER @1
-- raw.users.email -> recent_users.email DIRECT.IDENTITY @1
-- raw.users.id -> recent_users.email INDIRECT.FILTER @1
-- recent_users.id -> export.feed.id DIRECT.IDENTITY @2
-- recent_users.email -> export.feed.email DIRECT.IDENTITY @2

-- title: P23-1 a qualified, replaced, parenthesised table macro; a scalar macro stays a function
-- dialect: duckdb
-- schema: {"raw.users": {"id": "int", "email": "text"}}
CREATE OR REPLACE MACRO main.pick(a, b) AS TABLE (SELECT a AS k, email FROM raw.users WHERE id = b);
CREATE TABLE export.h AS SELECT * FROM main.pick(1, 2);
CREATE MACRO add1(a) AS a + 1;
CREATE TABLE export.g AS SELECT add1(id) AS x FROM raw.users;
-- expect:
-- raw.users.email -> main.pick.email DIRECT.IDENTITY
-- raw.users.id -> main.pick.email INDIRECT.FILTER
-- raw.users.id -> main.pick.k INDIRECT.FILTER
-- main.pick.k -> export.h.k DIRECT.IDENTITY
-- main.pick.email -> export.h.email DIRECT.IDENTITY
-- raw.users.id -> export.g.x DIRECT.TRANSFORMATION [add1]

-- title: P23-4 ClickHouse ADD PROJECTION with its SELECT on the next line is one statement
-- dialect: clickhouse
-- schema: {"raw.t": {"a": "int", "email": "text"}}
ALTER TABLE raw.t ADD PROJECTION by_a (
SELECT
    a, email ORDER BY a
);
INSERT INTO m.x SELECT a FROM raw.t;
-- expect:
-- raw.t.a -> m.x.a DIRECT.IDENTITY @5

-- title: P23-4 the same without semicolons: the statement after the closing parenthesis is cut off
-- dialect: clickhouse
-- schema: {"raw.t": {"a": "int", "email": "text"}}
ALTER TABLE raw.t ADD PROJECTION by_a (
SELECT a, email ORDER BY a
)
INSERT INTO m.x SELECT a FROM raw.t
-- expect:
-- raw.t.a -> m.x.a DIRECT.IDENTITY @4

-- title: P23-4 parentheses a command never closes delimit nothing: the next statement is cut off
-- dialect: clickhouse
-- schema: {"raw.t": {"a": "int", "email": "text"}}
ALTER TABLE raw.t ADD PROJECTION by_a (
INSERT INTO m.x SELECT a FROM raw.t;
-- expect:
-- raw.t.a -> m.x.a DIRECT.IDENTITY @2

-- title: P24-3 a second UPDATE of a table of unknown columns resolves its names as the first did
-- dialect: oracle
UPDATE prm_load SET a = b WHERE k = 1;
UPDATE prm_load SET a = c WHERE k = 2;
-- expect:
-- prm_load.b -> prm_load.a DIRECT.IDENTITY @1
-- prm_load.c -> prm_load.a DIRECT.IDENTITY @2
-- prm_load.k -> prm_load.a INDIRECT.FILTER

-- title: review: a DuckDB TEMP table macro is temporary: no asset, followed through
-- dialect: duckdb
-- schema: {"raw.s": {"id": "int", "a": "int"}}
create temp macro f(d) as table select id, a from raw.s where id > d;
insert into mart.m select * from f(3);
-- expect:
-- raw.s.a -> mart.m.a DIRECT.IDENTITY @2
-- raw.s.id -> mart.m.a INDIRECT.FILTER @2
-- raw.s.id -> mart.m.id DIRECT.IDENTITY @2
-- raw.s.id -> mart.m.id INDIRECT.FILTER @2

-- title: P25-2 PL/pgSQL EXECUTE of a variable holding SQL is dynamic SQL, said to be unknown
-- dialect: redshift
-- schema: {"a.s": {"x": "int"}}
CREATE OR REPLACE PROCEDURE a.p() AS $$
DECLARE s VARCHAR;
BEGIN
  s := 'INSERT INTO a.t SELECT x FROM a.s';
  EXECUTE s;
END;
$$ LANGUAGE plpgsql;
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: P25-2 EXECUTE format(...) and EXECUTE of a parameter are dynamic SQL too
-- dialect: postgres
CREATE FUNCTION f(tbl text) RETURNS void AS $$
BEGIN
  EXECUTE format('INSERT INTO %I SELECT x FROM a.s', tbl);
  EXECUTE tbl;
END;
$$ LANGUAGE plpgsql;
-- expect:
-- expect-diagnostics: unsupported-statement
-- unsupported-statement

-- title: P25-2 EXECUTE of a prepared statement stays the statement PREPARE analysed
-- dialect: postgres
-- schema: {"a.s": {"x": "int"}}
PREPARE q (int) AS INSERT INTO a.t SELECT x FROM a.s WHERE x > $1;
EXECUTE q(1);
-- expect:
-- a.s.x -> a.t.x DIRECT.IDENTITY @1
-- a.s.x -> a.t.x INDIRECT.FILTER @1

-- title: P26-1 in one file, a MERGE's INSERT list is the guess at its table's columns
-- dialect: bigquery
-- schema: {"raw.loads": {"load_id": "int64", "status": "int64"}}
merge into t.processed as d
using (select load_id, current_timestamp() as inserted_at from raw.loads) as s
on (FALSE)
when not matched then insert (`load_id`, `inserted_at`) values (`load_id`, `inserted_at`);
create or replace table t.copy as select * from t.processed;
-- expect:
-- raw.loads.load_id -> t.processed.load_id DIRECT.IDENTITY @4
-- t.processed.load_id -> t.copy.load_id DIRECT.IDENTITY @5
-- t.processed.inserted_at -> t.copy.inserted_at DIRECT.IDENTITY @5

-- title: a MERGE that inserts rows guesses its INSERT list and the columns it SETs (both are columns); one that only updates guesses nothing
-- dialect: bigquery
-- schema: {"raw.s": {"id": "INT64", "note": "STRING", "v": "INT64"}}
merge into t.p d using raw.s s on d.id = s.id
when matched then update set note = s.note
when not matched then insert (id, v) values (s.id, s.v);
create table t.c as select * from t.p;
merge into t.q d using raw.s s on d.id = s.id when matched then update set note = s.note;
create table t.r as select * from t.q;
-- expect:
-- raw.s.id -> t.p.id DIRECT.IDENTITY
-- raw.s.note -> t.p.note DIRECT.IDENTITY
-- raw.s.v -> t.p.v DIRECT.IDENTITY
-- raw.s.id -> t.p.id INDIRECT.JOIN
-- raw.s.id -> t.p.note INDIRECT.JOIN
-- raw.s.id -> t.p.v INDIRECT.JOIN
-- t.p.id -> t.p.id INDIRECT.JOIN
-- t.p.id -> t.p.note INDIRECT.JOIN
-- t.p.id -> t.p.v INDIRECT.JOIN
-- t.p.id -> t.c.id DIRECT.IDENTITY @4
-- t.p.note -> t.c.note DIRECT.IDENTITY @4
-- t.p.v -> t.c.v DIRECT.IDENTITY @4
-- raw.s.note -> t.q.note DIRECT.IDENTITY
-- raw.s.id -> t.q.note INDIRECT.JOIN
-- t.q.id -> t.q.note INDIRECT.JOIN
-- t.q.* -> t.r.* DIRECT.IDENTITY (unresolved) @6
-- expect-diagnostics: unresolved-star t.q

-- title: P25-4 a DESC of an object kind sqlglot cannot parse moves no data: no parse error
-- dialect: snowflake
-- schema: {"a.s": {"x": "int"}}
CREATE OR REPLACE STREAM a.st ON TABLE a.s;
DESC STREAM a.st;
DESCRIBE RESULT LAST_QUERY_ID();
INSERT INTO a.t SELECT x FROM a.st;
-- expect:
-- a.s.x -> a.st.x DIRECT.IDENTITY @1
-- a.st.x -> a.t.x DIRECT.IDENTITY @4

-- title: P25-3 PL/pgSQL SELECT ... INTO v1, v2 (no STRICT) sets variables: nothing unknown
-- dialect: redshift
-- schema: {"a.s": {"x": "int", "y": "int"}}
CREATE OR REPLACE PROCEDURE a.p() AS $$
DECLARE v1 VARCHAR; v2 VARCHAR;
BEGIN
  SELECT s.x, s.y INTO v1, v2 FROM a.s s;
  INSERT INTO a.t SELECT x FROM a.s;
END;
$$ LANGUAGE plpgsql;
-- expect:
-- a.s.x -> a.t.x DIRECT.IDENTITY @5

-- title: review: a routine's parameter named like a prepared statement does not make a later EXECUTE dynamic
-- dialect: postgres
-- schema: {"a.s": {"x": "int"}}
CREATE FUNCTION f(y text) RETURNS void AS $$ BEGIN PERFORM 1; END; $$ LANGUAGE plpgsql;
CREATE FUNCTION g(q text) RETURNS void AS $$ BEGIN RAISE NOTICE '%', q; END; $$ LANGUAGE plpgsql;
PREPARE q (int) AS INSERT INTO a.t SELECT x FROM a.s WHERE x > $1;
EXECUTE q(1);
-- expect:
-- a.s.x -> a.t.x DIRECT.IDENTITY @3
-- a.s.x -> a.t.x INDIRECT.FILTER @3

-- title: a table only an INSERT's column list has guessed columns for is open: a later statement's other column is still its column (as an undefined table's would be), not unresolved
-- dialect: postgres
-- schema: {"raw.s": {"a": "int", "b": "int"}}
INSERT INTO stage.t (a, b) SELECT a, b FROM raw.s;
INSERT INTO mart.m SELECT a, c FROM stage.t;
INSERT INTO mart.n SELECT t.c, s.b FROM stage.t t JOIN raw.s s ON s.a = t.a;
INSERT INTO mart.o SELECT d FROM stage.t t JOIN raw.s s ON s.a = t.a;
-- expect:
-- raw.s.a -> stage.t.a DIRECT.IDENTITY @1
-- raw.s.b -> stage.t.b DIRECT.IDENTITY @1
-- stage.t.a -> mart.m.a DIRECT.IDENTITY @2
-- stage.t.c -> mart.m.c DIRECT.IDENTITY @2
-- stage.t.c -> mart.n.c DIRECT.IDENTITY @3
-- raw.s.b -> mart.n.b DIRECT.IDENTITY @3
-- raw.s.a -> mart.n.c INDIRECT.JOIN @3
-- stage.t.a -> mart.n.c INDIRECT.JOIN @3
-- raw.s.a -> mart.n.b INDIRECT.JOIN @3
-- stage.t.a -> mart.n.b INDIRECT.JOIN @3
-- stage.t.d -> mart.o.d DIRECT.IDENTITY @4
-- raw.s.a -> mart.o.d INDIRECT.JOIN @4
-- stage.t.a -> mart.o.d INDIRECT.JOIN @4

-- title: a table the script CREATEs with a column list is closed: a column it lacks is unresolved
-- dialect: postgres
-- schema: {"raw.s": {"a": "int", "b": "int"}}
CREATE TABLE stage.t (a int, b int);
INSERT INTO stage.t (a, b) SELECT a, b FROM raw.s;
INSERT INTO mart.m SELECT a, c FROM stage.t;
-- expect:
-- raw.s.a -> stage.t.a DIRECT.IDENTITY @2
-- raw.s.b -> stage.t.b DIRECT.IDENTITY @2
-- stage.t.a -> mart.m.a DIRECT.IDENTITY @3
-- expect-diagnostics: unresolved-column c

-- title: a bare name that neither a guessed table's list nor a known source has is ambiguous between the guessed table and a table of unknown columns (both may have it)
-- dialect: postgres
-- schema: {"raw.s": {"a": "int", "b": "int"}}
INSERT INTO stage.t (a, b) SELECT a, b FROM raw.s;
INSERT INTO mart.m SELECT q FROM stage.t, other.u;
-- expect:
-- raw.s.a -> stage.t.a DIRECT.IDENTITY @1
-- raw.s.b -> stage.t.b DIRECT.IDENTITY @1
-- stage.t.q -> mart.m.q DIRECT.IDENTITY (ambiguous) @2
-- other.u.q -> mart.m.q DIRECT.IDENTITY (ambiguous) @2
-- expect-diagnostics: ambiguous-column q
