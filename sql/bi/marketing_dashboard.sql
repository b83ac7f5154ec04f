-- Campaign dashboard: weekly spend, traffic and return per channel.
CREATE OR REPLACE VIEW bi.marketing_dashboard AS
SELECT
    date_trunc('week', cp.activity_date)               AS week_start,
    cp.channel,
    sum(cp.spend_usd)                                  AS spend_usd,
    sum(cp.sessions)                                   AS sessions,
    sum(cp.unique_visitors)                            AS unique_visitors,
    sum(cp.orders)                                     AS orders,
    sum(cp.revenue_usd)                                AS revenue_usd,
    sum(cp.revenue_usd) / nullif(sum(cp.spend_usd), 0) AS roas
FROM marts.campaign_performance AS cp
GROUP BY date_trunc('week', cp.activity_date), cp.channel;
