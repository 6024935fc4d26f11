-- Clean-up after the multi-currency release and the catalogue import.
BEGIN;

-- "name" is ambiguous next to the new display name in the app.
ALTER TABLE users RENAME COLUMN name TO full_name;

-- The old ERP sku is no longer read anywhere.
ALTER TABLE products DROP COLUMN legacy_sku;

-- Every order has a currency since the backfill in 000007.
ALTER TABLE orders ALTER COLUMN currency SET NOT NULL;

-- Product pages get a long description.
ALTER TABLE products ADD COLUMN description text;

COMMIT;
