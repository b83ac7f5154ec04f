-- Gaps found by a fifth probe: UPDATE / MERGE forms (see known_gaps.md, "Found by a fifth probe").

-- title: P5-G4 postgres update set row-constructor assignment pairs columns by position
-- dialect: postgres
-- schema: {"dw.t": {"id": "int", "a": "int", "b": "int"}, "dw.s": {"id": "int", "a": "int", "b": "int"}}
update dw.t set (a, b) = row(s.a, s.b) from dw.s s where s.id = dw.t.id
-- expect:
-- dw.s.a -> dw.t.a DIRECT.IDENTITY
-- dw.s.b -> dw.t.b DIRECT.IDENTITY
-- dw.s.id -> dw.t.a INDIRECT.FILTER
-- dw.t.id -> dw.t.a INDIRECT.FILTER
-- dw.s.id -> dw.t.b INDIRECT.FILTER
-- dw.t.id -> dw.t.b INDIRECT.FILTER

-- title: P5-G4 a one-value row constructor sets its one column
-- dialect: postgres
-- schema: {"dw.t": {"id": "int", "a": "int"}, "dw.s": {"id": "int", "a": "int"}}
update dw.t set (a) = row(s.a + 1) from dw.s s where s.id = dw.t.id
-- expect:
-- dw.s.a -> dw.t.a DIRECT.TRANSFORMATION
-- dw.s.id -> dw.t.a INDIRECT.FILTER
-- dw.t.id -> dw.t.a INDIRECT.FILTER

-- title: P5-G4 row() set into one composite column stays a function
-- dialect: postgres
-- schema: {"dw.t": {"id": "int", "a": "int"}, "dw.s": {"id": "int", "a": "int", "b": "int"}}
update dw.t set a = row(s.a, s.b) from dw.s s
-- expect:
-- dw.s.a -> dw.t.a DIRECT.TRANSFORMATION [row]
-- dw.s.b -> dw.t.a DIRECT.TRANSFORMATION [row]

-- title: P5-G5 postgres update set single parenthesised column writes the named column
-- dialect: postgres
-- schema: {"dw.t": {"id": "int", "a": "int"}, "dw.s": {"id": "int", "a": "int"}}
update dw.t set (a) = (s.a) from dw.s s where s.id = dw.t.id
-- expect:
-- dw.s.a -> dw.t.a DIRECT.IDENTITY
-- dw.s.id -> dw.t.a INDIRECT.FILTER
-- dw.t.id -> dw.t.a INDIRECT.FILTER

-- title: P5-G5 a single parenthesised column set from a subquery
-- dialect: postgres
-- schema: {"dw.t": {"id": "int", "a": "int"}, "dw.s": {"id": "int", "a": "int"}}
update dw.t set (a) = (select max(s.a) from dw.s s where s.id = dw.t.id)
-- expect:
-- dw.s.a -> dw.t.a DIRECT.AGGREGATION [max]
-- dw.s.id -> dw.t.a INDIRECT.FILTER
-- dw.t.id -> dw.t.a INDIRECT.FILTER

-- title: P5-G3 teradata update target from an unaliased source set
-- dialect: teradata
-- schema: {"dw.t": {"id": "integer", "a": "integer"}, "dw.s": {"id": "integer", "a": "integer"}}
update dw.t from dw.s set a = dw.s.a where dw.t.id = dw.s.id
-- expect:
-- dw.s.a -> dw.t.a DIRECT.IDENTITY
-- dw.s.id -> dw.t.a INDIRECT.FILTER
-- dw.t.id -> dw.t.a INDIRECT.FILTER

-- title: P5-G3 teradata upd from two tables, the last one unaliased, read by its bare name
-- dialect: teradata
-- schema: {"dw.t": {"id": "integer", "a": "integer"}, "dw.s": {"id": "integer", "a": "integer"}, "dw.r": {"id": "integer", "b": "integer"}}
upd dw.t from dw.r r, dw.s set a = s.a + r.b where dw.t.id = dw.s.id and r.id = s.id
-- expect:
-- dw.s.a -> dw.t.a DIRECT.TRANSFORMATION
-- dw.r.b -> dw.t.a DIRECT.TRANSFORMATION
-- dw.r.id -> dw.t.a INDIRECT.FILTER
-- dw.s.id -> dw.t.a INDIRECT.FILTER
-- dw.t.id -> dw.t.a INDIRECT.FILTER

-- title: P5-G3 an UPDATE that fails inside its SET is one parse error, never a SET-less UPDATE plus a SET statement
-- dialect: teradata
-- schema: {"dw.s": {"a": "integer"}}
update dw.t from (select a from dw.s) set a = 1;
insert into dw.u select a from dw.s
-- expect:
-- dw.s.a -> dw.u.a DIRECT.IDENTITY
-- expect-diagnostics: parse-error
