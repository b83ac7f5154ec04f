-- Cleaned payment attempts. The PAN (card_number) is carried as is: this table is in PCI
-- scope and owned by core-data. The card expiry date is deliberately left behind in raw.
CREATE OR REPLACE TABLE stg.payments AS
SELECT
    p.payment_id,
    p.order_id,
    lower(p.payment_method)   AS payment_method,
    p.card_number,
    p.card_brand,
    p.card_last4,
    p.amount,
    upper(p.currency)         AS currency,
    lower(p.status)           AS payment_status,
    p.processor_ref,
    p.created_at              AS paid_at
FROM raw.payments AS p
WHERE p.status IS NOT NULL;
