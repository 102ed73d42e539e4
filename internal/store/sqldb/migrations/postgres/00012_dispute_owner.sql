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
ALTER TABLE disputes ADD COLUMN call_id BIGINT REFERENCES calls (id);
-- The disputes page lists the open ones, oldest first.
CREATE INDEX disputes_open ON disputes (resolved_on, opened_on);

-- +goose Down
DROP INDEX disputes_open;
ALTER TABLE disputes DROP COLUMN call_id;
ALTER TABLE disputes DROP COLUMN opened_by;
ALTER TABLE disputes DROP COLUMN resolution;
ALTER TABLE disputes DROP COLUMN owner;
ALTER TABLE disputes DROP COLUMN reason;
