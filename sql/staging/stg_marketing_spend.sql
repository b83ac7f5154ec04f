-- Ad spend per day, channel and campaign, converted to USD.
CREATE OR REPLACE TABLE stg.marketing_spend AS
SELECT
    m.spend_date,
    lower(m.channel)                        AS channel,
    lower(m.campaign)                       AS campaign,
    round(m.spend_amount * fx.usd_rate, 2)  AS spend_usd,
    m.impressions,
    m.clicks
FROM raw.marketing_spend AS m
JOIN stg.fx_rates AS fx
    ON fx.rate_date = m.spend_date
   AND fx.currency = upper(m.currency);
