-- +goose Up
-- Timestamps are UTC, written as 'YYYY-MM-DDTHH:MM:SS.ffffffZ' so that
-- they sort as text.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'rep')),
    rep_id        INTEGER REFERENCES reps (id),
    team          TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- A rep belongs to a manager's team by the team's name.
ALTER TABLE reps ADD COLUMN team TEXT NOT NULL DEFAULT '';

-- Server-side sessions: the cookie holds a random token, the table its hash.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL
);

-- Who changed what: money records, customers and users.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    before     TEXT,
    after      TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_key);

-- Installation settings (aging buckets, calendar, …) as JSON values.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Responses to API writes by idempotency key, so a retried POST is
-- answered with the first response instead of writing twice.
CREATE TABLE idempotency_keys (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    request    TEXT NOT NULL,
    status     INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- The earliest due date among a customer's open, collectable invoices, kept
-- by every ledger write: the list of customers shows and filters overdue
-- without reading invoices.
ALTER TABLE customers ADD COLUMN oldest_due TEXT;
UPDATE customers SET oldest_due = (
    SELECT MIN(i.due_date) FROM invoices i
    WHERE i.customer_id = customers.id AND i.closed_on = '9999-12-31' AND i.amount > 0 AND i.open_amount > i.held_amount);

-- What the customer owes and can be asked for, invoice by invoice, as
-- 'YYYY-MM-DD:amount' by due date, comma-separated: what is overdue on any
-- day is read from the customer's row alone.
ALTER TABLE customers ADD COLUMN open_items TEXT NOT NULL DEFAULT '';
UPDATE customers SET open_items = COALESCE((
    SELECT GROUP_CONCAT(due_date || ':' || (open_amount - held_amount), ',') FROM (
        SELECT due_date, open_amount, held_amount FROM invoices i
        WHERE i.customer_id = customers.id AND i.closed_on = '9999-12-31' AND i.amount > 0 AND i.open_amount > i.held_amount
        ORDER BY due_date)), '');

-- +goose Down
ALTER TABLE customers DROP COLUMN open_items;
ALTER TABLE customers DROP COLUMN oldest_due;
DROP TABLE idempotency_keys;
DROP TABLE settings;
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE sessions;
ALTER TABLE reps DROP COLUMN team;
DROP TABLE users;
