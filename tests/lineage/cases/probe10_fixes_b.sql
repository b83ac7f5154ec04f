-- Tenth probe (load and move statements), fixes B: linked-server names, Teradata volatile
-- tables and table copies, DLT, BigQuery partition pseudo-columns, BTEQ, LOCKING, ClickHouse
-- remote().

-- title: P10-8: tsql four-part linked-server name as a source is one table
-- dialect: tsql
-- schema: {"erp.sales.dbo.orders": {"order_id": "int", "amount": "money"}}
INSERT INTO stg.orders (order_id, amount) SELECT order_id, amount FROM [ERP].[sales].[dbo].[orders];
-- expect:
-- erp.sales.dbo.orders.order_id -> stg.orders.order_id DIRECT.IDENTITY
-- erp.sales.dbo.orders.amount -> stg.orders.amount DIRECT.IDENTITY

-- title: P10-8: tsql four-part name joined to a local table, and as a write target
-- dialect: tsql
-- schema: {"erp.sales.dbo.orders": {"order_id": "int", "amount": "money"}, "dbo.customers": {"id": "int", "region": "varchar"}}
INSERT INTO ERP.sales.dbo.order_regions (order_id, region)
SELECT o.order_id, c.region
FROM ERP.sales.dbo.orders AS o
JOIN dbo.customers c ON c.id = o.order_id;
-- expect:
-- erp.sales.dbo.orders.order_id -> erp.sales.dbo.order_regions.order_id DIRECT.IDENTITY
-- dbo.customers.region -> erp.sales.dbo.order_regions.region DIRECT.IDENTITY
-- erp.sales.dbo.orders.order_id -> erp.sales.dbo.order_regions.order_id INDIRECT.JOIN
-- dbo.customers.id -> erp.sales.dbo.order_regions.order_id INDIRECT.JOIN
-- erp.sales.dbo.orders.order_id -> erp.sales.dbo.order_regions.region INDIRECT.JOIN
-- dbo.customers.id -> erp.sales.dbo.order_regions.region INDIRECT.JOIN

-- title: P10-9: teradata CREATE MULTISET VOLATILE TABLE is a session table, not an asset
-- dialect: teradata
-- schema: {"stg.orders": {"order_id": "integer", "customer_id": "integer", "amount": "decimal"}}
create multiset volatile table vt_orders as (
  sel order_id, customer_id, amount from stg.orders where amount > 0
) with data primary index (order_id) on commit preserve rows;
ins into dw.orders (order_id, customer_id, amount) sel order_id, customer_id, amount from vt_orders;
-- expect:
-- stg.orders.order_id -> dw.orders.order_id DIRECT.IDENTITY
-- stg.orders.customer_id -> dw.orders.customer_id DIRECT.IDENTITY
-- stg.orders.amount -> dw.orders.amount DIRECT.IDENTITY
-- stg.orders.amount -> dw.orders.order_id INDIRECT.FILTER
-- stg.orders.amount -> dw.orders.customer_id INDIRECT.FILTER
-- stg.orders.amount -> dw.orders.amount INDIRECT.FILTER

-- title: P10-9: teradata CREATE SET VOLATILE TABLE copy of a table is a session table too
-- dialect: teradata
-- schema: {"stg.orders": {"order_id": "integer", "amount": "decimal"}}
create set volatile table vt as stg.orders with data on commit preserve rows;
insert into dw.orders sel * from vt;
-- expect:
-- stg.orders.order_id -> dw.orders.order_id DIRECT.IDENTITY
-- stg.orders.amount -> dw.orders.amount DIRECT.IDENTITY

-- title: P10-10: teradata CREATE TABLE t AS s WITH DATA copies s
-- dialect: teradata
-- schema: {"dw.orders": {"order_id": "integer", "amount": "decimal"}}
create table dw.orders_bkp as dw.orders with data;
-- expect:
-- dw.orders.order_id -> dw.orders_bkp.order_id DIRECT.IDENTITY
-- dw.orders.amount -> dw.orders_bkp.amount DIRECT.IDENTITY

-- title: P10-10: teradata CREATE TABLE t AS s WITH NO DATA takes s's columns, no rows
-- dialect: teradata
-- schema: {"dw.orders": {"order_id": "integer", "amount": "decimal"}, "stg.x": {"a": "integer", "b": "decimal"}}
create table dw.orders_new as dw.orders with no data;
insert into dw.orders_new sel a, b from stg.x;
-- expect:
-- stg.x.a -> dw.orders_new.order_id DIRECT.IDENTITY
-- stg.x.b -> dw.orders_new.amount DIRECT.IDENTITY

-- title: P10-12: databricks DLT pipeline writes x and reads LIVE.x: one table, the bronze -> silver -> gold chain
-- dialect: databricks
create or refresh streaming table bronze_orders as
select order_id, amount from stream read_files('/Volumes/prod/raw/orders/', format => 'json');
create or refresh streaming table silver_orders as
select cast(order_id as bigint) as order_id, amount from stream(live.bronze_orders);
create or refresh materialized view gold_totals as select sum(amount) as total from LIVE.silver_orders;
-- expect:
-- bronze_orders.order_id -> silver_orders.order_id DIRECT.TRANSFORMATION [cast]
-- bronze_orders.amount -> silver_orders.amount DIRECT.IDENTITY
-- silver_orders.amount -> gold_totals.total DIRECT.AGGREGATION [sum]

-- title: P10-12: databricks LIVE.x is completed by the script's USE like the CREATE of x
-- dialect: databricks
-- schema: {"main.raw.orders": {"order_id": "bigint", "amount": "double"}}
use catalog main;
use schema dw;
create or refresh materialized view orders_clean as select order_id, amount from raw.orders;
create or refresh materialized view order_totals as
select o.order_id, sum(o.amount) as total from live.orders_clean o group by o.order_id;
-- expect:
-- main.raw.orders.order_id -> main.dw.orders_clean.order_id DIRECT.IDENTITY
-- main.raw.orders.amount -> main.dw.orders_clean.amount DIRECT.IDENTITY
-- main.dw.orders_clean.order_id -> main.dw.order_totals.order_id DIRECT.IDENTITY
-- main.dw.orders_clean.amount -> main.dw.order_totals.total DIRECT.AGGREGATION [sum]
-- main.dw.orders_clean.order_id -> main.dw.order_totals.order_id INDIRECT.GROUP_BY
-- main.dw.orders_clean.order_id -> main.dw.order_totals.total INDIRECT.GROUP_BY

-- title: P10-16: legacy DLT CREATE OR REFRESH [STREAMING] LIVE TABLE / TEMPORARY LIVE VIEW / PRIVATE MATERIALIZED VIEW
-- dialect: databricks
-- schema: {"bronze": {"id": "string", "email": "string"}}
create or refresh streaming live table silver as select cast(id as bigint) as id, email from stream(live.bronze);
create temporary live view emails as select email from live.bronze;
create or refresh private materialized view ids as select id from live.bronze;
create or refresh live table gold as select e.email, i.id from live.emails e cross join live.ids i;
-- expect:
-- bronze.id -> silver.id DIRECT.TRANSFORMATION [cast]
-- bronze.email -> silver.email DIRECT.IDENTITY
-- bronze.email -> gold.email DIRECT.IDENTITY
-- bronze.id -> gold.id DIRECT.IDENTITY

-- title: P10-16: DLT LIVE TABLE with a column list, expectations and table properties
-- dialect: databricks
-- schema: {"raw.customers": {"id": "string", "email": "string"}}
create or refresh live table customers_clean (
  id string comment 'key',
  email string,
  constraint valid_email expect (email is not null) on violation drop row
) comment 'cleaned' tblproperties ('quality' = 'silver')
as select id, lower(email) as email from raw.customers;
create live view customer_emails as select email from live.customers_clean;
-- expect:
-- raw.customers.id -> customers_clean.id DIRECT.IDENTITY
-- raw.customers.email -> customers_clean.email DIRECT.TRANSFORMATION [lower]
-- customers_clean.email -> customer_emails.email DIRECT.IDENTITY

-- title: P10-14: bigquery _PARTITIONTIME read is a column of the table it is read from (value and filter)
-- dialect: bigquery
-- schema: {"raw.events": {"event_id": "STRING", "user_id": "INT64"}}
create or replace table mart.events_day as
select event_id, date(_partitiontime) as load_date
from raw.events where _partitiontime >= timestamp('2024-01-01');
-- expect:
-- raw.events.event_id -> mart.events_day.event_id DIRECT.IDENTITY
-- raw.events._partitiontime -> mart.events_day.load_date DIRECT.TRANSFORMATION [date]
-- raw.events._partitiontime -> mart.events_day.event_id INDIRECT.FILTER
-- raw.events._partitiontime -> mart.events_day.load_date INDIRECT.FILTER

-- title: P10-14: bigquery qualified _PARTITIONDATE in a join is its table's; _TABLE_SUFFIX stays generated
-- dialect: bigquery
-- schema: {"raw.events": {"event_id": "STRING", "user_id": "INT64"}, "raw.users": {"user_id": "INT64", "name": "STRING"}}
insert into mart.x (event_id, d, name, suffix)
select e.event_id, e._PARTITIONDATE, u.name, _table_suffix
from raw.events e join raw.users u on u.user_id = e.user_id
where e._partitiondate = current_date();
-- expect:
-- raw.events.event_id -> mart.x.event_id DIRECT.IDENTITY
-- raw.events._partitiondate -> mart.x.d DIRECT.IDENTITY
-- raw.users.name -> mart.x.name DIRECT.IDENTITY
-- raw.events._partitiondate -> mart.x.event_id INDIRECT.FILTER
-- raw.events._partitiondate -> mart.x.d INDIRECT.FILTER
-- raw.events._partitiondate -> mart.x.name INDIRECT.FILTER
-- raw.events._partitiondate -> mart.x.suffix INDIRECT.FILTER
-- raw.events.user_id -> mart.x.event_id INDIRECT.JOIN
-- raw.users.user_id -> mart.x.event_id INDIRECT.JOIN
-- raw.events.user_id -> mart.x.d INDIRECT.JOIN
-- raw.users.user_id -> mart.x.d INDIRECT.JOIN
-- raw.events.user_id -> mart.x.name INDIRECT.JOIN
-- raw.users.user_id -> mart.x.name INDIRECT.JOIN
-- raw.events.user_id -> mart.x.suffix INDIRECT.JOIN
-- raw.users.user_id -> mart.x.suffix INDIRECT.JOIN

-- title: P10-20: teradata BTEQ dot commands are client commands, not parse errors
-- dialect: teradata
-- schema: {"stg.orders": {"order_id": "integer", "amount": "decimal"}}
.LOGON tdprod/etl_user,secret;
.SET ERROROUT STDOUT;
DELETE FROM dw.orders ALL;
.IF ERRORCODE <> 0 THEN .QUIT 8;
INSERT INTO dw.orders (order_id, amount)
SELECT order_id, amount FROM stg.orders;
.IF ERRORCODE <> 0 THEN .QUIT 8;
.LOGOFF;
.QUIT 0;
-- expect:
-- stg.orders.order_id -> dw.orders.order_id DIRECT.IDENTITY
-- stg.orders.amount -> dw.orders.amount DIRECT.IDENTITY

-- title: P10-20: teradata BTEQ .EXPORT around a report query, commands without a semicolon
-- dialect: teradata
-- schema: {"stg.orders": {"order_id": "integer", "amount": "decimal"}}
  .EXPORT REPORT FILE = /tmp/orders.txt
SELECT order_id FROM stg.orders WHERE amount > 0;
  .EXPORT RESET
insert into dw.big_orders (order_id)
sel order_id from stg.orders where amount > 100;
-- expect:
-- stg.orders.order_id -> dw.big_orders.order_id DIRECT.IDENTITY
-- stg.orders.amount -> dw.big_orders.order_id INDIRECT.FILTER

-- title: P10-24: teradata LOCKING ... FOR ACCESS inside an INSERT ... SELECT
-- dialect: teradata
-- schema: {"stg.orders": {"order_id": "integer", "amount": "decimal"}}
insert into dw.orders (order_id, amount)
locking table stg.orders for access
select order_id, amount from stg.orders;
-- expect:
-- stg.orders.order_id -> dw.orders.order_id DIRECT.IDENTITY
-- stg.orders.amount -> dw.orders.amount DIRECT.IDENTITY

-- title: P10-24: teradata LOCKING ROW FOR ACCESS before an INSERT, and two modifiers with NOWAIT
-- dialect: teradata
-- schema: {"stg.orders": {"order_id": "integer", "amount": "decimal"}}
locking row for access
insert into dw.orders (order_id, amount) select order_id, amount from stg.orders;
lock stg.orders for access nowait locking dw.x for write
insert into dw.x (order_id) sel order_id from stg.orders;
-- expect:
-- stg.orders.order_id -> dw.orders.order_id DIRECT.IDENTITY
-- stg.orders.amount -> dw.orders.amount DIRECT.IDENTITY
-- stg.orders.order_id -> dw.x.order_id DIRECT.IDENTITY

-- title: P10-25: clickhouse remote('host', db.t) reads the table db.t
-- dialect: clickhouse
-- schema: {"analytics.events": {"event_id": "UInt64", "user_id": "UInt64"}}
insert into analytics.events_copy (event_id, user_id)
select event_id, user_id from remote('ch-prod-01:9000', analytics.events);
-- expect:
-- analytics.events.event_id -> analytics.events_copy.event_id DIRECT.IDENTITY
-- analytics.events.user_id -> analytics.events_copy.user_id DIRECT.IDENTITY

-- title: P10-25: clickhouse remote('host', 'db', 't', user, password) and remoteSecure('host', 'db.t') read db.t
-- dialect: clickhouse
-- schema: {"analytics.events": {"event_id": "UInt64", "user_id": "UInt64"}}
insert into analytics.c2 select r.event_id from remote('h', 'analytics', 'events', 'u', 'p') as r;
insert into analytics.c3 select event_id from remoteSecure('h', 'analytics.events', 'u', 'p') where user_id > 0;
-- expect:
-- analytics.events.event_id -> analytics.c2.event_id DIRECT.IDENTITY
-- analytics.events.event_id -> analytics.c3.event_id DIRECT.IDENTITY
-- analytics.events.user_id -> analytics.c3.event_id INDIRECT.FILTER

-- title: P10-25: clickhouse remote() of a table function names no table: unknown-table, not an unresolved column
-- dialect: clickhouse
insert into analytics.nums select number from remote('h', numbers(10));
-- expect:
-- expect-diagnostics: unknown-table

-- title: P10-10: clickhouse CREATE TABLE t AS s takes s's columns, so a positional INSERT maps onto them
-- dialect: clickhouse
-- schema: {"dw.orders": {"order_id": "UInt64", "amount": "Float64"}, "stg.x": {"a": "UInt64", "b": "Float64"}}
create table dw.orders_new as dw.orders engine = MergeTree order by order_id;
insert into dw.orders_new select a, b from stg.x;
-- expect:
-- stg.x.a -> dw.orders_new.order_id DIRECT.IDENTITY
-- stg.x.b -> dw.orders_new.amount DIRECT.IDENTITY
