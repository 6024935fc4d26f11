DROP INDEX IF EXISTS orders_user_id_created_at_idx;
DROP TABLE IF EXISTS order_events;
DROP INDEX IF EXISTS orders_public_id_key;
ALTER TABLE orders DROP COLUMN IF EXISTS public_id;
