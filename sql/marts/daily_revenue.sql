-- Gross and net revenue per day and currency. Incremental: the last seven days are deleted
-- and re-inserted every night (the table itself was created once by hand).
DELETE FROM marts.daily_revenue
WHERE revenue_date >= dateadd(day, -7, current_date());

INSERT INTO marts.daily_revenue (
    revenue_date, currency, orders, gross_revenue_usd, discounts_usd, refunds_usd, net_revenue_usd
)
WITH order_days AS (
    SELECT
        o.order_date,
        o.currency,
        count(*)                  AS order_count,
        sum(o.order_total_usd)    AS gross_usd,
        sum(o.discount_usd)       AS discount_usd
    FROM marts.fct_orders AS o
    WHERE o.order_status IN ('completed', 'shipped')
      AND o.order_date >= dateadd(day, -7, current_date())
    GROUP BY o.order_date, o.currency
),
refund_days AS (
    SELECT
        p.paid_date,
        p.currency,
        sum(p.refunded_usd)       AS refund_usd
    FROM marts.fct_payments AS p
    WHERE p.paid_date >= dateadd(day, -7, current_date())
    GROUP BY p.paid_date, p.currency
)
SELECT
    od.order_date,
    od.currency,
    od.order_count,
    od.gross_usd,
    od.discount_usd,
    coalesce(rd.refund_usd, 0),
    od.gross_usd - od.discount_usd - coalesce(rd.refund_usd, 0)
FROM order_days AS od
LEFT JOIN refund_days AS rd
    ON rd.paid_date = od.order_date
   AND rd.currency = od.currency;
