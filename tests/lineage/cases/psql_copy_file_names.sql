-- psql's `\copy` takes its file name unquoted (whitespace ends it): the line is the COPY it
-- spells, with the name quoted (`psql.py`; probe 35). stdin, stdout and PROGRAM stay as written.

-- title: psql \copy from an unquoted file name with options after it is the load it spells
-- dialect: postgres
-- schema: {"public.events": {"customer_id": "int", "event_type": "text"}}
\copy public.events(customer_id, event_type) FROM data/1.csv WITH (FORMAT CSV, HEADER TRUE)
INSERT INTO public.events_daily (customer_id, n) SELECT customer_id, count(*) FROM public.events GROUP BY customer_id;
-- expect:
-- public.events.customer_id -> public.events_daily.customer_id DIRECT.IDENTITY @2
-- public.events.customer_id -> public.events_daily.customer_id INDIRECT.GROUP_BY @2
-- public.events.customer_id -> public.events_daily.n INDIRECT.GROUP_BY @2

-- title: psql \copy of a query to an unquoted file name, and from a home-relative name ended by a semicolon
-- dialect: postgres
-- schema: {"app.users": {"id": "int", "email": "text", "active": "boolean"}, "app.users_stage": {"id": "int", "email": "text"}}
\copy (select id, email from app.users where active) to exports/users.csv with csv header
\copy app.users_stage (id, email) from ~/exports/users-2024.csv csv;
insert into app.users_copy (id, email) select id, email from app.users_stage;
-- expect:
-- app.users_stage.id -> app.users_copy.id DIRECT.IDENTITY @3
-- app.users_stage.email -> app.users_copy.email DIRECT.IDENTITY @3

-- title: psql \copy file names that are no sql tokens: a windows path, a double dash, a name at the end of its line
-- dialect: postgres
-- schema: {"app.t": {"a": "int"}}
\COPY app.t FROM C:\data\t.csv WITH (FORMAT csv)
\copy app.t from exports/t--old.csv with csv
  \copy app.t to /tmp/out.csv
insert into app.u (a) select a from app.t;
-- expect:
-- app.t.a -> app.u.a DIRECT.IDENTITY @4

-- title: psql \copy from stdin with its rows, to program and a quoted name stay as they are
-- dialect: postgres
-- schema: {"app.t": {"a": "int"}}
\copy app.t from stdin
1
2
\.
\copy app.t to program 'gzip > /tmp/t.csv.gz'
\copy app.t from 'it''s.csv' csv
insert into app.u (a) select a from app.t;
-- expect:
-- app.t.a -> app.u.a DIRECT.IDENTITY @7
