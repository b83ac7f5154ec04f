-- title: hive lateral view explode
-- dialect: hive
-- schema: {"raw.users": {"id": "int", "tags": "array<string>"}}
insert overwrite table mart.tags select u.id, t.tag from raw.users u lateral view explode(u.tags) t as tag
-- expect:
-- raw.users.id -> mart.tags.id DIRECT.IDENTITY
-- raw.users.tags -> mart.tags.tag DIRECT.TRANSFORMATION [explode]

-- title: hive lateral view posexplode position carries no value
-- dialect: hive
-- schema: {"raw.users": {"id": "int", "tags": "array<string>"}}
insert overwrite table mart.tags select id, p.pos, p.val from raw.users lateral view posexplode(tags) p as pos, val
-- expect:
-- raw.users.id -> mart.tags.id DIRECT.IDENTITY
-- raw.users.tags -> mart.tags.val DIRECT.TRANSFORMATION [posexplode]

-- title: bigquery unnest with offset
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "tags": "array<string>"}}
create table mart.tags as select u.id, tag, pos from raw.users u, unnest(u.tags) as tag with offset as pos
-- expect:
-- raw.users.id -> mart.tags.id DIRECT.IDENTITY
-- raw.users.tags -> mart.tags.tag DIRECT.TRANSFORMATION [unnest]

-- title: postgres cross join unnest with a column alias
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "tags": "text[]"}}
create table mart.tags as select u.id, upper(t.tag) as tag from raw.users u cross join unnest(u.tags) as t(tag)
-- expect:
-- raw.users.id -> mart.tags.id DIRECT.IDENTITY
-- raw.users.tags -> mart.tags.tag DIRECT.TRANSFORMATION [unnest, upper]

-- title: snowflake lateral flatten
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "tags": "variant"}}
create table mart.tags as select u.id, f.value::string as tag, f.index as i from raw.users u, lateral flatten(input => u.tags) f
-- expect:
-- raw.users.id -> mart.tags.id DIRECT.IDENTITY
-- raw.users.tags -> mart.tags.tag DIRECT.TRANSFORMATION [explode, cast]

-- title: spark explode in the select list
-- dialect: spark
-- schema: {"raw.users": {"id": "int", "tags": "array<string>"}}
create table mart.tags as select id, explode(tags) as tag from raw.users
-- expect:
-- raw.users.id -> mart.tags.id DIRECT.IDENTITY
-- raw.users.tags -> mart.tags.tag DIRECT.TRANSFORMATION [explode]

-- title: unnest in a correlated array subquery
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "emails": "array<string>"}}
create table mart.t as select id, array(select sha256(e) from unnest(emails) as e) as hashed from raw.users
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.emails -> mart.t.hashed DIRECT.TRANSFORMATION [unnest, sha2, array]

-- title: bigquery implicit unnest of an array of structs
-- dialect: bigquery
-- schema: {"raw.orders": {"id": "int64", "items": "array<struct<sku string, qty int64>>"}}
create table mart.items as select o.id, i.sku, i.qty * 2 as double_qty from raw.orders o, o.items as i
-- expect:
-- raw.orders.id -> mart.items.id DIRECT.IDENTITY
-- raw.orders.items -> mart.items.sku DIRECT.TRANSFORMATION [unnest]
-- raw.orders.items -> mart.items.double_qty DIRECT.TRANSFORMATION [unnest]

-- title: bigquery unaliased unnest of an array of structs: its fields are columns (GA4 events)
-- dialect: bigquery
-- schema: {"raw.events": {"user_id": "string", "event_params": "array<struct<key string, value struct<string_value string, int_value int64>>>"}}
insert into mart.pages (user_id, page, views)
select
  user_id,
  (select value.string_value from unnest(event_params) where key = 'page_location') as page,
  (select value.int_value from unnest(event_params) as p where p.key = 'views') as views
from raw.events
-- expect:
-- raw.events.user_id -> mart.pages.user_id DIRECT.IDENTITY
-- raw.events.event_params -> mart.pages.page DIRECT.TRANSFORMATION [unnest]
-- raw.events.event_params -> mart.pages.page INDIRECT.FILTER
-- raw.events.event_params -> mart.pages.views DIRECT.TRANSFORMATION [unnest]
-- raw.events.event_params -> mart.pages.views INDIRECT.FILTER

-- title: bigquery unaliased unnest of structs cross joined: bare field names
-- dialect: bigquery
-- schema: {"raw.events": {"user_id": "string", "event_params": "array<struct<key string, value struct<string_value string, int_value int64>>>"}}
insert into mart.params (user_id, param, n)
select user_id, key, value.int_value from raw.events, unnest(event_params)
-- expect:
-- raw.events.user_id -> mart.params.user_id DIRECT.IDENTITY
-- raw.events.event_params -> mart.params.param DIRECT.TRANSFORMATION [unnest]
-- raw.events.event_params -> mart.params.n DIRECT.TRANSFORMATION [unnest]

-- title: hive json_tuple in a lateral view
-- dialect: hive
-- schema: {"raw.events": {"id": "int", "j": "string"}}
insert overwrite table mart.t select id, a, b from raw.events lateral view json_tuple(j, 'a', 'b') jt as a, b
-- expect:
-- raw.events.id -> mart.t.id DIRECT.IDENTITY
-- raw.events.j -> mart.t.a DIRECT.TRANSFORMATION [json_tuple]
-- raw.events.j -> mart.t.b DIRECT.TRANSFORMATION [json_tuple]

-- title: spark lateral view outer explode of a map
-- dialect: spark
-- schema: {"raw.events": {"id": "int", "attrs": "map<string,string>"}}
insert overwrite table mart.t select id, k, v from raw.events lateral view outer explode(attrs) e as k, v
-- expect:
-- raw.events.id -> mart.t.id DIRECT.IDENTITY
-- raw.events.attrs -> mart.t.k DIRECT.TRANSFORMATION [explode]
-- raw.events.attrs -> mart.t.v DIRECT.TRANSFORMATION [explode]

-- title: postgres lateral set-returning function named only by its table alias
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "tags": "text"}}
create table mart.user_tags as
select u.id, tag
from raw.users u
cross join lateral regexp_split_to_table(u.tags, ',') as tag
-- expect:
-- raw.users.id -> mart.user_tags.id DIRECT.IDENTITY
-- raw.users.tags -> mart.user_tags.tag DIRECT.TRANSFORMATION [regexp_split_to_table]

-- title: postgres lateral jsonb function read through its alias
-- dialect: postgres
-- schema: {"raw.events": {"id": "int", "payload": "jsonb"}}
create table mart.event_items as
select e.id, item.value as item
from raw.events e
cross join lateral jsonb_array_elements(e.payload) item
-- expect:
-- raw.events.id -> mart.event_items.id DIRECT.IDENTITY
-- raw.events.payload -> mart.event_items.item DIRECT.TRANSFORMATION [jsonb_array_elements]

-- title: tsql cross apply string_split
-- dialect: tsql
-- schema: {"dbo.users": {"id": "int", "tags": "nvarchar"}}
insert into dbo.user_tags (id, tag)
select u.id, s.value
from dbo.users u
cross apply string_split(u.tags, ',') s
-- expect:
-- dbo.users.id -> dbo.user_tags.id DIRECT.IDENTITY
-- dbo.users.tags -> dbo.user_tags.tag DIRECT.TRANSFORMATION [string_split]

-- title: tsql outer apply openjson with a filter on its type column
-- dialect: tsql
-- schema: {"dbo.docs": {"id": "int", "body": "nvarchar"}}
insert into dbo.doc_keys (id, k)
select d.id, o.[key]
from dbo.docs d
outer apply openjson(d.body) o
where o.type = 1
-- expect:
-- dbo.docs.id -> dbo.doc_keys.id DIRECT.IDENTITY
-- dbo.docs.body -> dbo.doc_keys.id INDIRECT.FILTER
-- dbo.docs.body -> dbo.doc_keys.k DIRECT.TRANSFORMATION [open_json]
-- dbo.docs.body -> dbo.doc_keys.k INDIRECT.FILTER

-- title: tsql cross apply of a schema-qualified table function
-- dialect: tsql
-- schema: {"raw.posts": {"id": "int", "tags": "varchar"}}
insert into mart.post_tags (id, tag)
select p.id, s.value from raw.posts p cross apply dbo.fn_split(p.tags, ',') s
-- expect:
-- raw.posts.id -> mart.post_tags.id DIRECT.IDENTITY
-- raw.posts.tags -> mart.post_tags.tag DIRECT.TRANSFORMATION [fn_split]

-- title: spark stack: each value goes to its own column, the labels to none
-- dialect: spark
-- schema: {"raw.t": {"id": "int", "a": "int", "b": "int"}}
insert into mart.s select id, stack(2, 'a', a, 'b', b) as (k, v) from raw.t
-- expect:
-- raw.t.id -> mart.s.id DIRECT.IDENTITY
-- raw.t.a -> mart.s.v DIRECT.IDENTITY
-- raw.t.b -> mart.s.v DIRECT.IDENTITY

-- title: hive lateral view stack
-- dialect: hive
-- schema: {"raw.t": {"id": "int", "a": "int", "b": "int"}}
insert into table mart.u select id, k, v from raw.t lateral view stack(2, 'a', a * 2, 'b', b) s as k, v
-- expect:
-- raw.t.id -> mart.u.id DIRECT.IDENTITY
-- raw.t.a -> mart.u.v DIRECT.TRANSFORMATION
-- raw.t.b -> mart.u.v DIRECT.IDENTITY
