-- Order lines with the product's category and unit cost.
CREATE OR REPLACE TABLE stg.order_items AS
SELECT
    i.order_item_id,
    i.order_id,
    i.product_id,
    p.category,
    i.quantity,
    i.unit_price,
    coalesce(i.discount_amount, 0)                             AS discount_amount,
    i.quantity * i.unit_price - coalesce(i.discount_amount, 0) AS line_revenue,
    i.quantity * p.unit_cost                                   AS line_cost
FROM raw.order_items AS i
JOIN raw.products AS p
    ON p.product_id = i.product_id;
