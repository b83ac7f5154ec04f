-- Adversarial cases: PIVOT/UNPIVOT and lateral joins (LATERAL, CROSS/OUTER APPLY).

-- title: snowflake pivot with alias column list
-- dialect: snowflake
-- schema: {"raw.sales": {"region": "varchar", "month": "varchar", "amount": "number"}}
create table mart.sales_by_month as
select *
from raw.sales pivot (sum(amount) for month in ('jan', 'feb')) as p (region, jan, feb);
-- expect:
-- raw.sales.region -> mart.sales_by_month.region DIRECT.IDENTITY
-- raw.sales.amount -> mart.sales_by_month.jan DIRECT.AGGREGATION [sum]
-- raw.sales.amount -> mart.sales_by_month.feb DIRECT.AGGREGATION [sum]
-- raw.sales.month -> mart.sales_by_month.jan INDIRECT.CONDITIONAL
-- raw.sales.month -> mart.sales_by_month.feb INDIRECT.CONDITIONAL
-- raw.sales.region -> mart.sales_by_month.region INDIRECT.GROUP_BY
-- raw.sales.region -> mart.sales_by_month.jan INDIRECT.GROUP_BY
-- raw.sales.region -> mart.sales_by_month.feb INDIRECT.GROUP_BY

-- title: bigquery pivot over a subquery with value aliases
-- dialect: bigquery
-- schema: {"raw.sales": {"region": "STRING", "month": "STRING", "amount": "NUMERIC", "note": "STRING"}}
create table mart.sales_pivot as
select region, jan, feb
from (select region, month, amount from raw.sales)
pivot (sum(amount) for month in ('jan' as jan, 'feb' as feb));
-- expect-includes:
-- raw.sales.region -> mart.sales_pivot.region DIRECT.IDENTITY
-- raw.sales.amount -> mart.sales_pivot.jan DIRECT.AGGREGATION [sum]
-- raw.sales.amount -> mart.sales_pivot.feb DIRECT.AGGREGATION [sum]

-- title: snowflake unpivot gathers several columns into one
-- dialect: snowflake
-- schema: {"raw.sales_wide": {"region": "varchar", "jan": "number", "feb": "number"}}
create table mart.sales_long as
select region, month, amount
from raw.sales_wide unpivot (amount for month in (jan, feb));
-- expect:
-- raw.sales_wide.region -> mart.sales_long.region DIRECT.IDENTITY
-- raw.sales_wide.jan -> mart.sales_long.amount DIRECT.IDENTITY
-- raw.sales_wide.feb -> mart.sales_long.amount DIRECT.IDENTITY

-- title: duckdb unpivot statement form
-- dialect: duckdb
-- schema: {"raw.sales_wide": {"region": "varchar", "jan": "int", "feb": "int"}}
create table mart.sales_long_duck as
select region, month, amount
from (unpivot raw.sales_wide on jan, feb into name month value amount);
-- expect-includes:
-- raw.sales_wide.region -> mart.sales_long_duck.region DIRECT.IDENTITY
-- raw.sales_wide.jan -> mart.sales_long_duck.amount DIRECT.IDENTITY
-- raw.sales_wide.feb -> mart.sales_long_duck.amount DIRECT.IDENTITY

-- title: postgres left join lateral top-1 subquery
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "name": "text"}, "raw.orders": {"user_id": "int", "amount": "numeric", "created_at": "timestamp"}}
create table mart.last_orders as
select u.name, last.amount as last_amount
from raw.users u
left join lateral (
    select o.amount from raw.orders o
    where o.user_id = u.id
    order by o.created_at desc
    limit 1
) last on true;
-- expect:
-- raw.users.name -> mart.last_orders.name DIRECT.IDENTITY
-- raw.orders.amount -> mart.last_orders.last_amount DIRECT.IDENTITY
-- raw.orders.user_id -> mart.last_orders.last_amount INDIRECT.FILTER
-- raw.users.id -> mart.last_orders.last_amount INDIRECT.FILTER
-- raw.orders.created_at -> mart.last_orders.last_amount INDIRECT.SORT

-- title: tsql outer apply top-1
-- dialect: tsql
-- schema: {"raw.users": {"id": "int", "name": "varchar"}, "raw.orders": {"user_id": "int", "amount": "money", "created_at": "datetime"}}
select u.name, x.last_amount
into mart.last_orders_ts
from raw.users u
outer apply (
    select top 1 o.amount as last_amount from raw.orders o
    where o.user_id = u.id
    order by o.created_at desc
) x;
-- expect:
-- raw.users.name -> mart.last_orders_ts.name DIRECT.IDENTITY
-- raw.orders.amount -> mart.last_orders_ts.last_amount DIRECT.IDENTITY
-- raw.orders.user_id -> mart.last_orders_ts.last_amount INDIRECT.FILTER
-- raw.users.id -> mart.last_orders_ts.last_amount INDIRECT.FILTER
-- raw.orders.created_at -> mart.last_orders_ts.last_amount INDIRECT.SORT

-- title: postgres lateral aggregate referencing outer column
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.user_totals as
select u.email, t.total
from raw.users u
left join lateral (select sum(o.amount) as total from raw.orders o where o.user_id = u.id) t on true;
-- expect:
-- raw.users.email -> mart.user_totals.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.user_totals.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.user_totals.total INDIRECT.FILTER
-- raw.users.id -> mart.user_totals.total INDIRECT.FILTER

-- title: tsql cross apply top-1 drops users without orders: its filter reaches every column
-- dialect: tsql
-- schema: {"raw.users": {"id": "int", "name": "varchar"}, "raw.orders": {"user_id": "int", "amount": "money", "created_at": "datetime"}}
select u.name, x.last_amount
into mart.buyers_last_order
from raw.users u
cross apply (
    select top 1 o.amount as last_amount from raw.orders o
    where o.user_id = u.id
    order by o.created_at desc
) x;
-- expect:
-- raw.users.name -> mart.buyers_last_order.name DIRECT.IDENTITY
-- raw.orders.user_id -> mart.buyers_last_order.name INDIRECT.FILTER
-- raw.users.id -> mart.buyers_last_order.name INDIRECT.FILTER
-- raw.orders.amount -> mart.buyers_last_order.last_amount DIRECT.IDENTITY
-- raw.orders.user_id -> mart.buyers_last_order.last_amount INDIRECT.FILTER
-- raw.users.id -> mart.buyers_last_order.last_amount INDIRECT.FILTER
-- raw.orders.created_at -> mart.buyers_last_order.last_amount INDIRECT.SORT

-- title: postgres cross join lateral with a join inside: its keys reach every column
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"id": "int", "user_id": "int"}, "raw.items": {"order_id": "int", "sku": "text"}}
create table mart.user_skus as
select u.email, l.sku
from raw.users u
cross join lateral (
    select i.sku from raw.orders o join raw.items i on i.order_id = o.id
    where o.user_id = u.id
) l;
-- expect:
-- raw.users.email -> mart.user_skus.email DIRECT.IDENTITY
-- raw.items.order_id -> mart.user_skus.email INDIRECT.JOIN
-- raw.orders.id -> mart.user_skus.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.user_skus.email INDIRECT.FILTER
-- raw.users.id -> mart.user_skus.email INDIRECT.FILTER
-- raw.items.sku -> mart.user_skus.sku DIRECT.IDENTITY
-- raw.items.order_id -> mart.user_skus.sku INDIRECT.JOIN
-- raw.orders.id -> mart.user_skus.sku INDIRECT.JOIN
-- raw.orders.user_id -> mart.user_skus.sku INDIRECT.FILTER
-- raw.users.id -> mart.user_skus.sku INDIRECT.FILTER

-- title: snowflake comma lateral aggregate without group by yields a row for every user
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "number"}}
create table mart.user_spend as
select u.email, t.total
from raw.users u, lateral (select sum(o.amount) as total from raw.orders o where o.user_id = u.id) t;
-- expect:
-- raw.users.email -> mart.user_spend.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.user_spend.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.user_spend.total INDIRECT.FILTER
-- raw.users.id -> mart.user_spend.total INDIRECT.FILTER
