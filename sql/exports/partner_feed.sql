-- Secure share to Acme Rewards, our co-marketing partner: opted-in customers with their
-- value band. The partner asked for the e-mail address "to match members", and it is
-- shared in clear text. age_band is derived from the birth date only through a CASE
-- condition (in marts.dim_customers), so it carries no tag.
CREATE OR REPLACE SECURE VIEW export.partner_feed AS
SELECT
    c.customer_id,
    c.email,
    c.country_code,
    c.age_band,
    l.ltv_band,
    to_date(c.signed_up_at)   AS member_since
FROM marts.dim_customers AS c
JOIN marts.customer_ltv AS l
    ON l.customer_id = c.customer_id
WHERE c.marketing_opt_in;
