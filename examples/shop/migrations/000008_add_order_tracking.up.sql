-- Order tracking page: customers look orders up by a public id instead of the sequential one.
ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX orders_public_id_key ON orders (public_id);

-- Shipping events shown on the tracking page.
CREATE TABLE order_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id    bigint      NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    kind        text        NOT NULL,
    payload     jsonb       NOT NULL DEFAULT '{}',
    occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_events_order_id_idx ON order_events (order_id, occurred_at);

-- The "my orders" list sorts by date.
CREATE INDEX orders_user_id_created_at_idx ON orders (user_id, created_at);
