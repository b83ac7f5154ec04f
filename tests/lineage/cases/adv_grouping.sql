-- Adversarial cases: windows with frames, grouping extensions, positional/alias grouping.

-- title: running sum with frame
-- dialect: snowflake
-- schema: {"raw.payments": {"user_id": "number", "ts": "timestamp", "amount": "number"}}
create table mart.running as
select user_id,
       sum(amount) over (partition by user_id order by ts rows between unbounded preceding and current row) as running_total
from raw.payments;
-- expect:
-- raw.payments.user_id -> mart.running.user_id DIRECT.IDENTITY
-- raw.payments.amount -> mart.running.running_total DIRECT.AGGREGATION [sum]
-- raw.payments.user_id -> mart.running.running_total INDIRECT.WINDOW
-- raw.payments.ts -> mart.running.running_total INDIRECT.WINDOW

-- title: lag is a transformation with window edges
-- dialect: postgres
-- schema: {"raw.payments": {"id": "int", "user_id": "int", "ts": "timestamp", "amount": "numeric"}}
create table mart.prev_payment as
select id, lag(amount) over (partition by user_id order by ts) as prev_amount
from raw.payments;
-- expect:
-- raw.payments.id -> mart.prev_payment.id DIRECT.IDENTITY
-- raw.payments.amount -> mart.prev_payment.prev_amount DIRECT.TRANSFORMATION [lag]
-- raw.payments.user_id -> mart.prev_payment.prev_amount INDIRECT.WINDOW
-- raw.payments.ts -> mart.prev_payment.prev_amount INDIRECT.WINDOW

-- title: named window clause
-- dialect: postgres
-- schema: {"raw.sales": {"id": "int", "region": "text", "day": "date", "amount": "numeric"}}
create table mart.moving as
select id, avg(amount) over w as moving_avg
from raw.sales
window w as (partition by region order by day rows between 6 preceding and current row);
-- expect:
-- raw.sales.id -> mart.moving.id DIRECT.IDENTITY
-- raw.sales.amount -> mart.moving.moving_avg DIRECT.AGGREGATION [avg]
-- raw.sales.region -> mart.moving.moving_avg INDIRECT.WINDOW
-- raw.sales.day -> mart.moving.moving_avg INDIRECT.WINDOW

-- title: count star over partition has only window edges
-- schema: {"raw.emp": {"id": "int", "dept": "text"}}
create table mart.dept_sizes as
select id, count(*) over (partition by dept) as dept_size
from raw.emp;
-- expect:
-- raw.emp.id -> mart.dept_sizes.id DIRECT.IDENTITY
-- raw.emp.dept -> mart.dept_sizes.dept_size INDIRECT.WINDOW

-- title: group by rollup
-- dialect: postgres
-- schema: {"raw.sales": {"region": "text", "product": "text", "amount": "numeric"}}
create table mart.rollup_sales as
select region, product, sum(amount) as total
from raw.sales
group by rollup (region, product);
-- expect:
-- raw.sales.region -> mart.rollup_sales.region DIRECT.IDENTITY
-- raw.sales.product -> mart.rollup_sales.product DIRECT.IDENTITY
-- raw.sales.amount -> mart.rollup_sales.total DIRECT.AGGREGATION [sum]
-- raw.sales.region -> mart.rollup_sales.region INDIRECT.GROUP_BY
-- raw.sales.region -> mart.rollup_sales.product INDIRECT.GROUP_BY
-- raw.sales.region -> mart.rollup_sales.total INDIRECT.GROUP_BY
-- raw.sales.product -> mart.rollup_sales.region INDIRECT.GROUP_BY
-- raw.sales.product -> mart.rollup_sales.product INDIRECT.GROUP_BY
-- raw.sales.product -> mart.rollup_sales.total INDIRECT.GROUP_BY

-- title: group by cube in spark
-- dialect: spark
-- schema: {"raw.sales": {"region": "string", "product": "string", "amount": "double"}}
create table mart.cube_sales as
select region, product, sum(amount) as total
from raw.sales
group by cube (region, product);
-- expect:
-- raw.sales.region -> mart.cube_sales.region DIRECT.IDENTITY
-- raw.sales.product -> mart.cube_sales.product DIRECT.IDENTITY
-- raw.sales.amount -> mart.cube_sales.total DIRECT.AGGREGATION [sum]
-- raw.sales.region -> mart.cube_sales.region INDIRECT.GROUP_BY
-- raw.sales.region -> mart.cube_sales.product INDIRECT.GROUP_BY
-- raw.sales.region -> mart.cube_sales.total INDIRECT.GROUP_BY
-- raw.sales.product -> mart.cube_sales.region INDIRECT.GROUP_BY
-- raw.sales.product -> mart.cube_sales.product INDIRECT.GROUP_BY
-- raw.sales.product -> mart.cube_sales.total INDIRECT.GROUP_BY

-- title: grouping sets
-- dialect: snowflake
-- schema: {"raw.sales": {"region": "varchar", "product": "varchar", "amount": "number"}}
create table mart.gs_sales as
select region, product, sum(amount) as total
from raw.sales
group by grouping sets ((region), (product), ());
-- expect:
-- raw.sales.region -> mart.gs_sales.region DIRECT.IDENTITY
-- raw.sales.product -> mart.gs_sales.product DIRECT.IDENTITY
-- raw.sales.amount -> mart.gs_sales.total DIRECT.AGGREGATION [sum]
-- raw.sales.region -> mart.gs_sales.region INDIRECT.GROUP_BY
-- raw.sales.region -> mart.gs_sales.product INDIRECT.GROUP_BY
-- raw.sales.region -> mart.gs_sales.total INDIRECT.GROUP_BY
-- raw.sales.product -> mart.gs_sales.region INDIRECT.GROUP_BY
-- raw.sales.product -> mart.gs_sales.product INDIRECT.GROUP_BY
-- raw.sales.product -> mart.gs_sales.total INDIRECT.GROUP_BY

-- title: postgres distinct on keeps values
-- dialect: postgres
-- schema: {"raw.logins": {"user_id": "int", "ip": "text", "login_at": "timestamp"}}
create table mart.first_ip as
select distinct on (user_id) user_id, ip
from raw.logins
order by user_id, login_at;
-- expect-includes:
-- raw.logins.user_id -> mart.first_ip.user_id DIRECT.IDENTITY
-- raw.logins.ip -> mart.first_ip.ip DIRECT.IDENTITY
-- raw.logins.user_id -> mart.first_ip.ip INDIRECT.SORT
-- raw.logins.login_at -> mart.first_ip.ip INDIRECT.SORT
-- raw.logins.login_at -> mart.first_ip.user_id INDIRECT.SORT

-- title: duckdb group by all
-- dialect: duckdb
-- schema: {"raw.sales": {"region": "varchar", "product": "varchar", "amount": "double"}}
create table mart.ga_sales as
select region, upper(product) as p, sum(amount) as total
from raw.sales
group by all;
-- expect:
-- raw.sales.region -> mart.ga_sales.region DIRECT.IDENTITY
-- raw.sales.product -> mart.ga_sales.p DIRECT.TRANSFORMATION [upper]
-- raw.sales.amount -> mart.ga_sales.total DIRECT.AGGREGATION [sum]
-- raw.sales.region -> mart.ga_sales.region INDIRECT.GROUP_BY
-- raw.sales.region -> mart.ga_sales.p INDIRECT.GROUP_BY
-- raw.sales.region -> mart.ga_sales.total INDIRECT.GROUP_BY
-- raw.sales.product -> mart.ga_sales.region INDIRECT.GROUP_BY
-- raw.sales.product -> mart.ga_sales.p INDIRECT.GROUP_BY
-- raw.sales.product -> mart.ga_sales.total INDIRECT.GROUP_BY

-- title: group by position and order by position
-- dialect: mysql
-- schema: {"raw.orders": {"country": "varchar", "amount": "decimal"}}
insert into mart.by_country (country, total)
select country, sum(amount) from raw.orders group by 1 order by 2 desc;
-- expect:
-- raw.orders.country -> mart.by_country.country DIRECT.IDENTITY
-- raw.orders.amount -> mart.by_country.total DIRECT.AGGREGATION [sum]
-- raw.orders.country -> mart.by_country.country INDIRECT.GROUP_BY
-- raw.orders.country -> mart.by_country.total INDIRECT.GROUP_BY
-- raw.orders.amount -> mart.by_country.country INDIRECT.SORT
-- raw.orders.amount -> mart.by_country.total INDIRECT.SORT

-- title: bigquery group by a select alias
-- dialect: bigquery
-- schema: {"raw.users": {"id": "INT64", "email": "STRING"}}
create table mart.domains as
select lower(email) as e, count(*) as c
from raw.users
group by e;
-- expect:
-- raw.users.email -> mart.domains.e DIRECT.TRANSFORMATION [lower]
-- raw.users.email -> mart.domains.e INDIRECT.GROUP_BY
-- raw.users.email -> mart.domains.c INDIRECT.GROUP_BY

-- title: ordered-set aggregate takes its value from within group
-- dialect: postgres
-- schema: {"raw.orders": {"region": "text", "amount": "numeric"}}
create table mart.medians as
select region, percentile_cont(0.5) within group (order by amount) as median_amount
from raw.orders
group by region;
-- expect:
-- raw.orders.region -> mart.medians.region DIRECT.IDENTITY
-- raw.orders.amount -> mart.medians.median_amount DIRECT.AGGREGATION [percentile_cont]
-- raw.orders.region -> mart.medians.region INDIRECT.GROUP_BY
-- raw.orders.region -> mart.medians.median_amount INDIRECT.GROUP_BY

-- title: count distinct is an aggregation of the column
-- schema: {"raw.visits": {"page": "text", "user_id": "int"}}
create table mart.page_uniques as
select page, count(distinct user_id) as uniques
from raw.visits
group by page;
-- expect:
-- raw.visits.page -> mart.page_uniques.page DIRECT.IDENTITY
-- raw.visits.user_id -> mart.page_uniques.uniques DIRECT.AGGREGATION [count]
-- raw.visits.page -> mart.page_uniques.page INDIRECT.GROUP_BY
-- raw.visits.page -> mart.page_uniques.uniques INDIRECT.GROUP_BY

-- title: first_value with frame in bigquery
-- dialect: bigquery
-- schema: {"raw.sessions": {"user_id": "INT64", "started": "TIMESTAMP", "landing_page": "STRING"}}
create table mart.first_pages as
select user_id,
       first_value(landing_page) over (partition by user_id order by started rows between unbounded preceding and unbounded following) as first_page
from raw.sessions;
-- expect:
-- raw.sessions.user_id -> mart.first_pages.user_id DIRECT.IDENTITY
-- raw.sessions.landing_page -> mart.first_pages.first_page DIRECT.TRANSFORMATION [first_value]
-- raw.sessions.user_id -> mart.first_pages.first_page INDIRECT.WINDOW
-- raw.sessions.started -> mart.first_pages.first_page INDIRECT.WINDOW
