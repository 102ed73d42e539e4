-- +goose Up
-- Customers' promises to pay. status, fulfilled and decided_on are derived
-- by commitment.Rules.Decide from the customer's payments and are rewritten
-- whenever those change or a day passes (huikuan jobs run).
CREATE TABLE commitments (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    due_date     TEXT NOT NULL,
    made_on      TEXT NOT NULL,
    contact      TEXT NOT NULL DEFAULT '',
    support_kind TEXT NOT NULL DEFAULT '' CHECK (support_kind IN ('', 'downstream_promotion', 'stock_up_incentive', 'downstream_collection', 'bank_acceptance', 'other')),
    support_text TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    cancelled    INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'partly_kept', 'broken', 'cancelled')),
    fulfilled    INTEGER NOT NULL DEFAULT 0,
    decided_on   TEXT,
    -- The probability of being kept in full when the promise was made,
    -- and the reasons given then (JSON).
    credibility  REAL,
    reasons      TEXT NOT NULL DEFAULT '',
    -- The same probability by the model the daily job fitted last.
    credibility_now REAL
);
CREATE INDEX commitments_customer ON commitments (customer_id, made_on);
CREATE INDEX commitments_due ON commitments (due_date, status);

-- Outcomes that depend on the date (partly kept, broken) are decided up
-- to this day.
ALTER TABLE ledger_state ADD COLUMN decided_through TEXT NOT NULL DEFAULT '1970-01-01';

-- +goose Down
ALTER TABLE ledger_state DROP COLUMN decided_through;
DROP TABLE commitments;
