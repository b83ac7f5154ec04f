-- Found by probe 24 on real BigQuery GA4 SQL: a correlated subquery's `FROM alias.array` is an
-- implicit UNNEST of the enclosing row's array (not a table `alias.array`), and the untyped
-- UNNEST fields of a CTE body or derived table are not hidden by their own output names.

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

-- title: bigquery correlated subquery FROM e.event_params p: an implicit UNNEST of the outer row's array
-- dialect: bigquery
-- schema: {"ga4.events": {"id": "int", "event_params": ""}}
create table ga4.sessions as
select id,
       (select p.value.int_value from e.event_params p where p.key = 'ga_session_id') as session_id
from ga4.events e
-- expect:
-- ga4.events.id -> ga4.sessions.id DIRECT.IDENTITY @2
-- ga4.events.event_params -> ga4.sessions.session_id DIRECT.TRANSFORMATION [unnest] @3
-- ga4.events.event_params -> ga4.sessions.session_id INDIRECT.FILTER @3

-- title: bigquery correlated subquery FROM bge.event_params, unaliased, bare value.int_value and key (GA4)
-- dialect: bigquery
-- schema: {"ga4.events": {"user_pseudo_id": "string", "event_name": "string", "event_params": ""}}
create table ga4.funnel as
select user_pseudo_id,
       (select value.int_value from bge.event_params where key = 'ga_session_id') as session_id
from ga4.events bge
where event_name = 'purchase'
-- expect:
-- ga4.events.user_pseudo_id -> ga4.funnel.user_pseudo_id DIRECT.IDENTITY
-- ga4.events.event_params -> ga4.funnel.session_id DIRECT.TRANSFORMATION [unnest]
-- ga4.events.event_params -> ga4.funnel.session_id INDIRECT.FILTER
-- ga4.events.event_name -> ga4.funnel.user_pseudo_id INDIRECT.FILTER
-- ga4.events.event_name -> ga4.funnel.session_id INDIRECT.FILTER

-- title: bigquery correlated subquery FROM <unaliased table name>.array: the table's name is its range variable
-- dialect: bigquery
-- schema: {"ga4.events": {"id": "int", "event_params": ""}}
create table ga4.pages as
select id,
       (select value.string_value from events.event_params where key = 'page_location') as page
from ga4.events
-- expect:
-- ga4.events.id -> ga4.pages.id DIRECT.IDENTITY
-- ga4.events.event_params -> ga4.pages.page DIRECT.TRANSFORMATION [unnest]
-- ga4.events.event_params -> ga4.pages.page INDIRECT.FILTER

-- title: bigquery EXISTS over the outer row's array (FROM e.event_params p)
-- dialect: bigquery
-- schema: {"ga4.events": {"id": "int", "event_params": ""}}
create table ga4.with_coupon as
select e.id
from ga4.events e
where exists (select 1 from e.event_params p where p.key = 'coupon' and p.value.string_value is not null)
-- expect:
-- ga4.events.id -> ga4.with_coupon.id DIRECT.IDENTITY
-- ga4.events.event_params -> ga4.with_coupon.id INDIRECT.FILTER

-- title: bigquery IN over the outer row's array, unaliased (FROM e.event_params, bare key)
-- dialect: bigquery
-- schema: {"ga4.events": {"id": "int", "event_params": ""}}
create table ga4.promo as
select id
from ga4.events e
where 'promo' in (select value.string_value from e.event_params where key = 'campaign')
-- expect:
-- ga4.events.id -> ga4.promo.id DIRECT.IDENTITY
-- ga4.events.event_params -> ga4.promo.id INDIRECT.FILTER

-- title: bigquery FROM alias.x that the catalog knows as a dataset.table stays that table
-- dialect: bigquery
-- schema: {"ga4.events": {"id": "int", "event_params": ""}, "ga4.users": {"id": "int", "email": "string"}}
create table ga4.known as
select id, (select max(u.email) from ga4.users u where u.id = ga4.id) as email
from ga4.events ga4
-- expect:
-- ga4.events.id -> ga4.known.id DIRECT.IDENTITY
-- ga4.users.email -> ga4.known.email DIRECT.AGGREGATION [max]
-- ga4.users.id -> ga4.known.email INDIRECT.FILTER
-- ga4.events.id -> ga4.known.email INDIRECT.FILTER

-- title: bigquery correlated FROM e.event_params inside a CTE body: e is the CTE body's own range variable
-- dialect: bigquery
-- schema: {"ga4.events": {"event_key": "string", "event_params": ""}}
create table ga4.coupons as
with p as (
  select e.event_key,
         (select q.value.string_value from e.event_params q where q.key = 'coupon') as coupon
  from ga4.events e
)
select * from p
-- expect:
-- ga4.events.event_key -> ga4.coupons.event_key DIRECT.IDENTITY
-- ga4.events.event_params -> ga4.coupons.coupon DIRECT.TRANSFORMATION [unnest]
-- ga4.events.event_params -> ga4.coupons.coupon INDIRECT.FILTER

-- title: postgres FROM alias.t in a correlated subquery is the table schema.t (no implicit unnest)
-- dialect: postgres
-- schema: {"s.u": {"id": "int"}, "e.t": {"x": "int"}}
create table out_t as
select id, (select max(x) from e.t) as m
from s.u e
-- expect:
-- s.u.id -> out_t.id DIRECT.IDENTITY
-- e.t.x -> out_t.m DIRECT.AGGREGATION [max]

-- title: bigquery FROM e.event_params two subqueries deep: e is the outermost query's range variable
-- dialect: bigquery
-- schema: {"ga4.events": {"id": "int", "event_params": ""}, "ga4.keys": {"k": "string"}}
create table ga4.nested as
select id,
       (select (select max(value.int_value) from e.event_params where key = o.k)
        from ga4.keys o limit 1) as v
from ga4.events e
-- expect:
-- ga4.events.id -> ga4.nested.id DIRECT.IDENTITY
-- ga4.events.event_params -> ga4.nested.v DIRECT.AGGREGATION [unnest, max]
-- ga4.events.event_params -> ga4.nested.v INDIRECT.FILTER
-- ga4.keys.k -> ga4.nested.v INDIRECT.FILTER

-- title: bigquery UPDATE's target alias is a range variable of a subquery in its SET
-- dialect: bigquery
-- schema: {"ga4.events": {"id": "int", "session_id": "int", "event_params": ""}}
update ga4.events e
set session_id = (select value.int_value from e.event_params where key = 'ga_session_id')
where true
-- expect:
-- ga4.events.event_params -> ga4.events.session_id DIRECT.TRANSFORMATION [unnest]
-- ga4.events.event_params -> ga4.events.session_id INDIRECT.FILTER
