-- Adversarial cases: set operations (positional), recursive CTEs, multi-statement scripts.

-- title: union all with different column names is positional
-- schema: {"raw.customers": {"cid": "int", "mail": "text"}, "raw.leads": {"lead_id": "int", "contact": "text"}}
create table mart.people as
select cid, mail from raw.customers
union all
select lead_id, contact from raw.leads;
-- expect:
-- raw.customers.cid -> mart.people.cid DIRECT.IDENTITY
-- raw.customers.mail -> mart.people.mail DIRECT.IDENTITY
-- raw.leads.lead_id -> mart.people.cid DIRECT.IDENTITY
-- raw.leads.contact -> mart.people.mail DIRECT.IDENTITY

-- title: union branches with their own filters
-- dialect: postgres
-- schema: {"raw.customers": {"id": "int", "email": "text", "active": "boolean"}, "raw.leads": {"id": "int", "email": "text", "score": "int"}}
insert into mart.reachable (id, email)
select id, email from raw.customers where active
union
select id, lower(email) from raw.leads where score > 50;
-- expect:
-- raw.customers.id -> mart.reachable.id DIRECT.IDENTITY
-- raw.customers.email -> mart.reachable.email DIRECT.IDENTITY
-- raw.leads.id -> mart.reachable.id DIRECT.IDENTITY
-- raw.leads.email -> mart.reachable.email DIRECT.TRANSFORMATION [lower]
-- raw.customers.active -> mart.reachable.id INDIRECT.FILTER
-- raw.customers.active -> mart.reachable.email INDIRECT.FILTER
-- raw.leads.score -> mart.reachable.id INDIRECT.FILTER
-- raw.leads.score -> mart.reachable.email INDIRECT.FILTER

-- title: intersect keeps values present in both
-- schema: {"raw.a": {"email": "text"}, "raw.b": {"address": "text"}}
create table mart.common_emails as
select email from raw.a
intersect
select address from raw.b;
-- expect:
-- raw.a.email -> mart.common_emails.email DIRECT.IDENTITY
-- raw.b.address -> mart.common_emails.email DIRECT.IDENTITY

-- title: except right side only removes rows
-- schema: {"raw.a": {"email": "text"}, "raw.unsubscribed": {"address": "text"}}
create table mart.still_subscribed as
select email from raw.a
except
select address from raw.unsubscribed;
-- expect:
-- raw.a.email -> mart.still_subscribed.email DIRECT.IDENTITY
-- raw.unsubscribed.address -> mart.still_subscribed.email INDIRECT.FILTER

-- title: insert column list over a union with swapped branches
-- schema: {"raw.p": {"x": "int", "y": "int"}, "raw.q": {"x": "int", "y": "int"}}
insert into mart.pq (b, a)
select x, y from raw.p
union all
select y, x from raw.q;
-- expect:
-- raw.p.x -> mart.pq.b DIRECT.IDENTITY
-- raw.p.y -> mart.pq.a DIRECT.IDENTITY
-- raw.q.y -> mart.pq.b DIRECT.IDENTITY
-- raw.q.x -> mart.pq.a DIRECT.IDENTITY

-- title: recursive cte walking a hierarchy
-- dialect: postgres
-- schema: {"raw.nodes": {"id": "int", "parent_id": "int", "name": "text"}}
create table mart.tree as
with recursive r(id, name, depth) as (
    select id, name, 0 from raw.nodes where parent_id is null
    union all
    select n.id, n.name, r.depth + 1 from raw.nodes n join r on n.parent_id = r.id
)
select id, name, depth from r;
-- expect-includes:
-- raw.nodes.id -> mart.tree.id DIRECT.IDENTITY
-- raw.nodes.name -> mart.tree.name DIRECT.IDENTITY
-- raw.nodes.parent_id -> mart.tree.id INDIRECT.FILTER
-- raw.nodes.parent_id -> mart.tree.name INDIRECT.FILTER
-- raw.nodes.parent_id -> mart.tree.id INDIRECT.JOIN
-- raw.nodes.parent_id -> mart.tree.depth INDIRECT.JOIN

-- title: spark temporary view followed through
-- dialect: spark
-- schema: {"raw.users": {"id": "int", "email": "string", "active": "boolean"}}
create or replace temporary view v_users as
select id, lower(email) as email from raw.users where active = true;
insert into mart.users_clean
select id, email from v_users;
-- expect:
-- raw.users.id -> mart.users_clean.id DIRECT.IDENTITY
-- raw.users.email -> mart.users_clean.email DIRECT.TRANSFORMATION [lower]
-- raw.users.active -> mart.users_clean.id INDIRECT.FILTER
-- raw.users.active -> mart.users_clean.email INDIRECT.FILTER

-- title: postgres temp table with aggregate then filtered on it
-- dialect: postgres
-- schema: {"raw.orders": {"user_id": "int", "amount": "numeric"}}
create temp table tmp_totals as
select user_id, sum(amount) as total from raw.orders group by user_id;
insert into mart.big_totals (user_id, total)
select user_id, total from tmp_totals where total > 100;
-- expect:
-- raw.orders.user_id -> mart.big_totals.user_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.big_totals.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.big_totals.user_id INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.big_totals.total INDIRECT.GROUP_BY
-- raw.orders.amount -> mart.big_totals.user_id INDIRECT.FILTER
-- raw.orders.amount -> mart.big_totals.total INDIRECT.FILTER

-- title: snowflake temporary table chain with drop
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}}
create or replace temporary table tmp_u as select id, email from raw.users;
create or replace temporary table tmp_u2 as select id, sha2(email) as email_hash from tmp_u;
insert into mart.hashed (id, email_hash) select id, email_hash from tmp_u2;
drop table tmp_u;
-- expect:
-- raw.users.id -> mart.hashed.id DIRECT.IDENTITY
-- raw.users.email -> mart.hashed.email_hash DIRECT.TRANSFORMATION [sha2]

-- title: bigquery temp table then merge-free insert
-- dialect: bigquery
-- schema: {"raw.events": {"user_id": "INT64", "kind": "STRING"}}
create temp table recent as
select user_id, kind from raw.events where kind != 'noise';
create or replace table mart.kinds as
select kind, count(*) as n from recent group by kind;
-- expect:
-- raw.events.kind -> mart.kinds.kind DIRECT.IDENTITY
-- raw.events.kind -> mart.kinds.kind INDIRECT.GROUP_BY
-- raw.events.kind -> mart.kinds.n INDIRECT.GROUP_BY
-- raw.events.kind -> mart.kinds.kind INDIRECT.FILTER
-- raw.events.kind -> mart.kinds.n INDIRECT.FILTER

-- title: persistent intermediate table is a real target
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table stage.users as select id, email from raw.users;
create table mart.users_final as select id, upper(email) as email from stage.users;
-- expect:
-- raw.users.id -> stage.users.id DIRECT.IDENTITY
-- raw.users.email -> stage.users.email DIRECT.IDENTITY
-- stage.users.id -> mart.users_final.id DIRECT.IDENTITY
-- stage.users.email -> mart.users_final.email DIRECT.TRANSFORMATION [upper]

-- title: union where one branch is a star
-- schema: {"raw.a": {"id": "int", "email": "text"}, "raw.b": {"bid": "int", "mail": "text"}}
create table mart.ab_union as
select * from raw.a
union all
select bid, mail from raw.b;
-- expect:
-- raw.a.id -> mart.ab_union.id DIRECT.IDENTITY
-- raw.a.email -> mart.ab_union.email DIRECT.IDENTITY
-- raw.b.bid -> mart.ab_union.id DIRECT.IDENTITY
-- raw.b.mail -> mart.ab_union.email DIRECT.IDENTITY

-- title: bigquery script variables are constants, not columns
-- dialect: bigquery
-- schema: {"raw.orders": {"id": "int64", "dt": "date"}}
declare run_date date;
set run_date = current_date();
declare a, b int64 default 1;
insert into mart.o (id, n) select id, id + a from raw.orders where dt = run_date;
-- expect:
-- raw.orders.id -> mart.o.id DIRECT.IDENTITY
-- raw.orders.id -> mart.o.n DIRECT.TRANSFORMATION
-- raw.orders.dt -> mart.o.id INDIRECT.FILTER
-- raw.orders.dt -> mart.o.n INDIRECT.FILTER

-- title: a declared name that is a column of the source stays the column
-- dialect: bigquery
-- schema: {"raw.orders": {"id": "int64", "dt": "date"}}
declare dt date default current_date();
insert into mart.o (id, d) select id, dt from raw.orders;
-- expect:
-- raw.orders.id -> mart.o.id DIRECT.IDENTITY
-- raw.orders.dt -> mart.o.d DIRECT.IDENTITY

-- title: a declared name is an outer column before it is a variable, never an unknown table's
-- dialect: bigquery
-- schema: {"raw.a": {"id": "int64", "dt": "date"}, "raw.b": {"k": "date"}}
declare dt date;
insert into mart.o (id) select a.id from raw.a a where exists (select 1 from raw.b b where b.k = dt);
insert into mart.p (id) select id from raw.unknown where d2 = dt;
-- expect:
-- raw.a.id -> mart.o.id DIRECT.IDENTITY
-- raw.a.dt -> mart.o.id INDIRECT.FILTER
-- raw.b.k -> mart.o.id INDIRECT.FILTER
-- raw.unknown.id -> mart.p.id DIRECT.IDENTITY
-- raw.unknown.d2 -> mart.p.id INDIRECT.FILTER
