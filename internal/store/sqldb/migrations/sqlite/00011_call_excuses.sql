-- +goose Up
-- An excuse call (disposition reached-excuse) records what the excuse was
-- about (excuse.Categories) and the amount it concerns (0 when not said).
-- Other calls keep '' and 0. Excuse calls logged before categories
-- existed are 'other', so that every excuse call has one.
ALTER TABLE calls ADD COLUMN excuse TEXT NOT NULL DEFAULT '' CHECK (excuse IN ('', 'quality', 'after_sales', 'promotion_support', 'paid_other_supplier', 'downstream_arrears', 'cash_tight', 'will_pay_soon', 'statement_mismatch', 'decision_maker_absent', 'threat_to_stop', 'other'));
ALTER TABLE calls ADD COLUMN excuse_amount INTEGER NOT NULL DEFAULT 0 CHECK (excuse_amount >= 0);
UPDATE calls SET excuse = 'other' WHERE disposition = 'reached-excuse';

-- +goose Down
ALTER TABLE calls DROP COLUMN excuse_amount;
ALTER TABLE calls DROP COLUMN excuse;
