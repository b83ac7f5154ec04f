-- Found by probe 24 on real BigQuery GA4 SQL: the untyped UNNEST fields of a CTE body or derived
-- table are not hidden by their own output names.

-- title: bigquery untyped UNNEST fields in a CTE body whose outputs are named like the fields (dbt-ga4 event model)
-- dialect: bigquery
-- schema: {"ga4.events": {"event_key": "string", "event_name": "string", "event_params": ""}}
create table ga4.purchase as
with p as (
  select *,
         (select value.string_value from unnest(event_params) where key = 'coupon') as coupon,
         (select value.float_value from unnest(event_params) where key = 'value') as value
  from ga4.events
  where event_name = 'purchase'
)
select * from p
-- expect:
-- ga4.events.event_key -> ga4.purchase.event_key DIRECT.IDENTITY
-- ga4.events.event_name -> ga4.purchase.event_name DIRECT.IDENTITY
-- ga4.events.event_params -> ga4.purchase.event_params DIRECT.IDENTITY
-- ga4.events.event_params -> ga4.purchase.coupon DIRECT.TRANSFORMATION [unnest]
-- ga4.events.event_params -> ga4.purchase.coupon INDIRECT.FILTER
-- ga4.events.event_params -> ga4.purchase.value DIRECT.TRANSFORMATION [unnest]
-- ga4.events.event_params -> ga4.purchase.value INDIRECT.FILTER
-- ga4.events.event_name -> ga4.purchase.event_key INDIRECT.FILTER
-- ga4.events.event_name -> ga4.purchase.event_name INDIRECT.FILTER
-- ga4.events.event_name -> ga4.purchase.event_params INDIRECT.FILTER
-- ga4.events.event_name -> ga4.purchase.coupon INDIRECT.FILTER
-- ga4.events.event_name -> ga4.purchase.value INDIRECT.FILTER

-- title: bigquery untyped UNNEST fields in a derived table whose outputs are named like the fields
-- dialect: bigquery
-- schema: {"ga4.events": {"event_key": "string", "event_params": ""}}
create table ga4.purchase_d as
select * from (
  select event_key,
         (select value.string_value from unnest(event_params) where key = 'coupon') as key,
         (select value.float_value from unnest(event_params) where key = 'value') as value
  from ga4.events
) d
-- expect:
-- ga4.events.event_key -> ga4.purchase_d.event_key DIRECT.IDENTITY
-- ga4.events.event_params -> ga4.purchase_d.key DIRECT.TRANSFORMATION [unnest]
-- ga4.events.event_params -> ga4.purchase_d.key INDIRECT.FILTER
-- ga4.events.event_params -> ga4.purchase_d.value DIRECT.TRANSFORMATION [unnest]
-- ga4.events.event_params -> ga4.purchase_d.value INDIRECT.FILTER

-- title: bigquery untyped UNNEST in a CTE body: a column of the CTE body's own source is no field
-- dialect: bigquery
-- schema: {"ga4.events": {"event_key": "string", "wanted": "string", "event_params": ""}}
create table ga4.picked as
with p as (
  select event_key,
         (select value.string_value from unnest(event_params) where key = wanted) as value
  from ga4.events
)
select * from p
-- expect:
-- ga4.events.event_key -> ga4.picked.event_key DIRECT.IDENTITY
-- ga4.events.event_params -> ga4.picked.value DIRECT.TRANSFORMATION [unnest]
-- ga4.events.event_params -> ga4.picked.value INDIRECT.FILTER
-- ga4.events.wanted -> ga4.picked.value INDIRECT.FILTER
