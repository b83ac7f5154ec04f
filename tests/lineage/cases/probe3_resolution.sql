-- title: tsql openquery to a linked server is a source of unknown columns, not a recursion
-- dialect: tsql
insert into dbo.users_copy (id, email)
select id, email from openquery(PRODLINK, 'select id, email from users')
-- expect:

-- title: postgres table function whose argument names no column does not sink the statement
-- dialect: postgres
-- schema: {"s.t": {"a": "int"}}
insert into m.t (a) select a from s.t;
insert into m.u (v) select v from my_srf(some_setting) f
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY
-- expect-diagnostics: unresolved-column some_setting

-- title: bigquery dataset table function over an unknown name keeps the statement
-- dialect: bigquery
-- schema: {"ds.t": {"id": "int64"}}
create table ds.a as select id from ds.t;
create table ds.b as select x.id from ds.my_tvf(cutoff) as x
-- expect:
-- ds.t.id -> ds.a.id DIRECT.IDENTITY
-- expect-diagnostics: unresolved-column cutoff

-- title: table function argument from the table before it, whose columns are unknown
-- dialect: postgres
create table m.t as select f.v from s.t, my_srf(x) f
-- expect:
-- s.t.x -> m.t.v DIRECT.TRANSFORMATION [my_srf]

-- title: tsql openjson of a bare name is no source of its own argument
-- dialect: tsql
-- schema: {"dbo.docs": {"id": "int", "body": "nvarchar"}}
insert into dbo.kv ([key], [value])
select j.[key], j.[value] from dbo.docs d cross apply openjson(d.body) j;
insert into dbo.kv2 ([value]) select [value] from openjson(payload)
-- expect:
-- dbo.docs.body -> dbo.kv.key DIRECT.TRANSFORMATION [open_json]
-- dbo.docs.body -> dbo.kv.value DIRECT.TRANSFORMATION [open_json]
-- expect-diagnostics: unresolved-column payload

-- title: snowflake use schema qualifies the names that follow
-- dialect: snowflake
-- schema: {"analytics.staging.raw_orders": {"id": "number", "amt": "number"}}
use schema analytics.staging;
create table orders_clean as select id, amt from raw_orders
-- expect:
-- analytics.staging.raw_orders.id -> analytics.staging.orders_clean.id DIRECT.IDENTITY
-- analytics.staging.raw_orders.amt -> analytics.staging.orders_clean.amt DIRECT.IDENTITY

-- title: snowflake use database: the public schema, then use schema; ctes and temp tables stay as written
-- dialect: snowflake
-- schema: {"analytics.public.raw": {"id": "number"}, "analytics.stage.x": {"id": "number", "v": "number"}, "analytics.public.dim": {"id": "number", "name": "varchar"}}
use warehouse etl_wh;
use database analytics;
create table t as select id from raw;
insert into stage.y select id, v from stage.x;
use schema stage;
create temporary table tmp as select id, v from x;
with c as (select id, name from dim)
insert into out (id, name, v) select c.id, c.name, tmp.v from tmp join c on c.id = tmp.id
-- expect:
-- analytics.public.raw.id -> analytics.public.t.id DIRECT.IDENTITY
-- analytics.stage.x.id -> analytics.stage.y.id DIRECT.IDENTITY
-- analytics.stage.x.v -> analytics.stage.y.v DIRECT.IDENTITY
-- analytics.public.dim.id -> analytics.stage.out.id DIRECT.IDENTITY
-- analytics.public.dim.name -> analytics.stage.out.name DIRECT.IDENTITY
-- analytics.stage.x.v -> analytics.stage.out.v DIRECT.IDENTITY
-- analytics.public.dim.id -> analytics.stage.out.id INDIRECT.JOIN
-- analytics.public.dim.id -> analytics.stage.out.name INDIRECT.JOIN
-- analytics.public.dim.id -> analytics.stage.out.v INDIRECT.JOIN
-- analytics.stage.x.id -> analytics.stage.out.id INDIRECT.JOIN
-- analytics.stage.x.id -> analytics.stage.out.name INDIRECT.JOIN
-- analytics.stage.x.id -> analytics.stage.out.v INDIRECT.JOIN

-- title: postgres set search_path qualifies the names that follow
-- dialect: postgres
-- schema: {"staging.orders": {"id": "int", "amt": "numeric"}}
set search_path to staging;
create table orders_clean as select id, amt from orders
-- expect:
-- staging.orders.id -> staging.orders_clean.id DIRECT.IDENTITY
-- staging.orders.amt -> staging.orders_clean.amt DIRECT.IDENTITY

-- title: postgres search_path of several schemas: a create goes to the first, a read to the first that has the table
-- dialect: postgres
-- schema: {"core.orders": {"id": "int", "amt": "numeric"}}
set search_path to "$user", mart, core, public;
create table totals as select id, amt from orders;
insert into totals (id, amt) select id, amt from orders where amt > 0;
create temp table scratch as select id from totals;
insert into public.ids select id from scratch
-- expect:
-- core.orders.id -> mart.totals.id DIRECT.IDENTITY
-- core.orders.amt -> mart.totals.amt DIRECT.IDENTITY
-- core.orders.amt -> mart.totals.id INDIRECT.FILTER
-- core.orders.amt -> mart.totals.amt INDIRECT.FILTER
-- mart.totals.id -> public.ids.id DIRECT.IDENTITY

-- title: tsql use database completes schema-qualified names; bare and temp names stay
-- dialect: tsql
-- schema: {"dw.dbo.src": {"id": "int", "v": "int"}}
use dw
go
select id, v into #stage from dbo.src
insert into dbo.tgt (id, v) select id, v from #stage
-- expect:
-- dw.dbo.src.id -> dw.dbo.tgt.id DIRECT.IDENTITY
-- dw.dbo.src.v -> dw.dbo.tgt.v DIRECT.IDENTITY

-- title: databricks use catalog then use schema; a temporary view stays as written
-- dialect: databricks
-- schema: {"main.bronze.events": {"id": "string", "kind": "string"}}
use catalog main;
use schema bronze;
create or replace temporary view v as select id, kind from events;
create table silver.events as select id, kind from v
-- expect:
-- main.bronze.events.id -> main.silver.events.id DIRECT.IDENTITY
-- main.bronze.events.kind -> main.silver.events.kind DIRECT.IDENTITY

-- title: mysql use database: a table alias named in delete is no table
-- dialect: mysql
-- schema: {"shop.orders": {"id": "int", "total": "decimal"}}
use shop;
delete o from orders o join stale s on s.id = o.id;
insert into summary (id, total) select id, total from orders
-- expect:
-- shop.orders.id -> shop.summary.id DIRECT.IDENTITY
-- shop.orders.total -> shop.summary.total DIRECT.IDENTITY

-- title: bigquery default dataset from @@dataset_id; a correlated array stays the row's
-- dialect: bigquery
-- schema: {"ds.orders": {"id": "int64", "items": "ARRAY<STRUCT<sku STRING>>"}}
set @@dataset_id = 'ds';
create table lines as select o.id, i.sku from orders o, o.items i
-- expect:
-- ds.orders.id -> ds.lines.id DIRECT.IDENTITY
-- ds.orders.items -> ds.lines.sku DIRECT.TRANSFORMATION [unnest]

-- title: lateral table function over a name no source has is no source of its own argument
-- dialect: postgres
-- schema: {"s.t": {"a": "int"}}
create table m.t as select t.a, f.v from s.t t cross join lateral my_srf(zz) f
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY
-- expect-diagnostics: unresolved-column zz

-- title: postgres scalar subquery over jsonb_array_elements read through its alias
-- dialect: postgres
-- schema: {"s.o": {"id": "int", "doc": "jsonb"}}
create table m.t as
select o.id, (select count(*) from jsonb_array_elements(o.doc) e where e ->> 'status' = 'paid') as n_paid
from s.o o
-- expect:
-- s.o.id -> m.t.id DIRECT.IDENTITY
-- s.o.doc -> m.t.n_paid INDIRECT.FILTER

-- title: postgres scalar subquery over an unaliased jsonb_array_elements_text reading value
-- dialect: postgres
-- schema: {"s.o": {"id": "int", "doc": "jsonb"}}
create table m.t as
select o.id, (select string_agg(value, ',') from jsonb_array_elements_text(o.doc)) as tags
from s.o o
-- expect:
-- s.o.id -> m.t.id DIRECT.IDENTITY
-- s.o.doc -> m.t.tags DIRECT.AGGREGATION [jsonb_array_elements_text, group_concat]

-- title: postgres correlated subqueries over jsonb_each keys and aliased jsonb_object_keys
-- dialect: postgres
-- schema: {"s.o": {"id": "int", "doc": "jsonb", "attrs": "jsonb"}}
create table m.t as
select o.id,
  (select string_agg(key, ',' order by key) from jsonb_each(o.attrs) where value is not null) as present,
  (select count(*) from jsonb_object_keys(o.doc) k where k like 'x_%') as n_x
from s.o o
-- expect:
-- s.o.id -> m.t.id DIRECT.IDENTITY
-- s.o.attrs -> m.t.present DIRECT.AGGREGATION [jsonb_each, group_concat]
-- s.o.attrs -> m.t.present INDIRECT.SORT
-- s.o.attrs -> m.t.present INDIRECT.FILTER
-- s.o.doc -> m.t.n_x INDIRECT.FILTER

-- title: postgres with ordinality: the position column carries no value
-- dialect: postgres
-- schema: {"s.o": {"id": "int", "doc": "jsonb"}}
create table m.t as
select o.id, e.value as item, e.ordinality as pos
from s.o o, jsonb_array_elements(o.doc) with ordinality e
-- expect:
-- s.o.id -> m.t.id DIRECT.IDENTITY
-- s.o.doc -> m.t.item DIRECT.TRANSFORMATION [jsonb_array_elements]

-- title: postgres outer column inside a union in a lateral subquery
-- dialect: postgres
-- schema: {"s.wide": {"id": "int", "jan": "int", "feb": "int"}}
create table m.long as
select w.id, v.month, v.amount
from s.wide w
cross join lateral (select 'jan' as month, w.jan as amount union all select 'feb', w.feb) v
-- expect:
-- s.wide.id -> m.long.id DIRECT.IDENTITY
-- s.wide.jan -> m.long.amount DIRECT.IDENTITY
-- s.wide.feb -> m.long.amount DIRECT.IDENTITY

-- title: tsql cross apply of a union over the outer row's columns
-- dialect: tsql
-- schema: {"dbo.wide": {"id": "int", "jan": "int", "feb": "int"}}
insert into dbo.long (id, amount)
select w.id, v.amount from dbo.wide w
cross apply (select w.jan as amount union all select w.feb) v
-- expect:
-- dbo.wide.id -> dbo.long.id DIRECT.IDENTITY
-- dbo.wide.jan -> dbo.long.amount DIRECT.IDENTITY
-- dbo.wide.feb -> dbo.long.amount DIRECT.IDENTITY

-- title: outer columns inside a union in a scalar subquery, and in a derived table within one
-- dialect: postgres
-- schema: {"s.wide": {"id": "int", "jan": "int", "feb": "int"}}
create table m.t as
select w.id,
  (select max(x) from (select w.jan as x union all select w.feb) u) as best,
  (select w.jan where w.jan > 0 union all select w.feb limit 1) as first_pos
from s.wide w
-- expect:
-- s.wide.id -> m.t.id DIRECT.IDENTITY
-- s.wide.jan -> m.t.best DIRECT.AGGREGATION [max]
-- s.wide.feb -> m.t.best DIRECT.AGGREGATION [max]
-- s.wide.jan -> m.t.first_pos DIRECT.IDENTITY
-- s.wide.feb -> m.t.first_pos DIRECT.IDENTITY
-- s.wide.jan -> m.t.first_pos INDIRECT.FILTER

-- title: clickhouse array join of an array column with an alias
-- dialect: clickhouse
-- schema: {"raw.sessions": {"sid": "String", "pages": "Array(String)"}}
insert into dw.session_pages
select sid, page from raw.sessions array join pages as page
-- expect:
-- raw.sessions.sid -> dw.session_pages.sid DIRECT.IDENTITY
-- raw.sessions.pages -> dw.session_pages.page DIRECT.TRANSFORMATION [explode]

-- title: clickhouse unaliased array join: the array's name is its element
-- dialect: clickhouse
-- schema: {"raw.orders": {"id": "UInt64", "skus": "Array(String)"}}
insert into dw.order_skus (id, sku)
select id, skus from raw.orders array join skus
-- expect:
-- raw.orders.id -> dw.order_skus.id DIRECT.IDENTITY
-- raw.orders.skus -> dw.order_skus.sku DIRECT.TRANSFORMATION [explode]

-- title: clickhouse left array join of two arrays, one filtered in where
-- dialect: clickhouse
-- schema: {"raw.sessions": {"sid": "String", "pages": "Array(String)", "durs": "Array(UInt32)"}}
insert into dw.page_times
select s.sid, page, d * 1000 as ms
from raw.sessions s left array join s.pages as page, s.durs as d
where page != ''
-- expect:
-- raw.sessions.sid -> dw.page_times.sid DIRECT.IDENTITY
-- raw.sessions.pages -> dw.page_times.page DIRECT.TRANSFORMATION [explode]
-- raw.sessions.durs -> dw.page_times.ms DIRECT.TRANSFORMATION [explode]
-- raw.sessions.pages -> dw.page_times.sid INDIRECT.FILTER
-- raw.sessions.pages -> dw.page_times.page INDIRECT.FILTER
-- raw.sessions.pages -> dw.page_times.ms INDIRECT.FILTER

-- title: databricks dlt streaming table reads stream(table) like the table
-- dialect: databricks
-- schema: {"raw.events": {"id": "string", "ts": "timestamp", "kind": "string"}}
create or refresh streaming table bronze.events as select id, ts, kind from stream(raw.events)
-- expect:
-- raw.events.id -> bronze.events.id DIRECT.IDENTITY
-- raw.events.ts -> bronze.events.ts DIRECT.IDENTITY
-- raw.events.kind -> bronze.events.kind DIRECT.IDENTITY

-- title: databricks dlt join of two aliased streams of live tables
-- dialect: databricks
-- schema: {"events": {"id": "string", "kind": "string"}, "users": {"id": "string", "name": "string"}}
create or refresh streaming table silver.events as
select e.id, u.name from stream(live.events) e join stream(live.users) as u on u.id = e.id
where e.kind = 'click'
-- expect:
-- events.id -> silver.events.id DIRECT.IDENTITY
-- users.name -> silver.events.name DIRECT.IDENTITY
-- events.id -> silver.events.id INDIRECT.JOIN
-- users.id -> silver.events.id INDIRECT.JOIN
-- events.id -> silver.events.name INDIRECT.JOIN
-- users.id -> silver.events.name INDIRECT.JOIN
-- events.kind -> silver.events.id INDIRECT.FILTER
-- events.kind -> silver.events.name INDIRECT.FILTER

-- title: snowflake table() of a user table function over a column
-- dialect: snowflake
-- schema: {"s.t": {"id": "number", "txt": "varchar"}}
create table m.t as select t.id, w.word from s.t t, table(my_db.udfs.split_words(t.txt)) w
-- expect:
-- s.t.id -> m.t.id DIRECT.IDENTITY
-- s.t.txt -> m.t.word DIRECT.TRANSFORMATION [split_words]

-- title: snowflake table() of an unqualified, unaliased user table function read by bare names
-- dialect: snowflake
-- schema: {"s.t": {"id": "number", "txt": "varchar", "lang": "varchar"}}
create table m.t as
select t.id, word, pos from s.t t, table(tokenize(t.txt, t.lang)) where t.id > 0
-- expect:
-- s.t.id -> m.t.id DIRECT.IDENTITY
-- s.t.txt -> m.t.word DIRECT.TRANSFORMATION [tokenize]
-- s.t.lang -> m.t.word DIRECT.TRANSFORMATION [tokenize]
-- s.t.txt -> m.t.pos DIRECT.TRANSFORMATION [tokenize]
-- s.t.lang -> m.t.pos DIRECT.TRANSFORMATION [tokenize]
-- s.t.id -> m.t.id INDIRECT.FILTER
-- s.t.id -> m.t.word INDIRECT.FILTER
-- s.t.id -> m.t.pos INDIRECT.FILTER

-- title: snowflake dynamic pivot in (any order by ...) has columns known only from the data
-- dialect: snowflake
-- schema: {"s.q": {"product": "varchar", "quarter": "varchar", "amount": "number"}}
create table m.p as select * from s.q pivot (sum(amount) for quarter in (any order by quarter))
-- expect:
-- s.q.product -> m.p.product DIRECT.IDENTITY
-- s.q.product -> m.p.product INDIRECT.GROUP_BY
-- s.q.amount -> m.p.* DIRECT.AGGREGATION [sum] (unresolved)
-- s.q.quarter -> m.p.* INDIRECT.CONDITIONAL (unresolved)
-- s.q.product -> m.p.* INDIRECT.GROUP_BY (unresolved)
-- expect-diagnostics: unresolved-star s.q.amount

-- title: snowflake dynamic pivot in (subquery) does not name a column after the subquery text
-- dialect: snowflake
-- schema: {"s.q": {"product": "varchar", "quarter": "varchar", "amount": "number"}, "dim.quarters": {"q": "varchar"}}
create table m.p as
select p.* from s.q pivot (sum(amount) for quarter in (select q from dim.quarters)) as p
-- expect:
-- s.q.product -> m.p.product DIRECT.IDENTITY
-- s.q.product -> m.p.product INDIRECT.GROUP_BY
-- s.q.amount -> m.p.* DIRECT.AGGREGATION [sum] (unresolved)
-- s.q.quarter -> m.p.* INDIRECT.CONDITIONAL (unresolved)
-- s.q.product -> m.p.* INDIRECT.GROUP_BY (unresolved)
-- expect-diagnostics: unresolved-star s.q.amount

-- title: snowflake dynamic pivot read by a pivoted column's name
-- dialect: snowflake
-- schema: {"s.q": {"product": "varchar", "quarter": "varchar", "amount": "number"}}
create table m.p as
with x as (select * from s.q pivot (sum(amount) for quarter in (any)))
select product, "'Q1'" as q1 from x
-- expect:
-- s.q.product -> m.p.product DIRECT.IDENTITY
-- s.q.product -> m.p.product INDIRECT.GROUP_BY
-- s.q.amount -> m.p.q1 DIRECT.AGGREGATION [sum]
-- s.q.quarter -> m.p.q1 INDIRECT.CONDITIONAL
-- s.q.product -> m.p.q1 INDIRECT.GROUP_BY

-- title: duckdb pivot statement without an in list (dynamic columns)
-- dialect: duckdb
-- schema: {"raw.sales": {"region": "varchar", "month": "varchar", "amount": "int"}}
create table mart.p as select * from (pivot raw.sales on month using sum(amount) group by region);
-- expect:
-- raw.sales.region -> mart.p.region DIRECT.IDENTITY
-- raw.sales.region -> mart.p.region INDIRECT.GROUP_BY
-- raw.sales.amount -> mart.p.* DIRECT.AGGREGATION [sum] (unresolved)
-- raw.sales.month -> mart.p.* INDIRECT.CONDITIONAL (unresolved)
-- raw.sales.region -> mart.p.* INDIRECT.GROUP_BY (unresolved)
-- expect-diagnostics: unresolved-star raw.sales.amount

-- title: duckdb use db.schema completes one-part names only
-- dialect: duckdb
-- schema: {"wh.main.src": {"id": "int"}, "main.src": {"id": "int"}}
use wh.main;
create table t as select id from src;
create table other.x as select id from main.src
-- expect:
-- wh.main.src.id -> wh.main.t.id DIRECT.IDENTITY
-- main.src.id -> other.x.id DIRECT.IDENTITY

-- title: postgres scalar subquery with a lateral jsonb_array_elements read through its alias
-- dialect: postgres
-- schema: {"s.o": {"id": "int", "doc": "jsonb"}, "s.l": {"oid": "int", "k": "text"}}
create table m.t as
select o.id,
  (select count(*) from s.l l cross join lateral jsonb_array_elements(o.doc) e
   where e ->> 'status' = l.k) as n
from s.o o
-- expect:
-- s.o.id -> m.t.id DIRECT.IDENTITY
-- s.o.doc -> m.t.n INDIRECT.FILTER
-- s.l.k -> m.t.n INDIRECT.FILTER
