-- Schema 2: interactions, every recorded contact with a customer.

CREATE TABLE interactions (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('visit', 'call', 'message', 'email', 'purchase', 'note')),
    occurred_at  TEXT NOT NULL,              -- RFC 3339 UTC
    summary      TEXT NOT NULL DEFAULT '',
    -- Money in hundredths of the currency unit (分), so sums are exact.
    amount_cents INTEGER CHECK (amount_cents >= 0),
    items        TEXT,                       -- what was bought
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,
    CHECK (kind = 'purchase' OR amount_cents IS NULL)
);

-- A customer's timeline, newest first.
CREATE INDEX interactions_by_customer ON interactions (customer_id, occurred_at)
    WHERE deleted_at IS NULL;
