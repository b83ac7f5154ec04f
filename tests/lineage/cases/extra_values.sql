-- title: INSERT with more values than the catalog's columns of the target: the extras are diagnosed
-- dialect: postgres
-- schema: {"raw.s": {"a": "int", "b": "int", "c": "int"}, "dw.x": {"a": "int", "b": "int"}}
insert into dw.x select a, b, c from raw.s;
-- expect:
-- raw.s.a -> dw.x.a DIRECT.IDENTITY
-- raw.s.b -> dw.x.b DIRECT.IDENTITY
-- expect-diagnostics: unresolved-column dw.x

-- title: INSERT with more values than the DDL earlier in the file gives the target
-- dialect: postgres
-- schema: {"raw.s": {"a": "int", "b": "int", "c": "int"}}
create table dw.x (a int, b int);
insert into dw.x select a, b, c from raw.s;
-- expect:
-- raw.s.a -> dw.x.a DIRECT.IDENTITY
-- raw.s.b -> dw.x.b DIRECT.IDENTITY
-- expect-diagnostics: unresolved-column dw.x

-- title: columns only guessed from an earlier INSERT's outputs: a wider INSERT is not diagnosed
-- dialect: postgres
-- schema: {"raw.s": {"a": "int", "b": "int", "c": "int"}}
insert into dw.x select a, b from raw.s;
insert into dw.x select a, b, c from raw.s;
-- expect:
-- raw.s.a -> dw.x.a DIRECT.IDENTITY
-- raw.s.b -> dw.x.b DIRECT.IDENTITY

-- title: fewer values than known columns, a static partition, a star: no extra-values diagnostic
-- dialect: hive
-- schema: {"raw.s": {"a": "int", "b": "int"}, "dw.x": {"a": "int", "b": "int", "ds": "string"}}
insert into dw.x select a from raw.s;
insert overwrite table dw.x partition (ds = '1') select a, b from raw.s;
insert into dw.x select * from raw.s;
-- expect:
-- raw.s.a -> dw.x.a DIRECT.IDENTITY
-- raw.s.b -> dw.x.b DIRECT.IDENTITY
