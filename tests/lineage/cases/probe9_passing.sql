-- Probe 9 cases that passed when written: semi-structured data, time travel and change reads,
-- scripting, window edge cases (constructs the rest of the corpus lacked).

-- title: A3 snowflake OBJECT_INSERT and ARRAY_AGG(OBJECT_CONSTRUCT)
-- dialect: snowflake
-- schema: {"raw.o": {"cid": "number", "sku": "varchar", "qty": "number", "meta": "object"}}
create table mart.t as select cid, array_agg(object_construct('sku', sku, 'qty', qty)) as items, any_value(object_insert(meta, 'k', sku)) as m from raw.o group by cid
-- expect:
-- raw.o.cid -> mart.t.cid DIRECT.IDENTITY
-- raw.o.sku -> mart.t.items DIRECT.AGGREGATION [struct, array_agg]
-- raw.o.qty -> mart.t.items DIRECT.AGGREGATION [struct, array_agg]
-- raw.o.meta -> mart.t.m DIRECT.AGGREGATION [object_insert, any_value]
-- raw.o.sku -> mart.t.m DIRECT.AGGREGATION [object_insert, any_value]
-- raw.o.cid -> mart.t.cid INDIRECT.GROUP_BY
-- raw.o.cid -> mart.t.items INDIRECT.GROUP_BY
-- raw.o.cid -> mart.t.m INDIRECT.GROUP_BY

-- title: A8 bigquery ARRAY(SELECT AS STRUCT ... FROM UNNEST WITH OFFSET)
-- dialect: bigquery
-- schema: {"raw.o": {"id": "int64", "items": "array<struct<sku string, qty int64>>"}}
create table mart.t as select id, array(select as struct i.sku, off from unnest(items) as i with offset as off where i.qty > 0 order by off) as its from raw.o
-- expect-includes:
-- raw.o.id -> mart.t.id DIRECT.IDENTITY

-- title: A11 bigquery ARRAY_CONCAT and JSON functions
-- dialect: bigquery
-- schema: {"raw.u": {"a": "array<int64>", "b": "array<int64>", "j": "json"}}
create table mart.t as select array_concat(a, b) as c, json_query(j, '$.x') as q, json_value(j, '$.y') as v, json_extract_array(j, '$.z') as z from raw.u
-- expect-includes:
-- raw.u.a -> mart.t.c DIRECT.TRANSFORMATION [array_concat]
-- raw.u.b -> mart.t.c DIRECT.TRANSFORMATION [array_concat]

-- title: A12 postgres jsonb #> and jsonb_build_object
-- dialect: postgres
-- schema: {"raw.e": {"id": "int", "j": "jsonb", "n": "text"}}
create table mart.t as select j #> '{a,b}' as ab, j #>> '{a,c}' as ac, jsonb_build_object('id', id, 'n', n) as doc from raw.e
-- expect:
-- raw.e.j -> mart.t.ab DIRECT.TRANSFORMATION [jsonb_extract]
-- raw.e.j -> mart.t.ac DIRECT.TRANSFORMATION [jsonb_extract_scalar]
-- raw.e.id -> mart.t.doc DIRECT.TRANSFORMATION [jsonb_build_object]
-- raw.e.n -> mart.t.doc DIRECT.TRANSFORMATION [jsonb_build_object]

-- title: A13 postgres jsonb_to_record in a lateral
-- dialect: postgres
-- schema: {"raw.e": {"id": "int", "j": "jsonb"}}
create table mart.t as select e.id, r.a, r.b from raw.e e cross join lateral jsonb_to_record(e.j) as r(a int, b text)
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.j -> mart.t.a DIRECT.TRANSFORMATION [jsonb_to_record]
-- raw.e.j -> mart.t.b DIRECT.TRANSFORMATION [jsonb_to_record]

-- title: A15 postgres jsonb_path_query in select list
-- dialect: postgres
-- schema: {"raw.e": {"id": "int", "j": "jsonb"}}
create table mart.t as select id, jsonb_path_query(j, '$.items[*].sku') as sku from raw.e
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.j -> mart.t.sku DIRECT.TRANSFORMATION [jsonb_path_query]

-- title: A23 spark MAP functions
-- dialect: spark
-- schema: {"raw.e": {"id": "int", "m": "map<string,int>", "k": "string", "v": "int"}}
create table mart.t as select map_keys(m) as ks, m['a'] as a, element_at(m, k) as e, map_from_arrays(array(k), array(v)) as m2, map_concat(m, map(k, v)) as m3 from raw.e
-- expect:
-- raw.e.m -> mart.t.ks DIRECT.TRANSFORMATION [map_keys]
-- raw.e.m -> mart.t.a DIRECT.TRANSFORMATION
-- raw.e.m -> mart.t.e DIRECT.TRANSFORMATION
-- raw.e.k -> mart.t.e DIRECT.TRANSFORMATION
-- raw.e.k -> mart.t.m2 DIRECT.TRANSFORMATION [array, map]
-- raw.e.v -> mart.t.m2 DIRECT.TRANSFORMATION [array, map]
-- raw.e.m -> mart.t.m3 DIRECT.TRANSFORMATION [map_concat]
-- raw.e.k -> mart.t.m3 DIRECT.TRANSFORMATION [array, var_map, map_concat]
-- raw.e.v -> mart.t.m3 DIRECT.TRANSFORMATION [array, var_map, map_concat]

-- title: A25 clickhouse JSONExtract family
-- dialect: clickhouse
-- schema: {"raw.e": {"id": "UInt64", "j": "String"}}
create table mart.t engine = MergeTree order by id as select id, JSONExtractString(j, 'name') as name, JSONExtractInt(j, 'a', 'b') as ab, JSONExtract(j, 'tags', 'Array(String)') as tags from raw.e
-- expect-includes:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY

-- title: A26 clickhouse tuple element and Nested arrays
-- dialect: clickhouse
-- schema: {"raw.e": {"id": "UInt64", "t": "Tuple(a UInt8, b String)", "n.k": "Array(String)", "n.v": "Array(UInt32)"}}
create table mart.t engine = MergeTree order by id as select id, tupleElement(t, 'a') as a, t.2 as b from raw.e
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.t -> mart.t.a DIRECT.TRANSFORMATION [tupleelement]
-- raw.e.t -> mart.t.b DIRECT.TRANSFORMATION

-- title: A28 duckdb struct_pack, list_transform, ->>
-- dialect: duckdb
-- schema: {"raw.e": {"id": "int", "a": "int", "l": "int[]", "j": "json"}}
create table mart.t as select struct_pack(id := id, a := a) as s, list_transform(l, x -> x + a) as l2, j->>'$.k' as k from raw.e
-- expect:
-- raw.e.id -> mart.t.s DIRECT.TRANSFORMATION [struct]
-- raw.e.a -> mart.t.s DIRECT.TRANSFORMATION [struct]
-- raw.e.l -> mart.t.l2 DIRECT.TRANSFORMATION [transform]
-- raw.e.a -> mart.t.l2 DIRECT.TRANSFORMATION [transform]
-- raw.e.j -> mart.t.k DIRECT.TRANSFORMATION [json_extract_scalar]

-- title: A30 snowflake OBJECT_CONSTRUCT(*) over join with filter
-- dialect: snowflake
-- schema: {"raw.u": {"id": "number", "email": "varchar"}, "raw.o": {"uid": "number", "amt": "number"}}
create table mart.t as select u.id, object_construct(o.*) as od from raw.u u join raw.o o on o.uid = u.id
-- expect:
-- raw.u.id -> mart.t.id DIRECT.IDENTITY
-- raw.o.uid -> mart.t.od DIRECT.TRANSFORMATION [object_construct]
-- raw.o.amt -> mart.t.od DIRECT.TRANSFORMATION [object_construct]
-- raw.u.id -> mart.t.id INDIRECT.JOIN
-- raw.o.uid -> mart.t.id INDIRECT.JOIN
-- raw.u.id -> mart.t.od INDIRECT.JOIN
-- raw.o.uid -> mart.t.od INDIRECT.JOIN

-- title: B9 snowflake BEFORE(STATEMENT => ...) with alias
-- dialect: snowflake
-- schema: {"dw.t": {"id": "number", "a": "number"}}
create table mart.s as select x.id, x.a from dw.t before(statement => '8e5d0ca9-005e-44e6-b858-a8f5b37c5726') x
-- expect:
-- dw.t.id -> mart.s.id DIRECT.IDENTITY
-- dw.t.a -> mart.s.a DIRECT.IDENTITY

-- title: B10 snowflake CHANGES(INFORMATION => DEFAULT) AT(TIMESTAMP => ...)
-- dialect: snowflake
-- schema: {"dw.t": {"id": "number", "a": "number"}}
insert into mart.c (id, a, act) select id, a, metadata$action from dw.t changes(information => default) at(timestamp => '2024-01-01'::timestamp_tz)
-- expect-includes:
-- dw.t.id -> mart.c.id DIRECT.IDENTITY
-- dw.t.a -> mart.c.a DIRECT.IDENTITY

-- title: B11 snowflake CHANGES append_only with END
-- dialect: snowflake
-- schema: {"dw.t": {"id": "number", "a": "number"}}
insert into mart.c (id, a) select id, a from dw.t changes(information => append_only) at(offset => -3600) end(offset => 0)
-- expect:
-- dw.t.id -> mart.c.id DIRECT.IDENTITY
-- dw.t.a -> mart.c.a DIRECT.IDENTITY

-- title: B15 tsql temporal FOR SYSTEM_TIME ALL
-- dialect: tsql
-- schema: {"dbo.emp": {"id": "int", "sal": "int", "valid_from": "datetime2"}}
insert into dbo.emp_hist (id, sal, vf) select id, sal, valid_from from dbo.emp for system_time all where id = 5
-- expect:
-- dbo.emp.id -> dbo.emp_hist.id DIRECT.IDENTITY
-- dbo.emp.sal -> dbo.emp_hist.sal DIRECT.IDENTITY
-- dbo.emp.valid_from -> dbo.emp_hist.vf DIRECT.IDENTITY
-- dbo.emp.id -> dbo.emp_hist.id INDIRECT.FILTER
-- dbo.emp.id -> dbo.emp_hist.sal INDIRECT.FILTER
-- dbo.emp.id -> dbo.emp_hist.vf INDIRECT.FILTER

-- title: B17 tsql FOR SYSTEM_TIME BETWEEN
-- dialect: tsql
-- schema: {"dbo.emp": {"id": "int", "sal": "int"}}
insert into rpt.h (id, sal) select id, sal from dbo.emp for system_time between '2024-01-01' and '2024-02-01'
-- expect:
-- dbo.emp.id -> rpt.h.id DIRECT.IDENTITY
-- dbo.emp.sal -> rpt.h.sal DIRECT.IDENTITY

-- title: B19 postgres COPY FROM PROGRAM
-- dialect: postgres
copy stg.raw_events (id, payload) from program 'curl -s https://x/y.csv' with (format csv, header true)
-- expect:

-- title: B21 snowflake stream read in MERGE with metadata
-- dialect: snowflake
-- schema: {"dw.s": {"id": "number", "a": "number"}, "dw.t": {"id": "number", "a": "number"}}
merge into dw.t t using (select id, a, metadata$action as act from dw.s at(stream => 'dw.s_stream')) s on t.id = s.id when matched and s.act = 'DELETE' then delete when matched then update set t.a = s.a when not matched then insert (id, a) values (s.id, s.a)
-- expect-includes:
-- dw.s.a -> dw.t.a DIRECT.IDENTITY
-- dw.s.id -> dw.t.id DIRECT.IDENTITY

-- title: C2 snowflake procedure with RESULTSET and TABLE(res)
-- dialect: snowflake
-- schema: {"raw.o": {"id": "number", "amt": "number"}}
create or replace procedure dw.p() returns table() language sql as
$$
declare
  res resultset default (select id, amt from raw.o where amt > 10);
begin
  insert into mart.x (id, amt) select id, amt * 2 from raw.o;
  return table(res);
end;
$$
-- expect:
-- raw.o.id -> mart.x.id DIRECT.IDENTITY
-- raw.o.amt -> mart.x.amt DIRECT.TRANSFORMATION

-- title: C16 snowflake scripting LET RESULTSET := (EXECUTE IMMEDIATE ...) and FOR over resultset
-- dialect: snowflake
-- schema: {"raw.o": {"id": "number", "amt": "number"}}
execute immediate $$
declare
  rs resultset;
begin
  rs := (select id, amt from raw.o);
  let c1 cursor for rs;
  insert into mart.y (id) select id from raw.o;
  return 1;
end;
$$
-- expect-includes:
-- raw.o.id -> mart.y.id DIRECT.IDENTITY

-- title: D9 nested aggregate over window (sum of sum)
-- dialect: snowflake
-- schema: {"raw.p": {"g": "varchar", "amt": "number"}}
create table mart.s as select g, sum(amt) as tot, sum(amt) / sum(sum(amt)) over () as share from raw.p group by g
-- expect:
-- raw.p.g -> mart.s.g DIRECT.IDENTITY
-- raw.p.amt -> mart.s.tot DIRECT.AGGREGATION [sum]
-- raw.p.amt -> mart.s.share DIRECT.AGGREGATION [sum]
-- raw.p.amt -> mart.s.share DIRECT.AGGREGATION [sum, sum]
-- raw.p.g -> mart.s.g INDIRECT.GROUP_BY
-- raw.p.g -> mart.s.tot INDIRECT.GROUP_BY
-- raw.p.g -> mart.s.share INDIRECT.GROUP_BY

-- title: D20 array_agg with ORDER BY and window over it (bigquery)
-- dialect: bigquery
-- schema: {"raw.p": {"id": "int64", "ts": "timestamp", "ev": "string"}}
create table mart.a as select id, array_agg(ev ignore nulls order by ts limit 5) as evs from raw.p group by id
-- expect:
-- raw.p.id -> mart.a.id DIRECT.IDENTITY
-- raw.p.ev -> mart.a.evs DIRECT.AGGREGATION [array_agg]
-- raw.p.ts -> mart.a.evs INDIRECT.SORT
-- raw.p.id -> mart.a.id INDIRECT.GROUP_BY
-- raw.p.id -> mart.a.evs INDIRECT.GROUP_BY

-- title: E9 snowflake CLONE AT(OFFSET)
-- dialect: snowflake
-- schema: {"dw.t": {"id": "number", "a": "number"}}
create table dw.t_restore clone dw.t at(offset => -3600)
-- expect:
-- dw.t.id -> dw.t_restore.id DIRECT.IDENTITY
-- dw.t.a -> dw.t_restore.a DIRECT.IDENTITY

-- title: E11 clickhouse JSONExtract with typed alias and arrayJoin
-- dialect: clickhouse
-- schema: {"raw.e": {"id": "UInt64", "j": "String"}}
insert into mart.t (id, tag) select id, arrayJoin(JSONExtract(j, 'tags', 'Array(String)')) as tag from raw.e
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.j -> mart.t.tag DIRECT.TRANSFORMATION [jsonextract, explode]

-- title: E15 bigquery UNNEST of JSON_EXTRACT_ARRAY with JSON_VALUE
-- dialect: bigquery
-- schema: {"p.raw.e": {"id": "int64", "j": "string"}}
create table p.m.t as select e.id, json_value(it, '$.sku') as sku from p.raw.e e, unnest(json_extract_array(e.j, '$.items')) it
-- expect:
-- p.raw.e.id -> p.m.t.id DIRECT.IDENTITY
-- p.raw.e.j -> p.m.t.sku DIRECT.TRANSFORMATION [json_extract_array, unnest, json_extract_scalar]

-- title: E17 postgres jsonb_to_recordset in lateral
-- dialect: postgres
-- schema: {"raw.o": {"id": "int", "doc": "jsonb"}}
create table mart.i as select o.id, x.sku, x.qty from raw.o o, jsonb_to_recordset(o.doc->'items') as x(sku text, qty int)
-- expect:
-- raw.o.id -> mart.i.id DIRECT.IDENTITY
-- raw.o.doc -> mart.i.sku DIRECT.TRANSFORMATION [json_extract, jsonb_to_recordset]
-- raw.o.doc -> mart.i.qty DIRECT.TRANSFORMATION [json_extract, jsonb_to_recordset]

-- title: E18 postgres jsonb_path_query in FROM as set-returning
-- dialect: postgres
-- schema: {"raw.o": {"id": "int", "doc": "jsonb"}}
create table mart.i as select o.id, p.v as sku from raw.o o cross join lateral jsonb_path_query(o.doc, '$.items[*].sku') as p(v)
-- expect:
-- raw.o.id -> mart.i.id DIRECT.IDENTITY
-- raw.o.doc -> mart.i.sku DIRECT.TRANSFORMATION [jsonb_path_query]

-- title: E20 spark transform/filter higher-order over array of structs
-- dialect: spark
-- schema: {"raw.e": {"id": "int", "items": "array<struct<sku:string,qty:int>>", "k": "int"}}
create table mart.t as select id, transform(filter(items, x -> x.qty > k), x -> x.sku) as skus from raw.e
-- expect-includes:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.items -> mart.t.skus DIRECT.TRANSFORMATION [filter, transform]

-- title: E22 spark inline_outer in LATERAL VIEW with column aliases
-- dialect: spark
-- schema: {"raw.e": {"id": "int", "items": "array<struct<sku:string,qty:int>>"}}
create table mart.t as select id, s, q from raw.e lateral view outer inline(items) it as s, q
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.items -> mart.t.s DIRECT.TRANSFORMATION [inline]
-- raw.e.items -> mart.t.q DIRECT.TRANSFORMATION [inline]

-- title: E24 snowflake ARRAY_AGG within group and OBJECT_AGG
-- dialect: snowflake
-- schema: {"raw.o": {"cid": "number", "k": "varchar", "v": "variant", "ts": "timestamp"}}
create table mart.t as select cid, object_agg(k, v) as obj, array_agg(k) within group (order by ts) as ks from raw.o group by cid
-- expect:
-- raw.o.cid -> mart.t.cid DIRECT.IDENTITY
-- raw.o.k -> mart.t.obj DIRECT.AGGREGATION [object_agg]
-- raw.o.v -> mart.t.obj DIRECT.AGGREGATION [object_agg]
-- raw.o.k -> mart.t.ks DIRECT.AGGREGATION [array_agg]
-- raw.o.ts -> mart.t.ks INDIRECT.SORT
-- raw.o.cid -> mart.t.cid INDIRECT.GROUP_BY
-- raw.o.cid -> mart.t.obj INDIRECT.GROUP_BY
-- raw.o.cid -> mart.t.ks INDIRECT.GROUP_BY

-- title: E28 bigquery SELECT AS STRUCT subquery field access
-- dialect: bigquery
-- schema: {"p.raw.o": {"id": "int64", "items": "array<struct<sku string, qty int64>>"}}
create table p.m.t as select id, (select as struct max(i.qty) as mq, count(*) as n from unnest(items) i).mq as max_qty from p.raw.o
-- expect-includes:
-- p.raw.o.id -> p.m.t.id DIRECT.IDENTITY
-- p.raw.o.items -> p.m.t.max_qty DIRECT.AGGREGATION [unnest, max]

-- title: E33 trino UNNEST of map with ordinality
-- dialect: trino
-- schema: {"raw.e": {"id": "int", "m": "map(varchar, integer)"}}
create table mart.t as select e.id, k, v from raw.e e cross join unnest(e.m) as x(k, v)
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.m -> mart.t.k DIRECT.TRANSFORMATION [unnest]
-- raw.e.m -> mart.t.v DIRECT.TRANSFORMATION [unnest]

-- title: E34 trino json_extract_scalar and cast json
-- dialect: trino
-- schema: {"raw.e": {"id": "int", "j": "varchar"}}
create table mart.t as select json_extract_scalar(j, '$.a') as a, cast(json_parse(j) as map(varchar, json)) as m from raw.e
-- expect:
-- raw.e.j -> mart.t.a DIRECT.TRANSFORMATION [json_extract_scalar]
-- raw.e.j -> mart.t.m DIRECT.TRANSFORMATION [parse_json, cast]

-- title: F8 tsql UPDATE JSON_MODIFY
-- dialect: tsql
-- schema: {"dbo.c": {"id": "int", "doc": "nvarchar", "n": "nvarchar"}}
update dbo.c set doc = json_modify(doc, '$.name', n) where isjson(doc) = 1
-- expect:
-- dbo.c.doc -> dbo.c.doc DIRECT.TRANSFORMATION [json_modify]
-- dbo.c.n -> dbo.c.doc DIRECT.TRANSFORMATION [json_modify]
-- dbo.c.doc -> dbo.c.doc INDIRECT.FILTER

-- title: F9 snowflake UPDATE with OBJECT_INSERT from another table
-- dialect: snowflake
-- schema: {"dw.c": {"id": "number", "v": "variant"}, "raw.s": {"cid": "number", "score": "number"}}
update dw.c set v = object_insert(v, 'score', s.score, true) from raw.s s where s.cid = dw.c.id
-- expect:
-- dw.c.v -> dw.c.v DIRECT.TRANSFORMATION [object_insert]
-- raw.s.score -> dw.c.v DIRECT.TRANSFORMATION [object_insert]
-- raw.s.cid -> dw.c.v INDIRECT.FILTER
-- dw.c.id -> dw.c.v INDIRECT.FILTER

-- title: F10 snowflake flatten THIS and SEQ
-- dialect: snowflake
-- schema: {"raw.ev": {"id": "number", "v": "variant"}}
create table mart.t as select f.this as parent, f.value as val from raw.ev e, lateral flatten(e.v, recursive => true) f
-- expect:
-- raw.ev.v -> mart.t.parent DIRECT.TRANSFORMATION [explode]
-- raw.ev.v -> mart.t.val DIRECT.TRANSFORMATION [explode]

-- title: F12 bigquery UNNEST in WHERE via EXISTS
-- dialect: bigquery
-- schema: {"p.raw.o": {"id": "int64", "tags": "array<string>"}}
create table p.m.t as select id from p.raw.o where exists (select 1 from unnest(tags) t where t = 'vip')
-- expect:
-- p.raw.o.id -> p.m.t.id DIRECT.IDENTITY
-- p.raw.o.tags -> p.m.t.id INDIRECT.FILTER

-- title: F13 bigquery 'value' IN UNNEST(arr)
-- dialect: bigquery
-- schema: {"p.raw.o": {"id": "int64", "tags": "array<string>"}}
create table p.m.t as select id from p.raw.o where 'vip' in unnest(tags)
-- expect:
-- p.raw.o.id -> p.m.t.id DIRECT.IDENTITY
-- p.raw.o.tags -> p.m.t.id INDIRECT.FILTER

-- title: F14 postgres COPY (query) TO PROGRAM
-- dialect: postgres
-- schema: {"raw.o": {"id": "int"}}
copy (select id from raw.o where id > 0) to program 'gzip > /tmp/o.gz' with (format csv)
-- expect:

-- title: F17 snowflake scripting LET from SELECT used in WHERE of INSERT (the LET query read is the known P8-G4 leftover, not expected here)
-- dialect: snowflake
-- schema: {"raw.o": {"id": "number", "amt": "number"}, "dw.o": {"id": "number", "amt": "number"}}
execute immediate $$
begin
  let hw timestamp := (select max(id) from dw.o);
  insert into dw.o select id, amt from raw.o where id > :hw;
end;
$$
-- expect-includes:
-- raw.o.id -> dw.o.id DIRECT.IDENTITY
