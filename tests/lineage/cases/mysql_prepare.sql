-- title: mysql PREPARE from a literal (probe 23, P23-2) is the statement it holds; EXECUTE, DEALLOCATE PREPARE and DROP PREPARE write nothing
-- dialect: mysql
-- schema: {"raw.t": {"id": "int", "email": "text"}}
PREPARE s1 FROM 'INSERT INTO export.feed (id, email)
  SELECT id, email FROM raw.t WHERE id > ?';
EXECUTE s1 USING @min;
DEALLOCATE PREPARE s1;
DROP PREPARE s1;
-- expect:
-- raw.t.id -> export.feed.id DIRECT.IDENTITY @2
-- raw.t.email -> export.feed.email DIRECT.IDENTITY @2
-- raw.t.id -> export.feed.id INDIRECT.FILTER @2
-- raw.t.id -> export.feed.email INDIRECT.FILTER @2

-- title: mysql PREPARE from a user variable or an expression is dynamic SQL: its lineage unknown, said so, as T-SQL EXEC (@s) is
-- dialect: mysql
SET @s = CONCAT('INSERT INTO export.', @tbl, ' SELECT email FROM raw.t');
PREPARE stmt FROM @s;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
PREPARE stmt2 FROM CONCAT('DELETE FROM ', @tbl);
-- expect:
-- expect-diagnostics: unsupported-statement
-- expect-diagnostics: unsupported-statement

-- title: mysql PREPARE inside a procedure: the dynamic INSERT a procedure builds is said to be unknown (kaltura calc_aggr_*)
-- dialect: mysql
DELIMITER $$
CREATE DEFINER=`etl`@`localhost` PROCEDURE `calc`(date_val DATE)
BEGIN
	DECLARE v_aggr_table VARCHAR(100);
	SET @s = CONCAT('INSERT INTO ', v_aggr_table, ' SELECT 1');
	PREPARE stmt FROM  @s;
	EXECUTE stmt;
	DEALLOCATE PREPARE stmt;
END$$
DELIMITER ;
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: postgres and duckdb PREPARE name AS statement: the statement it holds, its $n parameters values
-- dialect: postgres
-- schema: {"raw.t": {"id": "int", "email": "text"}}
PREPARE ins (int) AS
  INSERT INTO export.feed (id, email) SELECT id, email FROM raw.t WHERE id > $1;
EXECUTE ins(5);
DEALLOCATE ins;
DEALLOCATE PREPARE ALL;
-- expect:
-- raw.t.id -> export.feed.id DIRECT.IDENTITY @2
-- raw.t.email -> export.feed.email DIRECT.IDENTITY @2
-- raw.t.id -> export.feed.id INDIRECT.FILTER @2
-- raw.t.id -> export.feed.email INDIRECT.FILTER @2
