-- Schema 6: satisfaction surveys, refunds on purchases, merged customers, and
-- undo for changes made to many customers at once (bulk actions, merges).

-- What a survey asks about. Built-in dimensions have a key, and the UI names
-- them in its language until the owner renames them. A retired dimension is
-- no longer asked, but its old answers stay and still count.
CREATE TABLE survey_dimensions (
    id         INTEGER PRIMARY KEY,
    key        TEXT UNIQUE,           -- productQuality, price, ...; NULL for the owner's own
    name       TEXT,                  -- the owner's name; NULL: the built-in name
    position   INTEGER NOT NULL,
    retired_at TEXT,
    CHECK (key IS NOT NULL OR length(trim(name)) > 0)
);
INSERT INTO survey_dimensions (key, position) VALUES
    ('productQuality', 1), ('price', 2), ('delivery', 3),
    ('staffManner', 4), ('responseSpeed', 5), ('complaintHandling', 6);

-- One answer from one customer, optionally about a purchase or a complaint.
CREATE TABLE surveys (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    interaction_id  INTEGER REFERENCES interactions (id) ON DELETE SET NULL,
    complaint_id    INTEGER REFERENCES complaints (id) ON DELETE SET NULL,
    answered_on     TEXT NOT NULL,    -- local date, YYYY-MM-DD
    comment         TEXT NOT NULL DEFAULT '',
    -- C = b / a: what the customer expected (a) and perceived (b), on 0..10.
    expected_score  REAL CHECK (expected_score > 0 AND expected_score <= 10),
    perceived_score REAL CHECK (perceived_score >= 0 AND perceived_score <= 10),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    CHECK ((expected_score IS NULL) = (perceived_score IS NULL))
);
CREATE INDEX surveys_by_customer ON surveys (customer_id, answered_on) WHERE deleted_at IS NULL;
CREATE INDEX surveys_by_date ON surveys (answered_on) WHERE deleted_at IS NULL;
CREATE INDEX surveys_by_complaint ON surveys (complaint_id)
    WHERE complaint_id IS NOT NULL AND deleted_at IS NULL;

-- The five-level scale: 5 非常满意 very satisfied, 4 满意 satisfied,
-- 3 基本满意 basically satisfied, 2 不满意 dissatisfied, 1 非常不满意.
CREATE TABLE survey_ratings (
    survey_id    INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    dimension_id INTEGER NOT NULL REFERENCES survey_dimensions (id),
    rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    PRIMARY KEY (survey_id, dimension_id)
) WITHOUT ROWID;
CREATE INDEX survey_ratings_by_dimension ON survey_ratings (dimension_id);

-- Money given back on a purchase: its net spend is amount − refunded.
ALTER TABLE interactions ADD COLUMN refunded_cents INTEGER
    CHECK (refunded_cents >= 0 AND refunded_cents <= amount_cents);

-- Spend and loyalty read every purchase; this covers them without the rows
-- (kind and deleted_at are in it too, or SQLite reads each row to check them).
CREATE INDEX interactions_purchases
    ON interactions (customer_id, occurred_at, amount_cents, refunded_cents, kind, deleted_at)
    WHERE kind = 'purchase' AND deleted_at IS NULL;

-- A customer merged into another: kept (with deleted_at set) so the merge can
-- be undone, but not shown in the trash.
ALTER TABLE customers ADD COLUMN merged_into INTEGER REFERENCES customers (id) ON DELETE SET NULL;

-- Changes to many customers at once, remembered so each is undone as one.
-- kind: addTags, removeTags, setContactCycle, trash, merge (checked in Rust,
-- so later kinds need no table rebuild).
CREATE TABLE change_batches (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '{}',  -- JSON: the tags, the cycle, the kept customer...
    customers INTEGER NOT NULL,            -- how many customers it touched
    made_at   TEXT NOT NULL,
    undone_at TEXT
);

-- Each row a change touched, as it was before (JSON). No foreign keys: a row
-- deleted for good since is passed over by undo.
CREATE TABLE change_rows (
    batch_id INTEGER NOT NULL REFERENCES change_batches (id) ON DELETE CASCADE,
    entity   TEXT NOT NULL CHECK (entity IN ('customer', 'interaction', 'complaint', 'reminder', 'survey')),
    row_id   INTEGER NOT NULL,
    before   TEXT,
    PRIMARY KEY (batch_id, entity, row_id)
) WITHOUT ROWID;
