-- title: P27-1 a Databricks notebook's cells need no semicolon: a CREATE TABLE cell and a SELECT cell after it are two statements, not a CTAS
-- dialect: databricks
-- schema: {"bronze.customers_raw": {"id": "int", "email": "string"}}
-- Databricks notebook source
CREATE TABLE IF NOT EXISTS silver.customers (id INT, segment STRING) USING DELTA

-- COMMAND ----------

SELECT id, email FROM bronze.customers_raw LIMIT 10
-- expect:

-- title: a Databricks markdown cell (-- MAGIC lines) between two SQL cells is a comment
-- dialect: databricks
-- schema: {"bronze.customers_raw": {"id": "int", "email": "string"}}
CREATE TABLE IF NOT EXISTS silver.contacts (id INT, email STRING) USING DELTA

-- COMMAND ----------

-- MAGIC %md
-- MAGIC ## Load

-- COMMAND ----------

INSERT INTO silver.contacts SELECT id, email FROM bronze.customers_raw
-- expect:
-- bronze.customers_raw.id -> silver.contacts.id DIRECT.IDENTITY @10
-- bronze.customers_raw.email -> silver.contacts.email DIRECT.IDENTITY @10

-- title: P27-1 a SELECT cell before a DESCRIBE cell, and a TEMP VIEW cell before the MERGE cell reading it
-- dialect: databricks
-- schema: {"raw.students": {"email": "string", "profile": "string"}, "bronze.updates": {"email": "string", "profile": "string"}, "silver.students": {"email": "string", "profile": "string"}}
SELECT email, profile FROM raw.students

-- COMMAND ----------

DESCRIBE raw.students

-- COMMAND ----------

CREATE OR REPLACE TEMP VIEW upd AS SELECT email, upper(profile) AS profile FROM bronze.updates

-- COMMAND ----------

MERGE INTO silver.students s USING upd u ON s.email = u.email
WHEN MATCHED THEN UPDATE SET profile = u.profile
-- expect:
-- bronze.updates.profile -> silver.students.profile DIRECT.TRANSFORMATION [upper] @14
-- bronze.updates.email -> silver.students.profile INDIRECT.JOIN @13
-- silver.students.email -> silver.students.profile INDIRECT.JOIN @13

-- title: a Fabric notebook's cell breaks end statements too (a CREATE TABLE cell, then a SELECT cell); a comment that only mentions COMMAND does not
-- dialect: spark
-- schema: {"raw.src": {"id": "int", "amt": "int"}}
-- Fabric notebook source

-- METADATA ********************

-- META {"language": "sparksql"}

-- CELL ********************

CREATE TABLE dw.a (id INT) USING DELTA

-- CELL ********************

-- COMMAND is what runs a cell
SELECT id FROM raw.src
-- expect:

-- title: a Zeppelin paragraph's statement ends at the next interpreter line, semicolon or not
-- dialect: spark
-- schema: {"raw.src": {"id": "int", "amt": "int"}}
%sql
CREATE TABLE dw.t (id INT, amt INT) USING DELTA

%sql
SELECT id, amt FROM raw.src
-- expect:
