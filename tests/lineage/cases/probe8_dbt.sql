-- Cases from the eighth probe (the SQL dbt, SQLMesh and Dataform execute), gaps P8-G2..G5.

-- title: P8-G2 ClickHouse EXCHANGE TABLES (dbt-clickhouse table materialization): the model is what the backup was loaded with
-- dialect: clickhouse
-- schema: {"raw.events": {"id": "UInt64", "ts": "DateTime"}}
create table `an`.`events__dbt_backup`
    engine = MergeTree()
    order by (id)
    empty as (select id, toDate(ts) as d from `raw`.`events`);
insert into `an`.`events__dbt_backup` ("id", "d")
  select id, toDate(ts) as d from `raw`.`events`;
exchange tables `an`.`events__dbt_backup` and `an`.`events`;
-- expect:
-- raw.events.id -> an.events__dbt_backup.id DIRECT.IDENTITY
-- raw.events.ts -> an.events__dbt_backup.d DIRECT.TRANSFORMATION [todate]
-- an.events__dbt_backup.id -> an.events.id DIRECT.IDENTITY
-- an.events__dbt_backup.d -> an.events.d DIRECT.IDENTITY

-- title: P8-G2 ClickHouse EXCHANGE TABLES ... ON CLUSTER: the cluster says where, not what
-- dialect: clickhouse
-- schema: {"an.events__dbt_backup": {"id": "UInt64"}}
EXCHANGE TABLES an.events__dbt_backup AND an.events ON CLUSTER '{cluster}'
-- expect:
-- an.events__dbt_backup.id -> an.events.id DIRECT.IDENTITY

-- title: P8-G2 ClickHouse EXCHANGE TABLES by unqualified names: the second is written from the first (the reverse left out, as for SWAP WITH)
-- dialect: clickhouse
-- schema: {"events": {"id": "UInt64"}, "events_new": {"id": "UInt64", "v": "String"}}
EXCHANGE TABLES events_new AND events
-- expect:
-- events_new.id -> events.id DIRECT.IDENTITY
-- events_new.v -> events.v DIRECT.IDENTITY

-- title: P8-G2 ClickHouse EXCHANGE DICTIONARIES is no table's copy: diagnosed, not silent
-- dialect: clickhouse
EXCHANGE DICTIONARIES dict_a AND dict_b
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: P8-G5 T-SQL sp_rename after USE [db] (dbt-sqlserver rename_relation): both names in the USE's database
-- dialect: tsql
-- schema: {"db.dbt.orders__dbt_tmp": {"id": "int"}}
USE [db];
EXEC sp_rename 'dbt.orders__dbt_tmp', 'orders';
-- expect:
-- db.dbt.orders__dbt_tmp.id -> db.dbt.orders.id DIRECT.IDENTITY

-- title: P8-G5 T-SQL sp_rename by named arguments after USE: completed the same way
-- dialect: tsql
-- schema: {"db.dbt.orders__dbt_tmp": {"id": "int", "amount": "money"}}
USE db;
EXEC sp_rename @objname = N'dbt.orders__dbt_tmp', @newname = N'orders', @objtype = 'OBJECT';
-- expect:
-- db.dbt.orders__dbt_tmp.id -> db.dbt.orders.id DIRECT.IDENTITY
-- db.dbt.orders__dbt_tmp.amount -> db.dbt.orders.amount DIRECT.IDENTITY

-- title: P8-G5 MySQL RENAME TABLE (a command) after USE: its names are completed like a parsed statement's
-- dialect: mysql
-- schema: {"shop.orders_new": {"id": "int"}}
USE shop;
RENAME TABLE orders_new TO orders;
-- expect:
-- shop.orders_new.id -> shop.orders.id DIRECT.IDENTITY

-- title: P8-G3 DuckDB read_parquet(['path']) (list form, one file): the file is the source, as for read_parquet('path')
-- dialect: duckdb
create or replace view "db"."main"."ext" as (
        select id from read_parquet(['/data/ext.parquet'])
    );
-- expect:
-- /data/ext.parquet.id -> db.main.ext.id DIRECT.IDENTITY

-- title: P8-G3 DuckDB read_csv([a, b]) of known files: each file is a source, stacked by column name
-- dialect: duckdb
-- schema: {"/a.csv": {"id": "int", "x": "int"}, "/b.csv": {"id": "int", "y": "int"}}
create view v as select * from read_csv(['/a.csv', '/b.csv'], union_by_name = true) f where f.id > 0
-- expect:
-- /a.csv.id -> v.id DIRECT.IDENTITY
-- /b.csv.id -> v.id DIRECT.IDENTITY
-- /a.csv.x -> v.x DIRECT.IDENTITY
-- /b.csv.y -> v.y DIRECT.IDENTITY
-- /a.csv.id -> v.id INDIRECT.FILTER
-- /a.csv.id -> v.x INDIRECT.FILTER
-- /a.csv.id -> v.y INDIRECT.FILTER
-- /b.csv.id -> v.id INDIRECT.FILTER
-- /b.csv.id -> v.x INDIRECT.FILTER
-- /b.csv.id -> v.y INDIRECT.FILTER

-- title: P8-G3 DuckDB read_json([a, glob]) of unknown files: both are read; the columns resolve in the first (union of unknown stars, known gap)
-- dialect: duckdb
create table t as select id from read_json(['/a.json', 's3://b/*.json'])
-- expect-includes:
-- /a.json.id -> t.id DIRECT.IDENTITY

-- title: P8-G4 dbt-bigquery _dbt_max_partition: DECLARE ... DEFAULT (select max(ts) from target) used in WHERE reads the target, as the inline subquery would
-- dialect: bigquery
-- schema: {"proj.raw.ev": {"id": "string", "ts": "timestamp"}, "proj.an.ev": {"id": "string", "ts": "timestamp"}}
declare _dbt_max_partition timestamp default (
      select max(ts) from `proj`.`an`.`ev`
      where ts is not null
    );
create or replace table `proj`.`an`.`ev__dbt_tmp`
    OPTIONS(expiration_timestamp=TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 12 hour))
    as (
      select id, ts from `proj`.`raw`.`ev` where ts >= _dbt_max_partition
    );
-- expect:
-- proj.raw.ev.id -> proj.an.ev__dbt_tmp.id DIRECT.IDENTITY
-- proj.raw.ev.ts -> proj.an.ev__dbt_tmp.ts DIRECT.IDENTITY
-- proj.raw.ev.ts -> proj.an.ev__dbt_tmp.id INDIRECT.FILTER
-- proj.raw.ev.ts -> proj.an.ev__dbt_tmp.ts INDIRECT.FILTER
-- proj.an.ev.ts -> proj.an.ev__dbt_tmp.id INDIRECT.FILTER
-- proj.an.ev.ts -> proj.an.ev__dbt_tmp.ts INDIRECT.FILTER

-- title: P8-G4 BigQuery SET v = (subquery) gives the variable the query's lineage; a later SET to a plain value ends it
-- dialect: bigquery
-- schema: {"proj.raw.ev": {"id": "string", "ts": "timestamp"}, "proj.an.ev": {"id": "string", "ts": "timestamp"}}
declare m timestamp;
set m = (select max(ts) from proj.an.ev);
insert into proj.an.ev (id) select id from proj.raw.ev where ts > m;
set m = current_timestamp();
insert into proj.an.ev (ts) select ts from proj.raw.ev where id > '' and ts < m;
-- expect:
-- proj.raw.ev.id -> proj.an.ev.id DIRECT.IDENTITY
-- proj.raw.ev.ts -> proj.an.ev.id INDIRECT.FILTER
-- proj.an.ev.ts -> proj.an.ev.id INDIRECT.FILTER
-- proj.raw.ev.ts -> proj.an.ev.ts DIRECT.IDENTITY
-- proj.raw.ev.id -> proj.an.ev.ts INDIRECT.FILTER
-- proj.raw.ev.ts -> proj.an.ev.ts INDIRECT.FILTER

-- title: P8-G4 a variable with a query value used inside an IF branch of a BigQuery script: read as the query
-- dialect: bigquery
-- schema: {"proj.raw.ev": {"id": "string", "ts": "timestamp"}, "proj.an.ev": {"id": "string", "ts": "timestamp"}}
declare m timestamp default (select max(ts) from proj.an.ev);
if m is not null then
  insert into proj.an.ev (id) select id from proj.raw.ev where ts > m;
end if;
-- expect:
-- proj.raw.ev.id -> proj.an.ev.id DIRECT.IDENTITY
-- proj.raw.ev.ts -> proj.an.ev.id INDIRECT.FILTER
-- proj.an.ev.ts -> proj.an.ev.id INDIRECT.FILTER

-- title: P8-G4 a query-valued variable named like a column of the statement's table: the column wins
-- dialect: bigquery
-- schema: {"proj.raw.ev": {"id": "string", "ts": "timestamp"}, "proj.an.ev": {"id": "string", "ts": "timestamp"}}
declare ts timestamp default (select max(ts) from proj.an.ev);
insert into proj.an.ev (id, ts) select id, ts from proj.raw.ev;
-- expect:
-- proj.raw.ev.id -> proj.an.ev.id DIRECT.IDENTITY
-- proj.raw.ev.ts -> proj.an.ev.ts DIRECT.IDENTITY
