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
