-- Newsletter subscriptions, e-mail normalised.
CREATE OR REPLACE TABLE stg.newsletter_subscribers AS
SELECT
    n.subscription_id,
    lower(trim(n.email))          AS email,
    n.list_name,
    lower(n.source)               AS source,
    n.subscribed_at,
    n.unsubscribed_at,
    n.unsubscribed_at IS NULL     AS is_active
FROM raw.newsletter_subscriptions AS n;
