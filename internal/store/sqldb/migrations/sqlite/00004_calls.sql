-- +goose Up
-- Calls (跟进记录): every contact with a customer and how it went. A call
-- from the call center arrives without a disposition ('') and waits for
-- the rep to give one.
CREATE TABLE calls (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers (id),
    rep_code      TEXT NOT NULL DEFAULT '',
    logged_by     TEXT NOT NULL,
    called_at     TEXT NOT NULL,
    call_date     TEXT NOT NULL,
    channel       TEXT NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'visit', 'wechat', 'sms')),
    direction     TEXT NOT NULL DEFAULT 'outbound' CHECK (direction IN ('outbound', 'inbound')),
    disposition   TEXT NOT NULL DEFAULT '' CHECK (disposition IN ('', 'reached-paid', 'reached-promised', 'reached-excuse', 'reached-refused', 'callback-requested', 'no-answer', 'wrong-number', 'left-message')),
    notes         TEXT NOT NULL DEFAULT '',
    amount_asked  INTEGER NOT NULL DEFAULT 0 CHECK (amount_asked >= 0),
    amount_agreed INTEGER NOT NULL DEFAULT 0 CHECK (amount_agreed >= 0),
    -- the next follow-up the rep set in the call (suggested by the cadence)
    next_followup TEXT,
    -- the follow-up date the call answered, for the compliance figures
    due_on        TEXT,
    duration_s    INTEGER NOT NULL DEFAULT 0,
    recording_url TEXT NOT NULL DEFAULT '',
    -- an outside reference (a script's key, the call center's call id):
    -- logging the same call again changes nothing
    ref           TEXT UNIQUE
);
CREATE INDEX calls_customer ON calls (customer_id, call_date);
CREATE INDEX calls_date ON calls (call_date, rep_code);
-- Calls from the call center waiting for the rep's outcome.
CREATE INDEX calls_pending ON calls (rep_code) WHERE disposition = '';
-- Excuses are a factor of a promise's credibility.
CREATE INDEX calls_excuses ON calls (customer_id, call_date) WHERE disposition = 'reached-excuse';

-- Call-center events come with the customer's number.
CREATE INDEX customers_phone ON customers (phone);

-- Call-center events seen, so that a replayed event is refused.
CREATE TABLE cti_events (
    event_id    TEXT PRIMARY KEY,
    received_at TEXT NOT NULL
);

-- Each user's secret calendar feed (its SHA-256): one per user, a new
-- one replaces the old.
CREATE TABLE feed_tokens (
    user_id    INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

ALTER TABLE commitments ADD COLUMN call_id INTEGER REFERENCES calls (id);

CREATE INDEX commitments_call ON commitments (call_id) WHERE call_id IS NOT NULL;

-- Each customer's follow-up state, kept from its calls by every call
-- written: the worklist reads one row per customer.
ALTER TABLE customers ADD COLUMN followup_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN last_call_on TEXT;
ALTER TABLE customers ADD COLUMN last_contact_on TEXT;
ALTER TABLE customers ADD COLUMN last_disposition TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN next_set_on TEXT;

-- +goose Down
ALTER TABLE customers DROP COLUMN next_set_on;
ALTER TABLE customers DROP COLUMN last_disposition;
ALTER TABLE customers DROP COLUMN last_contact_on;
ALTER TABLE customers DROP COLUMN last_call_on;
ALTER TABLE customers DROP COLUMN followup_days;
DROP INDEX commitments_call;
ALTER TABLE commitments DROP COLUMN call_id;
DROP TABLE feed_tokens;
DROP TABLE cti_events;
DROP INDEX customers_phone;
DROP TABLE calls;
