-- title: the same source through two function chains gives two edges
-- dialect: postgres
-- schema: {"raw.users": {"email": "text"}}
create table mart.t as select coalesce(email, sha2(email)) as e from raw.users
-- expect:
-- raw.users.email -> mart.t.e DIRECT.TRANSFORMATION [coalesce]
-- raw.users.email -> mart.t.e DIRECT.TRANSFORMATION [sha2, coalesce]

-- title: nested functions innermost first
-- dialect: snowflake
-- schema: {"raw.users": {"email": "varchar"}}
create table mart.t as select upper(trim(sha2(email))) as e from raw.users
-- expect:
-- raw.users.email -> mart.t.e DIRECT.TRANSFORMATION [sha2, trim, upper]

-- title: user-defined function keeps its written name
-- dialect: postgres
-- schema: {"raw.users": {"email": "text"}}
create table mart.t as select My_Mask(email) as e from raw.users
-- expect:
-- raw.users.email -> mart.t.e DIRECT.TRANSFORMATION [my_mask]

-- title: dialect synonyms use the canonical name
-- dialect: snowflake
-- schema: {"raw.users": {"email": "varchar", "phone": "varchar"}}
create table mart.t as select nvl(email, phone) as contact from raw.users
-- expect:
-- raw.users.email -> mart.t.contact DIRECT.TRANSFORMATION [coalesce]
-- raw.users.phone -> mart.t.contact DIRECT.TRANSFORMATION [coalesce]

-- title: arithmetic over two columns
-- dialect: postgres
-- schema: {"raw.orders": {"amount": "numeric", "rate": "numeric"}}
create table mart.t as select amount * rate as eur, round(amount, 2) as r from raw.orders
-- expect:
-- raw.orders.amount -> mart.t.eur DIRECT.TRANSFORMATION
-- raw.orders.rate -> mart.t.eur DIRECT.TRANSFORMATION
-- raw.orders.amount -> mart.t.r DIRECT.TRANSFORMATION [round]

-- title: aggregate over a transformation
-- dialect: postgres
-- schema: {"raw.users": {"email": "text", "country": "text"}}
create table mart.t as select country, max(md5(email)) as h from raw.users group by country
-- expect:
-- raw.users.country -> mart.t.country DIRECT.IDENTITY
-- raw.users.email -> mart.t.h DIRECT.AGGREGATION [md5, max]
-- raw.users.country -> mart.t.country INDIRECT.GROUP_BY
-- raw.users.country -> mart.t.h INDIRECT.GROUP_BY

-- title: aggregates sqlglot knows only by name are aggregations
-- dialect: trino
-- schema: {"raw.o": {"cust": "varchar", "k": "varchar", "v": "double"}}
create table mart.a as select cust, map_agg(k, v) as m, geometric_mean(v) as g from raw.o group by cust
-- expect:
-- raw.o.cust -> mart.a.cust DIRECT.IDENTITY
-- raw.o.k -> mart.a.m DIRECT.AGGREGATION [map_agg]
-- raw.o.v -> mart.a.m DIRECT.AGGREGATION [map_agg]
-- raw.o.v -> mart.a.g DIRECT.AGGREGATION [geometric_mean]
-- raw.o.cust -> mart.a.cust INDIRECT.GROUP_BY
-- raw.o.cust -> mart.a.m INDIRECT.GROUP_BY
-- raw.o.cust -> mart.a.g INDIRECT.GROUP_BY

-- title: postgres every() is an aggregation
-- dialect: postgres
-- schema: {"raw.o": {"ok": "boolean"}}
create table mart.a as select every(ok) as all_ok from raw.o
-- expect:
-- raw.o.ok -> mart.a.all_ok DIRECT.AGGREGATION [every]
