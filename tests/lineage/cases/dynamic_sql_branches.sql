-- title: tsql a SET in each branch of an IF/ELSE the script blanks: EXEC (@s) after it may run either literal
-- dialect: tsql
-- schema: {"raw.p": {"x": "int"}, "raw.q": {"y": "int"}}
DECLARE @s NVARCHAR(MAX)
IF @full = 1
    SET @s = N'INSERT INTO export.a (v) SELECT x FROM raw.p'
ELSE
    SET @s = N'INSERT INTO export.a (v) SELECT y FROM raw.q'
EXEC (@s)
-- expect:
-- raw.p.x -> export.a.v DIRECT.IDENTITY @3
-- raw.q.y -> export.a.v DIRECT.IDENTITY @5

-- title: tsql a SET in a BEGIN ... END branch: after the IF the variable may still hold what it held before
-- dialect: tsql
-- schema: {"raw.p": {"x": "int"}, "raw.q": {"y": "int"}}
DECLARE @s NVARCHAR(MAX) = N'INSERT INTO export.a (v) SELECT x FROM raw.p'
IF @full = 1
BEGIN
    PRINT 'full'
    SET @s = N'INSERT INTO export.a (v) SELECT y FROM raw.q'
END
EXEC sp_executesql @s
-- expect:
-- raw.p.x -> export.a.v DIRECT.IDENTITY @1
-- raw.q.y -> export.a.v DIRECT.IDENTITY @5

-- title: tsql within its branch a SET is the value the branch's EXEC runs
-- dialect: tsql
-- schema: {"raw.p": {"x": "int"}, "raw.q": {"y": "int"}}
DECLARE @s NVARCHAR(MAX) = N'INSERT INTO export.a (v) SELECT x FROM raw.p'
IF @full = 1
BEGIN
    PRINT 'full'
    SET @s = N'INSERT INTO export.b (v) SELECT y FROM raw.q'
    EXEC (@s)
END
-- expect:
-- raw.q.y -> export.b.v DIRECT.IDENTITY @5

-- title: tsql an IF ... ELSE on one line (statements cut by ;): both branches' SETs may be the value
-- dialect: tsql
-- schema: {"raw.p": {"x": "int"}, "raw.q": {"y": "int"}}
DECLARE @s NVARCHAR(MAX);
IF @full = 1 BEGIN SET @s = N'INSERT INTO export.a (v) SELECT x FROM raw.p'; END ELSE BEGIN SET @s = N'INSERT INTO export.a (v) SELECT y FROM raw.q'; END;
EXEC (@s);
-- expect:
-- raw.p.x -> export.a.v DIRECT.IDENTITY @2
-- raw.q.y -> export.a.v DIRECT.IDENTITY @2

-- title: mysql a routine's IF ... ELSE ... END IF setting @s in each branch: the PREPARE after it may run either
-- dialect: mysql
-- schema: {"raw.p": {"x": "int"}, "raw.q": {"y": "int"}}
DELIMITER $$
CREATE PROCEDURE p(IN full INT)
BEGIN
  IF full = 1 THEN
    SET @s = 'INSERT INTO export.a (v) SELECT x FROM raw.p';
  ELSE
    SET @s = 'INSERT INTO export.a (v) SELECT y FROM raw.q';
  END IF;
  PREPARE stmt FROM @s;
  EXECUTE stmt;
END$$
DELIMITER ;
-- expect:
-- raw.p.x -> export.a.v DIRECT.IDENTITY @5
-- raw.q.y -> export.a.v DIRECT.IDENTITY @7

-- title: bigquery a SET inside IF ... END IF: EXECUTE IMMEDIATE after it may run the value before or the branch's
-- dialect: bigquery
-- schema: {"raw.p": {"x": "INT64"}, "raw.q": {"y": "INT64"}}
DECLARE s STRING DEFAULT 'INSERT INTO export.a (v) SELECT x FROM raw.p';
SET s = 'INSERT INTO export.a (v) SELECT x FROM raw.p';
IF full THEN
  SET s = 'INSERT INTO export.a (v) SELECT y FROM raw.q';
END IF;
EXECUTE IMMEDIATE s;
-- expect:
-- raw.p.x -> export.a.v DIRECT.IDENTITY @2
-- raw.q.y -> export.a.v DIRECT.IDENTITY @4

-- title: databricks IDENTIFIER(t) of a variable set in a branch: one of two names, its lineage unknown
-- dialect: databricks
-- schema: {"raw.p": {"x": "int"}, "raw.q": {"x": "int"}}
SET VAR t = 'raw.p';
BEGIN
  IF full THEN
    SET VAR t = 'raw.q';
  END IF;
  INSERT INTO export.a (v) SELECT x FROM IDENTIFIER(t);
END;
-- expect:
-- expect-diagnostics: unknown-table

-- title: databricks IDENTIFIER(t) set in the branch that reads it: that name
-- dialect: databricks
-- schema: {"raw.p": {"x": "int"}, "raw.q": {"x": "int"}}
DECLARE VARIABLE t STRING DEFAULT 'raw.p';
BEGIN
  IF full THEN
    SET VAR t = 'raw.q';
    INSERT INTO export.a (v) SELECT x FROM IDENTIFIER(t);
  END IF;
END;
-- expect:
-- raw.q.x -> export.a.v DIRECT.IDENTITY @5

-- title: tsql dynamic SQL holding an IF ... ELSE: the EXEC inside it may run either branch's literal
-- dialect: tsql
-- schema: {"raw.p": {"x": "int"}, "raw.q": {"y": "int"}}
EXEC sp_executesql N'DECLARE @t NVARCHAR(MAX);
IF @full = 1 BEGIN SET @t = N''INSERT INTO export.a (v) SELECT x FROM raw.p''; END
ELSE BEGIN SET @t = N''INSERT INTO export.a (v) SELECT y FROM raw.q''; END;
EXEC (@t);'
-- expect:
-- raw.p.x -> export.a.v DIRECT.IDENTITY @2
-- raw.q.y -> export.a.v DIRECT.IDENTITY @3

-- title: tsql an outer branch's value is merged with what was held as it began, not with an inner branch's value it replaced
-- dialect: tsql
-- schema: {"raw.p": {"x": "int"}, "raw.q": {"y": "int"}}
DECLARE @s NVARCHAR(MAX)
IF @a = 1
BEGIN
    IF @b = 1 SET @s = N'INSERT INTO export.b (v) SELECT x FROM raw.p'
    SET @s = N'INSERT INTO export.a (v) SELECT y FROM raw.q'
END
EXEC (@s)
-- expect:
-- raw.q.y -> export.a.v DIRECT.IDENTITY @5

-- title: bigquery the ELSE arm begins with what was held before the IF, not what the THEN arm set
-- dialect: bigquery
-- schema: {"raw.p": {"x": "INT64"}, "raw.r": {"z": "INT64"}}
SET s = 'INSERT INTO export.a (v) SELECT z FROM raw.r';
IF full THEN
  SET s = 'INSERT INTO export.a (v) SELECT x FROM raw.p';
ELSE
  EXECUTE IMMEDIATE s;
END IF;
-- expect:
-- raw.r.z -> export.a.v DIRECT.IDENTITY @1

-- title: tsql after an IF/ELSE that sets the variable in both arms, what it held before is gone
-- dialect: tsql
-- schema: {"raw.p": {"x": "int"}, "raw.q": {"y": "int"}, "raw.r": {"z": "int"}}
DECLARE @s NVARCHAR(MAX) = N'INSERT INTO export.a (v) SELECT z FROM raw.r'
IF @full = 1
    SET @s = N'INSERT INTO export.a (v) SELECT x FROM raw.p'
ELSE
    SET @s = N'INSERT INTO export.a (v) SELECT y FROM raw.q'
EXEC (@s)
-- expect:
-- raw.p.x -> export.a.v DIRECT.IDENTITY @3
-- raw.q.y -> export.a.v DIRECT.IDENTITY @5

-- title: tsql a procedure the arm passes @s to as OUTPUT may have set it: EXEC (@s) after the IF is unknown
-- dialect: tsql
-- schema: {"raw.p": {"x": "int"}, "raw.r": {"z": "int"}}
DECLARE @s NVARCHAR(MAX) = N'INSERT INTO export.a (v) SELECT z FROM raw.r'
IF @full = 1
BEGIN
    SET @s = N'INSERT INTO export.a (v) SELECT x FROM raw.p'
    EXEC dbo.refresh @s OUTPUT
END
EXEC (@s)
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: tsql a procedure or dynamic SQL runs in a scope of its own: only what it is passed as OUTPUT changes
-- dialect: tsql
-- schema: {"raw.p": {"x": "int"}, "raw.q": {"y": "int"}}
DECLARE @s NVARCHAR(MAX) = N'INSERT INTO export.a (v) SELECT x FROM raw.p'
DECLARE @t NVARCHAR(MAX) = N'INSERT INTO export.b (v) SELECT y FROM raw.q'
EXEC dbo.refresh @n = 1
EXEC (@s)
EXEC sp_executesql @s, N'@c INT OUTPUT', @c = @t OUTPUT
EXEC (@t)
-- expect:
-- raw.p.x -> export.a.v DIRECT.IDENTITY @1
-- expect-diagnostics: unsupported-statement

-- title: mysql a CALL in the arm that set @s: PREPARE FROM @s after the IF is unknown
-- dialect: mysql
-- schema: {"raw.p": {"x": "int"}, "raw.r": {"z": "int"}}
DELIMITER $$
CREATE PROCEDURE p(IN full INT)
BEGIN
  SET @s = 'INSERT INTO export.a (v) SELECT z FROM raw.r';
  IF full = 1 THEN
    SET @s = 'INSERT INTO export.a (v) SELECT x FROM raw.p';
    CALL other();
  END IF;
  PREPARE stmt FROM @s;
END$$
DELIMITER ;
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: tsql guard: a variable one arm does not set keeps, on that path, what it held before the IF
-- dialect: tsql
-- schema: {"raw.q": {"y": "int"}, "raw.r": {"z": "int"}}
DECLARE @s NVARCHAR(MAX) = N'INSERT INTO export.a (v) SELECT z FROM raw.r'
IF @full = 1
    SET @t = N'x'
ELSE
    SET @s = N'INSERT INTO export.a (v) SELECT y FROM raw.q'
EXEC (@s)
-- expect:
-- raw.r.z -> export.a.v DIRECT.IDENTITY @1
-- raw.q.y -> export.a.v DIRECT.IDENTITY @5
