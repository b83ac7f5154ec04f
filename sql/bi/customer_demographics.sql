-- Demographics dashboard. birth_year arrives from marts.customer_demographics, where
-- pii.birth_date is declassified, so nothing here is personal data.
CREATE OR REPLACE VIEW bi.customer_demographics AS
SELECT
    d.country_code,
    d.age_band,
    d.birth_year,
    count(*)                   AS customers,
    sum(d.lifetime_revenue)    AS lifetime_revenue
FROM marts.customer_demographics AS d
GROUP BY d.country_code, d.age_band, d.birth_year;
