-- Risk desk's review screen (finance only; row access policy applied in Snowflake).
CREATE OR REPLACE VIEW bi.chargeback_review AS
SELECT
    q.customer_id,
    q.card_number_sample,
    q.cards_used_90d,
    q.chargebacks_90d,
    q.chargeback_amount,
    q.last_chargeback_at
FROM marts.chargeback_review_queue AS q
ORDER BY q.chargeback_amount DESC;
