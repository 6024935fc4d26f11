-- order_items.id passed 1.6 billion: move it to bigint before the integer runs out.
BEGIN;
ALTER TABLE order_items ALTER COLUMN id TYPE bigint;
ALTER SEQUENCE order_items_id_seq AS bigint;
COMMIT;
