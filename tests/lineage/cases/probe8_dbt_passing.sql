-- Cases from the eighth probe that pass: dbt / SQLMesh / Dataform executed-SQL shapes (written from
-- memory of the adapters' macros; see tests/lineage/known_gaps.md, "Found by an eighth probe").

-- title: probe8 A2 dbt-postgres table: query-log form with the renames and backup drop
-- dialect: postgres
-- schema: {"analytics.raw.orders": {"id": "int", "customer_id": "int", "amount": "numeric"}}
BEGIN;
create  table "analytics"."dbt_prod"."customers__dbt_tmp"
    as
  (
    select customer_id, sum(amount) as revenue from "analytics"."raw"."orders" group by 1
  );
alter table "analytics"."dbt_prod"."customers" rename to "customers__dbt_backup";
alter table "analytics"."dbt_prod"."customers__dbt_tmp" rename to "customers";
COMMIT;
drop table if exists "analytics"."dbt_prod"."customers__dbt_backup" cascade;
-- expect-includes:
-- analytics.raw.orders.customer_id -> analytics.dbt_prod.customers.customer_id DIRECT.IDENTITY
-- analytics.raw.orders.customer_id -> analytics.dbt_prod.customers.customer_id INDIRECT.GROUP_BY
-- analytics.raw.orders.amount -> analytics.dbt_prod.customers.revenue DIRECT.AGGREGATION [sum]
-- analytics.raw.orders.customer_id -> analytics.dbt_prod.customers.revenue INDIRECT.GROUP_BY
-- expect-diagnostics:

-- title: probe8 A3 dbt-redshift table with dist/sort keys and backup no
-- dialect: redshift
-- schema: {"dev.raw.events": {"event_id": "bigint", "user_id": "bigint", "created_at": "timestamp"}}
create  table
    "dev"."analytics"."events__dbt_tmp"
    backup no
    diststyle key distkey (user_id)
    compound sortkey(created_at)
  as (
    select event_id, user_id, created_at::date as event_date from "dev"."raw"."events"
  );
-- expect:
-- dev.raw.events.event_id -> dev.analytics.events__dbt_tmp.event_id DIRECT.IDENTITY
-- dev.raw.events.user_id -> dev.analytics.events__dbt_tmp.user_id DIRECT.IDENTITY
-- dev.raw.events.created_at -> dev.analytics.events__dbt_tmp.event_date DIRECT.TRANSFORMATION [cast]

-- title: probe8 A5 dbt-snowflake transient table with copy grants
-- dialect: snowflake
-- schema: {"raw.shop.orders": {"id": "number", "customer_id": "number", "amount": "number"}}
/* {"app": "dbt", "dbt_version": "1.8.3", "node_id": "model.shop.orders"} */
create or replace transient table analytics.dbt.orders
         copy grants
         as
        (select id, customer_id, amount * 100 as amount_cents
from raw.shop.orders
        );
-- expect:
-- raw.shop.orders.id -> analytics.dbt.orders.id DIRECT.IDENTITY
-- raw.shop.orders.customer_id -> analytics.dbt.orders.customer_id DIRECT.IDENTITY
-- raw.shop.orders.amount -> analytics.dbt.orders.amount_cents DIRECT.TRANSFORMATION

-- title: probe8 A6 dbt-snowflake table with cluster_by (order by wrapper, then alter cluster by)
-- dialect: snowflake
-- schema: {"raw.shop.orders": {"id": "number", "customer_id": "number", "ordered_at": "timestamp_ntz"}}
create or replace transient table analytics.dbt.orders
         as
        (
select * from(
            select id, customer_id, ordered_at from raw.shop.orders
        ) order by (ordered_at, customer_id)
        );
alter table analytics.dbt.orders cluster by (ordered_at, customer_id);
alter table analytics.dbt.orders resume recluster;
-- expect:
-- raw.shop.orders.id -> analytics.dbt.orders.id DIRECT.IDENTITY
-- raw.shop.orders.customer_id -> analytics.dbt.orders.customer_id DIRECT.IDENTITY
-- raw.shop.orders.ordered_at -> analytics.dbt.orders.ordered_at DIRECT.IDENTITY
-- raw.shop.orders.ordered_at -> analytics.dbt.orders.id INDIRECT.SORT
-- raw.shop.orders.ordered_at -> analytics.dbt.orders.customer_id INDIRECT.SORT
-- raw.shop.orders.ordered_at -> analytics.dbt.orders.ordered_at INDIRECT.SORT
-- raw.shop.orders.customer_id -> analytics.dbt.orders.id INDIRECT.SORT
-- raw.shop.orders.customer_id -> analytics.dbt.orders.customer_id INDIRECT.SORT
-- raw.shop.orders.customer_id -> analytics.dbt.orders.ordered_at INDIRECT.SORT

-- title: probe8 A7 dbt-snowflake contract-enforced table: column list + model_subq, names from the list
-- dialect: snowflake
-- schema: {"raw.shop.customers": {"id": "number", "full_name": "varchar"}}
create or replace transient table analytics.dbt.dim_customers (
    customer_id NUMBER(38,0) not null primary key,
    customer_name VARCHAR
  )
         as
        (
    select customer_id, customer_name
    from (
        select id as customer_id, full_name as customer_name from raw.shop.customers
    ) as model_subq
        );
-- expect:
-- raw.shop.customers.id -> analytics.dbt.dim_customers.customer_id DIRECT.IDENTITY
-- raw.shop.customers.full_name -> analytics.dbt.dim_customers.customer_name DIRECT.IDENTITY

-- title: probe8 A9 dbt-bigquery table with partition_by, cluster_by, OPTIONS
-- dialect: bigquery
-- schema: {"proj.raw.events": {"event_id": "string", "user_id": "string", "created_at": "timestamp", "props": "string"}}
create or replace table `proj`.`analytics`.`events`
      
    partition by timestamp_trunc(created_at, day)
    cluster by user_id
    OPTIONS(
      description="""Events, one row per event""",
    
      labels=[('team', 'data')]
    )
    as (
      select event_id, user_id, created_at, json_value(props, '$.page') as page
from `proj`.`raw`.`events`
    );
-- expect:
-- proj.raw.events.event_id -> proj.analytics.events.event_id DIRECT.IDENTITY
-- proj.raw.events.user_id -> proj.analytics.events.user_id DIRECT.IDENTITY
-- proj.raw.events.created_at -> proj.analytics.events.created_at DIRECT.IDENTITY
-- proj.raw.events.props -> proj.analytics.events.page DIRECT.TRANSFORMATION [json_extract_scalar]

-- title: probe8 A11 dbt-databricks table: using delta, partitioned by, tblproperties, comment
-- dialect: databricks
-- schema: {"main.raw.events": {"event_id": "string", "user_id": "string", "ds": "date"}}
create or replace table `main`.`silver`.`events`
      
    using delta
    partitioned by (ds)
    comment 'silver events'
    tblproperties ('delta.autoOptimize.optimizeWrite' = 'true')
    as
      select event_id, lower(user_id) as user_id, ds from `main`.`raw`.`events`;
-- expect:
-- main.raw.events.event_id -> main.silver.events.event_id DIRECT.IDENTITY
-- main.raw.events.user_id -> main.silver.events.user_id DIRECT.TRANSFORMATION [lower]
-- main.raw.events.ds -> main.silver.events.ds DIRECT.IDENTITY

-- title: probe8 A13 dbt-spark parquet table with partition and location
-- dialect: spark
-- schema: {"raw.events": {"event_id": "string", "ds": "string"}}
create table analytics.events_p
    using parquet
    partitioned by (ds)
    location '/mnt/dl/analytics/events_p'
    as
      select event_id, ds from raw.events;
-- expect:
-- raw.events.event_id -> analytics.events_p.event_id DIRECT.IDENTITY
-- raw.events.ds -> analytics.events_p.ds DIRECT.IDENTITY

-- title: probe8 A17 dbt-snowflake view with column-level comments (persist_docs columns)
-- dialect: snowflake
-- schema: {"raw.shop.customers": {"id": "number", "email": "varchar"}}
create or replace view analytics.dbt.v_customers2 (
    "ID" COMMENT $$The id$$,
    "EMAIL" COMMENT $$PII$$
  )
  copy grants
  as (
    select id, email from raw.shop.customers
  );
-- expect:
-- raw.shop.customers.id -> analytics.dbt.v_customers2.id DIRECT.IDENTITY
-- raw.shop.customers.email -> analytics.dbt.v_customers2.email DIRECT.IDENTITY

-- title: probe8 A18 dbt-snowflake dynamic table
-- dialect: snowflake
-- schema: {"raw.shop.orders": {"id": "number", "amount": "number"}}
create dynamic table analytics.dbt.dt_orders
        target_lag = '1 hour'
        warehouse = transforming
        refresh_mode = AUTO
        initialize = ON_CREATE
        as (
            select id, amount from raw.shop.orders
        );
-- expect:
-- raw.shop.orders.id -> analytics.dbt.dt_orders.id DIRECT.IDENTITY
-- raw.shop.orders.amount -> analytics.dbt.dt_orders.amount DIRECT.IDENTITY

-- title: probe8 B2 dbt-postgres delete+insert with a composite unique_key (delete ... using)
-- dialect: postgres
-- schema: {"db.raw.events": {"id": "int", "ds": "date", "v": "int"}, "db.dbt.daily": {"id": "int", "ds": "date", "v": "int"}}
create temporary table "daily__dbt_tmp143000" as (
    select id, ds, sum(v) as v from "db"."raw"."events" group by 1, 2
  );
delete from "db"."dbt"."daily"
    using "daily__dbt_tmp143000"
    where (
                "daily__dbt_tmp143000".id = "db"."dbt"."daily".id
                and 
                "daily__dbt_tmp143000".ds = "db"."dbt"."daily".ds
    );
insert into "db"."dbt"."daily" ("id", "ds", "v")
    (
        select "id", "ds", "v"
        from "daily__dbt_tmp143000"
    );
-- expect:
-- db.raw.events.id -> db.dbt.daily.id DIRECT.IDENTITY
-- db.raw.events.ds -> db.dbt.daily.ds DIRECT.IDENTITY
-- db.raw.events.v -> db.dbt.daily.v DIRECT.AGGREGATION [sum]
-- db.raw.events.id -> db.dbt.daily.id INDIRECT.GROUP_BY
-- db.raw.events.id -> db.dbt.daily.ds INDIRECT.GROUP_BY
-- db.raw.events.id -> db.dbt.daily.v INDIRECT.GROUP_BY
-- db.raw.events.ds -> db.dbt.daily.id INDIRECT.GROUP_BY
-- db.raw.events.ds -> db.dbt.daily.ds INDIRECT.GROUP_BY
-- db.raw.events.ds -> db.dbt.daily.v INDIRECT.GROUP_BY

-- title: probe8 B3 dbt-snowflake delete+insert: temp table, delete where (k) in (select (k)), insert
-- dialect: snowflake
-- schema: {"raw.shop.orders": {"id": "number", "status": "varchar"}, "analytics.dbt.orders": {"id": "number", "status": "varchar"}}
create or replace temporary table analytics.dbt.orders__dbt_tmp
         as
        (select id, upper(status) as status from raw.shop.orders
        );
begin;
delete from analytics.dbt.orders
            where (
                id) in (
                select (id)
                from analytics.dbt.orders__dbt_tmp
            );
    insert into analytics.dbt.orders ("ID", "STATUS")
    (
        select "ID", "STATUS"
        from analytics.dbt.orders__dbt_tmp
    );
commit;
-- expect:
-- raw.shop.orders.id -> analytics.dbt.orders.id DIRECT.IDENTITY
-- raw.shop.orders.status -> analytics.dbt.orders.status DIRECT.TRANSFORMATION [upper]

-- title: probe8 B4 dbt-snowflake merge from a temporary VIEW with incremental_predicates
-- dialect: snowflake
-- schema: {"raw.shop.orders": {"id": "number", "status": "varchar", "updated_at": "timestamp_ntz"}, "analytics.dbt.orders": {"id": "number", "status": "varchar", "updated_at": "timestamp_ntz"}}
create or replace  temporary view analytics.dbt.orders__dbt_tmp
  
   as (
    select id, status, updated_at from raw.shop.orders
  );
merge into analytics.dbt.orders as DBT_INTERNAL_DEST
        using analytics.dbt.orders__dbt_tmp as DBT_INTERNAL_SOURCE
        on (
                DBT_INTERNAL_DEST.updated_at > dateadd(day, -7, current_date)
            ) and (
                DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id
            )

    
    when matched then update set
        "ID" = DBT_INTERNAL_SOURCE."ID","STATUS" = DBT_INTERNAL_SOURCE."STATUS","UPDATED_AT" = DBT_INTERNAL_SOURCE."UPDATED_AT"
    

    when not matched then insert
        ("ID", "STATUS", "UPDATED_AT")
    values
        ("ID", "STATUS", "UPDATED_AT")

;
-- expect:
-- raw.shop.orders.id -> analytics.dbt.orders.id DIRECT.IDENTITY
-- raw.shop.orders.status -> analytics.dbt.orders.status DIRECT.IDENTITY
-- raw.shop.orders.updated_at -> analytics.dbt.orders.updated_at DIRECT.IDENTITY
-- raw.shop.orders.id -> analytics.dbt.orders.id INDIRECT.JOIN
-- raw.shop.orders.id -> analytics.dbt.orders.status INDIRECT.JOIN
-- raw.shop.orders.id -> analytics.dbt.orders.updated_at INDIRECT.JOIN
-- analytics.dbt.orders.id -> analytics.dbt.orders.id INDIRECT.JOIN
-- analytics.dbt.orders.id -> analytics.dbt.orders.status INDIRECT.JOIN
-- analytics.dbt.orders.id -> analytics.dbt.orders.updated_at INDIRECT.JOIN
-- analytics.dbt.orders.updated_at -> analytics.dbt.orders.id INDIRECT.JOIN
-- analytics.dbt.orders.updated_at -> analytics.dbt.orders.status INDIRECT.JOIN
-- analytics.dbt.orders.updated_at -> analytics.dbt.orders.updated_at INDIRECT.JOIN

-- title: probe8 B6 dbt-bigquery merge with the model inline as the USING subquery, backticked names
-- dialect: bigquery
-- schema: {"proj.raw.users": {"id": "int64", "email": "string", "updated_at": "timestamp"}, "proj.analytics.users": {"id": "int64", "email": "string", "updated_at": "timestamp"}}
merge into `proj`.`analytics`.`users` as DBT_INTERNAL_DEST
        using (
          select id, lower(email) as email, updated_at from `proj`.`raw`.`users`
        ) as DBT_INTERNAL_SOURCE
        on (
                DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id
            )

    
    when matched then update set
        `id` = DBT_INTERNAL_SOURCE.`id`,`email` = DBT_INTERNAL_SOURCE.`email`,`updated_at` = DBT_INTERNAL_SOURCE.`updated_at`
    

    when not matched then insert
        (`id`, `email`, `updated_at`)
    values
        (`id`, `email`, `updated_at`)
-- expect:
-- proj.raw.users.id -> proj.analytics.users.id DIRECT.IDENTITY
-- proj.raw.users.email -> proj.analytics.users.email DIRECT.TRANSFORMATION [lower]
-- proj.raw.users.updated_at -> proj.analytics.users.updated_at DIRECT.IDENTITY
-- proj.raw.users.id -> proj.analytics.users.id INDIRECT.JOIN
-- proj.raw.users.id -> proj.analytics.users.email INDIRECT.JOIN
-- proj.raw.users.id -> proj.analytics.users.updated_at INDIRECT.JOIN
-- proj.analytics.users.id -> proj.analytics.users.id INDIRECT.JOIN
-- proj.analytics.users.id -> proj.analytics.users.email INDIRECT.JOIN
-- proj.analytics.users.id -> proj.analytics.users.updated_at INDIRECT.JOIN

-- title: probe8 B7 dbt-bigquery insert_overwrite dynamic: date(ts) partitions, IGNORE NULLS, comments, drop
-- dialect: bigquery
-- schema: {"proj.raw.ev": {"id": "string", "ts": "timestamp"}, "proj.an.ev": {"id": "string", "ts": "timestamp"}}
-- generated script to merge partitions into `proj`.`an`.`ev`
  declare dbt_partitions_for_replacement array<date>;

  
  
   -- 1. create a temp table with model data
  
  create or replace table `proj`.`an`.`ev__dbt_tmp`
      
    partition by timestamp_trunc(ts, day)
    
    OPTIONS(
      expiration_timestamp=TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 12 hour)
    )
    as (
      select id, ts from `proj`.`raw`.`ev`
    );

  -- 2. define partitions to update
  set (dbt_partitions_for_replacement) = (
      select as struct
          -- IGNORE NULLS: this needs to be aligned to _dbt_max_partition, which ignores null
          array_agg(distinct timestamp_trunc(ts, day) IGNORE NULLS)
      from `proj`.`an`.`ev__dbt_tmp`
  );

  -- 3. run the merge statement
  merge into `proj`.`an`.`ev` as DBT_INTERNAL_DEST
        using (
        select
        * from `proj`.`an`.`ev__dbt_tmp`
      ) as DBT_INTERNAL_SOURCE
        on FALSE

    when not matched by source
         and timestamp_trunc(DBT_INTERNAL_DEST.ts, day) in unnest(dbt_partitions_for_replacement) 
        then delete

    when not matched then insert
        (`id`, `ts`)
    values
        (`id`, `ts`)
;

  -- 4. clean up the temp table
  drop table if exists `proj`.`an`.`ev__dbt_tmp`
-- expect:
-- proj.raw.ev.id -> proj.an.ev.id DIRECT.IDENTITY
-- proj.raw.ev.ts -> proj.an.ev.ts DIRECT.IDENTITY

-- title: probe8 B10 dbt-spark insert_overwrite from a temporary view, partition (ds)
-- dialect: spark
-- schema: {"raw.events": {"id": "string", "v": "int", "ds": "string"}, "an.events": {"id": "string", "v": "int", "ds": "string"}}
create or replace temporary view `events__dbt_tmp` as
    select id, v * 2 as v, ds from raw.events where ds >= '2024-01-01';
insert overwrite table `an`.`events`
    partition (ds)
    select `id`, `v`, `ds` from `events__dbt_tmp`;
-- expect:
-- raw.events.id -> an.events.id DIRECT.IDENTITY
-- raw.events.v -> an.events.v DIRECT.TRANSFORMATION
-- raw.events.ds -> an.events.ds DIRECT.IDENTITY
-- raw.events.ds -> an.events.id INDIRECT.FILTER
-- raw.events.ds -> an.events.v INDIRECT.FILTER
-- raw.events.ds -> an.events.ds INDIRECT.FILTER

-- title: probe8 B12 dbt-databricks replace_where: insert into t replace where ... table tmp
-- dialect: databricks
-- schema: {"raw.events": {"id": "string", "ds": "date"}, "main.an.events": {"id": "string", "ds": "date"}}
create or replace temporary view `events__dbt_tmp` as select id, ds from raw.events;
insert into `main`.`an`.`events`
      replace where ds >= '2024-01-01'
      table `events__dbt_tmp`;
-- expect:
-- raw.events.id -> main.an.events.id DIRECT.IDENTITY
-- raw.events.ds -> main.an.events.ds DIRECT.IDENTITY

-- title: probe8 B13 dbt-databricks merge with explicit column lists (merge_update_columns)
-- dialect: databricks
-- schema: {"raw.users": {"id": "int", "email": "string", "name": "string"}, "main.an.users": {"id": "int", "email": "string", "name": "string"}}
create or replace temporary view `users__dbt_tmp` as select id, email, name from raw.users;
merge into `main`.`an`.`users` as DBT_INTERNAL_DEST
    using `users__dbt_tmp` as DBT_INTERNAL_SOURCE
    on DBT_INTERNAL_SOURCE.`id` <=> DBT_INTERNAL_DEST.`id`
    when matched then update set
      `email` = DBT_INTERNAL_SOURCE.`email`
    when not matched then insert (`id`, `email`, `name`) values (DBT_INTERNAL_SOURCE.`id`, DBT_INTERNAL_SOURCE.`email`, DBT_INTERNAL_SOURCE.`name`);
-- expect:
-- raw.users.id -> main.an.users.id DIRECT.IDENTITY
-- raw.users.email -> main.an.users.email DIRECT.IDENTITY
-- raw.users.name -> main.an.users.name DIRECT.IDENTITY
-- raw.users.id -> main.an.users.id INDIRECT.JOIN
-- raw.users.id -> main.an.users.email INDIRECT.JOIN
-- raw.users.id -> main.an.users.name INDIRECT.JOIN
-- main.an.users.id -> main.an.users.id INDIRECT.JOIN
-- main.an.users.id -> main.an.users.email INDIRECT.JOIN
-- main.an.users.id -> main.an.users.name INDIRECT.JOIN

-- title: probe8 B15 on_schema_change sync_all_columns (snowflake): alter add/drop then merge update set
-- dialect: snowflake
-- schema: {"raw.shop.orders": {"id": "number", "note": "varchar"}, "analytics.dbt.orders": {"id": "number", "old_col": "varchar"}}
create or replace temporary view analytics.dbt.orders__dbt_tmp as (select id, note from raw.shop.orders);
alter table analytics.dbt.orders add column NOTE VARCHAR(16777216);
alter table analytics.dbt.orders drop column OLD_COL;
merge into analytics.dbt.orders as DBT_INTERNAL_DEST
  using analytics.dbt.orders__dbt_tmp as DBT_INTERNAL_SOURCE
  on (DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id)
  when matched then update set "ID" = DBT_INTERNAL_SOURCE."ID","NOTE" = DBT_INTERNAL_SOURCE."NOTE"
  when not matched then insert ("ID", "NOTE") values ("ID", "NOTE");
-- expect:
-- raw.shop.orders.id -> analytics.dbt.orders.id DIRECT.IDENTITY
-- raw.shop.orders.note -> analytics.dbt.orders.note DIRECT.IDENTITY
-- raw.shop.orders.id -> analytics.dbt.orders.id INDIRECT.JOIN
-- raw.shop.orders.id -> analytics.dbt.orders.note INDIRECT.JOIN
-- analytics.dbt.orders.id -> analytics.dbt.orders.id INDIRECT.JOIN
-- analytics.dbt.orders.id -> analytics.dbt.orders.note INDIRECT.JOIN

-- title: probe8 B16 dbt microbatch (snowflake): delete of the batch window by alias, then insert
-- dialect: snowflake
-- schema: {"raw.shop.ev": {"id": "number", "ts": "timestamp_ntz"}}
create or replace temporary table analytics.dbt.ev__dbt_tmp as (
  select * from (select id, ts from raw.shop.ev) where ts >= '2024-01-01 00:00:00' and ts < '2024-01-02 00:00:00'
);
delete from analytics.dbt.ev DBT_INTERNAL_TARGET
    where (
    DBT_INTERNAL_TARGET.ts >= to_timestamp_tz('2024-01-01 00:00:00+00:00')
    and DBT_INTERNAL_TARGET.ts < to_timestamp_tz('2024-01-02 00:00:00+00:00')
    );
insert into analytics.dbt.ev ("ID", "TS")
    (
        select "ID", "TS"
        from analytics.dbt.ev__dbt_tmp
    );
-- expect:
-- raw.shop.ev.id -> analytics.dbt.ev.id DIRECT.IDENTITY
-- raw.shop.ev.ts -> analytics.dbt.ev.ts DIRECT.IDENTITY
-- raw.shop.ev.ts -> analytics.dbt.ev.id INDIRECT.FILTER
-- raw.shop.ev.ts -> analytics.dbt.ev.ts INDIRECT.FILTER

-- title: probe8 B17 dbt-postgres merge strategy (1.9, pg15+): merge with quoted names, bare insert values
-- dialect: postgres
-- schema: {"db.raw.users": {"id": "int", "email": "text"}, "db.dbt.users": {"id": "int", "email": "text"}}
create temporary table "users__dbt_tmp1" as (select id, email from "db"."raw"."users");
merge into "db"."dbt"."users" as DBT_INTERNAL_DEST
        using "users__dbt_tmp1" as DBT_INTERNAL_SOURCE
        on (
                DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id
            )
    when matched then update set
        "id" = DBT_INTERNAL_SOURCE."id","email" = DBT_INTERNAL_SOURCE."email"
    when not matched then insert
        ("id", "email")
    values
        ("id", "email");
-- expect:
-- db.raw.users.id -> db.dbt.users.id DIRECT.IDENTITY
-- db.raw.users.email -> db.dbt.users.email DIRECT.IDENTITY
-- db.raw.users.id -> db.dbt.users.id INDIRECT.JOIN
-- db.raw.users.id -> db.dbt.users.email INDIRECT.JOIN
-- db.dbt.users.id -> db.dbt.users.id INDIRECT.JOIN
-- db.dbt.users.id -> db.dbt.users.email INDIRECT.JOIN

-- title: probe8 C1 dbt snapshot first run (postgres, timestamp strategy): create table from sbq with scd columns
-- dialect: postgres
-- schema: {"db.raw.orders": {"id": "int", "status": "text", "updated_at": "timestamp"}}
create  table "db"."snapshots"."orders_snapshot"
  as (
    select *,
        md5(coalesce(cast(id as varchar ), '')
         || '|' || coalesce(cast(updated_at as varchar ), '')
        ) as dbt_scd_id,
        updated_at as dbt_updated_at,
        updated_at as dbt_valid_from,
        nullif(updated_at, updated_at) as dbt_valid_to
    from (
    select * from "db"."raw"."orders"
    ) sbq
  );
-- expect:
-- db.raw.orders.id -> db.snapshots.orders_snapshot.id DIRECT.IDENTITY
-- db.raw.orders.status -> db.snapshots.orders_snapshot.status DIRECT.IDENTITY
-- db.raw.orders.updated_at -> db.snapshots.orders_snapshot.updated_at DIRECT.IDENTITY
-- db.raw.orders.id -> db.snapshots.orders_snapshot.dbt_scd_id DIRECT.TRANSFORMATION [cast, coalesce, md5]
-- db.raw.orders.updated_at -> db.snapshots.orders_snapshot.dbt_scd_id DIRECT.TRANSFORMATION [cast, coalesce, md5]
-- db.raw.orders.updated_at -> db.snapshots.orders_snapshot.dbt_updated_at DIRECT.IDENTITY
-- db.raw.orders.updated_at -> db.snapshots.orders_snapshot.dbt_valid_from DIRECT.IDENTITY
-- db.raw.orders.updated_at -> db.snapshots.orders_snapshot.dbt_valid_to DIRECT.TRANSFORMATION [nullif]
-- db.raw.orders.updated_at -> db.snapshots.orders_snapshot.dbt_valid_to INDIRECT.CONDITIONAL

-- title: probe8 C2 dbt snapshot staging table (postgres, timestamp strategy) then update + insert
-- dialect: postgres
-- schema: {"db.raw.orders": {"id": "int", "status": "text", "updated_at": "timestamp"}, "db.snapshots.orders_snapshot": {"id": "int", "status": "text", "updated_at": "timestamp", "dbt_scd_id": "text", "dbt_updated_at": "timestamp", "dbt_valid_from": "timestamp", "dbt_valid_to": "timestamp"}}
create temporary table "orders_snapshot__dbt_tmp123456"
  as (
    with snapshot_query as (
        select * from "db"."raw"."orders"
    ),
    snapshotted_data as (
        select *,
            id as dbt_unique_key
        from "db"."snapshots"."orders_snapshot"
        where dbt_valid_to is null
    ),
    insertions_source_data as (
        select
            *,
            id as dbt_unique_key,
            updated_at as dbt_updated_at,
            updated_at as dbt_valid_from,
            nullif(updated_at, updated_at) as dbt_valid_to,
            md5(coalesce(cast(id as varchar ), '')
         || '|' || coalesce(cast(updated_at as varchar ), '')
        ) as dbt_scd_id
        from snapshot_query
    ),
    updates_source_data as (
        select
            *,
            id as dbt_unique_key,
            updated_at as dbt_updated_at,
            updated_at as dbt_valid_from,
            updated_at as dbt_valid_to
        from snapshot_query
    ),
    insertions as (
        select
            'insert' as dbt_change_type,
            source_data.*
        from insertions_source_data as source_data
        left outer join snapshotted_data on snapshotted_data.dbt_unique_key = source_data.dbt_unique_key
        where snapshotted_data.dbt_unique_key is null
           or (
                snapshotted_data.dbt_unique_key is not null
            and (
                (snapshotted_data.dbt_valid_from < source_data.updated_at)
            )
        )
    ),
    updates as (
        select
            'update' as dbt_change_type,
            source_data.*,
            snapshotted_data.dbt_scd_id
        from updates_source_data as source_data
        join snapshotted_data on snapshotted_data.dbt_unique_key = source_data.dbt_unique_key
        where (
            (snapshotted_data.dbt_valid_from < source_data.updated_at)
        )
    )
    select * from insertions
    union all
    select * from updates
  );
update "db"."snapshots"."orders_snapshot"
    set dbt_valid_to = DBT_INTERNAL_SOURCE.dbt_valid_to
    from "orders_snapshot__dbt_tmp123456" as DBT_INTERNAL_SOURCE
    where DBT_INTERNAL_SOURCE.dbt_scd_id::text = "db"."snapshots"."orders_snapshot".dbt_scd_id::text
      and DBT_INTERNAL_SOURCE.dbt_change_type::text in ('update'::text, 'delete'::text)
      and "db"."snapshots"."orders_snapshot".dbt_valid_to is null;
insert into "db"."snapshots"."orders_snapshot" ("id", "status", "updated_at", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_scd_id")
    select DBT_INTERNAL_SOURCE."id",DBT_INTERNAL_SOURCE."status",DBT_INTERNAL_SOURCE."updated_at",DBT_INTERNAL_SOURCE."dbt_updated_at",DBT_INTERNAL_SOURCE."dbt_valid_from",DBT_INTERNAL_SOURCE."dbt_valid_to",DBT_INTERNAL_SOURCE."dbt_scd_id"
    from "orders_snapshot__dbt_tmp123456" as DBT_INTERNAL_SOURCE
    where DBT_INTERNAL_SOURCE.dbt_change_type::text = 'insert'::text;
-- expect-includes:
-- db.raw.orders.id -> db.snapshots.orders_snapshot.id DIRECT.IDENTITY
-- db.raw.orders.status -> db.snapshots.orders_snapshot.status DIRECT.IDENTITY
-- db.raw.orders.updated_at -> db.snapshots.orders_snapshot.updated_at DIRECT.IDENTITY
-- db.raw.orders.updated_at -> db.snapshots.orders_snapshot.dbt_updated_at DIRECT.IDENTITY
-- db.raw.orders.updated_at -> db.snapshots.orders_snapshot.dbt_valid_from DIRECT.IDENTITY
-- db.raw.orders.updated_at -> db.snapshots.orders_snapshot.dbt_valid_to DIRECT.IDENTITY
-- db.raw.orders.id -> db.snapshots.orders_snapshot.dbt_scd_id DIRECT.TRANSFORMATION [cast, coalesce, md5]
-- db.snapshots.orders_snapshot.dbt_scd_id -> db.snapshots.orders_snapshot.dbt_scd_id DIRECT.IDENTITY

-- title: probe8 D8 postgres persist_docs: comment on table and column with dbt's dollar tag
-- dialect: postgres
comment on table "db"."dbt"."orders" is $dbt_comment_literal_block$Orders, one row each$dbt_comment_literal_block$;
comment on column "db"."dbt"."orders"."id" is $dbt_comment_literal_block$The id; unique$dbt_comment_literal_block$;
-- expect:

-- title: probe8 D13 dbt-snowflake query tag + use warehouse prelude around the model
-- dialect: snowflake
-- schema: {"raw.shop.orders": {"id": "number"}}
alter session set query_tag = 'dbt_run';
use warehouse transforming;
create or replace transient table analytics.dbt.o as (select id from raw.shop.orders);
alter session unset query_tag;
-- expect:
-- raw.shop.orders.id -> analytics.dbt.o.id DIRECT.IDENTITY

-- title: probe8 E5 dbt-trino table with WITH properties, then rename
-- dialect: trino
-- schema: {"hive.raw.orders": {"id": "bigint", "ds": "varchar"}}
create table "hive"."an"."orders__dbt_tmp"
    with (format = 'PARQUET', partitioned_by = ARRAY['ds'])
  as (
    select id, ds from "hive"."raw"."orders"
  );
-- expect:
-- hive.raw.orders.id -> hive.an.orders__dbt_tmp.id DIRECT.IDENTITY
-- hive.raw.orders.ds -> hive.an.orders__dbt_tmp.ds DIRECT.IDENTITY

-- title: probe8 E7 dbt-sqlserver table: EXEC create view, select into from it, EXEC drop view
-- dialect: tsql
-- schema: {"db.raw.orders": {"id": "int", "amount": "decimal"}}
USE [db];
EXEC('create view [dbt].[orders__dbt_tmp_temp_view] as
    select id, amount * 100 as cents from [db].[raw].[orders];
    ');
SELECT * INTO [db].[dbt].[orders__dbt_tmp] FROM [db].[dbt].[orders__dbt_tmp_temp_view]
    OPTION (LABEL = 'dbt-sqlserver');
EXEC('DROP view IF EXISTS [dbt].[orders__dbt_tmp_temp_view]');
-- expect-includes:
-- db.raw.orders.amount -> db.dbt.orders__dbt_tmp.cents DIRECT.TRANSFORMATION
-- db.raw.orders.id -> db.dbt.orders__dbt_tmp.id DIRECT.IDENTITY

-- title: probe8 E14 dbt-bigquery incremental merge with a persistent __dbt_tmp (on_schema_change) and cleanup
-- dialect: bigquery
-- schema: {"proj.raw.u": {"id": "int64", "e": "string"}, "proj.an.u": {"id": "int64", "e": "string"}}
create or replace table `proj`.`an`.`u__dbt_tmp`
    OPTIONS(expiration_timestamp=TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 12 hour))
    as (select id, e from `proj`.`raw`.`u`);
merge into `proj`.`an`.`u` as DBT_INTERNAL_DEST
    using (select `id`, `e` from `proj`.`an`.`u__dbt_tmp`) as DBT_INTERNAL_SOURCE
    on ((DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id))
    when matched then update set `id` = DBT_INTERNAL_SOURCE.`id`,`e` = DBT_INTERNAL_SOURCE.`e`
    when not matched then insert (`id`, `e`) values (`id`, `e`);
drop table if exists `proj`.`an`.`u__dbt_tmp`;
-- expect-includes:
-- proj.raw.u.e -> proj.an.u.e DIRECT.IDENTITY
-- proj.raw.u.id -> proj.an.u.id DIRECT.IDENTITY

-- title: probe8 F1 SQLMesh physical table + virtual-layer view (duckdb): empty CTAS, insert, view of the physical table
-- dialect: duckdb
-- schema: {"db.raw.orders": {"id": "int", "amount": "double"}}
CREATE SCHEMA IF NOT EXISTS "sqlmesh__an";
CREATE TABLE IF NOT EXISTS "sqlmesh__an"."an__orders__1234567890" AS SELECT CAST("id" AS INT) AS "id", CAST("amount_x2" AS DOUBLE) AS "amount_x2" FROM (SELECT "orders"."id" AS "id", "orders"."amount" * 2 AS "amount_x2" FROM "db"."raw"."orders" AS "orders") AS "_subquery" WHERE FALSE LIMIT 0;
INSERT INTO "sqlmesh__an"."an__orders__1234567890" ("id", "amount_x2") SELECT "orders"."id" AS "id", "orders"."amount" * 2 AS "amount_x2" FROM "db"."raw"."orders" AS "orders";
CREATE OR REPLACE VIEW "an"."orders" AS SELECT * FROM "sqlmesh__an"."an__orders__1234567890";
-- expect-includes:
-- db.raw.orders.id -> sqlmesh__an.an__orders__1234567890.id DIRECT.IDENTITY
-- db.raw.orders.amount -> sqlmesh__an.an__orders__1234567890.amount_x2 DIRECT.TRANSFORMATION
-- sqlmesh__an.an__orders__1234567890.id -> an.orders.id DIRECT.IDENTITY
-- sqlmesh__an.an__orders__1234567890.amount_x2 -> an.orders.amount_x2 DIRECT.IDENTITY

-- title: probe8 F2 SQLMesh INCREMENTAL_BY_UNIQUE_KEY merge with __MERGE_TARGET__/__MERGE_SOURCE__ and target-qualified SET
-- dialect: snowflake
-- schema: {"raw.shop.users": {"id": "number", "email": "varchar"}, "sqlmesh__an.an__users__99": {"id": "number", "email": "varchar"}}
MERGE INTO "SQLMESH__AN"."AN__USERS__99" AS "__MERGE_TARGET__" USING (SELECT "USERS"."ID" AS "ID", LOWER("USERS"."EMAIL") AS "EMAIL" FROM "RAW"."SHOP"."USERS" AS "USERS") AS "__MERGE_SOURCE__" ON "__MERGE_TARGET__"."ID" = "__MERGE_SOURCE__"."ID" WHEN MATCHED THEN UPDATE SET "__MERGE_TARGET__"."ID" = "__MERGE_SOURCE__"."ID", "__MERGE_TARGET__"."EMAIL" = "__MERGE_SOURCE__"."EMAIL" WHEN NOT MATCHED THEN INSERT ("ID", "EMAIL") VALUES ("__MERGE_SOURCE__"."ID", "__MERGE_SOURCE__"."EMAIL");
-- expect:
-- raw.shop.users.id -> sqlmesh__an.an__users__99.id DIRECT.IDENTITY
-- raw.shop.users.email -> sqlmesh__an.an__users__99.email DIRECT.TRANSFORMATION [lower]
-- raw.shop.users.id -> sqlmesh__an.an__users__99.id INDIRECT.JOIN
-- raw.shop.users.id -> sqlmesh__an.an__users__99.email INDIRECT.JOIN
-- sqlmesh__an.an__users__99.id -> sqlmesh__an.an__users__99.id INDIRECT.JOIN
-- sqlmesh__an.an__users__99.id -> sqlmesh__an.an__users__99.email INDIRECT.JOIN

-- title: probe8 F3 SQLMesh INCREMENTAL_BY_TIME_RANGE: delete the interval, insert the interval
-- dialect: bigquery
-- schema: {"proj.raw.ev": {"id": "string", "ds": "date"}}
DELETE FROM `proj`.`sqlmesh__an`.`an__ev__42` WHERE `ds` BETWEEN DATE('2024-01-01') AND DATE('2024-01-01');
INSERT INTO `proj`.`sqlmesh__an`.`an__ev__42` (`id`, `ds`) SELECT `id`, `ds` FROM (SELECT `ev`.`id` AS `id`, `ev`.`ds` AS `ds` FROM `proj`.`raw`.`ev` AS `ev` WHERE `ev`.`ds` BETWEEN DATE('2024-01-01') AND DATE('2024-01-01')) AS `_subquery` WHERE `ds` BETWEEN DATE('2024-01-01') AND DATE('2024-01-01');
-- expect:
-- proj.raw.ev.id -> proj.sqlmesh__an.an__ev__42.id DIRECT.IDENTITY
-- proj.raw.ev.ds -> proj.sqlmesh__an.an__ev__42.ds DIRECT.IDENTITY
-- proj.raw.ev.ds -> proj.sqlmesh__an.an__ev__42.id INDIRECT.FILTER
-- proj.raw.ev.ds -> proj.sqlmesh__an.an__ev__42.ds INDIRECT.FILTER

-- title: probe8 F7 Dataform incremental with uniqueKey: merge T/S aliases
-- dialect: bigquery
-- schema: {"proj.raw.ev": {"id": "string", "ts": "timestamp"}, "proj.an.ev_inc": {"id": "string", "ts": "timestamp"}}
merge `proj.an.ev_inc` T
using (SELECT id, ts FROM `proj.raw.ev`
) S
on T.id = S.id
    when matched then
      update set `id` = S.id,`ts` = S.ts
    when not matched then
      insert (`id`,`ts`) values (`id`,`ts`);
-- expect:
-- proj.raw.ev.id -> proj.an.ev_inc.id DIRECT.IDENTITY
-- proj.raw.ev.ts -> proj.an.ev_inc.ts DIRECT.IDENTITY
-- proj.raw.ev.id -> proj.an.ev_inc.id INDIRECT.JOIN
-- proj.raw.ev.id -> proj.an.ev_inc.ts INDIRECT.JOIN
-- proj.an.ev_inc.id -> proj.an.ev_inc.id INDIRECT.JOIN
-- proj.an.ev_inc.id -> proj.an.ev_inc.ts INDIRECT.JOIN

-- title: probe8 F8 SQLMesh SCD type 2 by time: CREATE OR REPLACE TABLE ... AS WITH ... (deep CTE chain with joined star)
-- dialect: duckdb
-- schema: {"db.raw.u": {"id": "int", "name": "varchar", "updated_at": "timestamp"}, "sqlmesh__an.an__u__7": {"id": "int", "name": "varchar", "updated_at": "timestamp", "valid_from": "timestamp", "valid_to": "timestamp"}}
CREATE OR REPLACE TABLE "sqlmesh__an"."an__u__7__temp" AS WITH "source" AS (SELECT DISTINCT ON ("id") TRUE AS "_exists", "id", "name", "updated_at" FROM (SELECT "id", "name", "updated_at" FROM "db"."raw"."u") AS "raw_source" ORDER BY "id", "updated_at" DESC), "static" AS (SELECT "id", "name", "updated_at", "valid_from", "valid_to", TRUE AS "_exists" FROM "sqlmesh__an"."an__u__7" WHERE NOT "valid_to" IS NULL), "latest" AS (SELECT "id", "name", "updated_at", "valid_from", "valid_to", TRUE AS "_exists" FROM "sqlmesh__an"."an__u__7" WHERE "valid_to" IS NULL), "joined" AS (SELECT "source"."_exists" AS "_exists", "latest"."id" AS "t_id", "latest"."name" AS "t_name", "latest"."updated_at" AS "t_updated_at", "latest"."valid_from" AS "t_valid_from", "latest"."valid_to" AS "t_valid_to", "source"."id" AS "id", "source"."name" AS "name", "source"."updated_at" AS "updated_at" FROM "latest" LEFT JOIN "source" ON "latest"."id" = "source"."id"), "updated_rows" AS (SELECT COALESCE("t_id", "id") AS "id", COALESCE("t_name", "name") AS "name", COALESCE("t_updated_at", "updated_at") AS "updated_at", "t_valid_from" AS "valid_from", CASE WHEN "updated_at" > "t_updated_at" THEN "updated_at" ELSE "t_valid_to" END AS "valid_to" FROM "joined") SELECT "id", "name", "updated_at", "valid_from", "valid_to" FROM "static" UNION ALL SELECT "id", "name", "updated_at", "valid_from", "valid_to" FROM "updated_rows";
-- expect-includes:
-- db.raw.u.id -> sqlmesh__an.an__u__7__temp.id DIRECT.TRANSFORMATION [coalesce]
-- sqlmesh__an.an__u__7.id -> sqlmesh__an.an__u__7__temp.id DIRECT.IDENTITY
-- sqlmesh__an.an__u__7.valid_to -> sqlmesh__an.an__u__7__temp.valid_to DIRECT.IDENTITY
-- db.raw.u.updated_at -> sqlmesh__an.an__u__7__temp.valid_to DIRECT.TRANSFORMATION [case]

-- title: probe8 G1 databricks snapshot merge: update set valid_to, insert * from a staging view with an extra dbt_change_type
-- dialect: databricks
-- schema: {"raw.u": {"id": "int", "name": "string", "updated_at": "timestamp"}, "main.snap.u_snap": {"id": "int", "name": "string", "updated_at": "timestamp", "dbt_scd_id": "string", "dbt_updated_at": "timestamp", "dbt_valid_from": "timestamp", "dbt_valid_to": "timestamp"}}
create or replace temporary view `u_snap__dbt_tmp` as
    select 'insert' as dbt_change_type, id, name, updated_at,
      md5(coalesce(cast(id as string), '') || '|' || coalesce(cast(updated_at as string), '')) as dbt_scd_id,
      updated_at as dbt_updated_at, updated_at as dbt_valid_from, cast(null as timestamp) as dbt_valid_to
    from raw.u;
merge into `main`.`snap`.`u_snap` as DBT_INTERNAL_DEST
    using `u_snap__dbt_tmp` as DBT_INTERNAL_SOURCE
    on DBT_INTERNAL_SOURCE.dbt_scd_id = DBT_INTERNAL_DEST.dbt_scd_id
    when matched
     and DBT_INTERNAL_DEST.dbt_valid_to is null
     and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')
        then update
        set dbt_valid_to = DBT_INTERNAL_SOURCE.dbt_valid_to
    when not matched
     and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'
        then insert *
    ;
-- expect-includes:
-- raw.u.id -> main.snap.u_snap.id DIRECT.IDENTITY
-- raw.u.name -> main.snap.u_snap.name DIRECT.IDENTITY
-- raw.u.updated_at -> main.snap.u_snap.dbt_valid_from DIRECT.IDENTITY
-- raw.u.id -> main.snap.u_snap.dbt_scd_id DIRECT.TRANSFORMATION [cast, coalesce, md5]

-- title: probe8 G3 snowflake insert overwrite into (dbt-snowflake insert_overwrite)
-- dialect: snowflake
-- schema: {"raw.shop.o": {"id": "number", "a": "number"}}
create or replace temporary view analytics.dbt.o__dbt_tmp as (select id, a from raw.shop.o);
insert overwrite into analytics.dbt.o ("ID", "A")
    select "ID", "A" from analytics.dbt.o__dbt_tmp;
-- expect:
-- raw.shop.o.id -> analytics.dbt.o.id DIRECT.IDENTITY
-- raw.shop.o.a -> analytics.dbt.o.a DIRECT.IDENTITY

-- title: probe8 G4 dbt --empty: refs wrapped in where false limit 0 subqueries
-- dialect: postgres
-- schema: {"db.raw.orders": {"id": "int", "amount": "numeric"}}
create  table "db"."dbt"."o__dbt_tmp" as (
  select id, amount from (select * from "db"."raw"."orders" where false limit 0) _dbt_limit_subq_orders
);
-- expect:
-- db.raw.orders.id -> db.dbt.o__dbt_tmp.id DIRECT.IDENTITY
-- db.raw.orders.amount -> db.dbt.o__dbt_tmp.amount DIRECT.IDENTITY

-- title: probe8 G6 duckdb external materialization: copy a temp table to parquet, view reads the file back (COPY TO writes no file asset: convention question C3)
-- dialect: duckdb
-- schema: {"db.main.stg": {"id": "int", "v": "double"}}
create temp table "ext__dbt_int" as (select id, v from "db"."main"."stg");
COPY (SELECT * FROM "ext__dbt_int") TO '/data/ext.parquet' (FORMAT 'parquet');
create or replace view "db"."main"."ext" as (
        select * from read_parquet(['/data/ext.parquet'])
    );
-- expect:
-- /data/ext.parquet.* -> db.main.ext.* DIRECT.IDENTITY (unresolved)
-- expect-diagnostics: unresolved-star
