-- title: snowflake masking and row access policies, and attaching them, move no data: no diagnostic, the INSERT after them analysed
-- dialect: snowflake
-- schema: {"s.users": {"email": "varchar", "region": "varchar"}}
CREATE OR REPLACE MASKING POLICY s.email_mask AS (val string) RETURNS string ->
  CASE WHEN current_role() IN ('SYSADMIN') THEN val ELSE '*****' END;
CREATE OR REPLACE ROW ACCESS POLICY s.eu_only AS (region varchar) RETURNS BOOLEAN ->
  region = 'EU';
CREATE ROW ACCESS POLICY IF NOT EXISTS s.us_only AS (region varchar) RETURNS BOOLEAN -> region = 'US';
CREATE AGGREGATION POLICY s.agg AS () RETURNS AGGREGATION_CONSTRAINT -> AGGREGATION_CONSTRAINT(MIN_GROUP_SIZE => 5);
CREATE PROJECTION POLICY s.proj AS () RETURNS PROJECTION_CONSTRAINT -> PROJECTION_CONSTRAINT(ALLOW => false);
CREATE NETWORK POLICY np ALLOWED_IP_LIST = ('10.0.0.1');
CREATE PASSWORD POLICY s.pw PASSWORD_MIN_LENGTH = 12;
CREATE SESSION POLICY s.sp SESSION_IDLE_TIMEOUT_MINS = 30;
CREATE AUTHENTICATION POLICY s.ap MFA_ENROLLMENT = REQUIRED;
ALTER TABLE s.users MODIFY COLUMN email SET MASKING POLICY s.email_mask;
ALTER TABLE s.users ADD ROW ACCESS POLICY s.eu_only ON (region);
INSERT INTO s.out (email) SELECT email FROM s.users;
-- expect:
-- s.users.email -> s.out.email DIRECT.IDENTITY @14

-- title: postgres CREATE POLICY (row-level security) moves no data
-- dialect: postgres
-- schema: {"s.t": {"a": "int"}}
ALTER TABLE s.t ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_only ON s.t FOR SELECT TO analyst USING (a = 1);
INSERT INTO s.out (a) SELECT a FROM s.t;
-- expect:
-- s.t.a -> s.out.a DIRECT.IDENTITY @3

-- title: bigquery CREATE ROW ACCESS POLICY moves no data
-- dialect: bigquery
-- schema: {"ds.t": {"region": "string"}}
CREATE OR REPLACE ROW ACCESS POLICY eu ON ds.t GRANT TO ('group:eu@example.com') FILTER USING (region = 'EU');
INSERT INTO ds.out (region) SELECT region FROM ds.t;
-- expect:
-- ds.t.region -> ds.out.region DIRECT.IDENTITY @2

-- title: redshift masking and RLS policies, ATTACH / DETACH, move no data
-- dialect: redshift
-- schema: {"s.t": {"a": "varchar"}}
CREATE MASKING POLICY mask_a WITH (a varchar(20)) USING ('***');
CREATE RLS POLICY pos WITH (a varchar(20)) USING (a <> '');
ATTACH MASKING POLICY mask_a ON s.t(a) TO ROLE analyst;
ATTACH RLS POLICY pos ON s.t TO ROLE analyst;
DETACH MASKING POLICY mask_a ON s.t(a) FROM ROLE analyst;
INSERT INTO s.out (a) SELECT a FROM s.t;
-- expect:
-- s.t.a -> s.out.a DIRECT.IDENTITY @6

-- title: t-sql CREATE SECURITY POLICY moves no data
-- dialect: tsql
-- schema: {"dbo.t": {"c": "int"}}
CREATE SECURITY POLICY dbo.sp ADD FILTER PREDICATE dbo.f(c) ON dbo.t WITH (STATE = ON);
INSERT INTO dbo.out (c) SELECT c FROM dbo.t;
-- expect:
-- dbo.t.c -> dbo.out.c DIRECT.IDENTITY @2

-- title: a table named policy is still written (only a policy's own words make a policy)
-- dialect: snowflake
-- schema: {"s.t": {"a": "int"}}
CREATE TABLE s.policy AS SELECT a FROM s.t;
CREATE TABLE policy AS SELECT a FROM s.t;
-- expect:
-- s.t.a -> s.policy.a DIRECT.IDENTITY @1
-- s.t.a -> policy.a DIRECT.IDENTITY @2

-- title: t-sql CREATE SECURITY POLICY with no semicolon ends where the next statement starts on its line
-- dialect: tsql
-- schema: {"dbo.t": {"c": "int"}}
CREATE SECURITY POLICY dbo.sp
  ADD FILTER PREDICATE dbo.f(c) ON dbo.t
  WITH (STATE = ON)
INSERT INTO dbo.out (c) SELECT c FROM dbo.t
GO
-- expect:
-- dbo.t.c -> dbo.out.c DIRECT.IDENTITY @4

-- title: a snowflake masking policy whose body queries a mapping table is one statement (its subquery is no statement of its own)
-- dialect: snowflake
-- schema: {"s.t": {"a": "int"}}
CREATE MASKING POLICY s.m AS (v string) RETURNS string ->
  CASE WHEN EXISTS (
    SELECT 1 FROM sec.roles WHERE r = current_role()) THEN v ELSE '*' END;
INSERT INTO s.out (a) SELECT a FROM s.t;
-- expect:
-- s.t.a -> s.out.a DIRECT.IDENTITY @4
