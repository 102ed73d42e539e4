-- +goose Up
-- The six-habit scorecard (issue 14). A call's recommended_ask is the
-- opening ask (negotiation.OpeningAsk) recommended for its customer on the
-- call's day, set when the call is logged (NULL when none was known: calls
-- loaded in bulk without one, and those from before); the scorecard
-- compares what was asked with it, finding the calls that have one by an
-- index of their own rather than among all of a month's. The promises
-- made in a month are summed by the day they were made (those decided, on
-- 00015's indexes), and the cadence reads the open promises of every
-- customer for the month's follow-ups.
ALTER TABLE calls ADD COLUMN recommended_ask INTEGER CHECK (recommended_ask >= 0);
CREATE INDEX calls_recommended ON calls (call_date) WHERE recommended_ask IS NOT NULL;
CREATE INDEX commitments_made ON commitments (made_on);
CREATE INDEX commitments_open ON commitments (customer_id) WHERE status = 'open';

-- +goose Down
DROP INDEX commitments_open;
DROP INDEX commitments_made;
DROP INDEX calls_recommended;
ALTER TABLE calls DROP COLUMN recommended_ask;
