-- title: dbt snowflake incremental: temp table then merge with quoted upper-case names
-- dialect: snowflake
-- schema: {"raw.shop.orders": {"order_id": "number", "customer_id": "number", "amount_cents": "number", "updated_at": "timestamp"}, "analytics.dbt.fct_orders": {"order_id": "number", "customer_id": "number", "amount": "number", "updated_at": "timestamp"}}
create or replace temporary table analytics.dbt.fct_orders__dbt_tmp as (
  with src as (
    select * from raw.shop.orders
    where updated_at > (select max(updated_at) from analytics.dbt.fct_orders)
  )
  select order_id, customer_id, amount_cents / 100.0 as amount, updated_at from src
);
merge into analytics.dbt.fct_orders as DBT_INTERNAL_DEST
using analytics.dbt.fct_orders__dbt_tmp as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_SOURCE.order_id = DBT_INTERNAL_DEST.order_id)
when matched then update set "ORDER_ID" = DBT_INTERNAL_SOURCE."ORDER_ID", "CUSTOMER_ID" = DBT_INTERNAL_SOURCE."CUSTOMER_ID", "AMOUNT" = DBT_INTERNAL_SOURCE."AMOUNT", "UPDATED_AT" = DBT_INTERNAL_SOURCE."UPDATED_AT"
when not matched then insert ("ORDER_ID", "CUSTOMER_ID", "AMOUNT", "UPDATED_AT") values ("ORDER_ID", "CUSTOMER_ID", "AMOUNT", "UPDATED_AT");
-- expect:
-- raw.shop.orders.order_id -> analytics.dbt.fct_orders.order_id DIRECT.IDENTITY
-- raw.shop.orders.customer_id -> analytics.dbt.fct_orders.customer_id DIRECT.IDENTITY
-- raw.shop.orders.amount_cents -> analytics.dbt.fct_orders.amount DIRECT.TRANSFORMATION
-- raw.shop.orders.updated_at -> analytics.dbt.fct_orders.updated_at DIRECT.IDENTITY
-- raw.shop.orders.updated_at -> analytics.dbt.fct_orders.order_id INDIRECT.FILTER
-- raw.shop.orders.updated_at -> analytics.dbt.fct_orders.customer_id INDIRECT.FILTER
-- raw.shop.orders.updated_at -> analytics.dbt.fct_orders.amount INDIRECT.FILTER
-- raw.shop.orders.updated_at -> analytics.dbt.fct_orders.updated_at INDIRECT.FILTER
-- analytics.dbt.fct_orders.updated_at -> analytics.dbt.fct_orders.order_id INDIRECT.FILTER
-- analytics.dbt.fct_orders.updated_at -> analytics.dbt.fct_orders.customer_id INDIRECT.FILTER
-- analytics.dbt.fct_orders.updated_at -> analytics.dbt.fct_orders.amount INDIRECT.FILTER
-- analytics.dbt.fct_orders.updated_at -> analytics.dbt.fct_orders.updated_at INDIRECT.FILTER
-- raw.shop.orders.order_id -> analytics.dbt.fct_orders.order_id INDIRECT.JOIN
-- raw.shop.orders.order_id -> analytics.dbt.fct_orders.customer_id INDIRECT.JOIN
-- raw.shop.orders.order_id -> analytics.dbt.fct_orders.amount INDIRECT.JOIN
-- raw.shop.orders.order_id -> analytics.dbt.fct_orders.updated_at INDIRECT.JOIN
-- analytics.dbt.fct_orders.order_id -> analytics.dbt.fct_orders.order_id INDIRECT.JOIN
-- analytics.dbt.fct_orders.order_id -> analytics.dbt.fct_orders.customer_id INDIRECT.JOIN
-- analytics.dbt.fct_orders.order_id -> analytics.dbt.fct_orders.amount INDIRECT.JOIN
-- analytics.dbt.fct_orders.order_id -> analytics.dbt.fct_orders.updated_at INDIRECT.JOIN

-- title: dbt bigquery insert_overwrite: persistent tmp table, script variable, merge on false
-- dialect: bigquery
-- schema: {"proj.raw.sessions": {"session_id": "string", "user_id": "string", "started_at": "timestamp", "ended_at": "timestamp"}, "proj.analytics.fct_sessions": {"session_id": "string", "user_id": "string", "session_date": "date", "duration_s": "int64"}}
declare dbt_partitions_for_replacement array<date>;
create or replace table `proj`.`analytics`.`fct_sessions__dbt_tmp`
partition by session_date
options(expiration_timestamp=TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 12 hour))
as (
  select session_id, user_id, date(started_at) as session_date,
         timestamp_diff(ended_at, started_at, second) as duration_s
  from `proj`.`raw`.`sessions`
  where started_at >= timestamp_sub(current_timestamp(), interval 3 day)
);
set (dbt_partitions_for_replacement) = (
  select as struct array_agg(distinct session_date) from `proj`.`analytics`.`fct_sessions__dbt_tmp`
);
merge into `proj`.`analytics`.`fct_sessions` as DBT_INTERNAL_DEST
using (select * from `proj`.`analytics`.`fct_sessions__dbt_tmp`) as DBT_INTERNAL_SOURCE
on FALSE
when not matched by source and DBT_INTERNAL_DEST.session_date in unnest(dbt_partitions_for_replacement) then delete
when not matched then insert (`session_id`, `user_id`, `session_date`, `duration_s`) values (`session_id`, `user_id`, `session_date`, `duration_s`);
drop table if exists `proj`.`analytics`.`fct_sessions__dbt_tmp`;
-- expect:
-- proj.raw.sessions.ended_at -> proj.analytics.fct_sessions.duration_s DIRECT.TRANSFORMATION [timestampdiff]
-- proj.raw.sessions.started_at -> proj.analytics.fct_sessions.duration_s DIRECT.TRANSFORMATION [timestampdiff]
-- proj.raw.sessions.started_at -> proj.analytics.fct_sessions.duration_s INDIRECT.FILTER
-- proj.raw.sessions.started_at -> proj.analytics.fct_sessions.session_date DIRECT.TRANSFORMATION [date]
-- proj.raw.sessions.started_at -> proj.analytics.fct_sessions.session_date INDIRECT.FILTER
-- proj.raw.sessions.session_id -> proj.analytics.fct_sessions.session_id DIRECT.IDENTITY
-- proj.raw.sessions.started_at -> proj.analytics.fct_sessions.session_id INDIRECT.FILTER
-- proj.raw.sessions.started_at -> proj.analytics.fct_sessions.user_id INDIRECT.FILTER
-- proj.raw.sessions.user_id -> proj.analytics.fct_sessions.user_id DIRECT.IDENTITY

-- title: dbt databricks incremental merge with a source view and qualify dedup
-- dialect: databricks
-- schema: {"raw.events": {"event_id": "string", "user_id": "string", "event_ts": "timestamp", "payload": "string"}, "main.silver.events": {"event_id": "string", "user_id": "string", "event_ts": "timestamp", "payload": "string"}}
create or replace temporary view `events__dbt_tmp` as
select event_id, user_id, event_ts, payload
from raw.events
where event_ts > (select max(event_ts) from main.silver.events)
qualify row_number() over (partition by event_id order by event_ts desc) = 1;
merge into main.silver.events as DBT_INTERNAL_DEST
using `events__dbt_tmp` as DBT_INTERNAL_SOURCE
on DBT_INTERNAL_SOURCE.event_id = DBT_INTERNAL_DEST.event_id
when matched then update set *
when not matched then insert *;
-- expect:
-- raw.events.event_id -> main.silver.events.event_id DIRECT.IDENTITY
-- raw.events.user_id -> main.silver.events.user_id DIRECT.IDENTITY
-- raw.events.event_ts -> main.silver.events.event_ts DIRECT.IDENTITY
-- raw.events.payload -> main.silver.events.payload DIRECT.IDENTITY
-- raw.events.event_ts -> main.silver.events.event_id INDIRECT.FILTER
-- raw.events.event_ts -> main.silver.events.user_id INDIRECT.FILTER
-- raw.events.event_ts -> main.silver.events.event_ts INDIRECT.FILTER
-- raw.events.event_ts -> main.silver.events.payload INDIRECT.FILTER
-- main.silver.events.event_ts -> main.silver.events.event_id INDIRECT.FILTER
-- main.silver.events.event_ts -> main.silver.events.user_id INDIRECT.FILTER
-- main.silver.events.event_ts -> main.silver.events.event_ts INDIRECT.FILTER
-- main.silver.events.event_ts -> main.silver.events.payload INDIRECT.FILTER
-- raw.events.event_id -> main.silver.events.event_id INDIRECT.FILTER
-- raw.events.event_id -> main.silver.events.user_id INDIRECT.FILTER
-- raw.events.event_id -> main.silver.events.event_ts INDIRECT.FILTER
-- raw.events.event_id -> main.silver.events.payload INDIRECT.FILTER
-- raw.events.event_id -> main.silver.events.event_id INDIRECT.JOIN
-- raw.events.event_id -> main.silver.events.user_id INDIRECT.JOIN
-- raw.events.event_id -> main.silver.events.event_ts INDIRECT.JOIN
-- raw.events.event_id -> main.silver.events.payload INDIRECT.JOIN
-- main.silver.events.event_id -> main.silver.events.event_id INDIRECT.JOIN
-- main.silver.events.event_id -> main.silver.events.user_id INDIRECT.JOIN
-- main.silver.events.event_id -> main.silver.events.event_ts INDIRECT.JOIN
-- main.silver.events.event_id -> main.silver.events.payload INDIRECT.JOIN

-- title: dbt redshift delete+insert incremental
-- dialect: redshift
-- schema: {"raw.pageviews": {"id": "bigint", "user_id": "bigint", "url": "varchar", "viewed_at": "timestamp"}, "analytics.pageviews": {"id": "bigint", "user_id": "bigint", "url_path": "varchar", "viewed_at": "timestamp"}}
create temporary table "pageviews__dbt_tmp" as (
  select id, user_id, split_part(url, '?', 1) as url_path, viewed_at
  from raw.pageviews
  where viewed_at > dateadd(day, -3, getdate())
);
delete from analytics.pageviews where (id) in (select (id) from "pageviews__dbt_tmp");
insert into analytics.pageviews ("id", "user_id", "url_path", "viewed_at")
(select "id", "user_id", "url_path", "viewed_at" from "pageviews__dbt_tmp");
-- expect:
-- raw.pageviews.id -> analytics.pageviews.id DIRECT.IDENTITY
-- raw.pageviews.user_id -> analytics.pageviews.user_id DIRECT.IDENTITY
-- raw.pageviews.url -> analytics.pageviews.url_path DIRECT.TRANSFORMATION [split_part]
-- raw.pageviews.viewed_at -> analytics.pageviews.viewed_at DIRECT.IDENTITY
-- raw.pageviews.viewed_at -> analytics.pageviews.id INDIRECT.FILTER
-- raw.pageviews.viewed_at -> analytics.pageviews.user_id INDIRECT.FILTER
-- raw.pageviews.viewed_at -> analytics.pageviews.url_path INDIRECT.FILTER
-- raw.pageviews.viewed_at -> analytics.pageviews.viewed_at INDIRECT.FILTER

-- title: dbt duckdb external parquet source with a date spine
-- dialect: duckdb
-- schema: {"raw.orders": {"order_id": "int", "ordered_at": "timestamp", "amount": "double"}}
create table main.daily_revenue as
with spine as (
  select unnest(generate_series(date '2024-01-01', current_date, interval 1 day))::date as day
),
daily as (
  select date_trunc('day', ordered_at)::date as day, sum(amount) as revenue
  from raw.orders group by 1
)
select spine.day, coalesce(daily.revenue, 0) as revenue
from spine left join daily on spine.day = daily.day
order by spine.day;
-- expect:
-- raw.orders.amount -> main.daily_revenue.revenue DIRECT.AGGREGATION [sum, coalesce]
-- raw.orders.ordered_at -> main.daily_revenue.revenue INDIRECT.GROUP_BY
-- raw.orders.ordered_at -> main.daily_revenue.day INDIRECT.GROUP_BY
-- raw.orders.ordered_at -> main.daily_revenue.revenue INDIRECT.JOIN
-- raw.orders.ordered_at -> main.daily_revenue.day INDIRECT.JOIN

-- title: dbt postgres view with generate_surrogate_key and string_agg ordered
-- dialect: postgres
-- schema: {"raw.order_items": {"order_id": "int", "sku": "text", "qty": "int", "line_no": "int"}}
create view analytics.order_skus as
select md5(cast(coalesce(cast(order_id as text), '_dbt_utils_surrogate_key_null_') as text)) as order_key,
       order_id,
       string_agg(sku, ',' order by line_no) as skus,
       sum(qty) filter (where qty > 0) as positive_qty
from raw.order_items
group by order_id;
-- expect:
-- raw.order_items.order_id -> analytics.order_skus.order_key DIRECT.TRANSFORMATION [cast, coalesce, cast, md5]
-- raw.order_items.order_id -> analytics.order_skus.order_id DIRECT.IDENTITY
-- raw.order_items.sku -> analytics.order_skus.skus DIRECT.AGGREGATION [group_concat]
-- raw.order_items.line_no -> analytics.order_skus.skus INDIRECT.SORT
-- raw.order_items.qty -> analytics.order_skus.positive_qty DIRECT.AGGREGATION [sum]
-- raw.order_items.qty -> analytics.order_skus.positive_qty INDIRECT.CONDITIONAL
-- raw.order_items.order_id -> analytics.order_skus.order_key INDIRECT.GROUP_BY
-- raw.order_items.order_id -> analytics.order_skus.order_id INDIRECT.GROUP_BY
-- raw.order_items.order_id -> analytics.order_skus.skus INDIRECT.GROUP_BY
-- raw.order_items.order_id -> analytics.order_skus.positive_qty INDIRECT.GROUP_BY

-- title: dbt snowflake model with lateral flatten of a variant array and object fields
-- dialect: snowflake
-- schema: {"raw.api.orders": {"id": "number", "payload": "variant", "loaded_at": "timestamp_ntz"}}
create or replace transient table analytics.stg.order_lines as
select
  o.id as order_id,
  o.payload:customer.id::number as customer_id,
  li.value:sku::string as sku,
  li.value:quantity::int as quantity,
  li.index as line_number
from raw.api.orders o,
lateral flatten(input => o.payload:line_items) li
where o.loaded_at >= dateadd(day, -7, current_timestamp());
-- expect:
-- raw.api.orders.id -> analytics.stg.order_lines.order_id DIRECT.IDENTITY
-- raw.api.orders.payload -> analytics.stg.order_lines.customer_id DIRECT.TRANSFORMATION [json_extract, cast]
-- raw.api.orders.payload -> analytics.stg.order_lines.sku DIRECT.TRANSFORMATION [json_extract, explode, json_extract, cast]
-- raw.api.orders.payload -> analytics.stg.order_lines.quantity DIRECT.TRANSFORMATION [json_extract, explode, json_extract, cast]
-- raw.api.orders.loaded_at -> analytics.stg.order_lines.order_id INDIRECT.FILTER
-- raw.api.orders.loaded_at -> analytics.stg.order_lines.customer_id INDIRECT.FILTER
-- raw.api.orders.loaded_at -> analytics.stg.order_lines.sku INDIRECT.FILTER
-- raw.api.orders.loaded_at -> analytics.stg.order_lines.quantity INDIRECT.FILTER
-- raw.api.orders.loaded_at -> analytics.stg.order_lines.line_number INDIRECT.FILTER

-- title: dbt bigquery view with safe_cast and ga4 event params unnest, typed catalog
-- dialect: bigquery
-- schema: {"proj.ga4.events_20240101": {"event_name": "string", "user_pseudo_id": "string", "event_timestamp": "int64", "event_params": "array<struct<key string, value struct<string_value string, int_value int64>>>"}}
create or replace view `proj`.`stg`.`page_views` as
select
  user_pseudo_id,
  timestamp_micros(event_timestamp) as event_at,
  (select value.string_value from unnest(event_params) where key = 'page_location') as page_location,
  safe_cast((select value.int_value from unnest(event_params) where key = 'ga_session_id') as string) as session_id
from `proj.ga4.events_20240101`
where event_name = 'page_view';
-- expect:
-- proj.ga4.events_20240101.user_pseudo_id -> proj.stg.page_views.user_pseudo_id DIRECT.IDENTITY
-- proj.ga4.events_20240101.event_timestamp -> proj.stg.page_views.event_at DIRECT.TRANSFORMATION [unix_to_time]
-- proj.ga4.events_20240101.event_params -> proj.stg.page_views.page_location DIRECT.TRANSFORMATION [unnest]
-- proj.ga4.events_20240101.event_params -> proj.stg.page_views.page_location INDIRECT.FILTER
-- proj.ga4.events_20240101.event_params -> proj.stg.page_views.session_id DIRECT.TRANSFORMATION [unnest, try_cast]
-- proj.ga4.events_20240101.event_params -> proj.stg.page_views.session_id INDIRECT.FILTER
-- proj.ga4.events_20240101.event_name -> proj.stg.page_views.user_pseudo_id INDIRECT.FILTER
-- proj.ga4.events_20240101.event_name -> proj.stg.page_views.event_at INDIRECT.FILTER
-- proj.ga4.events_20240101.event_name -> proj.stg.page_views.page_location INDIRECT.FILTER
-- proj.ga4.events_20240101.event_name -> proj.stg.page_views.session_id INDIRECT.FILTER

-- title: oracle rownum top-n over an ordered subquery
-- dialect: oracle
-- schema: {"sales.orders": {"order_id": "number", "customer_id": "number", "order_total": "number"}}
INSERT INTO rpt.top_orders (order_id, customer_id, order_total)
SELECT order_id, customer_id, order_total FROM (
  SELECT order_id, customer_id, order_total FROM sales.orders ORDER BY order_total DESC
) WHERE ROWNUM <= 10
-- expect:
-- sales.orders.order_id -> rpt.top_orders.order_id DIRECT.IDENTITY
-- sales.orders.customer_id -> rpt.top_orders.customer_id DIRECT.IDENTITY
-- sales.orders.order_total -> rpt.top_orders.order_total DIRECT.IDENTITY
-- sales.orders.order_total -> rpt.top_orders.order_id INDIRECT.SORT
-- sales.orders.order_total -> rpt.top_orders.customer_id INDIRECT.SORT
-- sales.orders.order_total -> rpt.top_orders.order_total INDIRECT.SORT

-- title: oracle insert all into several tables from one select
-- dialect: oracle
-- schema: {"stg.sales": {"sale_id": "number", "amount": "number", "region": "varchar2"}}
INSERT ALL
  WHEN region = 'EU' THEN INTO dw.sales_eu (sale_id, amount) VALUES (sale_id, amount)
  WHEN region = 'US' THEN INTO dw.sales_us (sale_id, amount) VALUES (sale_id, amount)
SELECT sale_id, amount, region FROM stg.sales
-- expect:
-- stg.sales.sale_id -> dw.sales_eu.sale_id DIRECT.IDENTITY
-- stg.sales.amount -> dw.sales_eu.amount DIRECT.IDENTITY
-- stg.sales.region -> dw.sales_eu.sale_id INDIRECT.FILTER
-- stg.sales.region -> dw.sales_eu.amount INDIRECT.FILTER
-- stg.sales.sale_id -> dw.sales_us.sale_id DIRECT.IDENTITY
-- stg.sales.amount -> dw.sales_us.amount DIRECT.IDENTITY
-- stg.sales.region -> dw.sales_us.sale_id INDIRECT.FILTER
-- stg.sales.region -> dw.sales_us.amount INDIRECT.FILTER

-- title: oracle update with a correlated subquery set of two columns
-- dialect: oracle
-- schema: {"dw.customers": {"cust_id": "number", "last_order": "date", "order_cnt": "number"}, "sales.orders": {"cust_id": "number", "order_date": "date"}}
UPDATE dw.customers c
SET (last_order, order_cnt) = (SELECT MAX(o.order_date), COUNT(*) FROM sales.orders o WHERE o.cust_id = c.cust_id)
WHERE EXISTS (SELECT 1 FROM sales.orders o WHERE o.cust_id = c.cust_id)
-- expect:
-- sales.orders.order_date -> dw.customers.last_order DIRECT.AGGREGATION [max]
-- sales.orders.cust_id -> dw.customers.last_order INDIRECT.FILTER
-- sales.orders.cust_id -> dw.customers.order_cnt INDIRECT.FILTER
-- dw.customers.cust_id -> dw.customers.last_order INDIRECT.FILTER
-- dw.customers.cust_id -> dw.customers.order_cnt INDIRECT.FILTER

-- title: oracle pivot with in list aliases
-- dialect: oracle
-- schema: {"sales.q": {"product": "varchar2", "quarter": "varchar2", "amount": "number"}}
CREATE TABLE rpt.q_pivot AS
SELECT * FROM (SELECT product, quarter, amount FROM sales.q)
PIVOT (SUM(amount) FOR quarter IN ('Q1' AS q1, 'Q2' AS q2))
-- expect:
-- sales.q.product -> rpt.q_pivot.product DIRECT.IDENTITY
-- sales.q.amount -> rpt.q_pivot.q1 DIRECT.AGGREGATION [sum]
-- sales.q.amount -> rpt.q_pivot.q2 DIRECT.AGGREGATION [sum]
-- sales.q.quarter -> rpt.q_pivot.q1 INDIRECT.CONDITIONAL
-- sales.q.quarter -> rpt.q_pivot.q2 INDIRECT.CONDITIONAL
-- sales.q.product -> rpt.q_pivot.product INDIRECT.GROUP_BY
-- sales.q.product -> rpt.q_pivot.q1 INDIRECT.GROUP_BY
-- sales.q.product -> rpt.q_pivot.q2 INDIRECT.GROUP_BY

-- title: hive insert overwrite partition with static and dynamic keys
-- dialect: hive
-- schema: {"raw.logs": {"ip": "string", "url": "string", "status": "int", "dt": "string", "hr": "string"}}
set hive.exec.dynamic.partition.mode=nonstrict;
insert overwrite table dw.access_log partition (dt = '2024-01-01', hr)
select ip, parse_url(url, 'HOST') as host, status, hr from raw.logs where dt = '2024-01-01'
-- expect:
-- raw.logs.ip -> dw.access_log.ip DIRECT.IDENTITY
-- raw.logs.url -> dw.access_log.host DIRECT.TRANSFORMATION [parse_url]
-- raw.logs.status -> dw.access_log.status DIRECT.IDENTITY
-- raw.logs.hr -> dw.access_log.hr DIRECT.IDENTITY
-- raw.logs.dt -> dw.access_log.ip INDIRECT.FILTER
-- raw.logs.dt -> dw.access_log.host INDIRECT.FILTER
-- raw.logs.dt -> dw.access_log.status INDIRECT.FILTER
-- raw.logs.dt -> dw.access_log.hr INDIRECT.FILTER

-- title: spark lateral view inline of an array of structs
-- dialect: spark
-- schema: {"raw.orders": {"id": "bigint", "items": "array<struct<sku:string,qty:int>>"}}
insert into dw.items
select o.id, it.sku, it.qty from raw.orders o lateral view inline(o.items) it as sku, qty
-- expect:
-- raw.orders.id -> dw.items.id DIRECT.IDENTITY
-- raw.orders.items -> dw.items.sku DIRECT.TRANSFORMATION [inline]
-- raw.orders.items -> dw.items.qty DIRECT.TRANSFORMATION [inline]

-- title: spark sql merge into delta with a cte source and a not matched by source delete
-- dialect: databricks
-- schema: {"raw.customers_cdc": {"id": "bigint", "name": "string", "op": "string", "seq": "bigint"}, "dw.customers": {"id": "bigint", "name": "string"}}
with latest as (
  select * from (select *, row_number() over (partition by id order by seq desc) rn from raw.customers_cdc) where rn = 1
)
merge into dw.customers t using latest s on t.id = s.id
when matched and s.op = 'D' then delete
when matched then update set t.name = s.name
when not matched and s.op != 'D' then insert (id, name) values (s.id, s.name)
-- expect:
-- raw.customers_cdc.name -> dw.customers.name DIRECT.IDENTITY
-- raw.customers_cdc.id -> dw.customers.id DIRECT.IDENTITY
-- raw.customers_cdc.op -> dw.customers.name INDIRECT.FILTER
-- raw.customers_cdc.op -> dw.customers.id INDIRECT.FILTER
-- raw.customers_cdc.id -> dw.customers.name INDIRECT.FILTER
-- raw.customers_cdc.id -> dw.customers.id INDIRECT.FILTER
-- raw.customers_cdc.seq -> dw.customers.name INDIRECT.FILTER
-- raw.customers_cdc.seq -> dw.customers.id INDIRECT.FILTER
-- raw.customers_cdc.id -> dw.customers.name INDIRECT.JOIN
-- raw.customers_cdc.id -> dw.customers.id INDIRECT.JOIN
-- dw.customers.id -> dw.customers.name INDIRECT.JOIN
-- dw.customers.id -> dw.customers.id INDIRECT.JOIN

-- title: spark pivot with two aggregates
-- dialect: spark
-- schema: {"raw.sales": {"year": "int", "quarter": "string", "amount": "double", "units": "int"}}
create table dw.sales_pivot as
select * from raw.sales pivot (sum(amount) as amt, sum(units) as u for quarter in ('Q1' as q1, 'Q2' as q2))
-- expect:
-- raw.sales.amount -> dw.sales_pivot.q1_amt DIRECT.AGGREGATION [sum]
-- raw.sales.amount -> dw.sales_pivot.q2_amt DIRECT.AGGREGATION [sum]
-- raw.sales.units -> dw.sales_pivot.q1_u DIRECT.AGGREGATION [sum]
-- raw.sales.units -> dw.sales_pivot.q2_u DIRECT.AGGREGATION [sum]
-- raw.sales.year -> dw.sales_pivot.year DIRECT.IDENTITY
-- raw.sales.quarter -> dw.sales_pivot.q1_amt INDIRECT.CONDITIONAL
-- raw.sales.quarter -> dw.sales_pivot.q2_amt INDIRECT.CONDITIONAL
-- raw.sales.quarter -> dw.sales_pivot.q1_u INDIRECT.CONDITIONAL
-- raw.sales.quarter -> dw.sales_pivot.q2_u INDIRECT.CONDITIONAL
-- raw.sales.year -> dw.sales_pivot.year INDIRECT.GROUP_BY
-- raw.sales.year -> dw.sales_pivot.q1_amt INDIRECT.GROUP_BY
-- raw.sales.year -> dw.sales_pivot.q2_amt INDIRECT.GROUP_BY
-- raw.sales.year -> dw.sales_pivot.q1_u INDIRECT.GROUP_BY
-- raw.sales.year -> dw.sales_pivot.q2_u INDIRECT.GROUP_BY

-- title: databricks time travel version as of and timestamp as of
-- dialect: databricks
-- schema: {"dw.orders": {"id": "bigint", "amount": "double"}}
create table dw.orders_diff as
select cur.id, cur.amount - prev.amount as delta
from dw.orders cur join dw.orders version as of 42 prev on cur.id = prev.id
-- expect:
-- dw.orders.id -> dw.orders_diff.id DIRECT.IDENTITY
-- dw.orders.amount -> dw.orders_diff.delta DIRECT.TRANSFORMATION
-- dw.orders.id -> dw.orders_diff.id INDIRECT.JOIN
-- dw.orders.id -> dw.orders_diff.delta INDIRECT.JOIN

-- title: clickhouse argMax deduplication over a FINAL table
-- dialect: clickhouse
-- schema: {"raw.users": {"id": "UInt64", "email": "String", "version": "UInt64", "updated": "DateTime"}}
create table dw.users_latest engine = MergeTree order by id as
select id, argMax(email, version) as email, max(updated) as updated
from raw.users final
group by id
-- expect:
-- raw.users.id -> dw.users_latest.id DIRECT.IDENTITY
-- raw.users.email -> dw.users_latest.email DIRECT.AGGREGATION [arg_max]
-- raw.users.version -> dw.users_latest.email INDIRECT.SORT
-- raw.users.updated -> dw.users_latest.updated DIRECT.AGGREGATION [max]
-- raw.users.id -> dw.users_latest.id INDIRECT.GROUP_BY
-- raw.users.id -> dw.users_latest.email INDIRECT.GROUP_BY
-- raw.users.id -> dw.users_latest.updated INDIRECT.GROUP_BY

-- title: trino cross join unnest with ordinality of two arrays
-- dialect: trino
-- schema: {"hive.raw.orders": {"id": "bigint", "skus": "array(varchar)", "qtys": "array(integer)"}}
create table hive.dw.order_lines as
select o.id, t.sku, t.qty, t.n
from hive.raw.orders o
cross join unnest(o.skus, o.qtys) with ordinality as t (sku, qty, n)
-- expect:
-- hive.raw.orders.id -> hive.dw.order_lines.id DIRECT.IDENTITY
-- hive.raw.orders.skus -> hive.dw.order_lines.sku DIRECT.TRANSFORMATION [unnest]
-- hive.raw.orders.qtys -> hive.dw.order_lines.qty DIRECT.TRANSFORMATION [unnest]

-- title: athena ctas with properties and json_extract_scalar
-- dialect: athena
-- schema: {"raw.cloudtrail": {"eventname": "string", "useridentity": "string", "eventtime": "string", "requestparameters": "string"}}
create table dw.s3_deletes
with (format = 'PARQUET', external_location = 's3://bucket/dw/s3_deletes/', partitioned_by = array['day'])
as select json_extract_scalar(requestparameters, '$.bucketName') as bucket,
  json_extract_scalar(useridentity, '$.arn') as actor,
  substr(eventtime, 1, 10) as day
from raw.cloudtrail where eventname = 'DeleteObject'
-- expect:
-- raw.cloudtrail.requestparameters -> dw.s3_deletes.bucket DIRECT.TRANSFORMATION [json_extract_scalar]
-- raw.cloudtrail.useridentity -> dw.s3_deletes.actor DIRECT.TRANSFORMATION [json_extract_scalar]
-- raw.cloudtrail.eventtime -> dw.s3_deletes.day DIRECT.TRANSFORMATION [substring]
-- raw.cloudtrail.eventname -> dw.s3_deletes.bucket INDIRECT.FILTER
-- raw.cloudtrail.eventname -> dw.s3_deletes.actor INDIRECT.FILTER
-- raw.cloudtrail.eventname -> dw.s3_deletes.day INDIRECT.FILTER

-- title: trino insert with approx_distinct, date_trunc and group by grouping sets
-- dialect: trino
-- schema: {"raw.events": {"ts": "timestamp", "country": "varchar", "device": "varchar", "user_id": "bigint"}}
insert into dw.dau (day, country, device, users)
select date_trunc('day', ts), country, device, approx_distinct(user_id)
from raw.events
group by grouping sets ((date_trunc('day', ts), country), (date_trunc('day', ts), device))
-- expect:
-- raw.events.ts -> dw.dau.day DIRECT.TRANSFORMATION [timestamp_trunc]
-- raw.events.country -> dw.dau.country DIRECT.IDENTITY
-- raw.events.device -> dw.dau.device DIRECT.IDENTITY
-- raw.events.user_id -> dw.dau.users DIRECT.AGGREGATION [approx_distinct]
-- raw.events.ts -> dw.dau.day INDIRECT.GROUP_BY
-- raw.events.ts -> dw.dau.country INDIRECT.GROUP_BY
-- raw.events.ts -> dw.dau.device INDIRECT.GROUP_BY
-- raw.events.ts -> dw.dau.users INDIRECT.GROUP_BY
-- raw.events.country -> dw.dau.day INDIRECT.GROUP_BY
-- raw.events.country -> dw.dau.country INDIRECT.GROUP_BY
-- raw.events.country -> dw.dau.device INDIRECT.GROUP_BY
-- raw.events.country -> dw.dau.users INDIRECT.GROUP_BY
-- raw.events.device -> dw.dau.day INDIRECT.GROUP_BY
-- raw.events.device -> dw.dau.country INDIRECT.GROUP_BY
-- raw.events.device -> dw.dau.device INDIRECT.GROUP_BY
-- raw.events.device -> dw.dau.users INDIRECT.GROUP_BY

-- title: trino merge into iceberg
-- dialect: trino
-- schema: {"iceberg.stg.inv": {"sku": "varchar", "qty": "integer"}, "iceberg.dw.inv": {"sku": "varchar", "qty": "integer"}}
merge into iceberg.dw.inv t using iceberg.stg.inv s on t.sku = s.sku
when matched and s.qty = 0 then delete
when matched then update set qty = t.qty + s.qty
when not matched then insert (sku, qty) values (s.sku, s.qty)
-- expect:
-- iceberg.dw.inv.qty -> iceberg.dw.inv.qty DIRECT.TRANSFORMATION
-- iceberg.stg.inv.qty -> iceberg.dw.inv.qty DIRECT.TRANSFORMATION
-- iceberg.stg.inv.qty -> iceberg.dw.inv.qty DIRECT.IDENTITY
-- iceberg.stg.inv.sku -> iceberg.dw.inv.sku DIRECT.IDENTITY
-- iceberg.stg.inv.qty -> iceberg.dw.inv.qty INDIRECT.FILTER
-- iceberg.stg.inv.sku -> iceberg.dw.inv.sku INDIRECT.JOIN
-- iceberg.stg.inv.sku -> iceberg.dw.inv.qty INDIRECT.JOIN
-- iceberg.dw.inv.sku -> iceberg.dw.inv.sku INDIRECT.JOIN
-- iceberg.dw.inv.sku -> iceberg.dw.inv.qty INDIRECT.JOIN

-- title: presto map_agg and transform_values with a lambda
-- dialect: presto
-- schema: {"raw.kv": {"entity": "varchar", "k": "varchar", "v": "double"}}
create table dw.entity_maps as
select entity, transform_values(map_agg(k, v), (key, value) -> value * 2) as doubled
from raw.kv group by entity
-- expect:
-- raw.kv.entity -> dw.entity_maps.entity DIRECT.IDENTITY
-- raw.kv.k -> dw.entity_maps.doubled DIRECT.AGGREGATION [map_agg, transform_values]
-- raw.kv.v -> dw.entity_maps.doubled DIRECT.AGGREGATION [map_agg, transform_values]
-- raw.kv.entity -> dw.entity_maps.entity INDIRECT.GROUP_BY
-- raw.kv.entity -> dw.entity_maps.doubled INDIRECT.GROUP_BY

-- title: redshift create table with distkey sortkey as select and listagg
-- dialect: redshift
-- schema: {"raw.events": {"user_id": "bigint", "event": "varchar", "ts": "timestamp"}}
create table dw.user_events distkey(user_id) sortkey(user_id) as
select user_id, listagg(event, ',') within group (order by ts) as events, count(*) as n
from raw.events group by user_id
-- expect:
-- raw.events.user_id -> dw.user_events.user_id DIRECT.IDENTITY
-- raw.events.event -> dw.user_events.events DIRECT.AGGREGATION [group_concat]
-- raw.events.ts -> dw.user_events.events INDIRECT.SORT
-- raw.events.user_id -> dw.user_events.user_id INDIRECT.GROUP_BY
-- raw.events.user_id -> dw.user_events.events INDIRECT.GROUP_BY
-- raw.events.user_id -> dw.user_events.n INDIRECT.GROUP_BY

-- title: redshift insert with nvl2, decode and a left join to a late-binding view
-- dialect: redshift
-- schema: {"raw.users": {"id": "bigint", "plan": "varchar", "referrer": "varchar"}, "raw.plans": {"code": "varchar", "price": "numeric"}}
insert into dw.user_plans
select u.id, decode(u.plan, 'p', 'pro', 'f', 'free', 'other') as plan_name,
  nvl2(u.referrer, 'referred', 'organic') as channel, p.price
from raw.users u left join raw.plans p on p.code = u.plan
-- expect:
-- raw.users.id -> dw.user_plans.id DIRECT.IDENTITY
-- raw.users.plan -> dw.user_plans.plan_name INDIRECT.CONDITIONAL
-- raw.users.referrer -> dw.user_plans.channel INDIRECT.CONDITIONAL
-- raw.plans.price -> dw.user_plans.price DIRECT.IDENTITY
-- raw.plans.code -> dw.user_plans.id INDIRECT.JOIN
-- raw.plans.code -> dw.user_plans.plan_name INDIRECT.JOIN
-- raw.plans.code -> dw.user_plans.channel INDIRECT.JOIN
-- raw.plans.code -> dw.user_plans.price INDIRECT.JOIN
-- raw.users.plan -> dw.user_plans.id INDIRECT.JOIN
-- raw.users.plan -> dw.user_plans.plan_name INDIRECT.JOIN
-- raw.users.plan -> dw.user_plans.channel INDIRECT.JOIN
-- raw.users.plan -> dw.user_plans.price INDIRECT.JOIN

-- title: mysql create table select with a json_table
-- dialect: mysql
-- schema: {"shop.carts": {"id": "int", "items": "json"}}
create table shop.cart_items as
select c.id, jt.sku, jt.qty
from shop.carts c, json_table(c.items, '$[*]' columns (sku varchar(20) path '$.sku', qty int path '$.qty')) as jt
-- expect:
-- shop.carts.id -> shop.cart_items.id DIRECT.IDENTITY
-- shop.carts.items -> shop.cart_items.sku DIRECT.TRANSFORMATION [json_table]
-- shop.carts.items -> shop.cart_items.qty DIRECT.TRANSFORMATION [json_table]

-- title: teradata qualify with sample and a volatile table
-- dialect: teradata
-- schema: {"dw.customers": {"cust_id": "integer", "region": "varchar", "score": "decimal"}}
create volatile table top_cust as (
  select cust_id, region, score from dw.customers
  qualify rank() over (partition by region order by score desc) <= 10
) with data on commit preserve rows;
insert into rpt.top_customers select cust_id, region from top_cust sample 100
-- expect:
-- dw.customers.cust_id -> rpt.top_customers.cust_id DIRECT.IDENTITY
-- dw.customers.region -> rpt.top_customers.region DIRECT.IDENTITY
-- dw.customers.region -> rpt.top_customers.cust_id INDIRECT.FILTER
-- dw.customers.region -> rpt.top_customers.region INDIRECT.FILTER
-- dw.customers.score -> rpt.top_customers.cust_id INDIRECT.FILTER
-- dw.customers.score -> rpt.top_customers.region INDIRECT.FILTER

-- title: snowflake object_construct and array_agg of objects
-- dialect: snowflake
-- schema: {"raw.orders": {"order_id": "number", "customer_id": "number", "sku": "varchar", "qty": "number"}}
create or replace table mart.customer_orders as
select customer_id,
  array_agg(object_construct('order_id', order_id, 'sku', sku, 'qty', qty)) within group (order by order_id) as orders
from raw.orders group by customer_id
-- expect:
-- raw.orders.customer_id -> mart.customer_orders.customer_id DIRECT.IDENTITY
-- raw.orders.order_id -> mart.customer_orders.orders DIRECT.AGGREGATION [struct, array_agg]
-- raw.orders.sku -> mart.customer_orders.orders DIRECT.AGGREGATION [struct, array_agg]
-- raw.orders.qty -> mart.customer_orders.orders DIRECT.AGGREGATION [struct, array_agg]
-- raw.orders.order_id -> mart.customer_orders.orders INDIRECT.SORT
-- raw.orders.customer_id -> mart.customer_orders.customer_id INDIRECT.GROUP_BY
-- raw.orders.customer_id -> mart.customer_orders.orders INDIRECT.GROUP_BY

-- title: snowflake time travel at offset and before statement
-- dialect: snowflake
-- schema: {"mart.orders": {"id": "number", "amount": "number"}}
create table mart.orders_changed as
select cur.id, cur.amount, old.amount as old_amount
from mart.orders cur
join mart.orders at(offset => -3600) old on old.id = cur.id
where cur.amount <> old.amount
-- expect:
-- mart.orders.id -> mart.orders_changed.id DIRECT.IDENTITY
-- mart.orders.amount -> mart.orders_changed.amount DIRECT.IDENTITY
-- mart.orders.amount -> mart.orders_changed.old_amount DIRECT.IDENTITY
-- mart.orders.id -> mart.orders_changed.id INDIRECT.JOIN
-- mart.orders.id -> mart.orders_changed.amount INDIRECT.JOIN
-- mart.orders.id -> mart.orders_changed.old_amount INDIRECT.JOIN
-- mart.orders.amount -> mart.orders_changed.id INDIRECT.FILTER
-- mart.orders.amount -> mart.orders_changed.amount INDIRECT.FILTER
-- mart.orders.amount -> mart.orders_changed.old_amount INDIRECT.FILTER

-- title: snowflake two-level flatten of an array of objects with nested arrays
-- dialect: snowflake
-- schema: {"raw.carts": {"cart_id": "number", "doc": "variant"}}
create table mart.cart_options as
select c.cart_id, item.value:sku::string as sku, opt.value::string as option
from raw.carts c,
lateral flatten(input => c.doc:items) item,
lateral flatten(input => item.value:options) opt
-- expect:
-- raw.carts.cart_id -> mart.cart_options.cart_id DIRECT.IDENTITY
-- raw.carts.doc -> mart.cart_options.sku DIRECT.TRANSFORMATION [json_extract, explode, json_extract, cast]
-- raw.carts.doc -> mart.cart_options.option DIRECT.TRANSFORMATION [json_extract, explode, json_extract, explode, cast]

-- title: snowflake merge with a source using a qualify dedup and variant columns
-- dialect: snowflake
-- schema: {"raw.cdc": {"pk": "number", "rec": "variant", "op": "varchar", "ts": "timestamp"}, "mart.entity": {"pk": "number", "name": "varchar", "ts": "timestamp"}}
merge into mart.entity t
using (
  select pk, rec:name::varchar as name, op, ts from raw.cdc
  qualify row_number() over (partition by pk order by ts desc) = 1
) s on t.pk = s.pk
when matched and s.op = 'D' then delete
when matched then update set t.name = s.name, t.ts = s.ts
when not matched and s.op <> 'D' then insert (pk, name, ts) values (s.pk, s.name, s.ts)
-- expect:
-- raw.cdc.pk -> mart.entity.pk DIRECT.IDENTITY
-- raw.cdc.rec -> mart.entity.name DIRECT.TRANSFORMATION [json_extract, cast]
-- raw.cdc.ts -> mart.entity.ts DIRECT.IDENTITY
-- raw.cdc.op -> mart.entity.pk INDIRECT.FILTER
-- raw.cdc.op -> mart.entity.name INDIRECT.FILTER
-- raw.cdc.op -> mart.entity.ts INDIRECT.FILTER
-- raw.cdc.pk -> mart.entity.pk INDIRECT.FILTER
-- raw.cdc.pk -> mart.entity.name INDIRECT.FILTER
-- raw.cdc.pk -> mart.entity.ts INDIRECT.FILTER
-- raw.cdc.ts -> mart.entity.pk INDIRECT.FILTER
-- raw.cdc.ts -> mart.entity.name INDIRECT.FILTER
-- raw.cdc.ts -> mart.entity.ts INDIRECT.FILTER
-- raw.cdc.pk -> mart.entity.pk INDIRECT.JOIN
-- raw.cdc.pk -> mart.entity.name INDIRECT.JOIN
-- raw.cdc.pk -> mart.entity.ts INDIRECT.JOIN
-- mart.entity.pk -> mart.entity.pk INDIRECT.JOIN
-- mart.entity.pk -> mart.entity.name INDIRECT.JOIN
-- mart.entity.pk -> mart.entity.ts INDIRECT.JOIN

-- title: snowflake date spine with generator and seq4
-- dialect: snowflake
-- schema: {"raw.orders": {"order_date": "date", "amount": "number"}}
create or replace table mart.daily as
with spine as (
  select dateadd(day, seq4(), '2024-01-01'::date) as d from table(generator(rowcount => 366))
)
select s.d, coalesce(sum(o.amount), 0) as revenue
from spine s left join raw.orders o on o.order_date = s.d
group by s.d
-- expect:
-- raw.orders.amount -> mart.daily.revenue DIRECT.AGGREGATION [sum, coalesce]
-- raw.orders.order_date -> mart.daily.d INDIRECT.JOIN
-- raw.orders.order_date -> mart.daily.revenue INDIRECT.JOIN

-- title: bigquery wildcard table with _table_suffix filter
-- dialect: bigquery
-- schema: {"proj.ga4.events_*": {"event_name": "string", "user_pseudo_id": "string", "event_date": "string"}}
create or replace table proj.mart.daily_users as
select parse_date('%Y%m%d', event_date) as day, count(distinct user_pseudo_id) as users
from `proj.ga4.events_*`
where _table_suffix between '20240101' and '20240131' and event_name = 'session_start'
group by day
-- expect:
-- proj.ga4.events_*.event_date -> proj.mart.daily_users.day DIRECT.TRANSFORMATION [str_to_date]
-- proj.ga4.events_*.user_pseudo_id -> proj.mart.daily_users.users DIRECT.AGGREGATION [count]
-- proj.ga4.events_*.event_date -> proj.mart.daily_users.day INDIRECT.GROUP_BY
-- proj.ga4.events_*.event_date -> proj.mart.daily_users.users INDIRECT.GROUP_BY
-- proj.ga4.events_*.event_name -> proj.mart.daily_users.day INDIRECT.FILTER
-- proj.ga4.events_*.event_name -> proj.mart.daily_users.users INDIRECT.FILTER

-- title: bigquery funnel with countif steps and logical_or
-- dialect: bigquery
-- schema: {"proj.raw.events": {"user_id": "string", "event_name": "string", "ts": "timestamp"}}
create table proj.mart.funnel as
with per_user as (
  select user_id,
    logical_or(event_name = 'view') as viewed,
    logical_or(event_name = 'add_to_cart') as carted,
    min(if(event_name = 'purchase', ts, null)) as first_purchase
  from proj.raw.events
  group by user_id
)
select countif(viewed) as views, countif(viewed and carted) as carts, countif(first_purchase is not null) as buyers
from per_user
-- expect:
-- proj.raw.events.event_name -> proj.mart.funnel.views INDIRECT.CONDITIONAL
-- proj.raw.events.event_name -> proj.mart.funnel.carts INDIRECT.CONDITIONAL
-- proj.raw.events.event_name -> proj.mart.funnel.buyers INDIRECT.CONDITIONAL
-- proj.raw.events.ts -> proj.mart.funnel.buyers INDIRECT.CONDITIONAL
-- proj.raw.events.user_id -> proj.mart.funnel.views INDIRECT.GROUP_BY
-- proj.raw.events.user_id -> proj.mart.funnel.carts INDIRECT.GROUP_BY
-- proj.raw.events.user_id -> proj.mart.funnel.buyers INDIRECT.GROUP_BY

-- title: bigquery sessionisation with lag, sum over and timestamp_diff
-- dialect: bigquery
-- schema: {"proj.raw.hits": {"user_id": "string", "ts": "timestamp", "page": "string"}}
create table proj.mart.sessionised as
with flagged as (
  select user_id, ts, page,
    if(timestamp_diff(ts, lag(ts) over (partition by user_id order by ts), minute) > 30
       or lag(ts) over (partition by user_id order by ts) is null, 1, 0) as is_new
  from proj.raw.hits
)
select user_id, ts, page,
  concat(user_id, '-', cast(sum(is_new) over (partition by user_id order by ts) as string)) as session_id
from flagged
-- expect:
-- proj.raw.hits.user_id -> proj.mart.sessionised.user_id DIRECT.IDENTITY
-- proj.raw.hits.ts -> proj.mart.sessionised.ts DIRECT.IDENTITY
-- proj.raw.hits.page -> proj.mart.sessionised.page DIRECT.IDENTITY
-- proj.raw.hits.user_id -> proj.mart.sessionised.session_id DIRECT.TRANSFORMATION [concat]
-- proj.raw.hits.ts -> proj.mart.sessionised.session_id INDIRECT.CONDITIONAL
-- proj.raw.hits.user_id -> proj.mart.sessionised.session_id INDIRECT.CONDITIONAL
-- proj.raw.hits.user_id -> proj.mart.sessionised.session_id INDIRECT.WINDOW
-- proj.raw.hits.ts -> proj.mart.sessionised.session_id INDIRECT.WINDOW

-- title: bigquery unpivot multiple value columns
-- dialect: bigquery
-- schema: {"proj.raw.q": {"product": "string", "q1_sales": "int64", "q1_units": "int64", "q2_sales": "int64", "q2_units": "int64"}}
create table proj.mart.q_long as
select * from proj.raw.q
unpivot ((sales, units) for quarter in ((q1_sales, q1_units) as 'Q1', (q2_sales, q2_units) as 'Q2'))
-- expect:
-- proj.raw.q.product -> proj.mart.q_long.product DIRECT.IDENTITY
-- proj.raw.q.q1_sales -> proj.mart.q_long.sales DIRECT.IDENTITY
-- proj.raw.q.q2_sales -> proj.mart.q_long.sales DIRECT.IDENTITY
-- proj.raw.q.q1_units -> proj.mart.q_long.units DIRECT.IDENTITY
-- proj.raw.q.q2_units -> proj.mart.q_long.units DIRECT.IDENTITY

-- title: postgres generate_series date spine cross join dimension
-- dialect: postgres
-- schema: {"shop.stores": {"id": "int", "opened": "date"}, "shop.sales": {"store_id": "int", "d": "date", "amount": "numeric"}}
create table mart.store_days as
select s.id as store_id, d::date as day, coalesce(sum(x.amount), 0) as revenue
from shop.stores s
cross join generate_series('2024-01-01'::date, '2024-12-31'::date, interval '1 day') as d
left join shop.sales x on x.store_id = s.id and x.d = d::date
where d >= s.opened
group by 1, 2
-- expect:
-- shop.stores.id -> mart.store_days.store_id DIRECT.IDENTITY
-- shop.sales.amount -> mart.store_days.revenue DIRECT.AGGREGATION [sum, coalesce]
-- shop.stores.id -> mart.store_days.store_id INDIRECT.GROUP_BY
-- shop.stores.id -> mart.store_days.day INDIRECT.GROUP_BY
-- shop.stores.id -> mart.store_days.revenue INDIRECT.GROUP_BY
-- shop.sales.store_id -> mart.store_days.store_id INDIRECT.JOIN
-- shop.sales.store_id -> mart.store_days.day INDIRECT.JOIN
-- shop.sales.store_id -> mart.store_days.revenue INDIRECT.JOIN
-- shop.stores.id -> mart.store_days.store_id INDIRECT.JOIN
-- shop.stores.id -> mart.store_days.day INDIRECT.JOIN
-- shop.stores.id -> mart.store_days.revenue INDIRECT.JOIN
-- shop.sales.d -> mart.store_days.store_id INDIRECT.JOIN
-- shop.sales.d -> mart.store_days.day INDIRECT.JOIN
-- shop.sales.d -> mart.store_days.revenue INDIRECT.JOIN
-- shop.stores.opened -> mart.store_days.store_id INDIRECT.FILTER
-- shop.stores.opened -> mart.store_days.day INDIRECT.FILTER
-- shop.stores.opened -> mart.store_days.revenue INDIRECT.FILTER

-- title: postgres crosstab-free pivot with filter clauses
-- dialect: postgres
-- schema: {"shop.orders": {"customer_id": "int", "status": "text", "amount": "numeric"}}
create view mart.status_pivot as
select customer_id,
  count(*) filter (where status = 'paid') as paid_n,
  sum(amount) filter (where status = 'refunded') as refunded_amt,
  bool_or(status = 'disputed') as ever_disputed
from shop.orders group by customer_id
-- expect:
-- shop.orders.customer_id -> mart.status_pivot.customer_id DIRECT.IDENTITY
-- shop.orders.status -> mart.status_pivot.paid_n INDIRECT.CONDITIONAL
-- shop.orders.amount -> mart.status_pivot.refunded_amt DIRECT.AGGREGATION [sum]
-- shop.orders.status -> mart.status_pivot.refunded_amt INDIRECT.CONDITIONAL
-- shop.orders.status -> mart.status_pivot.ever_disputed DIRECT.AGGREGATION [logical_or]
-- shop.orders.customer_id -> mart.status_pivot.customer_id INDIRECT.GROUP_BY
-- shop.orders.customer_id -> mart.status_pivot.paid_n INDIRECT.GROUP_BY
-- shop.orders.customer_id -> mart.status_pivot.refunded_amt INDIRECT.GROUP_BY
-- shop.orders.customer_id -> mart.status_pivot.ever_disputed INDIRECT.GROUP_BY

-- title: postgres update from a cte with a returning-free join and is distinct from
-- dialect: postgres
-- schema: {"shop.customers": {"id": "int", "total_spent": "numeric"}, "shop.orders": {"customer_id": "int", "amount": "numeric", "status": "text"}}
with totals as (
  select customer_id, sum(amount) as spent from shop.orders where status = 'paid' group by customer_id
)
update shop.customers c set total_spent = t.spent
from totals t
where t.customer_id = c.id and c.total_spent is distinct from t.spent
-- expect:
-- shop.orders.amount -> shop.customers.total_spent DIRECT.AGGREGATION [sum]
-- shop.orders.customer_id -> shop.customers.total_spent INDIRECT.GROUP_BY
-- shop.orders.status -> shop.customers.total_spent INDIRECT.FILTER
-- shop.orders.customer_id -> shop.customers.total_spent INDIRECT.FILTER
-- shop.customers.id -> shop.customers.total_spent INDIRECT.FILTER
-- shop.customers.total_spent -> shop.customers.total_spent INDIRECT.FILTER
-- shop.orders.amount -> shop.customers.total_spent INDIRECT.FILTER

-- title: tsql greatest-of-columns idiom: max over a values list of the outer row
-- dialect: tsql
-- schema: {"dbo.t": {"id": "int", "d1": "date", "d2": "date", "d3": "date"}}
select t.id, (select max(v) from (values (t.d1), (t.d2), (t.d3)) as x(v)) as last_date
into dbo.t2
from dbo.t t
-- expect:
-- dbo.t.id -> dbo.t2.id DIRECT.IDENTITY
-- dbo.t.d1 -> dbo.t2.last_date DIRECT.AGGREGATION [max]
-- dbo.t.d2 -> dbo.t2.last_date DIRECT.AGGREGATION [max]
-- dbo.t.d3 -> dbo.t2.last_date DIRECT.AGGREGATION [max]
