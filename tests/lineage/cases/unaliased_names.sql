-- Unaliased expressions in a statement that creates a table or view are named as the database
-- names them where the rule follows from the AST (Postgres's FigureColname, Trino's `_colN`,
-- Hive's `_cN`); the dialects that name them by their text keep qualify's `_col_N`.

-- title: postgres names a column by its name, a function by its name, an operator ?column?, a cast of a constant by its type
-- dialect: postgres
-- schema: {"s.t": {"a": "int", "b": "text", "d": "date"}}
create table m.t as select t.a, count(*), a + 1, b::varchar(10), 1::bigint, true from s.t group by t.a, b
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY
-- s.t.a -> m.t.a INDIRECT.GROUP_BY
-- s.t.b -> m.t.a INDIRECT.GROUP_BY
-- s.t.a -> m.t.count INDIRECT.GROUP_BY
-- s.t.b -> m.t.count INDIRECT.GROUP_BY
-- s.t.a -> m.t.?column? DIRECT.TRANSFORMATION
-- s.t.a -> m.t.?column? INDIRECT.GROUP_BY
-- s.t.b -> m.t.?column? INDIRECT.GROUP_BY
-- s.t.b -> m.t.b DIRECT.TRANSFORMATION [cast]
-- s.t.a -> m.t.b INDIRECT.GROUP_BY
-- s.t.b -> m.t.b INDIRECT.GROUP_BY
-- s.t.a -> m.t.int8 INDIRECT.GROUP_BY
-- s.t.b -> m.t.int8 INDIRECT.GROUP_BY
-- s.t.a -> m.t.bool INDIRECT.GROUP_BY
-- s.t.b -> m.t.bool INDIRECT.GROUP_BY

-- title: postgres names CASE by its ELSE's name or case, a scalar subquery by its output, ARRAY, ROW, EXISTS and the conditional functions by their names
-- dialect: postgres
-- schema: {"s.t": {"a": "int", "b": "text", "d": "date"}}
create table m.t as
select case when a > 0 then b end, case when a > 0 then 'x' else b end, coalesce(b, 'z'),
  greatest(a, 0), nullif(b, ''), array[a], row(a, b), (select max(u.a) from s.t u), upper(b),
  pg_catalog.lower(b), exists (select 1 from s.t u where u.a = t.a)
from s.t
-- expect:
-- s.t.b -> m.t.case DIRECT.TRANSFORMATION [case]
-- s.t.a -> m.t.case INDIRECT.CONDITIONAL
-- s.t.b -> m.t.b DIRECT.TRANSFORMATION [case]
-- s.t.a -> m.t.b INDIRECT.CONDITIONAL
-- s.t.b -> m.t.coalesce DIRECT.TRANSFORMATION [coalesce]
-- s.t.a -> m.t.greatest DIRECT.TRANSFORMATION [greatest]
-- s.t.b -> m.t.nullif DIRECT.TRANSFORMATION [nullif]
-- s.t.b -> m.t.nullif INDIRECT.CONDITIONAL
-- s.t.a -> m.t.array DIRECT.TRANSFORMATION [array]
-- s.t.a -> m.t.row DIRECT.TRANSFORMATION [row]
-- s.t.b -> m.t.row DIRECT.TRANSFORMATION [row]
-- s.t.a -> m.t.max DIRECT.AGGREGATION [max]
-- s.t.b -> m.t.upper DIRECT.TRANSFORMATION [upper]
-- s.t.b -> m.t.lower DIRECT.TRANSFORMATION [lower]
-- s.t.a -> m.t.exists INDIRECT.FILTER

-- title: redshift view: a function by its name, an operator ?column?, a cast of null by its type
-- dialect: redshift
-- schema: {"s.t": {"a": "int", "b": "text", "d": "date"}}
create view m.v as select d, date_trunc('month', d), d - 1, cast(null as date) from s.t
-- expect:
-- s.t.d -> m.v.d DIRECT.IDENTITY
-- s.t.d -> m.v.date_trunc DIRECT.TRANSFORMATION [timestamp_trunc]
-- s.t.d -> m.v.?column? DIRECT.TRANSFORMATION

-- title: postgres a UNION is named by its first branch
-- dialect: postgres
-- schema: {"s.t": {"a": "int", "b": "text", "d": "date"}}
create table m.t as select upper(b) from s.t union all select a::text from s.t
-- expect:
-- s.t.b -> m.t.upper DIRECT.TRANSFORMATION [upper]
-- s.t.a -> m.t.upper DIRECT.TRANSFORMATION [cast]

-- title: postgres a later statement reads the created table's column by the name postgres gave it
-- dialect: postgres
-- schema: {"s.t": {"a": "int", "b": "text", "d": "date"}}
create temp table x as select b, count(*), max(a) + 1 from s.t group by b;
insert into m.u (b, n, m) select b, count, "?column?" from x
-- expect:
-- s.t.b -> m.u.b DIRECT.IDENTITY
-- s.t.b -> m.u.b INDIRECT.GROUP_BY
-- s.t.b -> m.u.n INDIRECT.GROUP_BY
-- s.t.a -> m.u.m DIRECT.AGGREGATION [max]
-- s.t.b -> m.u.m INDIRECT.GROUP_BY

-- title: trino names an unaliased expression _colN by its 0-based position, a column by its name
-- dialect: trino
-- schema: {"s.t": {"a": "int", "b": "varchar", "d": "date"}}
create table m.t as select a, a + 1, upper(b), cast(a as varchar) from s.t
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY
-- s.t.a -> m.t._col1 DIRECT.TRANSFORMATION
-- s.t.b -> m.t._col2 DIRECT.TRANSFORMATION [upper]
-- s.t.a -> m.t._col3 DIRECT.TRANSFORMATION [cast]

-- title: athena counts a star's columns in the position
-- dialect: athena
-- schema: {"s.t": {"a": "int", "b": "varchar", "d": "date"}}
create table m.t as select *, a * 2 from s.t
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY
-- s.t.b -> m.t.b DIRECT.IDENTITY
-- s.t.d -> m.t.d DIRECT.IDENTITY
-- s.t.a -> m.t._col3 DIRECT.TRANSFORMATION

-- title: hive names an unaliased expression _cN
-- dialect: hive
-- schema: {"s.t": {"a": "int", "b": "string"}}
create table m.t as select a, a + 1, upper(b) from s.t
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY
-- s.t.a -> m.t._c1 DIRECT.TRANSFORMATION
-- s.t.b -> m.t._c2 DIRECT.TRANSFORMATION [upper]

-- title: spark names an expression by its text, which the AST does not keep: qualify's _col_N stays
-- dialect: spark
-- schema: {"s.t": {"a": "int", "b": "string"}}
create table m.t as select a, a + 1 from s.t
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY
-- s.t.a -> m.t._col_1 DIRECT.TRANSFORMATION

-- title: duckdb keeps qualify's _col_N too
-- dialect: duckdb
-- schema: {"s.t": {"a": "int", "b": "varchar"}}
create table m.t as select a, upper(b) from s.t
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY
-- s.t.b -> m.t._col_1 DIRECT.TRANSFORMATION [upper]

-- title: postgres SELECT INTO names its expressions too
-- dialect: postgres
-- schema: {"s.t": {"a": "int", "b": "text"}}
select a, length(b) into m.t from s.t
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY
-- s.t.b -> m.t.length DIRECT.TRANSFORMATION [length]

-- title: postgres a CTE's unaliased column is read by the name postgres gives it
-- dialect: postgres
-- schema: {"s.t": {"a": "int", "b": "text"}}
create table m.x as with c as (select b, count(*), max(a) + 1 from s.t group by b) select b, count, "?column?" as m from c
-- expect:
-- s.t.b -> m.x.b DIRECT.IDENTITY
-- s.t.b -> m.x.b INDIRECT.GROUP_BY
-- s.t.b -> m.x.count INDIRECT.GROUP_BY
-- s.t.a -> m.x.m DIRECT.AGGREGATION [max]
-- s.t.b -> m.x.m INDIRECT.GROUP_BY

-- title: postgres derived tables and a LATERAL subquery name their columns alike, a star over them too
-- dialect: postgres
-- schema: {"s.t": {"a": "int", "b": "text"}}
insert into m.x (p, q) select d.upper, l.max from (select upper(b) from s.t) d cross join lateral (select max(a) from s.t u where u.b = d.upper) l;
create table m.y as select * from (select a + 1, b::varchar(5) from s.t union all select 1, 'x') d
-- expect:
-- s.t.b -> m.x.p DIRECT.TRANSFORMATION [upper]
-- s.t.a -> m.x.q DIRECT.AGGREGATION [max]
-- s.t.b -> m.x.q INDIRECT.FILTER
-- s.t.a -> m.y.?column? DIRECT.TRANSFORMATION
-- s.t.b -> m.y.b DIRECT.TRANSFORMATION [cast]

-- title: postgres two columns of one name in a CTE: reading the name is ambiguous, as postgres says
-- dialect: postgres
-- schema: {"s.t": {"a": "int", "b": "text"}}
insert into m.x (p) with c as (select count(a), count(b) from s.t where b > 'x') select count from c
-- expect:
-- s.t.a -> m.x.p DIRECT.AGGREGATION [count] (ambiguous)
-- s.t.b -> m.x.p DIRECT.AGGREGATION [count] (ambiguous)
-- s.t.b -> m.x.p INDIRECT.FILTER
-- expect-diagnostics:
-- ambiguous-column count

-- title: hive reads a subquery's unaliased expression as _cN
-- dialect: hive
-- schema: {"s.t": {"a": "int", "b": "string"}}
insert into m.x select _c1, a from (select a, upper(b) from s.t) d
-- expect-includes:
-- s.t.b -> m.x._c1 DIRECT.TRANSFORMATION [upper]

-- title: trino's derived columns have no name to read (_colN only names a created table's): unresolved
-- dialect: trino
-- schema: {"s.t": {"a": "int", "b": "varchar"}, "m.x": {"p": "varchar"}}
insert into m.x select _col1 from (select a, upper(b) from s.t) d
-- expect:
-- expect-diagnostics:
-- unresolved-column _col1
