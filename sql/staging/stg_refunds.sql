-- Refunds and chargebacks.
CREATE OR REPLACE TABLE stg.refunds AS
SELECT
    r.refund_id,
    r.payment_id,
    r.order_id,
    r.amount,
    upper(r.currency)      AS currency,
    lower(r.reason_code)   AS reason_code,
    r.created_at           AS refunded_at
FROM raw.refunds AS r;
