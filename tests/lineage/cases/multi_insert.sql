-- title: hive multi-insert from one source
-- dialect: hive
-- schema: {"raw.events": {"user_id": "int", "kind": "string", "amount": "double"}}
from raw.events e
insert overwrite table mart.clicks select e.user_id where e.kind = 'click'
insert overwrite table mart.sales select e.user_id, e.amount where e.kind = 'sale'
-- expect:
-- raw.events.user_id -> mart.clicks.user_id DIRECT.IDENTITY
-- raw.events.kind -> mart.clicks.user_id INDIRECT.FILTER
-- raw.events.user_id -> mart.sales.user_id DIRECT.IDENTITY
-- raw.events.amount -> mart.sales.amount DIRECT.IDENTITY
-- raw.events.kind -> mart.sales.user_id INDIRECT.FILTER
-- raw.events.kind -> mart.sales.amount INDIRECT.FILTER

-- title: snowflake INSERT ALL with values per target
-- dialect: snowflake
-- schema: {"raw.s": {"x": "number", "y": "varchar"}}
insert all
  into mart.t1 (a) values (x)
  into mart.t2 (b, c) values (y, x)
select x, upper(y) as y from raw.s
-- expect:
-- raw.s.x -> mart.t1.a DIRECT.IDENTITY
-- raw.s.y -> mart.t2.b DIRECT.TRANSFORMATION [upper]
-- raw.s.x -> mart.t2.c DIRECT.IDENTITY

-- title: snowflake INSERT FIRST conditions filter later branches too
-- dialect: snowflake
-- schema: {"raw.s": {"x": "number", "y": "varchar"}}
insert first
  when x > 10 then into mart.big (v) values (y)
  else into mart.small (v) values (y)
select x, y from raw.s
-- expect:
-- raw.s.y -> mart.big.v DIRECT.IDENTITY
-- raw.s.x -> mart.big.v INDIRECT.FILTER
-- raw.s.y -> mart.small.v DIRECT.IDENTITY
-- raw.s.x -> mart.small.v INDIRECT.FILTER
