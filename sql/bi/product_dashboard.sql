-- Category performance dashboard.
CREATE OR REPLACE VIEW bi.product_dashboard AS
SELECT
    pp.month_start,
    pp.category,
    pp.units,
    pp.revenue,
    pp.margin,
    pp.margin_pct,
    pp.revenue_rank,
    pp.revenue_mom
FROM marts.product_performance AS pp
WHERE pp.month_start >= dateadd(month, -24, current_date());
