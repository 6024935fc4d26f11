-- Multi-currency checkout, step 1: a nullable column without a default only touches the catalog.
-- The backfill is the next migration, in batches; NOT NULL comes once every row has a value.
SET lock_timeout = '5s';

ALTER TABLE orders ADD COLUMN IF NOT EXISTS currency text;
ALTER TABLE orders ALTER COLUMN currency SET DEFAULT 'EUR';
