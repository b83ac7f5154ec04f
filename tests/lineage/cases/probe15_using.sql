-- title: P15-4 the merged key of a LEFT JOIN USING in WHERE is the left column, not the optional side's
-- dialect: postgres
-- schema: {"raw.b": {"id": "int", "k": "int"}, "raw.c": {"k": "int", "v": "int"}}
create table mart.t as select b.id from raw.b b left join raw.c c using (k) where k > 0
-- expect:
-- raw.b.id -> mart.t.id DIRECT.IDENTITY
-- raw.b.k -> mart.t.id INDIRECT.FILTER
-- raw.b.k -> mart.t.id INDIRECT.JOIN
-- raw.c.k -> mart.t.id INDIRECT.JOIN

-- title: P15-4 the merged key of a RIGHT JOIN USING in GROUP BY is the right column
-- dialect: postgres
-- schema: {"raw.b": {"id": "int", "k": "int"}, "raw.c": {"k": "int", "v": "int"}}
create table mart.t as
select c.v, count(*) as n from raw.b b right join raw.c c using (k) group by c.v, k
-- expect:
-- raw.c.v -> mart.t.v DIRECT.IDENTITY
-- raw.c.v -> mart.t.v INDIRECT.GROUP_BY
-- raw.c.v -> mart.t.n INDIRECT.GROUP_BY
-- raw.c.k -> mart.t.v INDIRECT.GROUP_BY
-- raw.c.k -> mart.t.n INDIRECT.GROUP_BY
-- raw.b.k -> mart.t.v INDIRECT.JOIN
-- raw.b.k -> mart.t.n INDIRECT.JOIN
-- raw.c.k -> mart.t.v INDIRECT.JOIN
-- raw.c.k -> mart.t.n INDIRECT.JOIN

-- title: P15-4 a NATURAL LEFT JOIN key in a CASE condition inside a derived table is the left column
-- dialect: postgres
-- schema: {"raw.b": {"id": "int", "k": "int"}, "raw.c": {"k": "int", "v": "int"}}
create table mart.t as
select t.x from (select case when k > 0 then b.id end as x from raw.b b natural left join raw.c c) t
-- expect:
-- raw.b.id -> mart.t.x DIRECT.TRANSFORMATION [case]
-- raw.b.k -> mart.t.x INDIRECT.CONDITIONAL
-- raw.b.k -> mart.t.x INDIRECT.JOIN
-- raw.c.k -> mart.t.x INDIRECT.JOIN

-- title: P15-4 a LEFT JOIN USING key as a window partition key is the left column; a written COALESCE reads both
-- dialect: snowflake
-- schema: {"raw.b": {"id": "int", "k": "int"}, "raw.c": {"k": "int", "v": "int"}}
create table mart.t as
select b.id, row_number() over (partition by k order by b.id) as r
from raw.b b left join raw.c c using (k)
where coalesce(b.k, c.k) > 0
-- expect:
-- raw.b.id -> mart.t.id DIRECT.IDENTITY
-- raw.b.id -> mart.t.r INDIRECT.WINDOW
-- raw.b.k -> mart.t.r INDIRECT.WINDOW
-- raw.b.k -> mart.t.id INDIRECT.FILTER
-- raw.b.k -> mart.t.r INDIRECT.FILTER
-- raw.c.k -> mart.t.id INDIRECT.FILTER
-- raw.c.k -> mart.t.r INDIRECT.FILTER
-- raw.b.k -> mart.t.id INDIRECT.JOIN
-- raw.b.k -> mart.t.r INDIRECT.JOIN
-- raw.c.k -> mart.t.id INDIRECT.JOIN
-- raw.c.k -> mart.t.r INDIRECT.JOIN

-- title: P15-4 a LEFT JOIN USING key in a correlated subquery is the left column
-- dialect: postgres
-- schema: {"raw.b": {"id": "int", "k": "int"}, "raw.c": {"k": "int", "v": "int"}, "raw.e": {"x": "int"}}
create table mart.t as
select b.id from raw.b b left join raw.c c using (k)
where exists (select 1 from raw.e e where e.x = k)
-- expect:
-- raw.b.id -> mart.t.id DIRECT.IDENTITY
-- raw.b.k -> mart.t.id INDIRECT.FILTER
-- raw.e.x -> mart.t.id INDIRECT.FILTER
-- raw.b.k -> mart.t.id INDIRECT.JOIN
-- raw.c.k -> mart.t.id INDIRECT.JOIN

-- title: P15-3 a USING key in HAVING is the merged key, not ambiguous (sqlglot leaves it bare)
-- dialect: postgres
-- schema: {"raw.b": {"id": "int", "k": "int"}, "raw.c": {"k": "int", "v": "int"}}
create table mart.t as
select b.id, count(*) as n from raw.b b join raw.c c using (k) group by b.id having max(k) > 0
-- expect:
-- raw.b.id -> mart.t.id DIRECT.IDENTITY
-- raw.b.id -> mart.t.id INDIRECT.GROUP_BY
-- raw.b.id -> mart.t.n INDIRECT.GROUP_BY
-- raw.b.k -> mart.t.id INDIRECT.FILTER
-- raw.b.k -> mart.t.n INDIRECT.FILTER
-- raw.b.k -> mart.t.id INDIRECT.JOIN
-- raw.b.k -> mart.t.n INDIRECT.JOIN
-- raw.c.k -> mart.t.id INDIRECT.JOIN
-- raw.c.k -> mart.t.n INDIRECT.JOIN

-- title: P15-3 a USING key in QUALIFY is the merged key, not ambiguous
-- dialect: snowflake
-- schema: {"raw.b": {"id": "int", "k": "int"}, "raw.c": {"k": "int", "v": "int"}}
create table mart.t as
select b.id from raw.b b join raw.c c using (k) qualify row_number() over (partition by k order by b.id) = 1
-- expect:
-- raw.b.id -> mart.t.id DIRECT.IDENTITY
-- raw.b.id -> mart.t.id INDIRECT.FILTER
-- raw.b.k -> mart.t.id INDIRECT.FILTER
-- raw.b.k -> mart.t.id INDIRECT.JOIN
-- raw.c.k -> mart.t.id INDIRECT.JOIN

-- title: P15-3 a RIGHT JOIN USING key in HAVING is the right column
-- dialect: postgres
-- schema: {"raw.b": {"id": "int", "k": "int"}, "raw.c": {"k": "int", "v": "int"}}
create table mart.t as
select c.v, count(*) as n from raw.b b right join raw.c c using (k) group by c.v having max(k) > 0
-- expect:
-- raw.c.v -> mart.t.v DIRECT.IDENTITY
-- raw.c.v -> mart.t.v INDIRECT.GROUP_BY
-- raw.c.v -> mart.t.n INDIRECT.GROUP_BY
-- raw.c.k -> mart.t.v INDIRECT.FILTER
-- raw.c.k -> mart.t.n INDIRECT.FILTER
-- raw.b.k -> mart.t.v INDIRECT.JOIN
-- raw.b.k -> mart.t.n INDIRECT.JOIN
-- raw.c.k -> mart.t.v INDIRECT.JOIN
-- raw.c.k -> mart.t.n INDIRECT.JOIN

-- title: P15-3 a FULL JOIN USING key in QUALIFY reads both sides
-- dialect: snowflake
-- schema: {"raw.b": {"id": "int", "k": "int"}, "raw.c": {"k": "int", "v": "int"}}
create table mart.t as
select c.v from raw.b b full join raw.c c using (k) qualify row_number() over (partition by k order by c.v) = 1
-- expect:
-- raw.c.v -> mart.t.v DIRECT.IDENTITY
-- raw.c.v -> mart.t.v INDIRECT.FILTER
-- raw.b.k -> mart.t.v INDIRECT.FILTER
-- raw.c.k -> mart.t.v INDIRECT.FILTER
-- raw.b.k -> mart.t.v INDIRECT.JOIN
-- raw.c.k -> mart.t.v INDIRECT.JOIN

-- title: P15-3 a NATURAL LEFT JOIN key in HAVING inside a derived table is the left column
-- dialect: postgres
-- schema: {"raw.b": {"id": "int", "k": "int"}, "raw.c": {"k": "int", "v": "int"}}
create table mart.t as
select s.id
from (select b.id, count(*) as n from raw.b b natural left join raw.c c group by b.id having min(k) > 0) s
-- expect:
-- raw.b.id -> mart.t.id DIRECT.IDENTITY
-- raw.b.id -> mart.t.id INDIRECT.GROUP_BY
-- raw.b.k -> mart.t.id INDIRECT.FILTER
-- raw.b.k -> mart.t.id INDIRECT.JOIN
-- raw.c.k -> mart.t.id INDIRECT.JOIN

-- title: P15-2 mysql USING key written in another case than the column
-- dialect: mysql
-- schema: {"raw.a": {"id": "int", "k": "int", "s": "int"}, "raw.b": {"id": "int", "k": "int", "z": "int"}}
create table mart.t as select t2.z from raw.a t1 join raw.b t2 using (K)
-- expect:
-- raw.b.z -> mart.t.z DIRECT.IDENTITY
-- raw.a.k -> mart.t.z INDIRECT.JOIN
-- raw.b.k -> mart.t.z INDIRECT.JOIN

-- title: P15-2 mysql derived column spelled K joined USING (k)
-- dialect: mysql
-- schema: {"raw.a": {"id": "int", "k": "int", "s": "int"}, "raw.b": {"id": "int", "k": "int", "z": "int"}}
create table mart.t as select t2.z from (select K, s from raw.a) t1 join raw.b t2 using (k)
-- expect:
-- raw.b.z -> mart.t.z DIRECT.IDENTITY
-- raw.a.k -> mart.t.z INDIRECT.JOIN
-- raw.b.k -> mart.t.z INDIRECT.JOIN

-- title: P15-2 mysql merged USING key referenced in upper case is the merged key
-- dialect: mysql
-- schema: {"raw.a": {"id": "int", "s": "int"}, "raw.b": {"id": "int", "z": "int"}}
create table mart.t as select ID from raw.a t1 join raw.b t2 using (id)
-- expect:
-- raw.a.id -> mart.t.id DIRECT.IDENTITY
-- raw.a.id -> mart.t.id INDIRECT.JOIN
-- raw.b.id -> mart.t.id INDIRECT.JOIN

-- title: P15-2 mysql NATURAL LEFT JOIN of catalog columns spelled in different cases
-- dialect: mysql
-- schema: {"raw.a": {"ID": "int", "K": "int", "s": "int"}, "raw.b": {"id": "int", "k": "int", "z": "int"}}
create table mart.t as select t2.z, k from raw.a t1 natural left join raw.b t2
-- expect:
-- raw.a.k -> mart.t.k DIRECT.IDENTITY
-- raw.b.z -> mart.t.z DIRECT.IDENTITY
-- raw.a.id -> mart.t.k INDIRECT.JOIN
-- raw.a.k -> mart.t.k INDIRECT.JOIN
-- raw.b.id -> mart.t.k INDIRECT.JOIN
-- raw.b.k -> mart.t.k INDIRECT.JOIN
-- raw.a.id -> mart.t.z INDIRECT.JOIN
-- raw.a.k -> mart.t.z INDIRECT.JOIN
-- raw.b.id -> mart.t.z INDIRECT.JOIN
-- raw.b.k -> mart.t.z INDIRECT.JOIN

-- title: P15-2 mysql LEFT JOIN USING a catalog column spelled K, the key named k in HAVING
-- dialect: mysql
-- schema: {"raw.a": {"id": "int", "K": "int"}, "raw.b": {"k": "int", "z": "int"}}
create table mart.t as
select t1.id from raw.a t1 left join raw.b t2 using (k) group by t1.id having max(k) > 0
-- expect:
-- raw.a.id -> mart.t.id DIRECT.IDENTITY
-- raw.a.id -> mart.t.id INDIRECT.GROUP_BY
-- raw.a.k -> mart.t.id INDIRECT.FILTER
-- raw.a.k -> mart.t.id INDIRECT.JOIN
-- raw.b.k -> mart.t.id INDIRECT.JOIN

-- title: P15-2 mysql bare column spelled K in an IN subquery beside a self-joined CTE is not ambiguous
-- dialect: mysql
-- schema: {"raw.c": {"k": "int", "v": "int", "d": "int"}}
create table mart.t as
with cte0 as (select * from raw.c as t1)
select t3.d from cte0 t2, cte0 t3 where t2.k = t3.k and t2.v in (select K from raw.c where v is not null)
-- expect:
-- raw.c.d -> mart.t.d DIRECT.IDENTITY
-- raw.c.k -> mart.t.d INDIRECT.FILTER
-- raw.c.v -> mart.t.d INDIRECT.FILTER
