-- Opted-in customers for audience building. Marketing is cleared for pseudonymous data only,
-- so e-mail and phone are hashed on the way in (sha2 / md5 turn pii into pseudonymous).
-- The birth date is only used in a condition, so can_be_targeted carries no tag.
CREATE OR REPLACE TABLE marts.marketing_audience AS
SELECT
    c.customer_id,
    sha2(c.email, 256)          AS email_sha256,
    md5(c.phone)                AS phone_md5,
    c.age_band,
    c.country_code,
    l.ltv_band,
    l.days_since_last_order,
    CASE
        WHEN c.birth_date > dateadd(year, -18, current_date()) THEN FALSE
        ELSE TRUE
    END                         AS can_be_targeted
FROM marts.dim_customers AS c
LEFT JOIN marts.customer_ltv AS l
    ON l.customer_id = c.customer_id
WHERE c.marketing_opt_in
  AND c.email IS NOT NULL;
