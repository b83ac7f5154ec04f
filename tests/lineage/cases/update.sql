-- title: postgres UPDATE FROM
-- dialect: postgres
-- schema: {"raw.users": {"id": "int", "email": "text"}, "mart.users": {"id": "int", "email": "text", "updated_at": "timestamp"}}
update mart.users u set email = s.email, updated_at = now() from raw.users s where s.id = u.id
-- expect:
-- raw.users.email -> mart.users.email DIRECT.IDENTITY
-- raw.users.id -> mart.users.email INDIRECT.FILTER
-- raw.users.id -> mart.users.updated_at INDIRECT.FILTER
-- mart.users.id -> mart.users.email INDIRECT.FILTER
-- mart.users.id -> mart.users.updated_at INDIRECT.FILTER

-- title: update keeps the old value as a source
-- dialect: postgres
-- schema: {"mart.accounts": {"id": "int", "balance": "numeric"}}
update mart.accounts set balance = balance + 10 where id = 5
-- expect:
-- mart.accounts.balance -> mart.accounts.balance DIRECT.TRANSFORMATION
-- mart.accounts.id -> mart.accounts.balance INDIRECT.FILTER

-- title: update with a correlated scalar subquery
-- dialect: postgres
-- schema: {"raw.orders": {"user_id": "int", "amount": "numeric"}, "mart.users": {"id": "int", "total": "numeric"}}
update mart.users u set total = (select sum(o.amount) from raw.orders o where o.user_id = u.id)
-- expect:
-- raw.orders.amount -> mart.users.total DIRECT.AGGREGATION [sum]
-- raw.orders.user_id -> mart.users.total INDIRECT.FILTER
-- mart.users.id -> mart.users.total INDIRECT.FILTER

-- title: row assignment from a subquery
-- dialect: postgres
-- schema: {"raw.s": {"id": "int", "x": "int", "y": "text"}, "mart.t": {"id": "int", "a": "int", "b": "text"}}
update mart.t set (a, b) = (select x, upper(y) from raw.s where s.id = t.id)
-- expect:
-- raw.s.x -> mart.t.a DIRECT.IDENTITY
-- raw.s.y -> mart.t.b DIRECT.TRANSFORMATION [upper]
-- raw.s.id -> mart.t.a INDIRECT.FILTER
-- raw.s.id -> mart.t.b INDIRECT.FILTER
-- mart.t.id -> mart.t.a INDIRECT.FILTER
-- mart.t.id -> mart.t.b INDIRECT.FILTER

-- title: mysql UPDATE JOIN
-- dialect: mysql
-- schema: {"raw.users": {"id": "int", "email": "varchar"}, "mart.users": {"id": "int", "email": "varchar"}}
update mart.users u join raw.users s on u.id = s.id set u.email = s.email
-- expect:
-- raw.users.email -> mart.users.email DIRECT.IDENTITY
-- mart.users.id -> mart.users.email INDIRECT.JOIN
-- raw.users.id -> mart.users.email INDIRECT.JOIN

-- title: tsql UPDATE of a FROM alias
-- dialect: tsql
-- schema: {"raw.users": {"id": "int", "email": "nvarchar"}, "mart.users": {"id": "int", "email": "nvarchar"}}
update u set u.email = s.email from mart.users u join raw.users s on u.id = s.id
-- expect:
-- raw.users.email -> mart.users.email DIRECT.IDENTITY
-- mart.users.id -> mart.users.email INDIRECT.JOIN
-- raw.users.id -> mart.users.email INDIRECT.JOIN

-- title: SET a = DEFAULT writes a constant
-- dialect: postgres
-- schema: {"mart.x": {"id": "int", "v": "int", "w": "int"}}
update mart.x set v = default, w = w + 1 where id = 1
-- expect:
-- mart.x.w -> mart.x.w DIRECT.TRANSFORMATION
-- mart.x.id -> mart.x.v INDIRECT.FILTER
-- mart.x.id -> mart.x.w INDIRECT.FILTER

-- title: oracle UPDATE of an inline join view writes the table whose column SET names, its value read through the view
-- dialect: oracle
-- schema: {"dw.t": {"id": "int", "a": "int"}, "stg.s": {"id": "int", "b": "int", "k": "int"}}
update (select t.a, s.b as bb from dw.t t join stg.s s on t.id = s.id where s.k = 1) v set v.a = v.bb where v.a is null
-- expect:
-- stg.s.b -> dw.t.a DIRECT.IDENTITY
-- dw.t.a -> dw.t.a INDIRECT.FILTER
-- dw.t.id -> dw.t.a INDIRECT.JOIN
-- stg.s.id -> dw.t.a INDIRECT.JOIN
-- stg.s.k -> dw.t.a INDIRECT.FILTER

-- title: oracle UPDATE of an unaliased inline view: a star's column, and a bare one placed by the known columns
-- dialect: oracle
-- schema: {"dw.t": {"id": "int", "a": "int", "c": "int"}, "stg.s": {"id": "int", "b": "int", "k": "int"}}
update (select t.*, b from dw.t t, stg.s s where t.id = s.id) set a = b + 1, c = 0
-- expect:
-- stg.s.b -> dw.t.a DIRECT.TRANSFORMATION
-- dw.t.id -> dw.t.a INDIRECT.FILTER
-- stg.s.id -> dw.t.a INDIRECT.FILTER
-- dw.t.id -> dw.t.c INDIRECT.FILTER
-- stg.s.id -> dw.t.c INDIRECT.FILTER

-- title: oracle an inline join view's column that only a table of unknown columns can hold is that table's (a derived table known to lack it beside it)
-- dialect: oracle
-- schema: {}
UPDATE (SELECT x, y FROM a JOIN (SELECT id, y FROM c) b ON a.id = b.id) v SET x = y;
-- expect:
-- c.y -> a.x DIRECT.IDENTITY
-- a.id -> a.x INDIRECT.JOIN
-- c.id -> a.x INDIRECT.JOIN
