-- The first LTV table, superseded by marts.customer_ltv in 2025 (ANL-412). The job was never
-- switched off and still rebuilds the table nightly; no task, dashboard or export reads it.
CREATE OR REPLACE TABLE marts.legacy_customer_ltv AS
SELECT
    o.customer_id,
    sum(o.order_total_usd)   AS total_spend_usd,
    count(*)                 AS order_count,
    max(o.order_date)        AS last_order_date
FROM marts.fct_orders AS o
GROUP BY o.customer_id;
