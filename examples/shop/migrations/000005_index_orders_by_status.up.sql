-- orders is live and busy by now: build the index without blocking writes. golang-migrate runs
-- this file as it is (no transaction), which CONCURRENTLY requires; IF NOT EXISTS makes a retry
-- after a failed build harmless (drop an INVALID leftover index first).
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_created_at_idx ON orders (status, created_at);
