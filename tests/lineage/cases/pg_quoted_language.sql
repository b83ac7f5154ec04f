-- Postgres routines whose language is a quoted name (`LANGUAGE 'plpgsql'`, `"sql"`: Postgres
-- takes a string or an identifier) with options sqlglot cannot parse (`COST 100`, `PARALLEL
-- UNSAFE`), so the CREATE is kept as a command: the body is read all the same (probe 35).

-- title: pgadmin 4 create script: a quoted plpgsql language, cost and parallel options before the body
-- dialect: postgres
-- schema: {"public.users": {"id": "int", "email": "text"}}
CREATE OR REPLACE FUNCTION public.refresh_export()
    RETURNS void
    LANGUAGE 'plpgsql'
    COST 100
    VOLATILE PARALLEL UNSAFE
AS $BODY$
BEGIN
    INSERT INTO public.export_users (id, email) SELECT id, email FROM public.users;
END;
$BODY$;
-- expect:
-- public.users.id -> public.export_users.id DIRECT.IDENTITY @8
-- public.users.email -> public.export_users.email DIRECT.IDENTITY @8

-- title: pgadmin 3 create script: the quoted language and cost after the body, a parameter in the where
-- dialect: postgres
-- schema: {"app.orders": {"id": "int", "amount": "numeric", "created_at": "date"}}
CREATE OR REPLACE FUNCTION app.load_orders(p_since date)
  RETURNS void AS
$BODY$
BEGIN
  INSERT INTO dw.orders (id, amount)
  SELECT id, amount FROM app.orders WHERE created_at >= p_since;
END;
$BODY$
  LANGUAGE 'plpgsql' VOLATILE
  COST 100;
-- expect:
-- app.orders.id -> dw.orders.id DIRECT.IDENTITY @6
-- app.orders.amount -> dw.orders.amount DIRECT.IDENTITY @6
-- app.orders.created_at -> dw.orders.id INDIRECT.FILTER @6
-- app.orders.created_at -> dw.orders.amount INDIRECT.FILTER @6

-- title: a double-quoted language after a parameter named language: the routine's language is the top-level one
-- dialect: postgres
-- schema: {"app.rows": {"id": "int"}}
create function app.tag_rows(language text) returns void language "plpgsql" parallel unsafe as $$
begin
  insert into app.tagged (id, lang) select id, language from app.rows;
end $$;
-- expect:
-- app.rows.id -> app.tagged.id DIRECT.IDENTITY @3

-- title: a quoted sql language with parallel unsafe: the sql function's insert is read
-- dialect: postgres
-- schema: {"app.docs": {"data": "jsonb"}}
CREATE FUNCTION app.archive_docs(jsonb) RETURNS void LANGUAGE 'sql' PARALLEL UNSAFE
    AS $$ INSERT INTO app.archive (doc) SELECT data FROM app.docs $$;
-- expect:
-- app.docs.data -> app.archive.doc DIRECT.IDENTITY @2

-- title: kingfisher-style table function with a quoted sql language and parallel safe: a query, no table written, nothing to warn of
-- dialect: postgres
CREATE FUNCTION public.keys (jsonb) RETURNS TABLE (k text) LANGUAGE 'sql' PARALLEL SAFE
    AS $$ SELECT key FROM jsonb_each($1) $$;
-- expect:

-- title: a quoted language that is not sql in a do block: the body is not read as sql, and it says so
-- dialect: postgres
DO LANGUAGE 'plpython3u' $$
plpy.execute('insert into a select 1')
$$;
-- expect:
-- expect-diagnostics: unsupported-statement
