-- Teradata's own ordered analytical functions are the window functions Teradata documents them
-- as: CSUM(x, k) is SUM(x) OVER (ORDER BY k ROWS UNBOUNDED PRECEDING), MSUM / MAVG(x, n, k) a
-- moving SUM / AVG, MDIFF(x, n, k) x - LAG(x, n), RANK(k) and QUANTILE(n, k) ranks. x is the
-- value, the sort keys k are the window's ORDER BY; a GROUP BY of a query with no aggregate
-- restarts each function at every group (its PARTITION BY) and does not group the rows.

-- title: teradata CSUM / MAVG sort keys are window keys, not inputs; with aggregates the GROUP BY groups
-- dialect: teradata
-- schema: {"dw.snap": {"month_key": "int", "branch_id": "int", "fees": "decimal"}}
REPLACE VIEW dw.vw_fees AS
SEL branch_id, CSUM(SUM(fees), month_key) AS cum_fees, MAVG(SUM(fees), 3, month_key) AS avg3
FROM dw.snap GROUP BY branch_id, month_key;
-- expect:
-- dw.snap.branch_id -> dw.vw_fees.branch_id DIRECT.IDENTITY @2
-- dw.snap.fees -> dw.vw_fees.cum_fees DIRECT.AGGREGATION [sum, sum] @2
-- dw.snap.month_key -> dw.vw_fees.cum_fees INDIRECT.WINDOW
-- dw.snap.fees -> dw.vw_fees.avg3 DIRECT.AGGREGATION [sum, avg] @2
-- dw.snap.month_key -> dw.vw_fees.avg3 INDIRECT.WINDOW
-- dw.snap.branch_id -> dw.vw_fees.branch_id INDIRECT.GROUP_BY @3
-- dw.snap.month_key -> dw.vw_fees.branch_id INDIRECT.GROUP_BY @3
-- dw.snap.branch_id -> dw.vw_fees.cum_fees INDIRECT.GROUP_BY @3
-- dw.snap.month_key -> dw.vw_fees.cum_fees INDIRECT.GROUP_BY @3
-- dw.snap.branch_id -> dw.vw_fees.avg3 INDIRECT.GROUP_BY @3
-- dw.snap.month_key -> dw.vw_fees.avg3 INDIRECT.GROUP_BY @3

-- title: teradata CSUM, MSUM, MDIFF, RANK(k), QUANTILE(n, k) with ASC / DESC keys; a GROUP BY without aggregates restarts them
-- dialect: teradata
-- schema: {"dw.snap": {"month_key": "int", "branch_id": "int", "fees": "decimal"}}
CREATE VIEW dw.v AS
SEL branch_id, month_key,
    CSUM(fees, month_key DESC, branch_id ASC) AS c,
    MSUM(fees, 3, month_key) AS m,
    MDIFF(fees, 1, month_key) AS d,
    RANK(fees DESC) AS r,
    QUANTILE(10, fees) AS q
FROM dw.snap
GROUP BY branch_id
QUALIFY RANK(month_key) <= 3;
-- expect:
-- dw.snap.branch_id -> dw.v.branch_id DIRECT.IDENTITY @2
-- dw.snap.month_key -> dw.v.month_key DIRECT.IDENTITY @2
-- dw.snap.fees -> dw.v.c DIRECT.AGGREGATION [sum] @3
-- dw.snap.month_key -> dw.v.c INDIRECT.WINDOW
-- dw.snap.branch_id -> dw.v.c INDIRECT.WINDOW
-- dw.snap.fees -> dw.v.m DIRECT.AGGREGATION [sum] @4
-- dw.snap.month_key -> dw.v.m INDIRECT.WINDOW
-- dw.snap.branch_id -> dw.v.m INDIRECT.WINDOW
-- dw.snap.fees -> dw.v.d DIRECT.TRANSFORMATION @5
-- dw.snap.fees -> dw.v.d DIRECT.TRANSFORMATION [lag] @5
-- dw.snap.month_key -> dw.v.d INDIRECT.WINDOW
-- dw.snap.branch_id -> dw.v.d INDIRECT.WINDOW
-- dw.snap.fees -> dw.v.r INDIRECT.WINDOW
-- dw.snap.branch_id -> dw.v.r INDIRECT.WINDOW
-- dw.snap.fees -> dw.v.q INDIRECT.WINDOW
-- dw.snap.branch_id -> dw.v.q INDIRECT.WINDOW
-- dw.snap.branch_id -> dw.v.branch_id INDIRECT.FILTER @10
-- dw.snap.month_key -> dw.v.branch_id INDIRECT.FILTER @10
-- dw.snap.branch_id -> dw.v.month_key INDIRECT.FILTER @10
-- dw.snap.month_key -> dw.v.month_key INDIRECT.FILTER @10
-- dw.snap.branch_id -> dw.v.c INDIRECT.FILTER @10
-- dw.snap.month_key -> dw.v.c INDIRECT.FILTER @10
-- dw.snap.branch_id -> dw.v.m INDIRECT.FILTER @10
-- dw.snap.month_key -> dw.v.m INDIRECT.FILTER @10
-- dw.snap.branch_id -> dw.v.d INDIRECT.FILTER @10
-- dw.snap.month_key -> dw.v.d INDIRECT.FILTER @10
-- dw.snap.branch_id -> dw.v.r INDIRECT.FILTER @10
-- dw.snap.month_key -> dw.v.r INDIRECT.FILTER @10
-- dw.snap.branch_id -> dw.v.q INDIRECT.FILTER @10
-- dw.snap.month_key -> dw.v.q INDIRECT.FILTER @10

-- title: csum(x, k) outside Teradata is any function: both arguments are its inputs
-- dialect: postgres
-- schema: {"dw.snap": {"month_key": "int", "fees": "numeric"}}
CREATE VIEW dw.v AS SELECT csum(fees, month_key) AS c FROM dw.snap;
-- expect:
-- dw.snap.fees -> dw.v.c DIRECT.TRANSFORMATION [csum]
-- dw.snap.month_key -> dw.v.c DIRECT.TRANSFORMATION [csum]

-- title: teradata an unaliased CSUM in an INSERT ... SEL, its GROUP BY an ordinal: the GROUP BY partitions it by the projection in that place
-- dialect: teradata
-- schema: {"db.t": {"region": "varchar", "amount": "int", "d": "date"}}
INSERT INTO db.o (a, b)
SEL region, CSUM(amount, d)
FROM db.t
GROUP BY 1;
-- expect:
-- db.t.region -> db.o.a DIRECT.IDENTITY
-- db.t.amount -> db.o.b DIRECT.AGGREGATION [sum]
-- db.t.d -> db.o.b INDIRECT.WINDOW
-- db.t.region -> db.o.b INDIRECT.WINDOW

-- title: teradata APPROX_QUANTILE is no ordered analytical QUANTILE
-- dialect: teradata
-- schema: {"db.t": {"x": "int"}}
INSERT INTO db.o (a) SEL APPROX_QUANTILE(x, 0.5) FROM db.t;
-- expect:
-- db.t.x -> db.o.a DIRECT.AGGREGATION [approx_quantile]
