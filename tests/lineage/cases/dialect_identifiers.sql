-- title: tsql bracketed identifiers
-- dialect: tsql
-- schema: {"dbo.users": {"id": "int", "email": "nvarchar"}}
insert into [mart].[users] ([user_id], [mail]) select [id], [email] from [dbo].[users]
-- expect:
-- dbo.users.id -> mart.users.user_id DIRECT.IDENTITY
-- dbo.users.email -> mart.users.mail DIRECT.IDENTITY

-- title: mysql backticks
-- dialect: mysql
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
create table `mart`.`t` as select `u`.`email` as `e` from `raw`.`users` as `u`
-- expect:
-- raw.users.email -> mart.t.e DIRECT.IDENTITY

-- title: bigquery project-qualified names
-- dialect: bigquery
-- schema: {"my-proj.raw.users": {"id": "int64", "email": "string"}}
create or replace table `my-proj.mart.t` as select id, email from `my-proj.raw.users`
-- expect:
-- my-proj.raw.users.id -> my-proj.mart.t.id DIRECT.IDENTITY
-- my-proj.raw.users.email -> my-proj.mart.t.email DIRECT.IDENTITY

-- title: bigquery struct star
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "addr": "struct<city string, zip string>"}}
create table mart.t as select u.addr.* from raw.users as u
-- expect:
-- raw.users.addr -> mart.t.city DIRECT.TRANSFORMATION
-- raw.users.addr -> mart.t.zip DIRECT.TRANSFORMATION

-- title: keywords parsed as columns are not unresolved
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number"}}
create table mart.t as select id, current_user as who, sysdate as at from raw.users
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY

-- title: postgres lateral subquery
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.t as
select u.email, l.total
from raw.users u
cross join lateral (select sum(o.amount) as total from raw.orders o where o.user_id = u.id) l
-- expect:
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.t.total INDIRECT.FILTER
-- raw.users.id -> mart.t.total INDIRECT.FILTER

-- title: star insert from an unknown table into a known one
-- dialect: postgres
-- schema: {"mart.t": {"a": "int", "b": "text"}}
insert into mart.t select * from raw.unk
-- expect:
-- raw.unk.* -> mart.t.* DIRECT.IDENTITY (unresolved)
-- expect-diagnostics: unresolved-star raw.unk

-- title: values in a derived table carry no source
-- dialect: duckdb
-- schema: {"raw.users": {"id": "int", "country": "text"}}
create table mart.t as
select u.id, m.region
from raw.users u join (values ('DE', 'EU'), ('US', 'NA')) as m(country, region) on m.country = u.country
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.country -> mart.t.id INDIRECT.JOIN
-- raw.users.country -> mart.t.region INDIRECT.JOIN

-- title: snowflake identifier() and table() with a string literal name the table
-- dialect: snowflake
-- schema: {"db.raw.users": {"id": "number", "email": "varchar"}, "raw.s": {"id": "number", "v": "varchar"}}
insert into identifier('mart.t') (id, mail)
select u.id, identifier('email') from identifier('"DB".raw.users') u join table('raw.s') s on s.id = u.id;
-- expect:
-- db.raw.users.id -> mart.t.id DIRECT.IDENTITY
-- db.raw.users.email -> mart.t.mail DIRECT.IDENTITY
-- db.raw.users.id -> mart.t.id INDIRECT.JOIN
-- db.raw.users.id -> mart.t.mail INDIRECT.JOIN
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.mail INDIRECT.JOIN

-- title: snowflake identifier() as the target of a merge and a ctas
-- dialect: snowflake
-- schema: {"raw.s": {"id": "number", "v": "varchar"}}
merge into identifier('mart.t') t using table('raw.s') s on t.id = s.id
when matched then update set t.v = s.v;
create or replace table identifier('mart.c') as select v from identifier('raw.s');
-- expect:
-- raw.s.v -> mart.t.v DIRECT.IDENTITY
-- raw.s.id -> mart.t.v INDIRECT.JOIN
-- mart.t.id -> mart.t.v INDIRECT.JOIN
-- raw.s.v -> mart.c.v DIRECT.IDENTITY

-- title: databricks identifier() with a string literal names the table
-- dialect: databricks
-- schema: {"raw.users": {"id": "int"}}
insert into identifier('mart.t') select id from identifier('raw.users')
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY

-- title: spark identifier() with a string literal names the table (Spark 3.5+)
-- dialect: spark
-- schema: {"raw.users": {"id": "int"}}
insert into mart.t select id from identifier('raw.users')
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY

-- title: postgres identifier() is a function like any other, not the table its string spells
-- dialect: postgres
-- schema: {"raw.users": {"id": "int"}, "raw.s": {"id": "int", "v": "text"}}
insert into mart.t (id, v)
select u.id, i.v from raw.users u join identifier('raw.s') i on i.id = u.id
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.id -> mart.t.id INDIRECT.JOIN
-- raw.users.id -> mart.t.v INDIRECT.JOIN
