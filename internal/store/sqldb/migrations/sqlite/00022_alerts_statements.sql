-- +goose Up
-- What a manager is to hear of (issue 17), written in the transaction of
-- what caused it: a promise broken or partly kept, a plan the customer
-- declined. The morning's alerts batch the pending ones into one message a
-- manager and team robot, and mark them batched_on in the transaction
-- that enqueues that message. A promise or plan is read again then: one
-- kept after all by a back-dated payment, or agreed since, is no news.
CREATE TABLE alert_events (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('promise_broken', 'plan_declined')),
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    commitment_id INTEGER REFERENCES commitments (id) ON DELETE CASCADE,
    plan_id     INTEGER REFERENCES plans (id) ON DELETE CASCADE,
    amount      INTEGER NOT NULL DEFAULT 0,
    day         TEXT NOT NULL,
    batched_on  TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX alert_events_pending ON alert_events (id) WHERE batched_on IS NULL;

-- The dealer's e-mail address, for its monthly statement; blank: none.
ALTER TABLE customers ADD COLUMN email TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE customers DROP COLUMN email;
DROP TABLE alert_events;
