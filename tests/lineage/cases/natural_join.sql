-- title: natural join merges the common key
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.accounts": {"id": "int", "plan": "text"}}
create table mart.t as select id, email, plan from raw.users natural join raw.accounts
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.accounts.plan -> mart.t.plan DIRECT.IDENTITY
-- raw.users.id -> mart.t.id INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.plan INDIRECT.JOIN
-- raw.accounts.id -> mart.t.id INDIRECT.JOIN
-- raw.accounts.id -> mart.t.email INDIRECT.JOIN
-- raw.accounts.id -> mart.t.plan INDIRECT.JOIN

-- title: right join USING takes the right key
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.accounts": {"id": "int", "plan": "text"}}
create table mart.t as select id from raw.users right join raw.accounts using (id)
-- expect:
-- raw.accounts.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.id -> mart.t.id INDIRECT.JOIN
-- raw.accounts.id -> mart.t.id INDIRECT.JOIN

-- title: star over a USING join lists the key once
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.accounts": {"id": "int", "plan": "text"}}
create table mart.t as select * from raw.users join raw.accounts using (id)
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.accounts.plan -> mart.t.plan DIRECT.IDENTITY
-- raw.users.id -> mart.t.id INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.plan INDIRECT.JOIN
-- raw.accounts.id -> mart.t.id INDIRECT.JOIN
-- raw.accounts.id -> mart.t.email INDIRECT.JOIN
-- raw.accounts.id -> mart.t.plan INDIRECT.JOIN
