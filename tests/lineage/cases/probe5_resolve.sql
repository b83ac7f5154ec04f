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

-- title: P5-G2 duckdb union all by name keeps a column only the second branch has
-- dialect: duckdb
-- schema: {"raw.a": {"id": "int", "x": "int"}, "raw.b": {"x": "int", "id": "int", "y": "int"}}
create table mart.u as
select id, x from raw.a union all by name select x, id, y from raw.b
-- expect:
-- raw.a.id -> mart.u.id DIRECT.IDENTITY
-- raw.a.x -> mart.u.x DIRECT.IDENTITY
-- raw.b.id -> mart.u.id DIRECT.IDENTITY
-- raw.b.x -> mart.u.x DIRECT.IDENTITY
-- raw.b.y -> mart.u.y DIRECT.IDENTITY

-- title: P5-G2 duckdb union by name through a cte exposes the second branch's column
-- dialect: duckdb
-- schema: {"raw.a": {"id": "int", "x": "int"}, "raw.b": {"x": "int", "id": "int", "y": "int"}}
create table mart.u as
with u as (select id, x from raw.a union all by name select x, id, y from raw.b)
select id, y from u
-- expect:
-- raw.a.id -> mart.u.id DIRECT.IDENTITY
-- raw.b.id -> mart.u.id DIRECT.IDENTITY
-- raw.b.y -> mart.u.y DIRECT.IDENTITY

-- title: P5-G2 a chain of union by name over stars gathers every branch's columns
-- dialect: duckdb
-- schema: {"raw.a": {"id": "int", "x": "int"}, "raw.b": {"x": "int", "id": "int", "y": "int"}, "raw.c": {"z": "int", "id": "int"}}
create table mart.u as
select * from raw.a union all by name select * from raw.b union by name select * from raw.c
-- expect:
-- raw.a.id -> mart.u.id DIRECT.IDENTITY
-- raw.b.id -> mart.u.id DIRECT.IDENTITY
-- raw.c.id -> mart.u.id DIRECT.IDENTITY
-- raw.a.x -> mart.u.x DIRECT.IDENTITY
-- raw.b.x -> mart.u.x DIRECT.IDENTITY
-- raw.b.y -> mart.u.y DIRECT.IDENTITY
-- raw.c.z -> mart.u.z DIRECT.IDENTITY

-- title: P5-G2 bigquery full / left / inner union all by name
-- dialect: bigquery
-- schema: {"raw.a": {"id": "int64", "x": "int64"}, "raw.b": {"x": "int64", "id": "int64", "y": "int64"}}
create table mart.f as select * from raw.a full union all by name select * from raw.b;
create table mart.l as select * from raw.b left union all by name select * from raw.a;
create table mart.i as select * from raw.b inner union all by name select * from raw.a
-- expect:
-- raw.a.id -> mart.f.id DIRECT.IDENTITY
-- raw.b.id -> mart.f.id DIRECT.IDENTITY
-- raw.a.x -> mart.f.x DIRECT.IDENTITY
-- raw.b.x -> mart.f.x DIRECT.IDENTITY
-- raw.b.y -> mart.f.y DIRECT.IDENTITY
-- raw.a.id -> mart.l.id DIRECT.IDENTITY
-- raw.b.id -> mart.l.id DIRECT.IDENTITY
-- raw.a.x -> mart.l.x DIRECT.IDENTITY
-- raw.b.x -> mart.l.x DIRECT.IDENTITY
-- raw.b.y -> mart.l.y DIRECT.IDENTITY
-- raw.a.id -> mart.i.id DIRECT.IDENTITY
-- raw.b.id -> mart.i.id DIRECT.IDENTITY
-- raw.a.x -> mart.i.x DIRECT.IDENTITY
-- raw.b.x -> mart.i.x DIRECT.IDENTITY
