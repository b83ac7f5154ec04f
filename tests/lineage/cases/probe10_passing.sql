-- Probe 10 (loading and moving data): shapes the engine already gets right that the corpus lacked.

-- title: snowflake copy into from a transforming select over a stage
-- dialect: snowflake
-- schema: {"raw.events": {"event_id": "varchar", "user_id": "number", "event_ts": "timestamp_ntz", "file_name": "varchar"}}
copy into raw.events (event_id, user_id, event_ts, file_name)
from (
  select $1:id::string, $1:user.id::number, to_timestamp_ntz($1:ts), metadata$filename
  from @raw.s3_events_stage/2024/
)
file_format = (type = 'JSON')
on_error = 'CONTINUE';
-- expect:

-- title: snowflake copy into from a stage, plain
-- dialect: snowflake
copy into raw.orders from @raw.orders_stage pattern = '.*orders_.*[.]csv' file_format = (format_name = 'raw.csv_fmt');
-- expect:

-- title: snowflake unload a query to a stage
-- dialect: snowflake
-- schema: {"mart.orders": {"order_id": "number", "amount": "number", "order_date": "date"}}
copy into @mart.export_stage/orders/
from (select order_id, amount from mart.orders where order_date >= '2024-01-01')
file_format = (type = parquet) header = true overwrite = true;
-- expect:

-- title: snowflake unload a table to a stage
-- dialect: snowflake
copy into @mart.export_stage/customers/ from mart.customers file_format = (type = csv compression = gzip);
-- expect:

-- title: snowflake ctas over a stage query
-- dialect: snowflake
create or replace table raw.events_typed as
select $1:id::string as event_id, $1:amount::number(12,2) as amount
from @raw.events_stage (file_format => 'raw.json_fmt', pattern => '.*[.]json');
-- expect:

-- title: snowflake create table using template then copy
-- dialect: snowflake
create or replace table raw.customers_auto
  using template (
    select array_agg(object_construct(*))
    from table(infer_schema(location => '@raw.cust_stage', file_format => 'raw.parquet_fmt'))
  );
-- expect:

-- title: snowflake stream consumed by a merge with metadata$action
-- dialect: snowflake
-- schema: {"raw.customers": {"id": "number", "email": "varchar", "tier": "varchar"}, "dim.customers": {"id": "number", "email": "varchar", "tier": "varchar"}}
create or replace stream raw.customers_stream on table raw.customers;
merge into dim.customers d
using raw.customers_stream s on d.id = s.id
when matched and s.metadata$action = 'DELETE' and s.metadata$isupdate = false then delete
when matched and s.metadata$action = 'INSERT' then update set d.email = s.email, d.tier = s.tier
when not matched and s.metadata$action = 'INSERT' then insert (id, email, tier) values (s.id, s.email, s.tier);
-- expect:
-- raw.customers_stream.email -> dim.customers.email DIRECT.IDENTITY
-- dim.customers.id -> dim.customers.email INDIRECT.JOIN
-- raw.customers_stream.id -> dim.customers.email INDIRECT.JOIN
-- raw.customers_stream.id -> dim.customers.id DIRECT.IDENTITY
-- dim.customers.id -> dim.customers.id INDIRECT.JOIN
-- raw.customers_stream.id -> dim.customers.id INDIRECT.JOIN
-- raw.customers_stream.tier -> dim.customers.tier DIRECT.IDENTITY
-- dim.customers.id -> dim.customers.tier INDIRECT.JOIN
-- raw.customers_stream.id -> dim.customers.tier INDIRECT.JOIN
-- raw.customers.email -> raw.customers_stream.email DIRECT.IDENTITY
-- raw.customers.id -> raw.customers_stream.id DIRECT.IDENTITY
-- raw.customers.tier -> raw.customers_stream.tier DIRECT.IDENTITY

-- title: snowflake task running a merge from a stream
-- dialect: snowflake
-- schema: {"raw.orders": {"order_id": "number", "amount": "number"}, "mart.orders": {"order_id": "number", "amount": "number"}}
create or replace stream raw.orders_stream on table raw.orders append_only = true;
create or replace task mart.load_orders
  warehouse = etl_wh
  schedule = 'USING CRON 0 * * * * UTC'
  when system$stream_has_data('raw.orders_stream')
as
  insert into mart.orders (order_id, amount)
  select order_id, amount from raw.orders_stream where metadata$action = 'INSERT';
-- expect:
-- raw.orders_stream.amount -> mart.orders.amount DIRECT.IDENTITY
-- raw.orders_stream.order_id -> mart.orders.order_id DIRECT.IDENTITY
-- raw.orders.amount -> raw.orders_stream.amount DIRECT.IDENTITY
-- raw.orders.order_id -> raw.orders_stream.order_id DIRECT.IDENTITY

-- title: snowflake create table like then insert
-- dialect: snowflake
-- schema: {"raw.orders": {"order_id": "number", "amount": "number", "status": "varchar"}}
create table stg.orders_new like raw.orders;
insert into stg.orders_new select * from raw.orders where status <> 'TEST';
-- expect:
-- raw.orders.amount -> stg.orders_new.amount DIRECT.IDENTITY
-- raw.orders.status -> stg.orders_new.amount INDIRECT.FILTER
-- raw.orders.order_id -> stg.orders_new.order_id DIRECT.IDENTITY
-- raw.orders.status -> stg.orders_new.order_id INDIRECT.FILTER
-- raw.orders.status -> stg.orders_new.status DIRECT.IDENTITY
-- raw.orders.status -> stg.orders_new.status INDIRECT.FILTER

-- title: snowflake clone at offset
-- dialect: snowflake
-- schema: {"mart.orders": {"order_id": "number", "amount": "number"}}
create or replace table mart.orders_restore clone mart.orders at (offset => -3600);
-- expect:
-- mart.orders.amount -> mart.orders_restore.amount DIRECT.IDENTITY
-- mart.orders.order_id -> mart.orders_restore.order_id DIRECT.IDENTITY

-- title: snowflake materialized view
-- dialect: snowflake
-- schema: {"raw.events": {"user_id": "number", "event_type": "varchar", "ts": "timestamp_ntz"}}
create or replace secure materialized view mart.user_event_counts
cluster by (user_id)
as
select user_id, event_type, count(*) as n_events, max(ts) as last_ts
from raw.events
group by user_id, event_type;
-- expect:
-- raw.events.event_type -> mart.user_event_counts.event_type DIRECT.IDENTITY
-- raw.events.event_type -> mart.user_event_counts.event_type INDIRECT.GROUP_BY
-- raw.events.user_id -> mart.user_event_counts.event_type INDIRECT.GROUP_BY
-- raw.events.ts -> mart.user_event_counts.last_ts DIRECT.AGGREGATION [max]
-- raw.events.event_type -> mart.user_event_counts.last_ts INDIRECT.GROUP_BY
-- raw.events.user_id -> mart.user_event_counts.last_ts INDIRECT.GROUP_BY
-- raw.events.event_type -> mart.user_event_counts.n_events INDIRECT.GROUP_BY
-- raw.events.user_id -> mart.user_event_counts.n_events INDIRECT.GROUP_BY
-- raw.events.user_id -> mart.user_event_counts.user_id DIRECT.IDENTITY
-- raw.events.event_type -> mart.user_event_counts.user_id INDIRECT.GROUP_BY
-- raw.events.user_id -> mart.user_event_counts.user_id INDIRECT.GROUP_BY

-- title: snowflake insert from result_scan of last query
-- dialect: snowflake
show tables in schema raw;
insert into audit.table_inventory (table_name, row_count)
select "name", "rows" from table(result_scan(last_query_id()));
-- expect:

-- title: snowflake put then copy
-- dialect: snowflake
put file:///tmp/orders.csv @raw.%orders auto_compress = true;
copy into raw.orders from @raw.%orders file_format = (type = csv skip_header = 1) purge = true;
-- expect:

-- title: snowflake external table then insert from it
-- dialect: snowflake
create or replace external table raw.ext_clicks (
  click_id varchar as (value:c1::varchar),
  url varchar as (value:c2::varchar)
)
location = @raw.clicks_stage
file_format = (type = csv)
auto_refresh = true;
insert into stg.clicks (click_id, url) select click_id, url from raw.ext_clicks;
-- expect:
-- raw.ext_clicks.click_id -> stg.clicks.click_id DIRECT.IDENTITY
-- raw.ext_clicks.url -> stg.clicks.url DIRECT.IDENTITY

-- title: snowflake insert overwrite into with a join
-- dialect: snowflake
-- schema: {"raw.orders": {"order_id": "number", "customer_id": "number", "amount": "number"}, "raw.customers": {"id": "number", "region": "varchar"}, "mart.region_sales": {"region": "varchar", "amount": "number"}}
insert overwrite into mart.region_sales
select c.region, sum(o.amount)
from raw.orders o join raw.customers c on c.id = o.customer_id
group by c.region;
-- expect:
-- raw.orders.amount -> mart.region_sales.amount DIRECT.AGGREGATION [sum]
-- raw.customers.region -> mart.region_sales.amount INDIRECT.GROUP_BY
-- raw.customers.id -> mart.region_sales.amount INDIRECT.JOIN
-- raw.orders.customer_id -> mart.region_sales.amount INDIRECT.JOIN
-- raw.customers.region -> mart.region_sales.region DIRECT.IDENTITY
-- raw.customers.region -> mart.region_sales.region INDIRECT.GROUP_BY
-- raw.customers.id -> mart.region_sales.region INDIRECT.JOIN
-- raw.orders.customer_id -> mart.region_sales.region INDIRECT.JOIN

-- title: snowflake insert first with else
-- dialect: snowflake
-- schema: {"raw.orders": {"order_id": "number", "amount": "number"}}
insert first
  when amount >= 1000 then into mart.big_orders (order_id, amount) values (order_id, amount)
  when amount >= 100 then into mart.mid_orders (order_id, amount) values (order_id, amount)
  else into mart.small_orders (order_id, amount) values (order_id, amount)
select order_id, amount from raw.orders;
-- expect:
-- raw.orders.amount -> mart.big_orders.amount DIRECT.IDENTITY
-- raw.orders.amount -> mart.big_orders.amount INDIRECT.FILTER
-- raw.orders.order_id -> mart.big_orders.order_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.big_orders.order_id INDIRECT.FILTER
-- raw.orders.amount -> mart.mid_orders.amount DIRECT.IDENTITY
-- raw.orders.amount -> mart.mid_orders.amount INDIRECT.FILTER
-- raw.orders.order_id -> mart.mid_orders.order_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.mid_orders.order_id INDIRECT.FILTER
-- raw.orders.amount -> mart.small_orders.amount DIRECT.IDENTITY
-- raw.orders.amount -> mart.small_orders.amount INDIRECT.FILTER
-- raw.orders.order_id -> mart.small_orders.order_id DIRECT.IDENTITY
-- raw.orders.amount -> mart.small_orders.order_id INDIRECT.FILTER

-- title: snowflake dynamic table over a join
-- dialect: snowflake
-- schema: {"raw.orders": {"order_id": "number", "customer_id": "number", "amount": "number", "status": "varchar"}, "raw.customers": {"id": "number", "region": "varchar"}}
create or replace dynamic table mart.customer_totals
  target_lag = '15 minutes'
  warehouse = transform_wh
  refresh_mode = incremental
as
select o.customer_id, c.region, sum(o.amount) as total_amount
from raw.orders o join raw.customers c on c.id = o.customer_id
where o.status = 'COMPLETE'
group by o.customer_id, c.region;
-- expect:
-- raw.orders.customer_id -> mart.customer_totals.customer_id DIRECT.IDENTITY
-- raw.orders.status -> mart.customer_totals.customer_id INDIRECT.FILTER
-- raw.customers.region -> mart.customer_totals.customer_id INDIRECT.GROUP_BY
-- raw.orders.customer_id -> mart.customer_totals.customer_id INDIRECT.GROUP_BY
-- raw.customers.id -> mart.customer_totals.customer_id INDIRECT.JOIN
-- raw.orders.customer_id -> mart.customer_totals.customer_id INDIRECT.JOIN
-- raw.customers.region -> mart.customer_totals.region DIRECT.IDENTITY
-- raw.orders.status -> mart.customer_totals.region INDIRECT.FILTER
-- raw.customers.region -> mart.customer_totals.region INDIRECT.GROUP_BY
-- raw.orders.customer_id -> mart.customer_totals.region INDIRECT.GROUP_BY
-- raw.customers.id -> mart.customer_totals.region INDIRECT.JOIN
-- raw.orders.customer_id -> mart.customer_totals.region INDIRECT.JOIN
-- raw.orders.amount -> mart.customer_totals.total_amount DIRECT.AGGREGATION [sum]
-- raw.orders.status -> mart.customer_totals.total_amount INDIRECT.FILTER
-- raw.customers.region -> mart.customer_totals.total_amount INDIRECT.GROUP_BY
-- raw.orders.customer_id -> mart.customer_totals.total_amount INDIRECT.GROUP_BY
-- raw.customers.id -> mart.customer_totals.total_amount INDIRECT.JOIN
-- raw.orders.customer_id -> mart.customer_totals.total_amount INDIRECT.JOIN

-- title: dlt streaming table from read_files
-- dialect: databricks
create or refresh streaming table bronze_orders
comment 'raw orders'
as select *, _metadata.file_path as source_file, current_timestamp() as ingested_at
from stream read_files('/Volumes/prod/raw/orders/', format => 'json', schemaHints => 'amount double');
-- expect:

-- title: databricks copy into delta from a transforming select
-- dialect: databricks
copy into prod.raw.orders
from (select cast(order_id as bigint) as order_id, amount::decimal(12,2) as amount, current_timestamp() as load_ts
      from 's3://acme-raw/orders/')
fileformat = csv
format_options ('header' = 'true')
copy_options ('mergeSchema' = 'true');
-- expect:

-- title: databricks insert into by name
-- dialect: databricks
-- schema: {"raw.orders": {"order_id": "bigint", "amount": "double", "status": "string"}, "mart.orders": {"amount": "double", "order_id": "bigint", "status": "string"}}
insert into mart.orders by name
select status, order_id, amount from raw.orders;
-- expect:
-- raw.orders.amount -> mart.orders.amount DIRECT.IDENTITY
-- raw.orders.order_id -> mart.orders.order_id DIRECT.IDENTITY
-- raw.orders.status -> mart.orders.status DIRECT.IDENTITY

-- title: spark insert overwrite with partition spec and column list
-- dialect: spark
-- schema: {"raw.events": {"event_id": "string", "user_id": "bigint", "ds": "string"}, "mart.events": {"user_id": "bigint", "event_id": "string", "ds": "string"}}
insert overwrite table mart.events partition (ds = '2024-01-01') (event_id, user_id)
select event_id, user_id from raw.events where ds = '2024-01-01';
-- expect:
-- raw.events.event_id -> mart.events.event_id DIRECT.IDENTITY
-- raw.events.ds -> mart.events.event_id INDIRECT.FILTER
-- raw.events.user_id -> mart.events.user_id DIRECT.IDENTITY
-- raw.events.ds -> mart.events.user_id INDIRECT.FILTER

-- title: spark mixed static and dynamic partitions
-- dialect: spark
-- schema: {"raw.events": {"event_id": "string", "user_id": "bigint", "ds": "string", "hr": "int"}}
create table mart.events_hourly (event_id string, user_id bigint) partitioned by (ds string, hr int) stored as parquet;
insert overwrite table mart.events_hourly partition (ds = '2024-01-01', hr)
select event_id, user_id, hr from raw.events where ds = '2024-01-01';
-- expect:
-- raw.events.event_id -> mart.events_hourly.event_id DIRECT.IDENTITY
-- raw.events.ds -> mart.events_hourly.event_id INDIRECT.FILTER
-- raw.events.hr -> mart.events_hourly.hr DIRECT.IDENTITY
-- raw.events.ds -> mart.events_hourly.hr INDIRECT.FILTER
-- raw.events.user_id -> mart.events_hourly.user_id DIRECT.IDENTITY
-- raw.events.ds -> mart.events_hourly.user_id INDIRECT.FILTER

-- title: databricks deep clone with version
-- dialect: databricks
-- schema: {"prod.sales.orders": {"order_id": "bigint", "amount": "double"}}
create or replace table dev.sales.orders deep clone prod.sales.orders version as of 42;
-- expect:
-- prod.sales.orders.amount -> dev.sales.orders.amount DIRECT.IDENTITY
-- prod.sales.orders.order_id -> dev.sales.orders.order_id DIRECT.IDENTITY

-- title: databricks ctas partitioned with tblproperties
-- dialect: databricks
-- schema: {"raw.orders": {"order_id": "bigint", "amount": "double", "order_ts": "timestamp"}}
create or replace table mart.daily_orders
using delta
partitioned by (order_date)
tblproperties ('delta.autoOptimize.optimizeWrite' = 'true')
as select order_id, amount, to_date(order_ts) as order_date from raw.orders;
-- expect:
-- raw.orders.amount -> mart.daily_orders.amount DIRECT.IDENTITY
-- raw.orders.order_ts -> mart.daily_orders.order_date DIRECT.TRANSFORMATION [ts_or_ds_to_date]
-- raw.orders.order_id -> mart.daily_orders.order_id DIRECT.IDENTITY

-- title: spark cache table as select then insert
-- dialect: spark
-- schema: {"raw.orders": {"order_id": "bigint", "amount": "double", "status": "string"}}
cache table open_orders as select order_id, amount from raw.orders where status = 'OPEN';
insert into mart.open_orders select order_id, amount from open_orders;
-- expect:
-- raw.orders.amount -> mart.open_orders.amount DIRECT.IDENTITY
-- raw.orders.status -> mart.open_orders.amount INDIRECT.FILTER
-- raw.orders.order_id -> mart.open_orders.order_id DIRECT.IDENTITY
-- raw.orders.status -> mart.open_orders.order_id INDIRECT.FILTER

-- title: spark temp view over parquet files then ctas
-- dialect: spark
create temporary view raw_clicks using parquet options (path 's3://acme/clicks/');
create table mart.clicks as select * from raw_clicks;
-- expect:

-- title: databricks merge with update set star and insert star
-- dialect: databricks
-- schema: {"stg.customers": {"id": "bigint", "email": "string", "tier": "string"}, "dim.customers": {"id": "bigint", "email": "string", "tier": "string"}}
merge into dim.customers t using stg.customers s on t.id = s.id
when matched then update set *
when not matched then insert *
when not matched by source then delete;
-- expect:
-- stg.customers.email -> dim.customers.email DIRECT.IDENTITY
-- dim.customers.id -> dim.customers.email INDIRECT.JOIN
-- stg.customers.id -> dim.customers.email INDIRECT.JOIN
-- stg.customers.id -> dim.customers.id DIRECT.IDENTITY
-- dim.customers.id -> dim.customers.id INDIRECT.JOIN
-- stg.customers.id -> dim.customers.id INDIRECT.JOIN
-- stg.customers.tier -> dim.customers.tier DIRECT.IDENTITY
-- dim.customers.id -> dim.customers.tier INDIRECT.JOIN
-- stg.customers.id -> dim.customers.tier INDIRECT.JOIN

-- title: databricks insert replace using
-- dialect: databricks
-- schema: {"stg.orders": {"order_id": "bigint", "amount": "double", "ds": "date"}, "mart.orders": {"order_id": "bigint", "amount": "double", "ds": "date"}}
insert into mart.orders replace using (ds) select order_id, amount, ds from stg.orders;
-- expect:
-- stg.orders.amount -> mart.orders.amount DIRECT.IDENTITY
-- stg.orders.ds -> mart.orders.ds DIRECT.IDENTITY
-- stg.orders.order_id -> mart.orders.order_id DIRECT.IDENTITY

-- title: hive load data inpath
-- dialect: hive
load data inpath '/landing/orders/2024-01-01' overwrite into table raw.orders partition (ds = '2024-01-01');
-- expect:

-- title: hive multi insert from a subquery with partitions
-- dialect: hive
-- schema: {"raw.events": {"user_id": "bigint", "event_type": "string", "amount": "double", "ds": "string"}}
from (select user_id, event_type, amount, ds from raw.events where ds = '2024-01-01') e
insert overwrite table mart.purchases partition (ds = '2024-01-01')
  select user_id, amount where event_type = 'purchase'
insert overwrite table mart.views partition (ds)
  select user_id, ds where event_type = 'view';
-- expect:
-- raw.events.amount -> mart.purchases.amount DIRECT.IDENTITY
-- raw.events.ds -> mart.purchases.amount INDIRECT.FILTER
-- raw.events.event_type -> mart.purchases.amount INDIRECT.FILTER
-- raw.events.user_id -> mart.purchases.user_id DIRECT.IDENTITY
-- raw.events.ds -> mart.purchases.user_id INDIRECT.FILTER
-- raw.events.event_type -> mart.purchases.user_id INDIRECT.FILTER
-- raw.events.ds -> mart.views.ds DIRECT.IDENTITY
-- raw.events.ds -> mart.views.ds INDIRECT.FILTER
-- raw.events.event_type -> mart.views.ds INDIRECT.FILTER
-- raw.events.user_id -> mart.views.user_id DIRECT.IDENTITY
-- raw.events.ds -> mart.views.user_id INDIRECT.FILTER
-- raw.events.event_type -> mart.views.user_id INDIRECT.FILTER

-- title: bigquery export data as select
-- dialect: bigquery
-- schema: {"mart.orders": {"order_id": "INT64", "amount": "NUMERIC", "order_date": "DATE"}}
export data options (uri = 'gs://acme-export/orders/*.parquet', format = 'PARQUET', overwrite = true) as
select order_id, amount from mart.orders where order_date = current_date();
-- expect:

-- title: bigquery export data with connection
-- dialect: bigquery
-- schema: {"mart.orders": {"order_id": "INT64", "amount": "NUMERIC"}}
export data with connection `acme.us.s3_conn` options (uri = 's3://acme/orders/*', format = 'JSON') as
select * from mart.orders;
-- expect:

-- title: bigquery load data into with column list
-- dialect: bigquery
load data into raw.orders (order_id INT64, amount NUMERIC, order_ts TIMESTAMP)
from files (format = 'CSV', uris = ['gs://acme-raw/orders/*.csv'], skip_leading_rows = 1);
-- expect:

-- title: bigquery insert into ingestion-time partitioned table with _partitiontime
-- dialect: bigquery
-- schema: {"stg.events": {"event_id": "STRING", "user_id": "INT64", "event_ts": "TIMESTAMP"}, "raw.events": {"event_id": "STRING", "user_id": "INT64"}}
insert into raw.events (_partitiontime, event_id, user_id)
select timestamp_trunc(event_ts, day), event_id, user_id from stg.events;
-- expect:
-- stg.events.event_ts -> raw.events._partitiontime DIRECT.TRANSFORMATION [timestamp_trunc]
-- stg.events.event_id -> raw.events.event_id DIRECT.IDENTITY
-- stg.events.user_id -> raw.events.user_id DIRECT.IDENTITY

-- title: bigquery materialized view with options
-- dialect: bigquery
-- schema: {"raw.orders": {"customer_id": "INT64", "amount": "NUMERIC", "order_ts": "TIMESTAMP"}}
create materialized view mart.customer_daily
partition by order_date
cluster by customer_id
options (enable_refresh = true, refresh_interval_minutes = 60)
as select customer_id, date(order_ts) as order_date, sum(amount) as total
from raw.orders group by customer_id, order_date;
-- expect:
-- raw.orders.customer_id -> mart.customer_daily.customer_id DIRECT.IDENTITY
-- raw.orders.customer_id -> mart.customer_daily.customer_id INDIRECT.GROUP_BY
-- raw.orders.order_ts -> mart.customer_daily.customer_id INDIRECT.GROUP_BY
-- raw.orders.order_ts -> mart.customer_daily.order_date DIRECT.TRANSFORMATION [date]
-- raw.orders.customer_id -> mart.customer_daily.order_date INDIRECT.GROUP_BY
-- raw.orders.order_ts -> mart.customer_daily.order_date INDIRECT.GROUP_BY
-- raw.orders.amount -> mart.customer_daily.total DIRECT.AGGREGATION [sum]
-- raw.orders.customer_id -> mart.customer_daily.total INDIRECT.GROUP_BY
-- raw.orders.order_ts -> mart.customer_daily.total INDIRECT.GROUP_BY

-- title: bigquery ctas partition by cluster by with options
-- dialect: bigquery
-- schema: {"raw.events": {"event_id": "STRING", "user_id": "INT64", "event_ts": "TIMESTAMP"}}
create or replace table mart.events
partition by date(event_ts)
cluster by user_id
options (partition_expiration_days = 90, require_partition_filter = true)
as select event_id, user_id, event_ts from raw.events;
-- expect:
-- raw.events.event_id -> mart.events.event_id DIRECT.IDENTITY
-- raw.events.event_ts -> mart.events.event_ts DIRECT.IDENTITY
-- raw.events.user_id -> mart.events.user_id DIRECT.IDENTITY

-- title: bigquery external table then ctas
-- dialect: bigquery
create or replace external table raw.ext_orders (order_id INT64, amount NUMERIC)
options (format = 'CSV', uris = ['gs://acme-raw/orders/*.csv'], skip_leading_rows = 1);
create or replace table stg.orders as select order_id, amount from raw.ext_orders;
-- expect:
-- raw.ext_orders.amount -> stg.orders.amount DIRECT.IDENTITY
-- raw.ext_orders.order_id -> stg.orders.order_id DIRECT.IDENTITY

-- title: bigquery clone for a time then insert overwrite pattern with delete
-- dialect: bigquery
-- schema: {"stg.orders": {"order_id": "INT64", "amount": "NUMERIC", "order_date": "DATE"}, "mart.orders": {"order_id": "INT64", "amount": "NUMERIC", "order_date": "DATE"}}
begin transaction;
delete from mart.orders where order_date = '2024-01-01';
insert into mart.orders select * from stg.orders where order_date = '2024-01-01';
commit transaction;
-- expect:
-- stg.orders.amount -> mart.orders.amount DIRECT.IDENTITY
-- stg.orders.order_date -> mart.orders.amount INDIRECT.FILTER
-- stg.orders.order_date -> mart.orders.order_date DIRECT.IDENTITY
-- stg.orders.order_date -> mart.orders.order_date INDIRECT.FILTER
-- stg.orders.order_id -> mart.orders.order_id DIRECT.IDENTITY
-- stg.orders.order_date -> mart.orders.order_id INDIRECT.FILTER

-- title: bigquery create table copy for time travel
-- dialect: bigquery
-- schema: {"mart.orders": {"order_id": "INT64", "amount": "NUMERIC"}}
create table mart.orders_backup copy mart.orders for system_time as of timestamp_sub(current_timestamp(), interval 1 hour);
-- expect:
-- mart.orders.amount -> mart.orders_backup.amount DIRECT.IDENTITY
-- mart.orders.order_id -> mart.orders_backup.order_id DIRECT.IDENTITY

-- title: bigquery insert from for system_time as of
-- dialect: bigquery
-- schema: {"mart.orders": {"order_id": "INT64", "amount": "NUMERIC"}}
insert into mart.orders_restore (order_id, amount)
select order_id, amount from mart.orders for system_time as of timestamp_sub(current_timestamp(), interval 1 hour);
-- expect:
-- mart.orders.amount -> mart.orders_restore.amount DIRECT.IDENTITY
-- mart.orders.order_id -> mart.orders_restore.order_id DIRECT.IDENTITY

-- title: bigquery merge by source delete with insert row
-- dialect: bigquery
-- schema: {"stg.customers": {"id": "INT64", "email": "STRING"}, "dim.customers": {"id": "INT64", "email": "STRING"}}
merge dim.customers t using stg.customers s on t.id = s.id
when matched and t.email != s.email then update set email = s.email
when not matched by target then insert row
when not matched by source then delete;
-- expect:
-- stg.customers.email -> dim.customers.email DIRECT.IDENTITY
-- dim.customers.email -> dim.customers.email INDIRECT.FILTER
-- stg.customers.email -> dim.customers.email INDIRECT.FILTER
-- dim.customers.id -> dim.customers.email INDIRECT.JOIN
-- stg.customers.id -> dim.customers.email INDIRECT.JOIN
-- stg.customers.id -> dim.customers.id DIRECT.IDENTITY
-- dim.customers.id -> dim.customers.id INDIRECT.JOIN
-- stg.customers.id -> dim.customers.id INDIRECT.JOIN

-- title: redshift copy from s3 with column list
-- dialect: redshift
copy raw.orders (order_id, customer_id, amount)
from 's3://acme-raw/orders/2024-01-01/'
iam_role 'arn:aws:iam::123456789012:role/RedshiftCopy'
format as csv ignoreheader 1 region 'us-east-1';
-- expect:

-- title: redshift copy from s3 manifest json auto
-- dialect: redshift
copy raw.events from 's3://acme-raw/events/manifest.json'
iam_role default format as json 'auto' manifest gzip timeformat 'auto';
-- expect:

-- title: redshift materialized view auto refresh
-- dialect: redshift
-- schema: {"raw.orders": {"order_id": "int", "customer_id": "int", "amount": "decimal", "order_date": "date"}}
create materialized view mart.customer_sales
backup no diststyle key distkey (customer_id) sortkey (customer_id)
auto refresh yes
as select customer_id, sum(amount) as total_amount, count(*) as n_orders
from raw.orders group by customer_id;
-- expect:
-- raw.orders.customer_id -> mart.customer_sales.customer_id DIRECT.IDENTITY
-- raw.orders.customer_id -> mart.customer_sales.customer_id INDIRECT.GROUP_BY
-- raw.orders.customer_id -> mart.customer_sales.n_orders INDIRECT.GROUP_BY
-- raw.orders.amount -> mart.customer_sales.total_amount DIRECT.AGGREGATION [sum]
-- raw.orders.customer_id -> mart.customer_sales.total_amount INDIRECT.GROUP_BY

-- title: redshift staging upsert delete using then insert
-- dialect: redshift
-- schema: {"raw.orders_delta": {"order_id": "int", "amount": "decimal", "updated_at": "timestamp"}, "mart.orders": {"order_id": "int", "amount": "decimal", "updated_at": "timestamp"}}
begin transaction;
create temp table orders_stage (like mart.orders);
insert into orders_stage select order_id, amount, updated_at from raw.orders_delta;
delete from mart.orders using orders_stage where mart.orders.order_id = orders_stage.order_id;
insert into mart.orders select * from orders_stage;
end transaction;
drop table orders_stage;
-- expect:
-- raw.orders_delta.amount -> mart.orders.amount DIRECT.IDENTITY
-- raw.orders_delta.order_id -> mart.orders.order_id DIRECT.IDENTITY
-- raw.orders_delta.updated_at -> mart.orders.updated_at DIRECT.IDENTITY

-- title: redshift ctas with distkey sortkey
-- dialect: redshift
-- schema: {"raw.orders": {"order_id": "int", "customer_id": "int", "amount": "decimal"}}
create table mart.orders_by_customer distkey(customer_id) sortkey(order_id) as
select customer_id, order_id, amount from raw.orders;
-- expect:
-- raw.orders.amount -> mart.orders_by_customer.amount DIRECT.IDENTITY
-- raw.orders.customer_id -> mart.orders_by_customer.customer_id DIRECT.IDENTITY
-- raw.orders.order_id -> mart.orders_by_customer.order_id DIRECT.IDENTITY

-- title: redshift spectrum external table ctas
-- dialect: redshift
-- schema: {"mart.orders": {"order_id": "int", "amount": "decimal", "order_date": "date"}}
create external table spectrum.orders_archive
partitioned by (order_date)
stored as parquet
location 's3://acme-lake/orders_archive/'
as select order_id, amount, order_date from mart.orders where order_date < '2023-01-01';
-- expect:
-- mart.orders.amount -> spectrum.orders_archive.amount DIRECT.IDENTITY
-- mart.orders.order_date -> spectrum.orders_archive.amount INDIRECT.FILTER
-- mart.orders.order_date -> spectrum.orders_archive.order_date DIRECT.IDENTITY
-- mart.orders.order_date -> spectrum.orders_archive.order_date INDIRECT.FILTER
-- mart.orders.order_id -> spectrum.orders_archive.order_id DIRECT.IDENTITY
-- mart.orders.order_date -> spectrum.orders_archive.order_id INDIRECT.FILTER

-- title: redshift insert into spectrum external table
-- dialect: redshift
-- schema: {"mart.orders": {"order_id": "int", "amount": "decimal"}, "spectrum.orders_ext": {"order_id": "int", "amount": "decimal"}}
insert into spectrum.orders_ext select order_id, amount from mart.orders;
-- expect:
-- mart.orders.amount -> spectrum.orders_ext.amount DIRECT.IDENTITY
-- mart.orders.order_id -> spectrum.orders_ext.order_id DIRECT.IDENTITY

-- title: redshift unload with partition by
-- dialect: redshift
-- schema: {"mart.orders": {"order_id": "int", "amount": "decimal", "order_date": "date"}}
unload ('select order_id, amount, order_date from mart.orders where order_date >= ''2024-01-01''')
to 's3://acme-export/orders/'
iam_role 'arn:aws:iam::123456789012:role/Unload'
partition by (order_date) format as parquet allowoverwrite;
-- expect:

-- title: redshift select into new table
-- dialect: redshift
-- schema: {"raw.orders": {"order_id": "int", "amount": "decimal", "status": "varchar"}}
select order_id, amount into mart.open_orders from raw.orders where status = 'OPEN';
-- expect:
-- raw.orders.amount -> mart.open_orders.amount DIRECT.IDENTITY
-- raw.orders.status -> mart.open_orders.amount INDIRECT.FILTER
-- raw.orders.order_id -> mart.open_orders.order_id DIRECT.IDENTITY
-- raw.orders.status -> mart.open_orders.order_id INDIRECT.FILTER

-- title: postgres create table like including all then insert select star
-- dialect: postgres
-- schema: {"public.orders": {"order_id": "int", "amount": "numeric", "status": "text"}}
create table staging.orders_new (like public.orders including all);
insert into staging.orders_new select * from public.orders where status = 'NEW';
-- expect:
-- public.orders.amount -> staging.orders_new.amount DIRECT.IDENTITY
-- public.orders.status -> staging.orders_new.amount INDIRECT.FILTER
-- public.orders.order_id -> staging.orders_new.order_id DIRECT.IDENTITY
-- public.orders.status -> staging.orders_new.order_id INDIRECT.FILTER
-- public.orders.status -> staging.orders_new.status DIRECT.IDENTITY
-- public.orders.status -> staging.orders_new.status INDIRECT.FILTER

-- title: postgres writable cte delete returning into archive
-- dialect: postgres
-- schema: {"public.events": {"id": "int", "payload": "jsonb", "created_at": "timestamptz"}, "archive.events": {"id": "int", "payload": "jsonb", "created_at": "timestamptz"}}
with moved as (
  delete from public.events where created_at < now() - interval '90 days' returning *
)
insert into archive.events select * from moved;
-- expect:
-- public.events.created_at -> archive.events.created_at DIRECT.IDENTITY
-- public.events.created_at -> archive.events.created_at INDIRECT.FILTER
-- public.events.id -> archive.events.id DIRECT.IDENTITY
-- public.events.created_at -> archive.events.id INDIRECT.FILTER
-- public.events.payload -> archive.events.payload DIRECT.IDENTITY
-- public.events.created_at -> archive.events.payload INDIRECT.FILTER

-- title: postgres insert on conflict do update with excluded and a where
-- dialect: postgres
-- schema: {"staging.prices": {"sku": "text", "price": "numeric", "updated_at": "timestamptz"}, "public.prices": {"sku": "text", "price": "numeric", "updated_at": "timestamptz"}}
insert into public.prices as p (sku, price, updated_at)
select sku, price, updated_at from staging.prices
on conflict (sku) do update set price = excluded.price, updated_at = excluded.updated_at
where p.updated_at < excluded.updated_at;
-- expect:
-- staging.prices.price -> public.prices.price DIRECT.IDENTITY
-- public.prices.updated_at -> public.prices.price INDIRECT.FILTER
-- staging.prices.updated_at -> public.prices.price INDIRECT.FILTER
-- public.prices.sku -> public.prices.price INDIRECT.JOIN
-- staging.prices.sku -> public.prices.price INDIRECT.JOIN
-- staging.prices.sku -> public.prices.sku DIRECT.IDENTITY
-- staging.prices.updated_at -> public.prices.updated_at DIRECT.IDENTITY
-- public.prices.updated_at -> public.prices.updated_at INDIRECT.FILTER
-- staging.prices.updated_at -> public.prices.updated_at INDIRECT.FILTER
-- public.prices.sku -> public.prices.updated_at INDIRECT.JOIN
-- staging.prices.sku -> public.prices.updated_at INDIRECT.JOIN

-- title: postgres copy from program and copy to stdout with query
-- dialect: postgres
-- schema: {"public.orders": {"order_id": "int", "amount": "numeric", "status": "text"}}
copy staging.orders_raw (order_id, amount) from program 'gunzip -c /data/orders.csv.gz' with (format csv, header true);
copy (select order_id, amount from public.orders where status = 'PAID') to stdout with (format csv);
-- expect:

-- title: postgres merge with not matched by source (pg17)
-- dialect: postgres
-- schema: {"staging.stock": {"sku": "text", "qty": "int"}, "public.stock": {"sku": "text", "qty": "int"}}
merge into public.stock t
using staging.stock s on t.sku = s.sku
when matched and s.qty = 0 then delete
when matched then update set qty = s.qty
when not matched by target then insert (sku, qty) values (s.sku, s.qty)
when not matched by source then delete;
-- expect:
-- staging.stock.qty -> public.stock.qty DIRECT.IDENTITY
-- staging.stock.qty -> public.stock.qty INDIRECT.FILTER
-- public.stock.sku -> public.stock.qty INDIRECT.JOIN
-- staging.stock.sku -> public.stock.qty INDIRECT.JOIN
-- staging.stock.sku -> public.stock.sku DIRECT.IDENTITY
-- public.stock.sku -> public.stock.sku INDIRECT.JOIN
-- staging.stock.sku -> public.stock.sku INDIRECT.JOIN

-- title: postgres refresh materialized view concurrently after an insert
-- dialect: postgres
-- schema: {"public.orders": {"customer_id": "int", "amount": "numeric"}}
create materialized view public.customer_totals as select customer_id, sum(amount) as total from public.orders group by customer_id with no data;
refresh materialized view concurrently public.customer_totals;
-- expect:
-- public.orders.customer_id -> public.customer_totals.customer_id DIRECT.IDENTITY
-- public.orders.customer_id -> public.customer_totals.customer_id INDIRECT.GROUP_BY
-- public.orders.amount -> public.customer_totals.total DIRECT.AGGREGATION [sum]
-- public.orders.customer_id -> public.customer_totals.total INDIRECT.GROUP_BY

-- title: postgres insert select with returning into nothing and a lateral
-- dialect: postgres
-- schema: {"public.orders": {"order_id": "int", "customer_id": "int"}, "public.order_items": {"order_id": "int", "sku": "text", "qty": "int"}}
insert into public.order_last_item (order_id, sku)
select o.order_id, li.sku
from public.orders o
cross join lateral (select i.sku from public.order_items i where i.order_id = o.order_id order by i.qty desc limit 1) li
returning order_id;
-- expect:
-- public.orders.order_id -> public.order_last_item.order_id DIRECT.IDENTITY
-- public.order_items.order_id -> public.order_last_item.order_id INDIRECT.FILTER
-- public.orders.order_id -> public.order_last_item.order_id INDIRECT.FILTER
-- public.order_items.sku -> public.order_last_item.sku DIRECT.IDENTITY
-- public.order_items.order_id -> public.order_last_item.sku INDIRECT.FILTER
-- public.orders.order_id -> public.order_last_item.sku INDIRECT.FILTER
-- public.order_items.qty -> public.order_last_item.sku INDIRECT.SORT

-- title: oracle insert first with else into
-- dialect: oracle
-- schema: {"stg.orders": {"order_id": "number", "amount": "number", "region": "varchar2"}}
insert first
  when region = 'EU' then into dw.orders_eu (order_id, amount) values (order_id, amount)
  when region = 'US' then into dw.orders_us (order_id, amount) values (order_id, amount)
  else into dw.orders_other (order_id, amount, region) values (order_id, amount, region)
select order_id, amount, region from stg.orders;
-- expect:
-- stg.orders.amount -> dw.orders_eu.amount DIRECT.IDENTITY
-- stg.orders.region -> dw.orders_eu.amount INDIRECT.FILTER
-- stg.orders.order_id -> dw.orders_eu.order_id DIRECT.IDENTITY
-- stg.orders.region -> dw.orders_eu.order_id INDIRECT.FILTER
-- stg.orders.amount -> dw.orders_other.amount DIRECT.IDENTITY
-- stg.orders.region -> dw.orders_other.amount INDIRECT.FILTER
-- stg.orders.order_id -> dw.orders_other.order_id DIRECT.IDENTITY
-- stg.orders.region -> dw.orders_other.order_id INDIRECT.FILTER
-- stg.orders.region -> dw.orders_other.region DIRECT.IDENTITY
-- stg.orders.region -> dw.orders_other.region INDIRECT.FILTER
-- stg.orders.amount -> dw.orders_us.amount DIRECT.IDENTITY
-- stg.orders.region -> dw.orders_us.amount INDIRECT.FILTER
-- stg.orders.order_id -> dw.orders_us.order_id DIRECT.IDENTITY
-- stg.orders.region -> dw.orders_us.order_id INDIRECT.FILTER

-- title: oracle ctas nologging parallel with a join
-- dialect: oracle
-- schema: {"stg.orders": {"order_id": "number", "customer_id": "number", "amount": "number"}, "stg.customers": {"customer_id": "number", "segment": "varchar2"}}
create table dw.orders_seg nologging parallel 4 compress as
select /*+ parallel(o 4) */ o.order_id, c.segment, o.amount
from stg.orders o join stg.customers c on c.customer_id = o.customer_id;
-- expect:
-- stg.orders.amount -> dw.orders_seg.amount DIRECT.IDENTITY
-- stg.customers.customer_id -> dw.orders_seg.amount INDIRECT.JOIN
-- stg.orders.customer_id -> dw.orders_seg.amount INDIRECT.JOIN
-- stg.orders.order_id -> dw.orders_seg.order_id DIRECT.IDENTITY
-- stg.customers.customer_id -> dw.orders_seg.order_id INDIRECT.JOIN
-- stg.orders.customer_id -> dw.orders_seg.order_id INDIRECT.JOIN
-- stg.customers.segment -> dw.orders_seg.segment DIRECT.IDENTITY
-- stg.customers.customer_id -> dw.orders_seg.segment INDIRECT.JOIN
-- stg.orders.customer_id -> dw.orders_seg.segment INDIRECT.JOIN

-- title: oracle merge with update where and delete where and insert where
-- dialect: oracle
-- schema: {"stg.accounts": {"acct_id": "number", "balance": "number", "status": "varchar2"}, "dw.accounts": {"acct_id": "number", "balance": "number", "status": "varchar2"}}
merge into dw.accounts t
using stg.accounts s on (t.acct_id = s.acct_id)
when matched then update set t.balance = s.balance, t.status = s.status
  where s.status <> 'X'
  delete where t.status = 'CLOSED'
when not matched then insert (acct_id, balance, status) values (s.acct_id, s.balance, s.status)
  where s.status = 'OPEN';
-- expect:
-- stg.accounts.acct_id -> dw.accounts.acct_id DIRECT.IDENTITY
-- stg.accounts.status -> dw.accounts.acct_id INDIRECT.FILTER
-- dw.accounts.acct_id -> dw.accounts.acct_id INDIRECT.JOIN
-- stg.accounts.acct_id -> dw.accounts.acct_id INDIRECT.JOIN
-- stg.accounts.balance -> dw.accounts.balance DIRECT.IDENTITY
-- stg.accounts.status -> dw.accounts.balance INDIRECT.FILTER
-- dw.accounts.acct_id -> dw.accounts.balance INDIRECT.JOIN
-- stg.accounts.acct_id -> dw.accounts.balance INDIRECT.JOIN
-- stg.accounts.status -> dw.accounts.status DIRECT.IDENTITY
-- stg.accounts.status -> dw.accounts.status INDIRECT.FILTER
-- dw.accounts.acct_id -> dw.accounts.status INDIRECT.JOIN
-- stg.accounts.acct_id -> dw.accounts.status INDIRECT.JOIN

-- title: synapse cetas external table as select
-- dialect: tsql
-- schema: {"dbo.orders": {"order_id": "int", "amount": "money", "order_date": "date"}}
CREATE EXTERNAL TABLE ext.orders_2024
WITH (LOCATION = 'orders/2024/', DATA_SOURCE = lake_ds, FILE_FORMAT = parquet_ff)
AS SELECT order_id, amount FROM dbo.orders WHERE order_date >= '2024-01-01';
-- expect:
-- dbo.orders.amount -> ext.orders_2024.amount DIRECT.IDENTITY
-- dbo.orders.order_date -> ext.orders_2024.amount INDIRECT.FILTER
-- dbo.orders.order_id -> ext.orders_2024.order_id DIRECT.IDENTITY
-- dbo.orders.order_date -> ext.orders_2024.order_id INDIRECT.FILTER

-- title: tsql select into temp then merge with output into log
-- dialect: tsql
-- schema: {"stg.customers": {"id": "int", "email": "nvarchar", "loaded_at": "datetime2"}, "dbo.customers": {"id": "int", "email": "nvarchar"}}
SELECT id, email INTO #src FROM stg.customers WHERE loaded_at > DATEADD(day, -1, GETDATE());
MERGE dbo.customers AS t
USING #src AS s ON t.id = s.id
WHEN MATCHED THEN UPDATE SET t.email = s.email
WHEN NOT MATCHED BY TARGET THEN INSERT (id, email) VALUES (s.id, s.email)
OUTPUT $action, inserted.id, inserted.email INTO audit.customer_changes (action, id, email);
-- expect:
-- dbo.customers.email -> audit.customer_changes.email DIRECT.IDENTITY
-- dbo.customers.id -> audit.customer_changes.id DIRECT.IDENTITY
-- stg.customers.email -> dbo.customers.email DIRECT.IDENTITY
-- stg.customers.loaded_at -> dbo.customers.email INDIRECT.FILTER
-- dbo.customers.id -> dbo.customers.email INDIRECT.JOIN
-- stg.customers.id -> dbo.customers.email INDIRECT.JOIN
-- stg.customers.id -> dbo.customers.id DIRECT.IDENTITY
-- stg.customers.loaded_at -> dbo.customers.id INDIRECT.FILTER
-- dbo.customers.id -> dbo.customers.id INDIRECT.JOIN
-- stg.customers.id -> dbo.customers.id INDIRECT.JOIN

-- title: tsql truncate and insert with tablock from openquery
-- dialect: tsql
TRUNCATE TABLE stg.remote_orders;
INSERT INTO stg.remote_orders WITH (TABLOCK) (order_id, amount)
SELECT order_id, amount FROM OPENQUERY(ERP, 'SELECT order_id, amount FROM dbo.orders');
-- expect:

-- title: clickhouse insert from s3 table function
-- dialect: clickhouse
insert into raw.events (event_id, user_id, ts)
select event_id, user_id, parseDateTimeBestEffort(ts_str) from s3('https://acme-raw.s3.amazonaws.com/events/*.csv.gz', 'CSVWithNames');
-- expect:

-- title: clickhouse insert from mysql table function
-- dialect: clickhouse
insert into raw.customers (id, email)
select id, email from mysql('mysql-prod:3306', 'shop', 'customers', 'etl', 'secret');
-- expect:

-- title: clickhouse ctas with engine
-- dialect: clickhouse
-- schema: {"analytics.events": {"event_id": "UInt64", "user_id": "UInt64", "ts": "DateTime"}}
create table analytics.events_2024 engine = MergeTree order by (user_id, ts) partition by toYYYYMM(ts)
as select event_id, user_id, ts from analytics.events where toYear(ts) = 2024;
-- expect:
-- analytics.events.event_id -> analytics.events_2024.event_id DIRECT.IDENTITY
-- analytics.events.ts -> analytics.events_2024.event_id INDIRECT.FILTER
-- analytics.events.ts -> analytics.events_2024.ts DIRECT.IDENTITY
-- analytics.events.ts -> analytics.events_2024.ts INDIRECT.FILTER
-- analytics.events.user_id -> analytics.events_2024.user_id DIRECT.IDENTITY
-- analytics.events.ts -> analytics.events_2024.user_id INDIRECT.FILTER

-- title: teradata merge
-- dialect: teradata
-- schema: {"stg.customers": {"cust_id": "integer", "email": "varchar"}, "dw.customers": {"cust_id": "integer", "email": "varchar"}}
merge into dw.customers tgt
using stg.customers src on (tgt.cust_id = src.cust_id)
when matched then update set email = src.email
when not matched then insert (cust_id, email) values (src.cust_id, src.email);
-- expect:
-- stg.customers.cust_id -> dw.customers.cust_id DIRECT.IDENTITY
-- dw.customers.cust_id -> dw.customers.cust_id INDIRECT.JOIN
-- stg.customers.cust_id -> dw.customers.cust_id INDIRECT.JOIN
-- stg.customers.email -> dw.customers.email DIRECT.IDENTITY
-- dw.customers.cust_id -> dw.customers.email INDIRECT.JOIN
-- stg.customers.cust_id -> dw.customers.email INDIRECT.JOIN

-- title: teradata update from with set
-- dialect: teradata
-- schema: {"stg.customers": {"cust_id": "integer", "email": "varchar"}, "dw.customers": {"cust_id": "integer", "email": "varchar"}}
update tgt from dw.customers tgt, stg.customers src
set email = src.email
where tgt.cust_id = src.cust_id;
-- expect:
-- stg.customers.email -> dw.customers.email DIRECT.IDENTITY
-- dw.customers.cust_id -> dw.customers.email INDIRECT.FILTER
-- stg.customers.cust_id -> dw.customers.email INDIRECT.FILTER

-- title: trino ctas with properties partitioned iceberg
-- dialect: trino
-- schema: {"hive.raw.orders": {"order_id": "bigint", "amount": "double", "order_ts": "timestamp"}}
create table iceberg.mart.orders
with (format = 'PARQUET', partitioning = array['day(order_ts)'])
as select order_id, amount, order_ts from hive.raw.orders;
-- expect:
-- hive.raw.orders.amount -> iceberg.mart.orders.amount DIRECT.IDENTITY
-- hive.raw.orders.order_id -> iceberg.mart.orders.order_id DIRECT.IDENTITY
-- hive.raw.orders.order_ts -> iceberg.mart.orders.order_ts DIRECT.IDENTITY

-- title: trino insert into iceberg from hive with cast
-- dialect: trino
-- schema: {"hive.raw.orders": {"order_id": "varchar", "amount": "varchar", "ds": "varchar"}, "iceberg.mart.orders": {"order_id": "bigint", "amount": "double", "order_date": "date"}}
insert into iceberg.mart.orders
select cast(order_id as bigint), try_cast(amount as double), date(ds) from hive.raw.orders where ds = '2024-01-01';
-- expect:
-- hive.raw.orders.amount -> iceberg.mart.orders.amount DIRECT.TRANSFORMATION [try_cast]
-- hive.raw.orders.ds -> iceberg.mart.orders.amount INDIRECT.FILTER
-- hive.raw.orders.ds -> iceberg.mart.orders.order_date DIRECT.TRANSFORMATION [date]
-- hive.raw.orders.ds -> iceberg.mart.orders.order_date INDIRECT.FILTER
-- hive.raw.orders.order_id -> iceberg.mart.orders.order_id DIRECT.TRANSFORMATION [cast]
-- hive.raw.orders.ds -> iceberg.mart.orders.order_id INDIRECT.FILTER

-- title: trino merge into iceberg
-- dialect: trino
-- schema: {"iceberg.stg.customers": {"id": "bigint", "email": "varchar", "deleted": "boolean"}, "iceberg.mart.customers": {"id": "bigint", "email": "varchar"}}
merge into iceberg.mart.customers t using iceberg.stg.customers s on t.id = s.id
when matched and s.deleted then delete
when matched then update set email = s.email
when not matched and not s.deleted then insert (id, email) values (s.id, s.email);
-- expect:
-- iceberg.stg.customers.email -> iceberg.mart.customers.email DIRECT.IDENTITY
-- iceberg.stg.customers.deleted -> iceberg.mart.customers.email INDIRECT.FILTER
-- iceberg.mart.customers.id -> iceberg.mart.customers.email INDIRECT.JOIN
-- iceberg.stg.customers.id -> iceberg.mart.customers.email INDIRECT.JOIN
-- iceberg.stg.customers.id -> iceberg.mart.customers.id DIRECT.IDENTITY
-- iceberg.stg.customers.deleted -> iceberg.mart.customers.id INDIRECT.FILTER
-- iceberg.mart.customers.id -> iceberg.mart.customers.id INDIRECT.JOIN
-- iceberg.stg.customers.id -> iceberg.mart.customers.id INDIRECT.JOIN

-- title: athena ctas with external location and partitioning
-- dialect: athena
-- schema: {"raw.events": {"event_id": "varchar", "user_id": "bigint", "dt": "varchar"}}
create table mart.events_parquet
with (format = 'PARQUET', external_location = 's3://acme-lake/events_parquet/', partitioned_by = array['dt'])
as select event_id, user_id, dt from raw.events;
-- expect:
-- raw.events.dt -> mart.events_parquet.dt DIRECT.IDENTITY
-- raw.events.event_id -> mart.events_parquet.event_id DIRECT.IDENTITY
-- raw.events.user_id -> mart.events_parquet.user_id DIRECT.IDENTITY

-- title: athena insert into with a partition column last
-- dialect: athena
-- schema: {"raw.events": {"event_id": "varchar", "user_id": "bigint", "dt": "varchar"}, "mart.events_parquet": {"event_id": "varchar", "user_id": "bigint", "dt": "varchar"}}
insert into mart.events_parquet select event_id, user_id, dt from raw.events where dt = '2024-01-02';
-- expect:
-- raw.events.dt -> mart.events_parquet.dt DIRECT.IDENTITY
-- raw.events.dt -> mart.events_parquet.dt INDIRECT.FILTER
-- raw.events.event_id -> mart.events_parquet.event_id DIRECT.IDENTITY
-- raw.events.dt -> mart.events_parquet.event_id INDIRECT.FILTER
-- raw.events.user_id -> mart.events_parquet.user_id DIRECT.IDENTITY
-- raw.events.dt -> mart.events_parquet.user_id INDIRECT.FILTER

-- title: trino ctas with no data then insert
-- dialect: trino
-- schema: {"hive.raw.orders": {"order_id": "bigint", "amount": "double"}}
create table hive.stg.orders_empty as select * from hive.raw.orders with no data;
insert into hive.stg.orders_empty select * from hive.raw.orders where amount > 0;
-- expect:
-- hive.raw.orders.amount -> hive.stg.orders_empty.amount DIRECT.IDENTITY
-- hive.raw.orders.amount -> hive.stg.orders_empty.amount DIRECT.IDENTITY
-- hive.raw.orders.amount -> hive.stg.orders_empty.amount INDIRECT.FILTER
-- hive.raw.orders.order_id -> hive.stg.orders_empty.order_id DIRECT.IDENTITY
-- hive.raw.orders.order_id -> hive.stg.orders_empty.order_id DIRECT.IDENTITY
-- hive.raw.orders.amount -> hive.stg.orders_empty.order_id INDIRECT.FILTER

-- title: duckdb copy to parquet with partition by
-- dialect: duckdb
-- schema: {"main.orders": {"order_id": "bigint", "amount": "double", "order_date": "date"}}
copy (select order_id, amount, order_date from main.orders) to 's3://acme-lake/orders' (format parquet, partition_by (order_date));
-- expect:

-- title: duckdb create table as from a csv with read_csv_auto
-- dialect: duckdb
create table raw.orders as select * from read_csv_auto('data/orders_*.csv', header = true);
-- expect:
-- data/orders_*.csv.* -> raw.orders.* DIRECT.IDENTITY (unresolved)
-- expect-diagnostics:
-- unresolved-star data/orders_*.csv.*

-- title: duckdb copy from a file into a table
-- dialect: duckdb
copy raw.orders from 'data/orders.csv' (header, delimiter ',');
-- expect:

-- title: duckdb attach then insert by name across databases
-- dialect: duckdb
-- schema: {"src.main.orders": {"order_id": "bigint", "amount": "double"}, "main.orders": {"amount": "double", "order_id": "bigint"}}
attach 'prod.duckdb' as src (read_only);
insert into main.orders by name select order_id, amount from src.main.orders;
-- expect:
-- src.main.orders.amount -> main.orders.amount DIRECT.IDENTITY
-- src.main.orders.order_id -> main.orders.order_id DIRECT.IDENTITY

-- title: duckdb insert or replace from a parquet glob
-- dialect: duckdb
-- schema: {"main.orders": {"order_id": "bigint", "amount": "double"}}
insert or replace into main.orders select order_id, amount from 'data/updates/*.parquet';
-- expect:
-- data/updates/*.parquet.amount -> main.orders.amount DIRECT.IDENTITY
-- data/updates/*.parquet.order_id -> main.orders.order_id DIRECT.IDENTITY

-- title: mysql create table select without as
-- dialect: mysql
-- schema: {"shop.orders": {"order_id": "int", "amount": "decimal", "status": "varchar"}}
create table shop.paid_orders select order_id, amount from shop.orders where status = 'paid';
-- expect:
-- shop.orders.amount -> shop.paid_orders.amount DIRECT.IDENTITY
-- shop.orders.status -> shop.paid_orders.amount INDIRECT.FILTER
-- shop.orders.order_id -> shop.paid_orders.order_id DIRECT.IDENTITY
-- shop.orders.status -> shop.paid_orders.order_id INDIRECT.FILTER

-- title: mysql create table like then insert ignore
-- dialect: mysql
-- schema: {"shop.orders": {"order_id": "int", "amount": "decimal"}}
create table shop.orders_copy like shop.orders;
insert ignore into shop.orders_copy select * from shop.orders;
-- expect:
-- shop.orders.amount -> shop.orders_copy.amount DIRECT.IDENTITY
-- shop.orders.order_id -> shop.orders_copy.order_id DIRECT.IDENTITY

-- title: mysql insert select on duplicate key update values
-- dialect: mysql
-- schema: {"stg.orders": {"order_id": "int", "amount": "decimal"}, "shop.orders": {"order_id": "int", "amount": "decimal"}}
insert into shop.orders (order_id, amount) select order_id, amount from stg.orders
on duplicate key update amount = values(amount);
-- expect:
-- stg.orders.amount -> shop.orders.amount DIRECT.IDENTITY
-- stg.orders.order_id -> shop.orders.order_id DIRECT.IDENTITY

-- title: hive create external table then msck and insert
-- dialect: hive
-- schema: {"raw.orders_ext": {"order_id": "bigint", "amount": "double", "ds": "string"}}
create external table if not exists raw.orders_ext (order_id bigint, amount double) partitioned by (ds string) stored as parquet location 's3://acme/orders/';
msck repair table raw.orders_ext;
insert overwrite table mart.orders partition (ds) select order_id, amount, ds from raw.orders_ext;
-- expect:
-- raw.orders_ext.amount -> mart.orders.amount DIRECT.IDENTITY
-- raw.orders_ext.ds -> mart.orders.ds DIRECT.IDENTITY
-- raw.orders_ext.order_id -> mart.orders.order_id DIRECT.IDENTITY

-- title: hive ctas stored as orc
-- dialect: hive
-- schema: {"raw.orders": {"order_id": "bigint", "amount": "double"}}
create table mart.orders_orc stored as orc tblproperties ('orc.compress' = 'SNAPPY') as select order_id, amount from raw.orders;
-- expect:
-- raw.orders.amount -> mart.orders_orc.amount DIRECT.IDENTITY
-- raw.orders.order_id -> mart.orders_orc.order_id DIRECT.IDENTITY

-- title: snowflake copy into table with match by column name
-- dialect: snowflake
copy into raw.customers from @raw.cust_stage file_format = (type = parquet) match_by_column_name = case_insensitive;
-- expect:

-- title: snowflake changes clause read into a table
-- dialect: snowflake
-- schema: {"raw.orders": {"order_id": "number", "amount": "number"}}
insert into audit.order_changes (order_id, amount, action)
select order_id, amount, metadata$action from raw.orders changes (information => default) at (timestamp => '2024-01-01 00:00:00'::timestamp_ltz);
-- expect:
-- raw.orders.amount -> audit.order_changes.amount DIRECT.IDENTITY
-- raw.orders.order_id -> audit.order_changes.order_id DIRECT.IDENTITY

-- title: snowflake ctas copy grants from a qualify dedup
-- dialect: snowflake
-- schema: {"raw.customers": {"id": "number", "email": "varchar", "updated_at": "timestamp_ntz"}}
create or replace table mart.customers copy grants as
select id, email from raw.customers
qualify row_number() over (partition by id order by updated_at desc) = 1;
-- expect:
-- raw.customers.email -> mart.customers.email DIRECT.IDENTITY
-- raw.customers.id -> mart.customers.email INDIRECT.FILTER
-- raw.customers.updated_at -> mart.customers.email INDIRECT.FILTER
-- raw.customers.id -> mart.customers.id DIRECT.IDENTITY
-- raw.customers.id -> mart.customers.id INDIRECT.FILTER
-- raw.customers.updated_at -> mart.customers.id INDIRECT.FILTER

-- title: snowflake task control statements are no lineage and no noise
-- dialect: snowflake
alter task mart.load_orders resume;
execute task mart.load_orders;
alter pipe raw.orders_pipe refresh;
-- expect:

-- title: synapse ctas with option label
-- dialect: tsql
-- schema: {"stg.orders": {"order_id": "int", "amount": "money"}}
CREATE TABLE dbo.orders_new WITH (DISTRIBUTION = ROUND_ROBIN, HEAP)
AS SELECT order_id, amount FROM stg.orders
OPTION (LABEL = 'CTAS : dbo.orders_new');
-- expect:
-- stg.orders.amount -> dbo.orders_new.amount DIRECT.IDENTITY
-- stg.orders.order_id -> dbo.orders_new.order_id DIRECT.IDENTITY

-- title: clickhouse create table as another then insert
-- dialect: clickhouse
-- schema: {"analytics.events": {"event_id": "UInt64", "user_id": "UInt64"}}
create table analytics.events_tmp as analytics.events engine = MergeTree order by event_id;
insert into analytics.events_tmp select * from analytics.events where user_id > 0;
-- expect:
-- analytics.events.event_id -> analytics.events_tmp.event_id DIRECT.IDENTITY
-- analytics.events.user_id -> analytics.events_tmp.event_id INDIRECT.FILTER
-- analytics.events.user_id -> analytics.events_tmp.user_id DIRECT.IDENTITY
-- analytics.events.user_id -> analytics.events_tmp.user_id INDIRECT.FILTER

-- title: clickhouse insert with settings
-- dialect: clickhouse
-- schema: {"analytics.events": {"event_id": "UInt64", "user_id": "UInt64"}}
insert into analytics.events_copy (event_id, user_id) settings async_insert = 1
select event_id, user_id from analytics.events;
-- expect:
-- analytics.events.event_id -> analytics.events_copy.event_id DIRECT.IDENTITY
-- analytics.events.user_id -> analytics.events_copy.user_id DIRECT.IDENTITY

-- title: duckdb ctas from-first file
-- dialect: duckdb
create table raw.events as from 'data/events.parquet';
-- expect:
-- data/events.parquet.* -> raw.events.* DIRECT.IDENTITY (unresolved)
-- expect-diagnostics:
-- unresolved-star data/events.parquet.*

-- title: oracle flashback ctas as of timestamp
-- dialect: oracle
-- schema: {"dw.orders": {"order_id": "number", "amount": "number"}}
create table dw.orders_restore as
select order_id, amount from dw.orders as of timestamp (systimestamp - interval '1' hour);
-- expect:
-- dw.orders.amount -> dw.orders_restore.amount DIRECT.IDENTITY
-- dw.orders.order_id -> dw.orders_restore.order_id DIRECT.IDENTITY

-- title: oracle insert all unconditional
-- dialect: oracle
-- schema: {"stg.sales": {"sale_id": "number", "amount": "number", "tax": "number"}}
insert all
  into dw.sales_net (sale_id, amount) values (sale_id, amount)
  into dw.sales_tax (sale_id, tax) values (sale_id, tax)
select sale_id, amount, tax from stg.sales;
-- expect:
-- stg.sales.amount -> dw.sales_net.amount DIRECT.IDENTITY
-- stg.sales.sale_id -> dw.sales_net.sale_id DIRECT.IDENTITY
-- stg.sales.sale_id -> dw.sales_tax.sale_id DIRECT.IDENTITY
-- stg.sales.tax -> dw.sales_tax.tax DIRECT.IDENTITY

-- title: bigquery create temp table then insert
-- dialect: bigquery
-- schema: {"raw.orders": {"order_id": "INT64", "amount": "NUMERIC", "status": "STRING"}}
create temp table paid as select order_id, amount from raw.orders where status = 'PAID';
insert into mart.paid_orders (order_id, amount) select order_id, amount from paid;
-- expect:
-- raw.orders.amount -> mart.paid_orders.amount DIRECT.IDENTITY
-- raw.orders.status -> mart.paid_orders.amount INDIRECT.FILTER
-- raw.orders.order_id -> mart.paid_orders.order_id DIRECT.IDENTITY
-- raw.orders.status -> mart.paid_orders.order_id INDIRECT.FILTER

-- title: trino create or replace table
-- dialect: trino
-- schema: {"hive.raw.orders": {"order_id": "bigint", "amount": "double"}}
create or replace table iceberg.mart.orders_latest as select order_id, amount from hive.raw.orders;
alter table iceberg.mart.orders_latest execute optimize;
-- expect:
-- hive.raw.orders.amount -> iceberg.mart.orders_latest.amount DIRECT.IDENTITY
-- hive.raw.orders.order_id -> iceberg.mart.orders_latest.order_id DIRECT.IDENTITY
