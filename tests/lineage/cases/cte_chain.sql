-- title: functions compose across CTEs innermost first
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.x as
with c as (select sha2(email) h from raw.users)
select upper(h) x from c
-- expect:
-- raw.users.email -> mart.x.x DIRECT.TRANSFORMATION [sha2, upper]

-- title: a filter inside a CTE reaches every target fed by it
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text", "country": "text"}}
with a as (select id, email, country from raw.users),
     b as (select id, lower(email) as email from a where country = 'DE'),
     c as (select id, email as contact from b)
insert into mart.contacts (user_id, contact)
select id, contact from c
-- expect:
-- raw.users.id -> mart.contacts.user_id DIRECT.IDENTITY
-- raw.users.email -> mart.contacts.contact DIRECT.TRANSFORMATION [lower]
-- raw.users.country -> mart.contacts.user_id INDIRECT.FILTER
-- raw.users.country -> mart.contacts.contact INDIRECT.FILTER

-- title: a CTE joined with itself
-- dialect: postgres
-- schema: {"raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.pairs as
with o as (select user_id, amount from raw.orders)
select a.user_id, a.amount + b.amount as total
from o a join o b on a.user_id = b.user_id
-- expect:
-- raw.orders.user_id -> mart.pairs.user_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.pairs.total DIRECT.TRANSFORMATION
-- raw.orders.user_id -> mart.pairs.user_id INDIRECT.JOIN
-- raw.orders.user_id -> mart.pairs.total INDIRECT.JOIN

-- title: unused CTE columns give no edges
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text", "country": "text"}}
create table mart.ids as
with u as (select id, email, country from raw.users)
select id from u
-- expect:
-- raw.users.id -> mart.ids.id DIRECT.IDENTITY

-- title: aggregation in a CTE then arithmetic outside
-- dialect: duckdb
-- schema: {"raw.orders": {"user_id": "int", "amount": "double"}}
create table mart.t as
with totals as (select user_id, sum(amount) as s, count(*) as n from raw.orders group by user_id)
select user_id, s / n as avg_amount from totals where n > 2
-- expect:
-- raw.orders.user_id -> mart.t.user_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.avg_amount DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.t.user_id INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.t.avg_amount INDIRECT.GROUP_BY

-- title: CTE shadows a table of the same name
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "users": {"id": "int", "secret": "text"}}
create table mart.t as
with users as (select id, email from raw.users)
select id, email from users
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY

-- title: recursive CTE
-- dialect: postgres
-- schema: {"raw.emp": {"id": "int", "manager_id": "int"}}
create table mart.chain as
with recursive r (id, depth) as (
  select id, 0 from raw.emp where manager_id is null
  union all
  select e.id, r.depth + 1 from raw.emp e join r on e.manager_id = r.id
)
select id, depth from r
-- expect:
-- raw.emp.id -> mart.chain.id DIRECT.IDENTITY
-- raw.emp.id -> mart.chain.depth INDIRECT.JOIN
-- raw.emp.id -> mart.chain.id INDIRECT.JOIN
-- raw.emp.manager_id -> mart.chain.id INDIRECT.FILTER
-- raw.emp.manager_id -> mart.chain.depth INDIRECT.FILTER
-- raw.emp.manager_id -> mart.chain.id INDIRECT.JOIN
-- raw.emp.manager_id -> mart.chain.depth INDIRECT.JOIN
