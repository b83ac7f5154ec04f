-- Weekly SMS promo audience, picked up by the SMS vendor's reverse-ETL connector.
-- The vendor needs the real number, so the phone is copied as is, along with the first
-- name for the greeting, into a table owned by marketing.
CREATE OR REPLACE TABLE marts.sms_campaign_audience AS
SELECT
    c.customer_id,
    c.first_name,
    c.phone,
    c.country_code,
    a.ltv_band,
    current_date()   AS audience_date
FROM marts.dim_customers AS c
JOIN marts.marketing_audience AS a
    ON a.customer_id = c.customer_id
WHERE c.phone IS NOT NULL
  AND a.can_be_targeted;
