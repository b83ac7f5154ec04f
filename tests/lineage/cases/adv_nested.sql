-- Adversarial cases: arrays, structs, JSON, unnesting and lambdas.

-- title: bigquery unnest in a comma join
-- dialect: bigquery
-- schema: {"raw.users": {"id": "INT64", "tags": "ARRAY<STRING>"}}
create table mart.user_tags as
select u.id, tag
from raw.users u, unnest(u.tags) as tag;
-- expect:
-- raw.users.id -> mart.user_tags.id DIRECT.IDENTITY
-- raw.users.tags -> mart.user_tags.tag DIRECT.TRANSFORMATION [unnest]

-- title: postgres unnest in the select list
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "phones": "text[]"}}
create table mart.user_phones as
select id, unnest(phones) as phone from raw.users;
-- expect:
-- raw.users.id -> mart.user_phones.id DIRECT.IDENTITY
-- raw.users.phones -> mart.user_phones.phone DIRECT.TRANSFORMATION [explode]

-- title: spark lateral view explode
-- dialect: spark
-- schema: {"raw.users": {"id": "int", "emails": "array<string>"}}
insert overwrite table mart.user_emails
select u.id, e.addr
from raw.users u
lateral view explode(u.emails) e as addr;
-- expect:
-- raw.users.id -> mart.user_emails.id DIRECT.IDENTITY
-- raw.users.emails -> mart.user_emails.addr DIRECT.TRANSFORMATION [explode]

-- title: hive lateral view posexplode value column
-- dialect: hive
-- schema: {"raw.carts": {"id": "int", "items": "array<string>"}}
insert into table mart.cart_items
select id, item
from raw.carts
lateral view posexplode(items) x as pos, item;
-- expect:
-- raw.carts.id -> mart.cart_items.id DIRECT.IDENTITY
-- raw.carts.items -> mart.cart_items.item DIRECT.TRANSFORMATION [posexplode]

-- title: hive lateral view outer explode of a map gives key and value
-- dialect: hive
-- schema: {"raw.profiles": {"id": "int", "attrs": "map<string,string>"}}
insert into table mart.profile_attrs
select id, k, v
from raw.profiles
lateral view outer explode(attrs) m as k, v;
-- expect:
-- raw.profiles.id -> mart.profile_attrs.id DIRECT.IDENTITY
-- raw.profiles.attrs -> mart.profile_attrs.k DIRECT.TRANSFORMATION [explode]
-- raw.profiles.attrs -> mart.profile_attrs.v DIRECT.TRANSFORMATION [explode]

-- title: snowflake lateral flatten value
-- dialect: snowflake
-- schema: {"raw.orders": {"id": "number", "lines": "variant"}}
create table mart.order_lines as
select o.id, f.value as line
from raw.orders o, lateral flatten(input => o.lines) f;
-- expect:
-- raw.orders.id -> mart.order_lines.id DIRECT.IDENTITY
-- raw.orders.lines -> mart.order_lines.line DIRECT.TRANSFORMATION [explode]

-- title: snowflake variant path with cast
-- dialect: snowflake
-- schema: {"raw.events": {"id": "number", "payload": "variant"}}
create table mart.event_emails as
select id, payload:user.email::string as email
from raw.events;
-- expect:
-- raw.events.id -> mart.event_emails.id DIRECT.IDENTITY
-- raw.events.payload -> mart.event_emails.email DIRECT.TRANSFORMATION [json_extract, cast]

-- title: bigquery struct field access
-- dialect: bigquery
-- schema: {"raw.users": {"id": "INT64", "address": "STRUCT<city STRING, zip STRING>"}}
create table mart.user_cities as
select u.id, u.address.city as city
from raw.users u;
-- expect:
-- raw.users.id -> mart.user_cities.id DIRECT.IDENTITY
-- raw.users.address -> mart.user_cities.city DIRECT.TRANSFORMATION

-- title: spark map subscript
-- dialect: spark
-- schema: {"raw.profiles": {"id": "int", "attrs": "map<string,string>"}}
create table mart.profile_emails as
select id, attrs['email'] as email
from raw.profiles;
-- expect:
-- raw.profiles.id -> mart.profile_emails.id DIRECT.IDENTITY
-- raw.profiles.attrs -> mart.profile_emails.email DIRECT.TRANSFORMATION

-- title: postgres json arrow operators
-- dialect: postgres
-- schema: {"raw.events": {"id": "int", "payload": "jsonb"}}
create table mart.event_users as
select id, payload ->> 'email' as email
from raw.events
where payload ->> 'kind' = 'signup';
-- expect:
-- raw.events.id -> mart.event_users.id DIRECT.IDENTITY
-- raw.events.payload -> mart.event_users.email DIRECT.TRANSFORMATION [json_extract_scalar]
-- raw.events.payload -> mart.event_users.id INDIRECT.FILTER
-- raw.events.payload -> mart.event_users.email INDIRECT.FILTER

-- title: mysql json_extract with json_unquote
-- dialect: mysql
-- schema: {"raw.docs": {"id": "int", "doc": "json"}}
insert into mart.doc_emails (id, email)
select id, json_unquote(json_extract(doc, '$.email')) from raw.docs;
-- expect:
-- raw.docs.id -> mart.doc_emails.id DIRECT.IDENTITY
-- raw.docs.doc -> mart.doc_emails.email DIRECT.TRANSFORMATION [json_extract, json_unquote]

-- title: bigquery json_value
-- dialect: bigquery
-- schema: {"raw.events": {"id": "INT64", "payload": "JSON"}}
create table mart.json_emails as
select id, json_value(payload, '$.email') as email
from raw.events;
-- expect:
-- raw.events.id -> mart.json_emails.id DIRECT.IDENTITY
-- raw.events.payload -> mart.json_emails.email DIRECT.TRANSFORMATION [json_extract_scalar]

-- title: bigquery struct and array construction
-- dialect: bigquery
-- schema: {"raw.users": {"id": "INT64", "email": "STRING", "name": "STRING", "backup_email": "STRING"}}
create table mart.packed as
select id,
       struct(email as e, name as n) as contact,
       [email, backup_email] as emails
from raw.users;
-- expect:
-- raw.users.id -> mart.packed.id DIRECT.IDENTITY
-- raw.users.email -> mart.packed.contact DIRECT.TRANSFORMATION [struct]
-- raw.users.name -> mart.packed.contact DIRECT.TRANSFORMATION [struct]
-- raw.users.email -> mart.packed.emails DIRECT.TRANSFORMATION [array]
-- raw.users.backup_email -> mart.packed.emails DIRECT.TRANSFORMATION [array]

-- title: spark named_struct and map construction
-- dialect: spark
-- schema: {"raw.users": {"id": "int", "email": "string", "phone": "string"}}
create table mart.bundles as
select id, named_struct('e', email) as s, map('phone', phone) as m
from raw.users;
-- expect:
-- raw.users.id -> mart.bundles.id DIRECT.IDENTITY
-- raw.users.email -> mart.bundles.s DIRECT.TRANSFORMATION [struct]
-- raw.users.phone -> mart.bundles.m DIRECT.TRANSFORMATION [array, var_map]

-- title: spark transform lambda variable is not a table column
-- dialect: spark
-- schema: {"raw.profiles": {"id": "int", "emails": "array<string>", "x": "string"}}
create table mart.emails_uc as
select id, transform(emails, x -> upper(x)) as emails_uc
from raw.profiles;
-- expect:
-- raw.profiles.id -> mart.emails_uc.id DIRECT.IDENTITY
-- raw.profiles.emails -> mart.emails_uc.emails_uc DIRECT.TRANSFORMATION [upper, transform]

-- title: spark filter lambda keeps the array as the value and decides by it
-- dialect: spark
-- schema: {"raw.players": {"id": "int", "scores": "array<int>", "s": "int"}}
create table mart.high_scores as
select id, filter(scores, s -> s > 50) as high
from raw.players;
-- expect:
-- raw.players.id -> mart.high_scores.id DIRECT.IDENTITY
-- raw.players.scores -> mart.high_scores.high DIRECT.TRANSFORMATION [filter]
-- raw.players.scores -> mart.high_scores.high INDIRECT.CONDITIONAL

-- title: duckdb list lambda and struct literal
-- dialect: duckdb
-- schema: {"raw.users": {"id": "int", "tags": "varchar[]", "email": "varchar", "t": "varchar"}}
create table mart.duck_nested as
select id, list_transform(tags, t -> lower(t)) as tags_lc, {'mail': email} as contact
from raw.users;
-- expect:
-- raw.users.id -> mart.duck_nested.id DIRECT.IDENTITY
-- raw.users.tags -> mart.duck_nested.tags_lc DIRECT.TRANSFORMATION [lower, transform]
-- raw.users.email -> mart.duck_nested.contact DIRECT.TRANSFORMATION [struct]

-- title: bigquery correlated subquery over unnest of an outer column
-- dialect: bigquery
-- schema: {"raw.users": {"id": "INT64", "tags": "ARRAY<STRING>"}}
create table mart.tag_lists as
select u.id, (select string_agg(t, ',') from unnest(u.tags) as t) as tag_list
from raw.users u;
-- expect:
-- raw.users.id -> mart.tag_lists.id DIRECT.IDENTITY
-- raw.users.tags -> mart.tag_lists.tag_list DIRECT.AGGREGATION [unnest, group_concat]

-- title: postgres cross join lateral unnest with alias column list
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "emails": "text[]"}}
create table mart.user_email_rows as
select u.id, e.addr
from raw.users u
cross join lateral unnest(u.emails) as e(addr);
-- expect:
-- raw.users.id -> mart.user_email_rows.id DIRECT.IDENTITY
-- raw.users.emails -> mart.user_email_rows.addr DIRECT.TRANSFORMATION [unnest]
