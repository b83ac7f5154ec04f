-- Spend, traffic, orders and ROAS per day, channel and campaign.
-- count(DISTINCT visitor_id) counts pseudonymous ids: count drops the tag.
CREATE OR REPLACE TABLE marts.campaign_performance AS
WITH spend AS (
    SELECT
        m.spend_date          AS activity_date,
        m.channel,
        m.campaign,
        sum(m.spend_usd)      AS spend_usd,
        sum(m.impressions)    AS impressions,
        sum(m.clicks)         AS clicks
    FROM stg.marketing_spend AS m
    GROUP BY m.spend_date, m.channel, m.campaign
),
traffic AS (
    SELECT
        w.session_date                          AS activity_date,
        w.channel,
        w.campaign,
        count(DISTINCT w.session_id)            AS sessions,
        count(DISTINCT w.visitor_id)            AS unique_visitors,
        count(DISTINCT w.attributed_order_id)   AS orders,
        sum(w.attributed_revenue_usd)           AS revenue_usd
    FROM marts.web_attribution AS w
    GROUP BY w.session_date, w.channel, w.campaign
)
SELECT
    coalesce(t.activity_date, s.activity_date)   AS activity_date,
    coalesce(t.channel, s.channel)               AS channel,
    coalesce(t.campaign, s.campaign)             AS campaign,
    coalesce(s.spend_usd, 0)                     AS spend_usd,
    coalesce(s.impressions, 0)                   AS impressions,
    coalesce(s.clicks, 0)                        AS clicks,
    coalesce(t.sessions, 0)                      AS sessions,
    coalesce(t.unique_visitors, 0)               AS unique_visitors,
    coalesce(t.orders, 0)                        AS orders,
    coalesce(t.revenue_usd, 0)                   AS revenue_usd,
    t.revenue_usd / nullif(s.spend_usd, 0)       AS roas
FROM traffic AS t
FULL OUTER JOIN spend AS s
    ON s.activity_date = t.activity_date
   AND s.channel = t.channel
   AND s.campaign = t.campaign;
