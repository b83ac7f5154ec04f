-- Lifetime value per customer, a value band and a revenue decile.
CREATE OR REPLACE TABLE marts.customer_ltv AS
WITH completed_orders AS (
    SELECT
        o.customer_id,
        o.order_date,
        o.order_total_usd
    FROM marts.fct_orders AS o
    WHERE o.order_status IN ('completed', 'shipped')
),
per_customer AS (
    SELECT
        co.customer_id,
        min(co.order_date)         AS first_order_date,
        max(co.order_date)         AS last_order_date,
        count(*)                   AS orders,
        sum(co.order_total_usd)    AS revenue_usd
    FROM completed_orders AS co
    GROUP BY co.customer_id
)
SELECT
    pc.customer_id,
    pc.first_order_date,
    pc.last_order_date,
    pc.orders,
    pc.revenue_usd,
    pc.revenue_usd / nullif(pc.orders, 0)                        AS avg_order_value_usd,
    datediff(day, pc.last_order_date, current_date())            AS days_since_last_order,
    CASE
        WHEN pc.revenue_usd >= 1000 THEN 'platinum'
        WHEN pc.revenue_usd >= 250 THEN 'gold'
        WHEN pc.revenue_usd >= 50 THEN 'silver'
        ELSE 'bronze'
    END                                                          AS ltv_band,
    ntile(10) OVER (ORDER BY pc.revenue_usd DESC)                AS revenue_decile
FROM per_customer AS pc;
