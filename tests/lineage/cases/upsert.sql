-- Upserts: INSERT ... ON CONFLICT DO UPDATE (Postgres, SQLite, DuckDB) and MySQL's ON DUPLICATE
-- KEY UPDATE update the target from the proposed rows (`excluded`, `VALUES(c)`, a row alias).

-- title: postgres on conflict do update where filters the updated columns
-- dialect: postgres
-- schema: {"raw.s": {"id": "int", "v": "int", "ts": "timestamp"}, "mart.t": {"id": "int", "v": "int", "ts": "timestamp"}}
insert into mart.t as tgt (id, v, ts)
select id, v, ts from raw.s
on conflict (id) do update set v = excluded.v, ts = excluded.ts
where tgt.ts < excluded.ts
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.IDENTITY
-- raw.s.ts -> mart.t.ts DIRECT.IDENTITY
-- mart.t.id -> mart.t.v INDIRECT.JOIN
-- mart.t.id -> mart.t.ts INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN
-- raw.s.id -> mart.t.ts INDIRECT.JOIN
-- mart.t.ts -> mart.t.v INDIRECT.FILTER
-- mart.t.ts -> mart.t.ts INDIRECT.FILTER
-- raw.s.ts -> mart.t.v INDIRECT.FILTER
-- raw.s.ts -> mart.t.ts INDIRECT.FILTER

-- title: postgres on conflict on constraint do update where with values and the table name
-- dialect: postgres
-- schema: {"mart.t": {"id": "int", "v": "int", "locked": "boolean"}}
insert into mart.t (id, v) values (1, 2)
on conflict on constraint t_pkey do update set v = mart.t.v + excluded.v
where not mart.t.locked
-- expect:
-- mart.t.v -> mart.t.v DIRECT.TRANSFORMATION
-- mart.t.locked -> mart.t.v INDIRECT.FILTER

-- title: sqlite on conflict do update where
-- dialect: sqlite
-- schema: {"raw.s": {"id": "int", "v": "int", "ts": "int"}, "mart.t": {"id": "int", "v": "int", "ts": "int"}}
insert into mart.t (id, v, ts) select id, v, ts from raw.s where true
on conflict (id) do update set v = excluded.v where excluded.ts > mart.t.ts
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.IDENTITY
-- raw.s.ts -> mart.t.ts DIRECT.IDENTITY
-- mart.t.id -> mart.t.v INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN
-- mart.t.ts -> mart.t.v INDIRECT.FILTER
-- raw.s.ts -> mart.t.v INDIRECT.FILTER

-- title: duckdb on conflict do update where
-- dialect: duckdb
-- schema: {"raw.s": {"id": "int", "v": "int"}, "mart.t": {"id": "int", "v": "int"}}
insert into mart.t (id, v) select id, v from raw.s
on conflict (id) do update set v = excluded.v where excluded.v is distinct from t.v
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.IDENTITY
-- mart.t.id -> mart.t.v INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN
-- mart.t.v -> mart.t.v INDIRECT.FILTER
-- raw.s.v -> mart.t.v INDIRECT.FILTER
