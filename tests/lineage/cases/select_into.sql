-- title: tsql SELECT INTO a new table
-- dialect: tsql
-- schema: {"raw.users": {"id": "int", "email": "nvarchar"}}
select id, upper(email) as email into mart.copy from raw.users where id > 10
-- expect:
-- raw.users.id -> mart.copy.id DIRECT.IDENTITY
-- raw.users.email -> mart.copy.email DIRECT.TRANSFORMATION [upper]
-- raw.users.id -> mart.copy.email INDIRECT.FILTER
-- raw.users.id -> mart.copy.id INDIRECT.FILTER

-- title: postgres SELECT star INTO
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
select * into mart.copy from raw.users
-- expect:
-- raw.users.id -> mart.copy.id DIRECT.IDENTITY
-- raw.users.email -> mart.copy.email DIRECT.IDENTITY

-- title: tsql CTE then SELECT INTO
-- dialect: tsql
-- schema: {"raw.users": {"id": "int", "email": "nvarchar"}}
with c as (select id, email from raw.users) select c.id into mart.ids from c
-- expect:
-- raw.users.id -> mart.ids.id DIRECT.IDENTITY

-- title: tsql SELECT INTO whose query is a union
-- dialect: tsql
-- schema: {"dbo.a": {"id": "int"}, "dbo.b": {"id": "int"}}
select id into rpt.ids from dbo.a union select id from dbo.b
-- expect:
-- dbo.a.id -> rpt.ids.id DIRECT.IDENTITY
-- dbo.b.id -> rpt.ids.id DIRECT.IDENTITY

-- title: tsql SELECT INTO a temp table from a union, then read
-- dialect: tsql
-- schema: {"dbo.a": {"id": "int"}, "dbo.b": {"id": "int"}}
select id into #ids from dbo.a union all select id from dbo.b;
insert into rpt.x (id) select id from #ids;
-- expect:
-- dbo.a.id -> rpt.x.id DIRECT.IDENTITY
-- dbo.b.id -> rpt.x.id DIRECT.IDENTITY

-- title: tsql select into with an identity column: its type is no column
-- dialect: tsql
-- schema: {"raw.a": {"id": "int"}}
select identity(int, 1, 1) as rid, a.id into mart.numbered from raw.a a
-- expect:
-- raw.a.id -> mart.numbered.id DIRECT.IDENTITY
