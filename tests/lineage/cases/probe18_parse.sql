-- Found by an eighteenth probe (a differential fuzz): statements cut where they should not be.

-- title: P18-4 tsql view with a column list over a CTE with a column list
-- dialect: tsql
-- schema: {"raw.a": {"id": "int", "x": "int"}}
create view mart.v (a) as with c (p) as (select x from raw.a) select p from c
-- expect:
-- raw.a.x -> mart.v.a DIRECT.IDENTITY

-- title: P18-4b tsql view WITH SCHEMABINDING and a column list over a CTE with a column list
-- dialect: tsql
-- schema: {"raw.a": {"id": "int", "x": "int"}}
create view mart.v (a, b)
with schemabinding
as
with c (p, q) as (select x, id from raw.a)
select p, q from c
-- expect:
-- raw.a.x -> mart.v.a DIRECT.IDENTITY
-- raw.a.id -> mart.v.b DIRECT.IDENTITY

-- title: P18-4c tsql CREATE TABLE #t (cols) then a CTE with a column list on the next line: two statements
-- dialect: tsql
-- schema: {"raw.a": {"id": "int", "x": "int"}}
create table #t (a int)
with c (p) as (select x from raw.a) insert into mart.m (a) select p from c
-- expect:
-- raw.a.x -> mart.m.a DIRECT.IDENTITY

-- title: P18-5 a CTAS sqlglot cannot parse, its query on the next line, is one unsupported statement, not a CTAS of nothing
-- dialect: snowflake
-- schema: {"raw.a": {"s": "int"}, "raw.c": {"v": "int"}}
create table mart.t as
select upper(c.v) as u from raw.c c group by all except select a.s from raw.a a;
-- expect:
-- expect-diagnostics:
-- unsupported-statement

-- title: P18-5b the temp table such a statement creates is still a temp table, never an asset
-- dialect: snowflake
-- schema: {"raw.a": {"s": "int"}, "raw.c": {"v": "int"}}
create temporary table tmp18 as
select upper(c.v) as u from raw.c c group by all except select a.s from raw.a a;
insert into mart.out (o) select t.u from tmp18 t
-- expect:
-- expect-diagnostics:
-- unsupported-statement
