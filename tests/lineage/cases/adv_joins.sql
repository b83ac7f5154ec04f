-- Adversarial cases: USING, FULL JOIN merged keys, NATURAL JOIN, self joins, aliases.

-- title: inner join using gives the left key
-- dialect: postgres
-- schema: {"raw.a": {"id": "int", "x": "int"}, "raw.b": {"id": "int", "y": "int"}}
create table mart.ab_inner as
select id, x, y from raw.a join raw.b using (id);
-- expect:
-- raw.a.id -> mart.ab_inner.id DIRECT.IDENTITY
-- raw.a.x -> mart.ab_inner.x DIRECT.IDENTITY
-- raw.b.y -> mart.ab_inner.y DIRECT.IDENTITY
-- raw.a.id -> mart.ab_inner.id INDIRECT.JOIN
-- raw.a.id -> mart.ab_inner.x INDIRECT.JOIN
-- raw.a.id -> mart.ab_inner.y INDIRECT.JOIN
-- raw.b.id -> mart.ab_inner.id INDIRECT.JOIN
-- raw.b.id -> mart.ab_inner.x INDIRECT.JOIN
-- raw.b.id -> mart.ab_inner.y INDIRECT.JOIN

-- title: full join using merges both keys
-- dialect: postgres
-- schema: {"raw.a": {"id": "int", "x": "int"}, "raw.b": {"id": "int", "y": "int"}}
create table mart.ab_full as
select id, x, y from raw.a full join raw.b using (id);
-- expect:
-- raw.a.id -> mart.ab_full.id DIRECT.IDENTITY
-- raw.b.id -> mart.ab_full.id DIRECT.IDENTITY
-- raw.a.x -> mart.ab_full.x DIRECT.IDENTITY
-- raw.b.y -> mart.ab_full.y DIRECT.IDENTITY
-- raw.a.id -> mart.ab_full.id INDIRECT.JOIN
-- raw.a.id -> mart.ab_full.x INDIRECT.JOIN
-- raw.a.id -> mart.ab_full.y INDIRECT.JOIN
-- raw.b.id -> mart.ab_full.id INDIRECT.JOIN
-- raw.b.id -> mart.ab_full.x INDIRECT.JOIN
-- raw.b.id -> mart.ab_full.y INDIRECT.JOIN

-- title: right join using gives the right key
-- dialect: postgres
-- schema: {"raw.a": {"id": "int", "x": "int"}, "raw.b": {"id": "int", "y": "int"}}
create table mart.ab_right as
select id, x from raw.a right join raw.b using (id);
-- expect:
-- raw.b.id -> mart.ab_right.id DIRECT.IDENTITY
-- raw.a.x -> mart.ab_right.x DIRECT.IDENTITY
-- raw.a.id -> mart.ab_right.id INDIRECT.JOIN
-- raw.a.id -> mart.ab_right.x INDIRECT.JOIN
-- raw.b.id -> mart.ab_right.id INDIRECT.JOIN
-- raw.b.id -> mart.ab_right.x INDIRECT.JOIN

-- title: natural join on the shared column
-- schema: {"raw.a": {"id": "int", "x": "int"}, "raw.c": {"id": "int", "z": "int"}}
create table mart.ac as
select id, x, z from raw.a natural join raw.c;
-- expect:
-- raw.a.id -> mart.ac.id DIRECT.IDENTITY
-- raw.a.x -> mart.ac.x DIRECT.IDENTITY
-- raw.c.z -> mart.ac.z DIRECT.IDENTITY
-- raw.a.id -> mart.ac.id INDIRECT.JOIN
-- raw.a.id -> mart.ac.x INDIRECT.JOIN
-- raw.a.id -> mart.ac.z INDIRECT.JOIN
-- raw.c.id -> mart.ac.id INDIRECT.JOIN
-- raw.c.id -> mart.ac.x INDIRECT.JOIN
-- raw.c.id -> mart.ac.z INDIRECT.JOIN

-- title: star over join using lists the key once
-- dialect: postgres
-- schema: {"raw.a": {"id": "int", "x": "int"}, "raw.b": {"id": "int", "y": "int"}}
create table mart.ab_star as
select * from raw.a join raw.b using (id);
-- expect:
-- raw.a.id -> mart.ab_star.id DIRECT.IDENTITY
-- raw.a.x -> mart.ab_star.x DIRECT.IDENTITY
-- raw.b.y -> mart.ab_star.y DIRECT.IDENTITY
-- raw.a.id -> mart.ab_star.id INDIRECT.JOIN
-- raw.a.id -> mart.ab_star.x INDIRECT.JOIN
-- raw.a.id -> mart.ab_star.y INDIRECT.JOIN
-- raw.b.id -> mart.ab_star.id INDIRECT.JOIN
-- raw.b.id -> mart.ab_star.x INDIRECT.JOIN
-- raw.b.id -> mart.ab_star.y INDIRECT.JOIN

-- title: self join with two aliases of one table
-- schema: {"raw.emp": {"id": "int", "name": "text", "manager_id": "int"}}
create table mart.emp_mgr as
select e.name as employee, m.name as manager
from raw.emp e
left join raw.emp m on e.manager_id = m.id;
-- expect:
-- raw.emp.name -> mart.emp_mgr.employee DIRECT.IDENTITY
-- raw.emp.name -> mart.emp_mgr.manager DIRECT.IDENTITY
-- raw.emp.manager_id -> mart.emp_mgr.employee INDIRECT.JOIN
-- raw.emp.manager_id -> mart.emp_mgr.manager INDIRECT.JOIN
-- raw.emp.id -> mart.emp_mgr.employee INDIRECT.JOIN
-- raw.emp.id -> mart.emp_mgr.manager INDIRECT.JOIN

-- title: comma join condition in where is a filter
-- dialect: mysql
-- schema: {"raw.users": {"id": "int", "email": "varchar"}, "raw.orders": {"user_id": "int", "amount": "decimal"}}
insert into mart.user_amounts (email, amount)
select u.email, o.amount from raw.users u, raw.orders o where o.user_id = u.id;
-- expect:
-- raw.users.email -> mart.user_amounts.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.user_amounts.amount DIRECT.IDENTITY
-- raw.orders.user_id -> mart.user_amounts.email INDIRECT.FILTER
-- raw.orders.user_id -> mart.user_amounts.amount INDIRECT.FILTER
-- raw.users.id -> mart.user_amounts.email INDIRECT.FILTER
-- raw.users.id -> mart.user_amounts.amount INDIRECT.FILTER

-- title: join condition with functions and a literal predicate
-- dialect: postgres
-- schema: {"raw.a": {"id": "int", "email": "text"}, "raw.b": {"email": "text", "active": "boolean", "score": "int"}}
create table mart.matched as
select a.id, b.score
from raw.a
join raw.b on lower(a.email) = lower(b.email) and b.active;
-- expect:
-- raw.a.id -> mart.matched.id DIRECT.IDENTITY
-- raw.b.score -> mart.matched.score DIRECT.IDENTITY
-- raw.a.email -> mart.matched.id INDIRECT.JOIN
-- raw.a.email -> mart.matched.score INDIRECT.JOIN
-- raw.b.email -> mart.matched.id INDIRECT.JOIN
-- raw.b.email -> mart.matched.score INDIRECT.JOIN
-- raw.b.active -> mart.matched.id INDIRECT.JOIN
-- raw.b.active -> mart.matched.score INDIRECT.JOIN

-- title: aliases that shadow other table names
-- schema: {"raw.users": {"id": "int", "email": "text"}, "raw.orders": {"user_id": "int", "amount": "numeric"}}
create table mart.confusing as
select orders.email, users.amount
from raw.users as orders
join raw.orders as users on users.user_id = orders.id;
-- expect:
-- raw.users.email -> mart.confusing.email DIRECT.IDENTITY
-- raw.orders.amount -> mart.confusing.amount DIRECT.IDENTITY
-- raw.orders.user_id -> mart.confusing.email INDIRECT.JOIN
-- raw.orders.user_id -> mart.confusing.amount INDIRECT.JOIN
-- raw.users.id -> mart.confusing.email INDIRECT.JOIN
-- raw.users.id -> mart.confusing.amount INDIRECT.JOIN

-- title: spark left semi join contributes only join edges
-- dialect: spark
-- schema: {"raw.a": {"id": "int", "x": "int"}, "raw.b": {"id": "int"}}
create table mart.a_in_b as
select a.id, a.x from raw.a left semi join raw.b on a.id = b.id;
-- expect:
-- raw.a.id -> mart.a_in_b.id DIRECT.IDENTITY
-- raw.a.x -> mart.a_in_b.x DIRECT.IDENTITY
-- raw.a.id -> mart.a_in_b.id INDIRECT.JOIN
-- raw.a.id -> mart.a_in_b.x INDIRECT.JOIN
-- raw.b.id -> mart.a_in_b.id INDIRECT.JOIN
-- raw.b.id -> mart.a_in_b.x INDIRECT.JOIN

-- title: join using two columns with qualified star
-- dialect: duckdb
-- schema: {"raw.a": {"k1": "int", "k2": "int", "x": "int"}, "raw.b": {"k1": "int", "k2": "int", "y": "int"}}
create table mart.ab2 as
select a.*, b.y from raw.a join raw.b using (k1, k2);
-- expect:
-- raw.a.k1 -> mart.ab2.k1 DIRECT.IDENTITY
-- raw.a.k2 -> mart.ab2.k2 DIRECT.IDENTITY
-- raw.a.x -> mart.ab2.x DIRECT.IDENTITY
-- raw.b.y -> mart.ab2.y DIRECT.IDENTITY
-- raw.a.k1 -> mart.ab2.k1 INDIRECT.JOIN
-- raw.a.k1 -> mart.ab2.k2 INDIRECT.JOIN
-- raw.a.k1 -> mart.ab2.x INDIRECT.JOIN
-- raw.a.k1 -> mart.ab2.y INDIRECT.JOIN
-- raw.a.k2 -> mart.ab2.k1 INDIRECT.JOIN
-- raw.a.k2 -> mart.ab2.k2 INDIRECT.JOIN
-- raw.a.k2 -> mart.ab2.x INDIRECT.JOIN
-- raw.a.k2 -> mart.ab2.y INDIRECT.JOIN
-- raw.b.k1 -> mart.ab2.k1 INDIRECT.JOIN
-- raw.b.k1 -> mart.ab2.k2 INDIRECT.JOIN
-- raw.b.k1 -> mart.ab2.x INDIRECT.JOIN
-- raw.b.k1 -> mart.ab2.y INDIRECT.JOIN
-- raw.b.k2 -> mart.ab2.k1 INDIRECT.JOIN
-- raw.b.k2 -> mart.ab2.k2 INDIRECT.JOIN
-- raw.b.k2 -> mart.ab2.x INDIRECT.JOIN
-- raw.b.k2 -> mart.ab2.y INDIRECT.JOIN
