-- Statements sqlglot cannot parse as written, read for their lineage: clauses that change no
-- lineage cut before parsing (table hints and storage options, error logging, OVERRIDING),
-- a MERGE never analysed as half of itself.

-- title: oracle merge with update ... delete where keeps its not-matched insert branch
-- dialect: oracle
-- schema: {"s.t": {"id": "number", "v": "varchar2", "del": "number"}, "m.t": {"id": "number", "v": "varchar2"}}
merge into m.t d using s.t s on (d.id = s.id)
when matched then update set d.v = s.v delete where s.del = 1
when not matched then insert (d.id, d.v) values (s.id, s.v)
-- expect:
-- s.t.v -> m.t.v DIRECT.IDENTITY
-- s.t.id -> m.t.id DIRECT.IDENTITY
-- s.t.id -> m.t.id INDIRECT.JOIN
-- m.t.id -> m.t.id INDIRECT.JOIN
-- s.t.id -> m.t.v INDIRECT.JOIN
-- m.t.id -> m.t.v INDIRECT.JOIN

-- title: oracle merge whose delete where is on its own line, with a case in its condition, and error logging
-- dialect: oracle
-- schema: {"stg.customers": {"id": "number", "name": "varchar2", "status": "varchar2"}, "dw.customers": {"id": "number", "name": "varchar2", "status": "varchar2"}}
MERGE INTO dw.customers tgt
USING stg.customers src
ON (tgt.id = src.id)
WHEN MATCHED THEN
  UPDATE SET tgt.name = UPPER(src.name), tgt.status = src.status
  DELETE WHERE (CASE WHEN tgt.status = 'closed' THEN 1 ELSE 0 END) = 1
WHEN NOT MATCHED THEN
  INSERT (tgt.id, tgt.name, tgt.status) VALUES (src.id, src.name, 'new')
LOG ERRORS INTO dw.err$_customers ('nightly') REJECT LIMIT UNLIMITED;
-- expect:
-- stg.customers.name -> dw.customers.name DIRECT.TRANSFORMATION [upper] @5
-- stg.customers.name -> dw.customers.name DIRECT.IDENTITY @8
-- stg.customers.status -> dw.customers.status DIRECT.IDENTITY @5
-- stg.customers.id -> dw.customers.id DIRECT.IDENTITY @8
-- stg.customers.id -> dw.customers.id INDIRECT.JOIN
-- dw.customers.id -> dw.customers.id INDIRECT.JOIN
-- stg.customers.id -> dw.customers.name INDIRECT.JOIN
-- dw.customers.id -> dw.customers.name INDIRECT.JOIN
-- stg.customers.id -> dw.customers.status INDIRECT.JOIN
-- dw.customers.id -> dw.customers.status INDIRECT.JOIN

-- title: a statement word in the middle of a line that starts no statement: the merge is one parse error, not its head analysed as the whole
-- dialect: postgres
-- schema: {"s.t": {"id": "int", "v": "text", "del": "int"}, "m.t": {"id": "int", "v": "text"}}
merge into m.t d using s.t s on d.id = s.id
when matched then update set v = s.v delete where s.del = 1
when not matched then insert (id, v) values (s.id, s.v);
insert into m.u select id from s.t;
-- expect:
-- s.t.id -> m.u.id DIRECT.IDENTITY
-- expect-diagnostics: parse-error

-- title: tsql insert with a tablock hint on the target
-- dialect: tsql
-- schema: {"stg.t": {"a": "int", "b": "varchar"}}
insert into dbo.t with (tablock) (a, b) select a, upper(b) from stg.t
-- expect:
-- stg.t.a -> dbo.t.a DIRECT.IDENTITY
-- stg.t.b -> dbo.t.b DIRECT.TRANSFORMATION [upper]

-- title: tsql load script: insert without into with a tablockx hint into a temp table, then insert with a hint and a column list from it
-- dialect: tsql
-- schema: {"stg.orders": {"id": "int", "amount": "decimal"}}
INSERT #stage WITH (TABLOCKX)
SELECT id, amount FROM stg.orders WHERE amount > 0
INSERT INTO dw.orders WITH (TABLOCK) (order_id, amount_cents)
SELECT id, amount * 100 FROM #stage
-- expect:
-- stg.orders.id -> dw.orders.order_id DIRECT.IDENTITY @4
-- stg.orders.amount -> dw.orders.amount_cents DIRECT.TRANSFORMATION @4
-- stg.orders.amount -> dw.orders.order_id INDIRECT.FILTER
-- stg.orders.amount -> dw.orders.amount_cents INDIRECT.FILTER

-- title: synapse ctas with hash distribution and a columnstore index
-- dialect: tsql
-- schema: {"stg.t": {"id": "int", "v": "varchar"}}
create table dbo.t2 with (distribution = hash(id), clustered columnstore index) as select id, upper(v) as v from stg.t
-- expect:
-- stg.t.id -> dbo.t2.id DIRECT.IDENTITY
-- stg.t.v -> dbo.t2.v DIRECT.TRANSFORMATION [upper]

-- title: synapse ctas with a clustered index and a partition in its options, then an insert into it
-- dialect: tsql
-- schema: {"stg.sales": {"sale_id": "int", "sale_date": "date", "amount": "decimal"}}
CREATE TABLE dw.sales
WITH (CLUSTERED INDEX (sale_id), DISTRIBUTION = HASH(sale_id), PARTITION (sale_date RANGE RIGHT FOR VALUES ('2024-01-01', '2025-01-01')))
AS SELECT sale_id, sale_date, amount FROM stg.sales
INSERT INTO dw.sales WITH (TABLOCK) SELECT sale_id, sale_date, -amount FROM stg.sales
-- expect:
-- stg.sales.sale_id -> dw.sales.sale_id DIRECT.IDENTITY
-- stg.sales.sale_date -> dw.sales.sale_date DIRECT.IDENTITY
-- stg.sales.amount -> dw.sales.amount DIRECT.IDENTITY @3
-- stg.sales.amount -> dw.sales.amount DIRECT.TRANSFORMATION @4

-- title: oracle ctas with nologging parallel
-- dialect: oracle
-- schema: {"s.t": {"a": "number", "b": "varchar2"}}
create table m.t nologging parallel 4 as select a, b from s.t
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY
-- s.t.b -> m.t.b DIRECT.IDENTITY

-- title: oracle ctas with a column list and compress, tablespace and pctfree
-- dialect: oracle
-- schema: {"s.t": {"a": "number", "b": "varchar2"}}
create table m.t (x, y) compress for query high tablespace users pctfree 0 parallel as
select a, lower(b) from s.t
-- expect:
-- s.t.a -> m.t.x DIRECT.IDENTITY
-- s.t.b -> m.t.y DIRECT.TRANSFORMATION [lower]

-- title: oracle materialized view with build and refresh options
-- dialect: oracle
-- schema: {"s.sales": {"cust_id": "number", "amt": "number"}}
create materialized view m.cust_totals
build immediate refresh fast on demand enable query rewrite
as select cust_id, sum(amt) as total from s.sales group by cust_id
-- expect:
-- s.sales.cust_id -> m.cust_totals.cust_id DIRECT.IDENTITY
-- s.sales.amt -> m.cust_totals.total DIRECT.AGGREGATION [sum]
-- s.sales.cust_id -> m.cust_totals.cust_id INDIRECT.GROUP_BY
-- s.sales.cust_id -> m.cust_totals.total INDIRECT.GROUP_BY

-- title: oracle insert with dml error logging
-- dialect: oracle
-- schema: {"s.t": {"a": "number", "b": "varchar2"}}
insert /*+ append */ into m.t (a, b)
select a, b from s.t
log errors into m.err$_t ('nightly load') reject limit unlimited;
insert into m.u select a from s.t log errors reject limit 100;
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY
-- s.t.b -> m.t.b DIRECT.IDENTITY
-- s.t.a -> m.u.a DIRECT.IDENTITY

-- title: postgres insert overriding system value and overriding user value
-- dialect: postgres
-- schema: {"s.t": {"id": "int", "name": "text"}}
insert into m.t (id, name) overriding system value select id, name from s.t;
insert into m.u overriding user value select id, lower(name) as name from s.t;
-- expect:
-- s.t.id -> m.t.id DIRECT.IDENTITY
-- s.t.name -> m.t.name DIRECT.IDENTITY
-- s.t.id -> m.u.id DIRECT.IDENTITY
-- s.t.name -> m.u.name DIRECT.TRANSFORMATION [lower]

-- title: psql meta-commands end at the end of their line
-- dialect: postgres
-- schema: {"s.t": {"a": "int"}}
\set ON_ERROR_STOP on
\timing
insert into m.t select a from s.t;
\copy m.t to '/tmp/out.csv' csv header
insert into m.u select a from s.t;
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY @3
-- s.t.a -> m.u.a DIRECT.IDENTITY @5

-- title: psql script in the pg_dump style: meta-commands, a COPY FROM STDIN with its rows, a statement without a semicolon before a meta-command
-- dialect: postgres
-- schema: {"stg.orders": {"id": "int", "amount": "numeric"}}
\connect warehouse
SET statement_timeout = 0;
COPY stg.orders (id, amount) FROM stdin;
1	10.50
2	\N
select * from x where
\.
  \echo 'orders loaded'
insert into dw.orders (id, amount_cents)
select id, amount * 100 from stg.orders
\g
\copy (select id from dw.orders where amount_cents > 0) to 'paid.csv' with csv
\i post_load.sql
-- expect:
-- stg.orders.id -> dw.orders.id DIRECT.IDENTITY @10
-- stg.orders.amount -> dw.orders.amount_cents DIRECT.TRANSFORMATION @10

-- title: clickhouse alter table update mutation writes the table as the update
-- dialect: clickhouse
-- schema: {"dw.users": {"id": "UInt64", "email": "String", "email_hash": "String", "country": "String", "country_code": "String"}, "dw.gdpr_requests": {"user_id": "UInt64"}}
alter table dw.users on cluster main
update email_hash = lower(hex(MD5(email))), country = upper(country_code)
where id in (select user_id from dw.gdpr_requests)
-- expect:
-- dw.users.email -> dw.users.email_hash DIRECT.TRANSFORMATION [md5, lower_hex] @2
-- dw.users.country_code -> dw.users.country DIRECT.TRANSFORMATION [upper] @2
-- dw.users.id -> dw.users.email_hash INDIRECT.FILTER
-- dw.users.id -> dw.users.country INDIRECT.FILTER
-- dw.gdpr_requests.user_id -> dw.users.email_hash INDIRECT.FILTER
-- dw.gdpr_requests.user_id -> dw.users.country INDIRECT.FILTER

-- title: clickhouse update mutation in a partition, and a delete mutation: no value written
-- dialect: clickhouse
-- schema: {"dw.events": {"id": "UInt64", "kind": "String", "event_date": "Date"}, "dw.bots": {"id": "UInt64"}}
ALTER TABLE dw.events UPDATE kind = lower(kind) IN PARTITION '2024-01' WHERE kind != '';
ALTER TABLE dw.events DELETE WHERE id IN (SELECT id FROM dw.bots);
-- expect:
-- dw.events.kind -> dw.events.kind DIRECT.TRANSFORMATION [lower]
-- dw.events.kind -> dw.events.kind INDIRECT.FILTER

-- title: athena unload of an unquoted query reads its tables without a diagnostic
-- dialect: athena
-- schema: {"s.orders": {"id": "bigint", "amt": "double"}}
unload (select id, amt from s.orders where amt > 0) to 's3://bucket/out/' with (format = 'PARQUET')
-- expect:

-- title: postgres explain analyze runs the statement it explains, a plain explain runs nothing
-- dialect: postgres
-- schema: {"s.t": {"a": "int", "b": "text"}, "m.t": {"a": "int", "b": "text"}}
explain analyze insert into m.t select a, upper(b) from s.t;
explain insert into m.u select a from s.t;
EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
UPDATE m.t SET b = s.b FROM s.t s WHERE s.a = m.t.a;
explain (analyze false) insert into m.v select a from s.t;
-- expect:
-- s.t.a -> m.t.a DIRECT.IDENTITY @1
-- s.t.b -> m.t.b DIRECT.TRANSFORMATION [upper] @1
-- s.t.b -> m.t.b DIRECT.IDENTITY @4
-- s.t.a -> m.t.b INDIRECT.FILTER @4
-- m.t.a -> m.t.b INDIRECT.FILTER @4

-- title: tsql audit trigger: inserted and deleted are the rows of the trigger's table
-- dialect: tsql
-- schema: {"dbo.orders": {"id": "int", "amount": "int"}}
CREATE TRIGGER dbo.tr_orders_audit ON dbo.orders AFTER INSERT, UPDATE AS
BEGIN
  SET NOCOUNT ON;
  INSERT INTO dbo.orders_audit (id, amount, changed_at)
  SELECT i.id, i.amount, GETDATE() FROM inserted i
  LEFT JOIN deleted d ON d.id = i.id
  WHERE d.amount IS NULL OR d.amount <> i.amount;
END
-- expect:
-- dbo.orders.id -> dbo.orders_audit.id DIRECT.IDENTITY @5
-- dbo.orders.amount -> dbo.orders_audit.amount DIRECT.IDENTITY @5
-- dbo.orders.id -> dbo.orders_audit.id INDIRECT.JOIN
-- dbo.orders.id -> dbo.orders_audit.amount INDIRECT.JOIN
-- dbo.orders.id -> dbo.orders_audit.changed_at INDIRECT.JOIN
-- dbo.orders.amount -> dbo.orders_audit.id INDIRECT.FILTER
-- dbo.orders.amount -> dbo.orders_audit.amount INDIRECT.FILTER
-- dbo.orders.amount -> dbo.orders_audit.changed_at INDIRECT.FILTER

-- title: tsql triggers in batches: instead of without begin, a ddl trigger, a guard that is no read; the statement after the last batch is no trigger's
-- dialect: tsql
-- schema: {"dbo.orders": {"id": "int", "status": "varchar", "amount": "int"}, "dbo.inserted": {"id": "int"}}
CREATE OR ALTER TRIGGER [dbo].[trg_orders_del] ON [dbo].[orders]
WITH EXECUTE AS OWNER
INSTEAD OF DELETE
AS
  UPDATE o SET o.status = 'deleted'
  FROM dbo.orders o JOIN deleted d ON d.id = o.id
GO
CREATE TRIGGER trg_ddl ON DATABASE FOR CREATE_TABLE AS
  INSERT INTO dbo.ddl_log (evt) SELECT EVENTDATA()
GO
CREATE TRIGGER dbo.trg_big ON dbo.orders AFTER INSERT AS
IF EXISTS (SELECT 1 FROM inserted WHERE amount < 0)
  RAISERROR('negative amount', 16, 1)
INSERT INTO dbo.big_orders (id, amount) SELECT id, amount FROM inserted WHERE amount > 1000
GO
INSERT INTO dbo.copied (id) SELECT id FROM dbo.inserted
-- expect:
-- dbo.orders.id -> dbo.orders.status INDIRECT.JOIN
-- dbo.orders.id -> dbo.big_orders.id DIRECT.IDENTITY @14
-- dbo.orders.amount -> dbo.big_orders.amount DIRECT.IDENTITY @14
-- dbo.orders.amount -> dbo.big_orders.id INDIRECT.FILTER
-- dbo.orders.amount -> dbo.big_orders.amount INDIRECT.FILTER
-- dbo.inserted.id -> dbo.copied.id DIRECT.IDENTITY @16

-- title: sqlite trigger: new is the row of the trigger's table, its when condition decides whether the body runs
-- dialect: sqlite
-- schema: {"orders": {"id": "int", "amount": "int", "cust": "int"}, "customers": {"id": "int", "total": "int"}}
CREATE TRIGGER trg_orders_ins AFTER INSERT ON orders
WHEN NEW.amount > 0
BEGIN
  UPDATE customers SET total = total + NEW.amount WHERE id = NEW.cust;
  INSERT INTO audit (id, amount) VALUES (NEW.id, NEW.amount);
END;
-- expect:
-- customers.total -> customers.total DIRECT.TRANSFORMATION
-- orders.amount -> customers.total DIRECT.TRANSFORMATION
-- customers.id -> customers.total INDIRECT.FILTER
-- orders.cust -> customers.total INDIRECT.FILTER
-- orders.id -> audit.id DIRECT.IDENTITY
-- orders.amount -> audit.amount DIRECT.IDENTITY

-- title: mysql single-statement trigger: old and new are rows of the trigger's table
-- dialect: mysql
-- schema: {"shop.orders": {"id": "int", "total": "decimal"}}
CREATE TRIGGER trg_orders_upd AFTER UPDATE ON shop.orders FOR EACH ROW
INSERT INTO shop.order_log (order_id, old_total, new_total) VALUES (OLD.id, OLD.total, NEW.total);
-- expect:
-- shop.orders.id -> shop.order_log.order_id DIRECT.IDENTITY
-- shop.orders.total -> shop.order_log.old_total DIRECT.IDENTITY
-- shop.orders.total -> shop.order_log.new_total DIRECT.IDENTITY

-- title: tsql trigger guarded by if update(col): the condition is no statement and no read
-- dialect: tsql
-- schema: {"dbo.orders": {"id": "int", "status": "varchar", "amount": "int"}}
CREATE TRIGGER dbo.tr_amount ON dbo.orders AFTER UPDATE AS
IF UPDATE(amount) INSERT INTO dbo.amount_changes (id, old_amount, new_amount)
  SELECT i.id, d.amount, i.amount FROM inserted i JOIN deleted d ON d.id = i.id
IF @@ROWCOUNT > 0 AND NOT UPDATE(status)
  DELETE FROM dbo.order_cache WHERE id IN (SELECT id FROM deleted)
-- expect:
-- dbo.orders.id -> dbo.amount_changes.id DIRECT.IDENTITY @3
-- dbo.orders.amount -> dbo.amount_changes.old_amount DIRECT.IDENTITY @3
-- dbo.orders.amount -> dbo.amount_changes.new_amount DIRECT.IDENTITY @3
-- dbo.orders.id -> dbo.amount_changes.id INDIRECT.JOIN
-- dbo.orders.id -> dbo.amount_changes.old_amount INDIRECT.JOIN
-- dbo.orders.id -> dbo.amount_changes.new_amount INDIRECT.JOIN

-- title: psql \gset and \g after the SQL on a line end the statement; a backslash in a string is not a meta-command
-- dialect: postgres
-- schema: {"s.t": {"id": "int", "a": "text"}}
select max(id) as max_id from s.t \gset
insert into m.u select id, regexp_replace(a, '\d+', '') as a from s.t where id > :max_id \g
insert into m.v select id from s.t \gx out.txt
-- expect:
-- s.t.id -> m.u.id DIRECT.IDENTITY @2
-- s.t.a -> m.u.a DIRECT.TRANSFORMATION [regexp_replace] @2
-- s.t.id -> m.u.id INDIRECT.FILTER @2
-- s.t.id -> m.u.a INDIRECT.FILTER @2
-- s.t.id -> m.v.id DIRECT.IDENTITY @3

-- title: psql variables interpolated as a literal (:'v') and as an identifier (:"v")
-- dialect: postgres
-- schema: {"s.t": {"id": "int", "a": "text"}}
insert into m.u select id, a from s.t where a = :'wanted';
insert into m.w select id, :"col" from s.t;
-- expect:
-- s.t.id -> m.u.id DIRECT.IDENTITY @1
-- s.t.a -> m.u.a DIRECT.IDENTITY @1
-- s.t.a -> m.u.id INDIRECT.FILTER @1
-- s.t.a -> m.u.a INDIRECT.FILTER @1
-- s.t.id -> m.w.id DIRECT.IDENTITY @2
-- expect-diagnostics:
-- unresolved-column
