-- Found by the seventeenth probe (a fuzz of further constructs, 2026-11-26): recursive CTEs read
-- to a fixed point, and the ones T-SQL, Oracle, Snowflake and SQLite write without RECURSIVE.

-- title: P17-1a recursive CTE: a join key on a column the recursive branch itself rewrites reads only the anchor's sources
-- dialect: postgres
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}, "raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as
with recursive rc (p, q) as (
  select a.x, a.y from raw.a a
  union all
  select rc.q, rc.p from rc join raw.b b on b.id = rc.p
)
select rc.p, rc.q from rc
-- expect:
-- raw.a.x -> mart.t.p DIRECT.IDENTITY
-- raw.a.y -> mart.t.p DIRECT.IDENTITY
-- raw.a.x -> mart.t.q DIRECT.IDENTITY
-- raw.a.y -> mart.t.q DIRECT.IDENTITY
-- raw.a.x -> mart.t.p INDIRECT.JOIN
-- raw.a.y -> mart.t.p INDIRECT.JOIN
-- raw.b.id -> mart.t.p INDIRECT.JOIN
-- raw.a.x -> mart.t.q INDIRECT.JOIN
-- raw.a.y -> mart.t.q INDIRECT.JOIN
-- raw.b.id -> mart.t.q INDIRECT.JOIN

-- title: P17-1b recursive CTE: a value the recursive branch takes from another recursive column misses that column's recursive sources
-- dialect: postgres
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}, "raw.b": {"id": "int", "k": "int", "z": "int", "w": "int"}}
create table mart.t as
with recursive rc (p, q) as (
  select a.x, a.y from raw.a a
  union all
  select rc.q, b.z from rc join raw.b b on b.id = rc.p
)
select rc.p from rc
-- expect:
-- raw.a.x -> mart.t.p DIRECT.IDENTITY
-- raw.a.y -> mart.t.p DIRECT.IDENTITY
-- raw.b.z -> mart.t.p DIRECT.IDENTITY
-- raw.a.x -> mart.t.p INDIRECT.JOIN
-- raw.a.y -> mart.t.p INDIRECT.JOIN
-- raw.b.z -> mart.t.p INDIRECT.JOIN
-- raw.b.id -> mart.t.p INDIRECT.JOIN

-- title: P17-6 tsql recursive CTE (T-SQL has no RECURSIVE keyword): the self-reference is read as a table rc
-- dialect: tsql
-- schema: {"raw.a": {"id": "int", "k": "int", "x": "int", "y": "int", "s": "int"}}
with rc (p, q) as (
  select a.x, a.id from raw.a a
  union all
  select a.s, a.id from raw.a a join rc on a.y = rc.q
)
select rc.p, rc.q into mart.t from rc
-- expect:
-- raw.a.x -> mart.t.p DIRECT.IDENTITY
-- raw.a.s -> mart.t.p DIRECT.IDENTITY
-- raw.a.id -> mart.t.q DIRECT.IDENTITY
-- raw.a.y -> mart.t.p INDIRECT.JOIN
-- raw.a.y -> mart.t.q INDIRECT.JOIN
-- raw.a.id -> mart.t.p INDIRECT.JOIN
-- raw.a.id -> mart.t.q INDIRECT.JOIN

-- title: oracle recursive subquery factoring (no keyword): the self-reference is the CTE, each step's functions once
-- dialect: oracle
-- schema: {"raw.emp": {"id": "int", "mgr": "int", "name": "varchar"}}
insert into mart.tree (id, path)
with h (id, path) as (
  select id, name from raw.emp where mgr is null
  union all
  select e.id, h.path || '/' || upper(e.name) from raw.emp e join h on e.mgr = h.id
)
select id, path from h
-- expect:
-- raw.emp.id -> mart.tree.id DIRECT.IDENTITY
-- raw.emp.id -> mart.tree.id INDIRECT.JOIN
-- raw.emp.mgr -> mart.tree.id INDIRECT.FILTER
-- raw.emp.mgr -> mart.tree.id INDIRECT.JOIN
-- raw.emp.name -> mart.tree.path DIRECT.IDENTITY
-- raw.emp.name -> mart.tree.path DIRECT.TRANSFORMATION
-- raw.emp.name -> mart.tree.path DIRECT.TRANSFORMATION [upper]
-- raw.emp.id -> mart.tree.path INDIRECT.JOIN
-- raw.emp.mgr -> mart.tree.path INDIRECT.FILTER
-- raw.emp.mgr -> mart.tree.path INDIRECT.JOIN

-- title: snowflake CTE named like the table it reads, with no UNION, reads the table (not recursive)
-- dialect: snowflake
-- schema: {"raw.orders": {"id": "int", "amount": "int"}}
create table mart.big as
with orders as (select * from raw.orders where amount > 100)
select id from orders
-- expect:
-- raw.orders.id -> mart.big.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.big.id INDIRECT.FILTER
