-- title: Databricks struct fields with implicit aliases (no AS), as Spark allows (P22-3, TPC-DI DimTrade)
-- dialect: databricks
-- schema: {"raw.trade": {"t_id": "bigint", "t_dts": "timestamp", "t_st_id": "string", "t_is_cash": "boolean"}}
insert into wh.dimtrade
select t_id, max_by(struct(t_dts, t_st_id status, t_is_cash cashflag), t_dts) as latest
from raw.trade group by t_id;
-- expect:
-- raw.trade.t_id -> wh.dimtrade.t_id DIRECT.IDENTITY
-- raw.trade.t_dts -> wh.dimtrade.latest DIRECT.AGGREGATION [struct, arg_max]
-- raw.trade.t_st_id -> wh.dimtrade.latest DIRECT.AGGREGATION [struct, arg_max]
-- raw.trade.t_is_cash -> wh.dimtrade.latest DIRECT.AGGREGATION [struct, arg_max]
-- raw.trade.t_dts -> wh.dimtrade.latest INDIRECT.SORT
-- raw.trade.t_id -> wh.dimtrade.t_id INDIRECT.GROUP_BY
-- raw.trade.t_id -> wh.dimtrade.latest INDIRECT.GROUP_BY

-- title: implicit struct aliases after a call, a string and a CASE; an INTERVAL's unit is no alias
-- dialect: databricks
-- schema: {"raw.t": {"a": "int", "ts": "timestamp"}}
create table wh.s as
select struct(cast(a as string) sa, 'x' tag, case when a > 1 then a end big, ts + interval 1 day as next_day) as s
from raw.t;
-- expect:
-- raw.t.a -> wh.s.s DIRECT.TRANSFORMATION [cast, struct]
-- raw.t.a -> wh.s.s DIRECT.TRANSFORMATION [case, struct]
-- raw.t.ts -> wh.s.s DIRECT.TRANSFORMATION [struct]
-- raw.t.a -> wh.s.s INDIRECT.CONDITIONAL

-- title: Postgres XMLPARSE(DOCUMENT | CONTENT x) reads x (P22-4)
-- dialect: postgres
-- schema: {"raw.f": {"id": "int", "doc": "text"}}
insert into emp.emp
select id, (xpath('/e/name/text()', xmlparse(document doc)))[1]::text as name, xmlparse(content doc) as body
from raw.f;
-- expect:
-- raw.f.id -> emp.emp.id DIRECT.IDENTITY
-- raw.f.doc -> emp.emp.name DIRECT.TRANSFORMATION [xmlparse, xpath, cast]
-- raw.f.doc -> emp.emp.body DIRECT.TRANSFORMATION [xmlparse]

-- title: implicit struct aliases name the fields a later query reads; after a cast and a niladic function too; an unaliased INTERVAL is left as is
-- dialect: databricks
-- schema: {"raw.trade": {"t_id": "bigint", "t_st_id": "string", "a": "string", "ts": "timestamp"}}
create table wh.f as
select x.s.status, x.s.n, x.s.d
from (select struct(t_st_id status, a::int n, current_date d, ts + interval 1 day) as s from raw.trade) x;
-- expect:
-- raw.trade.t_st_id -> wh.f.status DIRECT.TRANSFORMATION [struct]
-- raw.trade.a -> wh.f.n DIRECT.TRANSFORMATION [cast, struct]

-- title: a struct with an implicit alias inside a DLT expectation: the expectations are still cut cleanly
-- dialect: databricks
-- schema: {"raw.t": {"id": "int", "a": "int", "b": "int"}}
CREATE OR REFRESH LIVE TABLE dw.t (CONSTRAINT c EXPECT (struct(a x) IS NOT NULL), id INT, CONSTRAINT d EXPECT (b > 0) ON VIOLATION DROP ROW) AS SELECT id FROM raw.t
-- expect:
-- raw.t.id -> dw.t.id DIRECT.IDENTITY
