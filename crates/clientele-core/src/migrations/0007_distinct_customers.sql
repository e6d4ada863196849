-- Schema 7: customers the owner has said are not the same person (a couple
-- sharing the shop's phone, namesakes), so "find duplicates" stops pairing
-- them. One row per pair, the smaller id first.
CREATE TABLE distinct_customers (
    a          INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    b          INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;
-- Purging a customer deletes their pairs through either column.
CREATE INDEX distinct_customers_b ON distinct_customers (b);
