-- Cohort retention dashboard (the classic triangle), last three years of cohorts.
CREATE OR REPLACE VIEW bi.retention_dashboard AS
SELECT
    cr.cohort_month,
    cr.months_since_signup,
    cr.cohort_size,
    cr.active_customers,
    round(cr.retention_rate * 100, 1)   AS retention_pct
FROM marts.cohort_retention AS cr
WHERE cr.cohort_month >= dateadd(year, -3, current_date());
