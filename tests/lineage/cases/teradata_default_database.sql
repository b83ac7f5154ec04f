-- Teradata's `DATABASE d;` sets the session's default database, its USE: `d` is the level that
-- qualifies a table (`d.t`), so unqualified names after it are `d`'s.

-- title: teradata DATABASE d completes the unqualified names after it; a volatile table stays the session's
-- dialect: teradata
-- schema: {"banking_dw.customers": {"id": "int", "email": "varchar"}, "stage.src": {"a": "int"}}
DATABASE BANKING_DW;
INSERT INTO EXP_CUSTOMERS (ID, EMAIL) SEL ID, EMAIL FROM CUSTOMERS;
CREATE VOLATILE TABLE VT_BATCH AS (SEL ID FROM CUSTOMERS) WITH DATA ON COMMIT PRESERVE ROWS;
INSERT INTO STAGE.LOG (ID) SEL ID FROM VT_BATCH;
DATABASE stage;
INSERT INTO T2 (A) SEL A FROM SRC;
-- expect:
-- banking_dw.customers.id -> banking_dw.exp_customers.id DIRECT.IDENTITY @2
-- banking_dw.customers.email -> banking_dw.exp_customers.email DIRECT.IDENTITY @2
-- banking_dw.customers.id -> stage.log.id DIRECT.IDENTITY @4
-- stage.src.a -> stage.t2.a DIRECT.IDENTITY @6

-- title: teradata DATABASE d in a BTEQ script, after its dot commands; a qualified name keeps its database
-- dialect: teradata
-- schema: {"banking_dw.customers": {"id": "int", "email": "varchar"}, "ref.codes": {"id": "int", "code": "varchar"}}
.LOGON tdpid/etl_user,secret;
DATABASE banking_dw;
.IF ERRORCODE <> 0 THEN .QUIT 8;
INSERT INTO exp_customers (id, code)
SEL c.id, r.code FROM customers c JOIN ref.codes r ON r.id = c.id;
.QUIT 0;
-- expect:
-- banking_dw.customers.id -> banking_dw.exp_customers.id DIRECT.IDENTITY @5
-- ref.codes.code -> banking_dw.exp_customers.code DIRECT.IDENTITY @5
-- banking_dw.customers.id -> banking_dw.exp_customers.id INDIRECT.JOIN @5
-- ref.codes.id -> banking_dw.exp_customers.id INDIRECT.JOIN @5
-- banking_dw.customers.id -> banking_dw.exp_customers.code INDIRECT.JOIN @5
-- ref.codes.id -> banking_dw.exp_customers.code INDIRECT.JOIN @5
