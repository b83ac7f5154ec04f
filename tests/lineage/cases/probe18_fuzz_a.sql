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

-- title: P18-3 bigquery a field of a struct built in a CTE reads only the argument that fills it
-- dialect: bigquery
-- schema: {"raw.a": {"id": "int64", "k": "int64", "x": "int64", "y": "int64", "s": "int64"}}
create table mart.t as
with c as (select a.id, struct(a.x as f, a.y as g) as sx from raw.a a)
select c.id, c.sx.f as sf from c
-- expect:
-- raw.a.id -> mart.t.id DIRECT.IDENTITY
-- raw.a.x -> mart.t.sf DIRECT.TRANSFORMATION [struct]

-- title: P18-3b databricks named_struct field in SELECT and WHERE reads only that field's argument
-- dialect: databricks
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
create table mart.t as
with c as (select a.id, named_struct('f', a.x, 'g', a.y) as sx from raw.a a)
select c.id, c.sx.f as sf from c where c.sx.g > 0
-- expect:
-- raw.a.id -> mart.t.id DIRECT.IDENTITY
-- raw.a.x -> mart.t.sf DIRECT.TRANSFORMATION [struct]
-- raw.a.y -> mart.t.id INDIRECT.FILTER
-- raw.a.y -> mart.t.sf INDIRECT.FILTER

-- title: P18-3c duckdb {'f': ..} fields read by dot and by bracket in a derived table, grouped by them
-- dialect: duckdb
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
create table mart.t as
select d.sx['g'] as sg, d.sx.f as sf
from (select {'f': a.x, 'g': upper(a.y)} as sx from raw.a a) d
group by d.sx.f, d.sx['g']
-- expect:
-- raw.a.x -> mart.t.sf DIRECT.TRANSFORMATION [struct]
-- raw.a.y -> mart.t.sg DIRECT.TRANSFORMATION [upper, struct]
-- raw.a.x -> mart.t.sf INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.sf INDIRECT.GROUP_BY
-- raw.a.x -> mart.t.sg INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.sg INDIRECT.GROUP_BY

-- title: P18-3d snowflake object_construct then :f reads only that key's value
-- dialect: snowflake
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
create table mart.t as
with c as (select a.id, object_construct('f', a.x, 'g', a.y) as sx from raw.a a)
select c.sx:f as sf, c.sx:g::int as sg from c
-- expect:
-- raw.a.x -> mart.t.sf DIRECT.TRANSFORMATION [struct, json_extract]
-- raw.a.y -> mart.t.sg DIRECT.TRANSFORMATION [struct, json_extract, cast]

-- title: P18-3e bigquery a built struct through SELECT * of a CTE; a key it lacks reads the whole column
-- dialect: bigquery
-- schema: {"raw.a": {"id": "int64", "k": "int64", "x": "int64", "y": "int64", "s": "int64"}}
create table mart.t as
with c as (select a.id, struct(a.x as f, a.y as g) as sx from raw.a a where a.k > 0),
d as (select * from c)
select d.sx.f as sf, d.sx.zz as sz from d
-- expect:
-- raw.a.x -> mart.t.sf DIRECT.TRANSFORMATION [struct]
-- raw.a.x -> mart.t.sz DIRECT.TRANSFORMATION [struct]
-- raw.a.y -> mart.t.sz DIRECT.TRANSFORMATION [struct]
-- raw.a.k -> mart.t.sf INDIRECT.FILTER
-- raw.a.k -> mart.t.sz INDIRECT.FILTER

-- title: P18-3f bigquery an unnamed struct argument is the field of its column's name (spark names it in the parser)
-- dialect: bigquery
-- schema: {"raw.a": {"id": "int64", "k": "int64", "x": "int64", "y": "int64", "s": "int64"}}
create table mart.t as
with c as (select a.id, struct(a.x, a.y) as sx from raw.a a)
select c.sx.y as sy from c
-- expect:
-- raw.a.y -> mart.t.sy DIRECT.TRANSFORMATION [struct]

-- title: P18-3g spark an unnamed struct argument is the field of its column's name
-- dialect: spark
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
create table mart.t as
with c as (select a.id, struct(a.x, a.y) as sx from raw.a a)
select c.sx.y as sy from c
-- expect:
-- raw.a.y -> mart.t.sy DIRECT.TRANSFORMATION [struct]

-- title: P18-3h clickhouse a named tuple's field reads only its element (tuple(v AS f): an alias)
-- dialect: clickhouse
-- schema: {"raw.a": {"id": "Int64", "x": "Int64", "y": "Int64"}}
create table mart.t engine = Memory as
with c as (select a.id, tuple(a.x AS f, a.y AS g) as sx from raw.a a)
select c.sx.f as sf from c
-- expect:
-- raw.a.x -> mart.t.sf DIRECT.TRANSFORMATION [struct]
