-- Captured payments sent back to the processor for settlement reconciliation. Only the
-- processor's own reference and the last four digits are shared; no card fingerprint.
CREATE OR REPLACE TABLE export.payment_processor_recon AS
SELECT
    p.payment_id,
    p.processor_ref,
    p.card_brand,
    p.card_last4,
    p.amount,
    p.currency,
    p.paid_date
FROM marts.fct_payments AS p
WHERE p.payment_status = 'captured'
  AND p.paid_date = dateadd(day, -1, current_date());
