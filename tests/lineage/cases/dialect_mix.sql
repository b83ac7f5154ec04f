-- title: tsql merge with a source CTE
-- dialect: tsql
-- schema: {"raw.users": {"id": "int", "email": "nvarchar"}, "mart.users": {"id": "int", "email": "nvarchar"}}
with src as (select id, lower(email) as email from raw.users)
merge into mart.users as t
using src as s on t.id = s.id
when matched then update set t.email = s.email
when not matched then insert (id, email) values (s.id, s.email);
-- expect:
-- raw.users.email -> mart.users.email DIRECT.TRANSFORMATION [lower]
-- raw.users.id -> mart.users.id DIRECT.IDENTITY
-- raw.users.id -> mart.users.email INDIRECT.JOIN
-- raw.users.id -> mart.users.id INDIRECT.JOIN
-- mart.users.id -> mart.users.email INDIRECT.JOIN
-- mart.users.id -> mart.users.id INDIRECT.JOIN

-- title: tsql TOP with ORDER BY
-- dialect: tsql
-- schema: {"raw.orders": {"id": "int", "amount": "money"}}
select top 10 id into mart.big_orders from raw.orders order by amount desc
-- expect:
-- raw.orders.id -> mart.big_orders.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.big_orders.id INDIRECT.SORT

-- title: mysql insert on duplicate key update
-- dialect: mysql
-- schema: {"raw.s": {"id": "int", "v": "int"}}
insert into mart.t (id, v) select id, v from raw.s on duplicate key update v = values(v)
-- expect-includes:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.IDENTITY

-- title: postgres insert on conflict
-- dialect: postgres
-- schema: {"raw.s": {"id": "int", "v": "int"}}
insert into mart.t (id, v) select id, v * 2 from raw.s on conflict (id) do update set v = excluded.v
-- expect-includes:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.TRANSFORMATION

-- title: generic SQL CTE join and aggregate
-- schema: {"raw.users": {"id": "int", "country": "text"}, "raw.orders": {"user_id": "int", "amount": "int"}}
create table mart.by_country as
with o as (select user_id, amount from raw.orders where amount > 0)
select u.country, sum(o.amount) as revenue
from raw.users u join o on o.user_id = u.id
group by u.country
-- expect:
-- raw.users.country -> mart.by_country.country DIRECT.IDENTITY
-- raw.orders.amount -> mart.by_country.revenue DIRECT.AGGREGATION [sum]
-- raw.orders.amount -> mart.by_country.country INDIRECT.FILTER
-- raw.orders.amount -> mart.by_country.revenue INDIRECT.FILTER
-- raw.orders.user_id -> mart.by_country.country INDIRECT.JOIN
-- raw.orders.user_id -> mart.by_country.revenue INDIRECT.JOIN
-- raw.users.id -> mart.by_country.country INDIRECT.JOIN
-- raw.users.id -> mart.by_country.revenue INDIRECT.JOIN
-- raw.users.country -> mart.by_country.country INDIRECT.GROUP_BY
-- raw.users.country -> mart.by_country.revenue INDIRECT.GROUP_BY

-- title: duckdb create or replace table from a window and a filter
-- dialect: duckdb
-- schema: {"raw.events": {"user_id": "int", "ts": "timestamp", "kind": "text"}}
create or replace table mart.first_events as
select user_id, min(ts) over (partition by user_id) as first_ts from raw.events where kind = 'login'
-- expect:
-- raw.events.user_id -> mart.first_events.user_id DIRECT.IDENTITY
-- raw.events.ts -> mart.first_events.first_ts DIRECT.AGGREGATION [min]
-- raw.events.user_id -> mart.first_events.first_ts INDIRECT.WINDOW
-- raw.events.kind -> mart.first_events.user_id INDIRECT.FILTER
-- raw.events.kind -> mart.first_events.first_ts INDIRECT.FILTER

-- title: snowflake positional columns of the only source
-- dialect: snowflake
-- schema: {"raw.a": {"id": "int", "ts": "int"}}
create table mart.t as
select $1 as x, $2 + 1 as y
from raw.a
where $2 > 0
-- expect:
-- raw.a.id -> mart.t.x DIRECT.IDENTITY
-- raw.a.ts -> mart.t.y DIRECT.TRANSFORMATION
-- raw.a.ts -> mart.t.x INDIRECT.FILTER
-- raw.a.ts -> mart.t.y INDIRECT.FILTER

-- title: snowflake positional column of a source with unknown columns
-- dialect: snowflake
-- schema: {}
create table mart.t as
select t.$1 as x
from raw.unknown t
-- expect:
-- raw.unknown.* -> mart.t.x DIRECT.IDENTITY (unresolved)
-- expect-diagnostics: unresolved-star raw.unknown

-- title: spark join hints name tables they read no rows of
-- dialect: spark
-- schema: {"raw.a": {"id": "int", "x": "int"}, "raw.b": {"id": "int", "y": "int"}}
insert into mart.c select /*+ BROADCAST(b), MERGE(raw.z) */ a.id, b.y from raw.a a join raw.b b on a.id = b.id
-- expect:
-- raw.a.id -> mart.c.id DIRECT.IDENTITY
-- raw.a.id -> mart.c.id INDIRECT.JOIN
-- raw.b.id -> mart.c.id INDIRECT.JOIN
-- raw.b.y -> mart.c.y DIRECT.IDENTITY
-- raw.a.id -> mart.c.y INDIRECT.JOIN
-- raw.b.id -> mart.c.y INDIRECT.JOIN

-- title: snowflake stream metadata columns are no source column
-- dialect: snowflake
-- schema: {"raw.users_stream": {"id": "int", "email": "varchar"}}
insert into mart.changes (id, action, is_update)
select s.id, s.metadata$action, metadata$isupdate from raw.users_stream s where metadata$action = 'INSERT'
-- expect:
-- raw.users_stream.id -> mart.changes.id DIRECT.IDENTITY

-- title: duckdb file readers read their file as FROM 'path' does
-- dialect: duckdb
-- schema: {}
create table mart.q as select a from read_csv('data/x.csv', header = true) as c;
create table mart.r as select b from read_parquet('s3://bucket/events/*.parquet')
-- expect:
-- data/x.csv.a -> mart.q.a DIRECT.IDENTITY
-- s3://bucket/events/*.parquet.b -> mart.r.b DIRECT.IDENTITY

-- title: duckdb statement-form pivot over a file reader reads the file (normalise's second walk)
-- dialect: duckdb
-- schema: {}
create table m.p as select * from (pivot read_parquet('s3://b/x.parquet') on k in ('a', 'b') using sum(v) group by g)
-- expect:
-- s3://b/x.parquet.v -> m.p.a DIRECT.AGGREGATION [sum]
-- s3://b/x.parquet.g -> m.p.a INDIRECT.GROUP_BY
-- s3://b/x.parquet.k -> m.p.a INDIRECT.CONDITIONAL
-- s3://b/x.parquet.v -> m.p.b DIRECT.AGGREGATION [sum]
-- s3://b/x.parquet.g -> m.p.b INDIRECT.GROUP_BY
-- s3://b/x.parquet.k -> m.p.b INDIRECT.CONDITIONAL
-- s3://b/x.parquet.g -> m.p.g DIRECT.IDENTITY
-- s3://b/x.parquet.g -> m.p.g INDIRECT.GROUP_BY
