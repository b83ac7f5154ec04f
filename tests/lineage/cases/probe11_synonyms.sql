-- title: P11-6: tsql CREATE SYNONYM is a view over all of its object's columns
-- dialect: tsql
-- schema: {"stg.customers": {"id": "int", "email": "varchar"}}
CREATE SYNONYM dbo.cust FOR stg.customers
INSERT INTO export.synonym_feed (id, email) SELECT id, email FROM dbo.cust
-- expect:
-- stg.customers.id -> dbo.cust.id DIRECT.IDENTITY
-- stg.customers.email -> dbo.cust.email DIRECT.IDENTITY
-- dbo.cust.id -> export.synonym_feed.id DIRECT.IDENTITY
-- dbo.cust.email -> export.synonym_feed.email DIRECT.IDENTITY

-- title: P11-6: oracle CREATE OR REPLACE PUBLIC SYNONYM, read through an alias
-- dialect: oracle
-- schema: {"stg.customers": {"id": "number", "email": "varchar2"}}
create or replace public synonym cust for stg.customers;
insert into export.feed select c.email from cust c where c.id > 0;
-- expect:
-- stg.customers.id -> cust.id DIRECT.IDENTITY
-- stg.customers.email -> cust.email DIRECT.IDENTITY
-- cust.email -> export.feed.email DIRECT.IDENTITY
-- cust.id -> export.feed.email INDIRECT.FILTER
