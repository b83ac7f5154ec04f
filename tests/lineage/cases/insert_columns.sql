-- title: column list reorders targets
-- dialect: postgres
-- schema: {"raw.s": {"x": "int", "y": "text"}, "stg.t": {"a": "text", "b": "int"}}
insert into stg.t (b, a) select x, y from raw.s
-- expect:
-- raw.s.x -> stg.t.b DIRECT.IDENTITY
-- raw.s.y -> stg.t.a DIRECT.IDENTITY

-- title: without a list outputs map positionally to the target schema
-- dialect: postgres
-- schema: {"raw.s": {"x": "int", "y": "text"}, "stg.t": {"a": "int", "b": "text"}}
insert into stg.t select x, y from raw.s
-- expect:
-- raw.s.x -> stg.t.a DIRECT.IDENTITY
-- raw.s.y -> stg.t.b DIRECT.IDENTITY

-- title: without a list and an unknown target the projection names are used
-- dialect: postgres
-- schema: {"raw.s": {"x": "int", "y": "text"}}
insert into stg.t select x, y as z from raw.s
-- expect:
-- raw.s.x -> stg.t.x DIRECT.IDENTITY
-- raw.s.y -> stg.t.z DIRECT.IDENTITY

-- title: insert values has no column lineage
-- dialect: postgres
insert into stg.t (a, b) values (1, 'x')
-- expect:

-- title: postgres WITH before INSERT
-- dialect: postgres
-- schema: {"raw.s": {"x": "int", "y": "int"}}
with c as (select x from raw.s where y > 0)
insert into stg.t (a) select x from c
-- expect:
-- raw.s.x -> stg.t.a DIRECT.IDENTITY
-- raw.s.y -> stg.t.a INDIRECT.FILTER

-- title: tsql CTE inside INSERT
-- dialect: tsql
-- schema: {"raw.s": {"x": "int", "y": "int"}}
insert into stg.t (a, b) with c as (select x, y * 2 as y2 from raw.s) select x, y2 from c
-- expect:
-- raw.s.x -> stg.t.a DIRECT.IDENTITY
-- raw.s.y -> stg.t.b DIRECT.TRANSFORMATION

-- title: star insert maps positionally to a known target
-- dialect: duckdb
-- schema: {"raw.s": {"x": "int", "y": "text"}, "stg.t": {"a": "int", "b": "text"}}
insert into stg.t select * from raw.s
-- expect:
-- raw.s.x -> stg.t.a DIRECT.IDENTITY
-- raw.s.y -> stg.t.b DIRECT.IDENTITY

-- title: insert into its own source table
-- dialect: postgres
-- schema: {"stg.t": {"a": "int", "b": "text"}}
insert into stg.t select a + 100, b from stg.t where a < 0
-- expect:
-- stg.t.a -> stg.t.a DIRECT.TRANSFORMATION
-- stg.t.b -> stg.t.b DIRECT.IDENTITY
-- stg.t.a -> stg.t.a INDIRECT.FILTER
-- stg.t.a -> stg.t.b INDIRECT.FILTER

-- title: postgres insert values with a scalar subquery in some rows
-- dialect: postgres
-- schema: {"raw.orders": {"amount": "numeric", "paid": "boolean"}}
insert into mart.kpi (name, value) values
  ('max_amount', (select max(amount) from raw.orders)),
  ('fixed', 42),
  ('min_paid', coalesce((select min(amount) from raw.orders where paid), 0))
-- expect:
-- raw.orders.amount -> mart.kpi.value DIRECT.AGGREGATION [max]
-- raw.orders.amount -> mart.kpi.value DIRECT.AGGREGATION [min, coalesce]
-- raw.orders.paid -> mart.kpi.value INDIRECT.FILTER

-- title: mysql insert values with a scalar subquery and no column list fills the target by position
-- dialect: mysql
-- schema: {"raw.orders": {"id": "int", "amount": "decimal"}, "mart.runs": {"run_id": "int", "last_order": "int"}}
insert into mart.runs values (7, (select max(id) from raw.orders where amount > 0))
-- expect:
-- raw.orders.id -> mart.runs.last_order DIRECT.AGGREGATION [max]
-- raw.orders.amount -> mart.runs.last_order INDIRECT.FILTER

-- title: mysql insert set with a scalar subquery
-- dialect: mysql
-- schema: {"raw.orders": {"id": "int"}}
insert into mart.runs set run_id = 7, last_order = (select max(id) from raw.orders)
-- expect:
-- raw.orders.id -> mart.runs.last_order DIRECT.AGGREGATION [max]

-- title: tsql insert values with a subquery filtered by an IN subquery
-- dialect: tsql
-- schema: {"raw.orders": {"id": "int", "customer_id": "int"}, "raw.vip": {"customer_id": "int"}}
insert into mart.counts (k, n)
values ('vip_orders', (select count(id) from raw.orders where customer_id in (select customer_id from raw.vip)))
-- expect:
-- raw.orders.id -> mart.counts.n DIRECT.AGGREGATION [count]
-- raw.orders.customer_id -> mart.counts.n INDIRECT.FILTER
-- raw.vip.customer_id -> mart.counts.n INDIRECT.FILTER

-- title: bigquery insert values with a scalar subquery
-- dialect: bigquery
-- schema: {"raw.events": {"ts": "timestamp"}}
insert into mart.watermarks (source, high) values ('events', (select max(ts) from raw.events))
-- expect:
-- raw.events.ts -> mart.watermarks.high DIRECT.AGGREGATION [max]

-- title: snowflake insert values with a subquery inside an expression
-- dialect: snowflake
-- schema: {"raw.events": {"ts": "timestamp"}}
insert into mart.watermarks (source, high) values ('events', dateadd(day, 1, (select max(ts) from raw.events)))
-- expect:
-- raw.events.ts -> mart.watermarks.high DIRECT.AGGREGATION [max, date_add]

-- title: postgres insert values with a subquery under a WITH
-- dialect: postgres
-- schema: {"raw.orders": {"amount": "numeric"}}
with m as (select max(amount) as top from raw.orders)
insert into mart.kpi (name, value) values ('top', (select top from m))
-- expect:
-- raw.orders.amount -> mart.kpi.value DIRECT.AGGREGATION [max]
