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
