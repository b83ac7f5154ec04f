-- Found by a tenth probe (load and move statements): partition swaps, Synapse RENAME OBJECT,
-- Postgres PARTITION OF (helper A).

-- title: P10-3: postgres ATTACH PARTITION of a loaded staging table moves its rows into the parent
-- dialect: postgres
-- schema: {"public.measurements": {"sensor_id": "int", "reading": "numeric", "logdate": "date"}, "staging.measurements_2024_01": {"sensor_id": "int", "reading": "numeric", "logdate": "date"}}
alter table public.measurements attach partition staging.measurements_2024_01
  for values from ('2024-01-01') to ('2024-02-01');
-- expect:
-- staging.measurements_2024_01.sensor_id -> public.measurements.sensor_id DIRECT.IDENTITY
-- staging.measurements_2024_01.reading -> public.measurements.reading DIRECT.IDENTITY
-- staging.measurements_2024_01.logdate -> public.measurements.logdate DIRECT.IDENTITY

-- title: P10-4: oracle EXCHANGE PARTITION WITH TABLE moves the staging table's rows into the partitioned table
-- dialect: oracle
-- schema: {"dw.sales": {"sale_id": "number", "amount": "number", "sale_date": "date"}, "stg.sales_2024q1": {"sale_id": "number", "amount": "number", "sale_date": "date"}}
alter table dw.sales exchange partition p_2024q1 with table stg.sales_2024q1 including indexes without validation;
-- expect:
-- stg.sales_2024q1.sale_id -> dw.sales.sale_id DIRECT.IDENTITY
-- stg.sales_2024q1.amount -> dw.sales.amount DIRECT.IDENTITY
-- stg.sales_2024q1.sale_date -> dw.sales.sale_date DIRECT.IDENTITY

-- title: P10-5: tsql ALTER TABLE ... SWITCH [PARTITION n] TO moves rows between tables
-- dialect: tsql
-- schema: {"dbo.fact_sales": {"sale_id": "int", "amount": "money"}, "stg.fact_sales_load": {"sale_id": "int", "amount": "money"}, "arch.fact_sales_old": {"sale_id": "int", "amount": "money"}}
ALTER TABLE stg.fact_sales_load SWITCH TO dbo.fact_sales PARTITION 5;
ALTER TABLE dbo.fact_sales SWITCH PARTITION 1 TO arch.fact_sales_old PARTITION 1;
-- expect:
-- stg.fact_sales_load.sale_id -> dbo.fact_sales.sale_id DIRECT.IDENTITY
-- stg.fact_sales_load.amount -> dbo.fact_sales.amount DIRECT.IDENTITY
-- dbo.fact_sales.sale_id -> arch.fact_sales_old.sale_id DIRECT.IDENTITY
-- dbo.fact_sales.amount -> arch.fact_sales_old.amount DIRECT.IDENTITY

-- title: P10-6: clickhouse REPLACE PARTITION ... FROM and MOVE PARTITION ... TO TABLE move rows
-- dialect: clickhouse
-- schema: {"analytics.events": {"event_id": "UInt64", "user_id": "UInt64"}, "staging.events": {"event_id": "UInt64", "user_id": "UInt64"}, "archive.events": {"event_id": "UInt64", "user_id": "UInt64"}}
alter table analytics.events replace partition 202401 from staging.events;
alter table analytics.events move partition 202301 to table archive.events;
-- expect:
-- staging.events.event_id -> analytics.events.event_id DIRECT.IDENTITY
-- staging.events.user_id -> analytics.events.user_id DIRECT.IDENTITY
-- analytics.events.event_id -> archive.events.event_id DIRECT.IDENTITY
-- analytics.events.user_id -> archive.events.user_id DIRECT.IDENTITY

-- title: P10-7: synapse RENAME OBJECT after a CTAS (the documented CTAS-and-swap load) moves the table
-- dialect: tsql
-- schema: {"stg.orders": {"order_id": "int", "amount": "money"}, "dbo.orders": {"order_id": "int", "amount": "money"}}
CREATE TABLE dbo.orders_new WITH (DISTRIBUTION = HASH(order_id), CLUSTERED COLUMNSTORE INDEX)
AS SELECT order_id, amount FROM stg.orders;
RENAME OBJECT dbo.orders TO orders_old;
RENAME OBJECT dbo.orders_new TO orders;
-- expect:
-- stg.orders.amount -> dbo.orders.amount DIRECT.IDENTITY
-- stg.orders.order_id -> dbo.orders.order_id DIRECT.IDENTITY
-- dbo.orders.amount -> dbo.orders_old.amount DIRECT.IDENTITY
-- dbo.orders.order_id -> dbo.orders_old.order_id DIRECT.IDENTITY

-- title: P10-7c: synapse CTAS-and-swap without semicolons: each RENAME OBJECT line starts a statement
-- dialect: tsql
-- schema: {"stg.orders": {"order_id": "int", "amount": "money"}, "dbo.orders": {"order_id": "int", "amount": "money"}}
CREATE TABLE dbo.orders_new WITH (DISTRIBUTION = HASH(order_id), CLUSTERED COLUMNSTORE INDEX)
AS SELECT order_id, amount FROM stg.orders
RENAME OBJECT dbo.orders TO orders_old
RENAME OBJECT dbo.orders_new TO orders
-- expect:
-- stg.orders.amount -> dbo.orders.amount DIRECT.IDENTITY
-- stg.orders.order_id -> dbo.orders.order_id DIRECT.IDENTITY
-- dbo.orders.amount -> dbo.orders_old.amount DIRECT.IDENTITY
-- dbo.orders.order_id -> dbo.orders_old.order_id DIRECT.IDENTITY

-- title: P10-7d: T-SQL without semicolons: the statements after a RENAME OBJECT are not its text (a commented statement word is no statement); a PRINT ends before a RENAME
-- dialect: tsql
-- schema: {"stg.orders": {"order_id": "int"}, "dbo.orders": {"order_id": "int"}}
PRINT 'swapping'
RENAME OBJECT dbo.orders TO orders_old
/* was:
select * from dbo.orders */
INSERT INTO dbo.audit (order_id) SELECT order_id FROM stg.orders
  RENAME OBJECT dbo.orders_old TO orders_prev
-- expect:
-- stg.orders.order_id -> dbo.audit.order_id DIRECT.IDENTITY
-- dbo.orders.order_id -> dbo.orders_prev.order_id DIRECT.IDENTITY

-- title: P10-11: postgres CREATE TABLE c PARTITION OF p has p's columns
-- dialect: postgres
-- schema: {"public.measurements": {"sensor_id": "int", "reading": "numeric", "logdate": "date"}, "raw.readings": {"sensor": "int", "value": "numeric", "day": "date"}}
create table public.measurements_2024_02 partition of public.measurements
  for values from ('2024-02-01') to ('2024-03-01');
insert into public.measurements_2024_02 select sensor, value, day from raw.readings where day >= '2024-02-01';
-- expect:
-- raw.readings.sensor -> public.measurements_2024_02.sensor_id DIRECT.IDENTITY
-- raw.readings.value -> public.measurements_2024_02.reading DIRECT.IDENTITY
-- raw.readings.day -> public.measurements_2024_02.logdate DIRECT.IDENTITY
-- raw.readings.day -> public.measurements_2024_02.sensor_id INDIRECT.FILTER
-- raw.readings.day -> public.measurements_2024_02.reading INDIRECT.FILTER
-- raw.readings.day -> public.measurements_2024_02.logdate INDIRECT.FILTER

-- title: P10-3b: postgres ATTACH PARTITION ... DEFAULT of an ONLY table moves the partition's rows in
-- dialect: postgres
-- schema: {"public.events": {"id": "int", "kind": "text"}, "public.events_other": {"id": "int", "kind": "text"}}
alter table if exists only public.events attach partition public.events_other default;
-- expect:
-- public.events_other.id -> public.events.id DIRECT.IDENTITY
-- public.events_other.kind -> public.events.kind DIRECT.IDENTITY

-- title: P10-6b: clickhouse ATTACH PARTITION tuple(...) FROM on a cluster fills the table; MOVE ... TO DISK and a detached ATTACH move no table
-- dialect: clickhouse
-- schema: {"analytics.events": {"event_id": "UInt64", "user_id": "UInt64"}, "staging.events": {"event_id": "UInt64", "user_id": "UInt64"}}
alter table analytics.events on cluster main attach partition tuple(2024, 'eu') from staging.events;
alter table analytics.events move partition 202301 to disk 'cold';
alter table analytics.events attach partition 202302;
-- expect:
-- staging.events.event_id -> analytics.events.event_id DIRECT.IDENTITY
-- staging.events.user_id -> analytics.events.user_id DIRECT.IDENTITY

-- title: P10-7b: synapse RENAME OBJECT:: with bracketed names keeps the new name in the old one's schema
-- dialect: tsql
-- schema: {"dbo.orders_new": {"order_id": "int", "amount": "money"}}
RENAME OBJECT::[dbo].[orders_new] TO [orders];
-- expect:
-- dbo.orders_new.order_id -> dbo.orders.order_id DIRECT.IDENTITY
-- dbo.orders_new.amount -> dbo.orders.amount DIRECT.IDENTITY

-- title: P10-11b: postgres CREATE TABLE c PARTITION OF p DEFAULT, then an INSERT by position, writes p's columns
-- dialect: postgres
-- schema: {"public.events": {"id": "int", "kind": "text"}, "raw.ev": {"a": "int", "b": "text"}}
create table if not exists public.events_default partition of public.events default;
insert into public.events_default select a, b from raw.ev;
-- expect:
-- raw.ev.a -> public.events_default.id DIRECT.IDENTITY
-- raw.ev.b -> public.events_default.kind DIRECT.IDENTITY
