-- title: inner join conditions reach every target
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.t as
select u.email, o.amount from raw.users u join raw.orders o on o.user_id = u.id
-- expect:
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.amount DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.amount INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.amount INDIRECT.JOIN

-- title: left join with a where clause
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text", "active": "bool"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.t as
select u.email, o.amount
from raw.users u left join raw.orders o on o.user_id = u.id and o.amount > 0
where u.active
-- expect:
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.amount DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.amount INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.amount INDIRECT.JOIN
-- raw.orders.amount -> mart.t.email INDIRECT.JOIN
-- raw.orders.amount -> mart.t.amount INDIRECT.JOIN
-- raw.users.active -> mart.t.email INDIRECT.FILTER
-- raw.users.active -> mart.t.amount INDIRECT.FILTER

-- title: join USING keeps the left key as identity
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.accounts": {"id": "int", "plan": "text"}}
create table mart.t as select id, plan from raw.users join raw.accounts using (id)
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.accounts.plan -> mart.t.plan DIRECT.IDENTITY
-- raw.users.id -> mart.t.id INDIRECT.JOIN
-- raw.users.id -> mart.t.plan INDIRECT.JOIN
-- raw.accounts.id -> mart.t.id INDIRECT.JOIN
-- raw.accounts.id -> mart.t.plan INDIRECT.JOIN

-- title: full join USING merges both keys
-- dialect: duckdb
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.accounts": {"id": "int", "plan": "text"}}
create table mart.t as select id, email, plan from raw.users full outer join raw.accounts using (id)
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.accounts.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.accounts.plan -> mart.t.plan DIRECT.IDENTITY
-- raw.users.id -> mart.t.id INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.plan INDIRECT.JOIN
-- raw.accounts.id -> mart.t.id INDIRECT.JOIN
-- raw.accounts.id -> mart.t.email INDIRECT.JOIN
-- raw.accounts.id -> mart.t.plan INDIRECT.JOIN

-- title: comma join with where is a filter
-- dialect: mysql
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "decimal"}}
create table mart.t as select u.email, o.amount from raw.users u, raw.orders o where o.user_id = u.id
-- expect:
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.amount DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.email INDIRECT.FILTER
-- raw.orders.user_id -> mart.t.amount INDIRECT.FILTER
-- raw.users.id -> mart.t.email INDIRECT.FILTER
-- raw.users.id -> mart.t.amount INDIRECT.FILTER

-- title: three tables joined
-- dialect: spark
-- schema: {"raw.users": {"id": "int", "email": "string"}, "raw.orders": {"id": "int", "user_id": "int"}, "raw.items": {"order_id": "int", "sku": "string"}}
create table mart.t as
select u.email, i.sku
from raw.users u
join raw.orders o on o.user_id = u.id
join raw.items i on i.order_id = o.id
-- expect:
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.items.sku -> mart.t.sku DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.sku INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.sku INDIRECT.JOIN
-- raw.items.order_id -> mart.t.email INDIRECT.JOIN
-- raw.items.order_id -> mart.t.sku INDIRECT.JOIN
-- raw.orders.id -> mart.t.email INDIRECT.JOIN
-- raw.orders.id -> mart.t.sku INDIRECT.JOIN
