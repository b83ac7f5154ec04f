-- Ad-hoc reconciliation scheduled in 2024 "for a week" and never removed.
-- DELIBERATE (demo): `currency` below is not qualified and both raw.orders and raw.payments
-- have a `currency` column, so its lineage is ambiguous. lineage-policy reports it (an
-- ambiguous-column warning, surfaced as `lineage-unknown` for this task) instead of guessing.
-- Every other column in the warehouse is qualified.
CREATE OR REPLACE TABLE analytics.adhoc_order_payment_recon AS
SELECT
    o.order_id,
    o.order_total,
    p.amount                   AS paid_amount,
    o.order_total - p.amount   AS difference,
    currency,
    p.status                   AS payment_status
FROM raw.orders AS o
JOIN raw.payments AS p
    ON p.order_id = o.order_id
WHERE o.order_total <> p.amount;
