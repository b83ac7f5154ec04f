-- title: bigquery struct field access
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "address": "struct<city string, zip string>"}}
create table mart.t as select id, address.city as city from raw.users
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.address -> mart.t.city DIRECT.TRANSFORMATION

-- title: struct field access through an alias
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "address": "struct<city string, zip string>"}}
create table mart.t as select u.address.zip as zip from raw.users as u
-- expect:
-- raw.users.address -> mart.t.zip DIRECT.TRANSFORMATION

-- title: snowflake json path and cast
-- dialect: snowflake
-- schema: {"raw.events": {"id": "number", "payload": "variant"}}
create table mart.t as select id, payload:user.email::string as email from raw.events
-- expect:
-- raw.events.id -> mart.t.id DIRECT.IDENTITY
-- raw.events.payload -> mart.t.email DIRECT.TRANSFORMATION [json_extract, cast]

-- title: postgres json arrow operators
-- dialect: postgres
-- schema: {"raw.events": {"id": "int", "payload": "jsonb"}}
create table mart.t as select payload->>'email' as email, payload->'user'->>'name' as name from raw.events where payload ? 'email'
-- expect:
-- raw.events.payload -> mart.t.email DIRECT.TRANSFORMATION [json_extract_scalar]
-- raw.events.payload -> mart.t.name DIRECT.TRANSFORMATION [json_extract, json_extract_scalar]
-- raw.events.payload -> mart.t.email INDIRECT.FILTER
-- raw.events.payload -> mart.t.name INDIRECT.FILTER

-- title: struct construction
-- dialect: bigquery
-- schema: {"raw.users": {"id": "int64", "email": "string"}}
create table mart.t as select struct(id, lower(email) as email) as s from raw.users
-- expect:
-- raw.users.id -> mart.t.s DIRECT.TRANSFORMATION [struct]
-- raw.users.email -> mart.t.s DIRECT.TRANSFORMATION [lower, struct]

-- title: hive get_json_object
-- dialect: hive
-- schema: {"raw.events": {"payload": "string"}}
insert overwrite table mart.t select get_json_object(payload, '$.email') as email from raw.events
-- expect:
-- raw.events.payload -> mart.t.email DIRECT.TRANSFORMATION [json_extract_scalar]

-- title: a postgres JSON arrow inside a function's arguments is not a lambda
-- dialect: postgres
-- schema: {"raw.e": {"j": "jsonb"}}
create table mart.x as select coalesce(j->'a', j->'b') as b, upper(j->'a'->>'c') as d, coalesce(j->0, j) as f from raw.e
-- expect:
-- raw.e.j -> mart.x.b DIRECT.TRANSFORMATION [json_extract, coalesce]
-- raw.e.j -> mart.x.d DIRECT.TRANSFORMATION [json_extract, json_extract_scalar, upper]
-- raw.e.j -> mart.x.f DIRECT.TRANSFORMATION [coalesce]
-- raw.e.j -> mart.x.f DIRECT.TRANSFORMATION [json_extract, coalesce]

-- title: a mysql JSON arrow inside a function's arguments is not a lambda
-- dialect: mysql
-- schema: {"raw.e": {"j": "json"}}
insert into mart.x (b) select coalesce(j->'$.a', j->'$.b') from raw.e
-- expect:
-- raw.e.j -> mart.x.b DIRECT.TRANSFORMATION [json_extract, coalesce]

-- title: a star as a function's argument passes every column on, COUNT's does not
-- dialect: snowflake
-- schema: {"raw.u": {"id": "int", "email": "varchar"}}
create table mart.j as select object_construct(*) as doc, hash(u.*) as h, count(*) as n, approx_count_distinct(*) as d from raw.u u
-- expect:
-- raw.u.id -> mart.j.doc DIRECT.TRANSFORMATION [object_construct]
-- raw.u.email -> mart.j.doc DIRECT.TRANSFORMATION [object_construct]
-- raw.u.id -> mart.j.h DIRECT.TRANSFORMATION [hash]
-- raw.u.email -> mart.j.h DIRECT.TRANSFORMATION [hash]

-- title: postgres whole-row reference and t.* as arguments
-- dialect: postgres
-- schema: {"raw.u": {"id": "int", "email": "text"}}
create table mart.j as select u.id, row_to_json(u) as doc, to_json(u.*) as d2 from raw.u u
-- expect:
-- raw.u.id -> mart.j.id DIRECT.IDENTITY
-- raw.u.id -> mart.j.doc DIRECT.TRANSFORMATION [row_to_json]
-- raw.u.email -> mart.j.doc DIRECT.TRANSFORMATION [row_to_json]
-- raw.u.id -> mart.j.d2 DIRECT.TRANSFORMATION [to_json]
-- raw.u.email -> mart.j.d2 DIRECT.TRANSFORMATION [to_json]

-- title: bigquery table alias as a struct value
-- dialect: bigquery
-- schema: {"raw.u": {"id": "int64", "email": "string"}}
create table mart.j as select id, to_json_string(u) as doc from raw.u u
-- expect:
-- raw.u.id -> mart.j.id DIRECT.IDENTITY
-- raw.u.id -> mart.j.doc DIRECT.TRANSFORMATION [json_format]
-- raw.u.email -> mart.j.doc DIRECT.TRANSFORMATION [json_format]

-- title: databricks a field read of a struct built in the same expression takes that field's value only (named_struct(...).a, struct(x AS a).a, ['a']); a key it does not build reads the whole struct
-- dialect: databricks
-- schema: {"main.silver.orders": {"customer_email": "string", "amount": "int"}}
CREATE TABLE main.gold.x AS
SELECT named_struct('e', customer_email, 'a', amount).a AS a1,
       struct(customer_email AS e, amount AS a).a AS a2,
       named_struct('e', customer_email, 'a', amount)['a'] AS a3,
       named_struct('e', customer_email, 'a', amount).zz AS whole
FROM main.silver.orders;
-- expect:
-- main.silver.orders.amount -> main.gold.x.a1 DIRECT.TRANSFORMATION [struct]
-- main.silver.orders.amount -> main.gold.x.a2 DIRECT.TRANSFORMATION [struct]
-- main.silver.orders.amount -> main.gold.x.a3 DIRECT.TRANSFORMATION [struct]
-- main.silver.orders.amount -> main.gold.x.whole DIRECT.TRANSFORMATION [struct]
-- main.silver.orders.customer_email -> main.gold.x.whole DIRECT.TRANSFORMATION [struct]

-- title: snowflake OBJECT_CONSTRUCT(...):a reads field a only
-- dialect: snowflake
-- schema: {"s.o": {"email": "string", "amount": "int"}}
CREATE TABLE s.x AS SELECT OBJECT_CONSTRUCT('e', email, 'a', amount):a AS amt FROM s.o;
-- expect:
-- s.o.amount -> s.x.amt DIRECT.TRANSFORMATION [struct, json_extract]
