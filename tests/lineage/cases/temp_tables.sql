-- title: postgres temp table is followed through
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text", "active": "bool"}}
create temp table tmp_users as select id, sha2(email) as h from raw.users where active;
insert into mart.users (user_id, email_hash) select id, upper(h) from tmp_users;
-- expect:
-- raw.users.id -> mart.users.user_id DIRECT.IDENTITY @2
-- raw.users.email -> mart.users.email_hash DIRECT.TRANSFORMATION [sha2, upper] @2
-- raw.users.active -> mart.users.user_id INDIRECT.FILTER
-- raw.users.active -> mart.users.email_hash INDIRECT.FILTER

-- title: tsql SELECT INTO a hash temp table
-- dialect: tsql
-- schema: {"raw.users": {"id": "int", "email": "nvarchar"}}
select id, email into #u from raw.users;
insert into mart.u (id, email) select id, lower(email) from #u;
-- expect:
-- raw.users.id -> mart.u.id DIRECT.IDENTITY
-- raw.users.email -> mart.u.email DIRECT.TRANSFORMATION [lower]

-- title: spark temporary view with an aggregate
-- dialect: spark
-- schema: {"raw.orders": {"user_id": "int", "amount": "double"}}
create or replace temporary view v as select user_id, sum(amount) as total from raw.orders group by user_id;
insert overwrite table mart.totals select user_id, total from v;
-- expect:
-- raw.orders.user_id -> mart.totals.user_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.totals.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.totals.user_id INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.totals.total INDIRECT.GROUP_BY

-- title: temp table declared then filled then read
-- dialect: mysql
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
create temporary table t1 (id int, e varchar(100));
insert into t1 select id, email from raw.users;
insert into mart.x select id, e from t1;
-- expect:
-- raw.users.id -> mart.x.id DIRECT.IDENTITY
-- raw.users.email -> mart.x.e DIRECT.IDENTITY

-- title: star from a temp table expands its columns
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}}
create temporary table t as select * from raw.users;
create table mart.y as select * from t;
-- expect:
-- raw.users.id -> mart.y.id DIRECT.IDENTITY
-- raw.users.email -> mart.y.email DIRECT.IDENTITY

-- title: two temp tables chained and joined
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "email": "string"}, "raw.orders": {"user_id": "int64", "amount": "numeric"}}
create temp table u as select id, email from raw.users;
create temp table o as select user_id, sum(amount) as total from raw.orders group by user_id;
create or replace table mart.t as select u.email, o.total from u join o on o.user_id = u.id;
-- expect:
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.t.total INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.t.email INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.t.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.total INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.total INDIRECT.JOIN

-- title: temp table filled by two inserts
-- dialect: postgres
-- schema: {"raw.a": {"x": "int"}, "raw.b": {"y": "int"}}
create temporary table t (v int);
insert into t select x from raw.a;
insert into t select y + 1 from raw.b;
insert into mart.m (v) select max(v) from t;
-- expect:
-- raw.a.x -> mart.m.v DIRECT.AGGREGATION [max]
-- raw.b.y -> mart.m.v DIRECT.AGGREGATION [max]

-- title: persistent table created earlier in the script is an ordinary source
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table stg.u as select id, email from raw.users;
create table mart.u as select * from stg.u;
-- expect:
-- raw.users.id -> stg.u.id DIRECT.IDENTITY
-- raw.users.email -> stg.u.email DIRECT.IDENTITY
-- stg.u.id -> mart.u.id DIRECT.IDENTITY
-- stg.u.email -> mart.u.email DIRECT.IDENTITY
