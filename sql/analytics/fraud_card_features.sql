-- Per-card features for the fraud model, keyed by a sha2 fingerprint of the card number.
-- The data-science team hashes the PAN believing that takes it out of PCI scope. It does
-- not: the catalog's rule for pci is `sha2: pci` (16-digit PANs are cheap to brute-force),
-- so card_fingerprint still carries pci, in a table owned by analytics in the analytics zone.
CREATE OR REPLACE TABLE analytics.fraud_card_features AS
SELECT
    sha2(p.card_number, 256)                                       AS card_fingerprint,
    max(p.card_brand)                                              AS card_brand,
    count(DISTINCT o.customer_id)                                  AS customers_on_card,
    count(DISTINCT o.shipping_country)                             AS countries_on_card,
    count(*)                                                       AS payments_90d,
    sum(CASE WHEN p.payment_status = 'declined' THEN 1 ELSE 0 END) AS declines_90d,
    max(p.amount)                                                  AS max_amount,
    min(p.paid_at)                                                 AS first_seen_at,
    max(p.paid_at)                                                 AS last_seen_at
FROM stg.payments AS p
JOIN stg.orders AS o
    ON o.order_id = p.order_id
WHERE p.paid_at >= dateadd(day, -90, current_date())
GROUP BY sha2(p.card_number, 256);
