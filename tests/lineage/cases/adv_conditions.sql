-- Adversarial cases: columns that only decide (conditions) vs columns whose values flow.

-- title: case when condition column is conditional only
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "status": "text", "amount": "numeric", "discount": "numeric"}}
insert into mart.order_flags (id, bucket)
select id, case when status = 'paid' then amount else discount end
from raw.orders;
-- expect:
-- raw.orders.id -> mart.order_flags.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.order_flags.bucket DIRECT.TRANSFORMATION [case]
-- raw.orders.discount -> mart.order_flags.bucket DIRECT.TRANSFORMATION [case]
-- raw.orders.status -> mart.order_flags.bucket INDIRECT.CONDITIONAL

-- title: column used as value and as condition gets both edges
-- dialect: postgres
-- schema: {"raw.orders": {"id": "int", "amount": "numeric"}}
create table mart.capped as
select case when amount > 100 then amount else 0 end as capped_amount
from raw.orders;
-- expect:
-- raw.orders.amount -> mart.capped.capped_amount DIRECT.TRANSFORMATION [case]
-- raw.orders.amount -> mart.capped.capped_amount INDIRECT.CONDITIONAL

-- title: simple case operand is compared, not copied
-- schema: {"raw.users": {"id": "int", "country": "text"}}
create table mart.regions as
select id, case country when 'DE' then 'EU' when 'FR' then 'EU' else 'ROW' end as region
from raw.users;
-- expect:
-- raw.users.id -> mart.regions.id DIRECT.IDENTITY
-- raw.users.country -> mart.regions.region INDIRECT.CONDITIONAL

-- title: function on a condition column is still condition only
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.segments as
select id, case when lower(email) like '%@corp.example' then 'internal' else 'external' end as segment
from raw.users;
-- expect:
-- raw.users.id -> mart.segments.id DIRECT.IDENTITY
-- raw.users.email -> mart.segments.segment INDIRECT.CONDITIONAL

-- title: snowflake iff condition vs value
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "is_vip": "boolean", "email": "varchar"}}
create table mart.vip_contacts as
select id, iff(is_vip, email, null) as contact
from raw.users;
-- expect:
-- raw.users.id -> mart.vip_contacts.id DIRECT.IDENTITY
-- raw.users.email -> mart.vip_contacts.contact DIRECT.TRANSFORMATION [if]
-- raw.users.is_vip -> mart.vip_contacts.contact INDIRECT.CONDITIONAL

-- title: tsql iif picks one of two values
-- dialect: tsql
-- schema: {"raw.customers": {"id": "int", "country": "varchar", "vat_id": "varchar", "tax_id": "varchar"}}
insert into mart.tax_refs (id, tax_ref)
select id, iif(country = 'DE', vat_id, tax_id)
from raw.customers;
-- expect:
-- raw.customers.id -> mart.tax_refs.id DIRECT.IDENTITY
-- raw.customers.vat_id -> mart.tax_refs.tax_ref DIRECT.TRANSFORMATION [if]
-- raw.customers.tax_id -> mart.tax_refs.tax_ref DIRECT.TRANSFORMATION [if]
-- raw.customers.country -> mart.tax_refs.tax_ref INDIRECT.CONDITIONAL

-- title: mysql if with literal fallback
-- dialect: mysql
-- schema: {"raw.players": {"id": "int", "score": "int", "name": "varchar"}}
insert into mart.leaderboard (id, display_name)
select id, if(score > 50, name, 'anonymous')
from raw.players;
-- expect:
-- raw.players.id -> mart.leaderboard.id DIRECT.IDENTITY
-- raw.players.name -> mart.leaderboard.display_name DIRECT.TRANSFORMATION [if]
-- raw.players.score -> mart.leaderboard.display_name INDIRECT.CONDITIONAL

-- title: bigquery coalesce inside if - coalesce arguments are values
-- dialect: bigquery
-- schema: {"raw.users": {"id": "INT64", "opt_in": "BOOL", "email": "STRING", "backup_email": "STRING"}}
create table mart.mailable as
select id, if(opt_in, coalesce(email, backup_email), null) as mail_to
from raw.users;
-- expect:
-- raw.users.id -> mart.mailable.id DIRECT.IDENTITY
-- raw.users.email -> mart.mailable.mail_to DIRECT.TRANSFORMATION [coalesce, if]
-- raw.users.backup_email -> mart.mailable.mail_to DIRECT.TRANSFORMATION [coalesce, if]
-- raw.users.opt_in -> mart.mailable.mail_to INDIRECT.CONDITIONAL

-- title: coalesce with literal default has no condition edge
-- schema: {"raw.users": {"id": "int", "nickname": "text", "first_name": "text"}}
create table mart.display_names as
select id, coalesce(nickname, first_name, 'n/a') as display_name
from raw.users;
-- expect:
-- raw.users.id -> mart.display_names.id DIRECT.IDENTITY
-- raw.users.nickname -> mart.display_names.display_name DIRECT.TRANSFORMATION [coalesce]
-- raw.users.first_name -> mart.display_names.display_name DIRECT.TRANSFORMATION [coalesce]

-- title: nullif returns its first argument, the second only decides
-- dialect: postgres
-- schema: {"raw.contacts": {"id": "int", "phone": "text", "default_phone": "text"}}
create table mart.real_phones as
select id, nullif(phone, default_phone) as phone
from raw.contacts;
-- expect:
-- raw.contacts.id -> mart.real_phones.id DIRECT.IDENTITY
-- raw.contacts.phone -> mart.real_phones.phone DIRECT.TRANSFORMATION [nullif]
-- raw.contacts.phone -> mart.real_phones.phone INDIRECT.CONDITIONAL
-- raw.contacts.default_phone -> mart.real_phones.phone INDIRECT.CONDITIONAL

-- title: aggregate filter clause is conditional for its own target only
-- dialect: postgres
-- schema: {"raw.payments": {"user_id": "int", "amount": "numeric", "status": "text", "kind": "text"}}
insert into mart.user_stats (user_id, paid_total, refunds)
select user_id,
       sum(amount) filter (where status = 'paid'),
       count(*) filter (where kind = 'refund')
from raw.payments
group by user_id;
-- expect:
-- raw.payments.user_id -> mart.user_stats.user_id DIRECT.IDENTITY
-- raw.payments.amount -> mart.user_stats.paid_total DIRECT.AGGREGATION [sum]
-- raw.payments.status -> mart.user_stats.paid_total INDIRECT.CONDITIONAL
-- raw.payments.kind -> mart.user_stats.refunds INDIRECT.CONDITIONAL
-- raw.payments.user_id -> mart.user_stats.user_id INDIRECT.GROUP_BY
-- raw.payments.user_id -> mart.user_stats.paid_total INDIRECT.GROUP_BY
-- raw.payments.user_id -> mart.user_stats.refunds INDIRECT.GROUP_BY

-- title: having on an aggregate of a column not selected
-- dialect: postgres
-- schema: {"raw.payments": {"user_id": "int", "amount": "numeric", "risk_score": "int"}}
insert into mart.big_spenders (user_id, total)
select user_id, sum(amount)
from raw.payments
group by user_id
having count(*) > 5 and max(risk_score) < 80;
-- expect:
-- raw.payments.user_id -> mart.big_spenders.user_id DIRECT.IDENTITY
-- raw.payments.amount -> mart.big_spenders.total DIRECT.AGGREGATION [sum]
-- raw.payments.user_id -> mart.big_spenders.user_id INDIRECT.GROUP_BY
-- raw.payments.user_id -> mart.big_spenders.total INDIRECT.GROUP_BY
-- raw.payments.risk_score -> mart.big_spenders.user_id INDIRECT.FILTER
-- raw.payments.risk_score -> mart.big_spenders.total INDIRECT.FILTER

-- title: snowflake qualify window columns filter every target
-- dialect: snowflake
-- schema: {"raw.logins": {"user_id": "number", "ip": "varchar", "login_at": "timestamp"}}
create table mart.latest_login as
select user_id, ip
from raw.logins
qualify row_number() over (partition by user_id order by login_at desc) = 1;
-- expect:
-- raw.logins.user_id -> mart.latest_login.user_id DIRECT.IDENTITY
-- raw.logins.ip -> mart.latest_login.ip DIRECT.IDENTITY
-- raw.logins.user_id -> mart.latest_login.user_id INDIRECT.FILTER
-- raw.logins.user_id -> mart.latest_login.ip INDIRECT.FILTER
-- raw.logins.login_at -> mart.latest_login.user_id INDIRECT.FILTER
-- raw.logins.login_at -> mart.latest_login.ip INDIRECT.FILTER

-- title: window partition and order only reach the windowed target
-- schema: {"raw.emp": {"id": "int", "name": "text", "dept": "text", "salary": "int"}}
insert into mart.ranked (id, name, rnk)
select id, name, rank() over (partition by dept order by salary desc)
from raw.emp;
-- expect:
-- raw.emp.id -> mart.ranked.id DIRECT.IDENTITY
-- raw.emp.name -> mart.ranked.name DIRECT.IDENTITY
-- raw.emp.dept -> mart.ranked.rnk INDIRECT.WINDOW
-- raw.emp.salary -> mart.ranked.rnk INDIRECT.WINDOW

-- title: case inside sum is aggregation with a conditional
-- schema: {"raw.ledger": {"account_id": "int", "kind": "text", "amount": "numeric"}}
create table mart.credits as
select account_id, sum(case when kind = 'credit' then amount else 0 end) as credited
from raw.ledger
group by account_id;
-- expect:
-- raw.ledger.account_id -> mart.credits.account_id DIRECT.IDENTITY
-- raw.ledger.amount -> mart.credits.credited DIRECT.AGGREGATION [case, sum]
-- raw.ledger.kind -> mart.credits.credited INDIRECT.CONDITIONAL
-- raw.ledger.account_id -> mart.credits.account_id INDIRECT.GROUP_BY
-- raw.ledger.account_id -> mart.credits.credited INDIRECT.GROUP_BY

-- title: bigquery countif counts rows, its argument only decides
-- dialect: bigquery
-- schema: {"raw.jobs": {"team": "STRING", "status": "STRING"}}
create table mart.failures as
select team, countif(status = 'failed') as failed_jobs
from raw.jobs
group by team;
-- expect:
-- raw.jobs.team -> mart.failures.team DIRECT.IDENTITY
-- raw.jobs.status -> mart.failures.failed_jobs INDIRECT.CONDITIONAL
-- raw.jobs.team -> mart.failures.team INDIRECT.GROUP_BY
-- raw.jobs.team -> mart.failures.failed_jobs INDIRECT.GROUP_BY

-- title: case in where is a filter for every target
-- dialect: tsql
-- schema: {"raw.accounts": {"id": "int", "kind": "varchar", "limit_a": "int", "limit_b": "int"}}
insert into mart.limited (id)
select id from raw.accounts
where case when kind = 'A' then limit_a else limit_b end > 1000;
-- expect:
-- raw.accounts.id -> mart.limited.id DIRECT.IDENTITY
-- raw.accounts.kind -> mart.limited.id INDIRECT.FILTER
-- raw.accounts.limit_a -> mart.limited.id INDIRECT.FILTER
-- raw.accounts.limit_b -> mart.limited.id INDIRECT.FILTER

-- title: literal and count star targets still get the filter
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.corp_count as
select 'corp' as source, count(*) as n
from raw.users
where email like '%@corp.example';
-- expect:
-- raw.users.email -> mart.corp_count.source INDIRECT.FILTER
-- raw.users.email -> mart.corp_count.n INDIRECT.FILTER

-- title: unknown user function is a transformation
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}}
create table mart.tokens as
select id, my_tokenize(email) as token
from raw.users;
-- expect:
-- raw.users.id -> mart.tokens.id DIRECT.IDENTITY
-- raw.users.email -> mart.tokens.token DIRECT.TRANSFORMATION [my_tokenize]
