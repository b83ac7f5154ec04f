-- Weekly newsletter growth per list. The e-mail address is only ever counted, and
-- count / count(DISTINCT ...) drops pii, so this view holds no personal data.
CREATE OR REPLACE VIEW marts.newsletter_growth AS
SELECT
    n.list_name,
    date_trunc('week', n.subscribed_at)                                  AS week_start,
    count(DISTINCT n.email)                                              AS new_subscribers,
    count(DISTINCT CASE WHEN n.source = 'checkout' THEN n.email END)     AS checkout_signups,
    count(DISTINCT CASE WHEN NOT n.is_active THEN n.email END)           AS since_unsubscribed
FROM stg.newsletter_subscribers AS n
GROUP BY n.list_name, date_trunc('week', n.subscribed_at);
