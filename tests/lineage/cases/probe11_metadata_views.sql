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

-- title: P11-4: bigquery wildcard table the catalog does not list is an unknown-table, no made-up asset
-- dialect: bigquery
-- schema: {"logs.events_20260101": {"id": "int64", "ip": "string"}, "logs.events_20260102": {"id": "int64", "ip": "string"}}
create table export.feed as
select e.id, e.ip, u.name from `logs.events_*` e join crm.users u on u.id = e.id
where _TABLE_SUFFIX >= '20260101'
-- expect-includes:
-- crm.users.name -> export.feed.name DIRECT.IDENTITY
-- crm.users.id -> export.feed.name INDIRECT.JOIN
-- expect-diagnostics:
-- unknown-table
