-- Schema 4: follow-up reminders, each customer's last contact, settings for targets.

CREATE TABLE reminders (
    id             INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    -- Set on the service-recovery follow-up scheduled when a complaint is resolved.
    complaint_id   INTEGER REFERENCES complaints (id) ON DELETE SET NULL,
    due_on         TEXT NOT NULL,                -- local date, YYYY-MM-DD
    note           TEXT NOT NULL DEFAULT '',
    -- Recurring: 'fixed' keeps to the schedule that started on anchor_on;
    -- 'afterDone' counts from the day the last one was done. NULL: one-off.
    repeat_rule    TEXT CHECK (repeat_rule IN ('fixed', 'afterDone')),
    repeat_every   INTEGER CHECK (repeat_every BETWEEN 1 AND 999),
    repeat_unit    TEXT CHECK (repeat_unit IN ('day', 'week', 'month')),
    anchor_on      TEXT NOT NULL,                -- first due date of the series
    done_at        TEXT,                         -- RFC 3339 UTC
    interaction_id INTEGER REFERENCES interactions (id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    deleted_at     TEXT,
    CHECK ((repeat_rule IS NULL) = (repeat_every IS NULL) AND (repeat_rule IS NULL) = (repeat_unit IS NULL))
);
-- What is due (the Today screen), and a customer's own.
CREATE INDEX reminders_open_by_due ON reminders (due_on)
    WHERE done_at IS NULL AND deleted_at IS NULL;
CREATE INDEX reminders_by_customer ON reminders (customer_id, due_on);
CREATE INDEX reminders_by_complaint ON reminders (complaint_id) WHERE complaint_id IS NOT NULL;

-- Each customer's last contact (their newest live interaction), kept by
-- triggers so contact cycles are answered without reading every interaction.
CREATE TABLE customer_contact (
    customer_id     INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    last_contact_at TEXT NOT NULL
);
INSERT INTO customer_contact (customer_id, last_contact_at)
    SELECT customer_id, max(occurred_at) FROM interactions
    WHERE deleted_at IS NULL GROUP BY customer_id;

CREATE TRIGGER interactions_contact_insert AFTER INSERT ON interactions
WHEN NEW.deleted_at IS NULL
BEGIN
    INSERT INTO customer_contact (customer_id, last_contact_at)
        VALUES (NEW.customer_id, NEW.occurred_at)
        ON CONFLICT (customer_id) DO UPDATE
        SET last_contact_at = max(last_contact_at, excluded.last_contact_at);
END;

-- An edit, a trash or a restore: recount the customers it touched.
CREATE TRIGGER interactions_contact_update
AFTER UPDATE OF customer_id, occurred_at, deleted_at ON interactions
BEGIN
    DELETE FROM customer_contact WHERE customer_id IN (OLD.customer_id, NEW.customer_id);
    INSERT INTO customer_contact (customer_id, last_contact_at)
        SELECT customer_id, max(occurred_at) FROM interactions
        WHERE customer_id IN (OLD.customer_id, NEW.customer_id) AND deleted_at IS NULL
        GROUP BY customer_id;
END;

CREATE TRIGGER interactions_contact_delete AFTER DELETE ON interactions
BEGIN
    DELETE FROM customer_contact WHERE customer_id = OLD.customer_id;
    INSERT INTO customer_contact (customer_id, last_contact_at)
        SELECT customer_id, max(occurred_at) FROM interactions
        WHERE customer_id = OLD.customer_id AND deleted_at IS NULL
        GROUP BY customer_id;
END;

-- Today's contact cycles and birthdays, without reading every customer's row.
CREATE INDEX customers_with_cycle ON customers (id, contact_cycle_days, created_at)
    WHERE contact_cycle_days IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX customers_by_birthday_day ON customers (substr(birthday, 6))
    WHERE birthday IS NOT NULL AND deleted_at IS NULL;

-- "Recently contacted" on the Today screen.
CREATE INDEX interactions_recent ON interactions (occurred_at) WHERE deleted_at IS NULL;
