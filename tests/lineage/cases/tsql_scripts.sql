-- T-SQL scripts as they are written: no semicolons, IF without BEGIN, PRINT/RAISERROR/GO
-- between statements. A condition's subqueries decide whether a statement runs: no edges.

-- title: nightly load: IF / ELSE IF / ELSE without BEGIN, right after a statement with no semicolon
-- dialect: tsql
-- schema: {"stg.orders": {"order_id": "int", "customer_id": "int", "amount": "decimal", "status": "varchar", "order_date": "date"}, "dw.fact_orders": {"order_id": "int", "customer_id": "int", "amount": "decimal", "order_date": "date"}, "dw.late_orders": {"order_id": "int"}}
DECLARE @mode varchar(10) = 'delta'
INSERT INTO dw.load_log (started_at, mode) VALUES (GETDATE(), @mode)
IF @mode = 'full'
    TRUNCATE TABLE dw.fact_orders
ELSE IF @mode = 'delta'
    DELETE FROM dw.fact_orders WHERE order_date >= DATEADD(day, -3, CAST(GETDATE() AS date))
ELSE
    RETURN
IF EXISTS (SELECT 1 FROM stg.orders WHERE status = 'late') INSERT INTO dw.late_orders (order_id) SELECT order_id FROM stg.orders WHERE status = 'late'
INSERT INTO dw.fact_orders (order_id, customer_id, amount, order_date)
SELECT order_id, customer_id, amount * 100, order_date FROM stg.orders WHERE status <> 'cancelled'
-- expect:
-- stg.orders.order_id -> dw.late_orders.order_id DIRECT.IDENTITY @9
-- stg.orders.status -> dw.late_orders.order_id INDIRECT.FILTER @9
-- stg.orders.order_id -> dw.fact_orders.order_id DIRECT.IDENTITY @11
-- stg.orders.customer_id -> dw.fact_orders.customer_id DIRECT.IDENTITY @11
-- stg.orders.amount -> dw.fact_orders.amount DIRECT.TRANSFORMATION @11
-- stg.orders.order_date -> dw.fact_orders.order_date DIRECT.IDENTITY @11
-- stg.orders.status -> dw.fact_orders.order_id INDIRECT.FILTER
-- stg.orders.status -> dw.fact_orders.customer_id INDIRECT.FILTER
-- stg.orders.status -> dw.fact_orders.amount INDIRECT.FILTER
-- stg.orders.status -> dw.fact_orders.order_date INDIRECT.FILTER

-- title: audit after an update: an IF @@ROWCOUNT block and a WHILE block right after statements with no semicolon
-- dialect: tsql
-- schema: {"stg.customers": {"customer_id": "int", "email": "nvarchar", "updated_at": "datetime"}, "dw.customers": {"customer_id": "int", "email": "nvarchar", "updated_at": "datetime"}, "audit.changed_customers": {"customer_id": "int", "email": "nvarchar"}}
UPDATE c SET c.email = s.email, c.updated_at = s.updated_at
FROM dw.customers c JOIN stg.customers s ON s.customer_id = c.customer_id
IF @@ROWCOUNT > 0
BEGIN
    INSERT INTO audit.load_events (table_name, loaded_at) VALUES ('dw.customers', SYSDATETIME())
    INSERT INTO audit.changed_customers (customer_id, email)
    SELECT customer_id, email FROM stg.customers WHERE updated_at > DATEADD(hour, -1, GETDATE())
END
WHILE EXISTS (SELECT 1 FROM dw.customers WHERE email IS NULL)
BEGIN
    DELETE TOP (500) FROM dw.customers WHERE email IS NULL
END
-- expect:
-- stg.customers.email -> dw.customers.email DIRECT.IDENTITY @1
-- stg.customers.updated_at -> dw.customers.updated_at DIRECT.IDENTITY @1
-- stg.customers.customer_id -> dw.customers.email INDIRECT.JOIN
-- stg.customers.customer_id -> dw.customers.updated_at INDIRECT.JOIN
-- dw.customers.customer_id -> dw.customers.email INDIRECT.JOIN
-- dw.customers.customer_id -> dw.customers.updated_at INDIRECT.JOIN
-- stg.customers.customer_id -> audit.changed_customers.customer_id DIRECT.IDENTITY @7
-- stg.customers.email -> audit.changed_customers.email DIRECT.IDENTITY @7
-- stg.customers.updated_at -> audit.changed_customers.customer_id INDIRECT.FILTER
-- stg.customers.updated_at -> audit.changed_customers.email INDIRECT.FILTER

-- title: nightly script: SET, DECLARE, SET from a query, PRINT, RAISERROR, BEGIN TRAN, EXEC, TRUNCATE, a bare block, COMMIT, GO, RETURN
-- dialect: tsql
-- schema: {"stg.sales": {"sale_id": "int", "store_id": "int", "amount": "decimal", "sale_date": "date"}, "dw.sales_day": {"sale_id": "int", "store_id": "int", "amount": "decimal"}, "dw.sales_by_store": {"store_id": "int", "total": "decimal"}}
SET NOCOUNT ON
SET XACT_ABORT ON
DECLARE @run_date date = CAST(GETDATE() AS date)
DECLARE @rows int = 0
SET @rows = (SELECT COUNT(*) FROM stg.sales WHERE sale_date = @run_date)
PRINT 'rows to load: ' + CAST(@rows AS varchar(12))
IF @rows = 0
    RAISERROR('nothing to load for %s', 10, 1, @run_date) WITH NOWAIT
BEGIN TRAN
EXEC dbo.prepare_partitions @run_date
TRUNCATE TABLE dw.sales_day
BEGIN
    INSERT INTO dw.sales_day (sale_id, store_id, amount)
    SELECT sale_id, store_id, amount FROM stg.sales WHERE sale_date = @run_date
END
COMMIT TRAN
GO
INSERT INTO dw.sales_by_store (store_id, total)
SELECT store_id, SUM(amount) FROM dw.sales_day GROUP BY store_id
RETURN
-- expect:
-- stg.sales.sale_id -> dw.sales_day.sale_id DIRECT.IDENTITY @14
-- stg.sales.store_id -> dw.sales_day.store_id DIRECT.IDENTITY @14
-- stg.sales.amount -> dw.sales_day.amount DIRECT.IDENTITY @14
-- stg.sales.sale_date -> dw.sales_day.sale_id INDIRECT.FILTER
-- stg.sales.sale_date -> dw.sales_day.store_id INDIRECT.FILTER
-- stg.sales.sale_date -> dw.sales_day.amount INDIRECT.FILTER
-- dw.sales_day.store_id -> dw.sales_by_store.store_id DIRECT.IDENTITY @19
-- dw.sales_day.amount -> dw.sales_by_store.total DIRECT.AGGREGATION [sum] @19
-- dw.sales_day.store_id -> dw.sales_by_store.store_id INDIRECT.GROUP_BY
-- dw.sales_day.store_id -> dw.sales_by_store.total INDIRECT.GROUP_BY

-- title: procedure body without semicolons: INSERT ... EXEC writes its table from an unknown source, the statements after it count
-- dialect: tsql
-- schema: {"stg.stock": {"sku": "varchar", "qty": "int"}, "dw.inventory": {"sku": "varchar", "qty": "int"}}
CREATE PROCEDURE dbo.refresh_inventory
    @warehouse_id int
AS
BEGIN
    SET NOCOUNT ON
    TRUNCATE TABLE stg.stock
    INSERT INTO stg.stock (sku, qty) EXEC dbo.read_stock @warehouse_id
    INSERT INTO dw.inventory (sku, qty)
    SELECT sku, qty FROM stg.stock WHERE qty > 0
END
-- expect:
-- stg.stock.sku -> dw.inventory.sku DIRECT.IDENTITY @9
-- stg.stock.qty -> dw.inventory.qty DIRECT.IDENTITY @9
-- stg.stock.qty -> dw.inventory.sku INDIRECT.FILTER
-- stg.stock.qty -> dw.inventory.qty INDIRECT.FILTER
-- expect-diagnostics:
-- unsupported-statement stg.stock

-- title: procedure with parameters and no BEGIN: its statements are the batch's
-- dialect: tsql
-- schema: {"stg.events": {"user_id": "int", "kind": "varchar", "day": "date"}}
CREATE OR ALTER PROCEDURE dbo.load_events @since date, @kind AS varchar(20) = NULL OUTPUT
WITH EXECUTE AS OWNER
AS
SET NOCOUNT ON
INSERT INTO dw.events (user_id, kind) SELECT user_id, kind FROM stg.events WHERE day >= @since
GO
-- expect:
-- stg.events.user_id -> dw.events.user_id DIRECT.IDENTITY @5
-- stg.events.kind -> dw.events.kind DIRECT.IDENTITY @5
-- stg.events.day -> dw.events.user_id INDIRECT.FILTER
-- stg.events.day -> dw.events.kind INDIRECT.FILTER

-- title: audit log of deleted rows: DELETE FROM t OUTPUT deleted.c INTO log, and DELETE t without FROM
-- dialect: tsql
-- schema: {"dw.customers": {"customer_id": "int", "email": "nvarchar", "is_test": "bit"}, "dw.sessions": {"session_id": "int", "started_at": "datetime"}, "audit.deleted_customers": {"customer_id": "int", "email": "nvarchar", "deleted_at": "datetime"}, "audit.purged_sessions": {"session_id": "int"}}
DELETE FROM dw.customers
OUTPUT deleted.customer_id, deleted.email, SYSDATETIME() INTO audit.deleted_customers (customer_id, email, deleted_at)
WHERE is_test = 1
DELETE dw.sessions OUTPUT deleted.session_id INTO audit.purged_sessions (session_id) WHERE started_at < '2020-01-01'
-- expect:
-- dw.customers.customer_id -> audit.deleted_customers.customer_id DIRECT.IDENTITY @2
-- dw.customers.email -> audit.deleted_customers.email DIRECT.IDENTITY @2
-- dw.sessions.session_id -> audit.purged_sessions.session_id DIRECT.IDENTITY @4

-- title: scd upsert without semicolons: SELECT INTO a temp table, a CTE's WITH on a new line, UPDATE ... FROM, IF ... PRINT, MERGE
-- dialect: tsql
-- schema: {"stg.customers": {"customer_id": "int", "email": "nvarchar", "segment": "varchar"}, "dw.dim_customer": {"customer_id": "int", "email": "nvarchar", "segment": "varchar", "is_current": "bit", "valid_to": "date"}}
SELECT customer_id, email, segment INTO #changed FROM stg.customers
WITH latest AS (SELECT customer_id, email FROM #changed)
UPDATE d SET d.valid_to = CAST(GETDATE() AS date), d.is_current = 0
FROM dw.dim_customer d JOIN latest l ON l.customer_id = d.customer_id
WHERE d.is_current = 1 AND d.email <> l.email
IF @@ROWCOUNT > 0 PRINT 'expired rows'
MERGE dw.dim_customer AS tgt
USING #changed AS src ON tgt.customer_id = src.customer_id AND tgt.is_current = 1
WHEN NOT MATCHED BY TARGET THEN
    INSERT (customer_id, email, segment, is_current) VALUES (src.customer_id, src.email, src.segment, 1);
-- expect:
-- stg.customers.customer_id -> dw.dim_customer.valid_to INDIRECT.JOIN
-- stg.customers.customer_id -> dw.dim_customer.is_current INDIRECT.JOIN
-- dw.dim_customer.customer_id -> dw.dim_customer.valid_to INDIRECT.JOIN
-- dw.dim_customer.customer_id -> dw.dim_customer.is_current INDIRECT.JOIN
-- dw.dim_customer.is_current -> dw.dim_customer.valid_to INDIRECT.FILTER
-- dw.dim_customer.is_current -> dw.dim_customer.is_current INDIRECT.FILTER
-- dw.dim_customer.email -> dw.dim_customer.valid_to INDIRECT.FILTER
-- dw.dim_customer.email -> dw.dim_customer.is_current INDIRECT.FILTER
-- stg.customers.email -> dw.dim_customer.valid_to INDIRECT.FILTER
-- stg.customers.email -> dw.dim_customer.is_current INDIRECT.FILTER
-- stg.customers.customer_id -> dw.dim_customer.customer_id DIRECT.IDENTITY @10
-- stg.customers.email -> dw.dim_customer.email DIRECT.IDENTITY @10
-- stg.customers.segment -> dw.dim_customer.segment DIRECT.IDENTITY @10
-- stg.customers.customer_id -> dw.dim_customer.customer_id INDIRECT.JOIN
-- stg.customers.customer_id -> dw.dim_customer.email INDIRECT.JOIN
-- stg.customers.customer_id -> dw.dim_customer.segment INDIRECT.JOIN
-- dw.dim_customer.customer_id -> dw.dim_customer.customer_id INDIRECT.JOIN
-- dw.dim_customer.customer_id -> dw.dim_customer.email INDIRECT.JOIN
-- dw.dim_customer.customer_id -> dw.dim_customer.segment INDIRECT.JOIN
-- dw.dim_customer.is_current -> dw.dim_customer.customer_id INDIRECT.JOIN
-- dw.dim_customer.is_current -> dw.dim_customer.email INDIRECT.JOIN
-- dw.dim_customer.is_current -> dw.dim_customer.segment INDIRECT.JOIN
-- dw.dim_customer.is_current -> dw.dim_customer.is_current INDIRECT.JOIN

-- title: a cursor loop inside TRY / CATCH, without semicolons
-- dialect: tsql
-- schema: {"dw.stores": {"store_id": "int", "active": "bit"}, "dw.sales": {"store_id": "int", "amount": "decimal"}, "dw.store_totals": {"store_id": "int", "total": "decimal"}}
BEGIN TRY
    BEGIN TRANSACTION
    DECLARE @id int
    DECLARE c CURSOR LOCAL FAST_FORWARD FOR SELECT store_id FROM dw.stores WHERE active = 1
    OPEN c
    FETCH NEXT FROM c INTO @id
    WHILE @@FETCH_STATUS = 0
    BEGIN
        INSERT INTO dw.store_totals (store_id, total)
        SELECT store_id, SUM(amount) FROM dw.sales WHERE store_id = @id GROUP BY store_id
        FETCH NEXT FROM c INTO @id
    END
    CLOSE c
    DEALLOCATE c
    COMMIT
END TRY
BEGIN CATCH
    IF @@TRANCOUNT > 0 ROLLBACK
    INSERT INTO audit.errors (message, logged_at) VALUES (ERROR_MESSAGE(), GETDATE())
    ;THROW
END CATCH
-- expect:
-- dw.sales.store_id -> dw.store_totals.store_id DIRECT.IDENTITY @10
-- dw.sales.amount -> dw.store_totals.total DIRECT.AGGREGATION [sum] @10
-- dw.sales.store_id -> dw.store_totals.store_id INDIRECT.GROUP_BY
-- dw.sales.store_id -> dw.store_totals.total INDIRECT.GROUP_BY
-- dw.sales.store_id -> dw.store_totals.store_id INDIRECT.FILTER
-- dw.sales.store_id -> dw.store_totals.total INDIRECT.FILTER

-- title: EXEC with no arguments, then a statement on the next line: EXEC does not take it for its arguments
-- dialect: tsql
-- schema: {"dw.fact_sales": {"amount": "decimal", "amount_usd": "decimal", "currency": "char"}}
EXEC dbo.refresh_rates
UPDATE dw.fact_sales SET amount_usd = amount * 1.1 WHERE currency = 'EUR'
SET NOCOUNT ON
EXEC dbo.log_step
DELETE dw.fact_sales WHERE amount IS NULL
-- expect:
-- dw.fact_sales.amount -> dw.fact_sales.amount_usd DIRECT.TRANSFORMATION @2
-- dw.fact_sales.currency -> dw.fact_sales.amount_usd INDIRECT.FILTER @2

-- title: GO right after a semicolon does not swallow the next batch
-- dialect: tsql
-- schema: {"stg.a": {"x": "int"}, "stg.b": {"y": "int"}}
INSERT INTO dw.a (x) SELECT x FROM stg.a;
GO
INSERT INTO dw.b (y) SELECT y FROM stg.b
-- expect:
-- stg.a.x -> dw.a.x DIRECT.IDENTITY @1
-- stg.b.y -> dw.b.y DIRECT.IDENTITY @3

-- title: statements sqlglot would read as one: CREATE TABLE #t + SELECT, UPDATE + SET @x, FROM t + EXEC(...), UPDATE STATISTICS
-- dialect: tsql
-- schema: {"stg.prices": {"sku": "varchar", "price": "decimal", "currency": "char"}, "dw.prices": {"sku": "varchar", "price": "decimal"}, "dw.price_log": {"sku": "varchar", "price": "decimal"}}
CREATE TABLE #fx (currency char(3), rate decimal(9, 4))
SELECT @n = COUNT(*) FROM stg.prices
INSERT INTO #fx (currency, rate) VALUES ('EUR', 1.1)
UPDATE p SET p.price = s.price * f.rate
FROM dw.prices p JOIN stg.prices s ON s.sku = p.sku JOIN #fx f ON f.currency = s.currency
SET @updated = (SELECT COUNT(*) FROM stg.prices WHERE currency = 'EUR')
UPDATE STATISTICS dw.prices WITH FULLSCAN
INSERT INTO dw.price_log (sku, price) SELECT sku, price FROM dw.prices
EXEC('DBCC FREEPROCCACHE')
-- expect:
-- stg.prices.price -> dw.prices.price DIRECT.TRANSFORMATION @4
-- stg.prices.sku -> dw.prices.price INDIRECT.JOIN
-- dw.prices.sku -> dw.prices.price INDIRECT.JOIN
-- stg.prices.currency -> dw.prices.price INDIRECT.JOIN
-- dw.prices.sku -> dw.price_log.sku DIRECT.IDENTITY @8
-- dw.prices.price -> dw.price_log.price DIRECT.IDENTITY @8
