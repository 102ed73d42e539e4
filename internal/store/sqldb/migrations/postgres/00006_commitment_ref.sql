-- +goose Up
-- A promise recorded from a form names the form it came from, so that the
-- same form sent twice (a double tap, a retry) records it once.
ALTER TABLE commitments ADD COLUMN ref TEXT;
CREATE UNIQUE INDEX commitments_ref ON commitments (ref) WHERE ref IS NOT NULL;

-- +goose Down
DROP INDEX commitments_ref;
ALTER TABLE commitments DROP COLUMN ref;
