-- title: aliased columns are identity
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table stg.u as select id as user_id, email from raw.users;
-- expect:
-- raw.users.id -> stg.u.user_id DIRECT.IDENTITY
-- raw.users.email -> stg.u.email DIRECT.IDENTITY

-- title: operators functions and casts are transformations
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table stg.u as
select id + 1 as next_id,
       lower(email) as e,
       email || '@x' as tagged,
       cast(id as text) as sid,
       id::varchar as sid2
from raw.users;
-- expect:
-- raw.users.id -> stg.u.next_id DIRECT.TRANSFORMATION
-- raw.users.email -> stg.u.e DIRECT.TRANSFORMATION [lower]
-- raw.users.email -> stg.u.tagged DIRECT.TRANSFORMATION
-- raw.users.id -> stg.u.sid DIRECT.TRANSFORMATION [cast]
-- raw.users.id -> stg.u.sid2 DIRECT.TRANSFORMATION [cast]

-- title: literals count star and no-argument functions have no source
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table stg.c as select 1 as one, 'x' as k, count(*) as n, current_date as d from raw.users
-- expect:

-- title: a bare select writes nothing
-- schema: {"raw.users": {"id": "int", "email": "text"}}
select email from raw.users where id = 1
-- expect:

-- title: single unknown table owns its unqualified columns
insert into stg.x select a, b + 1 as c from raw.unknown_tbl
-- expect:
-- raw.unknown_tbl.a -> stg.x.a DIRECT.IDENTITY
-- raw.unknown_tbl.b -> stg.x.c DIRECT.TRANSFORMATION

-- title: snowflake upper-case identifiers are canonical lower case
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}}
CREATE TABLE STG.U AS SELECT ID, EMAIL AS MAIL FROM RAW.USERS
-- expect:
-- raw.users.id -> stg.u.id DIRECT.IDENTITY
-- raw.users.email -> stg.u.mail DIRECT.IDENTITY

-- title: edge line is the line of the projection
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table stg.u as
select
  id,
  upper(email) as e
from raw.users
-- expect:
-- raw.users.id -> stg.u.id DIRECT.IDENTITY @3
-- raw.users.email -> stg.u.e DIRECT.TRANSFORMATION [upper] @4
