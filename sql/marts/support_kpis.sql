-- Weekly support KPIs per channel. Because raw.support_tickets is tagged pii as a whole,
-- every column that is not a count still carries pii (week_start comes from created_at,
-- averages keep tags). That is the price of a table-level tag; customer-care is cleared.
CREATE OR REPLACE TABLE marts.support_kpis AS
SELECT
    date_trunc('week', t.created_at)                            AS week_start,
    t.channel,
    count(*)                                                    AS tickets,
    count(DISTINCT t.customer_id)                               AS customers_contacting,
    count(CASE WHEN t.ticket_status <> 'solved' THEN 1 END)     AS open_tickets,
    avg(t.first_response_hours)                                 AS avg_first_response_hours,
    median(t.resolution_hours)                                  AS median_resolution_hours,
    avg(t.csat_score)                                           AS avg_csat
FROM stg.support_tickets AS t
GROUP BY date_trunc('week', t.created_at), t.channel;
