-- title: hive WITH on the insert and a static partition
-- dialect: hive
-- schema: {"raw.users": {"id": "int", "email": "string", "active": "boolean"}, "mart.u": {"id": "int", "email_hash": "string", "dt": "string"}}
with c as (select id, email from raw.users where active)
insert overwrite table mart.u partition (dt = '2024-01-01')
select id, sha2(email, 256) from c
-- expect:
-- raw.users.id -> mart.u.id DIRECT.IDENTITY
-- raw.users.email -> mart.u.email_hash DIRECT.TRANSFORMATION [sha2]
-- raw.users.active -> mart.u.id INDIRECT.FILTER
-- raw.users.active -> mart.u.email_hash INDIRECT.FILTER

-- title: hive dynamic partition column comes last from the query
-- dialect: hive
-- schema: {"raw.users": {"id": "int", "email": "string", "day": "string"}, "mart.u": {"id": "int", "email": "string", "dt": "string"}}
insert overwrite table mart.u partition (dt) select id, email, day from raw.users
-- expect:
-- raw.users.id -> mart.u.id DIRECT.IDENTITY
-- raw.users.email -> mart.u.email DIRECT.IDENTITY
-- raw.users.day -> mart.u.dt DIRECT.IDENTITY

-- title: spark insert overwrite with a join
-- dialect: spark
-- schema: {"raw.users": {"id": "int", "email": "string"}, "raw.orders": {"user_id": "int", "amount": "double"}}
insert overwrite table mart.t
select u.email, sum(o.amount) as total
from raw.users u join raw.orders o on o.user_id = u.id
group by u.email
-- expect:
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.t.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.total INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.total INDIRECT.JOIN
-- raw.users.email -> mart.t.email INDIRECT.GROUP_BY
-- raw.users.email -> mart.t.total INDIRECT.GROUP_BY

-- title: hive insert into table
-- dialect: hive
-- schema: {"raw.users": {"id": "int", "email": "string"}}
insert into table mart.u select id, upper(email) as email from raw.users
-- expect:
-- raw.users.id -> mart.u.id DIRECT.IDENTITY
-- raw.users.email -> mart.u.email DIRECT.TRANSFORMATION [upper]

-- title: spark insert of a whole table by the TABLE keyword
-- dialect: spark
-- schema: {"raw.src": {"id": "int", "v": "int"}, "mart.t": {"id": "int", "v": "int"}}
insert into mart.t table raw.src
-- expect:
-- raw.src.id -> mart.t.id DIRECT.IDENTITY
-- raw.src.v -> mart.t.v DIRECT.IDENTITY
