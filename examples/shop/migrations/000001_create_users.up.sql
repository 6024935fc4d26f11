-- Customers who can sign in and place orders.
BEGIN;

CREATE TABLE users (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text        NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One account per address, whatever its capitalisation.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

COMMIT;
