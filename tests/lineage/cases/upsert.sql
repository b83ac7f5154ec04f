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

-- title: mysql on duplicate key update names a column of the select's source
-- dialect: mysql
-- schema: {"raw.s": {"id": "int", "c": "int"}, "mart.t": {"id": "int", "b": "int"}}
insert into mart.t (id, b) select id, c from raw.s where c > 0
on duplicate key update b = c
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.c -> mart.t.b DIRECT.IDENTITY
-- raw.s.c -> mart.t.id INDIRECT.FILTER
-- raw.s.c -> mart.t.b INDIRECT.FILTER

-- title: mysql on duplicate key update with a column of a derived table and the old value
-- dialect: mysql
-- schema: {"raw.s": {"id": "int", "c": "int", "d": "int"}, "mart.t": {"id": "int", "b": "int"}}
insert into mart.t
select * from (select id, c + d as e from raw.s) as dt
on duplicate key update b = b + e
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.c -> mart.t.b DIRECT.TRANSFORMATION
-- raw.s.d -> mart.t.b DIRECT.TRANSFORMATION
-- mart.t.b -> mart.t.b DIRECT.TRANSFORMATION

-- title: mysql on duplicate key update with values() of a grouped select
-- dialect: mysql
-- schema: {"raw.s": {"id": "int", "v": "int"}, "mart.t": {"id": "int", "total": "int"}}
insert into mart.t (id, total) select id, sum(v) as total from raw.s group by id
on duplicate key update total = total + values(total)
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.total DIRECT.AGGREGATION [sum]
-- mart.t.total -> mart.t.total DIRECT.TRANSFORMATION
-- raw.s.id -> mart.t.id INDIRECT.GROUP_BY
-- raw.s.id -> mart.t.total INDIRECT.GROUP_BY

-- title: mysql on duplicate key update with a qualified source column of a join
-- dialect: mysql
-- schema: {"raw.o": {"id": "int", "cust": "int", "amt": "int"}, "raw.c": {"id": "int", "tier": "varchar"}, "mart.t": {"id": "int", "amt": "int", "tier": "varchar"}}
insert into mart.t (id, amt, tier)
select o.id, o.amt, c.tier from raw.o o join raw.c c on c.id = o.cust
on duplicate key update amt = o.amt, tier = upper(c.tier)
-- expect:
-- raw.o.id -> mart.t.id DIRECT.IDENTITY
-- raw.o.amt -> mart.t.amt DIRECT.IDENTITY
-- raw.c.tier -> mart.t.tier DIRECT.IDENTITY
-- raw.c.tier -> mart.t.tier DIRECT.TRANSFORMATION [upper]
-- raw.c.id -> mart.t.id INDIRECT.JOIN
-- raw.c.id -> mart.t.amt INDIRECT.JOIN
-- raw.c.id -> mart.t.tier INDIRECT.JOIN
-- raw.o.cust -> mart.t.id INDIRECT.JOIN
-- raw.o.cust -> mart.t.amt INDIRECT.JOIN
-- raw.o.cust -> mart.t.tier INDIRECT.JOIN

-- title: mysql values row alias with new.c and a subquery row
-- dialect: mysql
-- schema: {"raw.s": {"c": "int"}, "mart.t": {"a": "int", "b": "int", "c": "int"}}
insert into mart.t (a, b, c) values (1, (select max(c) from raw.s), 3) as new
on duplicate key update c = new.b + c
-- expect:
-- raw.s.c -> mart.t.b DIRECT.AGGREGATION [max]
-- raw.s.c -> mart.t.c DIRECT.AGGREGATION [max]
-- mart.t.c -> mart.t.c DIRECT.TRANSFORMATION

-- title: mysql values row alias with its own column names, bare
-- dialect: mysql
-- schema: {"raw.s": {"c": "int"}, "mart.t": {"a": "int", "b": "int", "c": "int"}}
insert into mart.t (a, b, c) values (1, (select max(c) from raw.s), 3) as new(x, y, z)
on duplicate key update c = y + c, a = values(b)
-- expect:
-- raw.s.c -> mart.t.b DIRECT.AGGREGATION [max]
-- raw.s.c -> mart.t.c DIRECT.AGGREGATION [max]
-- raw.s.c -> mart.t.a DIRECT.AGGREGATION [max]
-- mart.t.c -> mart.t.c DIRECT.TRANSFORMATION
