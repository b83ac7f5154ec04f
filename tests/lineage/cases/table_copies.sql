-- title: snowflake clone at a point in time copies every column
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}}
create or replace table mart.users_bak clone raw.users at (timestamp => '2024-01-01'::timestamp_ltz)
-- expect:
-- raw.users.id -> mart.users_bak.id DIRECT.IDENTITY
-- raw.users.email -> mart.users_bak.email DIRECT.IDENTITY

-- title: snowflake transient clone before a statement
-- dialect: snowflake
-- schema: {"db.raw.users": {"id": "number"}}
create transient table db.mart.u clone db.raw.users before (statement => '8e5d0ca9-005e-44e6-b858-a8f5b37c5726');
-- expect:
-- db.raw.users.id -> db.mart.u.id DIRECT.IDENTITY

-- title: a clone of a table of unknown columns is a star
-- dialect: snowflake
create table mart.t clone raw.mystery
-- expect:
-- raw.mystery.* -> mart.t.* DIRECT.IDENTITY (unresolved)
-- expect-diagnostics: unresolved-star raw.mystery

-- title: a cloned table has its source's columns later in the file
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}}
create table mart.c clone raw.users;
insert into mart.x select * from mart.c;
-- expect:
-- raw.users.id -> mart.c.id DIRECT.IDENTITY
-- raw.users.email -> mart.c.email DIRECT.IDENTITY
-- mart.c.id -> mart.x.id DIRECT.IDENTITY
-- mart.c.email -> mart.x.email DIRECT.IDENTITY

-- title: a clone of a table created earlier in the file
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}}
create table mart.a as select id, lower(email) as email from raw.users;
create table mart.b clone mart.a;
-- expect:
-- raw.users.id -> mart.a.id DIRECT.IDENTITY
-- raw.users.email -> mart.a.email DIRECT.TRANSFORMATION [lower]
-- mart.a.id -> mart.b.id DIRECT.IDENTITY
-- mart.a.email -> mart.b.email DIRECT.IDENTITY

-- title: bigquery table copy
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "email": "string"}}
create table mart.users_copy copy raw.users
-- expect:
-- raw.users.id -> mart.users_copy.id DIRECT.IDENTITY
-- raw.users.email -> mart.users_copy.email DIRECT.IDENTITY

-- title: bigquery table clone with options
-- dialect: bigquery
-- schema: {"proj.raw.users": {"id": "int64"}}
create or replace table `proj.mart.users_clone`
clone `proj.raw.users`
options (expiration_timestamp = timestamp '2030-01-01 00:00:00 UTC')
-- expect:
-- proj.raw.users.id -> proj.mart.users_clone.id DIRECT.IDENTITY

-- title: bigquery snapshot table at a system time
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "email": "string"}}
create snapshot table if not exists mart.users_snap
clone raw.users for system_time as of timestamp_sub(current_timestamp(), interval 1 hour)
-- expect:
-- raw.users.id -> mart.users_snap.id DIRECT.IDENTITY
-- raw.users.email -> mart.users_snap.email DIRECT.IDENTITY

-- title: bigquery clone from a dashed project
-- dialect: bigquery
-- schema: {"my-proj.raw.users": {"id": "int64"}}
create table my-proj.mart.u clone my-proj.raw.users for system_time as of '2024-01-01'
-- expect:
-- my-proj.raw.users.id -> my-proj.mart.u.id DIRECT.IDENTITY

-- title: databricks shallow and deep clones
-- dialect: databricks
-- schema: {"raw.users": {"id": "int", "email": "string"}}
create table if not exists mart.u1 shallow clone raw.users;
create or replace table mart.u2 deep clone raw.users version as of 3;
create table mart.u3 deep clone raw.users timestamp as of '2024-01-01' location 's3://b/u3';
-- expect:
-- raw.users.id -> mart.u1.id DIRECT.IDENTITY
-- raw.users.email -> mart.u1.email DIRECT.IDENTITY
-- raw.users.id -> mart.u2.id DIRECT.IDENTITY
-- raw.users.email -> mart.u2.email DIRECT.IDENTITY
-- raw.users.id -> mart.u3.id DIRECT.IDENTITY
-- raw.users.email -> mart.u3.email DIRECT.IDENTITY

-- title: redshift append from moves rows by column name
-- dialect: redshift
-- schema: {"stg.users": {"id": "int", "email": "varchar"}, "mart.users": {"email": "varchar", "id": "int"}}
alter table mart.users append from stg.users ignoreextra
-- expect:
-- stg.users.id -> mart.users.id DIRECT.IDENTITY
-- stg.users.email -> mart.users.email DIRECT.IDENTITY

-- title: postgres create table as table
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.u as table raw.users
-- expect:
-- raw.users.id -> mart.u.id DIRECT.IDENTITY
-- raw.users.email -> mart.u.email DIRECT.IDENTITY

-- title: create table like takes the columns, moves no data
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.more": {"a": "int", "b": "text"}}
create table mart.u (like raw.users including all);
insert into mart.u select * from raw.more;
-- expect:
-- raw.more.a -> mart.u.id DIRECT.IDENTITY
-- raw.more.b -> mart.u.email DIRECT.IDENTITY

-- title: snowflake create table like, then a star insert by position
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}, "raw.s": {"a": "number", "b": "varchar"}}
create table mart.u like raw.users;
insert into mart.u select * from raw.s;
-- expect:
-- raw.s.a -> mart.u.id DIRECT.IDENTITY
-- raw.s.b -> mart.u.email DIRECT.IDENTITY

-- title: snowflake copy grants is no copy of a table
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number"}}
create or replace table mart.a copy grants clone raw.users before (statement => 'x') ;
create or replace table mart.b copy grants (id number) cluster by (id) with tag (t = 'v');
-- expect:
-- raw.users.id -> mart.a.id DIRECT.IDENTITY

-- title: snowflake swap: the live table is now what the staging table was loaded with
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
create or replace table mart.users_next as select id, email from raw.users;
alter table mart.users swap with mart.users_next
-- expect:
-- raw.users.id -> mart.users_next.id DIRECT.IDENTITY
-- raw.users.email -> mart.users_next.email DIRECT.IDENTITY
-- mart.users_next.id -> mart.users.id DIRECT.IDENTITY
-- mart.users_next.email -> mart.users.email DIRECT.IDENTITY

-- title: snowflake stream on a table or a view: a view of its changed rows
-- dialect: snowflake
-- schema: {"raw.orders": {"id": "int", "amount": "number"}}
create or replace stream raw.orders_changes on table raw.orders append_only = true;
create stream if not exists raw.orders_view_changes copy grants on view raw.orders;
insert into mart.order_log (id, action) select id, metadata$action from raw.orders_changes
-- expect:
-- raw.orders.id -> raw.orders_changes.id DIRECT.IDENTITY
-- raw.orders.amount -> raw.orders_changes.amount DIRECT.IDENTITY
-- raw.orders.id -> raw.orders_view_changes.id DIRECT.IDENTITY
-- raw.orders.amount -> raw.orders_view_changes.amount DIRECT.IDENTITY
-- raw.orders_changes.id -> mart.order_log.id DIRECT.IDENTITY
