-- Adversarial cases: correlated/scalar subqueries, EXISTS/IN, name resolution across scopes.

-- title: correlated scalar subquery in select
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "active": "boolean"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
insert into mart.user_summary (id, max_order)
select u.id, (select max(o.amount) from raw.orders o where o.user_id = u.id)
from raw.users u
where u.active;
-- expect:
-- raw.users.id -> mart.user_summary.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.user_summary.max_order DIRECT.AGGREGATION [max]
-- raw.orders.user_id -> mart.user_summary.max_order INDIRECT.FILTER
-- raw.users.id -> mart.user_summary.max_order INDIRECT.FILTER
-- raw.users.active -> mart.user_summary.id INDIRECT.FILTER
-- raw.users.active -> mart.user_summary.max_order INDIRECT.FILTER

-- title: exists subquery filters every target
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "status": "text"}}
create table mart.buyers as
select u.id, u.email
from raw.users u
where exists (select 1 from raw.orders o where o.user_id = u.id and o.status = 'paid');
-- expect:
-- raw.users.id -> mart.buyers.id DIRECT.IDENTITY
-- raw.users.email -> mart.buyers.email DIRECT.IDENTITY
-- raw.orders.user_id -> mart.buyers.id INDIRECT.FILTER
-- raw.orders.user_id -> mart.buyers.email INDIRECT.FILTER
-- raw.users.id -> mart.buyers.id INDIRECT.FILTER
-- raw.users.id -> mart.buyers.email INDIRECT.FILTER
-- raw.orders.status -> mart.buyers.id INDIRECT.FILTER
-- raw.orders.status -> mart.buyers.email INDIRECT.FILTER

-- title: not in subquery with its own where
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}, "raw.blocked": {"user_id": "number", "reason": "varchar"}}
create table mart.allowed as
select email
from raw.users
where id not in (select user_id from raw.blocked where reason <> 'test');
-- expect:
-- raw.users.email -> mart.allowed.email DIRECT.IDENTITY
-- raw.users.id -> mart.allowed.email INDIRECT.FILTER
-- raw.blocked.user_id -> mart.allowed.email INDIRECT.FILTER
-- raw.blocked.reason -> mart.allowed.email INDIRECT.FILTER

-- title: unqualified name in a correlated subquery binds to the inner table first
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "name": "text"}, "raw.orders": {"id": "int", "user_id": "int"}}
create table mart.no_self_orders as
select name
from raw.users
where not exists (select 1 from raw.orders where user_id = id);
-- expect:
-- raw.users.name -> mart.no_self_orders.name DIRECT.IDENTITY
-- raw.orders.user_id -> mart.no_self_orders.name INDIRECT.FILTER
-- raw.orders.id -> mart.no_self_orders.name INDIRECT.FILTER

-- title: uncorrelated scalar subquery in select
-- schema: {"raw.orders": {"id": "int", "amount": "numeric"}}
create table mart.vs_avg as
select id, amount - (select avg(amount) from raw.orders) as delta
from raw.orders;
-- expect:
-- raw.orders.id -> mart.vs_avg.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.vs_avg.delta DIRECT.TRANSFORMATION
-- raw.orders.amount -> mart.vs_avg.delta DIRECT.AGGREGATION [avg]

-- title: in subquery inside a case condition
-- dialect: postgres
-- schema: {"raw.users": {"id": "int"}, "raw.vip": {"user_id": "int"}}
create table mart.user_tiers as
select id, case when id in (select user_id from raw.vip) then 'vip' else 'std' end as tier
from raw.users;
-- expect:
-- raw.users.id -> mart.user_tiers.id DIRECT.IDENTITY
-- raw.users.id -> mart.user_tiers.tier INDIRECT.CONDITIONAL
-- raw.vip.user_id -> mart.user_tiers.tier INDIRECT.CONDITIONAL

-- title: aggregated derived table joined back
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.user_spend as
select u.email, t.total
from raw.users u
join (select user_id, sum(amount) as total from raw.orders group by user_id) t on t.user_id = u.id;
-- expect-includes:
-- raw.users.email -> mart.user_spend.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.user_spend.total DIRECT.AGGREGATION [sum]
-- raw.users.id -> mart.user_spend.email INDIRECT.JOIN
-- raw.users.id -> mart.user_spend.total INDIRECT.JOIN
-- raw.orders.user_id -> mart.user_spend.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.user_spend.total INDIRECT.JOIN
-- raw.orders.user_id -> mart.user_spend.total INDIRECT.GROUP_BY

-- title: correlated comparison subquery in where
-- schema: {"raw.orders": {"id": "int", "user_id": "int", "amount": "numeric"}}
create table mart.above_user_avg as
select o.id
from raw.orders o
where o.amount > (select avg(o2.amount) from raw.orders o2 where o2.user_id = o.user_id);
-- expect:
-- raw.orders.id -> mart.above_user_avg.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.above_user_avg.id INDIRECT.FILTER
-- raw.orders.user_id -> mart.above_user_avg.id INDIRECT.FILTER

-- title: all subquery comparison
-- dialect: postgres
-- schema: {"raw.players": {"id": "int", "score": "int"}, "raw.thresholds": {"score": "int"}}
create table mart.champions as
select id from raw.players
where score > all (select score from raw.thresholds);
-- expect:
-- raw.players.id -> mart.champions.id DIRECT.IDENTITY
-- raw.players.score -> mart.champions.id INDIRECT.FILTER
-- raw.thresholds.score -> mart.champions.id INDIRECT.FILTER

-- title: scalar subquery value through a cte
-- dialect: bigquery
-- schema: {"raw.users": {"id": "INT64", "country": "STRING"}, "raw.countries": {"code": "STRING", "name": "STRING"}}
create table mart.user_country as
with x as (
  select id, (select c.name from raw.countries c where c.code = u.country) as country_name
  from raw.users u
)
select id, country_name from x;
-- expect:
-- raw.users.id -> mart.user_country.id DIRECT.IDENTITY
-- raw.countries.name -> mart.user_country.country_name DIRECT.IDENTITY
-- raw.countries.code -> mart.user_country.country_name INDIRECT.FILTER
-- raw.users.country -> mart.user_country.country_name INDIRECT.FILTER
