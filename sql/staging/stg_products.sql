-- Active products. SELECT * is expanded from the catalog's column list for raw.products.
CREATE OR REPLACE VIEW stg.products AS
SELECT *
FROM raw.products
WHERE is_active;
