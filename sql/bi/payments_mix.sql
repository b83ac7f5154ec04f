-- Payment method mix dashboard: share of monthly volume per method and brand.
CREATE OR REPLACE VIEW bi.payments_mix AS
SELECT
    pm.month_start,
    pm.payment_method,
    pm.card_brand,
    pm.payments,
    pm.distinct_cards,
    pm.amount_usd,
    pm.decline_rate,
    pm.amount_usd / sum(pm.amount_usd) OVER (PARTITION BY pm.month_start)   AS volume_share
FROM marts.payment_method_mix AS pm;
