-- Deduplicated orders (the raw table holds every version of an order); test orders removed.
CREATE OR REPLACE TABLE stg.orders AS
SELECT
    o.order_id,
    o.user_id                    AS customer_id,
    lower(o.order_status)        AS order_status,
    upper(o.currency)            AS currency,
    o.order_total,
    o.discount_total,
    o.shipping_total,
    o.tax_total,
    o.shipping_address,
    upper(o.shipping_country)    AS shipping_country,
    o.channel,
    o.created_at                 AS ordered_at,
    to_date(o.created_at)        AS order_date
FROM raw.orders AS o
WHERE o.order_status <> 'test'
QUALIFY row_number() OVER (PARTITION BY o.order_id ORDER BY o.updated_at DESC) = 1;
