-- title: UPDATE through a CTE over a join writes the table its SET column comes from, the join's keys reaching it
-- dialect: tsql
-- schema: {"dw.dimcust": {"id": "int", "email": "nvarchar", "seg": "varchar"}, "stg.cust": {"id": "int", "email": "nvarchar", "segment": "varchar"}}
WITH u AS (SELECT t.email, s.email AS new_email
           FROM dw.dimcust t JOIN stg.cust s ON s.id = t.id)
UPDATE u SET email = new_email
-- expect:
-- stg.cust.email -> dw.dimcust.email DIRECT.IDENTITY @3
-- stg.cust.id -> dw.dimcust.email INDIRECT.JOIN @2
-- dw.dimcust.id -> dw.dimcust.email INDIRECT.JOIN @2

-- title: UPDATE through a join CTE named again in FROM, bracketed and in another case, with a WHERE
-- dialect: tsql
-- schema: {"dw.dimcust": {"id": "int", "email": "nvarchar", "seg": "varchar"}, "stg.cust": {"id": "int", "email": "nvarchar", "segment": "varchar"}}
WITH [u] AS (SELECT t.email, s.email AS new_email
             FROM dw.dimcust t JOIN stg.cust s ON s.id = t.id)
UPDATE [U] SET [U].email = U.new_email FROM [u]
WHERE u.new_email IS NOT NULL
-- expect:
-- stg.cust.email -> dw.dimcust.email DIRECT.IDENTITY
-- stg.cust.id -> dw.dimcust.email INDIRECT.JOIN
-- dw.dimcust.id -> dw.dimcust.email INDIRECT.JOIN
-- stg.cust.email -> dw.dimcust.email INDIRECT.FILTER

-- title: UPDATE through a join CTE writes the joined table when its SET column is that table's
-- dialect: tsql
-- schema: {"dw.dimcust": {"id": "int", "email": "nvarchar", "seg": "varchar"}, "stg.cust": {"id": "int", "email": "nvarchar", "segment": "varchar"}}
WITH u AS (SELECT t.email AS old_email, s.email
           FROM dw.dimcust t JOIN stg.cust s ON s.id = t.id)
UPDATE u SET email = old_email
-- expect:
-- dw.dimcust.email -> stg.cust.email DIRECT.IDENTITY
-- stg.cust.id -> stg.cust.email INDIRECT.JOIN
-- dw.dimcust.id -> stg.cust.email INDIRECT.JOIN

-- title: UPDATE through a join CTE: a column behind the one star that holds it, a value named bare
-- dialect: tsql
-- schema: {"dw.dimcust": {"id": "int", "email": "nvarchar", "seg": "varchar"}, "stg.cust": {"id": "int", "email": "nvarchar", "segment": "varchar"}}
WITH u AS (SELECT t.*, segment, s.email AS new_email
           FROM dw.dimcust t JOIN stg.cust s ON s.id = t.id)
UPDATE u SET email = new_email, seg = segment
-- expect:
-- stg.cust.email -> dw.dimcust.email DIRECT.IDENTITY
-- stg.cust.segment -> dw.dimcust.seg DIRECT.IDENTITY
-- stg.cust.id -> dw.dimcust.email INDIRECT.JOIN
-- dw.dimcust.id -> dw.dimcust.email INDIRECT.JOIN
-- stg.cust.id -> dw.dimcust.seg INDIRECT.JOIN
-- dw.dimcust.id -> dw.dimcust.seg INDIRECT.JOIN

-- title: UPDATE through a join CTE: a bare column is the table's whose known columns hold it
-- dialect: tsql
-- schema: {"dw.dimcust": {"id": "int", "email": "nvarchar", "seg": "varchar"}, "stg.cust": {"id": "int", "email": "nvarchar", "segment": "varchar"}}
WITH u AS (SELECT seg, segment FROM dw.dimcust t JOIN stg.cust s ON s.id = t.id)
UPDATE u SET seg = segment
-- expect:
-- stg.cust.segment -> dw.dimcust.seg DIRECT.IDENTITY
-- stg.cust.id -> dw.dimcust.seg INDIRECT.JOIN
-- dw.dimcust.id -> dw.dimcust.seg INDIRECT.JOIN

-- title: UPDATE through a join CTE over another CTE: the column traced to its table, the inner CTE's WHERE deciding the rows
-- dialect: tsql
-- schema: {"dw.dimcust": {"id": "int", "email": "nvarchar", "seg": "varchar"}, "stg.cust": {"id": "int", "email": "nvarchar", "segment": "varchar"}}
WITH a AS (SELECT id, email FROM dw.dimcust WHERE seg = 'x'),
     u AS (SELECT a.email, s.email AS new_email FROM a JOIN stg.cust s ON s.id = a.id)
UPDATE u SET email = new_email
-- expect:
-- stg.cust.email -> dw.dimcust.email DIRECT.IDENTITY
-- stg.cust.id -> dw.dimcust.email INDIRECT.JOIN
-- dw.dimcust.id -> dw.dimcust.email INDIRECT.JOIN
-- dw.dimcust.seg -> dw.dimcust.email INDIRECT.FILTER

-- title: UPDATE through a join CTE whose written side is a derived table
-- dialect: tsql
-- schema: {"dw.dimcust": {"id": "int", "email": "nvarchar", "seg": "varchar"}, "stg.cust": {"id": "int", "email": "nvarchar", "segment": "varchar"}}
WITH u AS (SELECT t.email, s.email AS new_email
           FROM (SELECT id, email FROM dw.dimcust WHERE seg = 'x') t JOIN stg.cust s ON s.id = t.id)
UPDATE u SET email = new_email
-- expect:
-- stg.cust.email -> dw.dimcust.email DIRECT.IDENTITY
-- stg.cust.id -> dw.dimcust.email INDIRECT.JOIN
-- dw.dimcust.id -> dw.dimcust.email INDIRECT.JOIN
-- dw.dimcust.seg -> dw.dimcust.email INDIRECT.FILTER

-- title: UPDATE through a CTE over one table through another CTE writes that table, not the inner CTE
-- dialect: tsql
-- schema: {"dw.dimcust": {"id": "int", "email": "nvarchar", "seg": "varchar"}}
WITH a AS (SELECT id, email AS mail FROM dw.dimcust),
     r AS (SELECT mail FROM a WHERE id > 0)
UPDATE r SET mail = 'x'
-- expect:
-- dw.dimcust.id -> dw.dimcust.email INDIRECT.FILTER

-- title: UPDATE x ... FROM a join CTE aliased x, joined again: the CTE's table is written
-- dialect: tsql
-- schema: {"dw.dimcust": {"id": "int", "email": "nvarchar", "seg": "varchar"}, "stg.cust": {"id": "int", "email": "nvarchar", "segment": "varchar"}}
WITH u AS (SELECT t.email, s.id AS sid FROM dw.dimcust t JOIN stg.cust s ON s.id = t.id)
UPDATE x SET x.email = c.email FROM u AS x JOIN stg.cust c ON c.id = x.sid
-- expect:
-- stg.cust.email -> dw.dimcust.email DIRECT.IDENTITY
-- stg.cust.id -> dw.dimcust.email INDIRECT.JOIN
-- dw.dimcust.id -> dw.dimcust.email INDIRECT.JOIN

-- title: UPDATE through a join CTE whose SET names columns of two tables is unsupported, never a table named after the CTE
-- dialect: tsql
-- schema: {"dw.dimcust": {"id": "int", "email": "nvarchar", "seg": "varchar"}, "stg.cust": {"id": "int", "email": "nvarchar", "segment": "varchar"}}
WITH u AS (SELECT t.email, s.segment, s.email AS new_email
           FROM dw.dimcust t JOIN stg.cust s ON s.id = t.id)
UPDATE u SET email = new_email, segment = 'x'
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: UPDATE through a join CTE of a column the CTE computes is unsupported
-- dialect: tsql
-- schema: {"dw.dimcust": {"id": "int", "email": "nvarchar", "seg": "varchar"}, "stg.cust": {"id": "int", "email": "nvarchar", "segment": "varchar"}}
WITH u AS (SELECT LOWER(t.email) AS email, s.email AS new_email
           FROM dw.dimcust t JOIN stg.cust s ON s.id = t.id)
UPDATE u SET email = new_email
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: DELETE through a CTE over a join is unsupported (SQL Server deletes through one base table only)
-- dialect: tsql
-- schema: {"dw.dimcust": {"id": "int", "email": "nvarchar", "seg": "varchar"}, "stg.cust": {"id": "int", "email": "nvarchar", "segment": "varchar"}}
WITH d AS (SELECT t.id FROM dw.dimcust t JOIN stg.cust s ON s.id = t.id)
DELETE FROM d
-- expect:
-- expect-diagnostics: unsupported-statement

-- title: tsql an UPDATE through a join CTE with OUTPUT ... INTO: the OUTPUT rows are the CTE's, their columns its base table's
-- dialect: tsql
-- schema: {"dw.t": {"id": "int", "email": "int"}, "stg.s": {"id": "int", "email": "int"}, "audit.log": {"id": "int", "email": "int"}}
WITH u AS (SELECT t.id, t.email, s.email AS new_email FROM dw.t t JOIN stg.s s ON s.id = t.id)
UPDATE u SET email = new_email
OUTPUT inserted.id, deleted.email INTO audit.log (id, email);
-- expect:
-- stg.s.email -> dw.t.email DIRECT.IDENTITY
-- dw.t.id -> dw.t.email INDIRECT.JOIN
-- stg.s.id -> dw.t.email INDIRECT.JOIN
-- dw.t.email -> audit.log.email DIRECT.IDENTITY
-- dw.t.id -> audit.log.email INDIRECT.JOIN
-- stg.s.id -> audit.log.email INDIRECT.JOIN
-- dw.t.id -> audit.log.id DIRECT.IDENTITY
-- dw.t.id -> audit.log.id INDIRECT.JOIN
-- stg.s.id -> audit.log.id INDIRECT.JOIN
