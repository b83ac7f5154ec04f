-- Gaps closed in the third gap session: untyped BigQuery UNNEST fields, constants over derived
-- tables, VALUES with a subquery in FROM, multi-table DELETE reads, generators with several
-- outputs.

-- title: bigquery GA4 params by key, catalog without the array's type (unaliased unnest)
-- dialect: bigquery
-- schema: {"analytics.events_2024": {"event_date": "date", "event_name": "string", "user_pseudo_id": "string", "event_params": ""}}
insert into mart.pages (event_date, user_pseudo_id, page, views)
select
  event_date,
  user_pseudo_id,
  (select value.string_value from unnest(event_params)
   where key = 'page_location' and event_name = 'page_view') as page,
  (select p.value.int_value from unnest(event_params) as p where p.key = 'views') as views
from analytics.events_2024
-- expect:
-- analytics.events_2024.event_date -> mart.pages.event_date DIRECT.IDENTITY
-- analytics.events_2024.user_pseudo_id -> mart.pages.user_pseudo_id DIRECT.IDENTITY
-- analytics.events_2024.event_params -> mart.pages.page DIRECT.TRANSFORMATION [unnest]
-- analytics.events_2024.event_params -> mart.pages.page INDIRECT.FILTER
-- analytics.events_2024.event_name -> mart.pages.page INDIRECT.FILTER
-- analytics.events_2024.event_params -> mart.pages.views DIRECT.TRANSFORMATION [unnest]
-- analytics.events_2024.event_params -> mart.pages.views INDIRECT.FILTER

-- title: bigquery GA4 event params cross joined with a bare unnest, catalog type unknown
-- dialect: bigquery
-- schema: {"analytics.events_2024": {"event_date": "date", "event_name": "string", "event_params": "unknown"}}
insert into mart.event_params (event_date, event_name, param_key, param_value)
select event_date, event_name, key, coalesce(value.string_value, cast(value.int_value as string))
from analytics.events_2024, unnest(event_params)
where key in ('page_location', 'page_referrer')
-- expect:
-- analytics.events_2024.event_date -> mart.event_params.event_date DIRECT.IDENTITY
-- analytics.events_2024.event_name -> mart.event_params.event_name DIRECT.IDENTITY
-- analytics.events_2024.event_params -> mart.event_params.param_key DIRECT.TRANSFORMATION [unnest]
-- analytics.events_2024.event_params -> mart.event_params.param_value DIRECT.TRANSFORMATION [unnest, coalesce]
-- analytics.events_2024.event_params -> mart.event_params.param_value DIRECT.TRANSFORMATION [unnest, cast, coalesce]
-- analytics.events_2024.event_params -> mart.event_params.event_date INDIRECT.FILTER
-- analytics.events_2024.event_params -> mart.event_params.event_name INDIRECT.FILTER
-- analytics.events_2024.event_params -> mart.event_params.param_key INDIRECT.FILTER
-- analytics.events_2024.event_params -> mart.event_params.param_value INDIRECT.FILTER

-- title: bigquery GA4 purchases: aliased items unnest next to a bare event_params one (RECORD), untyped
-- dialect: bigquery
-- schema: {"analytics.events_2024": {"event_date": "date", "event_name": "string", "event_params": "RECORD", "items": ""}}
insert into mart.purchased_items (event_date, transaction_id, item_id, revenue)
select
  e.event_date,
  (select value.string_value from unnest(e.event_params) where key = 'transaction_id'),
  i.item_id,
  i.price * i.quantity as revenue
from analytics.events_2024 as e
cross join unnest(e.items) as i
where e.event_name = 'purchase'
-- expect:
-- analytics.events_2024.event_date -> mart.purchased_items.event_date DIRECT.IDENTITY
-- analytics.events_2024.event_params -> mart.purchased_items.transaction_id DIRECT.TRANSFORMATION [unnest]
-- analytics.events_2024.event_params -> mart.purchased_items.transaction_id INDIRECT.FILTER
-- analytics.events_2024.items -> mart.purchased_items.item_id DIRECT.TRANSFORMATION [unnest]
-- analytics.events_2024.items -> mart.purchased_items.revenue DIRECT.TRANSFORMATION [unnest]
-- analytics.events_2024.event_name -> mart.purchased_items.event_date INDIRECT.FILTER
-- analytics.events_2024.event_name -> mart.purchased_items.transaction_id INDIRECT.FILTER
-- analytics.events_2024.event_name -> mart.purchased_items.item_id INDIRECT.FILTER
-- analytics.events_2024.event_name -> mart.purchased_items.revenue INDIRECT.FILTER

-- title: bigquery GA4 sessions model (dbt style): params unnested from a CTE over the untyped table
-- dialect: bigquery
-- schema: {"analytics.events_2024": {"event_date": "date", "event_name": "string", "user_pseudo_id": "string", "event_params": ""}}
create table mart.sessions as
with events as (
  select * from analytics.events_2024 where _table_suffix between '20240101' and '20240131'
),
params as (
  select
    user_pseudo_id,
    event_name,
    (select value.int_value from unnest(event_params) where key = 'ga_session_id') as session_id,
    (select value.string_value from unnest(event_params) where key = 'page_location') as page
  from events
)
select user_pseudo_id, session_id, count(*) as page_views, max(page) as last_page
from params
where event_name = 'page_view'
group by user_pseudo_id, session_id
-- expect:
-- analytics.events_2024.user_pseudo_id -> mart.sessions.user_pseudo_id DIRECT.IDENTITY
-- analytics.events_2024.event_params -> mart.sessions.session_id DIRECT.TRANSFORMATION [unnest]
-- analytics.events_2024.event_params -> mart.sessions.last_page DIRECT.AGGREGATION [unnest, max]
-- analytics.events_2024.event_name -> mart.sessions.user_pseudo_id INDIRECT.FILTER
-- analytics.events_2024.event_name -> mart.sessions.session_id INDIRECT.FILTER
-- analytics.events_2024.event_name -> mart.sessions.page_views INDIRECT.FILTER
-- analytics.events_2024.event_name -> mart.sessions.last_page INDIRECT.FILTER
-- analytics.events_2024.event_params -> mart.sessions.user_pseudo_id INDIRECT.FILTER
-- analytics.events_2024.event_params -> mart.sessions.session_id INDIRECT.FILTER
-- analytics.events_2024.event_params -> mart.sessions.page_views INDIRECT.FILTER
-- analytics.events_2024.event_params -> mart.sessions.last_page INDIRECT.FILTER
-- analytics.events_2024.event_params -> mart.sessions.user_pseudo_id INDIRECT.GROUP_BY
-- analytics.events_2024.event_params -> mart.sessions.session_id INDIRECT.GROUP_BY
-- analytics.events_2024.event_params -> mart.sessions.page_views INDIRECT.GROUP_BY
-- analytics.events_2024.event_params -> mart.sessions.last_page INDIRECT.GROUP_BY
-- analytics.events_2024.user_pseudo_id -> mart.sessions.user_pseudo_id INDIRECT.GROUP_BY
-- analytics.events_2024.user_pseudo_id -> mart.sessions.session_id INDIRECT.GROUP_BY
-- analytics.events_2024.user_pseudo_id -> mart.sessions.page_views INDIRECT.GROUP_BY
-- analytics.events_2024.user_pseudo_id -> mart.sessions.last_page INDIRECT.GROUP_BY

-- title: a constant selected over a derived table gets the table's WHERE as a filter
-- dialect: postgres
-- schema: {"s": {"id": "int", "v": "int"}, "t": {"id": "int", "flag": "int"}}
insert into t (id, flag) select id, null from (select id from s where v > 0) x
-- expect:
-- s.id -> t.id DIRECT.IDENTITY
-- s.v -> t.id INDIRECT.FILTER
-- s.v -> t.flag INDIRECT.FILTER

-- title: dbt-style flags mart: constants over a filtered CTE
-- dialect: snowflake
-- schema: {"stg.customers": {"customer_id": "int", "status": "varchar", "is_test": "boolean"}}
insert into mart.customer_flags (customer_id, is_active, flagged_at, reason)
with active as (
  select customer_id from stg.customers where status = 'active' and not is_test
)
select customer_id, true, current_timestamp, null from active
-- expect:
-- stg.customers.customer_id -> mart.customer_flags.customer_id DIRECT.IDENTITY
-- stg.customers.status -> mart.customer_flags.customer_id INDIRECT.FILTER
-- stg.customers.status -> mart.customer_flags.is_active INDIRECT.FILTER
-- stg.customers.status -> mart.customer_flags.flagged_at INDIRECT.FILTER
-- stg.customers.status -> mart.customer_flags.reason INDIRECT.FILTER
-- stg.customers.is_test -> mart.customer_flags.customer_id INDIRECT.FILTER
-- stg.customers.is_test -> mart.customer_flags.is_active INDIRECT.FILTER
-- stg.customers.is_test -> mart.customer_flags.flagged_at INDIRECT.FILTER
-- stg.customers.is_test -> mart.customer_flags.reason INDIRECT.FILTER

-- title: dbt-style mart: literals over a unioned CTE keep each branch's filter
-- dialect: snowflake
-- schema: {"stg.web_orders": {"order_id": "int", "status": "varchar"}, "stg.app_orders": {"order_id": "int", "is_test": "boolean"}}
create table mart.orders_flagged as
with orders as (
  select order_id from stg.web_orders where status <> 'cancelled'
  union all
  select order_id from stg.app_orders where not is_test
)
select order_id, 'v2' as model_version, current_date as loaded_on from orders
-- expect:
-- stg.web_orders.order_id -> mart.orders_flagged.order_id DIRECT.IDENTITY
-- stg.app_orders.order_id -> mart.orders_flagged.order_id DIRECT.IDENTITY
-- stg.web_orders.status -> mart.orders_flagged.order_id INDIRECT.FILTER
-- stg.web_orders.status -> mart.orders_flagged.model_version INDIRECT.FILTER
-- stg.web_orders.status -> mart.orders_flagged.loaded_on INDIRECT.FILTER
-- stg.app_orders.is_test -> mart.orders_flagged.order_id INDIRECT.FILTER
-- stg.app_orders.is_test -> mart.orders_flagged.model_version INDIRECT.FILTER
-- stg.app_orders.is_test -> mart.orders_flagged.loaded_on INDIRECT.FILTER

-- title: literals over a filtered derived table, not over an aggregate without GROUP BY
-- dialect: postgres
-- schema: {"s": {"id": "int", "v": "int"}, "r": {"id": "int", "active": "boolean"}}
insert into mart.batch (batch_id, max_id, kind)
select r.id, m.max_id, 'full'
from (select id from r where active) r
cross join (select max(id) as max_id from s where v > 0) m
-- expect:
-- r.id -> mart.batch.batch_id DIRECT.IDENTITY
-- s.id -> mart.batch.max_id DIRECT.AGGREGATION [max]
-- s.v -> mart.batch.max_id INDIRECT.FILTER
-- r.active -> mart.batch.batch_id INDIRECT.FILTER
-- r.active -> mart.batch.max_id INDIRECT.FILTER
-- r.active -> mart.batch.kind INDIRECT.FILTER

-- title: a VALUES table in FROM with a scalar subquery in its rows: lineage by position
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "updated_at": "timestamp"}, "raw.customers": {"id": "int", "updated_at": "timestamp"}}
insert into mart.load_watermarks (source_name, high_watermark)
select v.source_name, v.high_watermark
from (values ('orders', (select max(updated_at) from raw.orders)),
             ('customers', (select max(updated_at) from raw.customers))) as v(source_name, high_watermark)
-- expect:
-- raw.orders.updated_at -> mart.load_watermarks.high_watermark DIRECT.AGGREGATION [max]
-- raw.customers.updated_at -> mart.load_watermarks.high_watermark DIRECT.AGGREGATION [max]

-- title: tsql unpivot with CROSS APPLY (VALUES ...) v(name, value): each column by position
-- dialect: tsql
-- schema: {"dbo.monthly_sales": {"store_id": "int", "jan": "money", "feb": "money", "mar": "money"}}
insert into dbo.sales_long (store_id, month_name, amount)
select s.store_id, v.month_name, v.amount
from dbo.monthly_sales as s
cross apply (values ('jan', s.jan), ('feb', s.feb), ('mar', s.mar)) as v(month_name, amount)
where v.amount is not null
-- expect:
-- dbo.monthly_sales.store_id -> dbo.sales_long.store_id DIRECT.IDENTITY
-- dbo.monthly_sales.jan -> dbo.sales_long.amount DIRECT.IDENTITY
-- dbo.monthly_sales.feb -> dbo.sales_long.amount DIRECT.IDENTITY
-- dbo.monthly_sales.mar -> dbo.sales_long.amount DIRECT.IDENTITY
-- dbo.monthly_sales.jan -> dbo.sales_long.store_id INDIRECT.FILTER
-- dbo.monthly_sales.feb -> dbo.sales_long.store_id INDIRECT.FILTER
-- dbo.monthly_sales.mar -> dbo.sales_long.store_id INDIRECT.FILTER
-- dbo.monthly_sales.jan -> dbo.sales_long.month_name INDIRECT.FILTER
-- dbo.monthly_sales.feb -> dbo.sales_long.month_name INDIRECT.FILTER
-- dbo.monthly_sales.mar -> dbo.sales_long.month_name INDIRECT.FILTER
-- dbo.monthly_sales.jan -> dbo.sales_long.amount INDIRECT.FILTER
-- dbo.monthly_sales.feb -> dbo.sales_long.amount INDIRECT.FILTER
-- dbo.monthly_sales.mar -> dbo.sales_long.amount INDIRECT.FILTER

-- title: databricks inline of an array of structs in the select list: a column per field
-- dialect: databricks
-- schema: {"bronze.orders": {"order_id": "bigint", "items": "array<struct<sku: string, qty: int, price: decimal(10,2)>>"}}
create or replace table silver.order_items as
select order_id, inline(items)
from bronze.orders
-- expect:
-- bronze.orders.order_id -> silver.order_items.order_id DIRECT.IDENTITY
-- bronze.orders.items -> silver.order_items.sku DIRECT.TRANSFORMATION [inline]
-- bronze.orders.items -> silver.order_items.qty DIRECT.TRANSFORMATION [inline]
-- bronze.orders.items -> silver.order_items.price DIRECT.TRANSFORMATION [inline]

-- title: spark lateral view inline with no column names, read through x.* and a star over it
-- dialect: spark
-- schema: {"bronze.orders": {"order_id": "bigint", "items": "array<struct<sku: string, qty: int>>"}}
insert overwrite table silver.order_lines
select * from (
  select o.order_id, x.*
  from bronze.orders o
  lateral view inline(o.items) x
) lines
-- expect:
-- bronze.orders.order_id -> silver.order_lines.order_id DIRECT.IDENTITY
-- bronze.orders.items -> silver.order_lines.sku DIRECT.TRANSFORMATION [inline]
-- bronze.orders.items -> silver.order_lines.qty DIRECT.TRANSFORMATION [inline]

-- title: spark posexplode of a map in the select list: pos, key and value
-- dialect: spark
-- schema: {"bronze.users": {"user_id": "bigint", "attributes": "map<string,string>"}}
create table silver.user_attributes as
select user_id, posexplode(attributes) from bronze.users
-- expect:
-- bronze.users.user_id -> silver.user_attributes.user_id DIRECT.IDENTITY
-- bronze.users.attributes -> silver.user_attributes.key DIRECT.TRANSFORMATION [posexplode]
-- bronze.users.attributes -> silver.user_attributes.value DIRECT.TRANSFORMATION [posexplode]

-- title: duckdb unnest of a struct column: a column per field, named by the field
-- dialect: duckdb
-- schema: {"raw.events": {"id": "int", "payload": "struct(user_id int, url varchar)"}}
create table stg.events as
select id, unnest(payload) from raw.events
-- expect:
-- raw.events.id -> stg.events.id DIRECT.IDENTITY
-- raw.events.payload -> stg.events.user_id DIRECT.TRANSFORMATION [explode]
-- raw.events.payload -> stg.events.url DIRECT.TRANSFORMATION [explode]

-- title: duckdb recursive unnest of a list of structs through a CTE
-- dialect: duckdb
-- schema: {"raw.orders": {"id": "int", "lines": "struct(sku varchar, qty int)[]"}}
create table stg.order_lines as
with o as (select id as order_id, lines from raw.orders)
select order_id, unnest(lines, recursive := true) from o
-- expect:
-- raw.orders.id -> stg.order_lines.order_id DIRECT.IDENTITY
-- raw.orders.lines -> stg.order_lines.sku DIRECT.TRANSFORMATION [explode]
-- raw.orders.lines -> stg.order_lines.qty DIRECT.TRANSFORMATION [explode]

-- title: spark inline of an array the catalog gives no type: an unresolved star, diagnosed
-- dialect: spark
-- schema: {"bronze.orders": {"order_id": "bigint", "items": ""}}
create table silver.order_items as
select order_id, inline(items) from bronze.orders
-- expect:
-- bronze.orders.order_id -> silver.order_items.order_id DIRECT.IDENTITY
-- bronze.orders.items -> silver.order_items.* DIRECT.TRANSFORMATION [inline] (unresolved)
-- expect-diagnostics: unresolved-star bronze.orders.items
