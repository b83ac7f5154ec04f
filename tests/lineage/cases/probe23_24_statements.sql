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
