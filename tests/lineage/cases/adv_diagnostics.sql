-- Adversarial cases: what cannot be resolved is reported, never guessed by name, never a crash.

-- title: column missing from a known schema is unresolved
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.bad as select id, nope from raw.users;
-- expect:
-- raw.users.id -> mart.bad.id DIRECT.IDENTITY
-- expect-diagnostics:
-- unresolved-column nope

-- title: column not projected by a cte is not guessed from its base table
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.cte_miss as
with c as (select id from raw.users)
select id, email from c;
-- expect:
-- raw.users.id -> mart.cte_miss.id DIRECT.IDENTITY
-- expect-diagnostics:
-- unresolved-column email

-- title: star from a table with no schema is reported
create table mart.unknown_star as select * from raw.mystery;
-- expect:
-- raw.mystery.* -> mart.unknown_star.* DIRECT.IDENTITY (unresolved)
-- expect-diagnostics:
-- unresolved-star raw.mystery

-- title: unparseable statement does not crash
select from where (;
-- expect:
-- expect-diagnostics:
-- parse-error

-- title: one bad statement does not hide the good one
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.good as select id, email from raw.users;
select from where (;
-- expect-includes:
-- raw.users.id -> mart.good.id DIRECT.IDENTITY
-- raw.users.email -> mart.good.email DIRECT.IDENTITY
-- expect-diagnostics:
-- parse-error

-- title: unqualified column of two unknown tables is ambiguous
create table mart.amb as
select a.id, x from raw.a join raw.b on a.id = b.id;
-- expect-includes:
-- raw.a.id -> mart.amb.id DIRECT.IDENTITY
-- raw.a.id -> mart.amb.x INDIRECT.JOIN
-- raw.b.id -> mart.amb.x INDIRECT.JOIN
-- expect-diagnostics:
-- ambiguous-column x
