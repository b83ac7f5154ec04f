-- title: create view with a column list
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create view mart.v (uid, mail) as select id, upper(email) from raw.users
-- expect:
-- raw.users.id -> mart.v.uid DIRECT.IDENTITY
-- raw.users.email -> mart.v.mail DIRECT.TRANSFORMATION [upper]

-- title: create or replace view with a filter
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "email": "string"}}
create or replace view mart.v as select id from raw.users where email is not null
-- expect:
-- raw.users.id -> mart.v.id DIRECT.IDENTITY
-- raw.users.email -> mart.v.id INDIRECT.FILTER

-- title: parenthesised CTAS query
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.t as (select id, md5(email) as h from raw.users)
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.h DIRECT.TRANSFORMATION [md5]

-- title: materialized view
-- dialect: postgres
-- schema: {"raw.orders": {"user_id": "int", "amount": "numeric"}}
create materialized view mart.mv as select user_id, sum(amount) as total from raw.orders group by user_id
-- expect:
-- raw.orders.user_id -> mart.mv.user_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.mv.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.mv.user_id INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.mv.total INDIRECT.GROUP_BY

-- title: three-part names are kept
-- dialect: snowflake
-- schema: {"db.raw.users": {"id": "number", "email": "varchar"}}
create or replace table db.mart.t as select id, email from db.raw.users
-- expect:
-- db.raw.users.id -> db.mart.t.id DIRECT.IDENTITY
-- db.raw.users.email -> db.mart.t.email DIRECT.IDENTITY

-- title: CTAS column list renames outputs
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.t (k, v) as select id, email from raw.users
-- expect:
-- raw.users.id -> mart.t.k DIRECT.IDENTITY
-- raw.users.email -> mart.t.v DIRECT.IDENTITY

-- title: postgres materialized view created with no data yet
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create materialized view mart.user_emails as
select id, lower(email) as email from raw.users
with no data;
-- expect:
-- raw.users.id -> mart.user_emails.id DIRECT.IDENTITY
-- raw.users.email -> mart.user_emails.email DIRECT.TRANSFORMATION [lower]
