-- title: distinct on key decides every output's rows, as a group by key does (probe 35)
-- dialect: postgres
-- schema: {"raw.signups": {"id": "int", "email": "text", "plan": "text", "ts": "timestamp"}}
create table marts.one_per_email as
select distinct on (email) id, plan
from raw.signups;
-- expect:
-- raw.signups.id -> marts.one_per_email.id DIRECT.IDENTITY @2
-- raw.signups.plan -> marts.one_per_email.plan DIRECT.IDENTITY @2
-- raw.signups.email -> marts.one_per_email.id INDIRECT.GROUP_BY @2
-- raw.signups.email -> marts.one_per_email.plan INDIRECT.GROUP_BY @2

-- title: distinct on reads an output alias and a position by order by's rules; the order by sorts
-- dialect: postgres
-- schema: {"raw.signups": {"id": "int", "email": "text", "plan": "text", "ts": "timestamp"}}
create table marts.latest as
select distinct on (e, 3)
  s.id, lower(s.email) as e, s.plan as p
from raw.signups s
order by e, 3, s.ts desc;
-- expect:
-- raw.signups.id -> marts.latest.id DIRECT.IDENTITY @3
-- raw.signups.email -> marts.latest.e DIRECT.TRANSFORMATION [lower] @3
-- raw.signups.plan -> marts.latest.p DIRECT.IDENTITY @3
-- raw.signups.email -> marts.latest.id INDIRECT.GROUP_BY @2
-- raw.signups.email -> marts.latest.e INDIRECT.GROUP_BY @2
-- raw.signups.email -> marts.latest.p INDIRECT.GROUP_BY @2
-- raw.signups.plan -> marts.latest.id INDIRECT.GROUP_BY @2
-- raw.signups.plan -> marts.latest.e INDIRECT.GROUP_BY @2
-- raw.signups.plan -> marts.latest.p INDIRECT.GROUP_BY @2
-- raw.signups.email -> marts.latest.id INDIRECT.SORT @5
-- raw.signups.email -> marts.latest.e INDIRECT.SORT @5
-- raw.signups.email -> marts.latest.p INDIRECT.SORT @5
-- raw.signups.plan -> marts.latest.id INDIRECT.SORT @5
-- raw.signups.plan -> marts.latest.e INDIRECT.SORT @5
-- raw.signups.plan -> marts.latest.p INDIRECT.SORT @5
-- raw.signups.ts -> marts.latest.id INDIRECT.SORT @5
-- raw.signups.ts -> marts.latest.e INDIRECT.SORT @5
-- raw.signups.ts -> marts.latest.p INDIRECT.SORT @5

-- title: distinct on in a cte reaches the outer query's reads of it
-- dialect: postgres
-- schema: {"raw.award_suppliers": {"award_id": "int", "supplier_index": "int", "name": "text"}}
create view marts.suppliers as
with one as (
  select distinct on (award_id, supplier_index) award_id, name from raw.award_suppliers
)
select name from one;
-- expect:
-- raw.award_suppliers.name -> marts.suppliers.name DIRECT.IDENTITY @5
-- raw.award_suppliers.award_id -> marts.suppliers.name INDIRECT.GROUP_BY @3
-- raw.award_suppliers.supplier_index -> marts.suppliers.name INDIRECT.GROUP_BY @3

-- title: duckdb distinct on keys rows the same way
-- dialect: duckdb
-- schema: {"raw.signups": {"id": "int", "email": "text", "plan": "text"}}
create table marts.one_per_email as select distinct on (email) id from raw.signups;
-- expect:
-- raw.signups.id -> marts.one_per_email.id DIRECT.IDENTITY
-- raw.signups.email -> marts.one_per_email.id INDIRECT.GROUP_BY

-- title: plain distinct compares the outputs themselves, no key edge
-- dialect: postgres
-- schema: {"raw.signups": {"id": "int", "email": "text", "plan": "text"}}
create table marts.plans as select distinct plan from raw.signups;
-- expect:
-- raw.signups.plan -> marts.plans.plan DIRECT.IDENTITY
