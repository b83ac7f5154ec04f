-- Found by a tenth probe (load and move statements): table-valued functions of one query are
-- views named by the function, read where a FROM / TABLE() / APPLY calls them; ClickHouse
-- dictionaries are views of their table, read with dictGet (helper A).

-- title: P10-1: bigquery table function defined in the file, then read: a view of its query, read by the insert (a scalar function is none)
-- dialect: bigquery
-- schema: {"raw.orders": {"order_id": "INT64", "customer_id": "INT64", "amount": "NUMERIC", "order_date": "DATE"}}
create or replace table function mart.orders_on(d DATE) as
  select order_id, customer_id, amount from raw.orders where order_date = d;
-- a scalar SQL function (its body parenthesised) is no view
create temp function last_id(x INT64) as ((select max(order_id) from raw.orders));
insert into mart.daily_orders (order_id, amount)
select order_id, amount from mart.orders_on('2024-01-01');
-- expect:
-- raw.orders.order_id -> mart.orders_on.order_id DIRECT.IDENTITY
-- raw.orders.customer_id -> mart.orders_on.customer_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.orders_on.amount DIRECT.IDENTITY
-- raw.orders.order_date -> mart.orders_on.order_id INDIRECT.FILTER
-- raw.orders.order_date -> mart.orders_on.customer_id INDIRECT.FILTER
-- raw.orders.order_date -> mart.orders_on.amount INDIRECT.FILTER
-- mart.orders_on.order_id -> mart.daily_orders.order_id DIRECT.IDENTITY
-- mart.orders_on.amount -> mart.daily_orders.amount DIRECT.IDENTITY

-- title: P10-2: tsql inline table-valued function defined in the file, then read: a view of its query, read by the insert
-- dialect: tsql
-- schema: {"dbo.orders": {"order_id": "int", "amount": "money", "order_date": "date"}}
CREATE FUNCTION dbo.orders_on (@d date) RETURNS TABLE AS RETURN (SELECT order_id, amount FROM dbo.orders WHERE order_date = @d);
GO
INSERT INTO dbo.daily_orders (order_id, amount) SELECT order_id, amount FROM dbo.orders_on('2024-01-01');
-- expect:
-- dbo.orders.order_id -> dbo.orders_on.order_id DIRECT.IDENTITY
-- dbo.orders.amount -> dbo.orders_on.amount DIRECT.IDENTITY
-- dbo.orders.order_date -> dbo.orders_on.order_id INDIRECT.FILTER
-- dbo.orders.order_date -> dbo.orders_on.amount INDIRECT.FILTER
-- dbo.orders_on.order_id -> dbo.daily_orders.order_id DIRECT.IDENTITY
-- dbo.orders_on.amount -> dbo.daily_orders.amount DIRECT.IDENTITY

-- title: P10-1b: postgres RETURNS TABLE ... LANGUAGE sql function: its declared columns take the query's by position; the call's alias reads them
-- dialect: postgres
-- schema: {"raw.orders": {"order_id": "int", "amount": "numeric", "order_date": "date"}}
create function mart.orders_on(d date) returns table(id int, amt numeric) language sql as $$
  select order_id, amount from raw.orders where order_date = d
$$;
insert into mart.daily select o.id, o.amt from mart.orders_on(current_date) o;
-- expect:
-- raw.orders.order_id -> mart.orders_on.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.orders_on.amt DIRECT.IDENTITY
-- raw.orders.order_date -> mart.orders_on.id INDIRECT.FILTER
-- raw.orders.order_date -> mart.orders_on.amt INDIRECT.FILTER
-- mart.orders_on.id -> mart.daily.id DIRECT.IDENTITY
-- mart.orders_on.amt -> mart.daily.amt DIRECT.IDENTITY

-- title: P10-1c: snowflake RETURNS TABLE function with a quoted body, read with TABLE(f(...))
-- dialect: snowflake
-- schema: {"raw.orders": {"order_id": "int", "amount": "number", "order_date": "date"}}
create or replace function mart.orders_on(d date) returns table(order_id int, amount number)
as 'select order_id, amount from raw.orders where order_date = d';
insert into mart.daily select t.order_id, amount from table(mart.orders_on(current_date())) t;
-- expect:
-- raw.orders.order_id -> mart.orders_on.order_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.orders_on.amount DIRECT.IDENTITY
-- raw.orders.order_date -> mart.orders_on.order_id INDIRECT.FILTER
-- raw.orders.order_date -> mart.orders_on.amount INDIRECT.FILTER
-- mart.orders_on.order_id -> mart.daily.order_id DIRECT.IDENTITY
-- mart.orders_on.amount -> mart.daily.amount DIRECT.IDENTITY

-- title: P10-2b: tsql CROSS APPLY of a table function the run's schema knows reads it; one nobody defines still reads nothing
-- dialect: tsql
-- schema: {"dbo.customers": {"id": "int", "name": "varchar"}, "dbo.orders_for": {"order_id": "int", "amount": "money"}}
INSERT INTO dbo.customer_orders (name, amount)
SELECT c.name, o.amount FROM dbo.customers c CROSS APPLY dbo.orders_for(c.id) o OUTER APPLY dbo.notes_for(c.id) n;
-- expect:
-- dbo.customers.name -> dbo.customer_orders.name DIRECT.IDENTITY
-- dbo.orders_for.amount -> dbo.customer_orders.amount DIRECT.IDENTITY

-- title: P10-15: clickhouse dictionary over a table, read with dictGet: the attribute comes from the table column
-- dialect: clickhouse
-- schema: {"shop.customers": {"id": "UInt64", "region": "String"}, "analytics.orders": {"order_id": "UInt64", "customer_id": "UInt64"}}
create dictionary shop.customer_dict (id UInt64, region String)
primary key id
source(clickhouse(table 'customers' db 'shop'))
layout(hashed())
lifetime(min 300 max 600);
insert into analytics.orders_region (order_id, region)
select order_id, dictGet('shop.customer_dict', 'region', customer_id) from analytics.orders;
-- expect-includes:
-- shop.customers.region -> shop.customer_dict.region DIRECT.IDENTITY
-- shop.customer_dict.region -> analytics.orders_region.region DIRECT.TRANSFORMATION [dictget]

-- title: P10-15b: clickhouse dictGetOrDefault of a dictionary over a table without DB; a dictionary nobody defines stays a function of its key
-- dialect: clickhouse
-- schema: {"customers": {"id": "UInt64", "tier": "String"}, "analytics.orders": {"order_id": "UInt64", "customer_id": "UInt64"}}
create dictionary tiers (id UInt64, tier String) primary key id source(clickhouse(table 'customers')) layout(hashed()) lifetime(300);
insert into analytics.orders_tier (order_id, tier, region)
select order_id, dictGetOrDefault('tiers', 'tier', customer_id, 'none'), dictGetString('geo.regions', 'name', customer_id) from analytics.orders;
-- expect:
-- customers.id -> tiers.id DIRECT.IDENTITY
-- customers.tier -> tiers.tier DIRECT.IDENTITY
-- analytics.orders.order_id -> analytics.orders_tier.order_id DIRECT.IDENTITY
-- tiers.tier -> analytics.orders_tier.tier DIRECT.TRANSFORMATION [dictgetordefault]
-- analytics.orders.customer_id -> analytics.orders_tier.tier DIRECT.TRANSFORMATION [dictgetordefault]
-- analytics.orders.customer_id -> analytics.orders_tier.region DIRECT.TRANSFORMATION [dictgetstring]
