-- title: postgres build-then-rename (dbt table materialization): the renamed table is what the tmp table was loaded with
-- dialect: postgres
-- schema: {"raw.customers": {"id": "int", "name": "text"}, "analytics.customers": {"id": "int", "name": "text"}}
create table analytics.customers__dbt_tmp as (select id, upper(name) as name from raw.customers);
alter table analytics.customers rename to customers__dbt_backup;
alter table analytics.customers__dbt_tmp rename to customers;
drop table if exists analytics.customers__dbt_backup cascade;
-- expect:
-- raw.customers.id -> analytics.customers.id DIRECT.IDENTITY @3
-- raw.customers.name -> analytics.customers.name DIRECT.TRANSFORMATION [upper] @3

-- title: dbt rebuild of a model whose last run only the database knows: the backup, dropped in the file, is not warned about
-- dialect: postgres
-- schema: {"raw.customers": {"id": "int", "name": "text"}}
create table analytics.customers__dbt_tmp as (select id, upper(name) as name from raw.customers);
alter table analytics.customers rename to customers__dbt_backup;
alter table analytics.customers__dbt_tmp rename to customers;
drop table if exists analytics.customers__dbt_backup cascade;
-- expect:
-- raw.customers.id -> analytics.customers.id DIRECT.IDENTITY @3
-- raw.customers.name -> analytics.customers.name DIRECT.TRANSFORMATION [upper] @3

-- title: dbt-redshift view rebuild, quoted names, DROP VIEW of the backup: no warning either
-- dialect: redshift
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
create view "dbt"."users__dbt_tmp" as (select id, email from raw.users);
alter table "dbt"."users" rename to "users__dbt_backup";
alter table "dbt"."users__dbt_tmp" rename to "users";
drop view if exists "dbt"."users__dbt_backup" cascade;
-- expect:
-- raw.users.email -> dbt.users.email DIRECT.IDENTITY @3
-- raw.users.id -> dbt.users.id DIRECT.IDENTITY @3

-- title: a rename of a table of unknown columns that the file keeps is still warned about
-- dialect: postgres
alter table dw.orders rename to orders_old;
drop table dw.orders_new;
-- expect:
-- dw.orders.* -> dw.orders_old.* DIRECT.IDENTITY (unresolved)
-- expect-diagnostics: unresolved-star dw.orders

-- title: the dropped copy read before its drop: the copy's warning stays
-- dialect: postgres
alter table dw.orders rename to orders_bak;
insert into dw.archive select * from dw.orders_bak;
drop table dw.orders_bak;
-- expect:
-- dw.orders.* -> dw.archive.* DIRECT.IDENTITY (unresolved) @2
-- expect-diagnostics: unresolved-star dw.orders

-- title: a CREATE TABLE AS SELECT * over a table of unknown columns keeps its warning even if dropped (a query, not a copy)
-- dialect: postgres
create table dw.scratch as select * from raw.mystery;
drop table dw.scratch;
-- expect:
-- expect-diagnostics: unresolved-star raw.mystery

-- title: snowflake airflow atomic swap by rename to a qualified name
-- dialect: snowflake
-- schema: {"raw.orders": {"id": "number", "amount": "number"}}
create or replace table dw.orders_new as select id, amount from raw.orders where amount > 0;
drop table if exists dw.orders;
alter table dw.orders_new rename to dw.orders;
-- expect:
-- raw.orders.amount -> dw.orders.amount DIRECT.IDENTITY
-- raw.orders.amount -> dw.orders.amount INDIRECT.FILTER
-- raw.orders.amount -> dw.orders.id INDIRECT.FILTER
-- raw.orders.id -> dw.orders.id DIRECT.IDENTITY

-- title: snowflake rename to a bare name: the session's current schema takes it, so the name stays as written
-- dialect: snowflake
-- schema: {"analytics.dbt.customers__dbt_tmp": {"id": "number", "name": "varchar"}}
alter table analytics.dbt.customers__dbt_tmp rename to customers
-- expect:
-- analytics.dbt.customers__dbt_tmp.id -> customers.id DIRECT.IDENTITY
-- analytics.dbt.customers__dbt_tmp.name -> customers.name DIRECT.IDENTITY

-- title: bigquery rename keeps the table in its project and dataset
-- dialect: bigquery
-- schema: {"proj.raw.orders": {"id": "int64", "amount": "numeric"}}
create or replace table proj.mart.orders__tmp as select id, amount from proj.raw.orders;
alter table if exists proj.mart.orders__tmp rename to orders
-- expect:
-- proj.raw.orders.amount -> proj.mart.orders.amount DIRECT.IDENTITY
-- proj.raw.orders.id -> proj.mart.orders.id DIRECT.IDENTITY

-- title: databricks renames of a table and of a view keep their schema
-- dialect: databricks
-- schema: {"dw.events_v2": {"id": "bigint", "ts": "timestamp"}, "dw.events_recent_v2": {"id": "bigint"}}
alter table dw.events_v2 rename to events;
alter view dw.events_recent_v2 rename to dw.events_recent
-- expect:
-- dw.events_v2.id -> dw.events.id DIRECT.IDENTITY
-- dw.events_v2.ts -> dw.events.ts DIRECT.IDENTITY
-- dw.events_recent_v2.id -> dw.events_recent.id DIRECT.IDENTITY

-- title: postgres materialized view renamed (sqlglot leaves it a command)
-- dialect: postgres
-- schema: {"mart.daily__tmp": {"day": "date", "n": "bigint"}}
alter materialized view mart.daily__tmp rename to daily
-- expect:
-- mart.daily__tmp.day -> mart.daily.day DIRECT.IDENTITY
-- mart.daily__tmp.n -> mart.daily.n DIRECT.IDENTITY

-- title: mysql rename table swaps in the new table, pair by pair
-- dialect: mysql
-- schema: {"shop.orders": {"id": "int", "total": "decimal"}, "shop.orders_new": {"id": "int", "total": "decimal"}}
rename table shop.orders to shop.orders_old, shop.orders_new to shop.orders
-- expect:
-- shop.orders.id -> shop.orders_old.id DIRECT.IDENTITY
-- shop.orders.total -> shop.orders_old.total DIRECT.IDENTITY
-- shop.orders_new.id -> shop.orders.id DIRECT.IDENTITY
-- shop.orders_new.total -> shop.orders.total DIRECT.IDENTITY

-- title: tsql sp_rename of a table (positional or named arguments) writes the new name in its schema; a column rename moves the column's data
-- dialect: tsql
-- schema: {"stg.customers": {"id": "int", "name": "nvarchar"}, "dbo.customers": {"id": "int", "name": "nvarchar"}}
select id, upper(name) as name into dbo.customers_new from stg.customers;
exec sp_rename 'dbo.customers', 'customers_old';
exec sp_rename @objname = N'dbo.customers_new', @newname = N'customers';
exec sp_rename 'dbo.customers.name', 'full_name', 'COLUMN';
-- expect:
-- dbo.customers.name -> dbo.customers.full_name DIRECT.IDENTITY @4
-- stg.customers.id -> dbo.customers.id DIRECT.IDENTITY @3
-- stg.customers.name -> dbo.customers.name DIRECT.TRANSFORMATION [upper] @3
-- dbo.customers.id -> dbo.customers_old.id DIRECT.IDENTITY @2
-- dbo.customers.name -> dbo.customers_old.name DIRECT.IDENTITY @2

-- title: postgres temp table renamed: still temporary, its flows carry over to what reads it
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create temp table users_stage as select id, md5(email) as email_hash from raw.users;
alter table users_stage rename to users_ready;
insert into mart.users (id, email_hash) select id, email_hash from users_ready
-- expect:
-- raw.users.id -> mart.users.id DIRECT.IDENTITY
-- raw.users.email -> mart.users.email_hash DIRECT.TRANSFORMATION [md5]

-- title: update of a status column filtered on its old value, columns unknown (alias-in-where dialects)
-- dialect: snowflake
update dw.jobs set status = 'done', finished_at = current_timestamp where status = 'running' and started_at < '2024-01-01'
-- expect:
-- dw.jobs.status -> dw.jobs.status INDIRECT.FILTER
-- dw.jobs.status -> dw.jobs.finished_at INDIRECT.FILTER
-- dw.jobs.started_at -> dw.jobs.status INDIRECT.FILTER
-- dw.jobs.started_at -> dw.jobs.finished_at INDIRECT.FILTER

-- title: duckdb update whose where tests the column it sets reads the old column, not the new value
-- dialect: duckdb
update dw.users set email_hash = md5(email) where email_hash = ''
-- expect:
-- dw.users.email -> dw.users.email_hash DIRECT.TRANSFORMATION [md5]
-- dw.users.email_hash -> dw.users.email_hash INDIRECT.FILTER

-- title: clickhouse update with a known schema: the where column is the table's, not the set value
-- dialect: clickhouse
-- schema: {"dw.users": {"id": "UInt64", "email": "String", "email_hash": "String"}}
update dw.users set email_hash = lower(hex(MD5(email))) where email_hash = ''
-- expect:
-- dw.users.email -> dw.users.email_hash DIRECT.TRANSFORMATION [md5, lower_hex]
-- dw.users.email_hash -> dw.users.email_hash INDIRECT.FILTER

-- title: snowflake update: every set value reads the old row, never an earlier set of the same statement
-- dialect: snowflake
update dw.counters set prev = cnt, cnt = cnt + 1, touched = prev where id = 7
-- expect:
-- dw.counters.cnt -> dw.counters.prev DIRECT.IDENTITY
-- dw.counters.cnt -> dw.counters.cnt DIRECT.TRANSFORMATION
-- dw.counters.prev -> dw.counters.touched DIRECT.IDENTITY
-- dw.counters.id -> dw.counters.prev INDIRECT.FILTER
-- dw.counters.id -> dw.counters.cnt INDIRECT.FILTER
-- dw.counters.id -> dw.counters.touched INDIRECT.FILTER

-- title: snowflake merge: a bare name in a when condition is the table's column, not the value the branch sets
-- dialect: snowflake
-- schema: {"stg.jobs": {"id": "number", "state": "varchar"}}
merge into dw.jobs d using stg.jobs s on d.id = s.id
when matched and status = 'running' then update set status = s.state, closed_at = current_timestamp
-- expect:
-- stg.jobs.state -> dw.jobs.status DIRECT.IDENTITY
-- dw.jobs.status -> dw.jobs.status INDIRECT.FILTER
-- dw.jobs.status -> dw.jobs.closed_at INDIRECT.FILTER
-- dw.jobs.id -> dw.jobs.status INDIRECT.JOIN
-- dw.jobs.id -> dw.jobs.closed_at INDIRECT.JOIN
-- stg.jobs.id -> dw.jobs.status INDIRECT.JOIN
-- stg.jobs.id -> dw.jobs.closed_at INDIRECT.JOIN

-- title: mysql multi-table update writes each assignment to its own table
-- dialect: mysql
-- schema: {"shop.orders": {"id": "int", "customer_id": "int", "total": "decimal", "vip": "tinyint"}, "shop.customers": {"id": "int", "tier": "varchar", "lifetime": "decimal"}}
update shop.orders o join shop.customers c on c.id = o.customer_id
set o.vip = (c.tier = 'gold'), c.lifetime = c.lifetime + o.total
where o.total > 0
-- expect:
-- shop.customers.tier -> shop.orders.vip DIRECT.TRANSFORMATION
-- shop.customers.id -> shop.orders.vip INDIRECT.JOIN
-- shop.orders.customer_id -> shop.orders.vip INDIRECT.JOIN
-- shop.orders.total -> shop.orders.vip INDIRECT.FILTER
-- shop.customers.lifetime -> shop.customers.lifetime DIRECT.TRANSFORMATION
-- shop.orders.total -> shop.customers.lifetime DIRECT.TRANSFORMATION
-- shop.customers.id -> shop.customers.lifetime INDIRECT.JOIN
-- shop.orders.customer_id -> shop.customers.lifetime INDIRECT.JOIN
-- shop.orders.total -> shop.customers.lifetime INDIRECT.FILTER

-- title: mysql comma-form multi-table update writes only the table its set names
-- dialect: mysql
-- schema: {"shop.orders": {"id": "int", "customer_id": "int", "total": "decimal", "status": "varchar"}, "shop.customers": {"id": "int", "lifetime": "decimal"}}
update shop.orders o, shop.customers c
set c.lifetime = c.lifetime + o.total
where c.id = o.customer_id and o.status = 'paid'
-- expect:
-- shop.customers.lifetime -> shop.customers.lifetime DIRECT.TRANSFORMATION
-- shop.orders.total -> shop.customers.lifetime DIRECT.TRANSFORMATION
-- shop.customers.id -> shop.customers.lifetime INDIRECT.FILTER
-- shop.orders.customer_id -> shop.customers.lifetime INDIRECT.FILTER
-- shop.orders.status -> shop.customers.lifetime INDIRECT.FILTER

-- title: oracle merge update ... where and insert ... where filter their branch
-- dialect: oracle
-- schema: {"stg.accounts": {"acct_id": "number", "balance": "number", "status": "varchar2"}, "dw.accounts": {"acct_id": "number", "balance": "number"}}
MERGE INTO dw.accounts d
USING stg.accounts s
ON (d.acct_id = s.acct_id)
WHEN MATCHED THEN UPDATE SET d.balance = s.balance WHERE s.status <> 'X'
WHEN NOT MATCHED THEN INSERT (d.acct_id, d.balance) VALUES (s.acct_id, s.balance) WHERE s.balance > 0
-- expect:
-- stg.accounts.acct_id -> dw.accounts.acct_id DIRECT.IDENTITY
-- stg.accounts.balance -> dw.accounts.balance DIRECT.IDENTITY
-- stg.accounts.status -> dw.accounts.balance INDIRECT.FILTER
-- stg.accounts.balance -> dw.accounts.acct_id INDIRECT.FILTER
-- stg.accounts.balance -> dw.accounts.balance INDIRECT.FILTER
-- stg.accounts.acct_id -> dw.accounts.acct_id INDIRECT.JOIN
-- stg.accounts.acct_id -> dw.accounts.balance INDIRECT.JOIN
-- dw.accounts.acct_id -> dw.accounts.acct_id INDIRECT.JOIN
-- dw.accounts.acct_id -> dw.accounts.balance INDIRECT.JOIN

-- title: oracle merge: a bare name in a not-matched insert's where is the source's
-- dialect: oracle
-- schema: {"stg.items": {"sku": "varchar2", "qty": "number"}, "dw.items": {"sku": "varchar2", "qty": "number"}}
merge into dw.items d using stg.items s on (d.sku = s.sku)
when not matched then insert (d.sku, d.qty) values (s.sku, s.qty) where qty > 0
-- expect:
-- stg.items.sku -> dw.items.sku DIRECT.IDENTITY
-- stg.items.qty -> dw.items.qty DIRECT.IDENTITY
-- stg.items.qty -> dw.items.sku INDIRECT.FILTER
-- stg.items.qty -> dw.items.qty INDIRECT.FILTER
-- stg.items.sku -> dw.items.sku INDIRECT.JOIN
-- stg.items.sku -> dw.items.qty INDIRECT.JOIN
-- dw.items.sku -> dw.items.sku INDIRECT.JOIN
-- dw.items.sku -> dw.items.qty INDIRECT.JOIN

-- title: clickhouse materialized view with TO writes the TO table; the view reads it
-- dialect: clickhouse
-- schema: {"raw.events": {"ts": "DateTime", "user_id": "UInt64"}}
create materialized view dw.user_days_mv to dw.user_days as
select user_id, toDate(ts) as day from raw.events
-- expect:
-- raw.events.user_id -> dw.user_days.user_id DIRECT.IDENTITY
-- raw.events.ts -> dw.user_days.day DIRECT.TRANSFORMATION [todate]
-- dw.user_days.user_id -> dw.user_days_mv.user_id DIRECT.IDENTITY
-- dw.user_days.day -> dw.user_days_mv.day DIRECT.IDENTITY

-- title: clickhouse materialized view TO a known table fills its columns by name
-- dialect: clickhouse
-- schema: {"raw.events": {"ts": "DateTime", "user_id": "UInt64", "kind": "String"}, "dw.user_days": {"day": "Date", "user_id": "UInt64", "clicks": "UInt64"}}
create materialized view if not exists dw.user_days_mv on cluster main to dw.user_days as
select user_id, toDate(ts) as day, countIf(kind = 'click') as clicks, any(kind) as sample_kind
from raw.events group by user_id, day
-- expect:
-- raw.events.user_id -> dw.user_days.user_id DIRECT.IDENTITY
-- raw.events.ts -> dw.user_days.day DIRECT.TRANSFORMATION [todate]
-- raw.events.kind -> dw.user_days.clicks INDIRECT.CONDITIONAL
-- raw.events.user_id -> dw.user_days.user_id INDIRECT.GROUP_BY
-- raw.events.user_id -> dw.user_days.day INDIRECT.GROUP_BY
-- raw.events.user_id -> dw.user_days.clicks INDIRECT.GROUP_BY
-- raw.events.ts -> dw.user_days.user_id INDIRECT.GROUP_BY
-- raw.events.ts -> dw.user_days.day INDIRECT.GROUP_BY
-- raw.events.ts -> dw.user_days.clicks INDIRECT.GROUP_BY
-- dw.user_days.day -> dw.user_days_mv.day DIRECT.IDENTITY
-- dw.user_days.user_id -> dw.user_days_mv.user_id DIRECT.IDENTITY
-- dw.user_days.clicks -> dw.user_days_mv.clicks DIRECT.IDENTITY

-- title: snowflake execute immediate of a quoted string literal
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
execute immediate 'insert into mart.t select id from raw.users where email is not null'
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.id INDIRECT.FILTER

-- title: bigquery execute immediate of a double-quoted string literal
-- dialect: bigquery
-- schema: {"p.s.users": {"id": "int64", "email": "string"}}
execute immediate "insert into p.m.t select id from p.s.users where email is not null"
-- expect:
-- p.s.users.id -> p.m.t.id DIRECT.IDENTITY
-- p.s.users.email -> p.m.t.id INDIRECT.FILTER

-- title: bigquery script: execute immediate of a triple-quoted literal with using, on its own lines
-- dialect: bigquery
-- schema: {"p.raw.events": {"event_date": "date", "user_id": "int64"}}
declare run_date date default current_date();
execute immediate """
insert into p.mart.daily (d, users)
select @d, count(distinct user_id)
from p.raw.events where event_date = @d
""" using run_date as d
-- expect:
-- p.raw.events.user_id -> p.mart.daily.users DIRECT.AGGREGATION [count] @4
-- p.raw.events.event_date -> p.mart.daily.d INDIRECT.FILTER
-- p.raw.events.event_date -> p.mart.daily.users INDIRECT.FILTER

-- title: tsql exec of a literal and sp_executesql of a literal (its select into creates the table), on their lines
-- dialect: tsql
-- schema: {"stg.orders": {"id": "int", "amount": "money", "status": "varchar"}}
set nocount on;
exec ('insert into dbo.orders_paid (id, amount)
select id, amount from stg.orders where status = ''paid''');
exec sp_executesql N'select id, amount * 100 as cents into dbo.orders_cents from stg.orders where status = @s', N'@s varchar(10)', @s = 'paid'
-- expect:
-- stg.orders.id -> dbo.orders_paid.id DIRECT.IDENTITY @3
-- stg.orders.amount -> dbo.orders_paid.amount DIRECT.IDENTITY @3
-- stg.orders.status -> dbo.orders_paid.id INDIRECT.FILTER
-- stg.orders.status -> dbo.orders_paid.amount INDIRECT.FILTER
-- stg.orders.id -> dbo.orders_cents.id DIRECT.IDENTITY @4
-- stg.orders.amount -> dbo.orders_cents.cents DIRECT.TRANSFORMATION @4
-- stg.orders.status -> dbo.orders_cents.id INDIRECT.FILTER
-- stg.orders.status -> dbo.orders_cents.cents INDIRECT.FILTER

-- title: snowflake execute immediate of sql built at run time says its lineage is unknown
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int"}}
execute immediate 'insert into mart.users_' || :suffix || ' select id from raw.users';
insert into mart.users select id from raw.users
-- expect:
-- raw.users.id -> mart.users.id DIRECT.IDENTITY
-- expect-diagnostics: unsupported-statement

-- title: tsql sp_executesql of a variable declared with a literal runs that literal (one set elsewhere stays unknown)
-- dialect: tsql
declare @sql nvarchar(max) = N'insert into dbo.t select a from dbo.s';
exec sp_executesql @sql
exec sp_executesql @other
-- expect:
-- dbo.s.a -> dbo.t.a DIRECT.IDENTITY @1
-- expect-diagnostics: unsupported-statement

-- title: hive select transform using a script names its outputs by the AS list
-- dialect: hive
-- schema: {"raw.docs": {"doc_id": "string", "body": "string"}}
insert overwrite table dw.tokens
select transform (doc_id, body) using 'python tokenize.py' as (doc_id string, token string)
from raw.docs
-- expect:
-- raw.docs.doc_id -> dw.tokens.doc_id DIRECT.TRANSFORMATION
-- raw.docs.body -> dw.tokens.doc_id DIRECT.TRANSFORMATION
-- raw.docs.doc_id -> dw.tokens.token DIRECT.TRANSFORMATION
-- raw.docs.body -> dw.tokens.token DIRECT.TRANSFORMATION

-- title: hive select transform with names not in parentheses
-- dialect: hive
-- schema: {"raw.docs": {"doc_id": "string", "lang": "string", "body": "string"}}
insert overwrite table dw.tokens
select transform (doc_id, body) using 'python tokenize.py' as doc_id, token
from raw.docs where lang = 'en'
-- expect:
-- raw.docs.doc_id -> dw.tokens.doc_id DIRECT.TRANSFORMATION
-- raw.docs.body -> dw.tokens.doc_id DIRECT.TRANSFORMATION
-- raw.docs.doc_id -> dw.tokens.token DIRECT.TRANSFORMATION
-- raw.docs.body -> dw.tokens.token DIRECT.TRANSFORMATION
-- raw.docs.lang -> dw.tokens.doc_id INDIRECT.FILTER
-- raw.docs.lang -> dw.tokens.token INDIRECT.FILTER

-- title: spark select transform without AS gives key and value
-- dialect: spark
-- schema: {"raw.docs": {"doc_id": "string", "body": "string"}}
create table dw.kv as select transform (doc_id, lower(body)) using 'cat' from raw.docs
-- expect:
-- raw.docs.doc_id -> dw.kv.key DIRECT.TRANSFORMATION
-- raw.docs.body -> dw.kv.key DIRECT.TRANSFORMATION [lower]
-- raw.docs.doc_id -> dw.kv.value DIRECT.TRANSFORMATION
-- raw.docs.body -> dw.kv.value DIRECT.TRANSFORMATION [lower]
