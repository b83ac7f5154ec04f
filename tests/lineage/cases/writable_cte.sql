-- Postgres writable CTEs: the INSERT / UPDATE / DELETE in a WITH writes its table, and the CTE
-- is the rows its RETURNING gives (an UPDATE's set columns carry their SET expression).

-- title: update returning moves the updated rows into an archive
-- dialect: postgres
-- schema: {"app.orders": {"id": "int", "amount": "numeric", "status": "text", "created": "timestamp"}}
with moved as (
  update app.orders set status = 'archived'
  where created < now() - interval '1 year'
  returning id, amount, status
)
insert into archive.orders (id, amount, status) select id, amount, status from moved;
-- expect:
-- app.orders.created -> app.orders.status INDIRECT.FILTER
-- app.orders.id -> archive.orders.id DIRECT.IDENTITY
-- app.orders.amount -> archive.orders.amount DIRECT.IDENTITY
-- app.orders.created -> archive.orders.id INDIRECT.FILTER
-- app.orders.created -> archive.orders.amount INDIRECT.FILTER
-- app.orders.created -> archive.orders.status INDIRECT.FILTER

-- title: update from returning carries the set expression of a set column
-- dialect: postgres
-- schema: {"app.orders": {"id": "int", "amount": "numeric", "status": "text"}, "raw.fx": {"order_id": "int", "rate": "numeric"}}
with converted as (
  update app.orders o set amount = o.amount * f.rate
  from raw.fx f where f.order_id = o.id
  returning o.id, o.amount as eur, f.rate
)
insert into hist.conversions select id, eur, rate from converted;
-- expect:
-- app.orders.amount -> app.orders.amount DIRECT.TRANSFORMATION
-- raw.fx.rate -> app.orders.amount DIRECT.TRANSFORMATION
-- app.orders.id -> app.orders.amount INDIRECT.FILTER
-- raw.fx.order_id -> app.orders.amount INDIRECT.FILTER
-- app.orders.id -> hist.conversions.id DIRECT.IDENTITY
-- app.orders.amount -> hist.conversions.eur DIRECT.TRANSFORMATION
-- raw.fx.rate -> hist.conversions.eur DIRECT.TRANSFORMATION
-- raw.fx.rate -> hist.conversions.rate DIRECT.IDENTITY
-- app.orders.id -> hist.conversions.id INDIRECT.FILTER
-- app.orders.id -> hist.conversions.eur INDIRECT.FILTER
-- app.orders.id -> hist.conversions.rate INDIRECT.FILTER
-- raw.fx.order_id -> hist.conversions.id INDIRECT.FILTER
-- raw.fx.order_id -> hist.conversions.eur INDIRECT.FILTER
-- raw.fx.order_id -> hist.conversions.rate INDIRECT.FILTER

-- title: update returning star gives the new row, set columns replaced
-- dialect: postgres
-- schema: {"app.users": {"id": "int", "email": "text", "score": "int"}, "hist.users": {"id": "int", "email": "text", "score": "int"}}
with changed as (update app.users set email = lower(email) where score > 0 returning *)
insert into hist.users select * from changed;
-- expect:
-- app.users.email -> app.users.email DIRECT.TRANSFORMATION [lower]
-- app.users.score -> app.users.email INDIRECT.FILTER
-- app.users.id -> hist.users.id DIRECT.IDENTITY
-- app.users.email -> hist.users.email DIRECT.TRANSFORMATION [lower]
-- app.users.score -> hist.users.score DIRECT.IDENTITY
-- app.users.score -> hist.users.id INDIRECT.FILTER
-- app.users.score -> hist.users.email INDIRECT.FILTER
-- app.users.score -> hist.users.score INDIRECT.FILTER

-- title: postgres 18 old and new rows in an update's returning
-- dialect: postgres
-- schema: {"app.accounts": {"id": "int", "balance": "numeric"}}
with paid as (
  update app.accounts set balance = balance - 10 where id = 7
  returning id, old.balance as before, new.balance as after
)
insert into audit.balances (id, before, after) select id, before, after from paid;
-- expect:
-- app.accounts.balance -> app.accounts.balance DIRECT.TRANSFORMATION
-- app.accounts.id -> app.accounts.balance INDIRECT.FILTER
-- app.accounts.id -> audit.balances.id DIRECT.IDENTITY
-- app.accounts.balance -> audit.balances.before DIRECT.IDENTITY
-- app.accounts.balance -> audit.balances.after DIRECT.TRANSFORMATION
-- app.accounts.id -> audit.balances.id INDIRECT.FILTER
-- app.accounts.id -> audit.balances.before INDIRECT.FILTER
-- app.accounts.id -> audit.balances.after INDIRECT.FILTER

-- title: insert returning feeds a second insert with the inserted values
-- dialect: postgres
-- schema: {"raw.s": {"id": "int", "v": "int"}}
with ins as (insert into a.t (id, v) select id, v from raw.s returning id)
insert into a.log (id) select id from ins;
-- expect:
-- raw.s.id -> a.t.id DIRECT.IDENTITY
-- raw.s.v -> a.t.v DIRECT.IDENTITY
-- raw.s.id -> a.log.id DIRECT.IDENTITY

-- title: insert returning a defaulted column and an expression over the inserted row
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text", "active": "boolean"}, "app.users": {"id": "int", "email": "text", "created_at": "timestamp"}}
with added as (
  insert into app.users as u (id, email)
  select id, email from raw.users where active
  returning u.id, upper(email) as email_uc, created_at
)
insert into app.welcome (user_id, email, since) select id, email_uc, created_at from added;
-- expect:
-- raw.users.id -> app.users.id DIRECT.IDENTITY
-- raw.users.email -> app.users.email DIRECT.IDENTITY
-- raw.users.active -> app.users.id INDIRECT.FILTER
-- raw.users.active -> app.users.email INDIRECT.FILTER
-- raw.users.id -> app.welcome.user_id DIRECT.IDENTITY
-- raw.users.email -> app.welcome.email DIRECT.TRANSFORMATION [upper]
-- raw.users.active -> app.welcome.user_id INDIRECT.FILTER
-- raw.users.active -> app.welcome.email INDIRECT.FILTER
-- raw.users.active -> app.welcome.since INDIRECT.FILTER

-- title: insert values returning star reads no table
-- dialect: postgres
-- schema: {"app.events": {"id": "int", "kind": "text"}}
with e as (insert into app.events (id, kind) values (1, 'signup') returning *)
insert into app.event_log (event_id, kind) select id, kind from e;
-- expect:

-- title: writable ctes reading an earlier cte, one without returning
-- dialect: postgres
-- schema: {"raw.s": {"id": "int", "v": "int"}, "a.old": {"id": "int"}}
with src as (select id, v from raw.s where v > 0),
     purge as (delete from a.old where id in (select id from src)),
     ins as (insert into a.t (id, v) select id, v * 2 from src returning id, v)
select count(*) from ins;
-- expect:
-- raw.s.id -> a.t.id DIRECT.IDENTITY
-- raw.s.v -> a.t.v DIRECT.TRANSFORMATION
-- raw.s.v -> a.t.id INDIRECT.FILTER
-- raw.s.v -> a.t.v INDIRECT.FILTER

-- title: delete returning with old row and using
-- dialect: postgres
-- schema: {"app.sessions": {"id": "int", "user_id": "int", "ts": "timestamp"}, "app.banned": {"user_id": "int"}}
with gone as (
  delete from app.sessions s using app.banned b where b.user_id = s.user_id
  returning old.id, s.ts
)
insert into audit.sessions (id, ts) select id, ts from gone;
-- expect:
-- app.sessions.id -> audit.sessions.id DIRECT.IDENTITY
-- app.sessions.ts -> audit.sessions.ts DIRECT.IDENTITY
-- app.banned.user_id -> audit.sessions.id INDIRECT.FILTER
-- app.banned.user_id -> audit.sessions.ts INDIRECT.FILTER
-- app.sessions.user_id -> audit.sessions.id INDIRECT.FILTER
-- app.sessions.user_id -> audit.sessions.ts INDIRECT.FILTER
