-- title: a staging table the file creates, reads and drops is no asset: its flows go through it
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "amount": "numeric", "email": "text"}}
create table stg.orders_work as select id, amount * 100 as cents, email from raw.orders;
insert into mart.orders (id, cents) select id, cents from stg.orders_work where email is not null;
drop table stg.orders_work;
-- expect:
-- raw.orders.id -> mart.orders.id DIRECT.IDENTITY @2
-- raw.orders.amount -> mart.orders.cents DIRECT.TRANSFORMATION @2
-- raw.orders.email -> mart.orders.id INDIRECT.FILTER @2
-- raw.orders.email -> mart.orders.cents INDIRECT.FILTER @2

-- title: declared, filled by INSERT, read, then dropped: the INSERT's flows go through it
-- dialect: redshift
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
create table stg.users_work (id int, email varchar);
insert into stg.users_work select id, lower(email) from raw.users;
insert into mart.users select * from stg.users_work;
drop table if exists stg.users_work;
-- expect:
-- raw.users.id -> mart.users.id DIRECT.IDENTITY @3
-- raw.users.email -> mart.users.email DIRECT.TRANSFORMATION [lower] @3

-- title: made again after its drop: the second table stays (an asset, read by what follows)
-- dialect: postgres
-- schema: {"raw.a": {"x": "int", "y": "int"}}
create table stg.t as select x from raw.a;
insert into mart.m select x from stg.t;
drop table stg.t;
create table stg.t as select y from raw.a;
-- expect:
-- raw.a.x -> mart.m.x DIRECT.IDENTITY @2
-- raw.a.y -> stg.t.y DIRECT.IDENTITY @4

-- title: dropped first, then made: the usual rebuild, an asset
-- dialect: postgres
-- schema: {"raw.a": {"x": "int"}}
drop table if exists stg.t;
create table stg.t as select x from raw.a;
-- expect:
-- raw.a.x -> stg.t.x DIRECT.IDENTITY

-- title: a table the file only fills and drops is not its own: it stays an asset
-- dialect: postgres
-- schema: {"raw.a": {"x": "int"}, "stg.t": {"x": "int"}}
insert into stg.t select x from raw.a;
insert into mart.m select x from stg.t;
drop table stg.t;
-- expect:
-- raw.a.x -> stg.t.x DIRECT.IDENTITY @1
-- stg.t.x -> mart.m.x DIRECT.IDENTITY @2

-- title: a temporary table dropped, then a table of its name: the new one is persistent
-- dialect: postgres
-- schema: {"raw.a": {"x": "int", "y": "int"}}
create temp table w as select x from raw.a;
drop table w;
create table w as select y from raw.a;
insert into mart.m select * from w;
-- expect:
-- raw.a.y -> w.y DIRECT.IDENTITY @3
-- w.y -> mart.m.y DIRECT.IDENTITY @4

-- title: a view made and dropped by the file carries its flows
-- dialect: postgres
-- schema: {"raw.a": {"x": "int"}}
create view stg.v as select x + 1 as x1 from raw.a;
insert into mart.m select x1 from stg.v;
drop view stg.v;
-- expect:
-- raw.a.x -> mart.m.x1 DIRECT.TRANSFORMATION @2

-- title: made, then renamed: the new name is the asset, written from the first table's sources
-- dialect: postgres
-- schema: {"raw.a": {"x": "int"}}
create table stg.t_new as select x from raw.a;
alter table stg.t_new rename to t;
-- expect:
-- raw.a.x -> stg.t.x DIRECT.IDENTITY @2

-- title: dbt-sqlserver table model: temp view, SELECT INTO the tmp table, sp_rename swap, drops
-- dialect: tsql
-- schema: {"db.raw.orders": {"id": "int", "amount": "decimal"}, "db.dbt.orders": {"id": "int", "cents": "decimal"}}
USE [db];
EXEC('create view [dbt].[orders__dbt_tmp_temp_view] as
    select id, amount * 100 as cents from [db].[raw].[orders];
    ');
SELECT * INTO [db].[dbt].[orders__dbt_tmp] FROM [db].[dbt].[orders__dbt_tmp_temp_view];
EXEC sp_rename 'dbt.orders', 'orders__dbt_backup';
EXEC sp_rename 'dbt.orders__dbt_tmp', 'orders';
DROP TABLE IF EXISTS [dbt].[orders__dbt_backup];
EXEC('DROP view IF EXISTS [dbt].[orders__dbt_tmp_temp_view]');
-- expect:
-- db.raw.orders.id -> db.dbt.orders.id DIRECT.IDENTITY @7
-- db.raw.orders.amount -> db.dbt.orders.cents DIRECT.TRANSFORMATION @7

-- title: a transient table read by a MERGE: the merge is written from what filled it
-- dialect: snowflake
-- schema: {"raw.u": {"id": "int", "e": "varchar"}, "an.u": {"id": "int", "e": "varchar"}}
create or replace table an.u__dbt_tmp as select id, e from raw.u;
merge into an.u d using an.u__dbt_tmp s on d.id = s.id
  when matched then update set e = s.e
  when not matched then insert (id, e) values (s.id, s.e);
drop table if exists an.u__dbt_tmp;
-- expect-includes:
-- raw.u.e -> an.u.e DIRECT.IDENTITY @3
-- raw.u.id -> an.u.id DIRECT.IDENTITY
-- expect-diagnostics:

-- title: review: ClickHouse EXCHANGE of a transient table with a real one writes the real one
-- dialect: clickhouse
-- schema: {"raw.a": {"x": "Int32"}, "db.t": {"x": "Int32"}}
create table db.t_new (x Int32) engine=MergeTree order by x;
insert into db.t_new select x from raw.a;
exchange tables db.t_new and db.t;
drop table db.t_new;
-- expect:
-- raw.a.x -> db.t.x DIRECT.IDENTITY @3

-- title: review: made in both branches of an IF, then dropped: transient both times
-- dialect: tsql
-- schema: {"raw.s": {"a": "int", "id": "int"}}
IF @full = 1 SELECT a INTO stg.w FROM raw.s ELSE SELECT a INTO stg.w FROM raw.s WHERE id > 0
INSERT INTO mart.m SELECT a FROM stg.w
DROP TABLE stg.w
-- expect:
-- raw.s.a -> mart.m.a DIRECT.IDENTITY @2
-- raw.s.id -> mart.m.a INDIRECT.FILTER @2

-- title: review: CREATE TABLE IF NOT EXISTS of a table already there makes nothing: it stays
-- dialect: postgres
-- schema: {"raw.a": {"x": "int"}, "stg.t": {"x": "int", "z": "int"}}
create table if not exists stg.t as select x from raw.a;
insert into mart.m select x, z from stg.t;
drop table stg.t;
-- expect:
-- raw.a.x -> stg.t.x DIRECT.IDENTITY @1
-- stg.t.x -> mart.m.x DIRECT.IDENTITY @2
-- stg.t.z -> mart.m.z DIRECT.IDENTITY @2

-- title: review: a search path finds a transient table by its short name
-- dialect: postgres
-- schema: {"raw.s": {"a": "int"}}
set search_path to b, a;
create table a.t as select a from raw.s;
insert into mart.m select a from t;
drop table a.t;
-- expect:
-- raw.s.a -> mart.m.a DIRECT.IDENTITY @3
