-- One row per order with item counts, the first captured payment and USD amounts.
CREATE OR REPLACE TABLE marts.fct_orders AS
WITH items AS (
    SELECT
        i.order_id,
        count(*)              AS item_count,
        sum(i.quantity)       AS units,
        sum(i.line_revenue)   AS items_revenue,
        sum(i.line_cost)      AS items_cost
    FROM stg.order_items AS i
    GROUP BY i.order_id
),
first_payment AS (
    SELECT
        p.order_id,
        p.payment_method,
        p.card_brand
    FROM stg.payments AS p
    WHERE p.payment_status = 'captured'
    QUALIFY row_number() OVER (PARTITION BY p.order_id ORDER BY p.paid_at) = 1
)
SELECT
    o.order_id,
    o.customer_id,
    o.order_date,
    o.ordered_at,
    o.order_status,
    o.channel,
    o.shipping_country                        AS country_code,
    o.currency,
    o.order_total                             AS order_total_local,
    round(o.order_total * fx.usd_rate, 2)     AS order_total_usd,
    round(o.discount_total * fx.usd_rate, 2)  AS discount_usd,
    round(i.items_cost * fx.usd_rate, 2)      AS cost_usd,
    i.item_count,
    i.units,
    fp.payment_method,
    fp.card_brand
FROM stg.orders AS o
LEFT JOIN items AS i
    ON i.order_id = o.order_id
LEFT JOIN first_payment AS fp
    ON fp.order_id = o.order_id
LEFT JOIN stg.fx_rates AS fx
    ON fx.rate_date = o.order_date
   AND fx.currency = o.currency;
