-- Triggers beyond T-SQL's `inserted` and SQLite/MySQL's `NEW.c` read: assignments to the row
-- being written (MySQL `SET NEW.c = ...`, Oracle `:NEW.c := ...`), Oracle PL/SQL triggers.

-- title: mysql before insert trigger with one set: new.c is written from the row's columns
-- dialect: mysql
-- schema: {"shop.orders": {"id": "int", "total": "decimal", "qty": "int", "price": "decimal"}}
CREATE TRIGGER trg_total BEFORE INSERT ON shop.orders FOR EACH ROW SET NEW.total = NEW.qty * NEW.price;
-- expect:
-- shop.orders.qty -> shop.orders.total DIRECT.TRANSFORMATION
-- shop.orders.price -> shop.orders.total DIRECT.TRANSFORMATION

-- title: mysql before update trigger: several sets, a set of two items, old is the row too, a variable is no column
-- dialect: mysql
-- schema: {"shop.orders": {"id": "int", "total": "decimal", "qty": "int", "price": "decimal", "status": "varchar", "updated_at": "datetime"}}
CREATE TRIGGER trg_upd BEFORE UPDATE ON shop.orders FOR EACH ROW
BEGIN
  SET NEW.total = NEW.qty * NEW.price, NEW.status = UPPER(OLD.status);
  SET @changed = 1;
  SET NEW.updated_at = NOW();
  INSERT INTO shop.order_log (order_id, old_total) VALUES (OLD.id, OLD.total);
END;
-- expect:
-- shop.orders.qty -> shop.orders.total DIRECT.TRANSFORMATION @3
-- shop.orders.price -> shop.orders.total DIRECT.TRANSFORMATION @3
-- shop.orders.status -> shop.orders.status DIRECT.TRANSFORMATION [upper] @3
-- shop.orders.id -> shop.order_log.order_id DIRECT.IDENTITY @6
-- shop.orders.total -> shop.order_log.old_total DIRECT.IDENTITY @6

-- title: mysql set new.c := inside an if block, from a declared variable (a value, no column)
-- dialect: mysql
-- schema: {"shop.orders": {"id": "int", "qty": "int", "price": "decimal"}}
CREATE TRIGGER trg_disc BEFORE INSERT ON shop.orders FOR EACH ROW
BEGIN
  DECLARE v_rate DECIMAL DEFAULT 0.9;
  IF NEW.qty > 10 THEN
    SET NEW.price := NEW.price * v_rate;
  END IF;
END;
-- expect:
-- shop.orders.price -> shop.orders.price DIRECT.TRANSFORMATION @5

-- title: oracle row trigger: referencing aliases, a when condition, a declare section; :n.c := v writes the row; the / line ends the block
-- dialect: oracle
-- schema: {"sales.orders": {"id": "number", "status": "varchar2", "qty": "number", "price": "number", "total": "number"}}
CREATE OR REPLACE TRIGGER sales.trg_orders_biu
BEFORE INSERT OR UPDATE OF status, qty ON sales.orders
REFERENCING NEW AS n OLD AS o
FOR EACH ROW
WHEN (n.status IS NOT NULL)
DECLARE
  v_factor NUMBER := 1;
BEGIN
  :n.status := UPPER(:n.status);
  IF :n.qty > 0 THEN
    :n.total := :n.qty * :n.price * v_factor;
  END IF;
  INSERT INTO sales.audit_log (order_id, status, changed_at) VALUES (:o.id, :n.status, SYSDATE);
END trg_orders_biu;
/
INSERT INTO sales.order_copy (id) SELECT id FROM sales.orders;
-- expect:
-- sales.orders.status -> sales.orders.status DIRECT.TRANSFORMATION [upper] @9
-- sales.orders.qty -> sales.orders.total DIRECT.TRANSFORMATION @11
-- sales.orders.price -> sales.orders.total DIRECT.TRANSFORMATION @11
-- sales.orders.id -> sales.audit_log.order_id DIRECT.IDENTITY @13
-- sales.orders.status -> sales.audit_log.status DIRECT.IDENTITY @13
-- sales.orders.id -> sales.order_copy.id DIRECT.IDENTITY @16

-- title: oracle after trigger without declare: :old and :new rows into an audit table; a / after each block
-- dialect: oracle
-- schema: {"hr.emp": {"empno": "number", "sal": "number", "deptno": "number"}, "hr.sal_history": {"empno": "number", "old_sal": "number", "new_sal": "number", "changed": "date"}, "hr.dept_totals": {"deptno": "number", "total_sal": "number"}}
CREATE TRIGGER hr.trg_emp_sal AFTER UPDATE OF sal ON hr.emp FOR EACH ROW
BEGIN
  INSERT INTO hr.sal_history VALUES (:OLD.empno, :OLD.sal, :NEW.sal, SYSDATE);
  UPDATE hr.dept_totals SET total_sal = total_sal + :NEW.sal - :OLD.sal WHERE deptno = :NEW.deptno;
END;
/
CREATE TABLE hr.emp_copy AS SELECT empno FROM hr.emp
/
-- expect:
-- hr.emp.empno -> hr.sal_history.empno DIRECT.IDENTITY @3
-- hr.emp.sal -> hr.sal_history.old_sal DIRECT.IDENTITY @3
-- hr.emp.sal -> hr.sal_history.new_sal DIRECT.IDENTITY @3
-- hr.dept_totals.total_sal -> hr.dept_totals.total_sal DIRECT.TRANSFORMATION @4
-- hr.emp.sal -> hr.dept_totals.total_sal DIRECT.TRANSFORMATION @4
-- hr.dept_totals.deptno -> hr.dept_totals.total_sal INDIRECT.FILTER @4
-- hr.emp.deptno -> hr.dept_totals.total_sal INDIRECT.FILTER @4
-- hr.emp.empno -> hr.emp_copy.empno DIRECT.IDENTITY @7

-- title: oracle / lines end statements; a / alone in a comment or a string, or beside an operand, is none
-- dialect: oracle
-- schema: {"s.t": {"id": "number", "a": "number", "b": "varchar2"}}
/* header
/
*/
INSERT INTO m.u (id, a) SELECT id, a
/ 2 FROM s.t
/
INSERT INTO m.v (id, b) SELECT id, b || '
/
' FROM s.t;
-- expect:
-- s.t.id -> m.u.id DIRECT.IDENTITY @4
-- s.t.a -> m.u.a DIRECT.TRANSFORMATION @4
-- s.t.id -> m.v.id DIRECT.IDENTITY @7
-- s.t.b -> m.v.b DIRECT.TRANSFORMATION @7

-- title: mysql client DELIMITER: a procedure and a trigger ended by custom delimiters (one inside a word, END$$), a delimiter in a string and a comment left alone
-- dialect: mysql
-- schema: {"s.t": {"id": "int", "a": "text"}, "m.u": {"id": "int", "a": "text"}}
DELIMITER //
CREATE PROCEDURE m.load_u()
BEGIN
  INSERT INTO m.u SELECT id, concat(a, '//') AS a FROM s.t; -- not here: //
  DELETE FROM m.u WHERE id < 0;
END //
DELIMITER ;
INSERT INTO m.v SELECT id FROM s.t;
delimiter $$
CREATE TRIGGER m.trg BEFORE INSERT ON m.u FOR EACH ROW
BEGIN
  SET NEW.a = upper(NEW.a);
END$$
DELIMITER ;
-- expect:
-- s.t.id -> m.u.id DIRECT.IDENTITY @4
-- s.t.a -> m.u.a DIRECT.TRANSFORMATION [concat] @4
-- s.t.id -> m.v.id DIRECT.IDENTITY @8
-- m.u.a -> m.u.a DIRECT.TRANSFORMATION [upper] @12

-- title: oracle SELECT INTO sets PL/SQL variables, also in a procedure sqlglot does not parse as one: no table is written
-- dialect: oracle
-- schema: {"s.t": {"id": "int", "a": "varchar"}}
CREATE OR REPLACE PROCEDURE m.load_u AS
  v_cnt NUMBER;
BEGIN
  INSERT INTO m.u (id, a) SELECT id, a FROM s.t;
  SELECT max(id) INTO v_cnt FROM m.u;
  IF v_cnt > 0 THEN
    UPDATE m.u SET a = upper(a);
  END IF;
END load_u;
/
-- expect:
-- s.t.id -> m.u.id DIRECT.IDENTITY @4
-- s.t.a -> m.u.a DIRECT.IDENTITY @4
-- m.u.a -> m.u.a DIRECT.TRANSFORMATION [upper] @7

-- title: mysql client DELIMITER only at a statement's start: a column named delimiter (in a CREATE TABLE, after SET, in a comment) is SQL, not a client command
-- dialect: mysql
-- schema: {"db.src": {"id": "int", "delimiter": "text"}}
CREATE TABLE db.fmt (
  id INT,
  delimiter VARCHAR(4)
); INSERT INTO db.x SELECT id, delimiter FROM db.fmt;
/* a note:
delimiter $$
*/
UPDATE db.src SET
  delimiter = ','
WHERE id > 0;
INSERT INTO db.y SELECT id, delimiter FROM db.src;
-- expect:
-- db.fmt.id -> db.x.id DIRECT.IDENTITY @4
-- db.fmt.delimiter -> db.x.delimiter DIRECT.IDENTITY @4
-- db.src.id -> db.src.delimiter INDIRECT.FILTER @10
-- db.src.id -> db.y.id DIRECT.IDENTITY @11
-- db.src.delimiter -> db.y.delimiter DIRECT.IDENTITY @11
