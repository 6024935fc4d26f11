BEGIN;
ALTER SEQUENCE order_items_id_seq AS integer;
ALTER TABLE order_items ALTER COLUMN id TYPE integer;
COMMIT;
