-- Customer master: one row per customer, contact details plus order statistics.
-- Two statements: build the table, then set its clustering key.
CREATE OR REPLACE TABLE marts.dim_customers AS
WITH order_stats AS (
    SELECT
        o.customer_id,
        min(o.ordered_at)   AS first_order_at,
        max(o.ordered_at)   AS last_order_at,
        count(*)            AS lifetime_orders,
        sum(o.order_total)  AS lifetime_revenue
    FROM stg.orders AS o
    WHERE o.order_status IN ('completed', 'shipped')
    GROUP BY o.customer_id
)
SELECT
    c.customer_id,
    c.email,
    c.phone,
    c.first_name,
    c.last_name,
    c.birth_date,
    -- The birth date only decides which band applies: age_band carries no tag.
    CASE
        WHEN c.birth_date IS NULL THEN 'unknown'
        WHEN c.birth_date > dateadd(year, -18, current_date()) THEN 'minor'
        WHEN c.birth_date > dateadd(year, -35, current_date()) THEN '18-34'
        WHEN c.birth_date > dateadd(year, -55, current_date()) THEN '35-54'
        ELSE '55+'
    END                                   AS age_band,
    c.street_address,
    c.postal_code,
    c.city,
    c.country_code,
    c.signup_source,
    c.marketing_opt_in,
    c.signed_up_at,
    s.first_order_at,
    s.last_order_at,
    coalesce(s.lifetime_orders, 0)        AS lifetime_orders,
    coalesce(s.lifetime_revenue, 0)       AS lifetime_revenue
FROM stg.customers AS c
LEFT JOIN order_stats AS s
    ON s.customer_id = c.customer_id;

ALTER TABLE marts.dim_customers CLUSTER BY (country_code);
