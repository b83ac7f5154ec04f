-- Web and app events in one shape. UNION ALL is positional: the app's device_id lands in
-- visitor_id next to the web's anonymous_id.
CREATE OR REPLACE VIEW stg.events_unified AS
SELECT
    'web'            AS source_app,
    w.event_id,
    w.session_id,
    w.anonymous_id   AS visitor_id,
    w.customer_id,
    w.event_type,
    w.page_path,
    w.utm_source,
    w.utm_medium,
    w.utm_campaign,
    w.device_type,
    w.ip_address,
    w.event_ts
FROM stg.web_events AS w
UNION ALL
SELECT
    'app',
    a.event_id,
    a.session_id,
    a.device_id,
    a.customer_id,
    a.event_type,
    a.page_path,
    a.utm_source,
    a.utm_medium,
    a.utm_campaign,
    a.device_type,
    a.ip_address,
    a.event_ts
FROM stg.app_events AS a;
