-- title: searched CASE values are direct and conditions conditional
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text", "country": "text", "active": "bool"}}
create table mart.c as
select case when country = 'DE' then email when active then 'n/a' else null end as contact
from raw.users
-- expect:
-- raw.users.email -> mart.c.contact DIRECT.TRANSFORMATION [case]
-- raw.users.country -> mart.c.contact INDIRECT.CONDITIONAL
-- raw.users.active -> mart.c.contact INDIRECT.CONDITIONAL

-- title: simple CASE operand is a condition
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "country": "text"}}
create table mart.c as select id, case country when 'DE' then 'de' else 'other' end as region from raw.users
-- expect:
-- raw.users.id -> mart.c.id DIRECT.IDENTITY
-- raw.users.country -> mart.c.region INDIRECT.CONDITIONAL

-- title: CASE inside an aggregate
-- dialect: postgres
-- schema: {"raw.orders": {"user_id": "int", "amount": "numeric", "paid": "bool"}}
create table mart.c as
select user_id, sum(case when paid then amount else 0 end) as paid_total
from raw.orders group by user_id
-- expect:
-- raw.orders.user_id -> mart.c.user_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.c.paid_total DIRECT.AGGREGATION [case, sum]
-- raw.orders.paid -> mart.c.paid_total INDIRECT.CONDITIONAL
-- raw.orders.user_id -> mart.c.user_id INDIRECT.GROUP_BY
-- raw.orders.user_id -> mart.c.paid_total INDIRECT.GROUP_BY

-- title: snowflake IFF
-- dialect: snowflake
-- schema: {"raw.users": {"email": "varchar", "active": "boolean"}}
create table mart.c as select iff(active, email, null) as e from raw.users
-- expect:
-- raw.users.email -> mart.c.e DIRECT.TRANSFORMATION [if]
-- raw.users.active -> mart.c.e INDIRECT.CONDITIONAL

-- title: bigquery IF nested in a function
-- dialect: bigquery
-- schema: {"raw.users": {"email": "string", "country": "string"}}
create table mart.c as select upper(if(country = 'DE', email, 'x')) as e from raw.users
-- expect:
-- raw.users.email -> mart.c.e DIRECT.TRANSFORMATION [if, upper]
-- raw.users.country -> mart.c.e INDIRECT.CONDITIONAL

-- title: a column used as value and condition gets both edges
-- dialect: postgres
-- schema: {"raw.users": {"email": "text"}}
create table mart.c as select case when email like '%@%' then email end as e from raw.users
-- expect:
-- raw.users.email -> mart.c.e DIRECT.TRANSFORMATION [case]
-- raw.users.email -> mart.c.e INDIRECT.CONDITIONAL

-- title: aggregate FILTER clause is conditional
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "active": "bool", "country": "text"}}
create table mart.c as select country, count(id) filter (where active) as n_active from raw.users group by country
-- expect:
-- raw.users.country -> mart.c.country DIRECT.IDENTITY
-- raw.users.id -> mart.c.n_active DIRECT.AGGREGATION [count]
-- raw.users.active -> mart.c.n_active INDIRECT.CONDITIONAL
-- raw.users.country -> mart.c.country INDIRECT.GROUP_BY
-- raw.users.country -> mart.c.n_active INDIRECT.GROUP_BY

-- title: a CASE condition in a CTE filters the rows when its value is filtered on
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "country": "text"}}
create table mart.de as
with c as (select id, case when country = 'DE' then 1 else 0 end as is_de from raw.users)
select id from c where is_de = 1
-- expect:
-- raw.users.id -> mart.de.id DIRECT.IDENTITY
-- raw.users.country -> mart.de.id INDIRECT.FILTER
