-- title: uncorrelated scalar subquery
-- dialect: postgres
-- schema: {"raw.users": {"id": "int"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.t as select id, (select max(amount) from raw.orders) as max_amount from raw.users
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.max_amount DIRECT.AGGREGATION [max]

-- title: correlated scalar subquery
-- dialect: postgres
-- schema: {"raw.users": {"id": "int"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.t as
select u.id,
       (select sum(o.amount) from raw.orders o where o.user_id = u.id) as total
from raw.users u
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.t.total INDIRECT.FILTER
-- raw.users.id -> mart.t.total INDIRECT.FILTER

-- title: IN subquery filters every target
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.t as
select u.email from raw.users u
where u.id in (select user_id from raw.orders where amount > 100)
-- expect:
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.users.id -> mart.t.email INDIRECT.FILTER
-- raw.orders.user_id -> mart.t.email INDIRECT.FILTER
-- raw.orders.amount -> mart.t.email INDIRECT.FILTER

-- title: correlated EXISTS
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.t as
select u.email from raw.users u
where exists (select 1 from raw.orders o where o.user_id = u.id)
-- expect:
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.email INDIRECT.FILTER
-- raw.users.id -> mart.t.email INDIRECT.FILTER

-- title: scalar subquery inside a function
-- dialect: postgres
-- schema: {"raw.users": {"id": "int"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.t as
select coalesce((select max(o.amount) from raw.orders o where o.user_id = u.id), 0) as m
from raw.users u
-- expect:
-- raw.orders.amount -> mart.t.m DIRECT.AGGREGATION [max, coalesce]
-- raw.orders.user_id -> mart.t.m INDIRECT.FILTER
-- raw.users.id -> mart.t.m INDIRECT.FILTER

-- title: NOT EXISTS anti join in a CTE
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "email": "string"}, "raw.bans": {"user_id": "int64"}}
create table mart.t as
with ok as (select id, email from raw.users u where not exists (select 1 from raw.bans b where b.user_id = u.id))
select email from ok
-- expect:
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.bans.user_id -> mart.t.email INDIRECT.FILTER
-- raw.users.id -> mart.t.email INDIRECT.FILTER

-- title: postgres scalar subquery over unnest named only by its table alias
-- dialect: postgres
-- schema: {"raw.t": {"id": "int", "v": "int"}}
create table mart.x as
select id, (select array_agg(x) from unnest(array[v, id]) x) as arr
from raw.t
-- expect:
-- raw.t.id -> mart.x.id DIRECT.IDENTITY
-- raw.t.v -> mart.x.arr DIRECT.AGGREGATION [array, unnest, array_agg]
-- raw.t.id -> mart.x.arr DIRECT.AGGREGATION [array, unnest, array_agg]

-- title: postgres scalar subquery filtering a set-returning function by its alias
-- dialect: postgres
-- schema: {"raw.t": {"id": "int", "tags": "text"}}
create table mart.x as
select id, (select count(*) from regexp_split_to_table(tags, ',') s where s <> '') as n
from raw.t
-- expect:
-- raw.t.id -> mart.x.id DIRECT.IDENTITY
-- raw.t.tags -> mart.x.n INDIRECT.FILTER
