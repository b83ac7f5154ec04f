-- title: notebook cell markers (Zeppelin %sql, Jupyter %%sql, # %%) are blanked: the statements after them count
-- dialect: spark
-- schema: {"raw.src": {"id": "int", "amt": "int"}}
%sql
create or replace temporary view tv as select id from raw.src where amt > 0;

%%sql
insert into dw.a select id from tv;
# %%
%spark.sql insert into dw.b select id from raw.src;
-- expect:
-- raw.src.id -> dw.a.id DIRECT.IDENTITY
-- raw.src.amt -> dw.a.id INDIRECT.FILTER
-- raw.src.id -> dw.b.id DIRECT.IDENTITY @7

-- title: a Zeppelin interpreter line with arguments, postgres, no semicolons between cells
-- dialect: postgres
-- schema: {"raw.src": {"id": "int"}}
%jdbc(postgres)
insert into dw.a select id from raw.src

%%sql postgresql://user@host/db
insert into dw.b select id from raw.src
-- expect:
-- raw.src.id -> dw.a.id DIRECT.IDENTITY @2
-- raw.src.id -> dw.b.id DIRECT.IDENTITY @5
