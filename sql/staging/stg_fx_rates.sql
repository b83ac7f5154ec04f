-- Daily FX rates to USD; USD itself is added so joins never miss.
CREATE OR REPLACE TABLE stg.fx_rates AS
SELECT
    f.rate_date,
    upper(f.currency)   AS currency,
    f.usd_rate
FROM raw.fx_rates AS f
UNION ALL
SELECT DISTINCT
    f.rate_date,
    'USD',
    1.0
FROM raw.fx_rates AS f;
