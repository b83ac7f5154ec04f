-- Found while merging the eighteenth probe's fixes: an UNPIVOT of a CTE read the CTE's name
-- as a table (sqlglot names the UNPIVOT after its relation), and DuckDB's statement-form
-- UNPIVOT dropped the WITH it stood under.

-- title: an UNPIVOT (clause form) of a CTE reads the CTE's sources, not a table of its name
-- dialect: snowflake
-- schema: {"raw.b": {"id": "int", "z": "int", "w": "int"}}
create table mart.t as
with c as (select id, z, w from raw.b)
select * from c unpivot (v for n in (z, w));
-- expect:
-- raw.b.id -> mart.t.id DIRECT.IDENTITY
-- raw.b.z -> mart.t.v DIRECT.IDENTITY
-- raw.b.w -> mart.t.v DIRECT.IDENTITY

-- title: a DuckDB statement-form UNPIVOT under a WITH reads the CTE
-- dialect: duckdb
-- schema: {"raw.b": {"id": "int", "z": "int", "w": "int"}}
create table mart.t as
with c as (select id, z * 2 as z, w from raw.b)
unpivot c on z, w into name n value v;
-- expect:
-- raw.b.id -> mart.t.id DIRECT.IDENTITY
-- raw.b.z -> mart.t.v DIRECT.TRANSFORMATION
-- raw.b.w -> mart.t.v DIRECT.IDENTITY

-- title: an UNPIVOT of a table named like no CTE still reads that table
-- dialect: databricks
-- schema: {"c": {"id": "int", "z": "int", "w": "int"}}
create table mart.t as
with d as (select 1 as one)
select * from c unpivot (v for n in (z, w));
-- expect:
-- c.id -> mart.t.id DIRECT.IDENTITY
-- c.z -> mart.t.v DIRECT.IDENTITY
-- c.w -> mart.t.v DIRECT.IDENTITY
