-- title: P36-1 snowflake CREATE OR REPLACE SCHEMA d.s makes d.s the current schema, as USE SCHEMA d.s does (Snowflake CREATE SCHEMA usage notes, docs.snowflake.com/sql-reference/sql/create-schema)
-- dialect: snowflake
-- schema: {"dp.cdc.source": {"id": "int", "name": "varchar"}}
create or replace schema dp.cdc;
create or replace table target as select id, name from source;
-- expect:
-- dp.cdc.source.id -> dp.cdc.target.id DIRECT.IDENTITY @2
-- dp.cdc.source.name -> dp.cdc.target.name DIRECT.IDENTITY @2

-- title: P36-1 snowflake CREATE DATABASE d sets the database and its PUBLIC schema, a later one-part CREATE SCHEMA s the schema in d (then PUBLIC is searched) (Snowflake CREATE DATABASE usage notes, docs.snowflake.com/sql-reference/sql/create-database)
-- dialect: snowflake
create or replace database test_db;
create table t0 (a int);
create schema test_schema;
create table t1 (a int, b int);
insert into t1 select a, a + 1 from t0;
-- expect:
-- test_db.public.t0.a -> test_db.test_schema.t1.a DIRECT.IDENTITY @5
-- test_db.public.t0.a -> test_db.test_schema.t1.b DIRECT.TRANSFORMATION @5

-- title: P36-1 snowflake CREATE TRANSIENT SCHEMA IF NOT EXISTS d.s WITH MANAGED ACCESS (a statement sqlglot keeps as a command) sets the schema too
-- dialect: snowflake
-- schema: {"raw.stage.src": {"id": "int"}}
create transient schema if not exists raw.stage with managed access data_retention_time_in_days = 1;
create table t as select id from src;
-- expect:
-- raw.stage.src.id -> raw.stage.t.id DIRECT.IDENTITY @2

-- title: P36-1 snowflake CREATE DATABASE ROLE d.r creates a role, not a database: the current schema stays
-- dialect: snowflake
-- schema: {"raw.stage.src": {"id": "int"}}
use schema raw.stage;
create database role raw.reader;
create table t as select id from src;
-- expect-includes:
-- raw.stage.src.id -> raw.stage.t.id DIRECT.IDENTITY @3

-- title: P36-1 guard: postgres CREATE SCHEMA does not change the search_path
-- dialect: postgres
create schema s;
create table t as select id from src;
-- expect:
-- src.id -> t.id DIRECT.IDENTITY @2

-- title: P36-1 guard: databricks CREATE SCHEMA and mysql-like CREATE DATABASE do not change the current schema
-- dialect: databricks
create schema if not exists s;
create database d;
create table t as select id from src;
-- expect:
-- src.id -> t.id DIRECT.IDENTITY @3
