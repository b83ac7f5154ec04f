-- title: JOIN USING a CTE that is a star over a table of unknown columns: qualified columns resolve (probe 21, P21-1)
-- dialect: postgres
-- schema: {"raw.orders": {"order_id": "int", "customer_id": "int"}}
create table mart.t as
with o as (select * from raw.orders),
     c as (select * from raw.customers)
select o.order_id, c.email
from o left join c using (customer_id);
-- expect:
-- raw.orders.order_id -> mart.t.order_id DIRECT.IDENTITY
-- raw.customers.email -> mart.t.email DIRECT.IDENTITY
-- raw.orders.customer_id -> mart.t.order_id INDIRECT.JOIN
-- raw.customers.customer_id -> mart.t.order_id INDIRECT.JOIN
-- raw.orders.customer_id -> mart.t.email INDIRECT.JOIN
-- raw.customers.customer_id -> mart.t.email INDIRECT.JOIN

-- title: the bare key of a USING join to a source of unknown columns is read as qualify reads it: LEFT the left table's
-- dialect: postgres
-- schema: {"raw.a": {"k": "int", "x": "int"}}
create table m.t as
with c as (select * from raw.u)
select k, a.x from raw.a a left join c using (k);
-- expect:
-- raw.a.k -> m.t.k DIRECT.IDENTITY
-- raw.a.x -> m.t.x DIRECT.IDENTITY
-- raw.a.k -> m.t.k INDIRECT.JOIN
-- raw.u.k -> m.t.k INDIRECT.JOIN
-- raw.a.k -> m.t.x INDIRECT.JOIN
-- raw.u.k -> m.t.x INDIRECT.JOIN

-- title: the bare key of a RIGHT JOIN USING to a source of unknown columns is the right table's
-- dialect: postgres
-- schema: {"raw.a": {"k": "int", "x": "int"}}
create table m.t as
with c as (select * from raw.u)
select k from raw.a a right join c using (k);
-- expect:
-- raw.u.k -> m.t.k DIRECT.IDENTITY
-- raw.a.k -> m.t.k INDIRECT.JOIN
-- raw.u.k -> m.t.k INDIRECT.JOIN

-- title: the bare key of a FULL JOIN USING to a source of unknown columns is both tables', in WHERE too
-- dialect: postgres
-- schema: {"raw.a": {"k": "int", "x": "int"}}
create table m.t as
with c as (select * from raw.u)
select k from raw.a a full join c using (k) where k > 0;
-- expect:
-- raw.a.k -> m.t.k DIRECT.IDENTITY
-- raw.u.k -> m.t.k DIRECT.IDENTITY
-- raw.a.k -> m.t.k INDIRECT.JOIN
-- raw.u.k -> m.t.k INDIRECT.JOIN
-- raw.a.k -> m.t.k INDIRECT.FILTER
-- raw.u.k -> m.t.k INDIRECT.FILTER

-- title: BigQuery incremental first-seen (bigquery-etl): LEFT JOIN USING the target read as SELECT *, anti-join filter
-- dialect: bigquery
-- schema: {"telemetry.core": {"client_id": "string", "submission_timestamp": "timestamp"}}
CREATE OR REPLACE TABLE derived.first_seen AS
WITH _current AS (
  SELECT DISTINCT client_id FROM telemetry.core WHERE DATE(submission_timestamp) = @d
),
_previous AS (
  SELECT * FROM derived.first_seen_v0 WHERE first_seen_date < @d
)
SELECT client_id, @d AS first_seen_date
FROM _current LEFT JOIN _previous USING (client_id)
WHERE _previous.client_id IS NULL;
-- expect:
-- telemetry.core.client_id -> derived.first_seen.client_id DIRECT.IDENTITY
-- telemetry.core.client_id -> derived.first_seen.client_id INDIRECT.JOIN
-- derived.first_seen_v0.client_id -> derived.first_seen.client_id INDIRECT.JOIN
-- derived.first_seen_v0.client_id -> derived.first_seen.client_id INDIRECT.FILTER
-- telemetry.core.submission_timestamp -> derived.first_seen.client_id INDIRECT.FILTER
-- derived.first_seen_v0.first_seen_date -> derived.first_seen.client_id INDIRECT.FILTER
-- telemetry.core.client_id -> derived.first_seen.first_seen_date INDIRECT.JOIN
-- derived.first_seen_v0.client_id -> derived.first_seen.first_seen_date INDIRECT.JOIN
-- derived.first_seen_v0.client_id -> derived.first_seen.first_seen_date INDIRECT.FILTER
-- telemetry.core.submission_timestamp -> derived.first_seen.first_seen_date INDIRECT.FILTER
-- derived.first_seen_v0.first_seen_date -> derived.first_seen.first_seen_date INDIRECT.FILTER

-- title: the USING fallback reads a bare key in a later join's ON as the merged key, as qualify does
-- dialect: postgres
-- schema: {"raw.a": {"k": "int", "x": "int"}, "raw.d": {"k": "int", "v": "int"}}
create table m.t as
with c as (select * from raw.u)
select a.x, d.v from raw.a a join c using (k) join raw.d d on d.k = k;
-- expect:
-- raw.a.x -> m.t.x DIRECT.IDENTITY
-- raw.d.v -> m.t.v DIRECT.IDENTITY
-- raw.a.k -> m.t.x INDIRECT.JOIN
-- raw.u.k -> m.t.x INDIRECT.JOIN
-- raw.d.k -> m.t.x INDIRECT.JOIN
-- raw.a.k -> m.t.v INDIRECT.JOIN
-- raw.u.k -> m.t.v INDIRECT.JOIN
-- raw.d.k -> m.t.v INDIRECT.JOIN

-- title: a USING key neither known table has is an unresolved column; the statement's other columns keep their lineage
-- dialect: postgres
-- schema: {"raw.a": {"k": "int", "x": "int"}, "raw.b": {"k": "int", "y": "int"}}
create table m.t as
select a.x, b.y from raw.a a join raw.b b using (z);
-- expect:
-- raw.a.x -> m.t.x DIRECT.IDENTITY
-- raw.b.y -> m.t.y DIRECT.IDENTITY
-- expect-diagnostics:
-- unresolved-column m.t.z
-- unresolved-column m.t.z

-- title: USING fallback: a later join's key is read from the earlier source that has it (qualify's choice), not the FROM's
-- dialect: postgres
-- schema: {"raw.a": {"k": "int", "x": "int"}, "raw.b": {"k": "int", "y": "int"}}
create table m.t as
with u as (select * from raw.u)
select y, a.x from raw.a a join raw.b b using (k) join u using (y);
-- expect:
-- raw.b.y -> m.t.y DIRECT.IDENTITY
-- raw.a.x -> m.t.x DIRECT.IDENTITY
-- raw.a.k -> m.t.y INDIRECT.JOIN
-- raw.b.k -> m.t.y INDIRECT.JOIN
-- raw.b.y -> m.t.y INDIRECT.JOIN
-- raw.u.y -> m.t.y INDIRECT.JOIN
-- raw.a.k -> m.t.x INDIRECT.JOIN
-- raw.b.k -> m.t.x INDIRECT.JOIN
-- raw.b.y -> m.t.x INDIRECT.JOIN
-- raw.u.y -> m.t.x INDIRECT.JOIN

-- title: USING fallback after joins qualify already rewrote: the key merged over three tables is read from the first
-- dialect: postgres
-- schema: {"raw.a": {"k": "int", "x": "int"}, "raw.b": {"k": "int", "y": "int"}}
create table m.t as
with u as (select * from raw.u)
select k from raw.a a join raw.b b using (k) join u using (k);
-- expect:
-- raw.a.k -> m.t.k DIRECT.IDENTITY
-- raw.a.k -> m.t.k INDIRECT.JOIN
-- raw.b.k -> m.t.k INDIRECT.JOIN
-- raw.u.k -> m.t.k INDIRECT.JOIN

-- title: USING fallback: a key no known source has is read from the source just before the join
-- dialect: postgres
-- schema: {"raw.b": {"k": "int", "y": "int"}}
create table m.t as
with u as (select * from raw.u), v as (select * from raw.v)
select b.y from raw.b b join u using (k) join v using (w);
-- expect:
-- raw.b.y -> m.t.y DIRECT.IDENTITY
-- raw.b.k -> m.t.y INDIRECT.JOIN
-- raw.u.k -> m.t.y INDIRECT.JOIN
-- raw.u.w -> m.t.y INDIRECT.JOIN
-- raw.v.w -> m.t.y INDIRECT.JOIN

-- title: USING fallback inside a CTE named like the table it reads: the body's table is the table, not the CTE
-- dialect: postgres
-- schema: {"orders": {"id": "int", "region_id": "int"}, "r": {"region_id": "int", "zone": "int"}, "q": {"qk": "int", "name": "text"}}
create table m.o as with orders as (select region_id as rid, name from orders o join q using (qk) join r using (region_id)) select * from orders;
-- expect:
-- orders.region_id -> m.o.rid DIRECT.IDENTITY
-- q.name -> m.o.name DIRECT.IDENTITY
-- orders.region_id -> m.o.rid INDIRECT.JOIN
-- q.qk -> m.o.rid INDIRECT.JOIN
-- r.region_id -> m.o.rid INDIRECT.JOIN
-- orders.region_id -> m.o.name INDIRECT.JOIN
-- q.qk -> m.o.name INDIRECT.JOIN
-- r.region_id -> m.o.name INDIRECT.JOIN
-- expect-diagnostics: unresolved-column qk

-- title: a USING key in HAVING beside a left table of unknown columns is the LEFT JOIN's left key, not the known right one
-- dialect: duckdb
-- schema: {"raw.b": {"k": "int", "v": "int"}}
create table m.t as
select k, sum(v) as s from raw.a left join raw.b using (k) group by k having k > 0;
-- expect:
-- raw.a.k -> m.t.k DIRECT.IDENTITY
-- raw.b.v -> m.t.s DIRECT.AGGREGATION [sum]
-- raw.a.k -> m.t.k INDIRECT.GROUP_BY
-- raw.a.k -> m.t.s INDIRECT.GROUP_BY
-- raw.a.k -> m.t.k INDIRECT.FILTER
-- raw.a.k -> m.t.s INDIRECT.FILTER
-- raw.a.k -> m.t.k INDIRECT.JOIN
-- raw.a.k -> m.t.s INDIRECT.JOIN
-- raw.b.k -> m.t.k INDIRECT.JOIN
-- raw.b.k -> m.t.s INDIRECT.JOIN

-- title: a USING key in QUALIFY beside a left table of unknown columns is the LEFT JOIN's left key (qualify gives it the known side)
-- dialect: duckdb
-- schema: {"raw.b": {"k": "int", "v": "int"}}
create table m.t as
select v from raw.a left join raw.b using (k)
qualify row_number() over (partition by k order by v) = 1;
-- expect:
-- raw.b.v -> m.t.v DIRECT.IDENTITY
-- raw.a.k -> m.t.v INDIRECT.FILTER
-- raw.b.v -> m.t.v INDIRECT.FILTER
-- raw.a.k -> m.t.v INDIRECT.JOIN
-- raw.b.k -> m.t.v INDIRECT.JOIN

-- title: a USING key in QUALIFY of a RIGHT JOIN whose right table's columns are unknown is the right key
-- dialect: snowflake
-- schema: {"raw.a": {"k": "int"}}
create table m.t as
select v from raw.a right join raw.b using (k)
qualify row_number() over (partition by k order by v) = 1;
-- expect:
-- raw.b.v -> m.t.v DIRECT.IDENTITY
-- raw.b.k -> m.t.v INDIRECT.FILTER
-- raw.b.v -> m.t.v INDIRECT.FILTER
-- raw.a.k -> m.t.v INDIRECT.JOIN
-- raw.b.k -> m.t.v INDIRECT.JOIN

-- title: guard: a FULL JOIN's USING key in QUALIFY reads both keys; a qualified a.k there stays a's
-- dialect: duckdb
-- schema: {"raw.b": {"k": "int", "v": "int"}}
create table m.t as
select v from raw.a full join raw.b using (k)
qualify row_number() over (partition by k order by v) = 1 and a.k > 0;
-- expect:
-- raw.b.v -> m.t.v DIRECT.IDENTITY
-- raw.a.k -> m.t.v INDIRECT.FILTER
-- raw.b.k -> m.t.v INDIRECT.FILTER
-- raw.b.v -> m.t.v INDIRECT.FILTER
-- raw.a.k -> m.t.v INDIRECT.JOIN
-- raw.b.k -> m.t.v INDIRECT.JOIN
