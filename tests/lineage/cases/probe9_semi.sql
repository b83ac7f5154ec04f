-- Probe 9: semi-structured data: struct.* expansion, struct fields through ARRAY_AGG, ClickHouse Nested.

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
