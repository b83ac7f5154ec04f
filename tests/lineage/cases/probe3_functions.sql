-- Probe 3 gaps in functions and clauses: aggregates sqlglot knows only by name, ClickHouse
-- combinators and multiIf, ANY_VALUE HAVING MAX, Oracle KEEP / method calls / sequences,
-- Hive SORT BY and CLUSTER BY.

-- title: postgres jsonb_agg is an aggregate: a lateral aggregate without group by keeps every outer row
-- dialect: postgres
-- schema: {"s.orders": {"id": "int"}, "s.items": {"order_id": "int", "sku": "text"}}
create table m.t as
select o.id, x.skus
from s.orders o
cross join lateral (select jsonb_agg(i.sku) as skus from s.items i where i.order_id = o.id) x
-- expect:
-- s.orders.id -> m.t.id DIRECT.IDENTITY
-- s.items.sku -> m.t.skus DIRECT.AGGREGATION [jsonb_agg]
-- s.items.order_id -> m.t.skus INDIRECT.FILTER
-- s.orders.id -> m.t.skus INDIRECT.FILTER

-- title: mysql json_arrayagg is an aggregate
-- dialect: mysql
-- schema: {"s.o": {"cid": "int", "sku": "text"}}
create table m.t as select cid, json_arrayagg(sku) as skus from s.o group by cid
-- expect:
-- s.o.cid -> m.t.cid DIRECT.IDENTITY
-- s.o.cid -> m.t.cid INDIRECT.GROUP_BY
-- s.o.sku -> m.t.skus DIRECT.AGGREGATION [json_arrayagg]
-- s.o.cid -> m.t.skus INDIRECT.GROUP_BY

-- title: duckdb group by all leaves out an aggregate sqlglot knows only by name
-- dialect: duckdb
-- schema: {"s.t": {"k": "varchar", "v": "double"}}
create table m.t as select k, geomean(v) as g from s.t group by all
-- expect:
-- s.t.k -> m.t.k DIRECT.IDENTITY
-- s.t.k -> m.t.k INDIRECT.GROUP_BY
-- s.t.v -> m.t.g DIRECT.AGGREGATION [geomean]
-- s.t.k -> m.t.g INDIRECT.GROUP_BY

-- title: trino checksum and map_union are aggregates
-- dialect: trino
-- schema: {"s.t": {"k": "varchar", "v": "varchar", "m": "map(varchar, bigint)"}}
create table m.t as select k, checksum(v) as c, map_union(m) as mu from s.t group by k
-- expect:
-- s.t.k -> m.t.k DIRECT.IDENTITY
-- s.t.k -> m.t.k INDIRECT.GROUP_BY
-- s.t.v -> m.t.c DIRECT.AGGREGATION [checksum]
-- s.t.k -> m.t.c INDIRECT.GROUP_BY
-- s.t.m -> m.t.mu DIRECT.AGGREGATION [map_union]
-- s.t.k -> m.t.mu INDIRECT.GROUP_BY

-- title: spark some and histogram_numeric are aggregates
-- dialect: spark
-- schema: {"s.t": {"k": "string", "flag": "boolean", "v": "double"}}
insert overwrite table m.t select k, some(flag) as any_flag, histogram_numeric(v, 10) as h from s.t group by k
-- expect:
-- s.t.k -> m.t.k DIRECT.IDENTITY
-- s.t.k -> m.t.k INDIRECT.GROUP_BY
-- s.t.flag -> m.t.any_flag DIRECT.AGGREGATION [some]
-- s.t.k -> m.t.any_flag INDIRECT.GROUP_BY
-- s.t.v -> m.t.h DIRECT.AGGREGATION [histogram_numeric]
-- s.t.k -> m.t.h INDIRECT.GROUP_BY

-- title: bigquery hll_count.init is an aggregate (a qualified function is named by its last part)
-- dialect: bigquery
-- schema: {"p.raw.visits": {"day": "date", "user_id": "string"}}
create table p.mart.sketches as select day, hll_count.init(user_id) as users_sketch from p.raw.visits group by day
-- expect:
-- p.raw.visits.day -> p.mart.sketches.day DIRECT.IDENTITY
-- p.raw.visits.day -> p.mart.sketches.day INDIRECT.GROUP_BY
-- p.raw.visits.user_id -> p.mart.sketches.users_sketch DIRECT.AGGREGATION [init]
-- p.raw.visits.day -> p.mart.sketches.users_sketch INDIRECT.GROUP_BY

-- title: oracle stats_mode in a correlated scalar subquery is an aggregate
-- dialect: oracle
-- schema: {"s.c": {"id": "number"}, "s.o": {"cid": "number", "channel": "varchar2"}}
create table m.t as select c.id, (select stats_mode(o.channel) from s.o o where o.cid = c.id) as usual_channel from s.c c
-- expect:
-- s.c.id -> m.t.id DIRECT.IDENTITY
-- s.o.channel -> m.t.usual_channel DIRECT.AGGREGATION [stats_mode]
-- s.o.cid -> m.t.usual_channel INDIRECT.FILTER
-- s.c.id -> m.t.usual_channel INDIRECT.FILTER

-- title: oracle method call on a function result keeps the function's column
-- dialect: oracle
-- schema: {"s.t": {"id": "number", "doc": "clob"}}
create table m.t as select id, xmltype(doc).getClobVal() as x from s.t
-- expect:
-- s.t.id -> m.t.id DIRECT.IDENTITY
-- s.t.doc -> m.t.x DIRECT.TRANSFORMATION [xmltype]

-- title: oracle xmlagg string aggregation with extract
-- dialect: oracle
-- schema: {"s.t": {"g": "number", "name": "varchar2"}}
create table dw.t as select g, rtrim(xmlagg(xmlelement(e, name || ',')).extract('//text()'), ',') as names from s.t group by g
-- expect:
-- s.t.g -> dw.t.g DIRECT.IDENTITY
-- s.t.g -> dw.t.g INDIRECT.GROUP_BY
-- s.t.name -> dw.t.names DIRECT.AGGREGATION [xmlelement, xmlagg, trim]
-- s.t.g -> dw.t.names INDIRECT.GROUP_BY

-- title: oracle chained method calls on a function of qualified columns, xmlagg ordered
-- dialect: oracle
-- schema: {"s.t": {"g": "number", "name": "varchar2", "seq": "number", "doc": "clob"}}
create table dw.t as
select t.g,
       xmltype(t.doc).extract('/a/b').getStringVal() as b,
       rtrim(xmlagg(xmlelement(e, t.name || ',') order by t.seq).getClobVal(), ',') as names
from s.t t
group by t.g, t.doc
-- expect:
-- s.t.g -> dw.t.g DIRECT.IDENTITY
-- s.t.doc -> dw.t.b DIRECT.TRANSFORMATION [xmltype]
-- s.t.name -> dw.t.names DIRECT.AGGREGATION [xmlelement, xmlagg, trim]
-- s.t.seq -> dw.t.names INDIRECT.SORT
-- s.t.g -> dw.t.g INDIRECT.GROUP_BY
-- s.t.doc -> dw.t.g INDIRECT.GROUP_BY
-- s.t.g -> dw.t.b INDIRECT.GROUP_BY
-- s.t.doc -> dw.t.b INDIRECT.GROUP_BY
-- s.t.g -> dw.t.names INDIRECT.GROUP_BY
-- s.t.doc -> dw.t.names INDIRECT.GROUP_BY
