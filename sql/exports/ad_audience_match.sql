-- Customer-match upload for the ad platforms. The platforms match on SHA-256 of the
-- normalised e-mail and phone, so identifiers are hashed here, at the boundary:
-- sha2 turns pii.email / pii.phone into pseudonymous, and nothing personal leaves.
CREATE OR REPLACE TABLE export.ad_audience_match AS
SELECT
    sha2(lower(trim(c.email)), 256)   AS hashed_email,
    sha2(c.phone, 256)                AS hashed_phone,
    c.country_code,
    a.ltv_band                        AS audience_segment
FROM marts.dim_customers AS c
JOIN marts.marketing_audience AS a
    ON a.customer_id = c.customer_id
WHERE a.can_be_targeted;
