-- title: UNION ALL maps branches positionally
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
insert into mart.t (a, b)
select id, email from raw.users
union all
select user_id, cast(amount as text) from raw.orders
-- expect:
-- raw.users.id -> mart.t.a DIRECT.IDENTITY
-- raw.users.email -> mart.t.b DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.a DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.b DIRECT.TRANSFORMATION [cast]

-- title: UNION names come from the first branch
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text", "country": "text"}}
create table mart.t as
select id as k, email as v from raw.users
union
select id, country from raw.users
-- expect:
-- raw.users.id -> mart.t.k DIRECT.IDENTITY
-- raw.users.email -> mart.t.v DIRECT.IDENTITY
-- raw.users.country -> mart.t.v DIRECT.IDENTITY

-- title: INTERSECT keeps each branch's filter
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "active": "bool"}, "raw.orders": {"user_id": "int"}}
create table mart.t as
select id from raw.users where active
intersect
select user_id from raw.orders
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.active -> mart.t.id INDIRECT.FILTER
-- raw.orders.user_id -> mart.t.id DIRECT.IDENTITY

-- title: EXCEPT (the right side only removes rows: its values never reach the output)
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64"}, "raw.bans": {"user_id": "int64"}}
create table mart.t as select id from raw.users except distinct select user_id from raw.bans
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.bans.user_id -> mart.t.id INDIRECT.FILTER

-- title: union inside a CTE then aggregated
-- dialect: postgres
-- schema: {"raw.users": {"id": "int"}, "raw.orders": {"user_id": "int"}}
create table mart.t as
with all_ids as (select id from raw.users union select user_id from raw.orders)
select count(id) as n from all_ids
-- expect:
-- raw.users.id -> mart.t.n DIRECT.AGGREGATION [count]
-- raw.orders.user_id -> mart.t.n DIRECT.AGGREGATION [count]

-- title: three branches and a transformation in the middle one
-- dialect: duckdb
-- schema: {"raw.a": {"x": "int"}, "raw.b": {"y": "int"}, "raw.c": {"z": "int"}}
create table mart.t as
select x as v from raw.a
union all select y * 2 from raw.b
union all select z from raw.c
-- expect:
-- raw.a.x -> mart.t.v DIRECT.IDENTITY
-- raw.b.y -> mart.t.v DIRECT.TRANSFORMATION
-- raw.c.z -> mart.t.v DIRECT.IDENTITY

-- title: each union branch edge points at its own projection line
-- dialect: postgres
-- schema: {"raw.a": {"x": "int"}, "raw.b": {"y": "int"}}
insert into mart.t (v)
select x from raw.a
union all
select y from raw.b
-- expect:
-- raw.a.x -> mart.t.v DIRECT.IDENTITY @2
-- raw.b.y -> mart.t.v DIRECT.IDENTITY @4

-- title: union all by name pairs columns by name, not position
-- dialect: bigquery
-- schema: {"raw.a": {"id": "int64", "v": "int64"}, "raw.b": {"v": "int64", "id": "int64"}}
create table mart.u as select id, v from raw.a union all by name select v, id from raw.b
-- expect:
-- raw.a.id -> mart.u.id DIRECT.IDENTITY
-- raw.b.id -> mart.u.id DIRECT.IDENTITY
-- raw.a.v -> mart.u.v DIRECT.IDENTITY
-- raw.b.v -> mart.u.v DIRECT.IDENTITY

-- title: a union by name read through a CTE
-- dialect: duckdb
-- schema: {"raw.a": {"id": "int", "v": "int"}, "raw.b": {"v": "int", "id": "int"}}
insert into mart.u (k, w) with x as (select * from raw.a union by name select * from raw.b) select id, v from x
-- expect:
-- raw.a.id -> mart.u.k DIRECT.IDENTITY
-- raw.b.id -> mart.u.k DIRECT.IDENTITY
-- raw.a.v -> mart.u.w DIRECT.IDENTITY
-- raw.b.v -> mart.u.w DIRECT.IDENTITY

-- title: ORDER BY after a parenthesised union sorts every row by that output
-- dialect: postgres
-- schema: {"raw.a": {"id": "int", "ts": "int"}, "raw.b": {"id": "int", "ts": "int"}}
create table mart.t as
(select id, ts from raw.a union all select id, ts from raw.b) order by ts
-- expect:
-- raw.a.id -> mart.t.id DIRECT.IDENTITY
-- raw.b.id -> mart.t.id DIRECT.IDENTITY
-- raw.a.ts -> mart.t.ts DIRECT.IDENTITY
-- raw.b.ts -> mart.t.ts DIRECT.IDENTITY
-- raw.a.ts -> mart.t.id INDIRECT.SORT
-- raw.b.ts -> mart.t.id INDIRECT.SORT
-- raw.a.ts -> mart.t.ts INDIRECT.SORT
-- raw.b.ts -> mart.t.ts INDIRECT.SORT

-- title: ORDER BY and LIMIT after a parenthesised select in a derived table
-- dialect: duckdb
-- schema: {"raw.a": {"id": "int", "ts": "int"}}
insert into mart.t
select * from ((select id, ts from raw.a) order by ts desc limit 3) s
-- expect:
-- raw.a.id -> mart.t.id DIRECT.IDENTITY
-- raw.a.ts -> mart.t.ts DIRECT.IDENTITY
-- raw.a.ts -> mart.t.id INDIRECT.SORT
-- raw.a.ts -> mart.t.ts INDIRECT.SORT

-- title: multi-column EXCEPT: every column of the right side decides every output row
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.bans": {"user_id": "int", "address": "text", "active": "bool"}}
create table mart.t as
select id, email from raw.users
except
select user_id, address from raw.bans where active
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.bans.user_id -> mart.t.id INDIRECT.FILTER
-- raw.bans.user_id -> mart.t.email INDIRECT.FILTER
-- raw.bans.address -> mart.t.id INDIRECT.FILTER
-- raw.bans.address -> mart.t.email INDIRECT.FILTER
-- raw.bans.active -> mart.t.id INDIRECT.FILTER
-- raw.bans.active -> mart.t.email INDIRECT.FILTER

-- title: multi-column EXCEPT inside a CTE: the same, read through the CTE
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.bans": {"user_id": "int", "address": "text"}}
insert into mart.t (id, email)
with kept as (
  select id, email from raw.users
  except
  select user_id, address from raw.bans
)
select id, email from kept
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.bans.user_id -> mart.t.id INDIRECT.FILTER
-- raw.bans.user_id -> mart.t.email INDIRECT.FILTER
-- raw.bans.address -> mart.t.id INDIRECT.FILTER
-- raw.bans.address -> mart.t.email INDIRECT.FILTER
