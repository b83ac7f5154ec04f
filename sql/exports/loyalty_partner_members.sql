-- Loyalty members shared with SkyMiles (airline partner) for point conversion. The airline
-- matches members by e-mail. The waiver for this flow (GOV-377) expired on 2026-06-30
-- and has not been renewed.
CREATE OR REPLACE TABLE export.loyalty_partner_members AS
SELECT
    l.member_id,
    c.email,
    l.tier,
    l.points_balance,
    to_date(l.enrolled_at)   AS enrolled_on
FROM stg.loyalty_accounts AS l
JOIN marts.dim_customers AS c
    ON c.customer_id = l.customer_id
WHERE l.tier IN ('gold', 'platinum');
