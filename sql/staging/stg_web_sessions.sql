-- Incremental sessionisation: rebuild the last three days of sessions.
-- Three statements: a temporary table of numbered events, a delete of the window being
-- rebuilt, and the insert into the persistent table. The temporary table is not an asset;
-- lineage runs from stg.events_unified straight to stg.web_sessions.
CREATE OR REPLACE TEMPORARY TABLE session_events AS
SELECT
    e.session_id,
    e.source_app,
    e.visitor_id,
    e.customer_id,
    e.event_type,
    e.page_path,
    e.utm_source,
    e.utm_medium,
    e.utm_campaign,
    e.device_type,
    e.ip_address,
    e.event_ts,
    row_number() OVER (PARTITION BY e.session_id ORDER BY e.event_ts) AS event_seq
FROM stg.events_unified AS e
WHERE e.event_ts >= dateadd(day, -3, current_date());

DELETE FROM stg.web_sessions
WHERE session_date >= dateadd(day, -3, current_date());

INSERT INTO stg.web_sessions (
    session_id, session_date, source_app, visitor_id, customer_id, landing_page,
    utm_source, utm_medium, utm_campaign, device_type, ip_address,
    started_at, ended_at, pageviews, events, has_checkout
)
SELECT
    s.session_id,
    to_date(min(s.event_ts))                                   AS session_date,
    max(s.source_app)                                          AS source_app,
    max(s.visitor_id)                                          AS visitor_id,
    max(s.customer_id)                                         AS customer_id,
    max(CASE WHEN s.event_seq = 1 THEN s.page_path END)        AS landing_page,
    max(CASE WHEN s.event_seq = 1 THEN s.utm_source END)       AS utm_source,
    max(CASE WHEN s.event_seq = 1 THEN s.utm_medium END)       AS utm_medium,
    max(CASE WHEN s.event_seq = 1 THEN s.utm_campaign END)     AS utm_campaign,
    max(s.device_type)                                         AS device_type,
    max(CASE WHEN s.event_seq = 1 THEN s.ip_address END)       AS ip_address,
    min(s.event_ts)                                            AS started_at,
    max(s.event_ts)                                            AS ended_at,
    count_if(s.event_type = 'page_view')                       AS pageviews,
    count(*)                                                   AS events,
    boolor_agg(s.event_type = 'checkout_completed')            AS has_checkout
FROM session_events AS s
GROUP BY s.session_id;
