-- Nightly upsert of contactable customers into the table the CRM (Braze) pulls from.
-- The CRM needs e-mail and first name to send mail; this flow is under an active waiver
-- (GOV-512) while the CRM moves to the hashed-id integration.
MERGE INTO export.crm_sync AS t
USING (
    SELECT
        c.customer_id,
        c.email,
        c.first_name,
        c.country_code,
        a.ltv_band,
        c.marketing_opt_in
    FROM marts.dim_customers AS c
    LEFT JOIN marts.marketing_audience AS a
        ON a.customer_id = c.customer_id
) AS s
    ON t.customer_id = s.customer_id
WHEN MATCHED THEN UPDATE SET
    t.email = s.email,
    t.first_name = s.first_name,
    t.country_code = s.country_code,
    t.ltv_band = s.ltv_band,
    t.marketing_opt_in = s.marketing_opt_in,
    t.synced_at = current_timestamp()
WHEN NOT MATCHED THEN INSERT
    (customer_id, email, first_name, country_code, ltv_band, marketing_opt_in, synced_at)
VALUES
    (s.customer_id, s.email, s.first_name, s.country_code, s.ltv_band, s.marketing_opt_in,
     current_timestamp());
