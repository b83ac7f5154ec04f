-- title: snowflake sql procedure body writes like the statements in it
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int", "email": "varchar"}, "mart.users": {"id": "int", "email": "varchar"}}
create or replace procedure etl.load_users()
returns varchar
language sql
as
$$
begin
  insert into mart.hashed (id, email_hash)
  select id, sha2(email) from raw.users;
  merge into mart.users t using raw.users s on t.id = s.id
  when matched then update set t.email = s.email;
  let done := 1;
  return 'ok';
end
$$
-- expect:
-- raw.users.id -> mart.hashed.id DIRECT.IDENTITY
-- raw.users.email -> mart.hashed.email_hash DIRECT.TRANSFORMATION [sha2]
-- raw.users.email -> mart.users.email DIRECT.IDENTITY
-- mart.users.id -> mart.users.email INDIRECT.JOIN
-- raw.users.id -> mart.users.email INDIRECT.JOIN

-- title: snowflake execute immediate block
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
execute immediate
$$
begin
  insert into mart.t select id from raw.users where email is not null;
end
$$
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.id INDIRECT.FILTER

-- title: a procedure body sqlglot cannot read says its lineage may be incomplete
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int"}}
create procedure etl.loop_load() returns string language sql as
$$
declare
  n integer default 0;
begin
  for r in (select id from raw.users) do
    insert into mart.t select id from raw.users;
  end for;
end
$$
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: a javascript procedure body is not analysed and says so
-- dialect: snowflake
create procedure etl.js() returns string language javascript as
$$ snowflake.execute({sqlText: "insert into mart.t select 1"}); return "ok"; $$
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: tsql procedure body parsed by sqlglot is analysed statement by statement
-- dialect: tsql
-- schema: {"dbo.users": {"id": "int", "email": "nvarchar"}}
create procedure dbo.load_contacts as
begin
  set nocount on;
  insert into dbo.contacts (id, email) select id, lower(email) from dbo.users where id > 0;
end
-- expect:
-- dbo.users.id -> dbo.contacts.id DIRECT.IDENTITY
-- dbo.users.email -> dbo.contacts.email DIRECT.TRANSFORMATION [lower]
-- dbo.users.id -> dbo.contacts.id INDIRECT.FILTER
-- dbo.users.id -> dbo.contacts.email INDIRECT.FILTER

-- title: postgres plpgsql procedure body
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create procedure etl.load() language plpgsql as $$
begin
  insert into mart.emails (id, email) select id, md5(email) from raw.users;
  return;
end
$$
-- expect:
-- raw.users.id -> mart.emails.id DIRECT.IDENTITY
-- raw.users.email -> mart.emails.email DIRECT.TRANSFORMATION [md5]
