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
