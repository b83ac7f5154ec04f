-- title: bigquery star except
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "email": "string", "country": "string"}}
create table mart.t as select * except (email) from raw.users
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.country -> mart.t.country DIRECT.IDENTITY

-- title: bigquery star replace
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "email": "string"}}
create table mart.t as select * replace (upper(email) as email) from raw.users
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.TRANSFORMATION [upper]

-- title: snowflake star exclude and rename
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar", "country": "varchar"}}
create table mart.t as select * exclude (email) rename (id as user_id) from raw.users
-- expect:
-- raw.users.id -> mart.t.user_id DIRECT.IDENTITY
-- raw.users.country -> mart.t.country DIRECT.IDENTITY

-- title: duckdb star exclude
-- dialect: duckdb
-- schema: {"raw.users": {"id": "int", "email": "text", "country": "text"}}
create table mart.t as select * exclude (country) from raw.users
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY

-- title: duckdb star replace through a CTE
-- dialect: duckdb
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.t as
with c as (select * replace (md5(email) as email) from raw.users)
select * from c
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.TRANSFORMATION [md5]

-- title: qualified star except in a join
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "email": "string"}, "raw.orders": {"user_id": "int64", "amount": "numeric"}}
create table mart.t as select u.* except (email), o.amount from raw.users u join raw.orders o on o.user_id = u.id
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.amount DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.id INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.amount INDIRECT.JOIN
-- raw.users.id -> mart.t.id INDIRECT.JOIN
-- raw.users.id -> mart.t.amount INDIRECT.JOIN

-- title: duckdb columns() selectors: a regex, a star with exclude, and one inside an aggregate
-- dialect: duckdb
-- schema: {"raw.m": {"id": "int", "jan": "int", "feb": "int", "mar": "int"}}
create table mart.a as select id, columns('^(jan|feb)$') from raw.m;
create table mart.b as select columns(* exclude (id)) from raw.m;
create table mart.c as select id, max(columns('^ma')) from raw.m group by id
-- expect:
-- raw.m.id -> mart.a.id DIRECT.IDENTITY
-- raw.m.jan -> mart.a.jan DIRECT.IDENTITY
-- raw.m.feb -> mart.a.feb DIRECT.IDENTITY
-- raw.m.jan -> mart.b.jan DIRECT.IDENTITY
-- raw.m.feb -> mart.b.feb DIRECT.IDENTITY
-- raw.m.mar -> mart.b.mar DIRECT.IDENTITY
-- raw.m.id -> mart.c.id DIRECT.IDENTITY
-- raw.m.id -> mart.c.id INDIRECT.GROUP_BY
-- raw.m.mar -> mart.c.max(mar) DIRECT.AGGREGATION [max]
-- raw.m.id -> mart.c.max(mar) INDIRECT.GROUP_BY
