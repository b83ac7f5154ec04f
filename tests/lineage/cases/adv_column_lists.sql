-- Adversarial cases: column lists that rename by position (CTEs, derived tables, views, inserts).

-- title: cte column list renames positionally
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
with c(uid, mail) as (select id, email from raw.users)
insert into mart.renamed
select uid, mail from c;
-- expect:
-- raw.users.id -> mart.renamed.uid DIRECT.IDENTITY
-- raw.users.email -> mart.renamed.mail DIRECT.IDENTITY

-- title: cte column list that swaps names defeats name matching
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
with c(email, id) as (select id, email from raw.users)
insert into mart.swapped (x, y)
select email, id from c;
-- expect:
-- raw.users.id -> mart.swapped.x DIRECT.IDENTITY
-- raw.users.email -> mart.swapped.y DIRECT.IDENTITY

-- title: derived table column list
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.dt_alias as
select t.x, upper(t.y) as y_uc
from (select id, email from raw.users) as t(x, y);
-- expect:
-- raw.users.id -> mart.dt_alias.x DIRECT.IDENTITY
-- raw.users.email -> mart.dt_alias.y_uc DIRECT.TRANSFORMATION [upper]

-- title: values derived table joined to a real table
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "tier": "int"}}
create table mart.tiers as
select u.id, v.label
from raw.users u
join (values (1, 'gold'), (2, 'silver')) as v(code, label) on u.tier = v.code;
-- expect:
-- raw.users.id -> mart.tiers.id DIRECT.IDENTITY
-- raw.users.tier -> mart.tiers.id INDIRECT.JOIN
-- raw.users.tier -> mart.tiers.label INDIRECT.JOIN

-- title: create view with a column list
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create view mart.v_contacts (user_id, contact) as
select id, lower(email) from raw.users;
-- expect:
-- raw.users.id -> mart.v_contacts.user_id DIRECT.IDENTITY
-- raw.users.email -> mart.v_contacts.contact DIRECT.TRANSFORMATION [lower]

-- title: insert column list in a different order than the select names
-- schema: {"raw.users": {"id": "int", "email": "text"}}
insert into mart.reordered (email, id)
select id, email from raw.users;
-- expect:
-- raw.users.id -> mart.reordered.email DIRECT.IDENTITY
-- raw.users.email -> mart.reordered.id DIRECT.IDENTITY

-- title: positional insert without column list uses the target schema
-- schema: {"raw.users": {"id": "int", "email": "text"}, "mart.contacts": {"contact_id": "int", "contact_email": "text"}}
insert into mart.contacts
select id, email from raw.users;
-- expect:
-- raw.users.id -> mart.contacts.contact_id DIRECT.IDENTITY
-- raw.users.email -> mart.contacts.contact_email DIRECT.IDENTITY

-- title: partial insert column list into a wider table
-- schema: {"raw.users": {"id": "int", "email": "text"}, "mart.contacts": {"contact_id": "int", "contact_email": "text", "source": "text"}}
insert into mart.contacts (contact_email, source)
select email, 'crm' from raw.users;
-- expect:
-- raw.users.email -> mart.contacts.contact_email DIRECT.IDENTITY

-- title: insert column list with unaliased expressions
-- dialect: mysql
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
insert into mart.keys (k, e)
select id + 1000, upper(email) from raw.users;
-- expect:
-- raw.users.id -> mart.keys.k DIRECT.TRANSFORMATION
-- raw.users.email -> mart.keys.e DIRECT.TRANSFORMATION [upper]

-- title: cte column list over a star
-- schema: {"raw.pair": {"left_v": "int", "right_v": "int"}}
with c(a, b) as (select * from raw.pair)
insert into mart.pair_ab
select b, a from c;
-- expect:
-- raw.pair.right_v -> mart.pair_ab.b DIRECT.IDENTITY
-- raw.pair.left_v -> mart.pair_ab.a DIRECT.IDENTITY

-- title: chained ctes each renaming
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text", "name": "text"}}
create table mart.chain as
with c1(k, v) as (select id, email from raw.users),
     c2(key2, val2) as (select k, v from c1 where k > 10)
select key2 as id, val2 as contact from c2;
-- expect:
-- raw.users.id -> mart.chain.id DIRECT.IDENTITY
-- raw.users.email -> mart.chain.contact DIRECT.IDENTITY
-- raw.users.id -> mart.chain.id INDIRECT.FILTER
-- raw.users.id -> mart.chain.contact INDIRECT.FILTER

-- title: insert select with cte and explicit target list larger than names
-- dialect: snowflake
-- schema: {"raw.orders": {"id": "number", "amount": "number", "fx": "number"}}
insert into mart.orders_eur (order_id, amount_eur)
with conv as (select id, amount * fx as eur from raw.orders)
select id, eur from conv;
-- expect:
-- raw.orders.id -> mart.orders_eur.order_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.orders_eur.amount_eur DIRECT.TRANSFORMATION
-- raw.orders.fx -> mart.orders_eur.amount_eur DIRECT.TRANSFORMATION
