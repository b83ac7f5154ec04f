-- title: snowflake merge with update insert and delete branches
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar", "visits": "number", "deleted": "boolean"}, "mart.users": {"id": "number", "email": "varchar", "visits": "number"}}
merge into mart.users t using raw.users s on t.id = s.id
when matched and s.deleted then delete
when matched then update set email = s.email, visits = t.visits + s.visits
when not matched then insert (id, email, visits) values (s.id, s.email, s.visits)
-- expect:
-- raw.users.email -> mart.users.email DIRECT.IDENTITY
-- mart.users.visits -> mart.users.visits DIRECT.TRANSFORMATION
-- raw.users.visits -> mart.users.visits DIRECT.TRANSFORMATION
-- raw.users.visits -> mart.users.visits DIRECT.IDENTITY
-- raw.users.id -> mart.users.id DIRECT.IDENTITY
-- raw.users.deleted -> mart.users.email INDIRECT.FILTER
-- raw.users.deleted -> mart.users.visits INDIRECT.FILTER
-- mart.users.id -> mart.users.email INDIRECT.JOIN
-- mart.users.id -> mart.users.visits INDIRECT.JOIN
-- mart.users.id -> mart.users.id INDIRECT.JOIN
-- raw.users.id -> mart.users.email INDIRECT.JOIN
-- raw.users.id -> mart.users.visits INDIRECT.JOIN
-- raw.users.id -> mart.users.id INDIRECT.JOIN

-- title: merge from a subquery source with a branch condition
-- dialect: bigquery
-- schema: {"raw.orders": {"user_id": "int64", "amount": "numeric"}, "mart.totals": {"user_id": "int64", "total": "numeric"}}
merge mart.totals t
using (select user_id, sum(amount) as total from raw.orders group by user_id) s
on t.user_id = s.user_id
when matched and s.total > t.total then update set total = s.total
when not matched then insert (user_id, total) values (s.user_id, s.total)
-- expect:
-- raw.orders.amount -> mart.totals.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.totals.user_id DIRECT.IDENTITY
-- raw.orders.user_id -> mart.totals.total INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.totals.user_id INDIRECT.GROUP_BY
-- raw.orders.amount -> mart.totals.total INDIRECT.FILTER
-- mart.totals.total -> mart.totals.total INDIRECT.FILTER
-- raw.orders.user_id -> mart.totals.total INDIRECT.JOIN
-- raw.orders.user_id -> mart.totals.user_id INDIRECT.JOIN
-- mart.totals.user_id -> mart.totals.total INDIRECT.JOIN
-- mart.totals.user_id -> mart.totals.user_id INDIRECT.JOIN

-- title: databricks merge with update set star and insert star
-- dialect: databricks
-- schema: {"raw.users": {"id": "int", "email": "string"}, "mart.users": {"id": "int", "email": "string"}}
merge into mart.users t using raw.users s on t.id = s.id
when matched then update set *
when not matched then insert *
-- expect:
-- raw.users.id -> mart.users.id DIRECT.IDENTITY
-- raw.users.email -> mart.users.email DIRECT.IDENTITY
-- mart.users.id -> mart.users.id INDIRECT.JOIN
-- mart.users.id -> mart.users.email INDIRECT.JOIN
-- raw.users.id -> mart.users.id INDIRECT.JOIN
-- raw.users.id -> mart.users.email INDIRECT.JOIN

-- title: postgres merge insert with a function
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "mart.users": {"id": "int", "email_hash": "text"}}
merge into mart.users t using raw.users s on t.id = s.id
when not matched then insert (id, email_hash) values (s.id, md5(s.email))
-- expect:
-- raw.users.id -> mart.users.id DIRECT.IDENTITY
-- raw.users.email -> mart.users.email_hash DIRECT.TRANSFORMATION [md5]
-- mart.users.id -> mart.users.id INDIRECT.JOIN
-- mart.users.id -> mart.users.email_hash INDIRECT.JOIN
-- raw.users.id -> mart.users.id INDIRECT.JOIN
-- raw.users.id -> mart.users.email_hash INDIRECT.JOIN

-- title: bigquery merge insert values without a column list fills the target's columns in order
-- dialect: bigquery
-- schema: {"mart.t": {"id": "int64", "v": "string"}, "raw.s": {"id": "int64", "v": "string"}}
merge mart.t t using raw.s s on t.id = s.id
when matched then update set v = s.v
when not matched then insert values (s.id, upper(s.v))
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.TRANSFORMATION [upper]
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.v INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN

-- title: redshift merge insert values without a column list
-- dialect: redshift
-- schema: {"mart.t": {"id": "int", "v": "varchar"}, "raw.s": {"id": "int", "v": "varchar"}}
merge into mart.t using raw.s s on mart.t.id = s.id
when not matched then insert values (s.id, s.v)
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.IDENTITY
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.v INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN

-- title: dbt snapshot merge inserts bare (quoted) source names in the not matched branch
-- dialect: snowflake
-- schema: {"analytics.snap": {"id": "int", "email": "text", "dbt_scd_id": "text", "dbt_valid_to": "timestamp"}, "analytics.snap__dbt_tmp": {"id": "int", "email": "text", "dbt_scd_id": "text", "dbt_valid_to": "timestamp", "dbt_change_type": "text"}}
merge into analytics.snap as DBT_INTERNAL_DEST
using analytics.snap__dbt_tmp as DBT_INTERNAL_SOURCE
on DBT_INTERNAL_SOURCE.dbt_scd_id = DBT_INTERNAL_DEST.dbt_scd_id
when matched
 and DBT_INTERNAL_DEST.dbt_valid_to is null
 and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')
    then update set dbt_valid_to = DBT_INTERNAL_SOURCE.dbt_valid_to
when not matched
 and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'
    then insert ("ID", "EMAIL", "DBT_SCD_ID", "DBT_VALID_TO")
    values ("ID", "EMAIL", "DBT_SCD_ID", "DBT_VALID_TO");
-- expect:
-- analytics.snap__dbt_tmp.id -> analytics.snap.id DIRECT.IDENTITY
-- analytics.snap__dbt_tmp.email -> analytics.snap.email DIRECT.IDENTITY
-- analytics.snap__dbt_tmp.dbt_scd_id -> analytics.snap.dbt_scd_id DIRECT.IDENTITY
-- analytics.snap__dbt_tmp.dbt_valid_to -> analytics.snap.dbt_valid_to DIRECT.IDENTITY
-- analytics.snap.dbt_valid_to -> analytics.snap.dbt_valid_to INDIRECT.FILTER
-- analytics.snap__dbt_tmp.dbt_change_type -> analytics.snap.id INDIRECT.FILTER
-- analytics.snap__dbt_tmp.dbt_change_type -> analytics.snap.email INDIRECT.FILTER
-- analytics.snap__dbt_tmp.dbt_change_type -> analytics.snap.dbt_scd_id INDIRECT.FILTER
-- analytics.snap__dbt_tmp.dbt_change_type -> analytics.snap.dbt_valid_to INDIRECT.FILTER
-- analytics.snap.dbt_scd_id -> analytics.snap.id INDIRECT.JOIN
-- analytics.snap.dbt_scd_id -> analytics.snap.email INDIRECT.JOIN
-- analytics.snap.dbt_scd_id -> analytics.snap.dbt_scd_id INDIRECT.JOIN
-- analytics.snap.dbt_scd_id -> analytics.snap.dbt_valid_to INDIRECT.JOIN
-- analytics.snap__dbt_tmp.dbt_scd_id -> analytics.snap.id INDIRECT.JOIN
-- analytics.snap__dbt_tmp.dbt_scd_id -> analytics.snap.email INDIRECT.JOIN
-- analytics.snap__dbt_tmp.dbt_scd_id -> analytics.snap.dbt_scd_id INDIRECT.JOIN
-- analytics.snap__dbt_tmp.dbt_scd_id -> analytics.snap.dbt_valid_to INDIRECT.JOIN

-- title: postgres merge not matched insert with bare names, a function and default
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "mart.users": {"id": "int", "email": "text", "created": "timestamp"}}
merge into mart.users t using raw.users s on t.id = s.id
when not matched then insert (id, email, created) values (id, lower(email), default)
-- expect:
-- raw.users.id -> mart.users.id DIRECT.IDENTITY
-- raw.users.email -> mart.users.email DIRECT.TRANSFORMATION [lower]
-- mart.users.id -> mart.users.id INDIRECT.JOIN
-- mart.users.id -> mart.users.email INDIRECT.JOIN
-- mart.users.id -> mart.users.created INDIRECT.JOIN
-- raw.users.id -> mart.users.id INDIRECT.JOIN
-- raw.users.id -> mart.users.email INDIRECT.JOIN
-- raw.users.id -> mart.users.created INDIRECT.JOIN

-- title: bigquery merge not matched by target with a bare condition and bare values
-- dialect: bigquery
-- schema: {"raw.s": {"id": "int64", "v": "string", "ok": "bool"}, "mart.t": {"id": "int64", "v": "string"}}
merge mart.t t using raw.s s on t.id = s.id
when not matched by target and ok then insert values (id, upper(v))
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.v -> mart.t.v DIRECT.TRANSFORMATION [upper]
-- raw.s.ok -> mart.t.id INDIRECT.FILTER
-- raw.s.ok -> mart.t.v INDIRECT.FILTER
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.v INDIRECT.JOIN
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.v INDIRECT.JOIN

-- title: tsql merge bare names are the source's when not matched by target, the target's by source
-- dialect: tsql
-- schema: {"raw.s": {"id": "int", "email": "varchar", "active": "bit"}, "mart.t": {"id": "int", "email": "varchar", "active": "bit"}}
merge mart.t as t using raw.s as s on t.id = s.id
when not matched by target then insert (id, email, active) values (id, email, active)
when not matched by source and active = 1 then update set active = 0, email = lower(email);
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.email -> mart.t.email DIRECT.IDENTITY
-- raw.s.active -> mart.t.active DIRECT.IDENTITY
-- mart.t.email -> mart.t.email DIRECT.TRANSFORMATION [lower]
-- mart.t.active -> mart.t.email INDIRECT.FILTER
-- mart.t.active -> mart.t.active INDIRECT.FILTER
-- mart.t.id -> mart.t.id INDIRECT.JOIN
-- mart.t.id -> mart.t.email INDIRECT.JOIN
-- mart.t.id -> mart.t.active INDIRECT.JOIN
-- raw.s.id -> mart.t.id INDIRECT.JOIN
-- raw.s.id -> mart.t.email INDIRECT.JOIN
-- raw.s.id -> mart.t.active INDIRECT.JOIN

-- title: databricks merge from a subquery source inserts bare names
-- dialect: databricks
-- schema: {"raw.events": {"user_id": "int", "ts": "timestamp"}, "mart.first_seen": {"user_id": "int", "ts": "timestamp"}}
merge into mart.first_seen f
using (select user_id, min(ts) as ts from raw.events group by user_id) e
on f.user_id = e.user_id
when not matched then insert (user_id, ts) values (user_id, ts)
-- expect:
-- raw.events.user_id -> mart.first_seen.user_id DIRECT.IDENTITY
-- raw.events.ts -> mart.first_seen.ts DIRECT.AGGREGATION [min]
-- raw.events.user_id -> mart.first_seen.user_id INDIRECT.GROUP_BY
-- raw.events.user_id -> mart.first_seen.ts INDIRECT.GROUP_BY
-- mart.first_seen.user_id -> mart.first_seen.user_id INDIRECT.JOIN
-- mart.first_seen.user_id -> mart.first_seen.ts INDIRECT.JOIN
-- raw.events.user_id -> mart.first_seen.user_id INDIRECT.JOIN
-- raw.events.user_id -> mart.first_seen.ts INDIRECT.JOIN

-- title: redshift MERGE ... REMOVE DUPLICATES writes each source column to the same-position target column, a source named like the target included
-- dialect: redshift
-- schema: {"dw.u": {"id": "int", "nm": "varchar", "w": "int"}, "stg.u": {"id": "int", "name": "varchar", "v": "int"}}
merge into dw.u using stg.u on dw.u.id = stg.u.id remove duplicates
-- expect:
-- stg.u.id -> dw.u.id DIRECT.IDENTITY
-- stg.u.name -> dw.u.nm DIRECT.IDENTITY
-- stg.u.v -> dw.u.w DIRECT.IDENTITY
-- dw.u.id -> dw.u.id INDIRECT.JOIN
-- stg.u.id -> dw.u.id INDIRECT.JOIN
-- dw.u.id -> dw.u.nm INDIRECT.JOIN
-- stg.u.id -> dw.u.nm INDIRECT.JOIN
-- dw.u.id -> dw.u.w INDIRECT.JOIN
-- stg.u.id -> dw.u.w INDIRECT.JOIN

-- title: redshift MERGE ... REMOVE DUPLICATES from an aliased derived table
-- dialect: redshift
-- schema: {"dw.u": {"id": "int", "v": "int"}, "stg.s": {"id": "int", "v": "int"}}
merge into dw.u t using (select id, v from stg.s where v > 0) s on t.id = s.id remove duplicates;
-- expect:
-- stg.s.id -> dw.u.id DIRECT.IDENTITY
-- stg.s.v -> dw.u.v DIRECT.IDENTITY
-- dw.u.id -> dw.u.id INDIRECT.JOIN
-- stg.s.id -> dw.u.id INDIRECT.JOIN
-- stg.s.v -> dw.u.id INDIRECT.FILTER
-- dw.u.id -> dw.u.v INDIRECT.JOIN
-- stg.s.id -> dw.u.v INDIRECT.JOIN
-- stg.s.v -> dw.u.v INDIRECT.FILTER

-- title: redshift MERGE ... REMOVE DUPLICATES from a source of unknown columns: an unresolved star, diagnosed
-- dialect: redshift
-- schema: {"dw.u": {"id": "int", "v": "int"}}
merge into dw.u using stg.u on dw.u.id = stg.u.id remove duplicates
-- expect:
-- stg.u.* -> dw.u.* DIRECT.IDENTITY (unresolved)
-- dw.u.id -> dw.u.* INDIRECT.JOIN
-- stg.u.id -> dw.u.* INDIRECT.JOIN
-- expect-diagnostics:
-- unresolved-star stg.u
