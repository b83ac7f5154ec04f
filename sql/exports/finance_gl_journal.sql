-- Yesterday's revenue journal lines for the ERP: one UNION ALL branch per GL account.
INSERT INTO export.finance_gl_journal (
    journal_date, gl_account, currency, debit_usd, credit_usd, memo
)
SELECT
    d.revenue_date,
    '4000-sales',
    d.currency,
    0,
    d.gross_revenue_usd,
    'Gross sales'
FROM marts.daily_revenue AS d
WHERE d.revenue_date = dateadd(day, -1, current_date())
UNION ALL
SELECT
    d.revenue_date,
    '4050-discounts',
    d.currency,
    d.discounts_usd,
    0,
    'Discounts'
FROM marts.daily_revenue AS d
WHERE d.revenue_date = dateadd(day, -1, current_date())
UNION ALL
SELECT
    d.revenue_date,
    '4100-refunds',
    d.currency,
    d.refunds_usd,
    0,
    'Refunds'
FROM marts.daily_revenue AS d
WHERE d.revenue_date = dateadd(day, -1, current_date());
