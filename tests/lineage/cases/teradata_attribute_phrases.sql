-- Teradata's data attribute phrase, `expression (attribute, ...)`: `(NOT CASESPECIFIC)`,
-- `(CS)`, `(UPPERCASE)`, `(TITLE 's')`, `(NAMED n)`, `(FORMAT 's')` or a data type
-- (`(CHAR(10))`, `(DATE)`), after a column, a call, a literal or a CASE. It is no call of a
-- function named by the column: a type converts the value (a cast), UPPERCASE upper-cases it,
-- NAMED names the output, the others change no value.

-- title: teradata (NOT CASESPECIFIC) / (CASESPECIFIC) after a column is that column, not a call reading a made-up column
-- dialect: teradata
-- schema: {"dw.cust": {"id": "int", "first_name": "varchar", "last_name": "varchar"}}
REPLACE VIEW dw.vw_big AS
SEL t.id, c.first_name (NOT CASESPECIFIC), c.last_name (CASESPECIFIC) AS ln, t.amount
FROM dw.txn t JOIN dw.cust c ON t.cust_id = c.id;
-- expect:
-- dw.txn.id -> dw.vw_big.id DIRECT.IDENTITY @2
-- dw.cust.first_name -> dw.vw_big.first_name DIRECT.IDENTITY @2
-- dw.cust.last_name -> dw.vw_big.ln DIRECT.IDENTITY @2
-- dw.txn.amount -> dw.vw_big.amount DIRECT.IDENTITY @2
-- dw.txn.cust_id -> dw.vw_big.id INDIRECT.JOIN @3
-- dw.cust.id -> dw.vw_big.id INDIRECT.JOIN @3
-- dw.txn.cust_id -> dw.vw_big.first_name INDIRECT.JOIN @3
-- dw.cust.id -> dw.vw_big.first_name INDIRECT.JOIN @3
-- dw.txn.cust_id -> dw.vw_big.ln INDIRECT.JOIN @3
-- dw.cust.id -> dw.vw_big.ln INDIRECT.JOIN @3
-- dw.txn.cust_id -> dw.vw_big.amount INDIRECT.JOIN @3
-- dw.cust.id -> dw.vw_big.amount INDIRECT.JOIN @3

-- title: teradata attributes in join and filter conditions, abbreviated (NOT CS, CS); (UC) upper-cases the value
-- dialect: teradata
-- schema: {"dw.cust": {"id": "int", "last_name": "varchar", "code": "varchar"}, "dw.ref": {"code": "varchar", "label": "varchar"}}
INSERT INTO dw.out (id, label)
SEL c.id, r.label (UC)
FROM dw.cust c JOIN dw.ref r ON c.code (NOT CS) = r.code (NOT CS)
WHERE c.last_name (CS) = 'Smith' (CS);
-- expect:
-- dw.cust.id -> dw.out.id DIRECT.IDENTITY @2
-- dw.ref.label -> dw.out.label DIRECT.TRANSFORMATION [upper] @2
-- dw.cust.code -> dw.out.id INDIRECT.JOIN @3
-- dw.ref.code -> dw.out.id INDIRECT.JOIN @3
-- dw.cust.code -> dw.out.label INDIRECT.JOIN @3
-- dw.ref.code -> dw.out.label INDIRECT.JOIN @3
-- dw.cust.last_name -> dw.out.id INDIRECT.FILTER @4
-- dw.cust.last_name -> dw.out.label INDIRECT.FILTER @4

-- title: teradata data type phrases are casts, NAMED names the column, FORMAT / TITLE / CHARACTER SET / UPPERCASE keep the column's name
-- dialect: teradata
-- schema: {"dw.txn": {"id": "int", "amount": "decimal", "ts": "timestamp", "note": "varchar", "branch": "varchar"}}
CREATE TABLE dw.txn_out AS (
SEL id (VARCHAR(20), NAMED txn_ref),
    amount (DECIMAL(18,2), FORMAT 'ZZZ9.99'),
    ts (DATE) (FORMAT 'YYYY-MM-DD') (CHAR(10)) AS txn_day,
    note (VARCHAR(100) CHARACTER SET LATIN NOT CASESPECIFIC, TITLE 'Note'),
    branch (UPPERCASE),
    (amount * 2) (INTEGER) AS doubled
FROM dw.txn
) WITH DATA;
-- expect:
-- dw.txn.id -> dw.txn_out.txn_ref DIRECT.TRANSFORMATION [cast] @2
-- dw.txn.amount -> dw.txn_out.amount DIRECT.TRANSFORMATION [cast] @3
-- dw.txn.ts -> dw.txn_out.txn_day DIRECT.TRANSFORMATION [cast] @4
-- dw.txn.note -> dw.txn_out.note DIRECT.TRANSFORMATION [cast] @5
-- dw.txn.branch -> dw.txn_out.branch DIRECT.TRANSFORMATION [upper] @6
-- dw.txn.amount -> dw.txn_out.doubled DIRECT.TRANSFORMATION [cast] @7

-- title: teradata phrases after a CASE, a call and a literal; a lone FORMAT keeps the column's name
-- dialect: teradata
-- schema: {"dw.txn": {"amount": "decimal", "note": "varchar"}}
REPLACE VIEW dw.v3 AS
SEL CASE WHEN t.amount > 0 THEN t.note END (UC) AS pos_note,
    TRIM(t.note) (VARCHAR(10)) AS short_note,
    '2024-01-01' (DATE) AS start_day,
    t.amount (FORMAT 'ZZZ9.99')
FROM dw.txn t;
-- expect:
-- dw.txn.note -> dw.v3.pos_note DIRECT.TRANSFORMATION [case, upper] @2
-- dw.txn.amount -> dw.v3.pos_note INDIRECT.CONDITIONAL @2
-- dw.txn.note -> dw.v3.short_note DIRECT.TRANSFORMATION [trim, cast] @3
-- dw.txn.amount -> dw.v3.amount DIRECT.TRANSFORMATION @5

-- title: teradata name (...) stays a call where sqlglot knows the function, and a column list stays a list
-- dialect: teradata
-- schema: {"dw.codes": {"cs": "varchar", "uc": "varchar"}}
REPLACE VIEW dw.code_v (cs, uc) AS
WITH k (cs, uc) AS (SEL cs, uc FROM dw.codes)
SEL COALESCE(cs), uc (NOT CS) FROM k;
INSERT INTO dw.code_out (cs) SEL uc (UC) FROM dw.codes;
-- expect:
-- dw.codes.cs -> dw.code_v.cs DIRECT.TRANSFORMATION [coalesce] @3
-- dw.codes.uc -> dw.code_v.uc DIRECT.IDENTITY @3
-- dw.codes.uc -> dw.code_out.cs DIRECT.TRANSFORMATION [upper] @4

-- title: teradata a call of a function sqlglot does not know, of a column named like a type or an attribute word, stays a call (no space before its parentheses); a phrase written apart still reads as one
-- dialect: teradata
-- schema: {"db.t": {"id": "int", "text": "varchar", "number": "int", "cs": "varchar"}}
INSERT INTO db.o (a, b, c, d)
SEL ZEROIFNULL(number), HASHROW(text), my_udf(cs), cs (UC)
FROM db.t;
-- expect:
-- db.t.number -> db.o.a DIRECT.TRANSFORMATION [zeroifnull]
-- db.t.text -> db.o.b DIRECT.TRANSFORMATION [hashrow]
-- db.t.cs -> db.o.c DIRECT.TRANSFORMATION [my_udf]
-- db.t.cs -> db.o.d DIRECT.TRANSFORMATION [upper]

-- title: teradata (UC) after a window function upper-cases the call with its OVER (...)
-- dialect: teradata
-- schema: {"db.t": {"id": "int", "name": "varchar"}}
INSERT INTO db.o (a) SEL MAX(name) OVER (PARTITION BY id) (UC) FROM db.t;
-- expect:
-- db.t.name -> db.o.a DIRECT.AGGREGATION [max, upper]
-- db.t.id -> db.o.a INDIRECT.WINDOW
