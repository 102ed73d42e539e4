-- +goose Up
-- A dispute carved out in a call (issue 13): why it was raised (an excuse
-- category of internal/excuse, '' for disputes from before), who must
-- resolve it (a login, '' while unassigned), how it ended ('' while open,
-- and for disputes resolved before resolutions were recorded), who opened
-- it, and the call it was carved out in, if any.
ALTER TABLE disputes ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE disputes ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE disputes ADD COLUMN resolution TEXT NOT NULL DEFAULT ''
    CHECK (resolution IN ('', 'credit_note', 'rejected', 'withdrawn'));
ALTER TABLE disputes ADD COLUMN opened_by TEXT NOT NULL DEFAULT '';
ALTER TABLE disputes ADD COLUMN call_id INTEGER REFERENCES calls (id);
-- The disputes page lists the open ones, oldest first.
CREATE INDEX disputes_open ON disputes (resolved_on, opened_on);

-- +goose Down
-- SQLite cannot drop a column that references another table: rebuild.
DROP INDEX disputes_open;
CREATE TABLE disputes_before (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    opened_on   TEXT NOT NULL,
    resolved_on TEXT NOT NULL DEFAULT '9999-12-31',
    note        TEXT NOT NULL DEFAULT ''
);
INSERT INTO disputes_before (id, invoice_id, amount, opened_on, resolved_on, note)
    SELECT id, invoice_id, amount, opened_on, resolved_on, note FROM disputes;
DROP TABLE disputes;
ALTER TABLE disputes_before RENAME TO disputes;
CREATE INDEX disputes_invoice ON disputes (invoice_id);
