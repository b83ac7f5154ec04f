-- Teradata stored procedures (probe 32, P32-3): `REPLACE|CREATE PROCEDURE name (IN|OUT|INOUT p
-- type [FORMAT '...'], ...) [characteristics] [label:] BEGIN ... END [label];` read as MySQL
-- routines are: header, END and control flow blanked, parameters and DECLAREd names values in
-- the routine's lines only.

-- title: teradata procedure (P32-3 repro): the header with FORMAT and SQL SECURITY, DECLARE [DEFAULT], SET and END blanked; parameters and variables are values, no parse error
-- dialect: teradata
-- schema: {"dw.src": {"a": "int", "b": "int", "d": "date"}, "dw.tgt": {"a": "int", "c": "timestamp", "batch_id": "bigint"}}
REPLACE PROCEDURE dw.p (IN p_batch_id BIGINT, IN p_day DATE FORMAT 'YYYY-MM-DD', OUT p_rows INTEGER)
SQL SECURITY INVOKER
BEGIN
    DECLARE v_ts TIMESTAMP(0);
    DECLARE v_cnt INTEGER DEFAULT 0;
    SET v_ts = CURRENT_TIMESTAMP(0);
    INSERT INTO dw.tgt (a, c, batch_id) SEL a, v_ts, p_batch_id FROM dw.src WHERE b > v_cnt AND d = p_day;
    SET p_rows = ACTIVITY_COUNT;
END;
-- expect:
-- dw.src.a -> dw.tgt.a DIRECT.IDENTITY @7
-- dw.src.b -> dw.tgt.a INDIRECT.FILTER @7
-- dw.src.b -> dw.tgt.c INDIRECT.FILTER @7
-- dw.src.b -> dw.tgt.batch_id INDIRECT.FILTER @7
-- dw.src.d -> dw.tgt.a INDIRECT.FILTER @7
-- dw.src.d -> dw.tgt.c INDIRECT.FILTER @7
-- dw.src.d -> dw.tgt.batch_id INDIRECT.FILTER @7

-- title: teradata procedure with a label, handlers (an EXIT handler's BEGIN ... END block analysed, a CONTINUE handler's SET), SELECT ... INTO variables (`:v`, a list) reading their tables, IF / ELSEIF / ELSE, LEAVE; names in any case
-- dialect: teradata
-- schema: {"raw.orders": {"id": "bigint", "email": "varchar", "order_day": "date"}, "etl.orders": {"id": "bigint", "email": "varchar"}, "etl.errors": {"day": "date", "status": "varchar"}}
CREATE PROCEDURE etl.load_orders (IN P_DAY DATE, INOUT p_status VARCHAR(20) CHARACTER SET LATIN)
DYNAMIC RESULT SETS 0
MODIFIES SQL DATA
main: BEGIN
  DECLARE v_n INTEGER DEFAULT 0;
  DECLARE v_max_id, v_min_id BIGINT;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    INSERT INTO etl.errors (day, status) VALUES (P_DAY, 'failed');
    SET p_status = 'failed';
  END;
  DECLARE CONTINUE HANDLER FOR SQLSTATE '42000', NOT FOUND SET v_n = -1;
  SEL COUNT(*) INTO :v_n FROM raw.orders WHERE order_day = :P_DAY;
  SELECT MAX(id), MIN(id) INTO v_max_id, v_min_id FROM raw.orders;
  IF v_n > 0 THEN
    INSERT INTO etl.orders (id, email)
    SEL id, email FROM raw.orders WHERE order_day = p_day AND id <= V_MAX_ID;
  ELSEIF v_n = 0 THEN
    SET p_status = 'empty';
  ELSE
    UPDATE etl.orders SET email = NULL WHERE id < v_min_id;
  END IF;
  LEAVE main;
END main;
-- expect:
-- raw.orders.id -> etl.orders.id DIRECT.IDENTITY @17
-- raw.orders.email -> etl.orders.email DIRECT.IDENTITY @17
-- raw.orders.order_day -> etl.orders.id INDIRECT.FILTER @17
-- raw.orders.order_day -> etl.orders.email INDIRECT.FILTER @17
-- raw.orders.id -> etl.orders.id INDIRECT.FILTER @17
-- raw.orders.id -> etl.orders.email INDIRECT.FILTER @17
-- etl.orders.id -> etl.orders.email INDIRECT.FILTER @21

-- title: teradata procedure loops and a CASE statement: labelled WHILE, a FOR cursor loop, REPEAT ... UNTIL, LOOP with ITERATE / LEAVE blanked, every arm's statements analysed; CALL of another procedure writes nothing seen
-- dialect: teradata
-- schema: {"dw.sales": {"region": "varchar", "amount": "decimal"}, "dw.totals": {"region": "varchar", "amount": "decimal"}}
REPLACE PROCEDURE dw.refresh (IN p_region VARCHAR(10))
BEGIN
  DECLARE v_i INTEGER DEFAULT 0;
  L1: WHILE v_i < 3 DO
    SET v_i = v_i + 1;
    INSERT INTO dw.log (region, step) VALUES (p_region, v_i);
  END WHILE L1;
  FOR r AS c1 CURSOR FOR SEL region, amount FROM dw.sales WHERE region = p_region DO
    UPDATE dw.totals SET amount = amount + 1 WHERE region = p_region;
  END FOR;
  REPEAT
    SET v_i = v_i - 1;
  UNTIL v_i = 0 END REPEAT;
  CASE p_region
    WHEN 'EU' THEN INSERT INTO dw.eu (amount) SEL amount FROM dw.sales;
    ELSE INSERT INTO dw.rest (amount) SEL amount FROM dw.sales;
  END CASE;
  L2: LOOP
    IF v_i > 5 THEN LEAVE L2; END IF;
    SET v_i = v_i + 1;
    ITERATE L2;
  END LOOP L2;
  CALL dw.other_proc(p_region, v_i);
END;
-- expect:
-- dw.totals.amount -> dw.totals.amount DIRECT.TRANSFORMATION @9
-- dw.totals.region -> dw.totals.amount INDIRECT.FILTER @9
-- dw.sales.amount -> dw.eu.amount DIRECT.IDENTITY @15
-- dw.sales.amount -> dw.rest.amount DIRECT.IDENTITY @16

-- title: teradata dynamic SQL in a procedure: CALL DBC.SysExecSQL and EXECUTE IMMEDIATE of a literal, or of a variable set to one, are analysed; SQL built at run time is unknown, and said so
-- dialect: teradata
-- schema: {"dw.stage": {"id": "bigint"}}
REPLACE PROCEDURE dw.archive (IN p_table VARCHAR(128))
BEGIN
  DECLARE v_sql VARCHAR(1000);
  CALL DBC.SysExecSQL('INSERT INTO dw.arch1 (id) SEL id FROM dw.stage');
  EXECUTE IMMEDIATE 'INSERT INTO dw.arch2 (id) SEL id FROM dw.stage';
  SET v_sql = 'INSERT INTO dw.arch3 (id) SEL id FROM dw.stage';
  CALL DBC.SysExecSQL(:v_sql);
  SET v_sql = 'DELETE FROM dw.stage_' || p_table;
  CALL DBC.SysExecSQL(v_sql);
END;
-- expect:
-- dw.stage.id -> dw.arch1.id DIRECT.IDENTITY @4
-- dw.stage.id -> dw.arch2.id DIRECT.IDENTITY @5
-- dw.stage.id -> dw.arch3.id DIRECT.IDENTITY @6
-- expect-diagnostics:
-- unsupported-statement

-- title: teradata procedure in a BTEQ script after DATABASE d: the dot commands cut, the body's unqualified names are d's; a parameter is a value in the procedure only, and a column of the statement's table wins over a parameter of its name, as in Teradata (`:amount` is the parameter)
-- dialect: teradata
-- schema: {"dw.src": {"a": "int", "amount": "decimal"}, "dw.tgt": {"a": "int", "amount": "decimal", "b": "decimal"}}
.LOGON tdpid/etl_user,secret;
DATABASE dw;
.IF ERRORCODE <> 0 THEN .QUIT 8;
REPLACE PROCEDURE p_load (IN amount DECIMAL(18,2), IN p_min INTEGER)
BEGIN
  INSERT INTO tgt (a, amount, b) SEL a, amount, :amount FROM src WHERE a > p_min;
END;
.IF ERRORCODE <> 0 THEN .QUIT 8;
INSERT INTO tgt2 (a, p_min) SEL a, p_min FROM src2;
.QUIT 0;
-- expect:
-- dw.src.a -> dw.tgt.a DIRECT.IDENTITY @6
-- dw.src.amount -> dw.tgt.amount DIRECT.IDENTITY @6
-- dw.src.a -> dw.tgt.a INDIRECT.FILTER @6
-- dw.src.a -> dw.tgt.amount INDIRECT.FILTER @6
-- dw.src.a -> dw.tgt.b INDIRECT.FILTER @6
-- dw.src2.a -> dw.tgt2.a DIRECT.IDENTITY @9
-- dw.src2.p_min -> dw.tgt2.p_min DIRECT.IDENTITY @9

-- title: teradata one-statement procedure body and a SQL function (RETURNS ... RETURN expr): headers blanked, the function writes nothing; the statements after them are read
-- dialect: teradata
-- schema: {"dw.src": {"a": "int", "b": "int"}, "dw.tgt": {"a": "int"}, "dw.tgt2": {"a": "int"}}
REPLACE PROCEDURE dw.one (IN p_id INTEGER)
  INSERT INTO dw.tgt (a) SEL a FROM dw.src WHERE b = p_id;
REPLACE FUNCTION dw.plus1 (x INTEGER) RETURNS INTEGER LANGUAGE SQL CONTAINS SQL DETERMINISTIC
  SQL SECURITY DEFINER COLLATION INVOKER INLINE TYPE 1 RETURN x + 1;
INSERT INTO dw.tgt2 (a) SEL b FROM dw.src;
-- expect:
-- dw.src.a -> dw.tgt.a DIRECT.IDENTITY @2
-- dw.src.b -> dw.tgt.a INDIRECT.FILTER @2
-- dw.src.b -> dw.tgt2.a DIRECT.IDENTITY @5

-- title: teradata procedure: a multi-statement request (BEGIN REQUEST ... END REQUEST) and BEGIN / END TRANSACTION are no blocks: the statements inside and after them are the body's
-- dialect: teradata
-- schema: {"dw.src": {"a": "int", "b": "int"}, "dw.tgt": {"a": "int"}, "dw.tgt2": {"a": "int"}}
REPLACE PROCEDURE dw.batch (IN p_min INTEGER)
BEGIN
  BEGIN TRANSACTION;
  BEGIN REQUEST DELETE FROM dw.tgt;
    INSERT INTO dw.tgt (a) SEL a FROM dw.src WHERE b > p_min;
  END REQUEST;
  END TRANSACTION;
  INSERT INTO dw.tgt2 (a) SEL b FROM dw.src;
END;
-- expect:
-- dw.src.a -> dw.tgt.a DIRECT.IDENTITY @5
-- dw.src.b -> dw.tgt.a INDIRECT.FILTER @5
-- dw.src.b -> dw.tgt2.a DIRECT.IDENTITY @8

-- title: teradata a procedure mixing BT with END TRANSACTION, and a SEL ... INTO list: the routine runs to its own END, the list sets variables
-- dialect: teradata
-- schema: {"dw.src": {"a": "int", "b": "int"}, "dw.tgt": {"a": "int"}, "dw.tgt2": {"a": "int"}}
REPLACE PROCEDURE dw.batch (IN p_min INTEGER)
BEGIN
  DECLARE v_n INTEGER;
  DECLARE v_m INTEGER;
  BT;
  INSERT INTO dw.tgt (a) SEL a FROM dw.src WHERE b > p_min;
  END TRANSACTION;
  SEL COUNT(*), MAX(a) INTO v_n, v_m FROM dw.src;
  INSERT INTO dw.tgt2 (a) SEL b FROM dw.src WHERE b > p_min;
END;
-- expect:
-- dw.src.a -> dw.tgt.a DIRECT.IDENTITY @6
-- dw.src.b -> dw.tgt.a INDIRECT.FILTER @6
-- dw.src.b -> dw.tgt2.a DIRECT.IDENTITY @9
-- dw.src.b -> dw.tgt2.a INDIRECT.FILTER @9

-- title: teradata SysExecSQL, quoted or bare, and EXECUTE IMMEDIATE :v of a variable holding a literal run it; SysExecSQL sets no variable, so the literal is held after it
-- dialect: teradata
-- schema: {"dw.src": {"a": "int", "b": "int"}}
REPLACE PROCEDURE dw.dyn ()
BEGIN
  DECLARE v_sql VARCHAR(1000);
  SET v_sql = 'INSERT INTO dw.o1 (a) SEL a FROM dw.src';
  CALL DBC.SysExecSQL(v_sql);
  CALL DBC.SysExecSQL(v_sql);
  CALL "DBC"."SysExecSQL"('INSERT INTO dw.o2 (b) SEL b FROM dw.src');
  CALL SysExecSQL('INSERT INTO dw.o3 (a) SEL a FROM dw.src');
  EXECUTE IMMEDIATE :v_sql;
END;
-- expect:
-- dw.src.a -> dw.o1.a DIRECT.IDENTITY @4
-- dw.src.b -> dw.o2.b DIRECT.IDENTITY @7
-- dw.src.a -> dw.o3.a DIRECT.IDENTITY @8
