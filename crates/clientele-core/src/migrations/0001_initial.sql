-- Schema 1: customers, their tags, the search index and app settings.

CREATE TABLE customers (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- JSON array of phone numbers exactly as typed, in the user's order.
    phones             TEXT NOT NULL DEFAULT '[]',
    email              TEXT,
    address            TEXT,
    company            TEXT,
    birthday           TEXT,            -- ISO date, YYYY-MM-DD
    gender             TEXT CHECK (gender IN ('female', 'male', 'other')),
    source             TEXT,
    contact_cycle_days INTEGER CHECK (contact_cycle_days > 0),
    notes              TEXT NOT NULL DEFAULT '',
    created_at         TEXT NOT NULL,   -- RFC 3339 UTC, sortable as text
    updated_at         TEXT NOT NULL,
    deleted_at         TEXT             -- set while the customer is in the trash
);

-- The list's three sort orders, over live customers only (the trash is small).
CREATE INDEX customers_live_by_name ON customers (name COLLATE NOCASE, id) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_by_created ON customers (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_by_updated ON customers (updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX customers_trash ON customers (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE customer_tags (
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (customer_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX customer_tags_by_tag ON customer_tags (tag_id, customer_id);

-- What search looks at: one lower-cased text per customer, built in Rust
-- (name, phones and their digits, email, company, tags, notes; later pinyin).
-- The app keeps these in memory for search as you type (search_index.rs).
CREATE TABLE customer_search (
    id   INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    body TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
