-- title: group by having and order by
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text", "country": "text"}}
create table mart.t as
select country, count(*) as n, max(email) as last_email
from raw.users
group by country
having count(*) > 1
order by country
-- expect:
-- raw.users.country -> mart.t.country DIRECT.IDENTITY
-- raw.users.email -> mart.t.last_email DIRECT.AGGREGATION [max]
-- raw.users.country -> mart.t.country INDIRECT.GROUP_BY
-- raw.users.country -> mart.t.n INDIRECT.GROUP_BY
-- raw.users.country -> mart.t.last_email INDIRECT.GROUP_BY
-- raw.users.country -> mart.t.country INDIRECT.SORT
-- raw.users.country -> mart.t.n INDIRECT.SORT
-- raw.users.country -> mart.t.last_email INDIRECT.SORT

-- title: group by ordinal and having on a column aggregate
-- dialect: snowflake
-- schema: {"raw.orders": {"user_id": "number", "amount": "number"}}
create table mart.t as
select user_id, sum(amount) as total from raw.orders group by 1 having sum(amount) > 100
-- expect:
-- raw.orders.user_id -> mart.t.user_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.t.user_id INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.t.total INDIRECT.GROUP_BY
-- raw.orders.amount -> mart.t.user_id INDIRECT.FILTER
-- raw.orders.amount -> mart.t.total INDIRECT.FILTER

-- title: order by an output alias
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.t as select id, upper(email) as e from raw.users order by e
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.e DIRECT.TRANSFORMATION [upper]
-- raw.users.email -> mart.t.id INDIRECT.SORT
-- raw.users.email -> mart.t.e INDIRECT.SORT

-- title: count distinct is an aggregation
-- dialect: mysql
-- schema: {"raw.orders": {"user_id": "int", "country": "text"}}
create table mart.t as select country, count(distinct user_id) as buyers from raw.orders group by country
-- expect:
-- raw.orders.country -> mart.t.country DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.buyers DIRECT.AGGREGATION [count]
-- raw.orders.country -> mart.t.country INDIRECT.GROUP_BY
-- raw.orders.country -> mart.t.buyers INDIRECT.GROUP_BY

-- title: rollup grouping keys
-- dialect: mysql
-- schema: {"raw.sales": {"region": "text", "product": "text", "amount": "decimal"}}
create table mart.t as select region, product, sum(amount) as total from raw.sales group by region, product with rollup
-- expect:
-- raw.sales.region -> mart.t.region DIRECT.IDENTITY
-- raw.sales.product -> mart.t.product DIRECT.IDENTITY
-- raw.sales.amount -> mart.t.total DIRECT.AGGREGATION [sum]
-- raw.sales.region -> mart.t.region INDIRECT.GROUP_BY
-- raw.sales.region -> mart.t.product INDIRECT.GROUP_BY
-- raw.sales.region -> mart.t.total INDIRECT.GROUP_BY
-- raw.sales.product -> mart.t.region INDIRECT.GROUP_BY
-- raw.sales.product -> mart.t.product INDIRECT.GROUP_BY
-- raw.sales.product -> mart.t.total INDIRECT.GROUP_BY
