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

-- title: clickhouse sumIf: the condition only decides
-- dialect: clickhouse
-- schema: {"s.o": {"cid": "UInt64", "amt": "Float64", "status": "String"}}
insert into m.t select cid, sumIf(amt, status = 'paid') as paid from s.o group by cid
-- expect:
-- s.o.cid -> m.t.cid DIRECT.IDENTITY
-- s.o.cid -> m.t.cid INDIRECT.GROUP_BY
-- s.o.amt -> m.t.paid DIRECT.AGGREGATION [sumif]
-- s.o.status -> m.t.paid INDIRECT.CONDITIONAL
-- s.o.cid -> m.t.paid INDIRECT.GROUP_BY

-- title: clickhouse combinators: parameters, -State, -ArgMax and argMaxIf
-- dialect: clickhouse
-- schema: {"s.o": {"cid": "UInt64", "amt": "Float64", "status": "String", "ts": "DateTime"}}
insert into m.t
select cid,
       quantilesIf(0.5, 0.9)(amt, status = 'paid') as paid_q,
       avgIfState(amt, status = 'paid') as paid_avg_state,
       sumArgMax(amt, ts) as last_amt,
       argMaxIf(status, ts, amt > 0) as last_status
from s.o
group by cid
-- expect:
-- s.o.cid -> m.t.cid DIRECT.IDENTITY
-- s.o.amt -> m.t.paid_q DIRECT.AGGREGATION [quantilesif]
-- s.o.status -> m.t.paid_q INDIRECT.CONDITIONAL
-- s.o.amt -> m.t.paid_avg_state DIRECT.AGGREGATION [avgifstate]
-- s.o.status -> m.t.paid_avg_state INDIRECT.CONDITIONAL
-- s.o.amt -> m.t.last_amt DIRECT.AGGREGATION [sumargmax]
-- s.o.ts -> m.t.last_amt INDIRECT.SORT
-- s.o.status -> m.t.last_status DIRECT.AGGREGATION [argmaxif]
-- s.o.ts -> m.t.last_status INDIRECT.SORT
-- s.o.amt -> m.t.last_status INDIRECT.CONDITIONAL
-- s.o.cid -> m.t.cid INDIRECT.GROUP_BY
-- s.o.cid -> m.t.paid_q INDIRECT.GROUP_BY
-- s.o.cid -> m.t.paid_avg_state INDIRECT.GROUP_BY
-- s.o.cid -> m.t.last_amt INDIRECT.GROUP_BY
-- s.o.cid -> m.t.last_status INDIRECT.GROUP_BY

-- title: clickhouse countIf with a value and sumIf over a window
-- dialect: clickhouse
-- schema: {"s.o": {"id": "UInt64", "cid": "UInt64", "amt": "Float64", "status": "String"}}
insert into m.t select id, countIf(amt, status = 'paid') over (partition by cid) as paid_n from s.o
-- expect:
-- s.o.id -> m.t.id DIRECT.IDENTITY
-- s.o.amt -> m.t.paid_n DIRECT.AGGREGATION [countif]
-- s.o.status -> m.t.paid_n INDIRECT.CONDITIONAL
-- s.o.cid -> m.t.paid_n INDIRECT.WINDOW

-- title: clickhouse multiIf: conditions only decide, results are the value
-- dialect: clickhouse
-- schema: {"s.o": {"id": "UInt64", "amt": "Float64", "status": "String"}}
insert into m.t select id, multiIf(status = 'paid', amt, status = 'refund', -amt, 0) as signed_amt from s.o
-- expect:
-- s.o.id -> m.t.id DIRECT.IDENTITY
-- s.o.amt -> m.t.signed_amt DIRECT.TRANSFORMATION [multiif]
-- s.o.status -> m.t.signed_amt INDIRECT.CONDITIONAL

-- title: clickhouse multiIf with a column as the else value, inside sum
-- dialect: clickhouse
-- schema: {"s.o": {"cid": "UInt64", "amt": "Float64", "fee": "Float64", "kind": "String"}}
insert into m.t select cid, sum(multiIf(kind = 'fee', fee, amt)) as total from s.o group by cid
-- expect:
-- s.o.cid -> m.t.cid DIRECT.IDENTITY
-- s.o.cid -> m.t.cid INDIRECT.GROUP_BY
-- s.o.fee -> m.t.total DIRECT.AGGREGATION [multiif, sum]
-- s.o.amt -> m.t.total DIRECT.AGGREGATION [multiif, sum]
-- s.o.kind -> m.t.total INDIRECT.CONDITIONAL
-- s.o.cid -> m.t.total INDIRECT.GROUP_BY

-- title: tsql choose: the index only picks a value
-- dialect: tsql
-- schema: {"s.t": {"id": "int", "q": "int", "a": "varchar", "b": "varchar"}}
select id, choose(q, a, b, 'other') as label into m.t from s.t
-- expect:
-- s.t.id -> m.t.id DIRECT.IDENTITY
-- s.t.a -> m.t.label DIRECT.TRANSFORMATION [choose]
-- s.t.b -> m.t.label DIRECT.TRANSFORMATION [choose]
-- s.t.q -> m.t.label INDIRECT.CONDITIONAL

-- title: mysql elt: the index only picks a value
-- dialect: mysql
-- schema: {"s.t": {"id": "int", "q": "int", "a": "text", "b": "text"}}
create table m.t as select id, elt(q, a, b) as label from s.t
-- expect:
-- s.t.id -> m.t.id DIRECT.IDENTITY
-- s.t.a -> m.t.label DIRECT.TRANSFORMATION [elt]
-- s.t.b -> m.t.label DIRECT.TRANSFORMATION [elt]
-- s.t.q -> m.t.label INDIRECT.CONDITIONAL

-- title: bigquery any_value having max orders like max_by
-- dialect: bigquery
-- schema: {"proj.raw.users": {"id": "int64", "email": "string", "updated": "timestamp"}}
create table proj.mart.users_dedup as select id, any_value(email having max updated) as email from proj.raw.users group by id
-- expect:
-- proj.raw.users.id -> proj.mart.users_dedup.id DIRECT.IDENTITY
-- proj.raw.users.email -> proj.mart.users_dedup.email DIRECT.AGGREGATION [any_value]
-- proj.raw.users.updated -> proj.mart.users_dedup.email INDIRECT.SORT
-- proj.raw.users.id -> proj.mart.users_dedup.id INDIRECT.GROUP_BY
-- proj.raw.users.id -> proj.mart.users_dedup.email INDIRECT.GROUP_BY

-- title: bigquery any_value having min of an expression
-- dialect: bigquery
-- schema: {"proj.raw.events": {"user_id": "string", "page": "string", "ts": "timestamp", "seq": "int64"}}
create table proj.mart.first_page as
select user_id, any_value(upper(page) having min timestamp_add(ts, interval seq second)) as first_page
from proj.raw.events group by user_id
-- expect:
-- proj.raw.events.user_id -> proj.mart.first_page.user_id DIRECT.IDENTITY
-- proj.raw.events.page -> proj.mart.first_page.first_page DIRECT.AGGREGATION [upper, any_value]
-- proj.raw.events.ts -> proj.mart.first_page.first_page INDIRECT.SORT
-- proj.raw.events.seq -> proj.mart.first_page.first_page INDIRECT.SORT
-- proj.raw.events.user_id -> proj.mart.first_page.user_id INDIRECT.GROUP_BY
-- proj.raw.events.user_id -> proj.mart.first_page.first_page INDIRECT.GROUP_BY

-- title: spark sort by sorts like order by
-- dialect: spark
-- schema: {"raw.events": {"user_id": "bigint", "ts": "timestamp", "kind": "string"}}
insert overwrite table dw.events_sorted
select user_id, ts, kind from raw.events distribute by user_id sort by user_id, ts
-- expect:
-- raw.events.user_id -> dw.events_sorted.user_id DIRECT.IDENTITY
-- raw.events.ts -> dw.events_sorted.ts DIRECT.IDENTITY
-- raw.events.kind -> dw.events_sorted.kind DIRECT.IDENTITY
-- raw.events.user_id -> dw.events_sorted.user_id INDIRECT.SORT
-- raw.events.user_id -> dw.events_sorted.ts INDIRECT.SORT
-- raw.events.user_id -> dw.events_sorted.kind INDIRECT.SORT
-- raw.events.ts -> dw.events_sorted.user_id INDIRECT.SORT
-- raw.events.ts -> dw.events_sorted.ts INDIRECT.SORT
-- raw.events.ts -> dw.events_sorted.kind INDIRECT.SORT

-- title: hive distribute by alone gives no edge, sort by does
-- dialect: hive
-- schema: {"raw.events": {"user_id": "bigint", "ts": "timestamp", "kind": "string"}}
insert overwrite table dw.events_by_kind
select user_id, ts from raw.events distribute by kind sort by ts
-- expect:
-- raw.events.user_id -> dw.events_by_kind.user_id DIRECT.IDENTITY
-- raw.events.ts -> dw.events_by_kind.ts DIRECT.IDENTITY
-- raw.events.ts -> dw.events_by_kind.user_id INDIRECT.SORT
-- raw.events.ts -> dw.events_by_kind.ts INDIRECT.SORT

-- title: spark cluster by sorts like order by
-- dialect: spark
-- schema: {"raw.orders": {"id": "bigint", "amount": "double", "order_date": "date"}}
create table dw.orders_by_day using delta partitioned by (order_date) as
select id, amount, order_date from raw.orders cluster by id
-- expect:
-- raw.orders.id -> dw.orders_by_day.id DIRECT.IDENTITY
-- raw.orders.amount -> dw.orders_by_day.amount DIRECT.IDENTITY
-- raw.orders.order_date -> dw.orders_by_day.order_date DIRECT.IDENTITY
-- raw.orders.id -> dw.orders_by_day.id INDIRECT.SORT
-- raw.orders.id -> dw.orders_by_day.amount INDIRECT.SORT
-- raw.orders.id -> dw.orders_by_day.order_date INDIRECT.SORT

-- title: oracle keep dense_rank last orders the aggregate, it is no window
-- dialect: oracle
-- schema: {"sales.orders": {"cust_id": "number", "order_date": "date", "channel": "varchar2"}}
CREATE TABLE rpt.cust AS
SELECT cust_id, MAX(channel) KEEP (DENSE_RANK LAST ORDER BY order_date) AS last_channel
FROM sales.orders
GROUP BY cust_id
-- expect:
-- sales.orders.cust_id -> rpt.cust.cust_id DIRECT.IDENTITY
-- sales.orders.channel -> rpt.cust.last_channel DIRECT.AGGREGATION [max]
-- sales.orders.order_date -> rpt.cust.last_channel INDIRECT.SORT
-- sales.orders.cust_id -> rpt.cust.cust_id INDIRECT.GROUP_BY
-- sales.orders.cust_id -> rpt.cust.last_channel INDIRECT.GROUP_BY

-- title: oracle keep dense_rank first with an over partition: the partition is the window
-- dialect: oracle
-- schema: {"sales.orders": {"id": "number", "cust_id": "number", "order_date": "date", "channel": "varchar2"}}
CREATE TABLE rpt.orders AS
SELECT id, MIN(channel) KEEP (DENSE_RANK FIRST ORDER BY order_date) OVER (PARTITION BY cust_id) AS first_channel
FROM sales.orders
-- expect:
-- sales.orders.id -> rpt.orders.id DIRECT.IDENTITY
-- sales.orders.channel -> rpt.orders.first_channel DIRECT.AGGREGATION [min]
-- sales.orders.order_date -> rpt.orders.first_channel INDIRECT.SORT
-- sales.orders.cust_id -> rpt.orders.first_channel INDIRECT.WINDOW

-- title: oracle sequence nextval is no column
-- dialect: oracle
-- schema: {"stg.events": {"event_type": "varchar2", "payload": "clob"}}
INSERT INTO dw.events (event_id, event_type, payload, loaded_at)
SELECT dw.events_seq.NEXTVAL, event_type, payload, SYSDATE FROM stg.events
-- expect:
-- stg.events.event_type -> dw.events.event_type DIRECT.IDENTITY
-- stg.events.payload -> dw.events.payload DIRECT.IDENTITY

-- title: snowflake sequence nextval and currval in a select from a table are no columns
-- dialect: snowflake
-- schema: {"stg.orders": {"id": "number", "amount": "number"}}
insert into dw.orders (order_key, batch_key, id, amount)
select order_seq.nextval, batch_seq.currval, o.id, o.amount from stg.orders o
-- expect:
-- stg.orders.id -> dw.orders.id DIRECT.IDENTITY
-- stg.orders.amount -> dw.orders.amount DIRECT.IDENTITY

-- title: oracle (+) outer join conditions are join keys, also on a constant
-- dialect: oracle
-- schema: {"s.a": {"id": "number", "k": "number", "v": "varchar2"}, "s.b": {"id": "number", "k": "number", "w": "varchar2", "active": "char"}}
create table dw.ab as select a.id, a.v, b.w from s.a a, s.b b where a.id = b.id(+) and a.k = b.k(+) and b.active(+) = 'Y'
-- expect:
-- s.a.id -> dw.ab.id DIRECT.IDENTITY
-- s.a.v -> dw.ab.v DIRECT.IDENTITY
-- s.b.w -> dw.ab.w DIRECT.IDENTITY
-- s.a.id -> dw.ab.id INDIRECT.JOIN
-- s.a.k -> dw.ab.id INDIRECT.JOIN
-- s.b.active -> dw.ab.id INDIRECT.JOIN
-- s.b.id -> dw.ab.id INDIRECT.JOIN
-- s.b.k -> dw.ab.id INDIRECT.JOIN
-- s.a.id -> dw.ab.v INDIRECT.JOIN
-- s.a.k -> dw.ab.v INDIRECT.JOIN
-- s.b.active -> dw.ab.v INDIRECT.JOIN
-- s.b.id -> dw.ab.v INDIRECT.JOIN
-- s.b.k -> dw.ab.v INDIRECT.JOIN
-- s.a.id -> dw.ab.w INDIRECT.JOIN
-- s.a.k -> dw.ab.w INDIRECT.JOIN
-- s.b.active -> dw.ab.w INDIRECT.JOIN
-- s.b.id -> dw.ab.w INDIRECT.JOIN
-- s.b.k -> dw.ab.w INDIRECT.JOIN

-- title: oracle (+) on the left beside a plain comma join: only the marked condition joins
-- dialect: oracle
-- schema: {"s.a": {"id": "number"}, "s.b": {"id": "number", "w": "varchar2"}, "s.c": {"id": "number", "z": "number"}}
insert into dw.x (id, w, z)
select a.id, b.w, c.z
from s.a a, s.b b, s.c c
where b.id(+) = a.id and a.id = c.id and c.z > 0
-- expect:
-- s.a.id -> dw.x.id DIRECT.IDENTITY
-- s.b.w -> dw.x.w DIRECT.IDENTITY
-- s.c.z -> dw.x.z DIRECT.IDENTITY
-- s.a.id -> dw.x.id INDIRECT.JOIN
-- s.b.id -> dw.x.id INDIRECT.JOIN
-- s.a.id -> dw.x.w INDIRECT.JOIN
-- s.b.id -> dw.x.w INDIRECT.JOIN
-- s.a.id -> dw.x.z INDIRECT.JOIN
-- s.b.id -> dw.x.z INDIRECT.JOIN
-- s.a.id -> dw.x.id INDIRECT.FILTER
-- s.c.id -> dw.x.id INDIRECT.FILTER
-- s.c.z -> dw.x.id INDIRECT.FILTER
-- s.a.id -> dw.x.w INDIRECT.FILTER
-- s.c.id -> dw.x.w INDIRECT.FILTER
-- s.c.z -> dw.x.w INDIRECT.FILTER
-- s.a.id -> dw.x.z INDIRECT.FILTER
-- s.c.id -> dw.x.z INDIRECT.FILTER
-- s.c.z -> dw.x.z INDIRECT.FILTER

-- title: redshift chained (+) outer joins in a view over a subquery
-- dialect: redshift
-- schema: {"s.a": {"id": "int"}, "s.b": {"id": "int", "k": "int", "w": "varchar"}, "s.c": {"k": "int", "z": "int"}}
create view dw.v as
select * from (select a.id, b.w, c.z from s.a a, s.b b, s.c c where a.id = b.id(+) and b.k = c.k(+)) x
-- expect:
-- s.a.id -> dw.v.id DIRECT.IDENTITY
-- s.b.w -> dw.v.w DIRECT.IDENTITY
-- s.c.z -> dw.v.z DIRECT.IDENTITY
-- s.a.id -> dw.v.id INDIRECT.JOIN
-- s.b.id -> dw.v.id INDIRECT.JOIN
-- s.b.k -> dw.v.id INDIRECT.JOIN
-- s.c.k -> dw.v.id INDIRECT.JOIN
-- s.a.id -> dw.v.w INDIRECT.JOIN
-- s.b.id -> dw.v.w INDIRECT.JOIN
-- s.b.k -> dw.v.w INDIRECT.JOIN
-- s.c.k -> dw.v.w INDIRECT.JOIN
-- s.a.id -> dw.v.z INDIRECT.JOIN
-- s.b.id -> dw.v.z INDIRECT.JOIN
-- s.b.k -> dw.v.z INDIRECT.JOIN
-- s.c.k -> dw.v.z INDIRECT.JOIN

-- title: postgres bare user is current_user, not a column
-- dialect: postgres
-- schema: {"s.t": {"id": "int", "user": "text"}}
create table m.t as select id, user as loaded_by from s.t
-- expect:
-- s.t.id -> m.t.id DIRECT.IDENTITY

-- title: postgres quoted "user" and t.user are the column, bare user and current_role are not
-- dialect: postgres
-- schema: {"s.t": {"id": "int", "user": "text", "current_role": "text"}}
create table m.t as
select t.id, "user" as owner, t.user as owner2, user as loaded_by, current_role as loader_role
from s.t t
-- expect:
-- s.t.id -> m.t.id DIRECT.IDENTITY
-- s.t.user -> m.t.owner DIRECT.IDENTITY
-- s.t.user -> m.t.owner2 DIRECT.IDENTITY

-- title: oracle user and uid are functions, not columns
-- dialect: oracle
-- schema: {"s.t": {"id": "number", "user": "varchar2", "uid": "number"}}
insert into dw.audit (id, who, who_id) select id, user, uid from s.t
-- expect:
-- s.t.id -> dw.audit.id DIRECT.IDENTITY

-- title: tsql bare user is the database user, [user] the column
-- dialect: tsql
-- schema: {"s.t": {"id": "int", "user": "varchar"}}
select id, user as loaded_by, [user] as owner into m.t from s.t
-- expect:
-- s.t.id -> m.t.id DIRECT.IDENTITY
-- s.t.user -> m.t.owner DIRECT.IDENTITY
