-- Monthly revenue and margin by region for the investor data room. Regions come from
-- ref.country_regions, a hand-maintained table that no job produces.
CREATE OR REPLACE TABLE export.investor_kpis AS
SELECT
    date_trunc('month', o.order_date)           AS month_start,
    coalesce(r.region, 'Unmapped')              AS region,
    count(DISTINCT o.customer_id)               AS active_customers,
    count(*)                                    AS orders,
    sum(o.order_total_usd)                      AS gross_revenue_usd,
    sum(o.order_total_usd - o.cost_usd)         AS gross_margin_usd
FROM marts.fct_orders AS o
LEFT JOIN ref.country_regions AS r
    ON r.country_code = o.country_code
WHERE o.order_status IN ('completed', 'shipped')
GROUP BY date_trunc('month', o.order_date), coalesce(r.region, 'Unmapped');
