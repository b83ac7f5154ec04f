-- Probe 17 (fuzz of further constructs): PIVOT/UNPIVOT that share their query with other
-- relations, and Postgres ON CONFLICT after a join without ON. A pivoted relation beside others
-- is analysed as the derived table it is (`pivot_relations.py`): its aggregate and FOR columns
-- are the pivoted source's, a NATURAL/USING join matches the pivot's output columns, and its
-- alias is a source for subqueries. A pivot key in a join condition passes the pivot's GROUP_BY
-- on, as a GROUP BY derived table's key does.

-- title: P17-2a pivot natural-joined to a table that has a column named like the FOR column (k consumed: only id is shared)
-- dialect: databricks
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}, "raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as
select p.p1, b.z from raw.a pivot (sum(x) for k in (1 as p1, 2 as p2)) as p natural join raw.b b
-- expect:
-- raw.a.x -> mart.t.p1 DIRECT.AGGREGATION [sum]
-- raw.a.k -> mart.t.p1 INDIRECT.CONDITIONAL
-- raw.a.id -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.id -> mart.t.p1 INDIRECT.JOIN
-- raw.b.id -> mart.t.p1 INDIRECT.JOIN
-- raw.b.z -> mart.t.z DIRECT.IDENTITY
-- raw.a.id -> mart.t.z INDIRECT.JOIN
-- raw.b.id -> mart.t.z INDIRECT.JOIN
-- raw.a.id -> mart.t.z INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.z INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.z INDIRECT.GROUP_BY

-- title: P17-2b pivot joined ON to a table that has a column named like the FOR column: no ambiguous k
-- dialect: snowflake
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}, "raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as
select p.p1 from raw.a pivot (sum(x) for k in (1 as p1, 2 as p2)) as p join raw.b b on b.id = p.id
-- expect:
-- raw.a.x -> mart.t.p1 DIRECT.AGGREGATION [sum]
-- raw.a.k -> mart.t.p1 INDIRECT.CONDITIONAL
-- raw.a.id -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.id -> mart.t.p1 INDIRECT.JOIN
-- raw.b.id -> mart.t.p1 INDIRECT.JOIN

-- title: P17-2c pivot with an alias column list in a USING join: the pivot's renamed columns, its aggregate not the joined table's x
-- dialect: snowflake
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}, "raw.b": {"id": "int", "k": "int", "x": "int", "z": "int"}}
create table mart.t as
select p.q1, b.z from raw.a pivot (sum(x) for k in (1, 2)) as p (id, y, s, q1, q2) join raw.b b using (id)
-- expect:
-- raw.a.x -> mart.t.q1 DIRECT.AGGREGATION [sum]
-- raw.a.k -> mart.t.q1 INDIRECT.CONDITIONAL
-- raw.a.id -> mart.t.q1 INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.q1 INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.q1 INDIRECT.GROUP_BY
-- raw.a.id -> mart.t.q1 INDIRECT.JOIN
-- raw.b.id -> mart.t.q1 INDIRECT.JOIN
-- raw.b.z -> mart.t.z DIRECT.IDENTITY
-- raw.a.id -> mart.t.z INDIRECT.JOIN
-- raw.b.id -> mart.t.z INDIRECT.JOIN
-- raw.a.id -> mart.t.z INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.z INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.z INDIRECT.GROUP_BY

-- title: P17-2d UPDATE ... FROM a pivot whose FOR column the target also has: the pivoted table's k
-- dialect: snowflake
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}, "mart.m": {"id": "int", "k": "int", "c1": "int"}}
update mart.m set c1 = p.p1 from raw.a pivot (sum(x) for k in (1 as p1, 2 as p2)) as p where mart.m.id = p.id
-- expect:
-- raw.a.x -> mart.m.c1 DIRECT.AGGREGATION [sum]
-- raw.a.k -> mart.m.c1 INDIRECT.CONDITIONAL
-- raw.a.id -> mart.m.c1 INDIRECT.GROUP_BY
-- raw.a.y -> mart.m.c1 INDIRECT.GROUP_BY
-- raw.a.s -> mart.m.c1 INDIRECT.GROUP_BY
-- raw.a.id -> mart.m.c1 INDIRECT.FILTER
-- mart.m.id -> mart.m.c1 INDIRECT.FILTER

-- title: P17-3a pivot alias named in a correlated subquery
-- dialect: databricks
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}, "raw.c": {"k": "int", "v": "int", "d": "int"}}
create table mart.t as
select p.p1 from raw.a pivot (sum(x) for k in (1 as p1, 2 as p2)) as p where exists (select 1 from raw.c c where c.k = p.s)
-- expect:
-- raw.a.x -> mart.t.p1 DIRECT.AGGREGATION [sum]
-- raw.a.k -> mart.t.p1 INDIRECT.CONDITIONAL
-- raw.a.id -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.p1 INDIRECT.FILTER
-- raw.c.k -> mart.t.p1 INDIRECT.FILTER

-- title: P17-3b unpivot alias named in a correlated subquery
-- dialect: tsql
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}, "raw.c": {"k": "int", "v": "int", "d": "int"}}
select u.val into mart.t from raw.a unpivot (val for nm in (x, y)) as u where exists (select 1 from raw.c c where c.k = u.s)
-- expect:
-- raw.a.x -> mart.t.val DIRECT.IDENTITY
-- raw.a.y -> mart.t.val DIRECT.IDENTITY
-- raw.a.s -> mart.t.val INDIRECT.FILTER
-- raw.c.k -> mart.t.val INDIRECT.FILTER

-- title: P17-3c pivot alias named in a correlated scalar subquery of the select list
-- dialect: spark
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}, "raw.c": {"k": "int", "v": "int", "d": "int"}}
create table mart.t as
select p.id, (select max(c.v) from raw.c c where c.k = p.p1) as mv from raw.a pivot (sum(x) for k in (1 as p1, 2 as p2)) as p
-- expect:
-- raw.a.id -> mart.t.id DIRECT.IDENTITY
-- raw.a.id -> mart.t.id INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.id INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.id INDIRECT.GROUP_BY
-- raw.c.v -> mart.t.mv DIRECT.AGGREGATION [max]
-- raw.c.k -> mart.t.mv INDIRECT.FILTER
-- raw.a.x -> mart.t.mv INDIRECT.FILTER
-- raw.a.k -> mart.t.mv INDIRECT.FILTER
-- raw.a.id -> mart.t.mv INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.mv INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.mv INDIRECT.GROUP_BY

-- title: P17-4a two pivots of one table in one FROM
-- dialect: databricks
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
create table mart.t as
select p.p1, q.p2 from raw.a pivot (sum(x) for k in (1 as p1, 2 as p2)) as p
join raw.a pivot (max(y) for k in (1 as p1, 2 as p2)) as q on p.id = q.id
-- expect:
-- raw.a.x -> mart.t.p1 DIRECT.AGGREGATION [sum]
-- raw.a.k -> mart.t.p1 INDIRECT.CONDITIONAL
-- raw.a.id -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.x -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.id -> mart.t.p1 INDIRECT.JOIN
-- raw.a.y -> mart.t.p2 DIRECT.AGGREGATION [max]
-- raw.a.k -> mart.t.p2 INDIRECT.CONDITIONAL
-- raw.a.id -> mart.t.p2 INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.p2 INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.p2 INDIRECT.GROUP_BY
-- raw.a.x -> mart.t.p2 INDIRECT.GROUP_BY
-- raw.a.id -> mart.t.p2 INDIRECT.JOIN

-- title: P17-4b a pivot and an unpivot of one table in one FROM
-- dialect: tsql
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
select p.[1] as p1, u.val into mart.t from raw.a pivot (sum(x) for k in ([1], [2])) as p
join raw.a unpivot (val for nm in (x, y)) as u on p.id = u.id
-- expect:
-- raw.a.x -> mart.t.p1 DIRECT.AGGREGATION [sum]
-- raw.a.k -> mart.t.p1 INDIRECT.CONDITIONAL
-- raw.a.id -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.y -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.p1 INDIRECT.GROUP_BY
-- raw.a.id -> mart.t.p1 INDIRECT.JOIN
-- raw.a.x -> mart.t.val DIRECT.IDENTITY
-- raw.a.y -> mart.t.val DIRECT.IDENTITY
-- raw.a.id -> mart.t.val INDIRECT.JOIN
-- raw.a.y -> mart.t.val INDIRECT.GROUP_BY
-- raw.a.s -> mart.t.val INDIRECT.GROUP_BY
-- raw.a.id -> mart.t.val INDIRECT.GROUP_BY

-- title: P17-5a postgres ON CONFLICT after a FROM whose last join has no ON (natural join): the upsert kept, no join condition read from it
-- dialect: postgres
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int"}, "raw.b": {"id": "int", "k": "int", "z": "int"}, "mart.m": {"id": "int", "c1": "int", "c2": "int"}}
insert into mart.m (id, c1, c2) select a.id, a.x, b.z from raw.a a natural join raw.b b
on conflict (id) do update set c1 = excluded.c1
-- expect:
-- raw.a.id -> mart.m.id DIRECT.IDENTITY
-- raw.a.x -> mart.m.c1 DIRECT.IDENTITY
-- raw.b.z -> mart.m.c2 DIRECT.IDENTITY
-- raw.a.id -> mart.m.id INDIRECT.JOIN
-- raw.a.id -> mart.m.c1 INDIRECT.JOIN
-- raw.a.id -> mart.m.c2 INDIRECT.JOIN
-- raw.a.k -> mart.m.id INDIRECT.JOIN
-- raw.a.k -> mart.m.c1 INDIRECT.JOIN
-- raw.a.k -> mart.m.c2 INDIRECT.JOIN
-- raw.b.id -> mart.m.id INDIRECT.JOIN
-- raw.b.id -> mart.m.c1 INDIRECT.JOIN
-- raw.b.id -> mart.m.c2 INDIRECT.JOIN
-- raw.b.k -> mart.m.id INDIRECT.JOIN
-- raw.b.k -> mart.m.c1 INDIRECT.JOIN
-- raw.b.k -> mart.m.c2 INDIRECT.JOIN
-- mart.m.id -> mart.m.c1 INDIRECT.JOIN

-- title: P17-5b postgres ON CONFLICT ... WHERE after a CROSS JOIN LATERAL
-- dialect: postgres
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int"}, "raw.b": {"id": "int", "k": "int", "z": "int"}, "mart.m": {"id": "int", "c1": "int", "c2": "int"}}
insert into mart.m (id, c1, c2) select a.id, a.x, l.z from raw.a a cross join lateral (select b.z from raw.b b where b.k = a.k) l
on conflict (id) do update set c2 = excluded.c2 where mart.m.c1 > 0
-- expect:
-- raw.a.id -> mart.m.id DIRECT.IDENTITY
-- raw.a.x -> mart.m.c1 DIRECT.IDENTITY
-- raw.b.z -> mart.m.c2 DIRECT.IDENTITY
-- raw.a.k -> mart.m.id INDIRECT.FILTER
-- raw.a.k -> mart.m.c1 INDIRECT.FILTER
-- raw.a.k -> mart.m.c2 INDIRECT.FILTER
-- raw.b.k -> mart.m.id INDIRECT.FILTER
-- raw.b.k -> mart.m.c1 INDIRECT.FILTER
-- raw.b.k -> mart.m.c2 INDIRECT.FILTER
-- mart.m.id -> mart.m.c2 INDIRECT.JOIN
-- raw.a.id -> mart.m.c2 INDIRECT.JOIN
-- mart.m.c1 -> mart.m.c2 INDIRECT.FILTER

-- title: P17-5c duckdb ON CONFLICT after a NATURAL INNER JOIN of a CTE (the WITH before the INSERT)
-- dialect: duckdb
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int"}, "raw.b": {"id": "int", "k": "int", "z": "int"}, "mart.m": {"id": "int", "c1": "int", "c2": "int"}}
with c0 as (select id, z from raw.b)
insert into mart.m (id, c1, c2) select a.id, a.x, t.z from raw.a a natural inner join c0 as t
on conflict (id) do update set c1 = excluded.c1
-- expect:
-- raw.a.id -> mart.m.id DIRECT.IDENTITY
-- raw.a.x -> mart.m.c1 DIRECT.IDENTITY
-- raw.b.z -> mart.m.c2 DIRECT.IDENTITY
-- raw.a.id -> mart.m.id INDIRECT.JOIN
-- raw.a.id -> mart.m.c1 INDIRECT.JOIN
-- raw.a.id -> mart.m.c2 INDIRECT.JOIN
-- raw.b.id -> mart.m.id INDIRECT.JOIN
-- raw.b.id -> mart.m.c1 INDIRECT.JOIN
-- raw.b.id -> mart.m.c2 INDIRECT.JOIN
-- mart.m.id -> mart.m.c1 INDIRECT.JOIN
