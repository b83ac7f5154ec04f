-- Probe 9: T-SQL MERGE ... OUTPUT $action (a constant per row, no source).

-- title: P9-G9 (C11) tsql procedure TRY/CATCH with table variable and MERGE OUTPUT
-- dialect: tsql
-- schema: {"stg.c": {"id": "int", "n": "varchar"}, "dbo.c": {"id": "int", "n": "varchar"}}
create procedure dbo.load_c as
begin
  set nocount on;
  declare @chg table (act nvarchar(10), id int);
  begin try
    merge dbo.c as t using stg.c as s on t.id = s.id
    when matched then update set t.n = s.n
    when not matched then insert (id, n) values (s.id, s.n)
    output $action, inserted.id into @chg (act, id);
    insert into dbo.audit (act, id) select act, id from @chg;
  end try
  begin catch
    throw;
  end catch
end
-- expect-includes:
-- stg.c.n -> dbo.c.n DIRECT.IDENTITY
-- stg.c.id -> dbo.c.id DIRECT.IDENTITY
-- dbo.c.id -> dbo.audit.id DIRECT.IDENTITY

-- title: P9-G9 (F18) tsql MERGE OUTPUT $action into audit table (no table var)
-- dialect: tsql
-- schema: {"stg.c": {"id": "int", "n": "varchar"}, "dbo.c": {"id": "int", "n": "varchar"}}
merge dbo.c as t using stg.c as s on t.id = s.id when matched then update set t.n = s.n when not matched then insert (id, n) values (s.id, s.n) output $action, inserted.id, deleted.n into dbo.audit (act, id, old_n);
-- expect-includes:
-- stg.c.n -> dbo.c.n DIRECT.IDENTITY
-- dbo.c.id -> dbo.audit.id DIRECT.IDENTITY
-- dbo.c.n -> dbo.audit.old_n DIRECT.IDENTITY

-- title: P9-G9 tsql $action inside an expression of the OUTPUT is a constant too, no diagnostic
-- dialect: tsql
-- schema: {"stg.c": {"id": "int", "n": "varchar"}, "dbo.c": {"id": "int", "n": "varchar"}}
merge dbo.c as t using stg.c as s on t.id = s.id when matched then update set t.n = s.n output lower($action), inserted.id into dbo.audit (act, id);
-- expect:
-- dbo.c.id -> dbo.audit.id DIRECT.IDENTITY
-- stg.c.n -> dbo.c.n DIRECT.IDENTITY
-- dbo.c.id -> dbo.c.n INDIRECT.JOIN
-- stg.c.id -> dbo.c.n INDIRECT.JOIN
