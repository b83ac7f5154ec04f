-- Executive revenue dashboard: daily net revenue in USD with a rolling seven-day total.
CREATE OR REPLACE VIEW bi.exec_revenue AS
WITH days AS (
    SELECT
        d.revenue_date,
        sum(d.orders)              AS orders,
        sum(d.gross_revenue_usd)   AS gross_revenue_usd,
        sum(d.refunds_usd)         AS refunds_usd,
        sum(d.net_revenue_usd)     AS net_revenue_usd
    FROM marts.daily_revenue AS d
    GROUP BY d.revenue_date
)
SELECT
    dy.revenue_date,
    dy.orders,
    dy.gross_revenue_usd,
    dy.refunds_usd,
    dy.net_revenue_usd,
    sum(dy.net_revenue_usd) OVER (
        ORDER BY dy.revenue_date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW
    )                              AS net_revenue_usd_7d
FROM days AS dy;
