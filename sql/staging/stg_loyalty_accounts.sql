-- Latest version of each loyalty account.
CREATE OR REPLACE TABLE stg.loyalty_accounts AS
SELECT
    l.member_id,
    l.user_id          AS customer_id,
    lower(l.tier)      AS tier,
    l.points_balance,
    l.enrolled_at
FROM raw.loyalty_accounts AS l
QUALIFY row_number() OVER (PARTITION BY l.member_id ORDER BY l.updated_at DESC) = 1;
