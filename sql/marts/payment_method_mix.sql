-- Monthly payment volume by method and card brand.
-- count(DISTINCT card_fingerprint) drops pci: a number of cards is not cardholder data.
CREATE OR REPLACE TABLE marts.payment_method_mix AS
SELECT
    date_trunc('month', p.paid_date)                                      AS month_start,
    p.payment_method,
    p.card_brand,
    count(*)                                                              AS payments,
    count(DISTINCT p.card_fingerprint)                                    AS distinct_cards,
    sum(p.amount_usd)                                                     AS amount_usd,
    sum(CASE WHEN p.payment_status = 'declined' THEN 1 ELSE 0 END)
        / count(*)                                                        AS decline_rate
FROM marts.fct_payments AS p
GROUP BY date_trunc('month', p.paid_date), p.payment_method, p.card_brand;
