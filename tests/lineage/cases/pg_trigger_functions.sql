-- Postgres trigger functions (`RETURNS trigger`): the body is in a function, the table whose
-- rows it reads (NEW, OLD, REFERENCING transition tables) in the CREATE TRIGGER that runs it,
-- before or after the function in the file (`pg_triggers.py`).

-- title: postgres audit trigger function, then its trigger: new.c in a values row reads the trigger's table
-- dialect: postgres
-- schema: {"app.orders": {"id": "int", "email": "text", "total": "numeric"}}
create function audit_orders() returns trigger as $$
begin
  insert into audit.orders_log (order_id, email, changed_at) values (NEW.id, NEW.email, now());
  return NEW;
end;
$$ language plpgsql;
create trigger trg_orders after insert on app.orders for each row execute function audit_orders();
-- expect:
-- app.orders.id -> audit.orders_log.order_id DIRECT.IDENTITY @3
-- app.orders.email -> audit.orders_log.email DIRECT.IDENTITY @3

-- title: postgres trigger before its function: a before trigger's assignment to new.c writes the table, old.c in an if branch
-- dialect: postgres
-- schema: {"app.users": {"id": "int", "email": "text", "email_hash": "text"}}
create trigger trg_hash before insert or update of email on app.users for each row execute procedure app.hash_email();
CREATE OR REPLACE FUNCTION app.hash_email() RETURNS TRIGGER LANGUAGE plpgsql AS $body$
BEGIN
  NEW.email_hash := md5(NEW.email);
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO audit.user_changes (user_id, old_email, new_email) VALUES (OLD.id, OLD.email, NEW.email);
  END IF;
  RETURN NEW;
END;
$body$;
-- expect:
-- app.users.email -> app.users.email_hash DIRECT.TRANSFORMATION [md5] @4
-- app.users.id -> audit.user_changes.user_id DIRECT.IDENTITY @6
-- app.users.email -> audit.user_changes.old_email DIRECT.IDENTITY @6
-- app.users.email -> audit.user_changes.new_email DIRECT.IDENTITY @6

-- title: postgres history trigger: a whole old row in values with a literal, a whole new row as (new).*
-- dialect: postgres
-- schema: {"app.users": {"id": "int", "email": "text"}, "hist.users": {"id": "int", "email": "text", "op": "text"}, "hist.users_new": {"id": "int", "email": "text", "seen_at": "timestamp"}}
create function users_history() returns trigger as $$
begin
  insert into hist.users values (OLD.*, 'D');
  insert into hist.users_new select (NEW).*, now();
  return OLD;
end $$ language plpgsql;
create trigger trg_hist after update or delete on app.users for each row execute function users_history();
-- expect:
-- app.users.id -> hist.users.id DIRECT.IDENTITY @3
-- app.users.email -> hist.users.email DIRECT.IDENTITY @3
-- app.users.id -> hist.users_new.id DIRECT.IDENTITY @4
-- app.users.email -> hist.users_new.email DIRECT.IDENTITY @4

-- title: postgres statement-level trigger: its referencing new table is the trigger's table
-- dialect: postgres
-- schema: {"app.payments": {"id": "int", "card": "text", "amount": "numeric"}}
create function batch_audit() returns trigger as $$
begin
  insert into audit.payment_batches (payment_id, amount) select p.id, p.amount from inserted_rows p where p.amount > 1000;
  return null;
end $$ language plpgsql;
create trigger trg_batch after insert on app.payments referencing new table as inserted_rows for each statement execute function batch_audit();
-- expect:
-- app.payments.id -> audit.payment_batches.payment_id DIRECT.IDENTITY @3
-- app.payments.amount -> audit.payment_batches.amount DIRECT.IDENTITY @3
-- app.payments.amount -> audit.payment_batches.payment_id INDIRECT.FILTER @3
-- app.payments.amount -> audit.payment_batches.amount INDIRECT.FILTER @3

-- title: postgres one trigger function run by triggers on two tables: its rows are either table's
-- dialect: postgres
-- schema: {"app.customers": {"id": "int", "email": "text"}, "app.suppliers": {"id": "int", "email": "text"}}
create function log_email() returns trigger as $$
begin
  insert into audit.emails (id, email) values (NEW.id, NEW.email);
  return NEW;
end $$ language plpgsql;
create trigger t1 after insert on app.customers for each row execute function log_email();
create trigger t2 after insert on app.suppliers for each row execute function public.log_email();
-- expect:
-- app.customers.id -> audit.emails.id DIRECT.IDENTITY @3
-- app.customers.email -> audit.emails.email DIRECT.IDENTITY @3
-- app.suppliers.id -> audit.emails.id DIRECT.IDENTITY @3
-- app.suppliers.email -> audit.emails.email DIRECT.IDENTITY @3

-- title: postgres trigger function with no trigger in the file: its rows' table is unknown, and said so
-- dialect: postgres
-- schema: {}
create function orphan_audit() returns trigger as $$
begin
  insert into audit.x (id) values (NEW.id);
  return NEW;
end $$ language plpgsql;
-- expect:
-- expect-diagnostics: unknown-table
