-- Customers with two or more chargebacks in 90 days, for the risk desk (finance).
-- count(DISTINCT card_number) drops pci; max(card_number) keeps it: it returns a real card
-- number, which the reviewer needs to call the issuer. Finance is cleared for pci.
CREATE OR REPLACE TABLE marts.chargeback_review_queue AS
SELECT
    o.customer_id,
    count(DISTINCT p.card_number)   AS cards_used_90d,
    max(p.card_number)              AS card_number_sample,
    count(DISTINCT r.refund_id)     AS chargebacks_90d,
    sum(r.amount)                   AS chargeback_amount,
    max(r.refunded_at)              AS last_chargeback_at
FROM stg.payments AS p
JOIN stg.orders AS o
    ON o.order_id = p.order_id
JOIN stg.refunds AS r
    ON r.payment_id = p.payment_id
WHERE r.reason_code = 'chargeback'
  AND p.paid_at >= dateadd(day, -90, current_date())
GROUP BY o.customer_id
HAVING count(DISTINCT r.refund_id) >= 2;
