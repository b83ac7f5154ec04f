-- title: guard (the read itself: test_lineage_api): snowflake procedure: res := (SELECT ...) into a RESULTSET: only the assignment goes, the query a read (test_lineage_api), the body's statements where they were
-- dialect: snowflake
-- schema: {"s.emp": {"ename": "varchar", "job": "varchar"}, "s.t": {"id": "int"}}
create or replace procedure s.p() returns table(name varchar) language sql as
$$
declare
  res resultset;
begin
  res := (select e.ename as name from s.emp e);
  insert into s.out (id) select id from s.t;
  return table(res);
end;
$$;
-- expect:
-- s.t.id -> s.out.id DIRECT.IDENTITY @7

-- title: guard (the read itself: test_lineage_api): snowflake procedure: a DECLAREd cursor's query (c1 CURSOR FOR SELECT ...) is kept as a read, the declaration goes, the body's statements where they were
-- dialect: snowflake
-- schema: {"s.dept": {"deptno": "int", "dname": "varchar"}, "s.t": {"id": "int"}}
create or replace procedure s.q() returns table(dname varchar) language sql as
$$
declare
  c1 cursor for select d.dname from s.dept d;
begin
  open c1;
  insert into s.out (id) select id from s.t;
  return table(resultset_from_cursor(c1));
end;
$$;
-- expect:
-- s.t.id -> s.out.id DIRECT.IDENTITY @7

-- title: guard (the read itself: test_lineage_api): snowflake anonymous block: DECLARE res RESULTSET DEFAULT (WITH ... SELECT ...), LET r RESULTSET := (...), LET c CURSOR FOR SELECT; a cursor over a result set reads nothing
-- dialect: snowflake
-- schema: {"s.a": {"x": "int"}, "s.b": {"y": "int"}, "s.c": {"z": "int"}, "s.t": {"id": "int"}}
declare
  res resultset default (with w as (select a.x from s.a a) select w.x from w);
begin
  let r resultset := (select b.y from s.b b);
  let c cursor for select k.z from s.c k;
  let c2 cursor for r;
  insert into s.out (id) select id from s.t;
end;
-- expect:
-- s.t.id -> s.out.id DIRECT.IDENTITY @7

-- title: guard (the read itself: test_lineage_api): snowflake FOR over a cursor: the cursor's query is read once, the loop's body is analysed as before
-- dialect: snowflake
-- schema: {"s.emp": {"ename": "varchar", "deptno": "int"}, "s.dept": {"deptno": "int", "dname": "varchar"}}
execute immediate $$
declare
  c1 cursor for select ename from s.emp;
begin
  for r in c1 do
    insert into s.out (dname) select dname from s.dept where deptno = r.deptno;
  end for;
end;
$$;
-- expect:
-- s.dept.dname -> s.out.dname DIRECT.IDENTITY @6
-- s.dept.deptno -> s.out.dname INDIRECT.FILTER @6

-- title: guard (the read itself: test_lineage_api): bigquery FOR x IN (SELECT ...) DO: its query is kept as a read ended where DO was, the body after it a statement of its own on its line
-- dialect: bigquery
-- schema: {"ds.s": {"id": "int64"}, "ds.t": {"v": "int64"}}
FOR r IN (SELECT id FROM ds.s) DO
  INSERT INTO ds.out (v) SELECT v FROM ds.t;
END FOR;
-- expect:
-- ds.t.v -> ds.out.v DIRECT.IDENTITY @2

-- title: guard (the read itself: test_lineage_api): postgres plpgsql: FOR r IN SELECT ... LOOP and OPEN c FOR SELECT keep their queries (ended where LOOP was), a scalar v := (SELECT ...) too; FOR i IN 1..3 is no query
-- dialect: postgres
-- schema: {"s.a": {"x": "int"}, "s.b": {"y": "int"}, "s.c": {"z": "int"}, "s.t": {"id": "int"}}
create function s.f() returns void language plpgsql as $$
declare
  c refcursor;
  n int;
begin
  for r in select a.x from s.a a loop
    insert into s.out (id) select id from s.t;
  end loop;
  for i in 1..3 loop
    n := (select max(k.z) from s.c k);
  end loop;
  open c for select b.y from s.b b;
end $$;
-- expect:
-- s.t.id -> s.out.id DIRECT.IDENTITY @7
