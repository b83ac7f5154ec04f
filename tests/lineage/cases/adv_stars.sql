-- Adversarial cases: star expansion with modifiers, qualified stars, stars through CTEs/UNION.

-- title: bigquery star except drops columns
-- dialect: bigquery
-- schema: {"raw.users": {"id": "INT64", "email": "STRING", "name": "STRING", "ssn": "STRING"}}
create table mart.users_safe as
select * except (ssn, email) from raw.users;
-- expect:
-- raw.users.id -> mart.users_safe.id DIRECT.IDENTITY
-- raw.users.name -> mart.users_safe.name DIRECT.IDENTITY

-- title: bigquery star replace transforms one column
-- dialect: bigquery
-- schema: {"raw.users": {"id": "INT64", "email": "STRING", "name": "STRING"}}
create table mart.users_masked as
select * replace (to_hex(sha256(email)) as email) from raw.users;
-- expect:
-- raw.users.id -> mart.users_masked.id DIRECT.IDENTITY
-- raw.users.email -> mart.users_masked.email DIRECT.TRANSFORMATION [sha2, lower_hex]
-- raw.users.name -> mart.users_masked.name DIRECT.IDENTITY

-- title: snowflake star exclude and rename
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar", "name": "varchar", "ssn": "varchar"}}
create table mart.users_renamed as
select * exclude (ssn) rename (name as full_name) from raw.users;
-- expect:
-- raw.users.id -> mart.users_renamed.id DIRECT.IDENTITY
-- raw.users.email -> mart.users_renamed.email DIRECT.IDENTITY
-- raw.users.name -> mart.users_renamed.full_name DIRECT.IDENTITY

-- title: duckdb star exclude with replace
-- dialect: duckdb
-- schema: {"raw.users": {"id": "int", "email": "varchar", "name": "varchar", "ssn": "varchar"}}
create table mart.users_lower as
select * exclude (ssn) replace (lower(email) as email) from raw.users;
-- expect:
-- raw.users.id -> mart.users_lower.id DIRECT.IDENTITY
-- raw.users.email -> mart.users_lower.email DIRECT.TRANSFORMATION [lower]
-- raw.users.name -> mart.users_lower.name DIRECT.IDENTITY

-- title: qualified star in a join expands only that table
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"id": "int", "user_id": "int", "amount": "numeric"}}
create table mart.user_orders as
select u.*, o.amount
from raw.users u
join raw.orders o on o.user_id = u.id;
-- expect:
-- raw.users.id -> mart.user_orders.id DIRECT.IDENTITY
-- raw.users.email -> mart.user_orders.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.user_orders.amount DIRECT.IDENTITY
-- raw.orders.user_id -> mart.user_orders.id INDIRECT.JOIN
-- raw.orders.user_id -> mart.user_orders.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.user_orders.amount INDIRECT.JOIN
-- raw.users.id -> mart.user_orders.id INDIRECT.JOIN
-- raw.users.id -> mart.user_orders.email INDIRECT.JOIN
-- raw.users.id -> mart.user_orders.amount INDIRECT.JOIN

-- title: star through a filtered cte
-- schema: {"raw.users": {"id": "int", "email": "text", "active": "boolean"}}
with active_users as (
    select id, email from raw.users where active
)
insert into mart.active_users
select * from active_users;
-- expect:
-- raw.users.id -> mart.active_users.id DIRECT.IDENTITY
-- raw.users.email -> mart.active_users.email DIRECT.IDENTITY
-- raw.users.active -> mart.active_users.id INDIRECT.FILTER
-- raw.users.active -> mart.active_users.email INDIRECT.FILTER

-- title: star through a union cte
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.legacy_users": {"uid": "int", "mail": "text"}}
create table mart.all_users as
with all_u as (
    select id, email from raw.users
    union all
    select uid, mail from raw.legacy_users
)
select * from all_u;
-- expect:
-- raw.users.id -> mart.all_users.id DIRECT.IDENTITY
-- raw.users.email -> mart.all_users.email DIRECT.IDENTITY
-- raw.legacy_users.uid -> mart.all_users.id DIRECT.IDENTITY
-- raw.legacy_users.mail -> mart.all_users.email DIRECT.IDENTITY

-- title: unqualified star over a join expands both tables in order
-- schema: {"raw.a": {"id": "int", "x": "int"}, "raw.b": {"a_id": "int", "y": "int"}}
create table mart.ab as
select * from raw.a join raw.b on a.id = b.a_id;
-- expect:
-- raw.a.id -> mart.ab.id DIRECT.IDENTITY
-- raw.a.x -> mart.ab.x DIRECT.IDENTITY
-- raw.b.a_id -> mart.ab.a_id DIRECT.IDENTITY
-- raw.b.y -> mart.ab.y DIRECT.IDENTITY
-- raw.a.id -> mart.ab.id INDIRECT.JOIN
-- raw.a.id -> mart.ab.x INDIRECT.JOIN
-- raw.a.id -> mart.ab.a_id INDIRECT.JOIN
-- raw.a.id -> mart.ab.y INDIRECT.JOIN
-- raw.b.a_id -> mart.ab.id INDIRECT.JOIN
-- raw.b.a_id -> mart.ab.x INDIRECT.JOIN
-- raw.b.a_id -> mart.ab.a_id INDIRECT.JOIN
-- raw.b.a_id -> mart.ab.y INDIRECT.JOIN

-- title: star over a derived table with computed column
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.emails_uc as
select * from (select id, upper(email) as em from raw.users) s;
-- expect:
-- raw.users.id -> mart.emails_uc.id DIRECT.IDENTITY
-- raw.users.email -> mart.emails_uc.em DIRECT.TRANSFORMATION [upper]

-- title: bigquery qualified star except in a join
-- dialect: bigquery
-- schema: {"raw.users": {"id": "INT64", "email": "STRING", "ssn": "STRING"}, "raw.orders": {"user_id": "INT64", "amount": "NUMERIC"}}
create table mart.orders_wide as
select u.* except (ssn), o.amount
from raw.users u
left join raw.orders o on o.user_id = u.id;
-- expect:
-- raw.users.id -> mart.orders_wide.id DIRECT.IDENTITY
-- raw.users.email -> mart.orders_wide.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.orders_wide.amount DIRECT.IDENTITY
-- raw.orders.user_id -> mart.orders_wide.id INDIRECT.JOIN
-- raw.orders.user_id -> mart.orders_wide.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.orders_wide.amount INDIRECT.JOIN
-- raw.users.id -> mart.orders_wide.id INDIRECT.JOIN
-- raw.users.id -> mart.orders_wide.email INDIRECT.JOIN
-- raw.users.id -> mart.orders_wide.amount INDIRECT.JOIN

-- title: positional star insert into a table with a known schema
-- schema: {"raw.users": {"id": "int", "email": "text"}, "mart.copy": {"uid": "int", "mail": "text"}}
insert into mart.copy
select * from raw.users;
-- expect:
-- raw.users.id -> mart.copy.uid DIRECT.IDENTITY
-- raw.users.email -> mart.copy.mail DIRECT.IDENTITY

-- title: star of a cte that itself uses star except
-- dialect: bigquery
-- schema: {"raw.users": {"id": "INT64", "email": "STRING", "ssn": "STRING"}}
create table mart.no_ssn as
with base as (select * except (ssn) from raw.users)
select * from base;
-- expect:
-- raw.users.id -> mart.no_ssn.id DIRECT.IDENTITY
-- raw.users.email -> mart.no_ssn.email DIRECT.IDENTITY

-- title: star and explicit column after it
-- dialect: duckdb
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
create table mart.users_plus as
select *, length(email) as email_len from raw.users;
-- expect:
-- raw.users.id -> mart.users_plus.id DIRECT.IDENTITY
-- raw.users.email -> mart.users_plus.email DIRECT.IDENTITY
-- raw.users.email -> mart.users_plus.email_len DIRECT.TRANSFORMATION [length]
