-- title: star over a known table
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.t as select * from raw.users
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY

-- title: qualified star in a join
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"order_id": "int", "user_id": "int", "amount": "numeric"}}
create table mart.t as select u.*, o.amount from raw.users u join raw.orders o on o.user_id = u.id
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.amount DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.id INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.amount INDIRECT.JOIN
-- raw.users.id -> mart.t.id INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.amount INDIRECT.JOIN

-- title: star through a filtered CTE
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar", "active": "boolean"}}
create table mart.t as
with c as (select * from raw.users where active)
select * from c
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.users.active -> mart.t.active DIRECT.IDENTITY
-- raw.users.active -> mart.t.id INDIRECT.FILTER
-- raw.users.active -> mart.t.email INDIRECT.FILTER
-- raw.users.active -> mart.t.active INDIRECT.FILTER

-- title: star over a join
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"order_id": "int", "user_id": "int"}}
create table mart.t as select * from raw.users u join raw.orders o on o.user_id = u.id
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.orders.order_id -> mart.t.order_id DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.user_id DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.id INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.order_id INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.user_id INDIRECT.JOIN
-- raw.users.id -> mart.t.id INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.order_id INDIRECT.JOIN
-- raw.users.id -> mart.t.user_id INDIRECT.JOIN

-- title: star of a derived table with expressions
-- dialect: hive
-- schema: {"raw.users": {"id": "int", "email": "string"}}
insert overwrite table mart.t
select * from (select id, concat(email, '!') as e from raw.users) x
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.e DIRECT.TRANSFORMATION [concat]
