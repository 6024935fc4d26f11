-- order_items.id is a plain integer serial: written before the team standardised on bigint
-- identity columns, and by far the fastest-growing table.
BEGIN;

CREATE TABLE order_items (
    id               serial PRIMARY KEY,
    order_id         bigint      NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id       bigint      NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    quantity         integer     NOT NULL CHECK (quantity > 0),
    unit_price_cents bigint      NOT NULL CHECK (unit_price_cents >= 0),
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX order_items_order_id_idx ON order_items (order_id);
CREATE INDEX order_items_product_id_idx ON order_items (product_id);

COMMIT;
