-- Probe 3's open gaps, closed in the seventeenth session: `(+)` on an unqualified column,
-- a method call on a bare column, dual as the first FROM / a MERGE's USING, and trigger bodies.

-- title: oracle (+) on an unqualified column joins on the table whose known columns hold it
-- dialect: oracle
-- schema: {"s.a": {"id": "number", "v": "varchar2"}, "s.b": {"bid": "number", "w": "varchar2"}}
create table dw.ab as select a.id, w from s.a a, s.b where a.id = bid(+)
-- expect:
-- s.a.id -> dw.ab.id DIRECT.IDENTITY
-- s.b.w -> dw.ab.w DIRECT.IDENTITY
-- s.a.id -> dw.ab.id INDIRECT.JOIN
-- s.b.bid -> dw.ab.id INDIRECT.JOIN
-- s.a.id -> dw.ab.w INDIRECT.JOIN
-- s.b.bid -> dw.ab.w INDIRECT.JOIN

-- title: oracle (+) on an unqualified column: the only source of unknown columns holds it
-- dialect: oracle
-- schema: {"s.a": {"id": "number", "v": "varchar2"}}
insert into dw.ab (id, v) select a.id, a.v from s.a a, s.b b where a.id = bid(+)
-- expect:
-- s.a.id -> dw.ab.id DIRECT.IDENTITY
-- s.a.v -> dw.ab.v DIRECT.IDENTITY
-- s.a.id -> dw.ab.id INDIRECT.JOIN
-- s.b.bid -> dw.ab.id INDIRECT.JOIN
-- s.a.id -> dw.ab.v INDIRECT.JOIN
-- s.b.bid -> dw.ab.v INDIRECT.JOIN

-- title: tsql xml method on a bare column keeps the column
-- dialect: tsql
-- schema: {"s.t": {"id": "int", "doc": "xml"}}
insert into dw.x (id, n) select id, doc.value('(/a)[1]', 'int') from s.t
-- expect:
-- s.t.id -> dw.x.id DIRECT.IDENTITY
-- s.t.doc -> dw.x.n DIRECT.TRANSFORMATION

-- title: tsql xml method on a qualified column keeps the column
-- dialect: tsql
-- schema: {"s.t": {"id": "int", "doc": "xml"}}
insert into dw.x (id, q) select t.id, t.doc.query('/a') from s.t t
-- expect:
-- s.t.id -> dw.x.id DIRECT.IDENTITY
-- s.t.doc -> dw.x.q DIRECT.TRANSFORMATION

-- title: duckdb method-call syntax on a column (the method is not listed, as for f(x).m())
-- dialect: duckdb
-- schema: {"s.t": {"name": "varchar"}}
create table dw.x as select name.upper() as u from s.t
-- expect:
-- s.t.name -> dw.x.u DIRECT.TRANSFORMATION

-- title: oracle method on a qualified column
-- dialect: oracle
-- schema: {"s.t": {"id": "number", "doc": "xmltype"}}
create table dw.x as select t.id, t.doc.getClobVal() as c from s.t t
-- expect:
-- s.t.id -> dw.x.id DIRECT.IDENTITY
-- s.t.doc -> dw.x.c DIRECT.TRANSFORMATION

-- title: tsql a schema-qualified function is no method: dbo is not a column
-- dialect: tsql
-- schema: {"s.t": {"x": "int"}}
insert into dw.x (y) select dbo.fn(x) from s.t
-- expect:
-- s.t.x -> dw.x.y DIRECT.TRANSFORMATION [fn]

-- title: spark any(x) is the aggregate bool_or, not a quantifier; = ANY (subquery) stays a filter
-- dialect: databricks
-- schema: {"s.t": {"id": "int", "flag": "boolean", "g": "int"}, "s.u": {"id": "int"}}
insert into m.u
select g, any(flag) as f
from s.t
where id = any (select id from s.u)
group by g
having any(flag) = true
-- expect:
-- s.t.g -> m.u.g DIRECT.IDENTITY
-- s.t.flag -> m.u.f DIRECT.AGGREGATION [any]
-- s.t.g -> m.u.g INDIRECT.GROUP_BY
-- s.t.g -> m.u.f INDIRECT.GROUP_BY
-- s.t.id -> m.u.g INDIRECT.FILTER
-- s.t.id -> m.u.f INDIRECT.FILTER
-- s.u.id -> m.u.g INDIRECT.FILTER
-- s.u.id -> m.u.f INDIRECT.FILTER
-- s.t.flag -> m.u.g INDIRECT.FILTER
-- s.t.flag -> m.u.f INDIRECT.FILTER
