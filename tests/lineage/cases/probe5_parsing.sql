-- Gaps found by a fifth probe: clauses sqlglot cannot parse (see known_gaps.md).

-- title: P5-G6 databricks merge with schema evolution
-- dialect: databricks
-- schema: {"raw.u": {"email": "string", "id": "int"}, "dw.u": {"id": "int", "email": "string"}}
merge with schema evolution into dw.u t using raw.u s on t.id = s.id
when matched then update set *
when not matched then insert *
-- expect:
-- raw.u.email -> dw.u.email DIRECT.IDENTITY
-- raw.u.id -> dw.u.id DIRECT.IDENTITY
-- raw.u.id -> dw.u.email INDIRECT.JOIN
-- raw.u.id -> dw.u.id INDIRECT.JOIN
-- dw.u.id -> dw.u.email INDIRECT.JOIN
-- dw.u.id -> dw.u.id INDIRECT.JOIN

-- title: P5-G10 mysql update low_priority ignore
-- dialect: mysql
-- schema: {"db.t": {"id": "int", "a": "int", "b": "int"}}
update low_priority ignore db.t set a = b * 2 where id > 5
-- expect:
-- db.t.b -> db.t.a DIRECT.TRANSFORMATION
-- db.t.id -> db.t.a INDIRECT.FILTER

-- title: P5-G10 mysql insert modifiers and a table named like one (quick is no reserved word)
-- dialect: mysql
-- schema: {"db.s": {"id": "int", "a": "int"}, "db.quick": {"id": "int", "a": "int"}}
insert low_priority ignore into db.t (id, a) select id, a from db.s;
update db.quick set a = 1 where id = 2
-- expect:
-- db.s.id -> db.t.id DIRECT.IDENTITY
-- db.s.a -> db.t.a DIRECT.IDENTITY
-- db.quick.id -> db.quick.a INDIRECT.FILTER

-- title: P5-G10 sqlite update or replace
-- dialect: sqlite
-- schema: {"t": {"id": "integer", "a": "integer"}, "s": {"a": "integer"}}
update or replace t set a = (select max(a) from s)
-- expect:
-- s.a -> t.a DIRECT.AGGREGATION [max]

-- title: P5-G7 databricks dlt streaming table with expectation constraint
-- dialect: databricks
-- schema: {"bronze": {"id": "bigint", "v": "string"}}
create or refresh streaming table silver (constraint valid_id expect (id is not null) on violation drop row)
as select id, upper(v) as v from stream(live.bronze)
-- expect:
-- bronze.id -> silver.id DIRECT.IDENTITY
-- bronze.v -> silver.v DIRECT.TRANSFORMATION [upper]

-- title: P5-G7 dlt expectations between typed columns keep the column list
-- dialect: databricks
-- schema: {"bronze": {"id": "bigint", "v": "string"}}
create or refresh streaming table silver (
  constraint a expect (id > 0),
  id bigint comment 'key',
  constraint b expect (v is not null) on violation fail update,
  v string,
  constraint c expect (length(v) < 10) on violation drop row
) as select id, v from stream(live.bronze)
-- expect:
-- bronze.id -> silver.id DIRECT.IDENTITY
-- bronze.v -> silver.v DIRECT.IDENTITY

-- title: P5-G7 dlt materialized view with only expectations
-- dialect: databricks
-- schema: {"bronze": {"id": "bigint", "v": "string"}}
create or refresh materialized view gold (
  constraint a expect (id > 0) on violation drop row, constraint b expect (v is not null)
) as select id, v from live.bronze
-- expect:
-- bronze.id -> gold.id DIRECT.IDENTITY
-- bronze.v -> gold.v DIRECT.IDENTITY
