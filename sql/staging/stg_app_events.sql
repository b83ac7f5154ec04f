-- App events mapped onto the web event vocabulary so the two can be unioned.
CREATE OR REPLACE TABLE stg.app_events AS
SELECT
    a.event_id,
    a.session_id,
    a.device_id,
    a.user_id                  AS customer_id,
    CASE a.event_name
        WHEN 'screen_view' THEN 'page_view'
        WHEN 'order_completed' THEN 'checkout_completed'
        ELSE lower(a.event_name)
    END                        AS event_type,
    '/app/' || a.screen_name   AS page_path,
    lower(a.campaign_source)   AS utm_source,
    lower(a.campaign_medium)   AS utm_medium,
    lower(a.campaign_name)     AS utm_campaign,
    lower(a.platform)          AS device_type,
    a.ip_address,
    a.event_ts
FROM raw.app_events AS a
WHERE a.event_ts >= dateadd(day, -395, current_date());
