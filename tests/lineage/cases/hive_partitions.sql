-- title: Hive PARTITIONED BY (col type) columns are the table's last columns: dynamic partition, star and filter
-- dialect: hive
-- schema: {"raw.events": {"user_id": "bigint", "email": "string", "ds": "string"}}
create table dw.ev (user_id bigint, email string) partitioned by (ds string) stored as parquet;
insert overwrite table dw.ev partition (ds) select user_id, email, ds from raw.events;
insert overwrite table mart.r select * from dw.ev where ds = '2024-01-01';
-- expect:
-- raw.events.user_id -> dw.ev.user_id DIRECT.IDENTITY
-- raw.events.email -> dw.ev.email DIRECT.IDENTITY
-- raw.events.ds -> dw.ev.ds DIRECT.IDENTITY
-- dw.ev.user_id -> mart.r.user_id DIRECT.IDENTITY
-- dw.ev.email -> mart.r.email DIRECT.IDENTITY
-- dw.ev.ds -> mart.r.ds DIRECT.IDENTITY
-- dw.ev.ds -> mart.r.user_id INDIRECT.FILTER
-- dw.ev.ds -> mart.r.email INDIRECT.FILTER
-- dw.ev.ds -> mart.r.ds INDIRECT.FILTER

-- title: a static partition is a constant: the query's columns fill the others, in order
-- dialect: spark
-- schema: {"raw.events": {"user_id": "bigint", "email": "string"}}
create table dw.ev (user_id bigint, email string) partitioned by (country string, ds string);
insert overwrite table dw.ev partition (country = 'us', ds) select user_id, email, '2024-01-01' as d from raw.events;
insert overwrite table dw.ev partition (country = 'us', ds = '2024-01-01') select email, user_id from raw.events;
-- expect:
-- raw.events.user_id -> dw.ev.user_id DIRECT.IDENTITY
-- raw.events.email -> dw.ev.email DIRECT.IDENTITY
-- raw.events.email -> dw.ev.user_id DIRECT.IDENTITY
-- raw.events.user_id -> dw.ev.email DIRECT.IDENTITY

-- title: Databricks Hive-format DDL: partition columns appended; a Spark USING table's PARTITIONED BY names its own columns
-- dialect: databricks
-- schema: {"raw.e": {"a": "int", "ds": "string"}}
create table dw.h (a int) partitioned by (ds string);
create table dw.d (a int, ds string) using delta partitioned by (ds);
create table dw.c using parquet partitioned by (ds) as select a, ds from raw.e;
create view dw.v as select h.*, d.a as da, d.ds as dds, c.ds as cds from dw.h h, dw.d d, dw.c c;
-- expect:
-- raw.e.a -> dw.c.a DIRECT.IDENTITY
-- raw.e.ds -> dw.c.ds DIRECT.IDENTITY
-- dw.h.a -> dw.v.a DIRECT.IDENTITY
-- dw.h.ds -> dw.v.ds DIRECT.IDENTITY
-- dw.d.a -> dw.v.da DIRECT.IDENTITY
-- dw.d.ds -> dw.v.dds DIRECT.IDENTITY
-- dw.c.ds -> dw.v.cds DIRECT.IDENTITY
