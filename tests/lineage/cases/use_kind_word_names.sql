-- title: hive use of a database named warehouse completes the names after it
-- dialect: hive
-- schema: {"warehouse.ods_logs": {"line": "string", "dt": "string"}, "warehouse.dwd_start_log": {"area_code": "string", "user_id": "string", "dt": "string"}}
use warehouse;

insert overwrite table dwd_start_log partition (dt = '2022-04-26')
select get_json_object(line, '$.common.ar'),
       get_json_object(line, '$.common.uid')
from ods_logs
where dt = '2022-04-26';
-- expect:
-- warehouse.ods_logs.line -> warehouse.dwd_start_log.area_code DIRECT.TRANSFORMATION [json_extract_scalar] @4
-- warehouse.ods_logs.line -> warehouse.dwd_start_log.user_id DIRECT.TRANSFORMATION [json_extract_scalar] @5
-- warehouse.ods_logs.dt -> warehouse.dwd_start_log.area_code INDIRECT.FILTER @7
-- warehouse.ods_logs.dt -> warehouse.dwd_start_log.user_id INDIRECT.FILTER @7

-- title: spark use of databases named database and schema, one after the other
-- dialect: spark
-- schema: {"database.src": {"id": "int"}, "schema.src": {"id": "int"}}
USE database;
create table a as select id from src;
USE SCHEMA;
create table b as select id from src;
-- expect:
-- database.src.id -> database.a.id DIRECT.IDENTITY @2
-- schema.src.id -> schema.b.id DIRECT.IDENTITY @4

-- title: trino use of catalog.schema whose catalog is named warehouse keeps both parts
-- dialect: trino
-- schema: {"warehouse.sales.orders": {"id": "int"}}
USE warehouse.sales;
create table t as select id from orders
-- expect:
-- warehouse.sales.orders.id -> warehouse.sales.t.id DIRECT.IDENTITY @2

-- title: tsql use warehouse without a semicolon keeps the select into on the next line
-- dialect: tsql
-- schema: {"warehouse.dbo.src": {"id": "int"}}
use warehouse
select id into dbo.x from dbo.src
-- expect:
-- warehouse.dbo.src.id -> warehouse.dbo.x.id DIRECT.IDENTITY @2

-- title: snowflake use warehouse with a name is a warehouse; a database named database is one
-- dialect: snowflake
-- schema: {"database.public.raw": {"id": "number"}}
use warehouse etl_wh;
use database;
create table t as select id from raw
-- expect:
-- database.public.raw.id -> database.public.t.id DIRECT.IDENTITY @3

-- title: a quoted or kind-and-name hive use is read as before
-- dialect: hive
-- schema: {"warehouse.src": {"id": "int"}, "role.src": {"id": "int"}}
use `warehouse`;
create table a as select id from src;
use database role;
create table b as select id from src;
-- expect:
-- warehouse.src.id -> warehouse.a.id DIRECT.IDENTITY @2
-- role.src.id -> role.b.id DIRECT.IDENTITY @4

-- title: tsql a USE of a database named like a kind after another statement, without semicolons: the SELECT on the next line is its own statement
-- dialect: tsql
-- schema: {"warehouse.dbo.src": {"id": "int"}}
SET NOCOUNT ON
use warehouse
select id into dbo.x from dbo.src
-- expect:
-- warehouse.dbo.src.id -> warehouse.dbo.x.id DIRECT.IDENTITY @3
