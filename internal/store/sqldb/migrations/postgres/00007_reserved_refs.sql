-- +goose Up
-- Refs beginning with cti: belong to the call-center webhook and idem: to
-- the creates of an Idempotency-Key. A user's ref planted in them before
-- they were refused (a call logged as cti:<the next call id>, which the
-- webhook would have completed) moves out of them, prefixed with user:.
UPDATE calls SET ref = 'user:' || ref WHERE (ref LIKE 'cti:%' AND logged_by <> 'cti') OR ref LIKE 'idem:%';
UPDATE commitments SET ref = 'user:' || ref WHERE ref LIKE 'cti:%' OR ref LIKE 'idem:%';

-- +goose Down
-- Nothing to undo: the refs moved are a user's, and stay theirs.
SELECT 1;
