-- +goose Up
-- Money columns are INTEGER minor units (分); dates are TEXT 'YYYY-MM-DD',
-- which sorts in date order; '9999-12-31' in closed_on means still open.
CREATE TABLE regions (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE reps (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    region_id INTEGER REFERENCES regions (id)
);

CREATE TABLE customers (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    region_id          INTEGER NOT NULL REFERENCES regions (id),
    rep_id             INTEGER NOT NULL REFERENCES reps (id),
    credit_tier        TEXT NOT NULL CHECK (credit_tier IN ('A', 'B', 'C', 'D')),
    credit_limit       INTEGER NOT NULL CHECK (credit_limit >= 0),
    payment_terms_days INTEGER NOT NULL CHECK (payment_terms_days >= 0),
    contact            TEXT NOT NULL DEFAULT '',
    phone              TEXT NOT NULL DEFAULT '',
    -- The customer's current position, kept by every ledger write.
    owed               INTEGER NOT NULL DEFAULT 0,
    prepaid            INTEGER NOT NULL DEFAULT 0,
    disputed           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customers_rep ON customers (rep_id);

CREATE TABLE invoices (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    issue_date  TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount <> 0),
    open_amount INTEGER NOT NULL,
    held_amount INTEGER NOT NULL DEFAULT 0,
    closed_on   TEXT NOT NULL
);
CREATE INDEX invoices_customer ON invoices (customer_id, issue_date);
-- Finds what was open on a past date (issued before it, closed after it)
-- without reading the table; open invoices sit at its end.
CREATE INDEX invoices_closed ON invoices (closed_on, issue_date, amount, customer_id, due_date);

CREATE TABLE payments (
    id          INTEGER PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    date        TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    unapplied   INTEGER NOT NULL,
    closed_on   TEXT NOT NULL
);
CREATE INDEX payments_customer ON payments (customer_id, date);
CREATE INDEX payments_closed ON payments (closed_on, date, customer_id, amount);

-- The invoices a payment says it pays, in the order given.
CREATE TABLE payment_invoices (
    payment_id INTEGER NOT NULL REFERENCES payments (id),
    position   INTEGER NOT NULL,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    PRIMARY KEY (payment_id, position)
);

CREATE TABLE disputes (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    opened_on   TEXT NOT NULL,
    resolved_on TEXT NOT NULL DEFAULT '9999-12-31',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX disputes_invoice ON disputes (invoice_id);

-- Allocations are derived: rewritten for a customer whenever its documents
-- change, by replaying them (ledger.Allocate).
CREATE TABLE allocations (
    customer_id    INTEGER NOT NULL REFERENCES customers (id),
    invoice_id     INTEGER NOT NULL REFERENCES invoices (id),
    payment_id     INTEGER REFERENCES payments (id),
    credit_note_id INTEGER REFERENCES invoices (id),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    date           TEXT NOT NULL,
    CHECK ((payment_id IS NULL) <> (credit_note_id IS NULL))
);
CREATE INDEX allocations_customer ON allocations (customer_id);
CREATE INDEX allocations_invoice ON allocations (invoice_id, date, amount);
CREATE INDEX allocations_payment ON allocations (payment_id, date, amount) WHERE payment_id IS NOT NULL;
CREATE INDEX allocations_credit_note ON allocations (credit_note_id, date, amount) WHERE credit_note_id IS NOT NULL;

-- The latest business date of any document or dispute event: aging on or
-- after it can use the open amounts kept on invoices.
CREATE TABLE ledger_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    last_event TEXT NOT NULL
);
INSERT INTO ledger_state (id, last_event) VALUES (1, '1970-01-01');

-- +goose Down
DROP TABLE ledger_state;
DROP TABLE allocations;
DROP TABLE disputes;
DROP TABLE payment_invoices;
DROP TABLE payments;
DROP TABLE invoices;
DROP TABLE customers;
DROP TABLE reps;
DROP TABLE regions;
