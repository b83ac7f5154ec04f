-- title: CTE column list renames its outputs
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.t as
with c (uid, mail) as (select id, lower(email) from raw.users)
select uid, mail from c
-- expect:
-- raw.users.id -> mart.t.uid DIRECT.IDENTITY
-- raw.users.email -> mart.t.mail DIRECT.TRANSFORMATION [lower]

-- title: derived table column list
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.t as select t.b as contact from (select id, email from raw.users) as t(a, b)
-- expect:
-- raw.users.email -> mart.t.contact DIRECT.IDENTITY

-- title: CTE column list over an unknown table
-- dialect: duckdb
create table mart.t as
with c (k, v) as (select key_col, val_col from raw.unk)
select v from c
-- expect:
-- raw.unk.val_col -> mart.t.v DIRECT.IDENTITY
