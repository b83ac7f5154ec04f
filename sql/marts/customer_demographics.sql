-- Demographics for reporting. Only the birth year is kept; the catalog declassifies
-- pii.birth_date on this table (GOV-208), so birth_year is not personal data from here on.
CREATE OR REPLACE TABLE marts.customer_demographics AS
SELECT
    c.customer_id,
    year(c.birth_date)                    AS birth_year,
    c.age_band,
    c.country_code,
    date_trunc('month', c.signed_up_at)   AS signup_month,
    c.signup_source,
    c.lifetime_orders,
    c.lifetime_revenue
FROM marts.dim_customers AS c;
