-- Adversarial cases: lateral column aliases, shadowing, quoting and case, multi-part names.

-- title: snowflake lateral column alias chain
-- dialect: snowflake
-- schema: {"raw.orders": {"id": "number", "amount": "number"}}
create table mart.gross as
select id, amount * 1.2 as gross, round(gross) as gross_r
from raw.orders;
-- expect:
-- raw.orders.id -> mart.gross.id DIRECT.IDENTITY
-- raw.orders.amount -> mart.gross.gross DIRECT.TRANSFORMATION
-- raw.orders.amount -> mart.gross.gross_r DIRECT.TRANSFORMATION [round]

-- title: duckdb lateral column alias
-- dialect: duckdb
-- schema: {"raw.users": {"id": "int", "email": "varchar"}}
create table mart.email_len as
select lower(email) as e, length(e) as len
from raw.users;
-- expect:
-- raw.users.email -> mart.email_len.e DIRECT.TRANSFORMATION [lower]
-- raw.users.email -> mart.email_len.len DIRECT.TRANSFORMATION [lower, length]

-- title: spark alias that shadows a real column reads the column
-- dialect: spark
-- schema: {"raw.orders": {"amount": "double", "tax": "double"}}
create table mart.tax_calc as
select amount * 0.2 as tax, tax + 1 as tax_plus
from raw.orders;
-- expect:
-- raw.orders.amount -> mart.tax_calc.tax DIRECT.TRANSFORMATION
-- raw.orders.tax -> mart.tax_calc.tax_plus DIRECT.TRANSFORMATION

-- title: postgres quoted mixed case identifiers
-- dialect: postgres
-- schema: {"raw.Users": {"Id": "int", "Email": "text"}}
create table mart.quoted as
select "U"."Id", "U"."Email" as "Mail"
from raw."Users" as "U";
-- expect:
-- raw.users.id -> mart.quoted.id DIRECT.IDENTITY
-- raw.users.email -> mart.quoted.mail DIRECT.IDENTITY

-- title: snowflake unquoted upper case resolves case-insensitively
-- dialect: snowflake
-- schema: {"raw.users": {"id": "number", "email": "varchar"}}
CREATE TABLE MART.UPPER_USERS AS
SELECT ID, EMAIL FROM RAW.USERS;
-- expect:
-- raw.users.id -> mart.upper_users.id DIRECT.IDENTITY
-- raw.users.email -> mart.upper_users.email DIRECT.IDENTITY

-- title: snowflake quoted table and column
-- dialect: snowflake
-- schema: {"raw.Users": {"Email": "varchar"}}
create table mart.sf_quoted as
select "Email" from raw."Users";
-- expect:
-- raw.users.email -> mart.sf_quoted.email DIRECT.IDENTITY

-- title: tsql bracketed three-part names
-- dialect: tsql
-- schema: {"crm.dbo.users": {"id": "int", "email": "varchar"}}
insert into [mart].[dbo].[contacts] ([mail])
select [u].[Email] from [crm].[dbo].[Users] as [u];
-- expect:
-- crm.dbo.users.email -> mart.dbo.contacts.mail DIRECT.IDENTITY

-- title: bigquery backticked project dataset table
-- dialect: bigquery
-- schema: {"proj.raw.users": {"id": "INT64", "email": "STRING"}}
create table `proj.mart.users_bq` as
select id, email from `proj.raw.users`;
-- expect:
-- proj.raw.users.id -> proj.mart.users_bq.id DIRECT.IDENTITY
-- proj.raw.users.email -> proj.mart.users_bq.email DIRECT.IDENTITY

-- title: column qualified by table name and by schema and table
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.qualified as
select users.id, raw.users.email from raw.users;
-- expect:
-- raw.users.id -> mart.qualified.id DIRECT.IDENTITY
-- raw.users.email -> mart.qualified.email DIRECT.IDENTITY

-- title: where clause sees the column, not the select alias
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "name": "text", "nick": "text"}}
create table mart.nicks as
select id, upper(nick) as name
from raw.users
where name = 'bob';
-- expect:
-- raw.users.id -> mart.nicks.id DIRECT.IDENTITY
-- raw.users.nick -> mart.nicks.name DIRECT.TRANSFORMATION [upper]
-- raw.users.name -> mart.nicks.id INDIRECT.FILTER
-- raw.users.name -> mart.nicks.name INDIRECT.FILTER

-- title: order by a select alias resolves to its expression
-- schema: {"raw.users": {"name": "text", "email": "text"}}
insert into mart.sorted (n, email)
select upper(name) as n, email from raw.users order by n;
-- expect:
-- raw.users.name -> mart.sorted.n DIRECT.TRANSFORMATION [upper]
-- raw.users.email -> mart.sorted.email DIRECT.IDENTITY
-- raw.users.name -> mart.sorted.n INDIRECT.SORT
-- raw.users.name -> mart.sorted.email INDIRECT.SORT

-- title: generic mixed case unquoted names
-- schema: {"raw.users": {"id": "int", "email": "text"}}
CREATE TABLE Mart.Mixed AS SELECT Id, EMail FROM RAW.Users;
-- expect:
-- raw.users.id -> mart.mixed.id DIRECT.IDENTITY
-- raw.users.email -> mart.mixed.email DIRECT.IDENTITY
