-- title: P9-G2 (B4) delta table_changes
-- dialect: databricks
-- schema: {"dw.t": {"id": "int", "a": "int"}}
insert into mart.cdc select id, a, _change_type from table_changes('dw.t', 2) where _change_type != 'update_preimage'
-- expect-includes:
-- dw.t.id -> mart.cdc.id DIRECT.IDENTITY
-- dw.t.a -> mart.cdc.a DIRECT.IDENTITY

-- title: P9-G2 (B23) databricks table_changes by name and read_change_feed option
-- dialect: databricks
-- schema: {"dw.t": {"id": "int", "a": "int"}}
create or replace table mart.c as select * from table_changes('dw.t', '2024-01-01')
-- expect-includes:
-- dw.t.id -> mart.c.id DIRECT.IDENTITY
-- dw.t.a -> mart.c.a DIRECT.IDENTITY

-- title: P9-G2 (E6) databricks table_changes with alias and filter
-- dialect: databricks
-- schema: {"dw.orders": {"id": "int", "amt": "int"}}
merge into dw.o_silver t using (select * from table_changes('dw.orders', 5) where _change_type in ('insert', 'update_postimage')) s on t.id = s.id when matched then update set * when not matched then insert *
-- expect-includes:
-- dw.orders.amt -> dw.o_silver.amt DIRECT.IDENTITY

-- title: P9-G3 (B18) tsql CDC get_all_changes function
-- dialect: tsql
-- schema: {"dbo.orders": {"id": "int", "amt": "int"}}
insert into stg.ord_changes (id, amt, op) select id, amt, __$operation from cdc.fn_cdc_get_all_changes_dbo_orders(@from_lsn, @to_lsn, N'all')
-- expect-includes:
-- dbo.orders.id -> stg.ord_changes.id DIRECT.IDENTITY

-- title: P9-G3 (F16) tsql CDC net changes with join to lsn mapping
-- dialect: tsql
-- schema: {"dbo.orders": {"id": "int", "amt": "int"}}
insert into stg.o (id, amt) select c.id, c.amt from cdc.fn_cdc_get_net_changes_dbo_orders(@f, @t, N'all') c where c.__$operation in (2, 4)
-- expect-includes:
-- dbo.orders.id -> stg.o.id DIRECT.IDENTITY

-- title: P9-G5 (C8) plpgsql function RETURN QUERY and PERFORM
-- dialect: postgres
-- schema: {"raw.o": {"id": "int", "amt": "int"}}
create or replace function dw.refresh() returns setof raw.o language plpgsql as $$
begin
  perform pg_advisory_lock(1);
  insert into dw.o (id, amt) select id, amt from raw.o on conflict (id) do update set amt = excluded.amt;
  return query select * from raw.o;
end;
$$
-- expect-includes:
-- raw.o.id -> dw.o.id DIRECT.IDENTITY
-- raw.o.amt -> dw.o.amt DIRECT.IDENTITY

-- title: P9-G5 (F20) postgres plpgsql FOR r IN EXECUTE loop and RETURN NEXT
-- dialect: postgres
-- schema: {"raw.o": {"id": "int", "amt": "int"}}
create or replace function dw.f2() returns setof int language plpgsql as $$
declare r record;
begin
  for r in execute 'select id from raw.o' loop
    return next r.id;
  end loop;
  insert into dw.o3 (id, amt) select id, amt from raw.o;
end $$;
-- expect-includes:
-- raw.o.id -> dw.o3.id DIRECT.IDENTITY
-- raw.o.amt -> dw.o3.amt DIRECT.IDENTITY

-- title: P9-G5 a function header sqlglot cannot parse: every parameter is a value, a type with parentheses too
-- dialect: postgres
-- schema: {"raw.o": {"id": "int", "amt": "numeric", "region": "text"}}
create or replace function dw.load(p_min numeric(10, 2), p_region text) returns setof raw.o language plpgsql as $$
begin
  insert into dw.o4 (id, amt) select id, amt from raw.o where amt >= p_min and region = p_region;
  return query select * from raw.o;
end;
$$
-- expect:
-- raw.o.id -> dw.o4.id DIRECT.IDENTITY
-- raw.o.amt -> dw.o4.amt DIRECT.IDENTITY
-- raw.o.amt -> dw.o4.id INDIRECT.FILTER
-- raw.o.amt -> dw.o4.amt INDIRECT.FILTER
-- raw.o.region -> dw.o4.id INDIRECT.FILTER
-- raw.o.region -> dw.o4.amt INDIRECT.FILTER

-- title: P9-G6 (B3) delta @v version suffix
-- dialect: databricks
-- schema: {"dw.t": {"id": "int", "a": "int"}}
create or replace table mart.snap as select id, a from dw.t@v3
-- expect:
-- dw.t.id -> mart.snap.id DIRECT.IDENTITY
-- dw.t.a -> mart.snap.a DIRECT.IDENTITY

-- title: P9-G7 (B5) iceberg spark FOR SYSTEM_TIME AS OF / VERSION AS OF
-- dialect: spark
-- schema: {"cat.db.t": {"id": "int", "a": "int"}}
insert overwrite table mart.s select id, a from cat.db.t for system_version as of 1234
-- expect:
-- cat.db.t.id -> mart.s.id DIRECT.IDENTITY
-- cat.db.t.a -> mart.s.a DIRECT.IDENTITY

-- title: P9-G8 (B13) bigquery APPENDS table function
-- dialect: bigquery
-- schema: {"p.d.t": {"id": "int64", "a": "int64"}}
insert into p.d.s (id, a) select id, a from appends(table p.d.t, null, null)
-- expect:
-- p.d.t.id -> p.d.s.id DIRECT.IDENTITY
-- p.d.t.a -> p.d.s.a DIRECT.IDENTITY

-- title: P9-G8 (B14) bigquery CHANGES table function
-- dialect: bigquery
-- schema: {"p.d.t": {"id": "int64", "a": "int64"}}
insert into p.d.s (id, a) select id, a from changes(table `p.d.t`, timestamp_sub(current_timestamp(), interval 1 day), null) where _change_type = 'INSERT'
-- expect-includes:
-- p.d.t.id -> p.d.s.id DIRECT.IDENTITY
-- p.d.t.a -> p.d.s.a DIRECT.IDENTITY

-- title: P9-G11 (C10) plpgsql function with DECLARE and SELECT INTO STRICT then INSERT
-- dialect: postgres
-- schema: {"raw.o": {"id": "int", "amt": "int"}}
create function dw.f(p int) returns void as $body$
declare v int;
begin
  select max(amt) into strict v from raw.o;
  insert into dw.top (id, amt) select id, amt from raw.o where amt = v;
end;
$body$ language plpgsql;
-- expect-includes:
-- raw.o.id -> dw.top.id DIRECT.IDENTITY
-- raw.o.amt -> dw.top.amt DIRECT.IDENTITY

-- title: P9-G11 (F22) redshift procedure with INOUT and cursor refcursor
-- dialect: redshift
-- schema: {"raw.o": {"id": "int", "amt": "int"}}
create or replace procedure dw.sp2(inout n int) language plpgsql as $$
begin
  insert into dw.o5 (id, amt) select id, amt from raw.o;
  select into n count(*) from dw.o5;
end;
$$;
-- expect-includes:
-- raw.o.id -> dw.o5.id DIRECT.IDENTITY
-- raw.o.amt -> dw.o5.amt DIRECT.IDENTITY

-- title: P9-G3 tsql CDC function of a capture instance naming no known table
-- dialect: tsql
-- schema: {}
insert into stg.o (id) select id from cdc.fn_cdc_get_all_changes_dbo_orders(@f, @t, N'all')
-- expect:
-- expect-diagnostics: unknown-table

-- title: P9-G6 delta timestamp suffix
-- dialect: databricks
-- schema: {"dw.t": {"id": "int", "a": "int"}}
insert into mart.snap select id from dw.t@20240101000000000
-- expect:
-- dw.t.id -> mart.snap.id DIRECT.IDENTITY
