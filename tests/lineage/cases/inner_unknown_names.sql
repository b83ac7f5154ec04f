-- title: a bare name in an IN subquery over a table of unknown columns is that table's, and the statement keeps its column lineage (P22-1)
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
insert into mart.active_users select u.id, u.email from raw.users u
where u.id in (select user_id from raw.logins);
-- expect:
-- raw.users.id -> mart.active_users.id DIRECT.IDENTITY
-- raw.users.email -> mart.active_users.email DIRECT.IDENTITY
-- raw.users.id -> mart.active_users.id INDIRECT.FILTER
-- raw.logins.user_id -> mart.active_users.id INDIRECT.FILTER
-- raw.users.id -> mart.active_users.email INDIRECT.FILTER
-- raw.logins.user_id -> mart.active_users.email INDIRECT.FILTER

-- title: a bare name in a scalar subquery that no query knows is the subquery's one table of unknown columns
-- dialect: postgres
-- schema: {"raw.users": {"id": "int"}}
insert into mart.a select u.id from raw.users u where u.id = (select max(zz) from s.other);
-- expect:
-- raw.users.id -> mart.a.id DIRECT.IDENTITY
-- raw.users.id -> mart.a.id INDIRECT.FILTER
-- s.other.zz -> mart.a.id INDIRECT.FILTER

-- title: a correlated EXISTS naming an outer column bare: its own table of unknown columns or the outer one, said so
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
insert into mart.a select u.id from raw.users u
where exists (select 1 from raw.l l where l.k = email);
-- expect:
-- raw.users.id -> mart.a.id DIRECT.IDENTITY
-- raw.l.k -> mart.a.id INDIRECT.FILTER
-- raw.l.email -> mart.a.id INDIRECT.FILTER (ambiguous)
-- raw.users.email -> mart.a.id INDIRECT.FILTER (ambiguous)
-- expect-diagnostics: ambiguous-column email

-- title: a bare name in a subquery over two tables of unknown columns is ambiguous between them, not the end of the statement's lineage
-- dialect: postgres
-- schema: {"raw.users": {"id": "int"}}
insert into mart.a select u.id from raw.users u
where exists (select 1 from raw.l l, raw.m m where l.k = m.k and zz = 1);
-- expect:
-- raw.users.id -> mart.a.id DIRECT.IDENTITY
-- raw.l.k -> mart.a.id INDIRECT.FILTER
-- raw.m.k -> mart.a.id INDIRECT.FILTER
-- raw.l.zz -> mart.a.id INDIRECT.FILTER (ambiguous)
-- raw.m.zz -> mart.a.id INDIRECT.FILTER (ambiguous)
-- expect-diagnostics: ambiguous-column zz

-- title: the incremental high-water mark reads the INSERT's own target, whose column list names the column (P22-1)
-- dialect: databricks
-- schema: {"core.orders": {"order_id": "int", "order_total": "int"}}
INSERT INTO silver.enriched (order_id, order_total)
SELECT o.order_id, o.order_total
FROM core.orders o
WHERE o.order_id > (SELECT COALESCE(MAX(order_id), 0) FROM silver.enriched);
-- expect:
-- core.orders.order_id -> silver.enriched.order_id DIRECT.IDENTITY
-- core.orders.order_total -> silver.enriched.order_total DIRECT.IDENTITY
-- core.orders.order_id -> silver.enriched.order_id INDIRECT.FILTER
-- silver.enriched.order_id -> silver.enriched.order_id INDIRECT.FILTER
-- core.orders.order_id -> silver.enriched.order_total INDIRECT.FILTER
-- silver.enriched.order_id -> silver.enriched.order_total INDIRECT.FILTER

-- title: a correlated scalar subquery in the SELECT list: the bare inner name is its table's, the qualified outer one the outer's
-- dialect: postgres
-- schema: {"raw.users": {"id": "int"}}
insert into mart.a select u.id, (select count(*) from raw.logins where user_id = u.id) as n from raw.users u;
-- expect:
-- raw.users.id -> mart.a.id DIRECT.IDENTITY
-- raw.logins.user_id -> mart.a.n INDIRECT.FILTER
-- raw.users.id -> mart.a.n INDIRECT.FILTER

-- title: an output alias of a subquery over a table of unknown columns stays the alias
-- dialect: postgres
-- schema: {"raw.users": {"id": "int"}}
insert into mart.a select u.id from raw.users u
where u.id = (select l.uid as m from raw.logins l order by m limit 1);
-- expect:
-- raw.users.id -> mart.a.id DIRECT.IDENTITY
-- raw.users.id -> mart.a.id INDIRECT.FILTER
-- raw.logins.uid -> mart.a.id INDIRECT.FILTER
-- raw.logins.uid -> mart.a.id INDIRECT.SORT

-- title: a lateral subquery naming a column of the table before it, whose columns are unknown (was: table-level only)
-- dialect: postgres
create table m.t as select v.b from s.t cross join lateral (select a as b) v;
-- expect:
-- s.t.a -> m.t.b DIRECT.IDENTITY

-- title: a LATERAL subquery's own output is no outer column for a bare name inside it
-- dialect: postgres
-- schema: {"raw.a": {"id": "int", "x": "int"}}
insert into m.o (id, m) select a.id, l.y from raw.a a, lateral (select y from raw.unk u where u.k = a.id) l;
-- expect:
-- raw.a.id -> m.o.id DIRECT.IDENTITY
-- raw.unk.y -> m.o.m DIRECT.IDENTITY
-- raw.a.id -> m.o.id INDIRECT.FILTER
-- raw.unk.k -> m.o.id INDIRECT.FILTER
-- raw.a.id -> m.o.m INDIRECT.FILTER
-- raw.unk.k -> m.o.m INDIRECT.FILTER

-- title: a bare name in a subquery is not read from a CTE the query does not select from
-- dialect: postgres
-- schema: {"raw.u": {"id": "int", "email": "text"}, "raw.a": {"id": "int", "x": "int"}}
create table m.o as with c as (select id, email from raw.u)
select a.x from raw.a a where a.x in (select email from raw.unk);
-- expect:
-- raw.a.x -> m.o.x DIRECT.IDENTITY
-- raw.a.x -> m.o.x INDIRECT.FILTER
-- raw.unk.email -> m.o.x INDIRECT.FILTER

-- title: review: in an upper-casing dialect (Snowflake) the hidden name is found again
-- dialect: snowflake
-- schema: {"db.s.users": {"ID": "int", "NAME": "text"}, "db.s.tgt": {"ID": "int", "NAME": "text"}}
INSERT INTO db.s.tgt SELECT u.id, u.name FROM db.s.users u
WHERE u.id IN (SELECT user_id FROM db.raw.logins)
-- expect:
-- db.s.users.id -> db.s.tgt.id DIRECT.IDENTITY
-- db.s.users.name -> db.s.tgt.name DIRECT.IDENTITY
-- db.s.users.id -> db.s.tgt.id INDIRECT.FILTER
-- db.s.users.id -> db.s.tgt.name INDIRECT.FILTER
-- db.raw.logins.user_id -> db.s.tgt.id INDIRECT.FILTER @2
-- db.raw.logins.user_id -> db.s.tgt.name INDIRECT.FILTER @2

-- title: review: and in Oracle
-- dialect: oracle
-- schema: {"s.users": {"id": "int", "name": "varchar"}}
INSERT INTO s.tgt (id, name) SELECT u.id, u.name FROM s.users u
WHERE u.id IN (SELECT user_id FROM raw.logins)
-- expect:
-- s.users.id -> s.tgt.id DIRECT.IDENTITY
-- s.users.name -> s.tgt.name DIRECT.IDENTITY
-- s.users.id -> s.tgt.id INDIRECT.FILTER
-- s.users.id -> s.tgt.name INDIRECT.FILTER
-- raw.logins.user_id -> s.tgt.id INDIRECT.FILTER @2
-- raw.logins.user_id -> s.tgt.name INDIRECT.FILTER @2

-- title: databricks dbt's incremental model as it runs: a temp view filtering on the target's high-water mark, then a MERGE into the target listing the column: the subquery's column is the target's (no ambiguity)
-- dialect: databricks
-- schema: {"stg.src": {"id": "int", "name": "string", "ts": "timestamp"}}
create or replace temporary view t2__dbt_tmp as
select id, name, ts from stg.src where ts > (select max(ts) from mart.t2);
merge into mart.t2 as d using t2__dbt_tmp as s on s.id <=> d.id
when matched then update set `id` = s.`id`, `name` = s.`name`, `ts` = s.`ts`
when not matched then insert (`id`, `name`, `ts`) values (s.`id`, s.`name`, s.`ts`);
-- expect:
-- stg.src.id -> mart.t2.id DIRECT.IDENTITY @4
-- stg.src.name -> mart.t2.name DIRECT.IDENTITY @4
-- stg.src.ts -> mart.t2.ts DIRECT.IDENTITY @4
-- stg.src.ts -> mart.t2.id INDIRECT.FILTER
-- stg.src.ts -> mart.t2.name INDIRECT.FILTER
-- stg.src.ts -> mart.t2.ts INDIRECT.FILTER
-- mart.t2.ts -> mart.t2.id INDIRECT.FILTER
-- mart.t2.ts -> mart.t2.name INDIRECT.FILTER
-- mart.t2.ts -> mart.t2.ts INDIRECT.FILTER
-- mart.t2.id -> mart.t2.id INDIRECT.JOIN
-- mart.t2.id -> mart.t2.name INDIRECT.JOIN
-- mart.t2.id -> mart.t2.ts INDIRECT.JOIN
-- stg.src.id -> mart.t2.id INDIRECT.JOIN
-- stg.src.id -> mart.t2.name INDIRECT.JOIN
-- stg.src.id -> mart.t2.ts INDIRECT.JOIN

-- title: databricks the same incremental model after USE db: the MERGE's list, written bare, names the target the completed name reads
-- dialect: databricks
-- schema: {"db.src": {"id": "int", "ts": "int"}}
USE db;
CREATE TEMPORARY VIEW v AS SELECT * FROM src WHERE ts > (SELECT max(ts) FROM tgt);
MERGE INTO tgt t USING v ON t.id = v.id WHEN NOT MATCHED THEN INSERT (id, ts) VALUES (v.id, v.ts);
-- expect:
-- db.src.id -> db.tgt.id DIRECT.IDENTITY
-- db.src.ts -> db.tgt.ts DIRECT.IDENTITY
-- db.src.ts -> db.tgt.id INDIRECT.FILTER
-- db.src.ts -> db.tgt.ts INDIRECT.FILTER
-- db.tgt.ts -> db.tgt.id INDIRECT.FILTER
-- db.tgt.ts -> db.tgt.ts INDIRECT.FILTER
-- db.tgt.id -> db.tgt.id INDIRECT.JOIN
-- db.tgt.id -> db.tgt.ts INDIRECT.JOIN
-- db.src.id -> db.tgt.id INDIRECT.JOIN
-- db.src.id -> db.tgt.ts INDIRECT.JOIN
