-- title: transform applies the lambda to each element
-- dialect: spark
-- schema: {"raw.users": {"id": "int", "emails": "array<string>"}}
create table mart.t as select id, transform(emails, e -> sha2(e, 256)) as hashed from raw.users
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.emails -> mart.t.hashed DIRECT.TRANSFORMATION [sha2, transform]

-- title: filter keeps elements and its lambda is a condition
-- dialect: spark
-- schema: {"raw.users": {"tags": "array<string>"}}
create table mart.t as select filter(tags, t -> t <> '') as tags from raw.users
-- expect:
-- raw.users.tags -> mart.t.tags DIRECT.TRANSFORMATION [filter]
-- raw.users.tags -> mart.t.tags INDIRECT.CONDITIONAL

-- title: duckdb list_transform with an outer column in the lambda
-- dialect: duckdb
-- schema: {"raw.orders": {"amounts": "double[]", "rate": "double"}}
create table mart.t as select list_transform(amounts, a -> a * rate) as eur from raw.orders
-- expect:
-- raw.orders.amounts -> mart.t.eur DIRECT.TRANSFORMATION [transform]
-- raw.orders.rate -> mart.t.eur DIRECT.TRANSFORMATION [transform]

-- title: duckdb list comprehension: the IF decides which elements stay
-- dialect: duckdb
-- schema: {"raw.m": {"id": "int", "jan": "int", "feb": "int", "mar": "int"}}
create table mart.l as select [x * 2 for x in [jan, feb] if x > mar] as xs from raw.m
-- expect:
-- raw.m.jan -> mart.l.xs DIRECT.TRANSFORMATION [array, array]
-- raw.m.feb -> mart.l.xs DIRECT.TRANSFORMATION [array, array]
-- raw.m.jan -> mart.l.xs INDIRECT.CONDITIONAL
-- raw.m.feb -> mart.l.xs INDIRECT.CONDITIONAL
-- raw.m.mar -> mart.l.xs INDIRECT.CONDITIONAL
