-- title: P11-5: bigquery INFORMATION_SCHEMA views are system metadata, no source asset
-- dialect: bigquery
-- schema: {"acme.stg.customers": {"id": "int64", "name": "string"}}
create table acme.mart.table_counts as
select t.table_name, c.id
from `acme.stg.INFORMATION_SCHEMA.TABLES` t
join `region-us`.INFORMATION_SCHEMA.JOBS j on j.destination_table.table_id = t.table_name
join acme.stg.customers c on c.name = t.table_name
-- expect:
-- acme.stg.customers.id -> acme.mart.table_counts.id DIRECT.IDENTITY
-- acme.stg.customers.name -> acme.mart.table_counts.id INDIRECT.JOIN
-- acme.stg.customers.name -> acme.mart.table_counts.table_name INDIRECT.JOIN

-- title: P11-5: postgres pg_catalog and information_schema reads are no lineage sources
-- dialect: postgres
-- schema: {"stg.t": {"a": "int"}}
insert into ops.sizes (relname, cols, a)
select c.relname, count(col.column_name), s.a
from pg_catalog.pg_class c
join information_schema.columns col on col.table_name = c.relname
join stg.t s on s.a = c.relpages
group by c.relname, s.a
-- expect:
-- stg.t.a -> ops.sizes.a DIRECT.IDENTITY
-- stg.t.a -> ops.sizes.relname INDIRECT.JOIN
-- stg.t.a -> ops.sizes.cols INDIRECT.JOIN
-- stg.t.a -> ops.sizes.a INDIRECT.JOIN
-- stg.t.a -> ops.sizes.relname INDIRECT.GROUP_BY
-- stg.t.a -> ops.sizes.cols INDIRECT.GROUP_BY
-- stg.t.a -> ops.sizes.a INDIRECT.GROUP_BY

-- title: P11-5: tsql sys catalog views and a database's INFORMATION_SCHEMA are no sources
-- dialect: tsql
insert into ops.objects (name, schema_name)
select o.name, s.TABLE_SCHEMA from sys.objects o
join acme.INFORMATION_SCHEMA.TABLES s on s.TABLE_NAME = o.name
-- expect:

-- title: P11-4: bigquery wildcard table the catalog does not list reads every table its prefix matches
-- dialect: bigquery
-- schema: {"logs.events_20260101": {"id": "int64", "ip": "string"}, "logs.events_20260102": {"id": "int64", "ip": "string"}, "logs.eventsx": {"id": "int64"}}
create table export.feed as
select e.id, e.ip, u.name from `logs.events_*` e join crm.users u on u.id = e.id
where _TABLE_SUFFIX >= '20260101'
-- expect:
-- logs.events_20260101.id -> export.feed.id DIRECT.IDENTITY
-- logs.events_20260102.id -> export.feed.id DIRECT.IDENTITY
-- logs.events_20260101.ip -> export.feed.ip DIRECT.IDENTITY
-- logs.events_20260102.ip -> export.feed.ip DIRECT.IDENTITY
-- crm.users.name -> export.feed.name DIRECT.IDENTITY
-- crm.users.id -> export.feed.id INDIRECT.JOIN
-- crm.users.id -> export.feed.ip INDIRECT.JOIN
-- crm.users.id -> export.feed.name INDIRECT.JOIN
-- logs.events_20260101.id -> export.feed.id INDIRECT.JOIN
-- logs.events_20260101.id -> export.feed.ip INDIRECT.JOIN
-- logs.events_20260101.id -> export.feed.name INDIRECT.JOIN
-- logs.events_20260102.id -> export.feed.id INDIRECT.JOIN
-- logs.events_20260102.id -> export.feed.ip INDIRECT.JOIN
-- logs.events_20260102.id -> export.feed.name INDIRECT.JOIN

-- title: bigquery wildcard star is the union of its tables' columns, each from the tables that have it
-- dialect: bigquery
-- schema: {"ds.sales_2024": {"id": "int64", "amount": "numeric"}, "ds.sales_2025": {"id": "int64", "amount": "numeric", "Channel": "string"}, "ds.sales_summary": {"total": "numeric"}}
create table mart.sales as select * from ds.sales_20*
-- expect:
-- ds.sales_2024.id -> mart.sales.id DIRECT.IDENTITY
-- ds.sales_2025.id -> mart.sales.id DIRECT.IDENTITY
-- ds.sales_2024.amount -> mart.sales.amount DIRECT.IDENTITY
-- ds.sales_2025.amount -> mart.sales.amount DIRECT.IDENTITY
-- ds.sales_2025.channel -> mart.sales.channel DIRECT.IDENTITY

-- title: bigquery wildcard matches a table an earlier statement of the script created
-- dialect: bigquery
-- schema: {"ds.t_a": {"x": "int64"}, "raw.src": {"y": "int64"}}
create table ds.t_b as select y as x from raw.src;
insert into mart.all_t (x) select x from `ds.t_*`
-- expect:
-- raw.src.y -> ds.t_b.x DIRECT.IDENTITY
-- ds.t_a.x -> mart.all_t.x DIRECT.IDENTITY
-- ds.t_b.x -> mart.all_t.x DIRECT.IDENTITY

-- title: bigquery wildcard of typed records unnests like its tables
-- dialect: bigquery
-- schema: {"ga.events_20260101": {"user_pseudo_id": "string", "event_params": "ARRAY<STRUCT<key STRING, value STRUCT<string_value STRING>>>"}}
create table m.pages as
select user_pseudo_id, (select value.string_value from unnest(event_params) where key = 'page') as page
from `ga.events_*`
-- expect:
-- ga.events_20260101.user_pseudo_id -> m.pages.user_pseudo_id DIRECT.IDENTITY
-- ga.events_20260101.event_params -> m.pages.page DIRECT.TRANSFORMATION [unnest]
-- ga.events_20260101.event_params -> m.pages.page INDIRECT.FILTER

-- title: bigquery wildcard that matches no known table is an unknown-table, no made-up asset
-- dialect: bigquery
-- schema: {"logs.other": {"id": "int64"}}
create table export.feed as
select e.id, u.name from `logs.events_*` e join crm.users u on u.id = e.id
-- expect-includes:
-- crm.users.name -> export.feed.name DIRECT.IDENTITY
-- crm.users.id -> export.feed.name INDIRECT.JOIN
-- expect-diagnostics:
-- unknown-table
