-- Web clickstream without bot traffic; page URLs reduced to their path.
CREATE OR REPLACE TABLE stg.web_events AS
SELECT
    w.event_id,
    w.session_id,
    w.anonymous_id,
    w.user_id                            AS customer_id,
    lower(w.event_type)                  AS event_type,
    split_part(w.page_url, '?', 1)       AS page_path,
    lower(w.utm_source)                  AS utm_source,
    lower(w.utm_medium)                  AS utm_medium,
    lower(w.utm_campaign)                AS utm_campaign,
    w.device_type,
    w.ip_address,
    w.event_ts
FROM raw.web_events AS w
WHERE w.user_agent NOT ILIKE '%bot%'
  AND w.event_ts >= dateadd(day, -395, current_date());
