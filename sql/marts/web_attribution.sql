-- Last-touch attribution: each session gets the first order its customer placed within
-- 24 hours of the session start. The IP address is "anonymised" by zeroing its last octet
-- for geo lookups, but regexp_replace is not a declared masking function, so ip_network
-- is still an IP address as far as the catalog is concerned.
CREATE OR REPLACE TABLE marts.web_attribution AS
WITH sessions AS (
    SELECT
        s.session_id,
        s.session_date,
        s.source_app,
        s.visitor_id,
        s.customer_id,
        s.utm_source,
        s.utm_medium,
        s.utm_campaign,
        s.device_type,
        s.ip_address,
        s.started_at
    FROM stg.web_sessions AS s
),
orders AS (
    SELECT
        o.order_id,
        o.customer_id,
        o.ordered_at,
        o.order_total_usd
    FROM marts.fct_orders AS o
)
SELECT
    se.session_id,
    se.session_date,
    se.source_app,
    se.visitor_id,
    se.customer_id,
    coalesce(se.utm_source, 'direct')                 AS channel,
    se.utm_medium,
    se.utm_campaign                                   AS campaign,
    se.device_type,
    regexp_replace(se.ip_address, '[0-9]+$', '0')     AS ip_network,
    o.order_id                                        AS attributed_order_id,
    o.order_total_usd                                 AS attributed_revenue_usd
FROM sessions AS se
LEFT JOIN orders AS o
    ON o.customer_id = se.customer_id
   AND o.ordered_at BETWEEN se.started_at AND dateadd(hour, 24, se.started_at)
QUALIFY row_number() OVER (PARTITION BY se.session_id ORDER BY o.ordered_at) = 1;
