-- title: spark pivot is a conditional aggregation grouped by the other columns
-- dialect: spark
-- schema: {"raw.s": {"id": "int", "k": "string", "v": "int"}}
create table mart.t as select * from raw.s pivot (sum(v) for k in ('a' as a, 'b' as b))
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.a DIRECT.AGGREGATION [sum]
-- raw.s.v -> mart.t.b DIRECT.AGGREGATION [sum]
-- raw.s.k -> mart.t.a INDIRECT.CONDITIONAL
-- raw.s.k -> mart.t.b INDIRECT.CONDITIONAL
-- raw.s.id -> mart.t.id INDIRECT.GROUP_BY
-- raw.s.id -> mart.t.a INDIRECT.GROUP_BY
-- raw.s.id -> mart.t.b INDIRECT.GROUP_BY

-- title: snowflake unpivot copies the listed columns into the value column
-- dialect: snowflake
-- schema: {"raw.q": {"id": "number", "q1": "number", "q2": "number"}}
create table mart.t as select id, quarter, amount from raw.q unpivot (amount for quarter in (q1, q2))
-- expect:
-- raw.q.id -> mart.t.id DIRECT.IDENTITY
-- raw.q.q1 -> mart.t.amount DIRECT.IDENTITY
-- raw.q.q2 -> mart.t.amount DIRECT.IDENTITY

-- title: duckdb pivot over a derived table selecting one pivoted column
-- dialect: duckdb
-- schema: {"raw.s": {"id": "int", "k": "text", "v": "int"}}
create table mart.t as
select id, a_total from (select id, k, v from raw.s) pivot (sum(v) as total for k in ('a' as a, 'b' as b))
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.a_total DIRECT.AGGREGATION [sum]
-- raw.s.k -> mart.t.a_total INDIRECT.CONDITIONAL
-- raw.s.id -> mart.t.id INDIRECT.GROUP_BY
-- raw.s.id -> mart.t.a_total INDIRECT.GROUP_BY

-- title: duckdb unpivot on columns(* exclude ...): the excluded column is kept, the rest unpivoted
-- dialect: duckdb
-- schema: {"raw.m": {"id": "int", "jan": "int", "feb": "int", "mar": "int"}}
create table mart.long as select * from (unpivot raw.m on columns(* exclude (id)) into name month value amount)
-- expect:
-- raw.m.id -> mart.long.id DIRECT.IDENTITY
-- raw.m.jan -> mart.long.amount DIRECT.IDENTITY
-- raw.m.feb -> mart.long.amount DIRECT.IDENTITY
-- raw.m.mar -> mart.long.amount DIRECT.IDENTITY
