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
