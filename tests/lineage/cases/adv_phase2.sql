-- Adversarial cases written in phase 2 (after reading the engine), for gaps found by probing
-- beyond the blind corpus. Expectations are derived from the same rules as the other adv_ files.

-- title: group by an output alias when the source schema is unknown
-- dialect: postgres
create table mart.daily as
select date_trunc('day', ts) as day, count(*) as n
from raw.events
group by day;
-- expect:
-- raw.events.ts -> mart.daily.day DIRECT.TRANSFORMATION [timestamp_trunc]
-- raw.events.ts -> mart.daily.day INDIRECT.GROUP_BY
-- raw.events.ts -> mart.daily.n INDIRECT.GROUP_BY

-- title: alias shadowing its own column in where with no schema
-- dialect: postgres
create table mart.names as
select upper(name) as name, name as raw_name
from raw.users
where name is not null;
-- expect:
-- raw.users.name -> mart.names.name DIRECT.TRANSFORMATION [upper]
-- raw.users.name -> mart.names.raw_name DIRECT.IDENTITY
-- raw.users.name -> mart.names.name INDIRECT.FILTER
-- raw.users.name -> mart.names.raw_name INDIRECT.FILTER

-- title: postgres has no lateral aliases - a later name is the source column
-- dialect: postgres
create table mart.swap as
select b as a, a as c from raw.x;
-- expect:
-- raw.x.b -> mart.swap.a DIRECT.IDENTITY
-- raw.x.a -> mart.swap.c DIRECT.IDENTITY

-- title: snowflake lateral alias and where alias with no schema
-- dialect: snowflake
create table mart.lca as
select a + 1 as b, b * 2 as c from raw.t where c > 3;
-- expect:
-- raw.t.a -> mart.lca.b DIRECT.TRANSFORMATION
-- raw.t.a -> mart.lca.c DIRECT.TRANSFORMATION
-- raw.t.a -> mart.lca.b INDIRECT.FILTER
-- raw.t.a -> mart.lca.c INDIRECT.FILTER

-- title: order by position over a union sorts every output
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.leads": {"lead_id": "int", "mail": "text"}}
create table mart.contacts_sorted as
select id, email from raw.users
union all
select lead_id, mail from raw.leads
order by 2;
-- expect:
-- raw.users.id -> mart.contacts_sorted.id DIRECT.IDENTITY
-- raw.users.email -> mart.contacts_sorted.email DIRECT.IDENTITY
-- raw.leads.lead_id -> mart.contacts_sorted.id DIRECT.IDENTITY
-- raw.leads.mail -> mart.contacts_sorted.email DIRECT.IDENTITY
-- raw.users.email -> mart.contacts_sorted.id INDIRECT.SORT
-- raw.users.email -> mart.contacts_sorted.email INDIRECT.SORT
-- raw.leads.mail -> mart.contacts_sorted.id INDIRECT.SORT
-- raw.leads.mail -> mart.contacts_sorted.email INDIRECT.SORT

-- title: max_by takes its value from the first argument only
-- dialect: spark
-- schema: {"raw.orders": {"user_id": "int", "amount": "int", "ts": "timestamp"}}
create table mart.last_amounts as
select user_id, max_by(amount, ts) as last_amount
from raw.orders
group by user_id;
-- expect:
-- raw.orders.user_id -> mart.last_amounts.user_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.last_amounts.last_amount DIRECT.AGGREGATION [arg_max]
-- raw.orders.ts -> mart.last_amounts.last_amount INDIRECT.SORT
-- raw.orders.user_id -> mart.last_amounts.user_id INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.last_amounts.last_amount INDIRECT.GROUP_BY

-- title: qualified column a known table lacks is reported and the rest kept
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.partial as
select u.id, u.nope from raw.users u;
-- expect:
-- raw.users.id -> mart.partial.id DIRECT.IDENTITY
-- expect-diagnostics:
-- unresolved-column nope

-- title: qualified column a cte does not project is reported, not guessed
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.cte_partial as
with c as (select id from raw.users)
select c.id, c.email from c;
-- expect:
-- raw.users.id -> mart.cte_partial.id DIRECT.IDENTITY
-- expect-diagnostics:
-- unresolved-column email

-- title: spark posexplode in the select list with two aliases
-- dialect: spark
-- schema: {"raw.users": {"id": "int", "tags": "array<string>"}}
create table mart.tag_positions as
select id, posexplode(tags) as (pos, tag) from raw.users;
-- expect:
-- raw.users.id -> mart.tag_positions.id DIRECT.IDENTITY
-- raw.users.tags -> mart.tag_positions.tag DIRECT.TRANSFORMATION [posexplode]

-- title: spark explode of a map in the select list gives key and value
-- dialect: spark
-- schema: {"raw.users": {"id": "int", "attrs": "map<string,string>"}}
create table mart.attr_rows as
select id, explode(attrs) as (k, v) from raw.users;
-- expect:
-- raw.users.id -> mart.attr_rows.id DIRECT.IDENTITY
-- raw.users.attrs -> mart.attr_rows.k DIRECT.TRANSFORMATION [explode]
-- raw.users.attrs -> mart.attr_rows.v DIRECT.TRANSFORMATION [explode]

-- title: postgres table function in from reads its argument
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "payload": "jsonb"}}
create table mart.kv as
select u.id, kv.key, kv.value
from raw.users u, jsonb_each_text(u.payload) as kv;
-- expect:
-- raw.users.id -> mart.kv.id DIRECT.IDENTITY
-- raw.users.payload -> mart.kv.key DIRECT.TRANSFORMATION [jsonb_each_text]
-- raw.users.payload -> mart.kv.value DIRECT.TRANSFORMATION [jsonb_each_text]

-- title: snowflake table flatten without lateral
-- dialect: snowflake
-- schema: {"raw.orders": {"id": "number", "lines": "variant"}}
create table mart.order_skus as
select o.id, f.value:sku::string as sku
from raw.orders o, table(flatten(input => o.lines)) f;
-- expect:
-- raw.orders.id -> mart.order_skus.id DIRECT.IDENTITY
-- raw.orders.lines -> mart.order_skus.sku DIRECT.TRANSFORMATION [explode, json_extract, cast]

-- title: bigquery merge insert row
-- dialect: bigquery
-- schema: {"raw.s": {"id": "INT64", "name": "STRING"}, "mart.t": {"id": "INT64", "name": "STRING"}}
merge mart.t t using raw.s s on t.id = s.id
when not matched then insert row;
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.name -> mart.t.name DIRECT.IDENTITY
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.name INDIRECT.JOIN
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.name INDIRECT.JOIN

-- title: postgres upsert keeps the old value as a source
-- dialect: postgres
-- schema: {"raw.s": {"id": "int", "n": "int"}, "mart.t": {"id": "int", "n": "int"}}
insert into mart.t (id, n) select id, n from raw.s
on conflict (id) do update set n = t.n + excluded.n;
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.n -> mart.t.n DIRECT.IDENTITY
-- raw.s.n -> mart.t.n DIRECT.TRANSFORMATION
-- mart.t.n -> mart.t.n DIRECT.TRANSFORMATION
-- mart.t.id -> mart.t.n INDIRECT.JOIN
-- raw.s.id -> mart.t.n INDIRECT.JOIN

-- title: mysql on duplicate key update with values()
-- dialect: mysql
-- schema: {"raw.s": {"id": "int", "n": "int"}, "mart.t": {"id": "int", "n": "int"}}
insert into mart.t (id, n) select id, n from raw.s
on duplicate key update n = n + values(n);
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.n -> mart.t.n DIRECT.IDENTITY
-- raw.s.n -> mart.t.n DIRECT.TRANSFORMATION
-- mart.t.n -> mart.t.n DIRECT.TRANSFORMATION

-- title: postgres writable cte moving deleted rows
-- dialect: postgres
-- schema: {"raw.s": {"id": "int", "name": "text", "deleted": "boolean"}}
with moved as (delete from raw.s where deleted returning id, name)
insert into mart.archive (id, name) select id, name from moved;
-- expect:
-- raw.s.id -> mart.archive.id DIRECT.IDENTITY
-- raw.s.name -> mart.archive.name DIRECT.IDENTITY
-- raw.s.deleted -> mart.archive.id INDIRECT.FILTER
-- raw.s.deleted -> mart.archive.name INDIRECT.FILTER

-- title: tsql script without semicolons after set and declare
-- dialect: tsql
-- schema: {"raw.s": {"id": "int", "name": "varchar"}}
SET NOCOUNT ON
DECLARE @d date = getdate()
CREATE TABLE #t (id int, name varchar(10))
INSERT INTO #t SELECT id, name FROM raw.s
INSERT INTO mart.x (id, name) SELECT id, upper(name) FROM #t
DROP TABLE #t
-- expect:
-- raw.s.id -> mart.x.id DIRECT.IDENTITY
-- raw.s.name -> mart.x.name DIRECT.TRANSFORMATION [upper]

-- title: tsql temp table filled elsewhere is not a persistent table
-- dialect: tsql
insert into mart.x (id) select id from #staged;
-- expect:
-- expect-diagnostics:
-- unknown-table

-- title: duckdb pivot statement form with an in list
-- dialect: duckdb
-- schema: {"raw.sales": {"region": "varchar", "month": "varchar", "amount": "int", "note": "varchar"}}
create table mart.pivoted as
select * from (pivot raw.sales on month in ('jan', 'feb') using sum(amount) group by region);
-- expect:
-- raw.sales.region -> mart.pivoted.region DIRECT.IDENTITY
-- raw.sales.amount -> mart.pivoted.jan DIRECT.AGGREGATION [sum]
-- raw.sales.amount -> mart.pivoted.feb DIRECT.AGGREGATION [sum]
-- raw.sales.month -> mart.pivoted.jan INDIRECT.CONDITIONAL
-- raw.sales.month -> mart.pivoted.feb INDIRECT.CONDITIONAL
-- raw.sales.region -> mart.pivoted.region INDIRECT.GROUP_BY
-- raw.sales.region -> mart.pivoted.jan INDIRECT.GROUP_BY
-- raw.sales.region -> mart.pivoted.feb INDIRECT.GROUP_BY

-- title: duckdb order by all sorts by every projection
-- dialect: duckdb
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
create table mart.sorted_all as
select id, email from raw.users order by all;
-- expect:
-- raw.users.id -> mart.sorted_all.id DIRECT.IDENTITY
-- raw.users.email -> mart.sorted_all.email DIRECT.IDENTITY
-- raw.users.id -> mart.sorted_all.id INDIRECT.SORT
-- raw.users.id -> mart.sorted_all.email INDIRECT.SORT
-- raw.users.email -> mart.sorted_all.id INDIRECT.SORT
-- raw.users.email -> mart.sorted_all.email INDIRECT.SORT

-- title: snowflake decode compares its first argument and the searched values
-- dialect: snowflake
-- schema: {"raw.t": {"a": "number", "b": "number", "c": "number"}}
create table mart.decoded as
select decode(a, 1, 'one', 2, 'two', 'other') as label, decode(a, b, c, 0) as picked
from raw.t;
-- expect:
-- raw.t.a -> mart.decoded.label INDIRECT.CONDITIONAL
-- raw.t.a -> mart.decoded.picked INDIRECT.CONDITIONAL
-- raw.t.b -> mart.decoded.picked INDIRECT.CONDITIONAL
-- raw.t.c -> mart.decoded.picked DIRECT.TRANSFORMATION [decode_case]

-- title: nvl2 tests its first argument and returns one of the others
-- dialect: snowflake
-- schema: {"raw.t": {"a": "number", "b": "number", "c": "number"}}
create table mart.nvl2ed as
select nvl2(a, b, c) as v from raw.t;
-- expect:
-- raw.t.a -> mart.nvl2ed.v INDIRECT.CONDITIONAL
-- raw.t.b -> mart.nvl2ed.v DIRECT.TRANSFORMATION [nvl2]
-- raw.t.c -> mart.nvl2ed.v DIRECT.TRANSFORMATION [nvl2]

-- title: spark cache table is a temporary view followed through
-- dialect: spark
-- schema: {"raw.s": {"id": "int", "name": "string"}}
cache table c as select id, lower(name) as name from raw.s;
insert into mart.x select id, name from c;
-- expect:
-- raw.s.id -> mart.x.id DIRECT.IDENTITY
-- raw.s.name -> mart.x.name DIRECT.TRANSFORMATION [lower]

-- title: tsql table variable is a temporary table
-- dialect: tsql
-- schema: {"raw.s": {"id": "int", "name": "varchar"}}
DECLARE @t TABLE (id int, name varchar(10));
INSERT INTO @t (id, name) SELECT id, name FROM raw.s;
UPDATE @t SET name = lower(name);
INSERT INTO mart.x (id, name) SELECT id, upper(name) FROM @t;
-- expect:
-- raw.s.id -> mart.x.id DIRECT.IDENTITY
-- raw.s.name -> mart.x.name DIRECT.TRANSFORMATION [upper]
-- raw.s.name -> mart.x.name DIRECT.TRANSFORMATION [lower, upper]

-- title: postgres temp table on commit drop
-- dialect: postgres
-- schema: {"raw.s": {"id": "int", "name": "text"}}
create temp table t1 on commit drop as select id, name from raw.s where id > 0;
insert into mart.x select * from t1;
-- expect:
-- raw.s.id -> mart.x.id DIRECT.IDENTITY
-- raw.s.name -> mart.x.name DIRECT.IDENTITY
-- raw.s.id -> mart.x.id INDIRECT.FILTER
-- raw.s.id -> mart.x.name INDIRECT.FILTER

-- title: tsql update top keeps the assignments
-- dialect: tsql
-- schema: {"mart.t": {"id": "int", "a": "int", "b": "int"}}
update top (10) mart.t set b = a where id > 5;
-- expect:
-- mart.t.a -> mart.t.b DIRECT.IDENTITY
-- mart.t.id -> mart.t.b INDIRECT.FILTER

-- title: databricks merge star writes only the target's columns
-- dialect: databricks
-- schema: {"raw.s": {"id": "int", "name": "string", "deleted": "boolean"}, "mart.t": {"id": "int", "name": "string"}}
merge into mart.t using raw.s on t.id = s.id
when matched then update set *
when not matched then insert *;
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.name -> mart.t.name DIRECT.IDENTITY
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.name INDIRECT.JOIN
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.name INDIRECT.JOIN
