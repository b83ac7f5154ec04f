-- title: bigquery script: the statements inside FOR, IF/ELSE, WHILE, LOOP and REPEAT are analysed
-- dialect: bigquery
-- schema: {"raw.events": {"id": "int64", "amount": "numeric", "day": "date"}, "mart.daily": {"id": "int64", "amount": "numeric"}}
DECLARE d DATE DEFAULT CURRENT_DATE();
DECLARE lo, hi INT64 DEFAULT 0;
FOR r IN (SELECT DISTINCT day FROM raw.events) DO
  INSERT INTO mart.daily (id, amount) SELECT id, amount FROM raw.events WHERE day = r.day;
END FOR;
IF d > '2020-01-01' THEN
  INSERT INTO mart.recent (id) SELECT id FROM raw.events WHERE amount > lo;
ELSEIF d > '2010-01-01' THEN
  INSERT INTO mart.older (id) SELECT id FROM raw.events;
ELSE
  DELETE FROM mart.daily WHERE TRUE;
END IF;
WHILE lo < hi DO
  SET lo = lo + 1;
  INSERT INTO mart.loop_while (amount) SELECT sum(amount) FROM raw.events;
END WHILE;
LOOP
  INSERT INTO mart.loop_plain (id) SELECT max(id) FROM raw.events;
  IF lo > hi THEN LEAVE; END IF;
END LOOP;
REPEAT
  INSERT INTO mart.loop_repeat (id) SELECT min(id) FROM raw.events;
  UNTIL lo > hi
END REPEAT;
BEGIN
  INSERT INTO mart.tried (id) SELECT id FROM raw.events;
EXCEPTION WHEN ERROR THEN
  INSERT INTO mart.failed (id) SELECT id FROM raw.events;
  RAISE USING MESSAGE = @@error.message;
END;
-- expect:
-- raw.events.id -> mart.daily.id DIRECT.IDENTITY
-- raw.events.day -> mart.daily.id INDIRECT.FILTER
-- raw.events.amount -> mart.daily.amount DIRECT.IDENTITY
-- raw.events.day -> mart.daily.amount INDIRECT.FILTER
-- raw.events.id -> mart.recent.id DIRECT.IDENTITY
-- raw.events.amount -> mart.recent.id INDIRECT.FILTER
-- raw.events.id -> mart.older.id DIRECT.IDENTITY
-- raw.events.amount -> mart.loop_while.amount DIRECT.AGGREGATION [sum]
-- raw.events.id -> mart.loop_plain.id DIRECT.AGGREGATION [max]
-- raw.events.id -> mart.loop_repeat.id DIRECT.AGGREGATION [min]
-- raw.events.id -> mart.tried.id DIRECT.IDENTITY
-- raw.events.id -> mart.failed.id DIRECT.IDENTITY

-- title: bigquery procedure with a BEGIN ... END body: every statement, its parameters as values
-- dialect: bigquery
-- schema: {"raw.events": {"id": "int64", "amount": "numeric"}}
CREATE OR REPLACE PROCEDURE ds.load_big(min_amount NUMERIC, OUT loaded INT64)
OPTIONS (strict_mode = FALSE)
BEGIN
  INSERT INTO mart.big (id) SELECT id FROM raw.events WHERE amount > min_amount;
  IF min_amount > 0 THEN
    INSERT INTO mart.positive (amount) SELECT amount FROM raw.events;
  END IF;
  SET loaded = (SELECT count(*) FROM mart.big);
END;
-- expect:
-- raw.events.id -> mart.big.id DIRECT.IDENTITY
-- raw.events.amount -> mart.big.id INDIRECT.FILTER
-- raw.events.amount -> mart.positive.amount DIRECT.IDENTITY

-- title: snowflake anonymous block: IF/ELSEIF and FOR branches, a transaction after it
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
BEGIN
  LET n INTEGER := (SELECT COUNT(*) FROM raw.users);
  IF (n > 0) THEN
    INSERT INTO mart.some (id) SELECT id FROM raw.users;
  ELSEIF (n < 0) THEN
    INSERT INTO mart.none (email) SELECT email FROM raw.users;
  END IF;
  FOR i IN 1 TO 3 DO
    INSERT INTO mart.thrice (id) SELECT id FROM raw.users;
  END FOR;
END;
BEGIN TRANSACTION;
INSERT INTO mart.copied (id, email) SELECT id, email FROM raw.users;
COMMIT;
-- expect:
-- raw.users.id -> mart.some.id DIRECT.IDENTITY
-- raw.users.email -> mart.none.email DIRECT.IDENTITY
-- raw.users.id -> mart.thrice.id DIRECT.IDENTITY
-- raw.users.id -> mart.copied.id DIRECT.IDENTITY
-- raw.users.email -> mart.copied.email DIRECT.IDENTITY

-- title: snowflake scripting procedure without $$: the header goes, DECLARE and body stay apart
-- dialect: snowflake
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
CREATE OR REPLACE PROCEDURE etl.load_active(cutoff NUMBER)
RETURNS VARCHAR
LANGUAGE SQL
AS
DECLARE
  c INTEGER DEFAULT 0;
BEGIN
  INSERT INTO mart.active (id) SELECT id FROM raw.users WHERE id > :cutoff;
  RETURN 'ok';
END;
-- expect:
-- raw.users.id -> mart.active.id DIRECT.IDENTITY
-- raw.users.id -> mart.active.id INDIRECT.FILTER

-- title: databricks compound statement: DECLARE inside BEGIN, WHILE and FOR bodies
-- dialect: databricks
-- schema: {"raw.users": {"id": "int", "email": "string"}, "mart.users": {"id": "int", "email": "string"}}
BEGIN
  DECLARE n INT DEFAULT 0;
  WHILE n < 3 DO
    INSERT INTO mart.users SELECT id, email FROM raw.users;
    SET n = n + 1;
  END WHILE;
  FOR r AS SELECT id FROM raw.users DO
    INSERT INTO mart.ids (id) SELECT id FROM raw.users WHERE id = r.id;
  END FOR;
END;
-- expect:
-- raw.users.id -> mart.users.id DIRECT.IDENTITY
-- raw.users.email -> mart.users.email DIRECT.IDENTITY
-- raw.users.id -> mart.ids.id DIRECT.IDENTITY
-- raw.users.id -> mart.ids.id INDIRECT.FILTER
