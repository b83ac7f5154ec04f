-- Found by the fifteenth probe (a differential fuzz, 2026-11-26): what decides a derived
-- table's rows when its select list holds a window or a subquery, and Spark's CAST by name.

-- title: P15-1a constant over a derived table whose select list holds a scalar subquery keeps its WHERE
-- dialect: postgres
-- schema: {"raw.b": {"id": "int", "w": "int"}, "raw.c": {"d": "int"}}
create table mart.t as
select 1 as c0
from (select (select max(d) from raw.c) as x from raw.b where w > 0) t
-- expect:
-- raw.b.w -> mart.t.c0 INDIRECT.FILTER

-- title: P15-1b constant over a derived table with a window aggregate keeps its WHERE
-- dialect: snowflake
-- schema: {"raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as
select 1 as c0
from (select sum(z) over (partition by k) as x from raw.b where w > 0) t
-- expect:
-- raw.b.w -> mart.t.c0 INDIRECT.FILTER

-- title: P15-1c inner lateral whose select list holds a scalar subquery: its WHERE reaches every output
-- dialect: postgres
-- schema: {"raw.b": {"id": "int", "k": "int"}, "raw.c": {"k": "int", "d": "int"}}
create table mart.t as
select u.id
from raw.b u
cross join lateral (select (select max(c.d) from raw.c c) as x from raw.c c2 where c2.k = u.k) l
-- expect:
-- raw.b.id -> mart.t.id DIRECT.IDENTITY
-- raw.b.k -> mart.t.id INDIRECT.FILTER
-- raw.c.k -> mart.t.id INDIRECT.FILTER

-- title: P15-1d constant over a derived table with a correlated scalar subquery keeps its JOIN
-- dialect: duckdb
-- schema: {"raw.b": {"id": "int", "k": "int", "z": "int"}, "raw.c": {"k": "int", "v": "int"}}
create table mart.t as
select 1 as c0
from (select (select max(c.v) from raw.c c where c.k = b.z) as x from raw.b b join raw.b b2 on b.id = b2.k) t
-- expect:
-- raw.b.id -> mart.t.c0 INDIRECT.JOIN
-- raw.b.k -> mart.t.c0 INDIRECT.JOIN

-- title: P15-5 spark CAST is listed as try_cast
-- dialect: spark
-- schema: {"raw.a": {"id": "int", "s": "int"}}
create table mart.t as select cast(s as string) as s2 from raw.a
-- expect:
-- raw.a.s -> mart.t.s2 DIRECT.TRANSFORMATION [cast]


-- title: a real aggregate without GROUP BY still yields one row: its WHERE decides no row
-- dialect: postgres
-- schema: {"raw.b": {"id": "int", "w": "int", "d": "int"}}
create table mart.t as
select 1 as c0
from (select max(d) as x from raw.b where w > 0) t
-- expect:

-- title: an aggregate beside a window, no GROUP BY: still one row
-- dialect: snowflake
-- schema: {"raw.b": {"k": "int", "z": "int", "w": "int"}}
create table mart.t as
select 1 as c0
from (select count(*) as n, sum(max(z)) over () as s from raw.b where w > 0) t
-- expect:

-- title: spark and hive CAST is cast, TRY_CAST is try_cast
-- dialect: hive
-- schema: {"raw.a": {"s": "int"}}
create table mart.t as select cast(s as string) as a, try_cast(s as string) as b, s::string as c from raw.a
-- expect:
-- raw.a.s -> mart.t.a DIRECT.TRANSFORMATION [cast]
-- raw.a.s -> mart.t.b DIRECT.TRANSFORMATION [try_cast]
-- raw.a.s -> mart.t.c DIRECT.TRANSFORMATION [cast]
