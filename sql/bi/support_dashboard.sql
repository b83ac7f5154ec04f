-- Support operations dashboard. Reads marts.support_kpis, whose non-count columns carry pii
-- (table-level tag on raw.support_tickets), so this view carries pii too.
CREATE OR REPLACE VIEW bi.support_dashboard AS
SELECT
    k.week_start,
    k.channel,
    k.tickets,
    k.open_tickets,
    k.avg_first_response_hours,
    k.median_resolution_hours,
    k.avg_csat,
    avg(k.avg_csat) OVER (
        PARTITION BY k.channel ORDER BY k.week_start ROWS BETWEEN 3 PRECEDING AND CURRENT ROW
    )                                   AS avg_csat_4w
FROM marts.support_kpis AS k;
