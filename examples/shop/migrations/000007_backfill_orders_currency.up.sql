-- Multi-currency checkout, step 2: fill in the currency of existing orders in primary-key ranges
-- of 5,000 rows, one transaction per range, so no row stays locked for long. golang-migrate runs
-- this file outside a transaction block, which lets the loop COMMIT between batches (PG 11+).
DO $$
DECLARE
    last_id bigint := 0;
    max_id  bigint;
BEGIN
    SELECT coalesce(max(id), 0) INTO max_id FROM orders;
    WHILE last_id < max_id LOOP
        UPDATE orders
           SET currency = 'EUR'
         WHERE id > last_id AND id <= last_id + 5000 AND currency IS NULL;
        last_id := last_id + 5000;
        COMMIT;
    END LOOP;
END
$$;
