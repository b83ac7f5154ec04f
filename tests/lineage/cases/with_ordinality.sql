-- title: with ordinality position carries no value, without lateral (probe 35)
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "items": "jsonb"}}
create table mart.order_items as
select o.id, ordinality - 1 as item_index, value as item
from raw.orders o cross join jsonb_array_elements(o.items) with ordinality;
-- expect:
-- raw.orders.id -> mart.order_items.id DIRECT.IDENTITY
-- raw.orders.items -> mart.order_items.item DIRECT.TRANSFORMATION [jsonb_array_elements]

-- title: with ordinality position carries no value under cross join lateral either (probe 35)
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "items": "jsonb"}}
create table mart.order_items as
select o.id, ordinality - 1 as item_index, value as item
from raw.orders o cross join lateral jsonb_array_elements(o.items) with ordinality;
-- expect:
-- raw.orders.id -> mart.order_items.id DIRECT.IDENTITY
-- raw.orders.items -> mart.order_items.item DIRECT.TRANSFORMATION [jsonb_array_elements]

-- title: with ordinality under comma lateral, its columns named by the query
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "items": "jsonb"}}
create table mart.order_items as
select o.id, e.n as item_index, e.item
from raw.orders o, lateral jsonb_array_elements(o.items) with ordinality as e(item, n);
-- expect:
-- raw.orders.id -> mart.order_items.id DIRECT.IDENTITY
-- raw.orders.items -> mart.order_items.item DIRECT.TRANSFORMATION [jsonb_array_elements]

-- title: a column list shorter than the function's renames only its first columns
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "attrs": "jsonb"}}
create table mart.order_attrs as
select o.id, e.k, e.value, e.ordinality as pos
from raw.orders o cross join jsonb_each(o.attrs) with ordinality as e(k);
create table mart.order_attrs_lateral as
select o.id, e.k, e.value, e.ordinality as pos
from raw.orders o cross join lateral jsonb_each(o.attrs) with ordinality as e(k);
-- expect:
-- raw.orders.id -> mart.order_attrs.id DIRECT.IDENTITY
-- raw.orders.attrs -> mart.order_attrs.k DIRECT.TRANSFORMATION [jsonb_each]
-- raw.orders.attrs -> mart.order_attrs.value DIRECT.TRANSFORMATION [jsonb_each]
-- raw.orders.id -> mart.order_attrs_lateral.id DIRECT.IDENTITY
-- raw.orders.attrs -> mart.order_attrs_lateral.k DIRECT.TRANSFORMATION [jsonb_each]
-- raw.orders.attrs -> mart.order_attrs_lateral.value DIRECT.TRANSFORMATION [jsonb_each]

-- title: lateral unnest with ordinality names its position as unnest without lateral does
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "skus": "text[]", "qtys": "int[]"}}
create table mart.lines as
select o.id, u.n as line_no, u.sku, u.qty
from raw.orders o cross join lateral unnest(o.skus, o.qtys) with ordinality as u(sku, qty, n);
create table mart.lines_plain as
select o.id, u.n as line_no, u.sku, u.qty
from raw.orders o cross join unnest(o.skus, o.qtys) with ordinality as u(sku, qty, n);
create table mart.skus as
select u.ordinality as line_no, u.sku
from raw.orders o cross join lateral unnest(o.skus) with ordinality as u(sku);
-- expect:
-- raw.orders.id -> mart.lines.id DIRECT.IDENTITY
-- raw.orders.skus -> mart.lines.sku DIRECT.TRANSFORMATION [unnest]
-- raw.orders.qtys -> mart.lines.qty DIRECT.TRANSFORMATION [unnest]
-- raw.orders.id -> mart.lines_plain.id DIRECT.IDENTITY
-- raw.orders.skus -> mart.lines_plain.sku DIRECT.TRANSFORMATION [unnest]
-- raw.orders.qtys -> mart.lines_plain.qty DIRECT.TRANSFORMATION [unnest]
-- raw.orders.skus -> mart.skus.sku DIRECT.TRANSFORMATION [unnest]
