-- P27-2: MERGE `UPDATE SET *` / `INSERT *` from a source of unknown columns into a target of
-- known columns sets each TARGET column from the source column of the same name (Delta).

-- title: P27-2 databricks merge update set star and insert star from a source of unknown columns
-- dialect: databricks
-- schema: {"silver.customers": {"customer_id": "int", "email": "string", "updated": "timestamp"}}
MERGE INTO silver.customers c USING bronze.customers_updates u ON c.customer_id = u.customer_id
WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *
-- expect:
-- bronze.customers_updates.customer_id -> silver.customers.customer_id DIRECT.IDENTITY
-- bronze.customers_updates.email -> silver.customers.email DIRECT.IDENTITY
-- bronze.customers_updates.updated -> silver.customers.updated DIRECT.IDENTITY
-- bronze.customers_updates.customer_id -> silver.customers.customer_id INDIRECT.JOIN
-- bronze.customers_updates.customer_id -> silver.customers.email INDIRECT.JOIN
-- bronze.customers_updates.customer_id -> silver.customers.updated INDIRECT.JOIN
-- silver.customers.customer_id -> silver.customers.customer_id INDIRECT.JOIN
-- silver.customers.customer_id -> silver.customers.email INDIRECT.JOIN
-- silver.customers.customer_id -> silver.customers.updated INDIRECT.JOIN

-- title: P27-2 spark merge with only update set star, unaliased tables
-- dialect: spark
-- schema: {"mart.t": {"id": "int", "v": "string"}}
merge into mart.t using raw.s on mart.t.id = raw.s.id
when matched then update set *
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.IDENTITY
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.v INDIRECT.JOIN

-- title: P27-2 databricks merge with only insert star, with a branch condition
-- dialect: databricks
-- schema: {"mart.t": {"id": "int", "v": "string"}}
merge into mart.t as t using raw.s as s on t.id = s.id
when not matched and s.op = 'I' then insert *
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.IDENTITY
-- raw.s.op -> mart.t.id INDIRECT.FILTER
-- raw.s.op -> mart.t.v INDIRECT.FILTER
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.v INDIRECT.JOIN

-- title: P27-2 merge star from a subquery selecting star over a table of unknown columns
-- dialect: databricks
-- schema: {"mart.t": {"id": "int", "v": "string"}}
merge into mart.t t using (select * from raw.s) s on t.id = s.id
when matched then update set *
when not matched then insert *
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.IDENTITY
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.v INDIRECT.JOIN

-- title: P27-2 merge star from a CTE over a table of unknown columns
-- dialect: databricks
-- schema: {"mart.t": {"id": "int", "v": "string"}}
with s as (select * from raw.s)
merge into mart.t t using s on t.id = s.id
when matched then update set *
when not matched then insert *
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.IDENTITY
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.v INDIRECT.JOIN

-- title: P27-2 merge star into a target whose columns an earlier CREATE of the file declares
-- dialect: databricks
create table if not exists mart.t (id int, v string) using delta;
merge into mart.t t using raw.s s on t.id = s.id
when matched then update set *
when not matched then insert *
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY @2
-- raw.s.v -> mart.t.v DIRECT.IDENTITY @2
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.v INDIRECT.JOIN

-- title: P27-2 merge star with schema evolution: the target's known columns too
-- dialect: databricks
-- schema: {"mart.t": {"id": "int", "v": "string"}}
merge with schema evolution into mart.t t using raw.s s on t.id = s.id
when matched then update set *
when not matched then insert *
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.IDENTITY
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.v INDIRECT.JOIN

-- title: P27-2 merge star with neither side's columns known keeps the star (unchanged)
-- dialect: databricks
merge into mart.t t using raw.s s on t.id = s.id
when matched then update set *
when not matched then insert *
-- expect:
-- raw.s.* -> mart.t.* DIRECT.IDENTITY (unresolved)
-- raw.s.id -> mart.t.* INDIRECT.JOIN
-- mart.t.id -> mart.t.* INDIRECT.JOIN
-- expect-diagnostics: unresolved-star raw.s.*

-- title: P27-2 merge star with both sides known stays by name over the common columns
-- dialect: databricks
-- schema: {"raw.s": {"v": "string", "id": "int", "extra": "int"}, "mart.t": {"id": "int", "v": "string", "w": "int"}}
merge into mart.t t using raw.s s on t.id = s.id
when matched then update set *
when not matched then insert *
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.IDENTITY
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.v INDIRECT.JOIN
