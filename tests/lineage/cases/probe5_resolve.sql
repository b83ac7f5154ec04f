-- Gaps found by a fifth probe: windows and set operations (see known_gaps.md).

-- title: P5-G1 chained named windows w2 inherits w's partition
-- dialect: postgres
-- schema: {"raw.tx": {"id": "int", "acct": "int", "ts": "timestamp", "amt": "numeric"}}
create table mart.roll2 as
select id, avg(amt) over w2 as mavg
from raw.tx
window w as (partition by acct), w2 as (w order by ts rows between 2 preceding and current row)
-- expect:
-- raw.tx.id -> mart.roll2.id DIRECT.IDENTITY
-- raw.tx.amt -> mart.roll2.mavg DIRECT.AGGREGATION [avg]
-- raw.tx.acct -> mart.roll2.mavg INDIRECT.WINDOW
-- raw.tx.ts -> mart.roll2.mavg INDIRECT.WINDOW

-- title: P5-G1 a named window chain three deep, used inline with a frame
-- dialect: postgres
-- schema: {"raw.tx": {"id": "int", "acct": "int", "ts": "timestamp", "amt": "numeric", "k": "int"}}
create table mart.roll3 as
select id, sum(amt) over (w3 rows between 1 preceding and current row) as s
from raw.tx
window w as (partition by acct), w2 as (w order by ts), w3 as (w2)
-- expect:
-- raw.tx.id -> mart.roll3.id DIRECT.IDENTITY
-- raw.tx.amt -> mart.roll3.s DIRECT.AGGREGATION [sum]
-- raw.tx.acct -> mart.roll3.s INDIRECT.WINDOW
-- raw.tx.ts -> mart.roll3.s INDIRECT.WINDOW

-- title: P5-G1 qualify over a chained named window filters by every key of the chain
-- dialect: duckdb
-- schema: {"raw.tx": {"id": "int", "acct": "int", "ts": "timestamp", "amt": "numeric"}}
create table mart.firsts as
select id, amt from raw.tx
window w as (partition by acct), w2 as (w order by ts)
qualify row_number() over w2 = 1
-- expect:
-- raw.tx.id -> mart.firsts.id DIRECT.IDENTITY
-- raw.tx.amt -> mart.firsts.amt DIRECT.IDENTITY
-- raw.tx.acct -> mart.firsts.id INDIRECT.FILTER
-- raw.tx.ts -> mart.firsts.id INDIRECT.FILTER
-- raw.tx.acct -> mart.firsts.amt INDIRECT.FILTER
-- raw.tx.ts -> mart.firsts.amt INDIRECT.FILTER
