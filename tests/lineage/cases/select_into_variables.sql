-- title: snowflake scripting anonymous block: SELECT ... INTO :v / INTO v / INTO :v, :w set variables (no table written, its table read), the variables are values after it
-- dialect: snowflake
-- schema: {"s.t": {"id": "int", "x": "int"}}
DECLARE
  v INT;
  w INT;
BEGIN
  SELECT MAX(id) INTO :v FROM s.t;
  SELECT COUNT(*) INTO w FROM s.t;
  SELECT MAX(id), MIN(x) INTO :v, :w FROM s.t;
  INSERT INTO s.log (id, x) SELECT id, x FROM s.t WHERE id > :v AND x < w;
END;
-- expect:
-- s.t.id -> s.log.id DIRECT.IDENTITY @8
-- s.t.x -> s.log.x DIRECT.IDENTITY @8
-- s.t.id -> s.log.id INDIRECT.FILTER @8
-- s.t.id -> s.log.x INDIRECT.FILTER @8
-- s.t.x -> s.log.id INDIRECT.FILTER @8
-- s.t.x -> s.log.x INDIRECT.FILTER @8

-- title: snowflake procedure body: SELECT ... INTO :v, :w FROM t is a read, not a part of the body sqlglot cannot parse
-- dialect: snowflake
-- schema: {"s.t": {"id": "int", "x": "int"}}
CREATE OR REPLACE PROCEDURE s.p() RETURNS INT LANGUAGE SQL AS
$$
DECLARE
  v INT;
  w INT;
BEGIN
  SELECT MAX(id), MIN(x) INTO :v, :w FROM s.t;
  INSERT INTO s.log (id) SELECT id FROM s.t WHERE x = :w;
  RETURN v;
END;
$$;
-- expect:
-- s.t.id -> s.log.id DIRECT.IDENTITY @8
-- s.t.x -> s.log.id INDIRECT.FILTER @8

-- title: mysql routine: SELECT ... FROM t [WHERE ...] INTO v [, w] [FOR UPDATE] (INTO last) is a read, not a statement sqlglot cannot parse; the variables are values
-- dialect: mysql
-- schema: {"s.t": {"id": "int", "x": "int"}}
DELIMITER //
CREATE PROCEDURE s.p()
BEGIN
  DECLARE v, w INT;
  SELECT MAX(id) FROM s.t INTO v;
  SELECT MAX(id), MIN(x) FROM s.t WHERE id > 0 INTO v, w FOR UPDATE;
  INSERT INTO s.log (id) SELECT id FROM s.t WHERE x = w;
END //
DELIMITER ;
-- expect:
-- s.t.id -> s.log.id DIRECT.IDENTITY @7
-- s.t.x -> s.log.id INDIRECT.FILTER @7

-- title: mysql routine: a SELECT ... INTO @q whose INTO clause sqlglot cannot parse (a list, INTO last) still replaces the literal @q held: PREPARE FROM @q after it is unknown, said so; @z set so leaves @q's literal
-- dialect: mysql
-- schema: {"s.t": {"id": "int", "x": "int"}}
DELIMITER //
CREATE PROCEDURE s.p()
BEGIN
  SET @q = 'INSERT INTO s.a (id) SELECT id FROM s.t';
  SELECT 'x', 1 INTO @z, @n FROM s.t;
  PREPARE one FROM @q;
  SELECT 'y', 1 INTO @q, @n FROM s.t;
  PREPARE two FROM @q;
  SET @q = 'INSERT INTO s.b (x) SELECT x FROM s.t';
  SELECT 'z' FROM s.t INTO @q;
  PREPARE three FROM @q;
END //
DELIMITER ;
-- expect:
-- s.t.id -> s.a.id DIRECT.IDENTITY @4
-- expect-diagnostics:
-- unsupported-statement
-- unsupported-statement
