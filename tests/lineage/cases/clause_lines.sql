-- title: an INDIRECT edge has the line of the clause that makes it, through a CTE too
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "status": "text", "amount": "int", "customer_id": "int", "created_at": "date"}, "raw.customers": {"id": "int", "region": "text"}, "mart.orders": {"region": "text", "status": "text", "total": "int"}}
insert into mart.orders
with recent as (
  select o.id, o.status, o.amount, c.region
  from raw.orders o
  join raw.customers c
    on c.id = o.customer_id
  where o.created_at > '2024-01-01'
)
select
  region,
  status,
  sum(amount) as total
from recent
where
  status <> 'cancelled'
group by
  region, status
order by
  total desc
-- expect:
-- raw.customers.region -> mart.orders.region DIRECT.IDENTITY @10
-- raw.orders.status -> mart.orders.status DIRECT.IDENTITY @11
-- raw.orders.amount -> mart.orders.total DIRECT.AGGREGATION [sum] @12
-- raw.customers.id -> mart.orders.region INDIRECT.JOIN @6
-- raw.orders.customer_id -> mart.orders.region INDIRECT.JOIN @6
-- raw.orders.created_at -> mart.orders.region INDIRECT.FILTER @7
-- raw.orders.status -> mart.orders.region INDIRECT.FILTER @15
-- raw.customers.region -> mart.orders.region INDIRECT.GROUP_BY @17
-- raw.orders.status -> mart.orders.region INDIRECT.GROUP_BY @17
-- raw.orders.amount -> mart.orders.region INDIRECT.SORT @19
-- raw.customers.id -> mart.orders.status INDIRECT.JOIN @6
-- raw.orders.customer_id -> mart.orders.status INDIRECT.JOIN @6
-- raw.orders.created_at -> mart.orders.status INDIRECT.FILTER @7
-- raw.orders.status -> mart.orders.status INDIRECT.FILTER @15
-- raw.customers.region -> mart.orders.status INDIRECT.GROUP_BY @17
-- raw.orders.status -> mart.orders.status INDIRECT.GROUP_BY @17
-- raw.orders.amount -> mart.orders.status INDIRECT.SORT @19
-- raw.customers.id -> mart.orders.total INDIRECT.JOIN @6
-- raw.orders.customer_id -> mart.orders.total INDIRECT.JOIN @6
-- raw.orders.created_at -> mart.orders.total INDIRECT.FILTER @7
-- raw.orders.status -> mart.orders.total INDIRECT.FILTER @15
-- raw.customers.region -> mart.orders.total INDIRECT.GROUP_BY @17
-- raw.orders.status -> mart.orders.total INDIRECT.GROUP_BY @17
-- raw.orders.amount -> mart.orders.total INDIRECT.SORT @19

-- title: one column's INDIRECT edges have their clause's line too (not folded into a wide edge)
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "status": "text"}}
create table mart.ids as
select id
from raw.orders
where
  status = 'open'
-- expect:
-- raw.orders.id -> mart.ids.id DIRECT.IDENTITY @2
-- raw.orders.status -> mart.ids.id INDIRECT.FILTER @5

-- title: UPDATE's WHERE gives its line
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "status": "text", "amount": "int"}, "mart.o": {"id": "int", "status": "text", "amount": "int"}}
update mart.o
set status = r.status,
    amount = r.amount
from raw.orders r
where
  r.id = mart.o.id;
-- expect:
-- raw.orders.status -> mart.o.status DIRECT.IDENTITY @2
-- raw.orders.amount -> mart.o.amount DIRECT.IDENTITY @3
-- mart.o.id -> mart.o.status INDIRECT.FILTER @6
-- raw.orders.id -> mart.o.status INDIRECT.FILTER @6
-- mart.o.id -> mart.o.amount INDIRECT.FILTER @6
-- raw.orders.id -> mart.o.amount INDIRECT.FILTER @6

-- title: MERGE's ON gives its line
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "status": "text", "amount": "int"}, "mart.o": {"id": "int", "status": "text", "amount": "int"}}
merge into mart.o t
using raw.orders r
on
  t.id = r.id
when matched then update set
  status = r.status
when not matched then insert (id, status)
  values (r.id, r.status);
-- expect:
-- raw.orders.status -> mart.o.status DIRECT.IDENTITY @6
-- raw.orders.id -> mart.o.id DIRECT.IDENTITY @8
-- mart.o.id -> mart.o.status INDIRECT.JOIN @4
-- raw.orders.id -> mart.o.status INDIRECT.JOIN @4
-- mart.o.id -> mart.o.id INDIRECT.JOIN @4
-- raw.orders.id -> mart.o.id INDIRECT.JOIN @4

-- title: a set operation's ORDER BY and a branch's WHERE give their lines
-- dialect: postgres
-- schema: {"raw.a": {"k": "int", "v": "text"}, "raw.b": {"k": "int", "v": "text", "ok": "bool"}}
create table mart.u as
select k, v from raw.a
union all
select k, v from raw.b
where ok
order by
  k
-- expect:
-- raw.a.k -> mart.u.k DIRECT.IDENTITY @2
-- raw.a.v -> mart.u.v DIRECT.IDENTITY @2
-- raw.b.k -> mart.u.k DIRECT.IDENTITY @4
-- raw.b.v -> mart.u.v DIRECT.IDENTITY @4
-- raw.b.ok -> mart.u.k INDIRECT.FILTER @5
-- raw.b.ok -> mart.u.v INDIRECT.FILTER @5
-- raw.a.k -> mart.u.k INDIRECT.SORT @7
-- raw.a.k -> mart.u.v INDIRECT.SORT @7
-- raw.b.k -> mart.u.k INDIRECT.SORT @7
-- raw.b.k -> mart.u.v INDIRECT.SORT @7
