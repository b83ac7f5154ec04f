-- T-SQL OUTPUT ... INTO: the rows a statement changed, written to a log table too.

-- title: merge output into a log with a column list
-- dialect: tsql
-- schema: {"mart.t": {"id": "int", "x": "int"}, "raw.s": {"id": "int", "x": "int"}, "mart.log": {"id": "int", "x": "int"}}
merge mart.t as t using raw.s as s on t.id = s.id
when matched then update set x = s.x
output inserted.id, s.x into mart.log (id, x);
-- expect:
-- raw.s.x -> mart.t.x DIRECT.IDENTITY
-- mart.t.id -> mart.t.x INDIRECT.JOIN
-- raw.s.id -> mart.t.x INDIRECT.JOIN
-- mart.t.id -> mart.log.id DIRECT.IDENTITY
-- raw.s.x -> mart.log.x DIRECT.IDENTITY

-- title: update output of the old and new values into a bracketed log table
-- dialect: tsql
-- schema: {"dbo.prices": {"sku": "int", "price": "money"}, "dbo.price_log": {"sku": "int", "old_price": "money", "new_price": "money"}}
update dbo.prices set price = price * 1.1
output inserted.sku, deleted.price, inserted.price into [dbo].[price_log] (sku, old_price, new_price)
where sku > 100;
-- expect:
-- dbo.prices.price -> dbo.prices.price DIRECT.TRANSFORMATION
-- dbo.prices.sku -> dbo.prices.price INDIRECT.FILTER
-- dbo.prices.sku -> dbo.price_log.sku DIRECT.IDENTITY
-- dbo.prices.price -> dbo.price_log.old_price DIRECT.IDENTITY
-- dbo.prices.price -> dbo.price_log.new_price DIRECT.IDENTITY

-- title: insert output into a log before its select, no column list (the log's columns in order)
-- dialect: tsql
-- schema: {"mart.t": {"id": "int", "x": "int"}, "raw.s": {"id": "int", "x": "int"}, "mart.log": {"id": "int"}}
insert into mart.t (id, x)
output inserted.id into mart.log
select id, x from raw.s;
-- expect:
-- raw.s.id -> mart.t.id DIRECT.IDENTITY
-- raw.s.x -> mart.t.x DIRECT.IDENTITY
-- mart.t.id -> mart.log.id DIRECT.IDENTITY

-- title: output into a table variable that a later statement reads
-- dialect: tsql
-- schema: {"mart.t": {"id": "int", "x": "int"}, "mart.changed": {"id": "int"}}
declare @ids table (id int);
update mart.t set x = 0 output inserted.id into @ids;
insert into mart.changed (id) select id from @ids;
-- expect:
-- mart.t.id -> mart.changed.id DIRECT.IDENTITY

-- title: a script without semicolons: an output with no INTO does not take a later select's INTO
-- dialect: tsql
-- schema: {"mart.t": {"id": "int", "x": "int"}, "raw.s": {"id": "int"}}
update mart.t set x = 1 output inserted.id where id = 2
select id into mart.copy from raw.s
-- expect:
-- mart.t.id -> mart.t.x INDIRECT.FILTER
-- raw.s.id -> mart.copy.id DIRECT.IDENTITY
