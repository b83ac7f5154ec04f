-- title: row_number partition and order are window edges
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "country": "text", "created_at": "timestamp"}}
create table mart.t as
select id, row_number() over (partition by country order by created_at desc) as rn from raw.users
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.country -> mart.t.rn INDIRECT.WINDOW
-- raw.users.created_at -> mart.t.rn INDIRECT.WINDOW

-- title: windowed sum is an aggregation
-- dialect: postgres
-- schema: {"raw.orders": {"order_id": "int", "user_id": "int", "amount": "numeric"}}
create table mart.t as
select order_id, sum(amount) over (partition by user_id) as user_total from raw.orders
-- expect:
-- raw.orders.order_id -> mart.t.order_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.user_total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.t.user_total INDIRECT.WINDOW

-- title: lag returns a value of another row
-- dialect: spark
-- schema: {"raw.orders": {"order_id": "int", "user_id": "int", "amount": "double"}}
create table mart.t as
select order_id, lag(amount) over (partition by user_id order by order_id) as prev_amount from raw.orders
-- expect:
-- raw.orders.order_id -> mart.t.order_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.prev_amount DIRECT.TRANSFORMATION [lag]
-- raw.orders.user_id -> mart.t.prev_amount INDIRECT.WINDOW
-- raw.orders.order_id -> mart.t.prev_amount INDIRECT.WINDOW

-- title: QUALIFY filters every target
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}}
create table mart.t as
select id, email from raw.users
qualify row_number() over (partition by email order by id) = 1
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.users.email -> mart.t.id INDIRECT.FILTER
-- raw.users.email -> mart.t.email INDIRECT.FILTER
-- raw.users.id -> mart.t.id INDIRECT.FILTER
-- raw.users.id -> mart.t.email INDIRECT.FILTER

-- title: QUALIFY on a window alias
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "email": "string"}}
create table mart.t as
select id, row_number() over (partition by email order by id) as rn from raw.users
qualify rn = 1
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.rn INDIRECT.WINDOW
-- raw.users.id -> mart.t.rn INDIRECT.WINDOW
-- raw.users.email -> mart.t.id INDIRECT.FILTER
-- raw.users.email -> mart.t.rn INDIRECT.FILTER
-- raw.users.id -> mart.t.id INDIRECT.FILTER
-- raw.users.id -> mart.t.rn INDIRECT.FILTER

-- title: dedup in a CTE with row_number then filter outside
-- dialect: duckdb
-- schema: {"raw.events": {"user_id": "int", "ts": "timestamp", "payload": "text"}}
create table mart.latest as
with ranked as (
  select user_id, payload, row_number() over (partition by user_id order by ts desc) as rn
  from raw.events
)
select user_id, payload from ranked where rn = 1
-- expect:
-- raw.events.user_id -> mart.latest.user_id DIRECT.IDENTITY
-- raw.events.payload -> mart.latest.payload DIRECT.IDENTITY
-- raw.events.user_id -> mart.latest.user_id INDIRECT.FILTER
-- raw.events.user_id -> mart.latest.payload INDIRECT.FILTER
-- raw.events.ts -> mart.latest.user_id INDIRECT.FILTER
-- raw.events.ts -> mart.latest.payload INDIRECT.FILTER

-- title: named window definition
-- dialect: postgres
-- schema: {"raw.orders": {"user_id": "int", "order_id": "int", "amount": "numeric"}}
create table mart.t as
select order_id, sum(amount) over w as running
from raw.orders
window w as (partition by user_id order by order_id)
-- expect:
-- raw.orders.order_id -> mart.t.order_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.running DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.t.running INDIRECT.WINDOW
-- raw.orders.order_id -> mart.t.running INDIRECT.WINDOW

-- title: named window used only in QUALIFY filters every row by its keys
-- dialect: duckdb
-- schema: {"raw.events": {"user_id": "int", "ts": "timestamp", "payload": "varchar"}}
create table mart.latest as
select payload
from raw.events
window w as (partition by user_id order by ts desc)
qualify row_number() over w = 1
-- expect:
-- raw.events.payload -> mart.latest.payload DIRECT.IDENTITY
-- raw.events.user_id -> mart.latest.payload INDIRECT.FILTER
-- raw.events.ts -> mart.latest.payload INDIRECT.FILTER

-- title: named window in ORDER BY sorts by its partition and order keys too
-- dialect: bigquery
-- schema: {"raw.orders": {"user_id": "int64", "order_id": "int64", "amount": "numeric"}}
create table mart.t as
select order_id
from raw.orders
window w as (partition by user_id order by order_id)
order by sum(amount) over w
-- expect:
-- raw.orders.order_id -> mart.t.order_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.t.order_id INDIRECT.SORT
-- raw.orders.user_id -> mart.t.order_id INDIRECT.SORT
-- raw.orders.order_id -> mart.t.order_id INDIRECT.SORT
