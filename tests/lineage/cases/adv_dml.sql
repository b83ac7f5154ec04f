-- Adversarial cases: UPDATE/MERGE in dialect forms, multi-table inserts, SELECT INTO, partitions.

-- title: postgres update from with a where join
-- dialect: postgres
-- schema: {"mart.users": {"id": "int", "email": "text", "updated_at": "timestamp"}, "raw.users_stage": {"id": "int", "email": "text"}}
update mart.users u
set email = s.email, updated_at = now()
from raw.users_stage s
where s.id = u.id;
-- expect:
-- raw.users_stage.email -> mart.users.email DIRECT.IDENTITY
-- raw.users_stage.id -> mart.users.email INDIRECT.FILTER
-- raw.users_stage.id -> mart.users.updated_at INDIRECT.FILTER
-- mart.users.id -> mart.users.email INDIRECT.FILTER
-- mart.users.id -> mart.users.updated_at INDIRECT.FILTER

-- title: mysql update with join
-- dialect: mysql
-- schema: {"mart.users": {"id": "int", "score": "int"}, "raw.scores": {"user_id": "int", "score": "int", "valid": "int"}}
update mart.users u
join raw.scores s on s.user_id = u.id
set u.score = s.score * 10
where s.valid = 1;
-- expect:
-- raw.scores.score -> mart.users.score DIRECT.TRANSFORMATION
-- raw.scores.user_id -> mart.users.score INDIRECT.JOIN
-- mart.users.id -> mart.users.score INDIRECT.JOIN
-- raw.scores.valid -> mart.users.score INDIRECT.FILTER

-- title: tsql update alias from join
-- dialect: tsql
-- schema: {"mart.users": {"id": "int", "segment": "varchar"}, "raw.segments": {"user_id": "int", "segment": "varchar"}}
update u
set u.segment = s.segment
from mart.users u
inner join raw.segments s on s.user_id = u.id;
-- expect:
-- raw.segments.segment -> mart.users.segment DIRECT.IDENTITY
-- raw.segments.user_id -> mart.users.segment INDIRECT.JOIN
-- mart.users.id -> mart.users.segment INDIRECT.JOIN

-- title: update with correlated subquery value
-- dialect: postgres
-- schema: {"mart.accounts": {"id": "int", "balance": "numeric", "closed": "boolean"}, "raw.txns": {"account_id": "int", "amount": "numeric"}}
update mart.accounts a
set balance = (select sum(t.amount) from raw.txns t where t.account_id = a.id)
where a.closed = false;
-- expect:
-- raw.txns.amount -> mart.accounts.balance DIRECT.AGGREGATION [sum]
-- raw.txns.account_id -> mart.accounts.balance INDIRECT.FILTER
-- mart.accounts.id -> mart.accounts.balance INDIRECT.FILTER
-- mart.accounts.closed -> mart.accounts.balance INDIRECT.FILTER

-- title: postgres update row of columns from a subquery
-- dialect: postgres
-- schema: {"mart.users": {"id": "int", "email": "text", "phone": "text"}, "raw.contacts": {"user_id": "int", "email": "text", "phone": "text"}}
update mart.users u
set (email, phone) = (select c.email, c.phone from raw.contacts c where c.user_id = u.id);
-- expect:
-- raw.contacts.email -> mart.users.email DIRECT.IDENTITY
-- raw.contacts.phone -> mart.users.phone DIRECT.IDENTITY
-- raw.contacts.user_id -> mart.users.email INDIRECT.FILTER
-- raw.contacts.user_id -> mart.users.phone INDIRECT.FILTER
-- mart.users.id -> mart.users.email INDIRECT.FILTER
-- mart.users.id -> mart.users.phone INDIRECT.FILTER

-- title: self update keeps the old value as source
-- schema: {"mart.users": {"id": "int", "email": "text"}}
update mart.users set email = lower(email) where email <> lower(email);
-- expect:
-- mart.users.email -> mart.users.email DIRECT.TRANSFORMATION [lower]
-- mart.users.email -> mart.users.email INDIRECT.FILTER

-- title: bigquery update from
-- dialect: bigquery
-- schema: {"mart.users": {"id": "INT64", "tier_id": "INT64", "tier": "STRING"}, "raw.tiers": {"id": "INT64", "tier": "STRING"}}
update mart.users u
set tier = t.tier
from raw.tiers t
where t.id = u.tier_id;
-- expect:
-- raw.tiers.tier -> mart.users.tier DIRECT.IDENTITY
-- raw.tiers.id -> mart.users.tier INDIRECT.FILTER
-- mart.users.tier_id -> mart.users.tier INDIRECT.FILTER

-- title: merge update keeps the target value and inserts from source
-- dialect: snowflake
-- schema: {"mart.balances": {"account_id": "number", "balance": "number"}, "raw.payments": {"account_id": "number", "amount": "number"}}
merge into mart.balances t
using raw.payments s
on t.account_id = s.account_id
when matched then update set balance = t.balance + s.amount
when not matched then insert (account_id, balance) values (s.account_id, s.amount);
-- expect:
-- mart.balances.balance -> mart.balances.balance DIRECT.TRANSFORMATION
-- raw.payments.amount -> mart.balances.balance DIRECT.TRANSFORMATION
-- raw.payments.amount -> mart.balances.balance DIRECT.IDENTITY
-- raw.payments.account_id -> mart.balances.account_id DIRECT.IDENTITY
-- mart.balances.account_id -> mart.balances.balance INDIRECT.JOIN
-- mart.balances.account_id -> mart.balances.account_id INDIRECT.JOIN
-- raw.payments.account_id -> mart.balances.balance INDIRECT.JOIN
-- raw.payments.account_id -> mart.balances.account_id INDIRECT.JOIN

-- title: tsql merge from a filtered source subquery
-- dialect: tsql
-- schema: {"mart.users": {"id": "int", "email": "varchar"}, "raw.users_stage": {"id": "int", "email": "varchar", "valid": "bit"}}
merge mart.users as t
using (select id, lower(email) as email from raw.users_stage where valid = 1) as s
on t.id = s.id
when matched then update set t.email = s.email
when not matched then insert (id, email) values (s.id, s.email);
-- expect:
-- raw.users_stage.email -> mart.users.email DIRECT.TRANSFORMATION [lower]
-- raw.users_stage.id -> mart.users.id DIRECT.IDENTITY
-- mart.users.id -> mart.users.email INDIRECT.JOIN
-- mart.users.id -> mart.users.id INDIRECT.JOIN
-- raw.users_stage.id -> mart.users.email INDIRECT.JOIN
-- raw.users_stage.id -> mart.users.id INDIRECT.JOIN
-- raw.users_stage.valid -> mart.users.email INDIRECT.FILTER
-- raw.users_stage.valid -> mart.users.id INDIRECT.FILTER

-- title: bigquery merge with matched condition
-- dialect: bigquery
-- schema: {"mart.users": {"id": "INT64", "name": "STRING", "updated_at": "TIMESTAMP"}, "raw.users_stage": {"id": "INT64", "name": "STRING", "updated_at": "TIMESTAMP"}}
merge mart.users t
using raw.users_stage s
on t.id = s.id
when matched and s.updated_at > t.updated_at then update set name = s.name, updated_at = s.updated_at
when not matched then insert (id, name, updated_at) values (s.id, s.name, s.updated_at);
-- expect-includes:
-- raw.users_stage.name -> mart.users.name DIRECT.IDENTITY
-- raw.users_stage.updated_at -> mart.users.updated_at DIRECT.IDENTITY
-- raw.users_stage.id -> mart.users.id DIRECT.IDENTITY
-- raw.users_stage.id -> mart.users.name INDIRECT.JOIN
-- mart.users.id -> mart.users.name INDIRECT.JOIN

-- title: hive multi-insert from one source
-- dialect: hive
-- schema: {"raw.events": {"user_id": "int", "url": "string", "kind": "string"}}
from raw.events e
insert overwrite table mart.clicks select e.user_id, e.url where e.kind = 'click'
insert into table mart.views select e.user_id, count(*) as n group by e.user_id;
-- expect:
-- raw.events.user_id -> mart.clicks.user_id DIRECT.IDENTITY
-- raw.events.url -> mart.clicks.url DIRECT.IDENTITY
-- raw.events.kind -> mart.clicks.user_id INDIRECT.FILTER
-- raw.events.kind -> mart.clicks.url INDIRECT.FILTER
-- raw.events.user_id -> mart.views.user_id DIRECT.IDENTITY
-- raw.events.user_id -> mart.views.user_id INDIRECT.GROUP_BY
-- raw.events.user_id -> mart.views.n INDIRECT.GROUP_BY

-- title: snowflake unconditional insert all
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "name": "varchar", "email": "varchar"}}
insert all
  into mart.names (id, name) values (id, name)
  into mart.emails (id, email) values (id, email)
select id, name, email from raw.users;
-- expect:
-- raw.users.id -> mart.names.id DIRECT.IDENTITY
-- raw.users.name -> mart.names.name DIRECT.IDENTITY
-- raw.users.id -> mart.emails.id DIRECT.IDENTITY
-- raw.users.email -> mart.emails.email DIRECT.IDENTITY

-- title: snowflake conditional insert first
-- dialect: snowflake
-- schema: {"raw.orders": {"id": "number", "amount": "number"}}
insert first
  when amount > 1000 then into mart.big_orders (id, amount) values (id, amount)
  else into mart.small_orders (id, amount) values (id, amount)
select id, amount from raw.orders;
-- expect-includes:
-- raw.orders.id -> mart.big_orders.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.big_orders.amount DIRECT.IDENTITY
-- raw.orders.id -> mart.small_orders.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.small_orders.amount DIRECT.IDENTITY

-- title: tsql select into a temp table then insert
-- dialect: tsql
-- schema: {"raw.users": {"id": "int", "email": "varchar", "active": "bit"}}
select id, upper(email) as email into #u from raw.users where active = 1;
insert into mart.users_uc (id, email) select id, email from #u;
-- expect:
-- raw.users.id -> mart.users_uc.id DIRECT.IDENTITY
-- raw.users.email -> mart.users_uc.email DIRECT.TRANSFORMATION [upper]
-- raw.users.active -> mart.users_uc.id INDIRECT.FILTER
-- raw.users.active -> mart.users_uc.email INDIRECT.FILTER

-- title: tsql select into a persistent table
-- dialect: tsql
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
select id, email into mart.users_copy from raw.users;
-- expect:
-- raw.users.id -> mart.users_copy.id DIRECT.IDENTITY
-- raw.users.email -> mart.users_copy.email DIRECT.IDENTITY

-- title: hive insert overwrite static partition
-- dialect: hive
-- schema: {"raw.orders": {"user_id": "int", "amount": "double", "dt": "string"}, "mart.daily": {"user_id": "int", "total": "double", "dt": "string"}}
insert overwrite table mart.daily partition (dt = '2024-01-01')
select user_id, sum(amount) from raw.orders where dt = '2024-01-01' group by user_id;
-- expect:
-- raw.orders.user_id -> mart.daily.user_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.daily.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.daily.user_id INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.daily.total INDIRECT.GROUP_BY
-- raw.orders.dt -> mart.daily.user_id INDIRECT.FILTER
-- raw.orders.dt -> mart.daily.total INDIRECT.FILTER

-- title: spark insert overwrite dynamic partition maps the last column
-- dialect: spark
-- schema: {"raw.orders": {"user_id": "int", "amount": "double", "order_date": "string"}, "mart.daily_orders": {"user_id": "int", "total": "double", "dt": "string"}}
insert overwrite table mart.daily_orders partition (dt)
select user_id, amount, order_date from raw.orders;
-- expect:
-- raw.orders.user_id -> mart.daily_orders.user_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.daily_orders.total DIRECT.IDENTITY
-- raw.orders.order_date -> mart.daily_orders.dt DIRECT.IDENTITY

-- title: postgres insert on conflict with excluded pseudo table
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "name": "text"}, "mart.users": {"id": "int", "name": "text"}}
insert into mart.users (id, name)
select id, name from raw.users
on conflict (id) do update set name = excluded.name;
-- expect:
-- raw.users.id -> mart.users.id DIRECT.IDENTITY
-- raw.users.name -> mart.users.name DIRECT.IDENTITY
-- mart.users.id -> mart.users.name INDIRECT.JOIN
-- raw.users.id -> mart.users.name INDIRECT.JOIN
