-- Monthly units, revenue and margin per product category, with rank and month-on-month growth.
CREATE OR REPLACE TABLE marts.product_performance AS
WITH lines AS (
    SELECT
        date_trunc('month', o.order_date)   AS month_start,
        p.category,
        p.brand,
        i.quantity,
        i.line_revenue,
        i.line_cost
    FROM stg.order_items AS i
    JOIN marts.fct_orders AS o
        ON o.order_id = i.order_id
    JOIN stg.products AS p
        ON p.product_id = i.product_id
    WHERE o.order_status IN ('completed', 'shipped')
),
monthly AS (
    SELECT
        l.month_start,
        l.category,
        sum(l.quantity)                       AS units,
        sum(l.line_revenue)                   AS revenue,
        sum(l.line_revenue - l.line_cost)     AS margin,
        count(DISTINCT l.brand)               AS brands
    FROM lines AS l
    GROUP BY l.month_start, l.category
)
SELECT
    m.month_start,
    m.category,
    m.units,
    m.revenue,
    m.margin,
    m.brands,
    m.margin / nullif(m.revenue, 0)                                             AS margin_pct,
    rank() OVER (PARTITION BY m.month_start ORDER BY m.revenue DESC)            AS revenue_rank,
    m.revenue / nullif(lag(m.revenue) OVER (PARTITION BY m.category
                                            ORDER BY m.month_start), 0) - 1     AS revenue_mom
FROM monthly AS m;
