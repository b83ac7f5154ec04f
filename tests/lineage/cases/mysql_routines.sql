-- title: mysql procedure body (probe 23, P23-5): DECLARE, SET, IF / ELSEIF / ELSE blanked, every branch's statements analysed; parameters, declared and user variables are values
-- dialect: mysql
-- schema: {"raw.t": {"a": "int", "email": "text"}}
DELIMITER $$
CREATE DEFINER=`etl`@`localhost` PROCEDURE `load_feed`(IN p_min INT, OUT p_n INT)
BEGIN
  DECLARE v_n INT DEFAULT 0;
  DECLARE v_x, v_y VARCHAR(10);
  SET v_n = 1;
  INSERT INTO export.feed (a, n) SELECT a, v_n FROM raw.t WHERE a > p_min AND a < @max_a;
  IF v_n > 0 THEN
    INSERT INTO export.feed2 (email) SELECT email FROM raw.t;
  ELSEIF v_n < 0 THEN
    INSERT INTO export.feed3 (a) SELECT a + v_x FROM raw.t WHERE v_y IS NULL;
  ELSE
    SET p_n = 0;
  END IF;
END $$
DELIMITER ;
-- expect:
-- raw.t.a -> export.feed.a DIRECT.IDENTITY @7
-- raw.t.a -> export.feed.a INDIRECT.FILTER @7
-- raw.t.a -> export.feed.n INDIRECT.FILTER @7
-- raw.t.email -> export.feed2.email DIRECT.IDENTITY @9
-- raw.t.a -> export.feed3.a DIRECT.TRANSFORMATION @11

-- title: mysql procedure loops: labels, LOOP / WHILE / REPEAT, LEAVE / ITERATE, a cursor, CONTINUE and EXIT handlers (its BEGIN ... END action analysed), a CASE statement, SIGNAL / RESIGNAL blanked
-- dialect: mysql
-- schema: {"raw.t": {"id": "int", "a": "text"}, "m.ids": {"id": "int", "day": "date"}}
DELIMITER //
CREATE PROCEDURE m.walk(p_day DATE)
main: BEGIN
  DECLARE done INT DEFAULT FALSE;
  DECLARE v_id INT;
  DECLARE cur CURSOR FOR SELECT id FROM raw.t;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
  DECLARE EXIT HANDLER FOR SQLSTATE '23000', SQLEXCEPTION
  BEGIN
    INSERT INTO m.errors (day) VALUES (p_day);
    RESIGNAL;
  END;
  OPEN cur;
  read_loop: LOOP
    FETCH cur INTO v_id;
    IF done THEN
      LEAVE read_loop;
    END IF;
    INSERT INTO m.ids (id, day) SELECT id, p_day FROM raw.t WHERE id = v_id;
  END LOOP read_loop;
  CLOSE cur;
  w: WHILE v_id > 0 DO
    SET v_id = v_id - 1;
    ITERATE w;
  END WHILE w;
  REPEAT
    UPDATE m.ids SET id = id + 1 WHERE day = p_day;
  UNTIL v_id > 10 END REPEAT;
  CASE v_id
    WHEN 1 THEN INSERT INTO m.one (a) SELECT a FROM raw.t;
    ELSE SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'bad';
  END CASE;
  IF v_id IS NULL THEN LEAVE main; END IF;
END main //
DELIMITER ;
-- expect:
-- raw.t.id -> m.ids.id DIRECT.IDENTITY @19
-- raw.t.id -> m.ids.id INDIRECT.FILTER @19
-- raw.t.id -> m.ids.day INDIRECT.FILTER @19
-- m.ids.id -> m.ids.id DIRECT.TRANSFORMATION @27
-- m.ids.day -> m.ids.id INDIRECT.FILTER @27
-- raw.t.a -> m.one.a DIRECT.IDENTITY @30

-- title: mysql function and single-statement procedure: headers (RETURNS, characteristics, COMMENT) blanked, RETURN blanked; a parameter's name is a value only inside its routine
-- dialect: mysql
-- schema: {"raw.t": {"id": "int", "a": "text"}}
DELIMITER $$
CREATE FUNCTION m.next_id(p INT) RETURNS INT
    READS SQL DATA
    DETERMINISTIC
BEGIN
  DECLARE r INT;
  SET r = (SELECT max(id) FROM raw.t WHERE id > p);
  RETURN r + 1;
END$$
CREATE PROCEDURE m.copy_a(IN p_id INT) COMMENT 'copies' SQL SECURITY INVOKER
  INSERT INTO m.a (id, a) SELECT p_id, a FROM raw.t WHERE id = p_id$$
DELIMITER ;
INSERT INTO m.b SELECT p_id FROM raw.u;
-- expect:
-- raw.t.a -> m.a.a DIRECT.IDENTITY @11
-- raw.t.id -> m.a.id INDIRECT.FILTER @11
-- raw.t.id -> m.a.a INDIRECT.FILTER @11
-- raw.u.p_id -> m.b.p_id DIRECT.IDENTITY @13

-- title: mysql procedure parameter over a table of unknown columns (kaltura fms_sessionize): a value, never a made-up column of the table
-- dialect: mysql
DELIMITER $$
CREATE PROCEDURE ds.sessionize(partition_id INTEGER)
BEGIN
  DECLARE v_purge DATETIME;
  INSERT INTO dw.s (file_id) SELECT file_id FROM ds.events WHERE file_id = partition_id;
END $$
DELIMITER ;
-- expect:
-- ds.events.file_id -> dw.s.file_id DIRECT.IDENTITY @5
-- ds.events.file_id -> dw.s.file_id INDIRECT.FILTER @5

-- title: mysql trigger body with a CASE statement: its END CASE closes the CASE, not the trigger's BEGIN block
-- dialect: mysql
-- schema: {"s.t": {"id": "int", "a": "text"}}
DELIMITER $$
CREATE TRIGGER s.trg AFTER INSERT ON s.t FOR EACH ROW
BEGIN
  CASE NEW.a
    WHEN 'x' THEN INSERT INTO s.log (id) VALUES (NEW.id);
    ELSE INSERT INTO s.other (id) VALUES (NEW.id);
  END CASE;
  INSERT INTO s.all_ids (id) VALUES (NEW.id);
END$$
DELIMITER ;
-- expect:
-- s.t.id -> s.log.id DIRECT.IDENTITY @5
-- s.t.id -> s.other.id DIRECT.IDENTITY @6
-- s.t.id -> s.all_ids.id DIRECT.IDENTITY @8

-- title: mysql a routine named db.p runs in db: its body's unqualified names are db's (an implicit USE db), the file's other statements' are not
-- dialect: mysql
-- schema: {"app.orders": {"id": "int", "email": "text"}, "raw.orders": {"id": "int", "email": "text"}}
USE raw;
DELIMITER $$
CREATE DEFINER=`etl`@`%` PROCEDURE app.load_feed()
BEGIN
  INSERT INTO feed (id, email) SELECT id, email FROM orders;
  INSERT INTO raw.copy (id) SELECT id FROM orders;
END$$
CREATE PROCEDURE `app`.`load_one`(IN x INT)
  INSERT INTO feed2 SELECT id FROM orders WHERE id > x$$
CREATE PROCEDURE load_here()
  INSERT INTO feed3 SELECT email FROM orders$$
DELIMITER ;
INSERT INTO top SELECT id FROM orders;
-- expect:
-- app.orders.id -> app.feed.id DIRECT.IDENTITY @5
-- app.orders.email -> app.feed.email DIRECT.IDENTITY @5
-- app.orders.id -> raw.copy.id DIRECT.IDENTITY @6
-- app.orders.id -> app.feed2.id DIRECT.IDENTITY @9
-- app.orders.id -> app.feed2.id INDIRECT.FILTER @9
-- raw.orders.email -> raw.feed3.email DIRECT.IDENTITY @11
-- raw.orders.id -> raw.top.id DIRECT.IDENTITY @13
