-- title: P29-3 Athena USING FUNCTION with its WITH (lambda_name = ...) on the next line is one read-only query, and the statement after it is read
-- dialect: athena
-- schema: {"sales.customer": {"c_name": "varchar"}, "s": {"a": "int"}}
USING FUNCTION redact(col1 VARCHAR) RETURNS VARCHAR TYPE LAMBDA_INVOKE
WITH (lambda_name = 'customudf')
SELECT c_name, redact(c_name) AS redact_name FROM sales.customer;
INSERT INTO t SELECT a FROM s;
-- expect:
-- s.a -> t.a DIRECT.IDENTITY @4
