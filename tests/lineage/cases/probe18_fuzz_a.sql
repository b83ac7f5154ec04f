-- title: P18-1a snowflake lateral column alias over a PIVOT reads a made-up column raw.a.la
-- dialect: snowflake
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
create table mart.t as
select t1.id as la, abs(la) as c1 from raw.a pivot (avg(x) for k in (1 as p1, 2 as p2)) as t1
-- expect:
-- raw.a.id -> mart.t.la DIRECT.IDENTITY
-- raw.a.id -> mart.t.c1 DIRECT.TRANSFORMATION [abs]
-- raw.a.id -> mart.t.la INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.la INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.la INDIRECT.GROUP_BY
-- raw.a.id -> mart.t.c1 INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.c1 INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.c1 INDIRECT.GROUP_BY

-- title: P18-1b snowflake output alias in WHERE over a PIVOT reads a made-up column raw.a.la
-- dialect: snowflake
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
create table mart.t as
select t1.p1 as la, t1.id from raw.a pivot (avg(x) for k in (1 as p1, 2 as p2)) as t1 where la > 0
-- expect:
-- raw.a.x -> mart.t.la DIRECT.AGGREGATION [avg]
-- raw.a.k -> mart.t.la INDIRECT.CONDITIONAL
-- raw.a.id -> mart.t.id DIRECT.IDENTITY
-- raw.a.x -> mart.t.la INDIRECT.FILTER
-- raw.a.k -> mart.t.la INDIRECT.FILTER
-- raw.a.x -> mart.t.id INDIRECT.FILTER
-- raw.a.k -> mart.t.id INDIRECT.FILTER
-- raw.a.id -> mart.t.la INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.la INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.la INDIRECT.GROUP_BY
-- raw.a.id -> mart.t.id INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.id INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.id INDIRECT.GROUP_BY

-- title: P18-1c databricks lateral column alias over an UNPIVOT reads a made-up column
-- dialect: databricks
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
create table mart.t as
select u.s as la, abs(la) as c1 from raw.a unpivot (val for nm in (x, y)) as u
-- expect:
-- raw.a.s -> mart.t.la DIRECT.IDENTITY
-- raw.a.s -> mart.t.c1 DIRECT.TRANSFORMATION [abs]

-- title: P18-1d duckdb lateral column alias over a lone PIVOT in an arithmetic expression
-- dialect: duckdb
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
create table mart.t as
select p.id as la, la + 1 as c1 from raw.a pivot (sum(x) for k in (1 as p1, 2 as p2)) as p
-- expect:
-- raw.a.id -> mart.t.la DIRECT.IDENTITY
-- raw.a.id -> mart.t.c1 DIRECT.TRANSFORMATION
-- raw.a.id -> mart.t.la INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.la INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.la INDIRECT.GROUP_BY
-- raw.a.id -> mart.t.c1 INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.c1 INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.c1 INDIRECT.GROUP_BY

-- title: P18-1e snowflake output alias in WHERE over a lone UNPIVOT filters on the unpivoted columns
-- dialect: snowflake
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
create table mart.t as
select u.val as v2, u.id from raw.a unpivot (val for nm in (x, y)) as u where v2 > 0
-- expect:
-- raw.a.id -> mart.t.id DIRECT.IDENTITY
-- raw.a.x -> mart.t.v2 DIRECT.IDENTITY
-- raw.a.y -> mart.t.v2 DIRECT.IDENTITY
-- raw.a.x -> mart.t.id INDIRECT.FILTER
-- raw.a.y -> mart.t.id INDIRECT.FILTER
-- raw.a.x -> mart.t.v2 INDIRECT.FILTER
-- raw.a.y -> mart.t.v2 INDIRECT.FILTER

-- title: P18-1f databricks lateral alias over a PIVOT of a table of unknown columns: the pivoted column still aggregates
-- dialect: databricks
create table mart.t as
select t1.id as la, abs(la) as c1, p1 from raw.q pivot (avg(x) for k in (1 as p1, 2 as p2)) as t1
-- expect:
-- raw.q.id -> mart.t.la DIRECT.IDENTITY
-- raw.q.id -> mart.t.c1 DIRECT.TRANSFORMATION [abs]
-- raw.q.x -> mart.t.p1 DIRECT.AGGREGATION [avg]
-- raw.q.k -> mart.t.p1 INDIRECT.CONDITIONAL

-- title: P18-1g snowflake a name neither the pivot nor its table has is unresolved, not made up
-- dialect: snowflake
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
create table mart.t as
select t1.zz, t1.p1 from raw.a pivot (avg(x) for k in (1 as p1, 2 as p2)) as t1
-- expect:
-- raw.a.x -> mart.t.p1 DIRECT.AGGREGATION [avg]
-- raw.a.k -> mart.t.p1 INDIRECT.CONDITIONAL
-- raw.a.id -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.p1 INDIRECT.GROUP_BY
-- expect-diagnostics: unresolved-column mart.t.zz

-- title: P18-1h databricks a bare name neither the unpivot nor its table has is unresolved
-- dialect: databricks
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
create table mart.t as
select zz, val from raw.a unpivot (val for nm in (x, y)) as u
-- expect:
-- raw.a.x -> mart.t.val DIRECT.IDENTITY
-- raw.a.y -> mart.t.val DIRECT.IDENTITY
-- expect-diagnostics: unresolved-column mart.t.zz
