-- title: P18-2a duckdb COLUMNS('regex') over a CTE writes the CTE's matching columns
-- dialect: duckdb
-- schema: {"raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as
with c as (select b.z, b.w as w2 from raw.b b)
select columns('^(z|w2)$') from c
-- expect:
-- raw.b.z -> mart.t.z DIRECT.IDENTITY
-- raw.b.w -> mart.t.w2 DIRECT.IDENTITY

-- title: P18-2b duckdb COLUMNS('regex') in a derived table over a CTE, read outside it
-- dialect: duckdb
-- schema: {"raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as
with c as (select b.z, b.w as w2 from raw.b b)
select t.z from (select columns('^(z)$') from c) as t
-- expect:
-- raw.b.z -> mart.t.z DIRECT.IDENTITY

-- title: P18-2 duckdb a chain of CTEs: a column list, * EXCLUDE, then COLUMNS(*) and max(COLUMNS(...))
-- dialect: duckdb
-- schema: {"raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as
with c as (select b.id, b.z, b.w as w2 from raw.b b),
d (p, q) as (select columns('^(z|w2)$') from c),
e as (select * exclude (q), d.q as qq from d)
select columns(*), max(columns('^q')) from e group by all
-- expect:
-- raw.b.z -> mart.t.p DIRECT.IDENTITY
-- raw.b.w -> mart.t.qq DIRECT.IDENTITY
-- raw.b.w -> mart.t.max(qq) DIRECT.AGGREGATION [max]
-- raw.b.z -> mart.t.p INDIRECT.GROUP_BY
-- raw.b.w -> mart.t.p INDIRECT.GROUP_BY
-- raw.b.z -> mart.t.qq INDIRECT.GROUP_BY
-- raw.b.w -> mart.t.qq INDIRECT.GROUP_BY
-- raw.b.z -> mart.t.max(qq) INDIRECT.GROUP_BY
-- raw.b.w -> mart.t.max(qq) INDIRECT.GROUP_BY

-- title: P18-2 clickhouse COLUMNS('regex') over a derived table with a column list, read outside it
-- dialect: clickhouse
-- schema: {"raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
insert into mart.t (a)
select t.w2 from (select COLUMNS('2$') from (select b.z, b.w from raw.b b) as s (z, w2)) as t
-- expect:
-- raw.b.w -> mart.t.a DIRECT.IDENTITY

-- title: P18-2 duckdb COLUMNS('regex') over a CTE matching nothing: diagnosed, not a column
-- dialect: duckdb
-- schema: {"raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as
with c as (select b.z from raw.b b)
select c.z, columns('^nomatch') from c
-- expect:
-- raw.b.z -> mart.t.z DIRECT.IDENTITY
-- expect-diagnostics:
-- unresolved-column mart.t

-- title: P18-2 duckdb COLUMNS(...) over a source of unknown columns: a star there, or diagnosed
-- dialect: duckdb
-- schema: {"raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as
select columns('^z') from raw.q q;
create table mart.u as
with c as (select * from raw.q)
select b.id, columns('^z') from c, raw.b b
-- expect:
-- raw.q.* -> mart.t.* DIRECT.IDENTITY (unresolved)
-- raw.b.id -> mart.u.id DIRECT.IDENTITY
-- expect-diagnostics:
-- unresolved-star raw.q.*
-- unresolved-star *

-- title: P18-2 duckdb COLUMNS(...) over set-operation CTEs: a UNION's first-branch names, BY NAME all branches', a recursive CTE's own
-- dialect: duckdb
-- schema: {"raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as
with c as (select z, w from raw.b union all select k, id from raw.b),
     d as (select z from raw.b union all by name select w, z from raw.b)
select columns('^z$'), d.w from c, d;
create table mart.u as
with recursive r as (select z from raw.b union all select z + 1 from r where z < 5)
select columns('z') from r
-- expect:
-- raw.b.z -> mart.t.z DIRECT.IDENTITY
-- raw.b.k -> mart.t.z DIRECT.IDENTITY
-- raw.b.w -> mart.t.w DIRECT.IDENTITY
-- raw.b.z -> mart.u.z DIRECT.IDENTITY
-- raw.b.z -> mart.u.z DIRECT.TRANSFORMATION
-- raw.b.z -> mart.u.z INDIRECT.FILTER

-- title: P18-2 duckdb a CTE column list names the columns the database would name, for COLUMNS(...)
-- dialect: duckdb
-- schema: {"raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as
with c (n, zz) as (select 1, b.z + 1 from raw.b b)
select columns('zz') from c
-- expect:
-- raw.b.z -> mart.t.zz DIRECT.TRANSFORMATION

-- title: P18-2 duckdb COLUMNS(...) it cannot write out is diagnosed: a lambda, * REPLACE, one outside the SELECT list
-- dialect: duckdb
-- schema: {"raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as select columns(c -> c like 'z%') from raw.b;
create table mart.u as select id from raw.b where columns('z') > 0
-- expect-includes:
-- raw.b.id -> mart.u.id DIRECT.IDENTITY
-- expect-diagnostics:
-- unresolved-star *
-- unresolved-star *

-- title: P18-2 duckdb COLUMNS('regex') over a CTE whose star names its source in another case
-- dialect: duckdb
-- schema: {"raw.t": {"a1": "int", "b": "int"}}
create table mart.t as
with c as (select X.* from raw.t x)
select columns('^a') from c
-- expect:
-- raw.t.a1 -> mart.t.a1 DIRECT.IDENTITY
