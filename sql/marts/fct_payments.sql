-- One row per payment for finance. The PAN is replaced by a sha2 fingerprint so payments on
-- the same card can be matched. Per the catalog, sha2 does NOT take a card number out of PCI
-- scope: card_fingerprint still carries pci. That is fine here (finance is cleared for pci).
CREATE OR REPLACE TRANSIENT TABLE marts.fct_payments AS
WITH refunds AS (
    SELECT
        r.payment_id,
        sum(r.amount)   AS refunded_amount,
        count(*)        AS refund_count
    FROM stg.refunds AS r
    GROUP BY r.payment_id
)
SELECT
    p.payment_id,
    p.order_id,
    sha2(p.card_number, 256)                                AS card_fingerprint,
    p.card_brand,
    p.card_last4,
    p.payment_method,
    p.payment_status,
    p.processor_ref,
    p.currency,
    p.amount,
    round(p.amount * fx.usd_rate, 2)                        AS amount_usd,
    coalesce(r.refunded_amount, 0)                          AS refunded_amount,
    coalesce(r.refund_count, 0)                             AS refund_count,
    round(coalesce(r.refunded_amount, 0) * fx.usd_rate, 2)  AS refunded_usd,
    p.paid_at,
    to_date(p.paid_at)                                      AS paid_date
FROM stg.payments AS p
LEFT JOIN refunds AS r
    ON r.payment_id = p.payment_id
LEFT JOIN stg.fx_rates AS fx
    ON fx.rate_date = to_date(p.paid_at)
   AND fx.currency = p.currency;
