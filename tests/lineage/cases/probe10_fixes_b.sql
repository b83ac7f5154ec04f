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

