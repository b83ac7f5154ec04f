-- title: clickhouse scalar with: the name in the select list is its expression
-- dialect: clickhouse
-- schema: {"raw.users": {"id": "Int64", "email": "String"}}
INSERT INTO export.feed (id, mail)
WITH lower(email) AS mail
SELECT id, mail FROM raw.users;
-- expect:
-- raw.users.id -> export.feed.id DIRECT.IDENTITY @3
-- raw.users.email -> export.feed.mail DIRECT.TRANSFORMATION [lower] @3

-- title: clickhouse scalar with used in where and group by, beside a scalar subquery
-- dialect: clickhouse
-- schema: {"raw.orders": {"id": "Int64", "ts": "DateTime", "amount": "Int64"}}
CREATE TABLE mart.hourly ENGINE = MergeTree ORDER BY h AS
WITH toStartOfHour(ts) AS h,
     (SELECT max(amount) FROM raw.orders) AS top
SELECT h, sum(amount) / top AS share
FROM raw.orders
WHERE h >= '2024-01-01'
GROUP BY h
-- expect:
-- raw.orders.ts -> mart.hourly.h DIRECT.TRANSFORMATION [timestamp_trunc] @4
-- raw.orders.amount -> mart.hourly.share DIRECT.AGGREGATION [sum] @4
-- raw.orders.amount -> mart.hourly.share DIRECT.AGGREGATION [max] @4
-- raw.orders.ts -> mart.hourly.h INDIRECT.FILTER @6
-- raw.orders.ts -> mart.hourly.share INDIRECT.FILTER @6
-- raw.orders.ts -> mart.hourly.h INDIRECT.GROUP_BY @7
-- raw.orders.ts -> mart.hourly.share INDIRECT.GROUP_BY @7

-- title: clickhouse scalar with names used by a later one and inside a subquery
-- dialect: clickhouse
-- schema: {"raw.users": {"id": "Int64", "email": "String"}}
CREATE TABLE mart.tagged ENGINE = MergeTree ORDER BY id AS
WITH lower(email) AS mail,
     concat(mail, '!') AS tag
SELECT id, t FROM (SELECT id, tag AS t FROM raw.users WHERE mail != '')
-- expect:
-- raw.users.id -> mart.tagged.id DIRECT.IDENTITY @4
-- raw.users.email -> mart.tagged.t DIRECT.TRANSFORMATION [lower, concat] @4
-- raw.users.email -> mart.tagged.id INDIRECT.FILTER @4
-- raw.users.email -> mart.tagged.t INDIRECT.FILTER @4

-- title: clickhouse scalar with named like its column; a qualified column and a lambda parameter stay
-- dialect: clickhouse
-- schema: {"raw.users": {"id": "Int64", "email": "String", "tags": "Array(Int64)"}}
CREATE TABLE mart.x ENGINE = MergeTree ORDER BY id AS
WITH 2 AS x, lower(email) AS email
SELECT u.id, email, u.email AS raw_email, arrayMap(x -> x * 2, tags) AS doubled
FROM raw.users AS u
-- expect:
-- raw.users.id -> mart.x.id DIRECT.IDENTITY @3
-- raw.users.email -> mart.x.email DIRECT.TRANSFORMATION [lower] @3
-- raw.users.email -> mart.x.raw_email DIRECT.IDENTITY @3
-- raw.users.tags -> mart.x.doubled DIRECT.TRANSFORMATION [transform] @3

-- title: clickhouse a subquery's own alias of the scalar WITH's name is that subquery's column, not the WITH's expression
-- dialect: clickhouse
-- schema: {"raw.users": {"id": "UInt64", "email": "String", "name": "String"}}
INSERT INTO export.feed (id, m)
WITH lower(email) AS mail
SELECT id, mail FROM (SELECT id, email, upper(name) AS mail FROM raw.users WHERE mail != '');
-- expect:
-- raw.users.id -> export.feed.id DIRECT.IDENTITY
-- raw.users.name -> export.feed.id INDIRECT.FILTER
-- raw.users.email -> export.feed.m DIRECT.TRANSFORMATION [lower]
-- raw.users.name -> export.feed.m INDIRECT.FILTER
