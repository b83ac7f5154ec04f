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
