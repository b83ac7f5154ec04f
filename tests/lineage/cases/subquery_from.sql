-- title: derived table with aggregation and an outer filter
-- dialect: postgres
-- schema: {"raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.t as
select t.uid, t.n
from (select user_id as uid, count(*) as n from raw.orders group by user_id) t
where t.n > 1
-- expect:
-- raw.orders.user_id -> mart.t.uid DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.uid INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.t.n INDIRECT.GROUP_BY

-- title: nested derived tables compose functions
-- dialect: postgres
-- schema: {"raw.users": {"email": "text"}}
create table mart.t as
select upper(x.e) as e from (select trim(y.email) as e from (select email from raw.users) y) x
-- expect:
-- raw.users.email -> mart.t.e DIRECT.TRANSFORMATION [trim, upper]

-- title: derived table joined to a table
-- dialect: mysql
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "decimal"}}
create table mart.t as
select u.email, o.total
from raw.users u
join (select user_id, sum(amount) as total from raw.orders group by user_id) o on o.user_id = u.id
-- expect:
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.t.total INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.t.email INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.t.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.total INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.total INDIRECT.JOIN
