-- title: ALTER TABLE ADD COLUMN: a later positional INSERT and star see the new column
-- dialect: postgres
-- schema: {"raw.s": {"a": "int", "b": "int", "c": "int"}}
create table dw.x (a int, b int);
alter table dw.x add column c int;
insert into dw.x select a, b, c from raw.s;
create view dw.v as select * from dw.x;
-- expect:
-- raw.s.a -> dw.x.a DIRECT.IDENTITY
-- raw.s.b -> dw.x.b DIRECT.IDENTITY
-- raw.s.c -> dw.x.c DIRECT.IDENTITY
-- dw.x.a -> dw.v.a DIRECT.IDENTITY
-- dw.x.b -> dw.v.b DIRECT.IDENTITY
-- dw.x.c -> dw.v.c DIRECT.IDENTITY

-- title: ALTER TABLE DROP and RENAME COLUMN: a positional INSERT lands on the columns left; the renamed column's data moves
-- dialect: postgres
-- schema: {"raw.s": {"a": "int", "b": "int", "c": "int"}}
create table dw.x (a int, b int);
alter table dw.x add column c int;
alter table dw.x drop column b;
alter table dw.x rename column a to a2;
insert into dw.x select a, c from raw.s;
-- expect:
-- dw.x.a -> dw.x.a2 DIRECT.IDENTITY
-- raw.s.a -> dw.x.a2 DIRECT.IDENTITY
-- raw.s.c -> dw.x.c DIRECT.IDENTITY

-- title: Postgres RENAME without COLUMN renames a column, not the table
-- dialect: postgres
-- schema: {"dw.x": {"a": "int", "b": "int"}}
alter table dw.x rename a to a2;
create view dw.v as select * from dw.x;
-- expect:
-- dw.x.a -> dw.x.a2 DIRECT.IDENTITY
-- dw.x.a2 -> dw.v.a2 DIRECT.IDENTITY
-- dw.x.b -> dw.v.b DIRECT.IDENTITY

-- title: ALTER on a catalog table: several adds at once, IF NOT EXISTS of a known column adds nothing
-- dialect: postgres
-- schema: {"dw.x": {"a": "int"}}
alter table dw.x add column if not exists a int, add column b int, add column c text;
create view dw.v as select * from dw.x;
-- expect:
-- dw.x.a -> dw.v.a DIRECT.IDENTITY
-- dw.x.b -> dw.v.b DIRECT.IDENTITY
-- dw.x.c -> dw.v.c DIRECT.IDENTITY

-- title: Spark ADD COLUMNS (...) and DROP COLUMNS (...)
-- dialect: spark
-- schema: {"dw.x": {"a": "int", "b": "int"}}
alter table dw.x add columns (c int, d string);
alter table dw.x drop columns (b, c);
create view dw.v as select * from dw.x;
-- expect:
-- dw.x.a -> dw.v.a DIRECT.IDENTITY
-- dw.x.d -> dw.v.d DIRECT.IDENTITY

-- title: Snowflake multiple adds and drops in one statement
-- dialect: snowflake
-- schema: {"dw.x": {"a": "int", "b": "int"}}
alter table dw.x add column c int, d int;
alter table dw.x drop column a, c;
create view dw.v as select * from dw.x;
-- expect:
-- dw.x.b -> dw.v.b DIRECT.IDENTITY
-- dw.x.d -> dw.v.d DIRECT.IDENTITY

-- title: Hive/Spark CHANGE COLUMN with a new name renames it
-- dialect: spark
-- schema: {"dw.x": {"a": "int", "b": "int"}}
alter table dw.x change column a a2 bigint;
create view dw.v as select * from dw.x;
-- expect:
-- dw.x.a -> dw.x.a2 DIRECT.IDENTITY
-- dw.x.a2 -> dw.v.a2 DIRECT.IDENTITY
-- dw.x.b -> dw.v.b DIRECT.IDENTITY

-- title: MySQL CHANGE renames, MODIFY keeps the name, ADD ... FIRST / AFTER place the column
-- dialect: mysql
-- schema: {"dw.x": {"a": "int", "b": "int"}}
alter table dw.x change a a2 int, modify b bigint, add c int first, add d int after a2;
create view dw.v as select * from dw.x;
-- expect:
-- dw.x.a -> dw.x.a2 DIRECT.IDENTITY
-- dw.x.c -> dw.v.c DIRECT.IDENTITY
-- dw.x.a2 -> dw.v.a2 DIRECT.IDENTITY
-- dw.x.d -> dw.v.d DIRECT.IDENTITY
-- dw.x.b -> dw.v.b DIRECT.IDENTITY

-- title: ALTER of a table of unknown columns changes nothing known: no guessed column list
-- dialect: postgres
alter table dw.x add column c int;
insert into dw.y select * from dw.x;
-- expect:
-- dw.x.* -> dw.y.* DIRECT.IDENTITY (unresolved)
-- expect-diagnostics: unresolved-star dw.x

-- title: T-SQL sp_rename of a column is ALTER TABLE RENAME COLUMN: the data moves, a later star sees the new name
-- dialect: tsql
-- schema: {"dbo.customers": {"id": "int", "name": "nvarchar"}}
exec sp_rename 'dbo.customers.name', 'full_name', 'COLUMN';
select * into dbo.v from dbo.customers;
-- expect:
-- dbo.customers.name -> dbo.customers.full_name DIRECT.IDENTITY
-- dbo.customers.full_name -> dbo.v.full_name DIRECT.IDENTITY
-- dbo.customers.id -> dbo.v.id DIRECT.IDENTITY

-- title: T-SQL sp_rename of a column by named arguments, bracketed, its type in any case
-- dialect: tsql
-- schema: {"sales.orders": {"id": "int", "amt": "money"}}
exec sp_rename @objname = N'[sales].[orders].[amt]', @newname = N'amount', @objtype = N'column';
insert into sales.totals select id, amount from sales.orders;
-- expect:
-- sales.orders.amt -> sales.orders.amount DIRECT.IDENTITY
-- sales.orders.id -> sales.totals.id DIRECT.IDENTITY
-- sales.orders.amount -> sales.totals.amount DIRECT.IDENTITY

-- title: T-SQL sp_rename of a column of a table created in the same file; an index rename moves nothing
-- dialect: tsql
-- schema: {"raw.s": {"a": "int", "b": "int"}}
create table dbo.x (a int, b int);
exec sp_rename 'dbo.x.a', 'a2', 'COLUMN';
exec sp_rename 'dbo.x.ix_a', 'ix_a2', 'INDEX';
insert into dbo.x select a, b from raw.s;
-- expect:
-- dbo.x.a -> dbo.x.a2 DIRECT.IDENTITY
-- raw.s.a -> dbo.x.a2 DIRECT.IDENTITY
-- raw.s.b -> dbo.x.b DIRECT.IDENTITY

-- title: CREATE TABLE IF NOT EXISTS of a table the catalog knows leaves its columns: a later star sees them all
-- dialect: postgres
-- schema: {"dw.x": {"a": "int", "b": "int"}}
create table if not exists dw.x (a int);
create view dw.v as select * from dw.x;
-- expect:
-- dw.x.a -> dw.v.a DIRECT.IDENTITY
-- dw.x.b -> dw.v.b DIRECT.IDENTITY

-- title: CREATE TABLE IF NOT EXISTS after a CREATE in the same script is a no-op; a plain CREATE after it rebuilds
-- dialect: postgres
-- schema: {"raw.s": {"a": "int", "b": "int"}}
create table dw.x (a int, b int);
create table if not exists dw.x (z int);
insert into dw.x select a, b from raw.s;
create table dw.y (a int);
create table dw.y (c int);
insert into dw.y select a from raw.s;
-- expect:
-- raw.s.a -> dw.x.a DIRECT.IDENTITY
-- raw.s.b -> dw.x.b DIRECT.IDENTITY
-- raw.s.a -> dw.y.c DIRECT.IDENTITY
