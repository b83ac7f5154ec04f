-- A CTE named like the table it reads: inside its own body (not RECURSIVE) the name is the
-- table; a CTE of a nested query is not seen outside it.

-- title: a CTE named like the table it reads expands the table's star
-- dialect: postgres
-- schema: {"users": {"id": "int", "email": "text"}}
insert into mart.t
select * from (with users as (select * from users where id > 0) select * from users) x;
-- expect:
-- users.email -> mart.t.email DIRECT.IDENTITY
-- users.id -> mart.t.email INDIRECT.FILTER
-- users.id -> mart.t.id DIRECT.IDENTITY
-- users.id -> mart.t.id INDIRECT.FILTER

-- title: the CTE of a derived table does not hide the table it shadows outside it
-- dialect: postgres
-- schema: {"users": {"id": "int", "email": "text"}}
insert into mart.t
select s.id, u.email
from (with users as (select 1 as id) select id from users) s
join users u on u.id = s.id;
-- expect:
-- users.email -> mart.t.email DIRECT.IDENTITY
-- users.id -> mart.t.email INDIRECT.JOIN
-- users.id -> mart.t.id INDIRECT.JOIN

-- title: a Snowflake dbt-style import CTE of the same name
-- dialect: snowflake
-- schema: {"orders": {"order_id": "int", "amount": "number"}}
insert into mart.big_orders
with orders as (select * from orders)
select order_id, amount from orders where amount > 100;
-- expect:
-- orders.amount -> mart.big_orders.amount DIRECT.IDENTITY
-- orders.amount -> mart.big_orders.amount INDIRECT.FILTER
-- orders.amount -> mart.big_orders.order_id INDIRECT.FILTER
-- orders.order_id -> mart.big_orders.order_id DIRECT.IDENTITY
