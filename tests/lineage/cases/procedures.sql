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

-- title: snowflake scripting control flow: the statements in every branch and loop are analysed
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "number"}}
create procedure etl.loads() returns string language sql as
$$
declare
  n integer default 0;
  c1 cursor for select id from raw.users;
begin
  select count(*) into :n from raw.users;
  if (n > 0) then
    insert into mart.active (id, email) select id, email from raw.users where email is not null;
  elseif (n < 0) then
    insert into mart.negative (id) select id from raw.users;
  else
    delete from mart.active where id < 0;
  end if;
  for r in c1 do
    insert into mart.spend (user_id, total)
    select user_id, sum(amount) from raw.orders where user_id = r.id group by user_id;
  end for;
  let k := 3;
  n := n + 1;
  return 'ok';
exception
  when other then
    return 'failed';
end;
$$
-- expect:
-- raw.users.id -> mart.active.id DIRECT.IDENTITY
-- raw.users.email -> mart.active.id INDIRECT.FILTER
-- raw.users.email -> mart.active.email DIRECT.IDENTITY
-- raw.users.email -> mart.active.email INDIRECT.FILTER
-- raw.users.id -> mart.negative.id DIRECT.IDENTITY
-- raw.orders.user_id -> mart.spend.user_id DIRECT.IDENTITY
-- raw.orders.user_id -> mart.spend.user_id INDIRECT.FILTER
-- raw.orders.user_id -> mart.spend.user_id INDIRECT.GROUP_BY
-- raw.orders.amount -> mart.spend.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.spend.total INDIRECT.FILTER
-- raw.orders.user_id -> mart.spend.total INDIRECT.GROUP_BY

-- title: plpgsql control flow: IF, FOR ... LOOP over a query, SELECT INTO a variable writes nothing
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "mart.t": {"id": "int", "email": "text"}}
create or replace procedure etl.load()
language plpgsql
as $$
declare
  n integer := 0;
begin
  select count(*) into n from raw.users;
  if n > 0 then
    insert into mart.t (id, email) select id, email from raw.users where email is not null;
  end if;
  for r in select id from raw.users loop
    update mart.t set email = lower(email) where id = r.id;
  end loop;
end;
$$;
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.id INDIRECT.FILTER
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.users.email -> mart.t.email INDIRECT.FILTER
-- mart.t.email -> mart.t.email DIRECT.TRANSFORMATION [lower]
-- mart.t.id -> mart.t.email INDIRECT.FILTER

-- title: a statement sqlglot cannot read in a procedure body says its lineage may be incomplete
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int"}}
create procedure etl.async_load() returns string language sql as
$$
begin
  async (insert into mart.a select id from raw.users);
  insert into mart.b select id from raw.users;
end
$$
-- expect:
-- raw.users.id -> mart.b.id DIRECT.IDENTITY
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

-- title: tsql if / else blocks: the statements of both branches
-- dialect: tsql
-- schema: {"stg.users": {"id": "int"}, "dbo.log": {"id": "int"}}
if exists (select 1 from stg.users)
begin
  insert into dbo.log (id) select id from stg.users;
end
else begin
  update dbo.log set id = 0;
end
-- expect:
-- stg.users.id -> dbo.log.id DIRECT.IDENTITY

-- title: tsql try / catch: every statement of both blocks
-- dialect: tsql
-- schema: {"stg.users": {"id": "int"}, "dbo.log": {"id": "int"}, "dbo.err": {"id": "int"}}
begin try
  insert into dbo.log (id) select id from stg.users;
  update dbo.log set id = id + 1;
end try
begin catch
  insert into dbo.err (id) select id from stg.users;
end catch
-- expect:
-- stg.users.id -> dbo.log.id DIRECT.IDENTITY
-- dbo.log.id -> dbo.log.id DIRECT.TRANSFORMATION
-- stg.users.id -> dbo.err.id DIRECT.IDENTITY

-- title: tsql while block
-- dialect: tsql
-- schema: {"stg.users": {"id": "int"}, "dbo.log": {"id": "int"}}
while 1 = 0
begin
  insert into dbo.log (id) select id from stg.users;
end
-- expect:
-- stg.users.id -> dbo.log.id DIRECT.IDENTITY

-- title: postgres do block
-- dialect: postgres
-- schema: {"raw.events": {"user_id": "int"}, "mart.daily": {"user_id": "int"}}
do language plpgsql $body$
begin
  insert into mart.daily (user_id) select user_id from raw.events;
end $body$;
-- expect:
-- raw.events.user_id -> mart.daily.user_id DIRECT.IDENTITY

-- title: postgres plpgsql function body, its parameter a value
-- dialect: postgres
-- schema: {"raw.events": {"user_id": "int", "day": "date"}, "mart.daily": {"user_id": "int"}}
create or replace function etl.load_day(run_day date) returns void language plpgsql as $$
begin
  insert into mart.daily (user_id) select user_id from raw.events where day = run_day;
end $$;
-- expect:
-- raw.events.user_id -> mart.daily.user_id DIRECT.IDENTITY
-- raw.events.day -> mart.daily.user_id INDIRECT.FILTER

-- title: postgres plpgsql insert ... returning into a variable writes no table named after it
-- dialect: postgres
-- schema: {"s.t": {"a": "int"}}
create function f() returns void language plpgsql as $$
declare v_id int;
begin
  insert into m.t (a) select a from s.t returning a into v_id;
end $$
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY
