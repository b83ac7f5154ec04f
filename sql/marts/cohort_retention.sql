-- Monthly signup cohorts: how many customers of each cohort order in each later month.
CREATE OR REPLACE TABLE marts.cohort_retention AS
WITH cohorts AS (
    SELECT
        c.customer_id,
        date_trunc('month', c.signed_up_at)   AS cohort_month
    FROM marts.dim_customers AS c
),
cohort_sizes AS (
    SELECT
        ch.cohort_month,
        count(*)   AS cohort_size
    FROM cohorts AS ch
    GROUP BY ch.cohort_month
),
activity AS (
    SELECT DISTINCT
        o.customer_id,
        date_trunc('month', o.order_date)   AS activity_month
    FROM marts.fct_orders AS o
    WHERE o.order_status IN ('completed', 'shipped')
)
SELECT
    co.cohort_month,
    datediff(month, co.cohort_month, a.activity_month)          AS months_since_signup,
    cs.cohort_size,
    count(DISTINCT a.customer_id)                               AS active_customers,
    count(DISTINCT a.customer_id) / cs.cohort_size              AS retention_rate
FROM cohorts AS co
JOIN activity AS a
    ON a.customer_id = co.customer_id
   AND a.activity_month >= co.cohort_month
JOIN cohort_sizes AS cs
    ON cs.cohort_month = co.cohort_month
GROUP BY co.cohort_month, datediff(month, co.cohort_month, a.activity_month), cs.cohort_size;
