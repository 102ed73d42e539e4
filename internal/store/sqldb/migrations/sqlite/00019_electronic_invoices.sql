-- +goose Up
-- Whether an invoice was sent as an e-invoice (电子发票) rather than on
-- paper (issue 16): the pay-date model learns from it where an ERP's
-- export records it (IBM's sample does, as PaperlessBill).
ALTER TABLE invoices ADD COLUMN electronic INTEGER NOT NULL DEFAULT 0 CHECK (electronic IN (0, 1));

-- +goose Down
ALTER TABLE invoices DROP COLUMN electronic;
