-- Support tickets with response and resolution times. raw.support_tickets carries the
-- table-level tag pii, so every column selected from it is personal data.
CREATE OR REPLACE TABLE stg.support_tickets AS
SELECT
    t.ticket_id,
    t.user_id                                                     AS customer_id,
    lower(t.channel)                                              AS channel,
    t.subject,
    t.body,
    t.priority,
    lower(t.status)                                               AS ticket_status,
    t.created_at,
    t.first_response_at,
    t.resolved_at,
    datediff('minute', t.created_at, t.first_response_at) / 60.0  AS first_response_hours,
    datediff('minute', t.created_at, t.resolved_at) / 60.0        AS resolution_hours,
    t.csat_score
FROM raw.support_tickets AS t;
