-- T-SQL composable DML: `INSERT ... SELECT ... FROM (MERGE ... OUTPUT ...) AS x`. The MERGE
-- writes its table; the INSERT reads the rows its OUTPUT gives (inserted./deleted. the
-- target's columns, the source's as they are, $action a constant), as OUTPUT ... INTO does.

-- title: Kimball SCD2: the MERGE expires and inserts, the INSERT re-inserts the changed rows from its OUTPUT
-- dialect: tsql
-- schema: {"stg.cust": {"id": "int", "email": "nvarchar", "city": "nvarchar", "updated": "date"}, "dw.dimcust": {"id": "int", "email": "nvarchar", "city": "nvarchar", "valid_from": "date", "valid_to": "date", "is_current": "bit"}}
INSERT INTO dw.dimcust (id, email, city, valid_from, is_current)
SELECT id, email, city, valid_from, 1
FROM (
    MERGE dw.dimcust AS t
    USING stg.cust AS s
       ON t.id = s.id AND t.is_current = 1
    WHEN MATCHED AND t.city <> s.city THEN
        UPDATE SET t.is_current = 0, t.valid_to = s.updated
    WHEN NOT MATCHED THEN
        INSERT (id, email, city, valid_from, is_current)
        VALUES (s.id, s.email, s.city, s.updated, 1)
    OUTPUT $action AS act, s.id, s.email, s.city, s.updated AS valid_from
) AS chg
WHERE chg.act = 'UPDATE';
-- expect:
-- stg.cust.updated -> dw.dimcust.valid_to DIRECT.IDENTITY
-- stg.cust.id -> dw.dimcust.id DIRECT.IDENTITY
-- stg.cust.email -> dw.dimcust.email DIRECT.IDENTITY
-- stg.cust.city -> dw.dimcust.city DIRECT.IDENTITY
-- stg.cust.updated -> dw.dimcust.valid_from DIRECT.IDENTITY
-- dw.dimcust.id -> dw.dimcust.is_current INDIRECT.JOIN
-- stg.cust.id -> dw.dimcust.is_current INDIRECT.JOIN
-- dw.dimcust.is_current -> dw.dimcust.is_current INDIRECT.JOIN
-- dw.dimcust.id -> dw.dimcust.valid_to INDIRECT.JOIN
-- stg.cust.id -> dw.dimcust.valid_to INDIRECT.JOIN
-- dw.dimcust.is_current -> dw.dimcust.valid_to INDIRECT.JOIN
-- dw.dimcust.id -> dw.dimcust.id INDIRECT.JOIN
-- stg.cust.id -> dw.dimcust.id INDIRECT.JOIN
-- dw.dimcust.is_current -> dw.dimcust.id INDIRECT.JOIN
-- dw.dimcust.id -> dw.dimcust.email INDIRECT.JOIN
-- stg.cust.id -> dw.dimcust.email INDIRECT.JOIN
-- dw.dimcust.is_current -> dw.dimcust.email INDIRECT.JOIN
-- dw.dimcust.id -> dw.dimcust.city INDIRECT.JOIN
-- stg.cust.id -> dw.dimcust.city INDIRECT.JOIN
-- dw.dimcust.is_current -> dw.dimcust.city INDIRECT.JOIN
-- dw.dimcust.id -> dw.dimcust.valid_from INDIRECT.JOIN
-- stg.cust.id -> dw.dimcust.valid_from INDIRECT.JOIN
-- dw.dimcust.is_current -> dw.dimcust.valid_from INDIRECT.JOIN
-- dw.dimcust.city -> dw.dimcust.is_current INDIRECT.FILTER
-- stg.cust.city -> dw.dimcust.is_current INDIRECT.FILTER
-- dw.dimcust.city -> dw.dimcust.valid_to INDIRECT.FILTER
-- stg.cust.city -> dw.dimcust.valid_to INDIRECT.FILTER

-- title: history rows from a MERGE's OUTPUT: inserted. and deleted. are the target's columns, $action a constant
-- dialect: tsql
-- schema: {"stg.cust": {"id": "int", "email": "nvarchar"}, "dw.dimcust": {"id": "int", "email": "nvarchar"}, "audit.changes": {"id": "int", "old_email": "nvarchar", "new_email": "nvarchar", "act": "nvarchar"}}
INSERT INTO audit.changes (id, old_email, new_email, act)
SELECT id, old_email, new_email, act
FROM (MERGE dw.dimcust AS t USING stg.cust AS s ON t.id = s.id
      WHEN MATCHED THEN UPDATE SET t.email = s.email
      OUTPUT $action AS act, inserted.id, deleted.email AS old_email, s.email AS new_email) AS chg
WHERE chg.act = 'UPDATE'
-- expect:
-- stg.cust.email -> dw.dimcust.email DIRECT.IDENTITY
-- dw.dimcust.id -> dw.dimcust.email INDIRECT.JOIN
-- stg.cust.id -> dw.dimcust.email INDIRECT.JOIN
-- dw.dimcust.id -> audit.changes.id DIRECT.IDENTITY
-- dw.dimcust.email -> audit.changes.old_email DIRECT.IDENTITY
-- stg.cust.email -> audit.changes.new_email DIRECT.IDENTITY

-- title: a composable MERGE over a CTE of the INSERT: the CTE's WHERE decides the rows of both writes
-- dialect: tsql
-- schema: {"stg.cust": {"id": "int", "email": "nvarchar"}, "dw.dimcust": {"id": "int", "email": "nvarchar"}, "audit.changes": {"id": "int", "old_email": "nvarchar", "new_email": "nvarchar", "act": "nvarchar"}}
WITH src AS (SELECT id, email FROM stg.cust WHERE email IS NOT NULL)
INSERT INTO audit.changes (id, new_email)
SELECT id, new_email
FROM (MERGE dw.dimcust AS t USING src AS s ON t.id = s.id
      WHEN MATCHED THEN UPDATE SET t.email = s.email
      OUTPUT inserted.id, s.email AS new_email) AS chg
-- expect:
-- stg.cust.email -> dw.dimcust.email DIRECT.IDENTITY
-- dw.dimcust.id -> dw.dimcust.email INDIRECT.JOIN
-- stg.cust.id -> dw.dimcust.email INDIRECT.JOIN
-- stg.cust.email -> dw.dimcust.email INDIRECT.FILTER
-- dw.dimcust.id -> audit.changes.id DIRECT.IDENTITY
-- stg.cust.email -> audit.changes.new_email DIRECT.IDENTITY
-- stg.cust.email -> audit.changes.id INDIRECT.FILTER
-- stg.cust.email -> audit.changes.new_email INDIRECT.FILTER

-- title: a MERGE in FROM without OUTPUT gives no rows to read: unsupported, with no leaked parser assertion
-- dialect: tsql
-- schema: {"stg.cust": {"id": "int", "email": "nvarchar"}, "dw.dimcust": {"id": "int", "email": "nvarchar"}, "audit.changes": {"id": "int", "old_email": "nvarchar", "new_email": "nvarchar", "act": "nvarchar"}}
INSERT INTO audit.changes (id)
SELECT id FROM (MERGE dw.dimcust AS t USING stg.cust AS s ON t.id = s.id
                WHEN MATCHED THEN UPDATE SET t.email = s.email) AS chg
-- expect:
-- expect-diagnostics: unsupported-statement
