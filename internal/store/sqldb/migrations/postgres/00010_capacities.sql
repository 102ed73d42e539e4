-- +goose Up
-- Every customer's capacity for a month (plan.Estimate as JSON), saved
-- for the whole company by planning.Capacities: it comes from a year of
-- documents, too many to read on every visit of the plan page, and does
-- not change while no document dated before the month is written. A write
-- of documents, disputes or promise outcomes dated on a day deletes the
-- months after it (capacity_months first, then their rows), and bumps
-- capacity_generation, so that a capacity worked out from what was read
-- before the write is not saved after it.
CREATE TABLE capacity_months (
    month       DATE PRIMARY KEY,
    computed_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE capacities (
    month       DATE NOT NULL,
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    estimate    TEXT NOT NULL,
    PRIMARY KEY (month, customer_id)
);
ALTER TABLE ledger_state ADD COLUMN capacity_generation BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE ledger_state DROP COLUMN capacity_generation;
DROP TABLE capacities;
DROP TABLE capacity_months;
