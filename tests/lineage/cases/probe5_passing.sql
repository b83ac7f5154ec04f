-- Constructs a fifth probe found working that the other case files did not cover (kept passing).

-- title: range frame with interval and named window inheritance
-- dialect: postgres
-- schema: {"raw.tx": {"id": "int", "acct": "int", "ts": "timestamp", "amt": "numeric"}}
create table mart.roll as
select id, sum(amt) over (w order by ts range between interval '7 days' preceding and current row) as amt_7d
from raw.tx
window w as (partition by acct)
-- expect:
-- raw.tx.id -> mart.roll.id DIRECT.IDENTITY
-- raw.tx.amt -> mart.roll.amt_7d DIRECT.AGGREGATION [sum]
-- raw.tx.acct -> mart.roll.amt_7d INDIRECT.WINDOW
-- raw.tx.ts -> mart.roll.amt_7d INDIRECT.WINDOW

-- title: window with filter clause on aggregate
-- dialect: postgres
-- schema: {"raw.o": {"id": "int", "cust": "int", "ts": "timestamp", "amt": "numeric", "status": "text"}}
create table mart.cum as
select id, sum(amt) filter (where status = 'paid') over (partition by cust order by ts) as paid_cum
from raw.o
-- expect:
-- raw.o.id -> mart.cum.id DIRECT.IDENTITY
-- raw.o.amt -> mart.cum.paid_cum DIRECT.AGGREGATION [sum]
-- raw.o.status -> mart.cum.paid_cum INDIRECT.CONDITIONAL
-- raw.o.cust -> mart.cum.paid_cum INDIRECT.WINDOW
-- raw.o.ts -> mart.cum.paid_cum INDIRECT.WINDOW

-- title: listagg within group sorts by another column
-- dialect: snowflake
-- schema: {"raw.items": {"order_id": "number", "sku": "varchar", "line_no": "number"}}
create table mart.skus as
select order_id, listagg(sku, ',') within group (order by line_no) as skus
from raw.items group by order_id
-- expect:
-- raw.items.order_id -> mart.skus.order_id DIRECT.IDENTITY
-- raw.items.sku -> mart.skus.skus DIRECT.AGGREGATION [group_concat]
-- raw.items.line_no -> mart.skus.skus INDIRECT.SORT
-- raw.items.order_id -> mart.skus.order_id INDIRECT.GROUP_BY
-- raw.items.order_id -> mart.skus.skus INDIRECT.GROUP_BY

-- title: mode within group and array_agg distinct ordered
-- dialect: postgres
-- schema: {"raw.v": {"uid": "int", "browser": "text", "ts": "timestamp"}}
create table mart.b as
select uid, mode() within group (order by browser) as top_browser
from raw.v group by uid
-- expect:
-- raw.v.uid -> mart.b.uid DIRECT.IDENTITY
-- raw.v.browser -> mart.b.top_browser DIRECT.AGGREGATION [mode]
-- raw.v.uid -> mart.b.uid INDIRECT.GROUP_BY
-- raw.v.uid -> mart.b.top_browser INDIRECT.GROUP_BY

-- title: cube with grouping_id
-- dialect: snowflake
-- schema: {"raw.s": {"a": "varchar", "b": "varchar", "v": "number"}}
create table mart.c as
select a, b, sum(v) as v
from raw.s group by cube (a, b)
having grouping_id(a, b) < 3
-- expect-includes:
-- raw.s.a -> mart.c.a DIRECT.IDENTITY
-- raw.s.b -> mart.c.b DIRECT.IDENTITY
-- raw.s.v -> mart.c.v DIRECT.AGGREGATION [sum]
-- raw.s.a -> mart.c.v INDIRECT.GROUP_BY
-- raw.s.b -> mart.c.v INDIRECT.GROUP_BY
-- raw.s.a -> mart.c.v INDIRECT.FILTER
-- raw.s.b -> mart.c.v INDIRECT.FILTER

-- title: rollup in mysql with rollup syntax
-- dialect: mysql
-- schema: {"shop.o": {"y": "int", "m": "int", "amt": "decimal"}}
create table rpt.r as
select y, m, sum(amt) as total from shop.o group by y, m with rollup
-- expect:
-- shop.o.y -> rpt.r.y DIRECT.IDENTITY
-- shop.o.m -> rpt.r.m DIRECT.IDENTITY
-- shop.o.amt -> rpt.r.total DIRECT.AGGREGATION [sum]
-- shop.o.y -> rpt.r.y INDIRECT.GROUP_BY
-- shop.o.y -> rpt.r.m INDIRECT.GROUP_BY
-- shop.o.y -> rpt.r.total INDIRECT.GROUP_BY
-- shop.o.m -> rpt.r.y INDIRECT.GROUP_BY
-- shop.o.m -> rpt.r.m INDIRECT.GROUP_BY
-- shop.o.m -> rpt.r.total INDIRECT.GROUP_BY

-- title: count if and sum if in bigquery countif logical_or
-- dialect: bigquery
-- schema: {"raw.e": {"uid": "int64", "ok": "bool", "ms": "int64"}}
create table mart.e as
select uid, countif(not ok) as fails, logical_or(ms > 1000) as any_slow
from raw.e group by uid
-- expect:
-- raw.e.uid -> mart.e.uid DIRECT.IDENTITY
-- raw.e.ok -> mart.e.fails INDIRECT.CONDITIONAL
-- raw.e.ms -> mart.e.any_slow DIRECT.AGGREGATION [logical_or]
-- raw.e.uid -> mart.e.uid INDIRECT.GROUP_BY
-- raw.e.uid -> mart.e.fails INDIRECT.GROUP_BY
-- raw.e.uid -> mart.e.any_slow INDIRECT.GROUP_BY

-- title: window exclude and groups frame
-- dialect: postgres
-- schema: {"raw.o": {"id": "int", "g": "int", "ts": "timestamp", "amt": "numeric"}}
create table mart.x as
select id, avg(amt) over (partition by g order by ts groups between 1 preceding and 1 following exclude current row) as nb
from raw.o
-- expect:
-- raw.o.id -> mart.x.id DIRECT.IDENTITY
-- raw.o.amt -> mart.x.nb DIRECT.AGGREGATION [avg]
-- raw.o.g -> mart.x.nb INDIRECT.WINDOW
-- raw.o.ts -> mart.x.nb INDIRECT.WINDOW

-- title: ignore nulls last_value fill forward
-- dialect: snowflake
-- schema: {"raw.s": {"dev": "varchar", "ts": "timestamp", "temp": "float"}}
create table mart.ff as
select dev, ts, last_value(temp ignore nulls) over (partition by dev order by ts rows between unbounded preceding and current row) as temp_ff
from raw.s
-- expect:
-- raw.s.dev -> mart.ff.dev DIRECT.IDENTITY
-- raw.s.ts -> mart.ff.ts DIRECT.IDENTITY
-- raw.s.temp -> mart.ff.temp_ff DIRECT.TRANSFORMATION [last_value]
-- raw.s.dev -> mart.ff.temp_ff INDIRECT.WINDOW
-- raw.s.ts -> mart.ff.temp_ff INDIRECT.WINDOW

-- title: conditional_true_event sessionization
-- dialect: snowflake
-- schema: {"raw.clicks": {"uid": "number", "ts": "timestamp"}}
create table mart.sess as
select uid, ts,
  conditional_true_event(datediff('minute', lag(ts) over (partition by uid order by ts), ts) > 30)
    over (partition by uid order by ts) as session_no
from raw.clicks
-- expect-includes:
-- raw.clicks.uid -> mart.sess.uid DIRECT.IDENTITY
-- raw.clicks.ts -> mart.sess.ts DIRECT.IDENTITY
-- raw.clicks.uid -> mart.sess.session_no INDIRECT.WINDOW
-- raw.clicks.ts -> mart.sess.session_no INDIRECT.WINDOW

-- title: redshift lateral alias chain three deep
-- dialect: redshift
-- schema: {"raw.t": {"a": "int", "b": "int"}}
create table mart.t as
select a + 1 as x, x * 2 as y, y - b as z from raw.t
-- expect:
-- raw.t.a -> mart.t.x DIRECT.TRANSFORMATION
-- raw.t.a -> mart.t.y DIRECT.TRANSFORMATION
-- raw.t.a -> mart.t.z DIRECT.TRANSFORMATION
-- raw.t.b -> mart.t.z DIRECT.TRANSFORMATION

-- title: snowflake exclude and rename together
-- dialect: snowflake
-- schema: {"raw.u": {"id": "number", "email": "varchar", "pw": "varchar", "ts": "timestamp"}}
create table mart.u as
select * exclude (pw) rename (ts as created_at) from raw.u
-- expect:
-- raw.u.id -> mart.u.id DIRECT.IDENTITY
-- raw.u.email -> mart.u.email DIRECT.IDENTITY
-- raw.u.ts -> mart.u.created_at DIRECT.IDENTITY

-- title: snowflake replace in star
-- dialect: snowflake
-- schema: {"raw.u": {"id": "number", "email": "varchar"}}
create table mart.u as
select * replace (lower(email) as email) from raw.u
-- expect:
-- raw.u.id -> mart.u.id DIRECT.IDENTITY
-- raw.u.email -> mart.u.email DIRECT.TRANSFORMATION [lower]

-- title: snowflake variant colon path with cast and get_path
-- dialect: snowflake
-- schema: {"raw.ev": {"id": "number", "v": "variant"}}
create table mart.ev as
select id, v:user.email::string as email, get_path(v, 'ctx.ip') as ip
from raw.ev
where v:type::string = 'signup'
-- expect:
-- raw.ev.id -> mart.ev.id DIRECT.IDENTITY
-- raw.ev.v -> mart.ev.email DIRECT.TRANSFORMATION [json_extract, cast]
-- raw.ev.v -> mart.ev.ip DIRECT.TRANSFORMATION [json_extract]
-- raw.ev.v -> mart.ev.id INDIRECT.FILTER
-- raw.ev.v -> mart.ev.email INDIRECT.FILTER
-- raw.ev.v -> mart.ev.ip INDIRECT.FILTER

-- title: duckdb list comprehension condition reads outer column
-- dialect: duckdb
-- schema: {"raw.u": {"id": "int", "a": "int", "xs": "int[]"}}
create table mart.u as
select [x * 2 for x in xs if x > a] as ys from raw.u
-- expect-includes:
-- raw.u.a -> mart.u.ys INDIRECT.CONDITIONAL

-- title: trino transform with outer column in lambda
-- dialect: trino
-- schema: {"raw.p": {"id": "bigint", "prices": "array(double)", "fx": "double"}}
create table mart.p as
select id, transform(prices, p -> p * fx) as prices_usd from raw.p
-- expect:
-- raw.p.id -> mart.p.id DIRECT.IDENTITY
-- raw.p.prices -> mart.p.prices_usd DIRECT.TRANSFORMATION [transform]
-- raw.p.fx -> mart.p.prices_usd DIRECT.TRANSFORMATION [transform]

-- title: bigquery select as value struct
-- dialect: bigquery
-- schema: {"raw.u": {"id": "int64", "email": "string"}}
create table mart.u as
select id, (select as struct email, length(email) as len) as info from raw.u
-- expect-includes:
-- raw.u.id -> mart.u.id DIRECT.IDENTITY
-- raw.u.email -> mart.u.info DIRECT.TRANSFORMATION [length]

-- title: recursive cte hierarchy path
-- dialect: postgres
-- schema: {"hr.emp": {"id": "int", "mgr_id": "int", "name": "text"}}
create table mart.org as
with recursive tree as (
  select id, mgr_id, name, 1 as depth, name::text as path from hr.emp where mgr_id is null
  union all
  select e.id, e.mgr_id, e.name, t.depth + 1, t.path || '/' || e.name
  from hr.emp e join tree t on e.mgr_id = t.id
)
select id, name, depth, path from tree
-- expect:
-- hr.emp.id -> mart.org.id DIRECT.IDENTITY
-- hr.emp.name -> mart.org.name DIRECT.IDENTITY
-- hr.emp.name -> mart.org.path DIRECT.TRANSFORMATION [cast]
-- hr.emp.name -> mart.org.path DIRECT.TRANSFORMATION
-- hr.emp.mgr_id -> mart.org.id INDIRECT.FILTER
-- hr.emp.mgr_id -> mart.org.name INDIRECT.FILTER
-- hr.emp.mgr_id -> mart.org.depth INDIRECT.FILTER
-- hr.emp.mgr_id -> mart.org.path INDIRECT.FILTER
-- hr.emp.mgr_id -> mart.org.id INDIRECT.JOIN
-- hr.emp.mgr_id -> mart.org.name INDIRECT.JOIN
-- hr.emp.mgr_id -> mart.org.depth INDIRECT.JOIN
-- hr.emp.mgr_id -> mart.org.path INDIRECT.JOIN
-- hr.emp.id -> mart.org.id INDIRECT.JOIN
-- hr.emp.id -> mart.org.name INDIRECT.JOIN
-- hr.emp.id -> mart.org.depth INDIRECT.JOIN
-- hr.emp.id -> mart.org.path INDIRECT.JOIN

-- title: recursive cte date spine then left join
-- dialect: snowflake
-- schema: {"raw.o": {"d": "date", "amt": "number"}}
create table mart.daily as
with recursive spine(day) as (
  select '2024-01-01'::date
  union all
  select dateadd(day, 1, day) from spine where day < '2024-12-31'
)
select s.day, coalesce(sum(o.amt), 0) as amt
from spine s left join raw.o o on o.d = s.day
group by s.day
-- expect:
-- raw.o.amt -> mart.daily.amt DIRECT.AGGREGATION [sum, coalesce]
-- raw.o.d -> mart.daily.day INDIRECT.JOIN
-- raw.o.d -> mart.daily.amt INDIRECT.JOIN

-- title: greater than all subquery
-- dialect: postgres
-- schema: {"raw.p": {"id": "int", "price": "numeric", "cat": "text"}}
create table mart.p as
select id from raw.p p
where price > all (select price from raw.p q where q.cat = 'basic')
-- expect:
-- raw.p.id -> mart.p.id DIRECT.IDENTITY
-- raw.p.price -> mart.p.id INDIRECT.FILTER
-- raw.p.cat -> mart.p.id INDIRECT.FILTER

-- title: mixed union intersect with parentheses
-- dialect: postgres
-- schema: {"raw.a": {"email": "text"}, "raw.b": {"email": "text"}, "raw.c": {"email": "text"}}
create table mart.e as
(select email from raw.a union select email from raw.b)
intersect
select email from raw.c
-- expect:
-- raw.a.email -> mart.e.email DIRECT.IDENTITY
-- raw.b.email -> mart.e.email DIRECT.IDENTITY
-- raw.c.email -> mart.e.email DIRECT.IDENTITY

-- title: except in the middle of union chain
-- dialect: postgres
-- schema: {"raw.a": {"id": "int"}, "raw.b": {"id": "int"}, "raw.c": {"id": "int"}}
create table mart.ids as
select id from raw.a
except
(select id from raw.b union select id from raw.c)
-- expect:
-- raw.a.id -> mart.ids.id DIRECT.IDENTITY
-- raw.b.id -> mart.ids.id INDIRECT.FILTER
-- raw.c.id -> mart.ids.id INDIRECT.FILTER

-- title: cte with column list renames
-- dialect: postgres
-- schema: {"raw.a": {"x": "int", "y": "int"}}
create table mart.t as
with c (p, q) as (select x, y from raw.a)
select q, p from c
-- expect:
-- raw.a.y -> mart.t.q DIRECT.IDENTITY
-- raw.a.x -> mart.t.p DIRECT.IDENTITY

-- title: values table with column aliases joined
-- dialect: postgres
-- schema: {"raw.o": {"id": "int", "cc": "text"}}
create table mart.o as
select o.id, m.region from raw.o o
join (values ('DE', 'EU'), ('US', 'NA')) as m(cc, region) on m.cc = o.cc
-- expect:
-- raw.o.id -> mart.o.id DIRECT.IDENTITY
-- raw.o.cc -> mart.o.id INDIRECT.JOIN
-- raw.o.cc -> mart.o.region INDIRECT.JOIN

-- title: lateral join top-n per group
-- dialect: postgres
-- schema: {"raw.c": {"id": "int", "name": "text"}, "raw.o": {"cust": "int", "amt": "numeric", "ts": "timestamp"}}
create table mart.last3 as
select c.name, l.amt
from raw.c c cross join lateral (
  select o.amt from raw.o o where o.cust = c.id order by o.ts desc limit 3
) l
-- expect:
-- raw.c.name -> mart.last3.name DIRECT.IDENTITY
-- raw.o.amt -> mart.last3.amt DIRECT.IDENTITY
-- raw.o.cust -> mart.last3.name INDIRECT.FILTER
-- raw.o.cust -> mart.last3.amt INDIRECT.FILTER
-- raw.c.id -> mart.last3.name INDIRECT.FILTER
-- raw.c.id -> mart.last3.amt INDIRECT.FILTER
-- raw.o.ts -> mart.last3.amt INDIRECT.SORT

-- title: intersect all and except all
-- dialect: postgres
-- schema: {"raw.a": {"k": "int", "v": "text"}, "raw.b": {"k": "int", "v": "text"}}
create table mart.x as
select k, v from raw.a except all select k, v from raw.b
-- expect:
-- raw.a.k -> mart.x.k DIRECT.IDENTITY
-- raw.a.v -> mart.x.v DIRECT.IDENTITY
-- raw.b.k -> mart.x.k INDIRECT.FILTER
-- raw.b.k -> mart.x.v INDIRECT.FILTER
-- raw.b.v -> mart.x.k INDIRECT.FILTER
-- raw.b.v -> mart.x.v INDIRECT.FILTER

-- title: merge with delete source subquery not matched by source
-- dialect: tsql
-- schema: {"dbo.t": {"id": "int", "v": "int"}, "stg.s": {"id": "int", "v": "int", "batch": "int"}}
merge dbo.t as t
using (select id, v from stg.s where batch = 7) as s on t.id = s.id
when matched and t.v <> s.v then update set v = s.v
when not matched by target then insert (id, v) values (s.id, s.v)
when not matched by source then delete;
-- expect:
-- stg.s.v -> dbo.t.v DIRECT.IDENTITY
-- stg.s.id -> dbo.t.id DIRECT.IDENTITY
-- stg.s.batch -> dbo.t.v INDIRECT.FILTER
-- stg.s.batch -> dbo.t.id INDIRECT.FILTER
-- dbo.t.v -> dbo.t.v INDIRECT.FILTER
-- stg.s.v -> dbo.t.v INDIRECT.FILTER
-- stg.s.id -> dbo.t.v INDIRECT.JOIN
-- stg.s.id -> dbo.t.id INDIRECT.JOIN
-- dbo.t.id -> dbo.t.v INDIRECT.JOIN
-- dbo.t.id -> dbo.t.id INDIRECT.JOIN

-- title: snowflake merge using values source
-- dialect: snowflake
-- schema: {"dw.cfg": {"k": "varchar", "v": "varchar"}}
merge into dw.cfg t using (select 'a' as k, 'b' as v) s on t.k = s.k
when matched then update set v = s.v
when not matched then insert (k, v) values (s.k, s.v)
-- expect:
-- dw.cfg.k -> dw.cfg.v INDIRECT.JOIN
-- dw.cfg.k -> dw.cfg.k INDIRECT.JOIN

-- title: inner join asof join keys reach all outputs
-- dialect: duckdb
-- schema: {"raw.trades": {"sym": "varchar", "ts": "timestamp", "qty": "int"}, "raw.quotes": {"sym": "varchar", "ts": "timestamp", "bid": "double"}}
create table mart.tq as
select t.qty, q.bid
from raw.trades t asof join raw.quotes q on t.sym = q.sym and t.ts >= q.ts
-- expect:
-- raw.trades.qty -> mart.tq.qty DIRECT.IDENTITY
-- raw.quotes.bid -> mart.tq.bid DIRECT.IDENTITY
-- raw.trades.sym -> mart.tq.bid INDIRECT.JOIN
-- raw.quotes.sym -> mart.tq.bid INDIRECT.JOIN
-- raw.trades.ts -> mart.tq.bid INDIRECT.JOIN
-- raw.quotes.ts -> mart.tq.bid INDIRECT.JOIN
-- raw.trades.sym -> mart.tq.qty INDIRECT.JOIN
-- raw.quotes.sym -> mart.tq.qty INDIRECT.JOIN
-- raw.trades.ts -> mart.tq.qty INDIRECT.JOIN
-- raw.quotes.ts -> mart.tq.qty INDIRECT.JOIN

-- title: left anti join spark
-- dialect: spark
-- schema: {"raw.c": {"id": "bigint", "email": "string"}, "raw.o": {"cust": "bigint"}}
create table mart.no_orders as
select c.id, c.email from raw.c c left anti join raw.o o on o.cust = c.id
-- expect:
-- raw.c.id -> mart.no_orders.id DIRECT.IDENTITY
-- raw.c.email -> mart.no_orders.email DIRECT.IDENTITY
-- raw.c.id -> mart.no_orders.id INDIRECT.JOIN
-- raw.c.id -> mart.no_orders.email INDIRECT.JOIN
-- raw.o.cust -> mart.no_orders.id INDIRECT.JOIN
-- raw.o.cust -> mart.no_orders.email INDIRECT.JOIN

-- title: left semi join spark
-- dialect: databricks
-- schema: {"raw.c": {"id": "bigint", "email": "string"}, "raw.o": {"cust": "bigint"}}
create table mart.buyers as
select * from raw.c c left semi join raw.o o on o.cust = c.id
-- expect:
-- raw.c.id -> mart.buyers.id DIRECT.IDENTITY
-- raw.c.email -> mart.buyers.email DIRECT.IDENTITY
-- raw.c.id -> mart.buyers.id INDIRECT.JOIN
-- raw.c.id -> mart.buyers.email INDIRECT.JOIN
-- raw.o.cust -> mart.buyers.id INDIRECT.JOIN
-- raw.o.cust -> mart.buyers.email INDIRECT.JOIN

-- title: tablesample does not change lineage
-- dialect: snowflake
-- schema: {"raw.e": {"id": "number", "v": "varchar"}}
create table mart.smp as
select id, v from raw.e tablesample bernoulli (10)
-- expect:
-- raw.e.id -> mart.smp.id DIRECT.IDENTITY
-- raw.e.v -> mart.smp.v DIRECT.IDENTITY

-- title: tablesample system with alias in postgres join
-- dialect: postgres
-- schema: {"raw.e": {"id": "int", "uid": "int"}, "raw.u": {"id": "int", "cc": "text"}}
create table mart.smp as
select e.id, u.cc from raw.e as e tablesample system (1) repeatable (42) join raw.u u on u.id = e.uid
-- expect:
-- raw.e.id -> mart.smp.id DIRECT.IDENTITY
-- raw.u.cc -> mart.smp.cc DIRECT.IDENTITY
-- raw.u.id -> mart.smp.id INDIRECT.JOIN
-- raw.u.id -> mart.smp.cc INDIRECT.JOIN
-- raw.e.uid -> mart.smp.id INDIRECT.JOIN
-- raw.e.uid -> mart.smp.cc INDIRECT.JOIN

-- title: unpivot several value columns
-- dialect: snowflake
-- schema: {"raw.q": {"id": "number", "q1_rev": "number", "q1_cost": "number", "q2_rev": "number", "q2_cost": "number"}}
create table mart.long as
select id, quarter, rev, cost
from raw.q unpivot ((rev, cost) for quarter in ((q1_rev, q1_cost) as 'Q1', (q2_rev, q2_cost) as 'Q2'))
-- expect-includes:
-- raw.q.id -> mart.long.id DIRECT.IDENTITY
-- raw.q.q1_rev -> mart.long.rev DIRECT.IDENTITY
-- raw.q.q2_rev -> mart.long.rev DIRECT.IDENTITY
-- raw.q.q1_cost -> mart.long.cost DIRECT.IDENTITY
-- raw.q.q2_cost -> mart.long.cost DIRECT.IDENTITY

-- title: unpivot several value columns no rev cost crossing
-- dialect: databricks
-- schema: {"raw.q": {"id": "int", "q1_rev": "int", "q1_cost": "int", "q2_rev": "int", "q2_cost": "int"}}
create table mart.long as
select id, quarter, rev, cost
from raw.q unpivot ((rev, cost) for quarter in ((q1_rev, q1_cost) as Q1, (q2_rev, q2_cost) as Q2))
-- expect:
-- raw.q.id -> mart.long.id DIRECT.IDENTITY
-- raw.q.q1_rev -> mart.long.rev DIRECT.IDENTITY
-- raw.q.q2_rev -> mart.long.rev DIRECT.IDENTITY
-- raw.q.q1_cost -> mart.long.cost DIRECT.IDENTITY
-- raw.q.q2_cost -> mart.long.cost DIRECT.IDENTITY

-- title: positional join duckdb
-- dialect: duckdb
-- schema: {"raw.a": {"x": "int"}, "raw.b": {"y": "int"}}
create table mart.ab as select x, y from raw.a positional join raw.b
-- expect:
-- raw.a.x -> mart.ab.x DIRECT.IDENTITY
-- raw.b.y -> mart.ab.y DIRECT.IDENTITY

-- title: bigquery tablesample percent
-- dialect: bigquery
-- schema: {"raw.e": {"id": "int64", "v": "string"}}
create table mart.s as select id, v from raw.e tablesample system (5 percent)
-- expect:
-- raw.e.id -> mart.s.id DIRECT.IDENTITY
-- raw.e.v -> mart.s.v DIRECT.IDENTITY

-- title: lateral view explode outer with position
-- dialect: hive
-- schema: {"raw.o": {"id": "bigint", "tags": "array<string>"}}
insert overwrite table mart.t select o.id, p, t from raw.o o lateral view outer posexplode(o.tags) x as p, t
-- expect-includes:
-- raw.o.id -> mart.t.id DIRECT.IDENTITY
-- raw.o.tags -> mart.t.t DIRECT.TRANSFORMATION [posexplode]

-- title: redshift approximate percentile and json_extract_path_text
-- dialect: redshift
-- schema: {"raw.e": {"svc": "varchar", "ms": "int", "doc": "varchar"}}
create table mart.e as
select svc, json_extract_path_text(doc, 'region') as region, approximate percentile_disc(0.5) within group (order by ms) as p50
from raw.e group by 1, 2
-- expect:
-- raw.e.svc -> mart.e.svc DIRECT.IDENTITY
-- raw.e.doc -> mart.e.region DIRECT.TRANSFORMATION [json_extract_scalar]
-- raw.e.ms -> mart.e.p50 DIRECT.AGGREGATION [approx_quantile]
-- raw.e.svc -> mart.e.svc INDIRECT.GROUP_BY
-- raw.e.svc -> mart.e.region INDIRECT.GROUP_BY
-- raw.e.svc -> mart.e.p50 INDIRECT.GROUP_BY
-- raw.e.doc -> mart.e.svc INDIRECT.GROUP_BY
-- raw.e.doc -> mart.e.region INDIRECT.GROUP_BY
-- raw.e.doc -> mart.e.p50 INDIRECT.GROUP_BY

-- title: athena ctas with properties
-- dialect: athena
-- schema: {"raw.e": {"uid": "bigint", "dt": "varchar", "kind": "varchar"}}
create table mart.e_parq
with (format = 'PARQUET', external_location = 's3://b/e/', partitioned_by = array['dt'])
as select uid, kind, dt from raw.e where kind <> 'bot'
-- expect:
-- raw.e.uid -> mart.e_parq.uid DIRECT.IDENTITY
-- raw.e.kind -> mart.e_parq.kind DIRECT.IDENTITY
-- raw.e.dt -> mart.e_parq.dt DIRECT.IDENTITY
-- raw.e.kind -> mart.e_parq.uid INDIRECT.FILTER
-- raw.e.kind -> mart.e_parq.kind INDIRECT.FILTER
-- raw.e.kind -> mart.e_parq.dt INDIRECT.FILTER

-- title: trino insert with map_agg and row field
-- dialect: trino
-- schema: {"raw.a": {"uid": "bigint", "k": "varchar", "v": "varchar", "meta": "row(src varchar, ver int)"}}
insert into mart.attrs
select uid, map_agg(k, v) as attrs, max(meta.src) as src from raw.a group by uid
-- expect:
-- raw.a.uid -> mart.attrs.uid DIRECT.IDENTITY
-- raw.a.k -> mart.attrs.attrs DIRECT.AGGREGATION [map_agg]
-- raw.a.v -> mart.attrs.attrs DIRECT.AGGREGATION [map_agg]
-- raw.a.meta -> mart.attrs.src DIRECT.AGGREGATION [max]
-- raw.a.uid -> mart.attrs.uid INDIRECT.GROUP_BY
-- raw.a.uid -> mart.attrs.attrs INDIRECT.GROUP_BY
-- raw.a.uid -> mart.attrs.src INDIRECT.GROUP_BY

-- title: trino count_if and filter on array and reduce
-- dialect: trino
-- schema: {"raw.s": {"id": "bigint", "xs": "array(integer)", "ok": "boolean"}}
create table mart.s as
select id, reduce(xs, 0, (s, x) -> s + x, s -> s) as total, cardinality(filter(xs, x -> x > 0)) as n_pos
from raw.s
-- expect-includes:
-- raw.s.id -> mart.s.id DIRECT.IDENTITY
-- raw.s.xs -> mart.s.total DIRECT.TRANSFORMATION [reduce]

-- title: teradata qualify and sel abbreviation
-- dialect: teradata
-- schema: {"dw.e": {"id": "integer", "dept": "integer", "sal": "decimal"}}
create table dw.top_sal as (
  sel id, dept, sal from dw.e qualify rank() over (partition by dept order by sal desc) = 1
) with data
-- expect:
-- dw.e.id -> dw.top_sal.id DIRECT.IDENTITY
-- dw.e.dept -> dw.top_sal.dept DIRECT.IDENTITY
-- dw.e.sal -> dw.top_sal.sal DIRECT.IDENTITY
-- dw.e.dept -> dw.top_sal.id INDIRECT.FILTER
-- dw.e.dept -> dw.top_sal.dept INDIRECT.FILTER
-- dw.e.dept -> dw.top_sal.sal INDIRECT.FILTER
-- dw.e.sal -> dw.top_sal.id INDIRECT.FILTER
-- dw.e.sal -> dw.top_sal.dept INDIRECT.FILTER
-- dw.e.sal -> dw.top_sal.sal INDIRECT.FILTER

-- title: teradata ins into and zeroifnull
-- dialect: teradata
-- schema: {"dw.s": {"id": "integer", "amt": "decimal"}, "dw.t": {"id": "integer", "amt": "decimal"}}
ins into dw.t (id, amt) sel id, zeroifnull(amt) from dw.s
-- expect-includes:
-- dw.s.id -> dw.t.id DIRECT.IDENTITY

-- title: teradata volatile table then insert
-- dialect: teradata
-- schema: {"dw.s": {"id": "integer", "amt": "decimal"}}
create volatile table vt as (select id, amt from dw.s) with data on commit preserve rows;
insert into dw.t2 select id, amt from vt
-- expect:
-- dw.s.id -> dw.t2.id DIRECT.IDENTITY
-- dw.s.amt -> dw.t2.amt DIRECT.IDENTITY

-- title: doris insert overwrite with partition and bitmap union
-- dialect: doris
-- schema: {"ods.e": {"dt": "date", "uid": "bigint", "page": "varchar"}}
insert into dws.page_uv select dt, page, bitmap_union(to_bitmap(uid)) as uv from ods.e group by dt, page
-- expect-includes:
-- ods.e.dt -> dws.page_uv.dt DIRECT.IDENTITY
-- ods.e.page -> dws.page_uv.page DIRECT.IDENTITY
-- ods.e.dt -> dws.page_uv.uv INDIRECT.GROUP_BY

-- title: starrocks ctas with distributed by
-- dialect: starrocks
-- schema: {"ods.e": {"dt": "date", "uid": "bigint", "amt": "decimal"}}
create table dws.u_amt distributed by hash(uid) buckets 8 as select uid, sum(amt) as amt from ods.e group by uid
-- expect:
-- ods.e.uid -> dws.u_amt.uid DIRECT.IDENTITY
-- ods.e.amt -> dws.u_amt.amt DIRECT.AGGREGATION [sum]
-- ods.e.uid -> dws.u_amt.uid INDIRECT.GROUP_BY
-- ods.e.uid -> dws.u_amt.amt INDIRECT.GROUP_BY

-- title: starrocks materialized view with refresh async
-- dialect: starrocks
-- schema: {"ods.e": {"dt": "date", "uid": "bigint", "amt": "decimal"}}
create materialized view dws.mv_daily refresh async every (interval 1 hour) as
select dt, sum(amt) as amt from ods.e group by dt
-- expect:
-- ods.e.dt -> dws.mv_daily.dt DIRECT.IDENTITY
-- ods.e.amt -> dws.mv_daily.amt DIRECT.AGGREGATION [sum]
-- ods.e.dt -> dws.mv_daily.dt INDIRECT.GROUP_BY
-- ods.e.dt -> dws.mv_daily.amt INDIRECT.GROUP_BY

-- title: materialize materialized view with tumbling window
-- dialect: materialize
-- schema: {"src.e": {"ts": "timestamp", "uid": "int"}}
create materialized view mv.per_min as
select date_trunc('minute', ts) as m, count(*) as n from src.e group by 1
-- expect:
-- src.e.ts -> mv.per_min.m DIRECT.TRANSFORMATION [timestamp_trunc]
-- src.e.ts -> mv.per_min.m INDIRECT.GROUP_BY
-- src.e.ts -> mv.per_min.n INDIRECT.GROUP_BY

-- title: risingwave materialized view with join
-- dialect: risingwave
-- schema: {"src.o": {"id": "int", "cust": "int", "amt": "numeric"}, "src.c": {"id": "int", "name": "varchar"}}
create materialized view mv.o as
select o.id, c.name, o.amt from src.o o join src.c c on c.id = o.cust
-- expect:
-- src.o.id -> mv.o.id DIRECT.IDENTITY
-- src.c.name -> mv.o.name DIRECT.IDENTITY
-- src.o.amt -> mv.o.amt DIRECT.IDENTITY
-- src.c.id -> mv.o.id INDIRECT.JOIN
-- src.c.id -> mv.o.name INDIRECT.JOIN
-- src.c.id -> mv.o.amt INDIRECT.JOIN
-- src.o.cust -> mv.o.id INDIRECT.JOIN
-- src.o.cust -> mv.o.name INDIRECT.JOIN
-- src.o.cust -> mv.o.amt INDIRECT.JOIN

-- title: dremio ctas from space path
-- dialect: dremio
-- schema: {"lake.raw.e": {"uid": "bigint", "kind": "varchar"}}
create table lake.mart.e as select uid, upper(kind) as kind from lake.raw.e
-- expect:
-- lake.raw.e.uid -> lake.mart.e.uid DIRECT.IDENTITY
-- lake.raw.e.kind -> lake.mart.e.kind DIRECT.TRANSFORMATION [upper]

-- title: fabric warehouse ctas
-- dialect: fabric
-- schema: {"dbo.s": {"id": "int", "v": "varchar"}}
create table dbo.t as select id, upper(v) as v from dbo.s
-- expect:
-- dbo.s.id -> dbo.t.id DIRECT.IDENTITY
-- dbo.s.v -> dbo.t.v DIRECT.TRANSFORMATION [upper]

-- title: fabric insert select with top
-- dialect: fabric
-- schema: {"dbo.s": {"id": "int", "v": "varchar", "ts": "datetime2"}}
insert into dbo.t (id, v) select top 100 id, v from dbo.s order by ts desc
-- expect:
-- dbo.s.id -> dbo.t.id DIRECT.IDENTITY
-- dbo.s.v -> dbo.t.v DIRECT.IDENTITY
-- dbo.s.ts -> dbo.t.id INDIRECT.SORT
-- dbo.s.ts -> dbo.t.v INDIRECT.SORT

-- title: sqlite insert or replace select
-- dialect: sqlite
-- schema: {"s": {"id": "integer", "v": "text"}, "t": {"id": "integer", "v": "text"}}
insert or replace into t (id, v) select id, upper(v) from s
-- expect:
-- s.id -> t.id DIRECT.IDENTITY
-- s.v -> t.v DIRECT.TRANSFORMATION [upper]

-- title: exasol create table as with local alias reuse
-- dialect: exasol
-- schema: {"raw.o": {"id": "decimal", "amt": "decimal"}}
create table mart.o as select id, amt * 2 as dbl from raw.o where dbl > 10
-- expect:
-- raw.o.id -> mart.o.id DIRECT.IDENTITY
-- raw.o.amt -> mart.o.dbl DIRECT.TRANSFORMATION
-- raw.o.amt -> mart.o.id INDIRECT.FILTER
-- raw.o.amt -> mart.o.dbl INDIRECT.FILTER

-- title: druid insert with time floor
-- dialect: druid
-- schema: {"ext": {"__time": "timestamp", "page": "varchar"}}
insert into pages_hourly select time_floor(__time, 'PT1H') as __time, page, count(*) as cnt from ext group by 1, 2
-- expect-includes:
-- ext.page -> pages_hourly.page DIRECT.IDENTITY
-- ext.__time -> pages_hourly.cnt INDIRECT.GROUP_BY

-- title: singlestore insert select
-- dialect: singlestore
-- schema: {"db.s": {"id": "int", "v": "text"}}
insert into db.t select id, v from db.s where id > 0
-- expect:
-- db.s.id -> db.t.id DIRECT.IDENTITY
-- db.s.v -> db.t.v DIRECT.IDENTITY
-- db.s.id -> db.t.id INDIRECT.FILTER
-- db.s.id -> db.t.v INDIRECT.FILTER

-- title: presto ctas with approx_percentile and try_cast
-- dialect: presto
-- schema: {"raw.e": {"svc": "varchar", "ms": "varchar"}}
create table mart.p as select svc, approx_percentile(try_cast(ms as double), 0.99) as p99 from raw.e group by svc
-- expect:
-- raw.e.svc -> mart.p.svc DIRECT.IDENTITY
-- raw.e.ms -> mart.p.p99 DIRECT.AGGREGATION [try_cast, approx_quantile]
-- raw.e.svc -> mart.p.svc INDIRECT.GROUP_BY
-- raw.e.svc -> mart.p.p99 INDIRECT.GROUP_BY

-- title: coalesce of full outer join keys
-- dialect: snowflake
-- schema: {"raw.a": {"k": "number", "x": "number"}, "raw.b": {"k": "number", "y": "number"}}
create table mart.ab as
select coalesce(a.k, b.k) as k, a.x, b.y from raw.a a full outer join raw.b b on a.k = b.k
-- expect:
-- raw.a.k -> mart.ab.k DIRECT.TRANSFORMATION [coalesce]
-- raw.b.k -> mart.ab.k DIRECT.TRANSFORMATION [coalesce]
-- raw.a.x -> mart.ab.x DIRECT.IDENTITY
-- raw.b.y -> mart.ab.y DIRECT.IDENTITY
-- raw.a.k -> mart.ab.k INDIRECT.JOIN
-- raw.a.k -> mart.ab.x INDIRECT.JOIN
-- raw.a.k -> mart.ab.y INDIRECT.JOIN
-- raw.b.k -> mart.ab.k INDIRECT.JOIN
-- raw.b.k -> mart.ab.x INDIRECT.JOIN
-- raw.b.k -> mart.ab.y INDIRECT.JOIN

-- title: tsql cross apply values unpivot trick
-- dialect: tsql
-- schema: {"dbo.m": {"id": "int", "q1": "int", "q2": "int"}}
insert into dbo.m_long (id, quarter, val)
select m.id, v.quarter, v.val from dbo.m m cross apply (values ('Q1', m.q1), ('Q2', m.q2)) v(quarter, val)
-- expect:
-- dbo.m.id -> dbo.m_long.id DIRECT.IDENTITY
-- dbo.m.q1 -> dbo.m_long.val DIRECT.IDENTITY
-- dbo.m.q2 -> dbo.m_long.val DIRECT.IDENTITY

-- title: postgres multi-argument unnest zips arrays
-- dialect: postgres
-- schema: {"raw.m": {"id": "int", "q1": "int", "q2": "int"}}
create table mart.m_long as
select m.id, u.quarter, u.val from raw.m m, unnest(array['Q1', 'Q2'], array[m.q1, m.q2]) as u(quarter, val)
-- expect-includes:
-- raw.m.id -> mart.m_long.id DIRECT.IDENTITY
-- raw.m.q1 -> mart.m_long.val DIRECT.TRANSFORMATION [array, unnest]
-- raw.m.q2 -> mart.m_long.val DIRECT.TRANSFORMATION [array, unnest]

-- title: snowflake nested flatten
-- dialect: snowflake
-- schema: {"raw.o": {"id": "number", "doc": "variant"}}
create table mart.opts as
select o.id, i.value:sku::string as sku, opt.value::string as opt
from raw.o o, lateral flatten(input => o.doc:items) i, lateral flatten(input => i.value:options) opt
-- expect-includes:
-- raw.o.id -> mart.opts.id DIRECT.IDENTITY
-- raw.o.doc -> mart.opts.opt DIRECT.TRANSFORMATION [json_extract, explode, json_extract, explode, cast]

-- title: bigquery left join unnest with offset on true
-- dialect: bigquery
-- schema: {"raw.o": {"id": "int64", "skus": "array<string>"}}
create table mart.lines as
select o.id, sku, pos from raw.o o left join unnest(o.skus) as sku with offset as pos on true
-- expect:
-- raw.o.id -> mart.lines.id DIRECT.IDENTITY
-- raw.o.skus -> mart.lines.sku DIRECT.TRANSFORMATION [unnest]

-- title: bigquery dbt insert_overwrite merge on false
-- dialect: bigquery
-- schema: {"proj.dw.ev": {"d": "date", "uid": "int64", "n": "int64"}, "proj.dw.ev__dbt_tmp": {"d": "date", "uid": "int64", "n": "int64"}}
declare dbt_partitions_for_replacement array<date>;
set (dbt_partitions_for_replacement) = (select as struct array_agg(distinct date(d)) from `proj`.`dw`.`ev__dbt_tmp`);
merge into `proj`.`dw`.`ev` as DBT_INTERNAL_DEST
using (select `d`, `uid`, `n` from `proj`.`dw`.`ev__dbt_tmp`) as DBT_INTERNAL_SOURCE
on FALSE
when not matched by source and date(DBT_INTERNAL_DEST.d) in unnest(dbt_partitions_for_replacement) then delete
when not matched then insert (`d`, `uid`, `n`) values (`d`, `uid`, `n`)
-- expect:
-- proj.dw.ev__dbt_tmp.d -> proj.dw.ev.d DIRECT.IDENTITY
-- proj.dw.ev__dbt_tmp.uid -> proj.dw.ev.uid DIRECT.IDENTITY
-- proj.dw.ev__dbt_tmp.n -> proj.dw.ev.n DIRECT.IDENTITY

-- title: databricks dlt materialized view
-- dialect: databricks
-- schema: {"silver": {"id": "bigint", "v": "string"}}
create or refresh materialized view gold as select v, count(*) as n from live.silver group by v
-- expect:
-- silver.v -> gold.v DIRECT.IDENTITY
-- silver.v -> gold.v INDIRECT.GROUP_BY
-- silver.v -> gold.n INDIRECT.GROUP_BY

-- title: mysql insert set form with subquery
-- dialect: mysql
-- schema: {"shop.o": {"amt": "decimal"}, "shop.kpi": {"name": "varchar", "v": "decimal"}}
insert into shop.kpi set name = 'rev', v = (select sum(amt) from shop.o)
-- expect:
-- shop.o.amt -> shop.kpi.v DIRECT.AGGREGATION [sum]

-- title: snowflake generator with seq4
-- dialect: snowflake
create table mart.nums as select seq4() as n from table(generator(rowcount => 100))
-- expect:

-- title: oracle listagg on overflow truncate
-- dialect: oracle
-- schema: {"hr.e": {"dept": "number", "name": "varchar2"}}
create table hr.d as
select dept, listagg(name, ',' on overflow truncate '...' with count) within group (order by name) as names from hr.e group by dept
-- expect-includes:
-- hr.e.dept -> hr.d.dept DIRECT.IDENTITY
-- hr.e.name -> hr.d.names DIRECT.AGGREGATION [group_concat]

-- title: teradata update with alias from set
-- dialect: teradata
-- schema: {"dw.t": {"id": "integer", "a": "integer"}, "dw.s": {"id": "integer", "a": "integer"}}
update tgt from dw.t tgt, dw.s src set a = src.a where tgt.id = src.id
-- expect:
-- dw.s.a -> dw.t.a DIRECT.IDENTITY
-- dw.s.id -> dw.t.a INDIRECT.FILTER
-- dw.t.id -> dw.t.a INDIRECT.FILTER

-- title: mysql replace select and insert ignore
-- dialect: mysql
-- schema: {"db.s": {"id": "int", "v": "int"}}
insert ignore into db.t (id, v) select id, v from db.s
-- expect:
-- db.s.id -> db.t.id DIRECT.IDENTITY
-- db.s.v -> db.t.v DIRECT.IDENTITY

-- title: clickhouse insert select with settings and final
-- dialect: clickhouse
-- schema: {"raw.e": {"id": "UInt64", "v": "String"}}
insert into dw.e select id, v from raw.e final where v != '' settings max_threads = 8
-- expect:
-- raw.e.id -> dw.e.id DIRECT.IDENTITY
-- raw.e.v -> dw.e.v DIRECT.IDENTITY
-- raw.e.v -> dw.e.id INDIRECT.FILTER
-- raw.e.v -> dw.e.v INDIRECT.FILTER

-- title: count distinct over partition
-- dialect: snowflake
-- schema: {"raw.e": {"id": "number", "sess": "varchar", "uid": "number"}}
create table mart.e as
select id, count(distinct sess) over (partition by uid) as n_sess from raw.e
-- expect:
-- raw.e.id -> mart.e.id DIRECT.IDENTITY
-- raw.e.sess -> mart.e.n_sess DIRECT.AGGREGATION [count]
-- raw.e.uid -> mart.e.n_sess INDIRECT.WINDOW

-- title: snowflake star ilike
-- dialect: snowflake
-- schema: {"raw.t": {"user_id": "number", "order_id": "number", "amt": "number"}}
create table mart.ids as select * ilike '%_id' from raw.t
-- expect:
-- raw.t.user_id -> mart.ids.user_id DIRECT.IDENTITY
-- raw.t.order_id -> mart.ids.order_id DIRECT.IDENTITY

-- title: databricks exists higher order and array_sort lambda
-- dialect: databricks
-- schema: {"raw.o": {"id": "bigint", "items": "array<struct<sku:string,qty:int>>"}}
create table mart.o as
select id, exists(items, i -> i.qty > 10) as has_bulk, array_sort(items, (l, r) -> l.qty - r.qty) as sorted from raw.o
-- expect-includes:
-- raw.o.id -> mart.o.id DIRECT.IDENTITY
-- raw.o.items -> mart.o.sorted DIRECT.TRANSFORMATION [array_sort]

-- title: bigquery farm_fingerprint of to_json_string of row alias
-- dialect: bigquery
-- schema: {"raw.t": {"id": "int64", "v": "string"}}
create table mart.h as select id, farm_fingerprint(to_json_string(t)) as row_hash from raw.t as t
-- expect:
-- raw.t.id -> mart.h.id DIRECT.IDENTITY
-- raw.t.id -> mart.h.row_hash DIRECT.TRANSFORMATION [json_format, farm_fingerprint]
-- raw.t.v -> mart.h.row_hash DIRECT.TRANSFORMATION [json_format, farm_fingerprint]

-- title: recursive cte bill of materials with second table in recursive member
-- dialect: postgres
-- schema: {"mfg.bom": {"parent": "int", "child": "int", "qty": "int"}, "mfg.part": {"id": "int", "cost": "numeric"}}
create table mart.cost as
with recursive x(part, qty) as (
  select child, qty from mfg.bom where parent = 1
  union all
  select b.child, x.qty * b.qty from x join mfg.bom b on b.parent = x.part
)
select x.part, sum(x.qty * p.cost) as cost from x join mfg.part p on p.id = x.part group by x.part
-- expect-includes:
-- mfg.bom.child -> mart.cost.part DIRECT.IDENTITY
-- mfg.bom.qty -> mart.cost.cost DIRECT.AGGREGATION [sum]
-- mfg.part.cost -> mart.cost.cost DIRECT.AGGREGATION [sum]
-- mfg.bom.parent -> mart.cost.cost INDIRECT.FILTER
-- mfg.bom.parent -> mart.cost.cost INDIRECT.JOIN
-- mfg.part.id -> mart.cost.cost INDIRECT.JOIN
