-- title: clickhouse materialized view whose group by repeats the projection's alias
-- dialect: clickhouse
-- schema: {"default.clicks": {"event_time": "DateTime", "client_ip": "String"}}
CREATE MATERIALIZED VIEW daily_mv TO default.daily AS
SELECT toDate(event_time) AS on_date, any(client_ip) AS ip, count() AS clicks
FROM default.clicks
GROUP BY toDate(event_time) AS on_date;
-- expect:
-- default.clicks.event_time -> default.daily.on_date DIRECT.TRANSFORMATION [todate] @2
-- default.clicks.client_ip -> default.daily.ip DIRECT.AGGREGATION [any_value] @2
-- default.clicks.event_time -> default.daily.on_date INDIRECT.GROUP_BY @4
-- default.clicks.event_time -> default.daily.ip INDIRECT.GROUP_BY @4
-- default.clicks.event_time -> default.daily.clicks INDIRECT.GROUP_BY @4
-- default.daily.on_date -> daily_mv.on_date DIRECT.IDENTITY @1
-- default.daily.ip -> daily_mv.ip DIRECT.IDENTITY @1
-- default.daily.clicks -> daily_mv.clicks DIRECT.IDENTITY @1

-- title: clickhouse group by alias inside a cte and an order by alias with desc
-- dialect: clickhouse
-- schema: {"raw.a": {"ts": "DateTime", "src": "String"}}
CREATE TABLE mart.top ENGINE = MergeTree ORDER BY d AS
WITH c AS (
    SELECT toDate(ts) AS d, src, count() AS n
    FROM raw.a
    GROUP BY toDate(ts) AS d, src
)
SELECT d, src, n FROM c ORDER BY toDate(d) AS day DESC, src
-- expect:
-- raw.a.ts -> mart.top.d DIRECT.TRANSFORMATION [todate] @7
-- raw.a.src -> mart.top.src DIRECT.IDENTITY @7
-- raw.a.ts -> mart.top.d INDIRECT.GROUP_BY @5
-- raw.a.ts -> mart.top.src INDIRECT.GROUP_BY @5
-- raw.a.ts -> mart.top.n INDIRECT.GROUP_BY @5
-- raw.a.src -> mart.top.d INDIRECT.GROUP_BY @5
-- raw.a.src -> mart.top.src INDIRECT.GROUP_BY @5
-- raw.a.src -> mart.top.n INDIRECT.GROUP_BY @5
-- raw.a.ts -> mart.top.d INDIRECT.SORT @7
-- raw.a.ts -> mart.top.src INDIRECT.SORT @7
-- raw.a.ts -> mart.top.n INDIRECT.SORT @7
-- raw.a.src -> mart.top.d INDIRECT.SORT @7
-- raw.a.src -> mart.top.src INDIRECT.SORT @7
-- raw.a.src -> mart.top.n INDIRECT.SORT @7

-- title: clickhouse group by alias then having on the alias (expanded: the projection's line, as before)
-- dialect: clickhouse
-- schema: {"raw.a": {"ts": "DateTime"}}
INSERT INTO mart.recent
SELECT toDate(ts) AS d, count() AS n
FROM raw.a
GROUP BY toDate(ts) AS d
HAVING d > '2024-01-01'
-- expect:
-- raw.a.ts -> mart.recent.d DIRECT.TRANSFORMATION [todate] @2
-- raw.a.ts -> mart.recent.d INDIRECT.GROUP_BY @4
-- raw.a.ts -> mart.recent.n INDIRECT.GROUP_BY @4
-- raw.a.ts -> mart.recent.d INDIRECT.FILTER @2
-- raw.a.ts -> mart.recent.n INDIRECT.FILTER @2

-- title: clickhouse projection alias after a group by in another union branch stays a projection
-- dialect: clickhouse
-- schema: {"raw.a": {"x": "Int64"}, "raw.b": {"y": "Int64"}}
INSERT INTO mart.u
SELECT x FROM raw.a GROUP BY x
UNION ALL
SELECT y AS x FROM raw.b
-- expect:
-- raw.a.x -> mart.u.x DIRECT.IDENTITY
-- raw.b.y -> mart.u.x DIRECT.IDENTITY
-- raw.a.x -> mart.u.x INDIRECT.GROUP_BY
