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

-- title: a column qualified by a CTE the query does not select from is an error, not a read of the CTE (P21-2)
-- dialect: postgres
-- schema: {"raw.u": {"id": "int", "email": "text"}, "raw.a": {"x": "int"}}
create table m.t as with c as (select id, email from raw.u) select c.email, a.x from raw.a a;
-- expect:
-- raw.a.x -> m.t.x DIRECT.IDENTITY
-- expect-diagnostics: unresolved-column m.t

-- title: `c.*` of a CTE the query does not select from expands to nothing read (P21-2)
-- dialect: postgres
-- schema: {"raw.u": {"id": "int", "email": "text"}, "raw.a": {"x": "int"}}
create table m.t as with c as (select id, email from raw.u) select c.*, a.x from raw.a a;
-- expect:
-- raw.a.x -> m.t.x DIRECT.IDENTITY
-- expect-diagnostics: unresolved-column m.t
-- unresolved-column m.t

-- title: a correlated subquery's CTE qualifier reads the CTE the outer query selects from
-- dialect: postgres
-- schema: {"raw.u": {"id": "int", "email": "text"}, "raw.a": {"x": "int"}, "raw.b": {"id": "int"}}
create table m.t as with c as (select id, email from raw.u)
select c.email from c where exists (select 1 from raw.b b where b.id = c.id);
-- expect:
-- raw.u.email -> m.t.email DIRECT.IDENTITY
-- raw.b.id -> m.t.email INDIRECT.FILTER
-- raw.u.id -> m.t.email INDIRECT.FILTER

-- title: a bare name of the query's one table of unknown columns is not read from a CTE it does not select from
-- dialect: postgres
-- schema: {"raw.u": {"id": "int", "email": "text"}}
create table m.o as with c as (select id, email from raw.u) select email from raw.unk;
-- expect:
-- raw.unk.email -> m.o.email DIRECT.IDENTITY
