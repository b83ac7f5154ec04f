-- title: P36-3 snowflake IDENTIFIER('t') and IDENTIFIER($v) of a one-part name are completed by USE SCHEMA as the plain name t is
-- dialect: snowflake
-- schema: {"employees.public.abc": {"v": "int"}}
use schema employees.public;
insert into employees.public.out1 select v from abc;
insert into employees.public.out2 select v from identifier('abc');
set table_name = 'abc';
insert into employees.public.out3 select v from identifier($table_name);
insert into employees.public.out4 select v from identifier('employees.public.abc');
-- expect:
-- employees.public.abc.v -> employees.public.out1.v DIRECT.IDENTITY @2
-- employees.public.abc.v -> employees.public.out2.v DIRECT.IDENTITY @3
-- employees.public.abc.v -> employees.public.out3.v DIRECT.IDENTITY @5
-- employees.public.abc.v -> employees.public.out4.v DIRECT.IDENTITY @6

-- title: P36-3 snowflake one-part IDENTIFIER('t') targets and TABLE('t') reads after USE are completed too; a two-part one takes the database
-- dialect: snowflake
-- schema: {"db.s.abc": {"v": "int"}, "db.raw.src": {"w": "int"}}
use schema db.s;
create or replace table identifier('t2') as select v from table('abc') x;
insert into identifier('t3') select v from t2;
insert into identifier('"T4"') (v) select w from identifier('raw.src');
-- expect:
-- db.s.abc.v -> db.s.t2.v DIRECT.IDENTITY @2
-- db.s.t2.v -> db.s.t3.v DIRECT.IDENTITY @3
-- db.raw.src.w -> db.s.t4.v DIRECT.IDENTITY @4

-- title: P36-3 snowflake IDENTIFIER($v) of a variable the file does not set stays an unknown-table after USE
-- dialect: snowflake
use schema db.s;
insert into out select v from identifier($elsewhere);
-- expect:
-- expect-diagnostics: unknown-table

-- title: P36-3 databricks INSERT INTO IDENTIFIER('t') and FROM IDENTIFIER('src') after USE SCHEMA are completed like plain names
-- dialect: databricks
-- schema: {"s.src": {"id": "int"}}
use schema s;
insert into identifier('t') select id from identifier('src');
insert into t2 select id from src;
-- expect:
-- s.src.id -> s.t.id DIRECT.IDENTITY @2
-- s.src.id -> s.t2.id DIRECT.IDENTITY @3
