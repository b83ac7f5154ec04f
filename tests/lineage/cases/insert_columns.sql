-- title: column list reorders targets
-- dialect: postgres
-- schema: {"raw.s": {"x": "int", "y": "text"}, "stg.t": {"a": "text", "b": "int"}}
insert into stg.t (b, a) select x, y from raw.s
-- expect:
-- raw.s.x -> stg.t.b DIRECT.IDENTITY
-- raw.s.y -> stg.t.a DIRECT.IDENTITY

-- title: without a list outputs map positionally to the target schema
-- dialect: postgres
-- schema: {"raw.s": {"x": "int", "y": "text"}, "stg.t": {"a": "int", "b": "text"}}
insert into stg.t select x, y from raw.s
-- expect:
-- raw.s.x -> stg.t.a DIRECT.IDENTITY
-- raw.s.y -> stg.t.b DIRECT.IDENTITY

-- title: without a list and an unknown target the projection names are used
-- dialect: postgres
-- schema: {"raw.s": {"x": "int", "y": "text"}}
insert into stg.t select x, y as z from raw.s
-- expect:
-- raw.s.x -> stg.t.x DIRECT.IDENTITY
-- raw.s.y -> stg.t.z DIRECT.IDENTITY

-- title: insert values has no column lineage
-- dialect: postgres
insert into stg.t (a, b) values (1, 'x')
-- expect:

-- title: postgres WITH before INSERT
-- dialect: postgres
-- schema: {"raw.s": {"x": "int", "y": "int"}}
with c as (select x from raw.s where y > 0)
insert into stg.t (a) select x from c
-- expect:
-- raw.s.x -> stg.t.a DIRECT.IDENTITY
-- raw.s.y -> stg.t.a INDIRECT.FILTER

-- title: tsql CTE inside INSERT
-- dialect: tsql
-- schema: {"raw.s": {"x": "int", "y": "int"}}
insert into stg.t (a, b) with c as (select x, y * 2 as y2 from raw.s) select x, y2 from c
-- expect:
-- raw.s.x -> stg.t.a DIRECT.IDENTITY
-- raw.s.y -> stg.t.b DIRECT.TRANSFORMATION

-- title: star insert maps positionally to a known target
-- dialect: duckdb
-- schema: {"raw.s": {"x": "int", "y": "text"}, "stg.t": {"a": "int", "b": "text"}}
insert into stg.t select * from raw.s
-- expect:
-- raw.s.x -> stg.t.a DIRECT.IDENTITY
-- raw.s.y -> stg.t.b DIRECT.IDENTITY

-- title: insert into its own source table
-- dialect: postgres
-- schema: {"stg.t": {"a": "int", "b": "text"}}
insert into stg.t select a + 100, b from stg.t where a < 0
-- expect:
-- stg.t.a -> stg.t.a DIRECT.TRANSFORMATION
-- stg.t.b -> stg.t.b DIRECT.IDENTITY
-- stg.t.a -> stg.t.a INDIRECT.FILTER
-- stg.t.a -> stg.t.b INDIRECT.FILTER
