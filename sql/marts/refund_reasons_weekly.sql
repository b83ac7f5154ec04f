-- DELIBERATELY BROKEN (demo): the count( below is never closed, so this file does not parse.
-- lineage-policy reports the task as `lineage-unknown` and parse coverage drops below 100%,
-- while every other task is still analysed. Please do not fix it: the demo relies on it.
CREATE OR REPLACE TABLE marts.refund_reasons_weekly AS
SELECT
    date_trunc('week', r.refunded_at)   AS week_start,
    r.reason_code,
    count(r.refund_id                   AS refunds,
    sum(r.amount)                       AS refunded_amount
FROM stg.refunds AS r
GROUP BY date_trunc('week', r.refunded_at), r.reason_code;
