-- title: mysql PREPARE FROM a user variable the file set to a literal runs that literal; edges on the literal's lines
-- dialect: mysql
-- schema: {"raw.t": {"id": "int", "email": "text"}}
SET @s = 'INSERT INTO export.feed (id, email)
  SELECT id, email FROM raw.t';
PREPARE stmt FROM @s;
EXECUTE stmt;
DEALLOCATE PREPARE stmt;
-- expect:
-- raw.t.id -> export.feed.id DIRECT.IDENTITY @2
-- raw.t.email -> export.feed.email DIRECT.IDENTITY @2

-- title: mysql the latest SET before the PREPARE gives the SQL: a later SET of an expression makes it unknown again
-- dialect: mysql
-- schema: {"raw.t": {"id": "int", "email": "text"}}
SET @s = 'INSERT INTO export.a SELECT id FROM raw.t';
PREPARE one FROM @s;
SET @s = 'INSERT INTO export.b SELECT email FROM raw.t';
PREPARE two FROM @s;
SET @s = CONCAT('INSERT INTO export.', @tbl, ' SELECT email FROM raw.t');
PREPARE three FROM @s;
-- expect:
-- raw.t.id -> export.a.id DIRECT.IDENTITY @1
-- raw.t.email -> export.b.email DIRECT.IDENTITY @3
-- expect-diagnostics: unsupported-statement

-- title: mysql a routine's local variable s is not the user variable @s: PREPARE FROM @s set elsewhere stays unknown
-- dialect: mysql
-- schema: {"raw.t": {"id": "int", "email": "text"}}
DELIMITER $$
CREATE PROCEDURE p()
BEGIN
  DECLARE s VARCHAR(200) DEFAULT 'INSERT INTO export.a SELECT id FROM raw.t';
  PREPARE stmt FROM @s;
  EXECUTE stmt;
END$$
DELIMITER ;
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: mysql a procedure that sets @s to a literal and prepares it
-- dialect: mysql
-- schema: {"raw.t": {"id": "int", "email": "text"}}
DELIMITER $$
CREATE PROCEDURE p()
BEGIN
  SET @s = 'INSERT INTO export.a SELECT id FROM raw.t';
  PREPARE stmt FROM @s;
  EXECUTE stmt;
END$$
DELIMITER ;
-- expect:
-- raw.t.id -> export.a.id DIRECT.IDENTITY @4

-- title: tsql EXEC (@s) and sp_executesql @s of a variable DECLAREd or SET to a literal run it
-- dialect: tsql
-- schema: {"raw.t": {"id": "int", "email": "text"}}
DECLARE @s NVARCHAR(MAX) = N'INSERT INTO export.a (id)
SELECT id FROM raw.t';
EXEC (@s);
SET @s = N'INSERT INTO export.b (email) SELECT email FROM raw.t';
EXEC sp_executesql @s, N'@p INT', @p = 1;
-- expect:
-- raw.t.id -> export.a.id DIRECT.IDENTITY @2
-- raw.t.email -> export.b.email DIRECT.IDENTITY @4

-- title: tsql a variable built by concatenation is SQL built at run time: unknown, said so
-- dialect: tsql
-- schema: {"raw.t": {"id": "int", "email": "text"}}
DECLARE @s NVARCHAR(MAX) = N'INSERT INTO export.a SELECT id FROM raw.t';
SET @s = N'INSERT INTO ' + @target + N' SELECT id FROM raw.t';
EXEC (@s);
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: bigquery EXECUTE IMMEDIATE of a variable the script SETs to a literal (a script's DECLAREs are blanked before parsing: a DEFAULT gives no value)
-- dialect: bigquery
-- schema: {"raw.t": {"id": "INT64", "email": "STRING"}}
DECLARE q STRING DEFAULT 'INSERT INTO export.b (email) SELECT email FROM raw.t';
SET q = """INSERT INTO export.a (id)
SELECT id FROM raw.t WHERE id > ?""";
EXECUTE IMMEDIATE q USING 5;
-- expect:
-- raw.t.id -> export.a.id DIRECT.IDENTITY @3
-- raw.t.id -> export.a.id INDIRECT.FILTER @3

-- title: a procedure's parameter holds what its caller passes, not a literal the file gives a variable of that name elsewhere; what a body sets ends with it
-- dialect: tsql
-- schema: {"raw.t": {"id": "int", "email": "text"}}
DECLARE @sql NVARCHAR(MAX) = N'INSERT INTO export.a (id) SELECT id FROM raw.t';
GO
CREATE PROCEDURE dbo.run_it @sql NVARCHAR(MAX) AS
BEGIN
  EXEC (@sql);
END;
GO
CREATE PROCEDURE dbo.own AS
BEGIN
  DECLARE @q NVARCHAR(MAX) = N'INSERT INTO export.b (email) SELECT email FROM raw.t';
  EXEC (@q);
END;
GO
EXEC (@q);
-- expect:
-- raw.t.email -> export.b.email DIRECT.IDENTITY @10
-- expect-diagnostics: unsupported-statement
-- expect-diagnostics: unsupported-statement

-- title: snowflake EXECUTE IMMEDIATE $q of a session variable SET to a literal
-- dialect: snowflake
-- schema: {"raw.t": {"id": "int", "email": "text"}}
SET q = 'INSERT INTO export.a (email) SELECT email FROM raw.t';
EXECUTE IMMEDIATE $q;
-- expect:
-- raw.t.email -> export.a.email DIRECT.IDENTITY @1

-- title: bigquery EXECUTE IMMEDIATE of a variable the file never sets stays unknown
-- dialect: bigquery
-- schema: {"raw.t": {"id": "INT64", "email": "STRING"}}
EXECUTE IMMEDIATE q;
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: mysql a SELECT ... INTO @s of a query's value replaces the literal: the PREPARE runs SQL the file does not show
-- dialect: mysql
-- schema: {"b": {"x": "int"}, "cfg": {"tbl": "text"}}
SET @s = 'INSERT INTO a SELECT x FROM b';
SELECT CONCAT('INSERT INTO a SELECT x FROM ', tbl) INTO @s FROM cfg;
PREPARE q FROM @s;
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: tsql SELECT @s = ... replaces what DECLARE gave @s
-- dialect: tsql
-- schema: {"b": {"x": "int"}, "cfg": {"tbl": "text"}}
DECLARE @s NVARCHAR(MAX) = N'INSERT INTO a SELECT x FROM b';
SELECT @s = N'INSERT INTO a SELECT x FROM ' + tbl FROM cfg;
EXEC (@s);
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: mysql a CALL may set @s, and a statement that does not parse may be its SET: what @s holds is unknown after either
-- dialect: mysql
-- schema: {"b": {"x": "int"}}
SET @s = 'INSERT INTO a SELECT x FROM b';
CALL load_config();
PREPARE q FROM @s;
SET @t = 'INSERT INTO a SELECT x FROM b';
SET @t = CONCAT(@t WHERE;
PREPARE r FROM @t;
-- expect:
-- expect-diagnostics: unsupported-statement
-- expect-diagnostics: parse-error
-- expect-diagnostics: unsupported-statement

-- title: snowflake a procedure's own DECLAREd q is not the session's q: its literal is the body's
-- dialect: snowflake
-- schema: {"b": {"x": "int"}, "c": {"x": "int"}}
SET q = 'INSERT INTO a SELECT x FROM b';
CREATE OR REPLACE PROCEDURE p() RETURNS VARCHAR LANGUAGE SQL AS $$
DECLARE
  q VARCHAR DEFAULT 'INSERT INTO a2 SELECT x FROM c';
BEGIN
  EXECUTE IMMEDIATE q;
END;
$$;
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: mysql what a routine sets is its own: neither another routine nor the file after it runs that SQL
-- dialect: mysql
-- schema: {"b": {"x": "int"}}
DELIMITER //
CREATE PROCEDURE p1() BEGIN SET @s = 'INSERT INTO a SELECT x FROM b'; END //
CREATE PROCEDURE p2() BEGIN PREPARE q FROM @s; EXECUTE q; END //
DELIMITER ;
PREPARE q2 FROM @s;
-- expect:
-- expect-diagnostics: unsupported-statement
-- expect-diagnostics: unsupported-statement

-- title: tsql a trigger's body has variables of its own: the file's @s is not what its EXEC runs
-- dialect: tsql
-- schema: {"raw.b": {"x": "int"}}
DECLARE @s NVARCHAR(MAX) = N'INSERT INTO export.a (x) SELECT x FROM raw.b';
CREATE TRIGGER trg ON dbo.src AFTER INSERT AS BEGIN EXEC(@s); END
-- expect:
-- expect-diagnostics: unsupported-statement
