-- Probe 9: semi-structured data: struct.* expansion, struct fields through ARRAY_AGG, ClickHouse Nested.

-- title: P9-G1 (A18) spark struct.* expansion of a typed struct column
-- dialect: spark
-- schema: {"raw.e": {"id": "int", "addr": "struct<city:string,zip:string>"}}
create table mart.t as select id, addr.* from raw.e
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.addr -> mart.t.city DIRECT.TRANSFORMATION
-- raw.e.addr -> mart.t.zip DIRECT.TRANSFORMATION

-- title: P9-G1 (E1) databricks struct.* of a typed struct through alias
-- dialect: databricks
-- schema: {"raw.e": {"id": "int", "p": "struct<a:int,b:string>"}}
insert into mart.t select e.id, e.p.* from raw.e e
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.p -> mart.t.a DIRECT.TRANSFORMATION
-- raw.e.p -> mart.t.b DIRECT.TRANSFORMATION

-- title: P9-G1 (E2) duckdb struct.* of a typed struct
-- dialect: duckdb
-- schema: {"raw.e": {"id": "int", "s": "struct(a int, b varchar)"}}
create table mart.t as select id, s.* from raw.e
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.s -> mart.t.a DIRECT.TRANSFORMATION
-- raw.e.s -> mart.t.b DIRECT.TRANSFORMATION

-- title: P9-G1 (E4) spark struct.* inside a derived table then read by name
-- dialect: spark
-- schema: {"raw.e": {"id": "int", "addr": "struct<city:string,zip:string>"}}
create table mart.t as select id, city from (select id, addr.* from raw.e) x
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.addr -> mart.t.city DIRECT.TRANSFORMATION

-- title: P9-G1 spark struct.* through a CTE's star keeps the catalog type
-- dialect: spark
-- schema: {"raw.e": {"id": "int", "addr": "struct<city:string,zip:string>"}}
create table mart.t as with c as (select * from raw.e) select c.id, c.addr.* from c
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.addr -> mart.t.city DIRECT.TRANSFORMATION
-- raw.e.addr -> mart.t.zip DIRECT.TRANSFORMATION

-- title: P9-G1 spark struct.* of a column with no struct type: unresolved-star, not a silent column
-- dialect: spark
-- schema: {"raw.e": {"id": "int", "addr": "string"}}
create table mart.t as select id, addr.* from raw.e
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.addr -> mart.t.* DIRECT.TRANSFORMATION (unresolved)
-- expect-diagnostics: unresolved-star

-- title: P9-G1 (A19) spark struct.* of from_json in a CTE: the fields are only in the schema string (open: unresolved-star)
-- dialect: spark
-- schema: {"raw.e": {"id": "int", "s": "string"}}
create table mart.t as with p as (select id, from_json(s, 'x INT, y STRING') as j from raw.e) select id, j.* from p
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.s -> mart.t.* DIRECT.TRANSFORMATION [from_json] (unresolved)
-- expect-diagnostics: unresolved-star

-- title: P9-G1 spark t.* of a relation is still the relation's columns
-- dialect: spark
-- schema: {"raw.e": {"id": "int", "addr": "struct<city:string,zip:string>"}}
create table mart.t as select e.* from raw.e e
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.addr -> mart.t.addr DIRECT.IDENTITY

-- title: P9-G10 (F3) clickhouse Nested dotted column names
-- dialect: clickhouse
-- schema: {"raw.e": {"id": "UInt64", "n.k": "Array(String)", "n.v": "Array(UInt32)"}}
insert into mart.t (id, ks) select id, n.k from raw.e
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.n.k -> mart.t.ks DIRECT.IDENTITY

-- title: P9-G10 clickhouse ARRAY JOIN of one Nested column, aliased
-- dialect: clickhouse
-- schema: {"raw.e": {"id": "UInt64", "n.k": "Array(String)", "n.v": "Array(UInt32)"}}
insert into mart.t select e.id, k from raw.e e array join n.k as k
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.n.k -> mart.t.k DIRECT.TRANSFORMATION [explode]

-- title: P9-G10 clickhouse ARRAY JOIN of a whole Nested joins each of its columns
-- dialect: clickhouse
-- schema: {"raw.e": {"id": "UInt64", "n.k": "Array(String)", "n.v": "Array(UInt32)"}}
insert into mart.t (id, k, v) select id, n.k, n.v from raw.e array join n
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.e.n.k -> mart.t.k DIRECT.TRANSFORMATION [explode]
-- raw.e.n.v -> mart.t.v DIRECT.TRANSFORMATION [explode]

-- title: P9-G10 clickhouse a table alias n still wins over a Nested column n.k
-- dialect: clickhouse
-- schema: {"raw.e": {"id": "UInt64", "n.k": "Array(String)"}, "raw.f": {"k": "String"}}
insert into mart.t (id, k) select e.id, n.k from raw.e e join raw.f n on n.k = e.id
-- expect:
-- raw.e.id -> mart.t.id DIRECT.IDENTITY
-- raw.f.k -> mart.t.k DIRECT.IDENTITY
-- raw.e.id -> mart.t.id INDIRECT.JOIN
-- raw.f.k -> mart.t.id INDIRECT.JOIN
-- raw.e.id -> mart.t.k INDIRECT.JOIN
-- raw.f.k -> mart.t.k INDIRECT.JOIN
