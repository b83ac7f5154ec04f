-- title: P10-18: snowflake CREATE PIPE ... AS COPY INTO (Snowpipe) loads its table as COPY does
-- dialect: snowflake
create or replace pipe raw.orders_pipe auto_ingest = true as
copy into raw.orders (order_id, amount, loaded_from)
from (select $1:order_id::number, $1:amount::number(12,2), metadata$filename from @raw.orders_stage)
file_format = (type = 'JSON');
-- expect:

-- title: P10-19: tsql BULK INSERT and Synapse COPY INTO with a column list are loads (table-level)
-- dialect: tsql
BULK INSERT stg.orders FROM '\\fileshare\landing\orders.csv' WITH (FIRSTROW = 2, FIELDTERMINATOR = ',', TABLOCK);
COPY INTO stg.orders_blob (order_id 1, amount 2)
FROM 'https://acme.blob.core.windows.net/landing/orders/*.csv'
WITH (FILE_TYPE = 'CSV', FIRSTROW = 2);
-- expect:

-- title: P10-19: tsql BULK INSERT and a COPY INTO with DEFAULTs in a script without semicolons
-- dialect: tsql
-- schema: {"stg.orders": {"order_id": "int", "amount": "decimal"}}
BULK INSERT stg.orders FROM 'orders.csv' WITH (TABLOCK)
insert into dw.orders (order_id, amount) select order_id, amount from stg.orders
COPY INTO stg.blob (id DEFAULT 0 1, note DEFAULT 'x' 3) FROM 'https://a/b.csv'
-- expect:
-- stg.orders.order_id -> dw.orders.order_id DIRECT.IDENTITY
-- stg.orders.amount -> dw.orders.amount DIRECT.IDENTITY

-- title: P10-21: clickhouse INSERT INTO FUNCTION s3(...) SELECT is an unload: no target, no diagnostic
-- dialect: clickhouse
-- schema: {"analytics.events": {"event_id": "UInt64", "user_id": "UInt64", "ts": "DateTime"}}
insert into function s3('https://acme-export.s3.amazonaws.com/events/{_partition_id}.parquet', 'Parquet')
partition by toYYYYMM(ts)
select event_id, user_id, ts from analytics.events where ts >= '2024-01-01';
-- expect:

-- title: P10-22: clickhouse materialized view with an inner ENGINE and POPULATE
-- dialect: clickhouse
-- schema: {"analytics.events": {"user_id": "UInt64", "amount": "Float64"}}
create materialized view analytics.user_totals_mv
engine = SummingMergeTree order by user_id
populate
as select user_id, sum(amount) as amount from analytics.events group by user_id;
-- expect:
-- analytics.events.user_id -> analytics.user_totals_mv.user_id DIRECT.IDENTITY
-- analytics.events.user_id -> analytics.user_totals_mv.user_id INDIRECT.GROUP_BY
-- analytics.events.amount -> analytics.user_totals_mv.amount DIRECT.AGGREGATION [sum]
-- analytics.events.user_id -> analytics.user_totals_mv.amount INDIRECT.GROUP_BY

-- title: P10-22: clickhouse POPULATE after ON CLUSTER and before AS a query with a CTE
-- dialect: clickhouse
-- schema: {"analytics.events": {"user_id": "UInt64", "amount": "Float64"}}
create materialized view if not exists analytics.big_mv on cluster main
engine = MergeTree order by user_id populate as
with big as (select user_id, amount from analytics.events where amount > 100)
select user_id from big;
-- expect:
-- analytics.events.user_id -> analytics.big_mv.user_id DIRECT.IDENTITY
-- analytics.events.amount -> analytics.big_mv.user_id INDIRECT.FILTER

-- title: P10-23: bigquery LOAD DATA with PARTITION BY / CLUSTER BY / OPTIONS (a load: table-level)
-- dialect: bigquery
load data overwrite raw.events partition by date(event_ts) cluster by user_id
from files (format = 'PARQUET', uris = ['gs://acme-raw/events/2024-01-01/*']);
load data into raw.clicks options (description = 'clicks')
from files (format = 'CSV', uris = ['gs://acme-raw/clicks/*.csv']);
-- expect:

-- title: P10-17: DLT APPLY CHANGES INTO copies its source's columns by name (COLUMNS * EXCEPT)
-- dialect: databricks
-- schema: {"cdc_customers": {"id": "bigint", "email": "string", "op": "string", "seq": "bigint"}}
create or refresh streaming table dim_customers;
apply changes into dim_customers
from stream(cdc_customers)
keys (id)
apply as delete when op = 'DELETE'
sequence by seq
columns * except (op, seq)
stored as scd type 1;
-- expect:
-- cdc_customers.id -> dim_customers.id DIRECT.IDENTITY
-- cdc_customers.email -> dim_customers.email DIRECT.IDENTITY

-- title: P10-17: DLT CREATE FLOW ... AS AUTO CDC INTO with a COLUMNS list, and a bare APPLY CHANGES
-- dialect: databricks
-- schema: {"raw.cdc": {"id": "bigint", "email": "string", "op": "string", "seq": "bigint"}}
create flow f as auto cdc into silver.dim from stream(raw.cdc) keys (id) sequence by seq columns (id, email);
apply changes into silver.dim2 from raw.cdc keys (id) ignore null updates sequence by seq
-- expect:
-- raw.cdc.id -> silver.dim.id DIRECT.IDENTITY
-- raw.cdc.email -> silver.dim.email DIRECT.IDENTITY
-- raw.cdc.id -> silver.dim2.id DIRECT.IDENTITY
-- raw.cdc.email -> silver.dim2.email DIRECT.IDENTITY
-- raw.cdc.op -> silver.dim2.op DIRECT.IDENTITY
-- raw.cdc.seq -> silver.dim2.seq DIRECT.IDENTITY

-- title: clickhouse a column named populate in a plain create table stays a column (review)
-- dialect: clickhouse
-- schema: {}
create table db.t (id Int32, populate Int32) engine = MergeTree order by id;
insert into db.u select id, populate from db.t;
-- expect:
-- db.t.id -> db.u.id DIRECT.IDENTITY @2
-- db.t.populate -> db.u.populate DIRECT.IDENTITY @2
