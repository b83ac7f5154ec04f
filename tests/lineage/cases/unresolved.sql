-- title: a column no source has is unresolved and keeps table-level lineage
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.t as select u.id, foo from raw.users u join raw.orders o on o.user_id = u.id
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.orders.user_id -> mart.t.id INDIRECT.JOIN
-- raw.orders.user_id -> mart.t.foo INDIRECT.JOIN
-- raw.users.id -> mart.t.id INDIRECT.JOIN
-- raw.users.id -> mart.t.foo INDIRECT.JOIN
-- expect-diagnostics: unresolved-column mart.t.foo

-- title: an unqualified column of two unknown tables is ambiguous
-- dialect: postgres
create table mart.t as select a.k, v from raw.a a join raw.b b on a.k = b.k
-- expect:
-- raw.a.k -> mart.t.k DIRECT.IDENTITY
-- raw.a.v -> mart.t.v DIRECT.IDENTITY (ambiguous)
-- raw.b.v -> mart.t.v DIRECT.IDENTITY (ambiguous)
-- raw.a.k -> mart.t.k INDIRECT.JOIN
-- raw.a.k -> mart.t.v INDIRECT.JOIN
-- raw.b.k -> mart.t.k INDIRECT.JOIN
-- raw.b.k -> mart.t.v INDIRECT.JOIN
-- expect-diagnostics: ambiguous-column mart.t.v

-- title: star over an unknown table
-- dialect: postgres
create table mart.t as select * from raw.unknown
-- expect:
-- raw.unknown.* -> mart.t.* DIRECT.IDENTITY (unresolved)
-- expect-diagnostics: unresolved-star raw.unknown

-- title: star over a known and an unknown table
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.t as select u.*, x.* from raw.users u join raw.unk x on x.uid = u.id
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.unk.* -> mart.t.* DIRECT.IDENTITY (unresolved)
-- raw.unk.uid -> mart.t.id INDIRECT.JOIN
-- raw.unk.uid -> mart.t.email INDIRECT.JOIN
-- raw.unk.uid -> mart.t.* INDIRECT.JOIN
-- raw.users.id -> mart.t.id INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.* INDIRECT.JOIN
-- expect-diagnostics: unresolved-star raw.unk

-- title: a column through an unexpanded star comes from its only source
-- dialect: postgres
create table mart.t as with c as (select * from raw.unk) select k from c
-- expect:
-- raw.unk.k -> mart.t.k DIRECT.IDENTITY

-- title: unknown table alias
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.t as select u.id, z.email from raw.users u
-- expect:
-- raw.users.id -> mart.t.id DIRECT.IDENTITY
-- expect-diagnostics: unresolved-column mart.t.email

-- title: a known table's column wins over an unknown table
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}}
create table mart.t as select email from raw.users u join raw.unk x on x.uid = u.id
-- expect:
-- raw.users.email -> mart.t.email DIRECT.IDENTITY
-- raw.unk.uid -> mart.t.email INDIRECT.JOIN
-- raw.users.id -> mart.t.email INDIRECT.JOIN
