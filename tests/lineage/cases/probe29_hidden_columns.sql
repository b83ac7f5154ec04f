-- title: P29-2 Athena's hidden "$path" in WHERE and SELECT is where a row's file is: no column, no warning
-- dialect: athena
-- schema: {"default.src": {"id": "int", "v": "int"}}
CREATE TABLE default.dst AS SELECT id, v, "$path" AS f FROM default.src
WHERE "$path" LIKE '%tsv.gz';
-- expect:
-- default.src.id -> default.dst.id DIRECT.IDENTITY
-- default.src.v -> default.dst.v DIRECT.IDENTITY

-- title: P29-2 Trino's hidden columns qualified by an alias, over a table of unknown columns: no made-up column
-- dialect: trino
-- schema: {}
CREATE TABLE dst AS SELECT s.id, s."$file_size" AS n FROM src s
WHERE s."$partition" = 'x' AND s."$file_modified_time" > TIMESTAMP '2026-01-01 00:00:00';
-- expect:
-- src.id -> dst.id DIRECT.IDENTITY

-- title: P29-2 a "$path" the catalog declares is that column (any dialect)
-- dialect: postgres
-- schema: {"src": {"id": "int", "$path": "text"}}
CREATE TABLE dst AS SELECT id, "$path" AS p FROM src;
-- expect:
-- src.id -> dst.id DIRECT.IDENTITY
-- src.$path -> dst.p DIRECT.IDENTITY

-- title: P29-2 outside Trino's family "$path" is a column like any other (of a table of unknown columns)
-- dialect: postgres
-- schema: {}
CREATE TABLE dst AS SELECT id, "$path" AS p FROM src;
-- expect:
-- src.id -> dst.id DIRECT.IDENTITY
-- src.$path -> dst.p DIRECT.IDENTITY
