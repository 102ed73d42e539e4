-- +goose Up
-- The collection KPIs (issue 14) sum a period's invoices, payments,
-- decided promises and calls for a scope. These indexes hold every column
-- those sums read, so that a year of a large company's calls (over a
-- million) is counted from an index alone instead of a row lookup per
-- call: by date first for the whole company, by customer first for a
-- team's or a rep's customers (the customer indexes gain the columns).
CREATE INDEX invoices_issued ON invoices (issue_date, customer_id, amount);
DROP INDEX invoices_customer;
CREATE INDEX invoices_customer ON invoices (customer_id, issue_date, amount);
CREATE INDEX payments_dated ON payments (date, customer_id, amount);
DROP INDEX payments_customer;
CREATE INDEX payments_customer ON payments (customer_id, date, amount);
CREATE INDEX commitments_decided_sums ON commitments (decided_on, customer_id, status, amount, fulfilled);
CREATE INDEX commitments_customer_decided ON commitments (customer_id, decided_on, status, amount, fulfilled);
CREATE INDEX calls_outcomes ON calls (call_date, customer_id, disposition);
DROP INDEX calls_customer;
CREATE INDEX calls_customer ON calls (customer_id, call_date, disposition);

-- +goose Down
DROP INDEX calls_customer;
CREATE INDEX calls_customer ON calls (customer_id, call_date);
DROP INDEX calls_outcomes;
DROP INDEX commitments_customer_decided;
DROP INDEX commitments_decided_sums;
DROP INDEX payments_customer;
CREATE INDEX payments_customer ON payments (customer_id, date);
DROP INDEX payments_dated;
DROP INDEX invoices_customer;
CREATE INDEX invoices_customer ON invoices (customer_id, issue_date);
DROP INDEX invoices_issued;
