-- Newsletter dashboard: weekly sign-ups per list with a running total.
CREATE OR REPLACE VIEW bi.newsletter_dashboard AS
SELECT
    g.list_name,
    g.week_start,
    g.new_subscribers,
    g.checkout_signups,
    sum(g.new_subscribers) OVER (PARTITION BY g.list_name ORDER BY g.week_start) AS cumulative_subscribers
FROM marts.newsletter_growth AS g;
