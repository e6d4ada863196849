-- Schema 5: imports, remembered so each can be undone as one batch.

CREATE TABLE import_batches (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    added       INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    failed      INTEGER NOT NULL,
    undone_at   TEXT
);

-- What one import did to one customer. No foreign key to customers: a
-- customer deleted for good later leaves the record, and undo passes over it.
CREATE TABLE import_changes (
    batch_id    INTEGER NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('added', 'updated')),
    -- For 'updated': the customer before the import, as JSON.
    before      TEXT,
    PRIMARY KEY (batch_id, customer_id)
) WITHOUT ROWID;
