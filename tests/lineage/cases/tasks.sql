-- title: snowflake task on one line: its statement is the lineage
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}}
create or replace task db.ops.load_users warehouse = etl_wh schedule = '60 minute' as insert into mart.users select id, lower(email) as email from raw.users;
-- expect:
-- raw.users.id -> mart.users.id DIRECT.IDENTITY
-- raw.users.email -> mart.users.email DIRECT.TRANSFORMATION [lower]

-- title: snowflake task over lines, with a condition, options and a merge
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}, "mart.users": {"id": "number", "email": "varchar"}}
CREATE TASK IF NOT EXISTS ops.merge_users
  WAREHOUSE = etl_wh
  SCHEDULE = 'USING CRON 0 6 * * * UTC'
  USER_TASK_TIMEOUT_MS = 3600000
  COMMENT = 'merge as of today'
  AFTER ops.load_users
  WHEN SYSTEM$STREAM_HAS_DATA('raw.users_stream') AND cast('1' as int) = 1
AS
  MERGE INTO mart.users t USING raw.users s ON t.id = s.id
  WHEN MATCHED THEN UPDATE SET t.email = s.email;
-- expect:
-- raw.users.email -> mart.users.email DIRECT.IDENTITY
-- raw.users.id -> mart.users.email INDIRECT.JOIN
-- mart.users.id -> mart.users.email INDIRECT.JOIN

-- title: snowflake task with a scripting block
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number"}}
create or replace task ops.t2 schedule = '5 minute' as
begin
  insert into mart.a select id from raw.users;
  delete from mart.b where id in (select id from raw.users);
end;
alter task ops.t2 resume;
-- expect:
-- raw.users.id -> mart.a.id DIRECT.IDENTITY

-- title: snowflake alter task modify as
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number"}}
alter task ops.t3 modify as insert into mart.c select id from raw.users;
-- expect:
-- raw.users.id -> mart.c.id DIRECT.IDENTITY

-- title: snowflake tasks running execute immediate, a call, or cloned: only the SQL counts
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number"}}
create task ops.t5 warehouse = w as execute immediate $$ begin insert into mart.d select id from raw.users; end; $$;
create or alter task ops.t6 warehouse = w as call ops.refresh();
create task ops.t7 clone ops.t6;
execute task ops.t7;
-- expect:
-- raw.users.id -> mart.d.id DIRECT.IDENTITY
