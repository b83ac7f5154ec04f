-- title: a view calling a scalar sql function of the file reads what its body reads (probe 35)
-- dialect: postgres
-- schema: {"public.person": {"id": "int", "national_id": "text"}}
create function public.ident_of(p_id integer) returns text language sql stable as $$
    select national_id from public.person where id = p_id;
$$;
create view public.published_people as
select p.id, public.ident_of(p.id) as ident from public.person p;
-- expect:
-- public.person.national_id -> public.ident_of.ident_of() DIRECT.IDENTITY
-- public.person.id -> public.ident_of.ident_of() INDIRECT.FILTER
-- public.person.id -> public.published_people.id DIRECT.IDENTITY
-- public.ident_of.ident_of() -> public.published_people.ident DIRECT.TRANSFORMATION [ident_of]
-- public.person.id -> public.published_people.ident DIRECT.TRANSFORMATION [ident_of]

-- title: a sql-standard return body, called in a where, filters by what the body reads
-- dialect: postgres
-- schema: {"public.person": {"id": "int", "national_id": "text"}, "public.orders": {"id": "int", "person_id": "int"}}
create function ident_of(p_id integer) returns text language sql
return (select national_id from public.person where id = p_id);
create table public.known_orders as
select o.id from public.orders o where ident_of(o.person_id) is not null;
-- expect:
-- public.person.national_id -> ident_of.ident_of() DIRECT.IDENTITY
-- public.person.id -> ident_of.ident_of() INDIRECT.FILTER
-- public.orders.id -> public.known_orders.id DIRECT.IDENTITY
-- ident_of.ident_of() -> public.known_orders.id INDIRECT.FILTER
-- public.orders.person_id -> public.known_orders.id INDIRECT.FILTER

-- title: a string body with positional parameters, the call nested in another function
-- dialect: postgres
-- schema: {"public.person": {"id": "int", "national_id": "text"}, "public.orders": {"id": "int", "person_id": "int"}}
create function ident_of(integer) returns text as 'select national_id from public.person where id = $1' language sql;
create table public.order_idents as
select upper(ident_of(o.person_id)) as ident from public.orders o;
-- expect:
-- public.person.national_id -> ident_of.ident_of() DIRECT.IDENTITY
-- public.person.id -> ident_of.ident_of() INDIRECT.FILTER
-- ident_of.ident_of() -> public.order_idents.ident DIRECT.TRANSFORMATION [ident_of, upper]
-- public.orders.person_id -> public.order_idents.ident DIRECT.TRANSFORMATION [ident_of, upper]

-- title: a scalar sql function whose body reads no table stays a function of its arguments
-- dialect: postgres
-- schema: {"public.person": {"id": "int", "national_id": "text"}}
create function mask(t text) returns text language sql immutable as $$ select left(t, 2) || '***' $$;
create table public.masked as select mask(p.national_id) as nid from public.person p;
-- expect:
-- public.person.national_id -> public.masked.nid DIRECT.TRANSFORMATION [mask]

-- title: a scalar function another file defines is read through the run's schema; a table of its name is not
-- dialect: postgres
-- schema: {"public.person": {"id": "int"}, "public.ident_of": {"ident_of()": "text"}, "public.label": {"a": "text", "b": "int"}}
create table public.o as
select public.ident_of(p.id) as ident, public.label(p.id) as lbl from public.person p;
-- expect:
-- public.ident_of.ident_of() -> public.o.ident DIRECT.TRANSFORMATION [ident_of]
-- public.person.id -> public.o.ident DIRECT.TRANSFORMATION [ident_of]
-- public.person.id -> public.o.lbl DIRECT.TRANSFORMATION [label]

-- title: a one-column table named after its one column is no scalar function's view (snowflake): its name called stays a function
-- dialect: snowflake
-- schema: {"db.s.fx_rate": {"fx_rate": "float"}, "db.s.t": {"amt": "float", "cur": "text"}}
create table db.s.o as select db.s.fx_rate(cur) * amt as x from db.s.t;
-- expect:
-- db.s.t.cur -> db.s.o.x DIRECT.TRANSFORMATION [fx_rate]
-- db.s.t.amt -> db.s.o.x DIRECT.TRANSFORMATION

-- title: a scalar function named after the table it reads is no view: the table stays the table
-- dialect: postgres
-- schema: {"public.status": {"id": "int", "status": "text"}, "public.orders": {"id": "int", "sid": "int"}}
create function public.status(p int) returns text language sql as $$ select status from public.status where id = p $$;
create table public.o as select o.id, s.id as sid2, public.status(o.sid) as st from public.orders o join public.status s on s.id = o.sid;
-- expect:
-- public.orders.id -> public.o.id DIRECT.IDENTITY
-- public.status.id -> public.o.sid2 DIRECT.IDENTITY
-- public.orders.sid -> public.o.st DIRECT.TRANSFORMATION [status]
-- public.orders.sid -> public.o.id INDIRECT.JOIN
-- public.status.id -> public.o.id INDIRECT.JOIN
-- public.orders.sid -> public.o.sid2 INDIRECT.JOIN
-- public.status.id -> public.o.sid2 INDIRECT.JOIN
-- public.orders.sid -> public.o.st INDIRECT.JOIN
-- public.status.id -> public.o.st INDIRECT.JOIN

-- title: tsql a table function called with two qualifiers (CROSS APPLY db.dbo.f(x)) finds its function
-- dialect: tsql
-- schema: {"dw.dbo.t": {"a": "int"}, "dw.dbo.f": {"v": "int"}}
insert into dw.dbo.o (a) select f.v from dw.dbo.t s cross apply dw.dbo.f(s.a) f;
-- expect:
-- dw.dbo.f.v -> dw.dbo.o.a DIRECT.IDENTITY
