-- +goose Up
-- Each open invoice's expected pay date (issue 16): the pay-date model's
-- prediction the daily job last made (its 20th–80th percentile range, the
-- chance it is paid after its due date, and the reasons as JSON), NULL
-- until the job has scored it. Pages, the call sheet and the API read
-- these columns, so they all show the same figure.
ALTER TABLE invoices ADD COLUMN pay_expected DATE;
ALTER TABLE invoices ADD COLUMN pay_from DATE;
ALTER TABLE invoices ADD COLUMN pay_to DATE;
ALTER TABLE invoices ADD COLUMN p_late DOUBLE PRECISION;
ALTER TABLE invoices ADD COLUMN pay_reasons TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE invoices DROP COLUMN pay_reasons;
ALTER TABLE invoices DROP COLUMN p_late;
ALTER TABLE invoices DROP COLUMN pay_to;
ALTER TABLE invoices DROP COLUMN pay_from;
ALTER TABLE invoices DROP COLUMN pay_expected;
