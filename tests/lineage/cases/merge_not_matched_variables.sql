-- title: bigquery script variables in a MERGE's WHEN NOT MATCHED THEN INSERT VALUES are values, not the source's columns (one named like a target-only column too); a source column of a variable's name is the column
-- dialect: bigquery
-- schema: {"d.t": {"id": "int64", "dt": "date", "note": "string"}, "d.s": {"id": "int64", "note": "string"}}
DECLARE v_d DATE DEFAULT CURRENT_DATE();
DECLARE dt DATE DEFAULT CURRENT_DATE();
DECLARE note STRING DEFAULT 'x';
MERGE d.t T USING d.s S ON T.id = S.id
WHEN NOT MATCHED AND v_d IS NOT NULL THEN INSERT (id, dt, note) VALUES (id, v_d, note)
WHEN NOT MATCHED THEN INSERT (id, dt, note) VALUES (id, dt, 'y');
-- expect:
-- d.s.id -> d.t.id DIRECT.IDENTITY
-- d.s.note -> d.t.note DIRECT.IDENTITY
-- d.t.id -> d.t.id INDIRECT.JOIN
-- d.t.id -> d.t.dt INDIRECT.JOIN
-- d.t.id -> d.t.note INDIRECT.JOIN
-- d.s.id -> d.t.id INDIRECT.JOIN
-- d.s.id -> d.t.dt INDIRECT.JOIN
-- d.s.id -> d.t.note INDIRECT.JOIN

-- title: bigquery script variable in a MERGE's INSERT VALUES from a source of unknown columns: a value, no column of the source made up
-- dialect: bigquery
-- schema: {"d.t": {"id": "int64", "dt": "date"}}
DECLARE v_d DATE DEFAULT CURRENT_DATE();
MERGE d.t T USING d.feed S ON T.id = S.id
WHEN NOT MATCHED THEN INSERT (id, dt) VALUES (S.id, v_d);
-- expect:
-- d.feed.id -> d.t.id DIRECT.IDENTITY
-- d.t.id -> d.t.id INDIRECT.JOIN
-- d.t.id -> d.t.dt INDIRECT.JOIN
-- d.feed.id -> d.t.id INDIRECT.JOIN
-- d.feed.id -> d.t.dt INDIRECT.JOIN

-- title: bigquery procedure parameter in WHEN NOT MATCHED BY SOURCE THEN UPDATE SET and WHEN NOT MATCHED THEN INSERT VALUES: a value, not the target's or the source's column
-- dialect: bigquery
-- schema: {"d.t": {"id": "int64", "note": "string"}, "d.s": {"id": "int64"}}
CREATE OR REPLACE PROCEDURE d.p(p_note STRING)
BEGIN
  MERGE d.t T USING d.s S ON T.id = S.id
  WHEN NOT MATCHED BY SOURCE THEN UPDATE SET note = p_note
  WHEN NOT MATCHED THEN INSERT (id, note) VALUES (id, p_note);
END;
-- expect:
-- d.s.id -> d.t.id DIRECT.IDENTITY
-- d.t.id -> d.t.id INDIRECT.JOIN
-- d.t.id -> d.t.note INDIRECT.JOIN
-- d.s.id -> d.t.id INDIRECT.JOIN
-- d.s.id -> d.t.note INDIRECT.JOIN

-- title: pl/pgsql variable in a MERGE's WHEN NOT MATCHED THEN INSERT VALUES: a value, not the source's column
-- dialect: postgres
-- schema: {"s.t": {"id": "int", "note": "text"}, "s.src": {"id": "int"}}
CREATE FUNCTION s.f() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_note text := 'x';
BEGIN
  MERGE INTO s.t T USING s.src S ON T.id = S.id
  WHEN NOT MATCHED THEN INSERT (id, note) VALUES (S.id, v_note);
END $$;
-- expect:
-- s.src.id -> s.t.id DIRECT.IDENTITY
-- s.t.id -> s.t.id INDIRECT.JOIN
-- s.t.id -> s.t.note INDIRECT.JOIN
-- s.src.id -> s.t.id INDIRECT.JOIN
-- s.src.id -> s.t.note INDIRECT.JOIN
