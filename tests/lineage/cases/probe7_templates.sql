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

-- title: Snowflake IDENTIFIER($var) names the table the file's latest SET gives the variable
-- dialect: snowflake
-- schema: {"raw.customers": {"id": "int", "email": "varchar"}, "raw.old": {"id": "int", "email": "varchar"}}
set src_table = 'raw.old';
SET (SRC_TABLE, tgt) = ('raw.customers', 'stg.customers');
insert into identifier($tgt) (customer_id, email) select id, email from identifier($src_table);
-- expect:
-- raw.customers.id -> stg.customers.customer_id DIRECT.IDENTITY
-- raw.customers.email -> stg.customers.email DIRECT.IDENTITY

-- title: Snowflake IDENTIFIER($var) with no SET in the file, or a bind variable: unknown-table, no edges
-- dialect: snowflake
-- schema: {"raw.customers": {"id": "int", "email": "varchar"}}
insert into stg.customers (customer_id, email) select id, email from identifier($src_table);
insert into stg.c2 select id from identifier(:src);
insert into identifier(?) select id from raw.customers;
set src_table = (select 'raw.customers');
insert into stg.c3 select id from identifier($src_table);
-- expect:
-- expect-diagnostics:
-- unknown-table
-- unknown-table
-- unknown-table
-- unknown-table

-- title: Databricks session variable in IDENTIFIER(var), from DECLARE and SET VAR
-- dialect: databricks
-- schema: {"raw.src": {"id": "int"}, "raw.other": {"id": "int"}}
declare variable t string default 'raw.other';
set var t = 'raw.src';
insert into dw.a select id from identifier(t);
-- expect:
-- raw.src.id -> dw.a.id DIRECT.IDENTITY

-- title: Hive/Spark ${var} the file sets is substituted in table names, glued or not, in file order
-- dialect: hive
-- schema: {"raw.src_dev": {"id": "int"}, "raw.src": {"id": "int", "ds": "string"}}
set hivevar:db=raw;
SET env=dev;
set tgt=${db}_out;
insert into ${hiveconf:tgt}.a select id from ${db}.src_${env};
insert into ${tgt}.b select id from ${hivevar:db}.src where ds = '${hivevar:ds}';
-- expect:
-- raw.src_dev.id -> raw_out.a.id DIRECT.IDENTITY
-- raw.src.id -> raw_out.b.id DIRECT.IDENTITY
-- raw.src.ds -> raw_out.b.id INDIRECT.FILTER

-- title: Hive/Spark ${var} the file does not set: unknown-table, no invented asset
-- dialect: spark
-- schema: {"raw.src": {"id": "int", "ds": "string"}}
insert into dw.a select id from ${db}.src;
insert into ${hiveconf:tgt}.a select id from raw.src;
insert into dw.a select id from raw.src_${env};
insert into dw.b select id from raw.src where ds = '${ds}';
-- expect:
-- raw.src.id -> dw.b.id DIRECT.IDENTITY
-- raw.src.ds -> dw.b.id INDIRECT.FILTER
-- expect-diagnostics:
-- unknown-table
-- unknown-table
-- unknown-table
