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
