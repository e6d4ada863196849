-- Schema 3: complaints and the steps of their handling.

CREATE TABLE complaints (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    received_at       TEXT NOT NULL,             -- RFC 3339 UTC
    channel           TEXT NOT NULL DEFAULT '',  -- in person, phone, message, review...
    category          TEXT NOT NULL CHECK (category IN
                        ('productQuality', 'staffAttitude', 'promiseNotKept', 'delivery', 'price', 'other')),
    severity          TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    description       TEXT NOT NULL CHECK (length(trim(description)) > 0),
    status            TEXT NOT NULL CHECK (status IN ('open', 'inProgress', 'resolved', 'closed')),
    first_response_at TEXT,                      -- first move out of 'open'
    resolved_at       TEXT,
    closed_at         TEXT,
    remedy            TEXT CHECK (remedy IN ('refund', 'replacement', 'discount', 'apology', 'other')),
    remedy_note       TEXT,
    cause_summary     TEXT,                      -- why it happened and what changes, at closing
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT
);
CREATE INDEX complaints_by_customer ON complaints (customer_id, received_at);
CREATE INDEX complaints_unfinished ON complaints (status, received_at)
    WHERE deleted_at IS NULL AND status IN ('open', 'inProgress');

-- The handling history, one row per move, read as a thread.
CREATE TABLE complaint_steps (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    from_status  TEXT,                           -- NULL for the recording itself
    to_status    TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_steps_by_complaint ON complaint_steps (complaint_id, at);
