-- Latest version of every live customer account, contact details normalised.
-- Personal data stays as it is here (core-data is cleared for it); marts decide what to keep.
CREATE OR REPLACE TABLE stg.customers AS
SELECT
    u.user_id                                AS customer_id,
    lower(trim(u.email))                     AS email,
    regexp_replace(u.phone, '[^0-9+]', '')   AS phone,
    initcap(u.first_name)                    AS first_name,
    initcap(u.last_name)                     AS last_name,
    u.birth_date,
    u.street_address,
    u.postal_code,
    u.city,
    upper(u.country_code)                    AS country_code,
    u.signup_source,
    coalesce(u.marketing_opt_in, FALSE)      AS marketing_opt_in,
    u.created_at                             AS signed_up_at
FROM raw.users AS u
WHERE NOT u.is_deleted
QUALIFY row_number() OVER (PARTITION BY u.user_id ORDER BY u.updated_at DESC) = 1;
