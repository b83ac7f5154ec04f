-- title: a star after a column: the columns it expands to are at the star's line, not the column's
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table export.b as
select
  id as user_id,
  *
from raw.users;
-- expect:
-- raw.users.id -> export.b.user_id DIRECT.IDENTITY @3
-- raw.users.id -> export.b.id DIRECT.IDENTITY @4
-- raw.users.email -> export.b.email DIRECT.IDENTITY @4

-- title: a dbt model ending in select * from a CTE: its columns are at the star's line, not the create's
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create or replace transient table export.a as (
with renamed as (
    select id as user_id,
           lower(email) as email
    from raw.users
)
select
    renamed.*
from renamed
);
-- expect:
-- raw.users.id -> export.a.user_id DIRECT.IDENTITY @8
-- raw.users.email -> export.a.email DIRECT.TRANSFORMATION [lower] @8

-- title: two stars with a column between: each run of expanded columns is at its own star's line
-- dialect: postgres
-- schema: {"raw.a": {"k": "int", "x": "int"}, "raw.b": {"k2": "int", "y": "int"}}
create table mart.t as
select a.*,
       1 as one,
       b.*
from raw.a a cross join raw.b b;
-- expect:
-- raw.a.k -> mart.t.k DIRECT.IDENTITY @2
-- raw.a.x -> mart.t.x DIRECT.IDENTITY @2
-- raw.b.k2 -> mart.t.k2 DIRECT.IDENTITY @4
-- raw.b.y -> mart.t.y DIRECT.IDENTITY @4

-- title: BigQuery * EXCEPT on its own line
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int", "email": "string", "pw": "string"}}
create or replace table export.u as
select
  * except (pw)
from raw.users;
-- expect:
-- raw.users.id -> export.u.id DIRECT.IDENTITY @3
-- raw.users.email -> export.u.email DIRECT.IDENTITY @3

-- title: two stars on adjacent lines: the second star's columns are at its own line
-- dialect: postgres
-- schema: {"raw.a": {"k": "int", "x": "int"}, "raw.b": {"k2": "int", "y": "int"}}
create table mart.t as
select a.*,
       b.*
from raw.a a cross join raw.b b;
-- expect:
-- raw.a.k -> mart.t.k DIRECT.IDENTITY @2
-- raw.a.x -> mart.t.x DIRECT.IDENTITY @2
-- raw.b.k2 -> mart.t.k2 DIRECT.IDENTITY @3
-- raw.b.y -> mart.t.y DIRECT.IDENTITY @3

-- title: a bare USING key (a COALESCE qualify writes, without a line: it takes the line before) does not take the next star's line
-- dialect: postgres
-- schema: {"raw.a": {"k": "int", "z": "int"}, "raw.b": {"k": "int"}, "raw.c": {"w": "int"}}
create table mart.t as
select
  z,
  k,
  c.*
from raw.a a join raw.b b using (k) cross join raw.c c;
-- expect:
-- raw.a.z -> mart.t.z DIRECT.IDENTITY @3
-- raw.a.k -> mart.t.k DIRECT.IDENTITY @3
-- raw.c.w -> mart.t.w DIRECT.IDENTITY @5
-- raw.a.k -> mart.t.z INDIRECT.JOIN
-- raw.b.k -> mart.t.z INDIRECT.JOIN
-- raw.a.k -> mart.t.k INDIRECT.JOIN
-- raw.b.k -> mart.t.k INDIRECT.JOIN
-- raw.a.k -> mart.t.w INDIRECT.JOIN
-- raw.b.k -> mart.t.w INDIRECT.JOIN
