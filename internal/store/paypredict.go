package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/paydate"
	"huikuan/internal/user"
)

// SettingPayDates holds the pay-date model the daily job fitted last.
const SettingPayDates = "paydate_model"

// PayExpectation is an open invoice's expected payment as the daily job
// last predicted it. The dates are zero when there is no estimate: an
// invoice so long overdue that history says little of when it is paid.
type PayExpectation struct {
	Expected civil.Date       `json:"expected_pay_date"`
	From     civil.Date       `json:"expected_pay_from"`
	To       civil.Date       `json:"expected_pay_to"`
	PLate    float64          `json:"p_late"`
	Reasons  []paydate.Reason `json:"reasons"`
}

// PayHistories returns the history records of every invoice (credit notes
// left out) of the customers sc sees, by customer, each customer's sorted
// by issue date then number: the day each was paid in full is the
// invoice's closed_on, which every ledger write keeps as the allocation
// gives it (ledger.Allocate, as paydate.FromBook) — so a partly paid
// invoice counts as paid when its last part arrives. Reading it from the
// invoices alone keeps a whole installation's history one scan.
func (s *Store) PayHistories(ctx context.Context, sc user.Scope) (_ map[string][]paydate.Invoice, err error) {
	defer wrap(&err, "store.PayHistories")
	var args []any
	rows, err := s.r.QueryContext(ctx, `SELECT c.code, c.payment_terms_days, c.credit_tier, i.number, i.issue_date, i.due_date, i.amount, i.closed_on
		FROM invoices i JOIN customers c ON c.id = i.customer_id
		WHERE i.amount > 0 AND `+scopeClause(sc, &args)+` ORDER BY c.id, i.issue_date, i.number`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]paydate.Invoice{}
	var code string
	var list []paydate.Invoice
	for rows.Next() {
		var inv paydate.Invoice
		var tier string
		var amount int64
		var closed civil.Date
		if err := rows.Scan(&inv.Customer, &inv.TermsDays, &tier, &inv.Number, &inv.Issue, &inv.Due, &amount, &closed); err != nil {
			return nil, err
		}
		inv.Tier, inv.Amount = ledger.Tier(tier), money.Amount(amount)
		if closed != never {
			inv.Paid = closed
		}
		if inv.Customer != code {
			if list != nil {
				out[code] = list
			}
			code, list = inv.Customer, nil
		}
		list = append(list, inv)
	}
	if list != nil {
		out[code] = list
	}
	return out, rows.Err()
}

// PayDateModel returns the pay-date model the daily job saved, or the
// documented defaults before its first run.
func (s *Store) PayDateModel(ctx context.Context) (_ paydate.Model, err error) {
	defer wrap(&err, "store.PayDateModel")
	var m paydate.Model
	ok, err := s.setting(ctx, SettingPayDates, &m)
	if err != nil || !ok {
		return paydate.Default(paydate.DefaultPopulation), err
	}
	return m, nil
}

// TrainPayDates fits the pay-date model on the invoices settled before day
// and keeps it for the daily scoring.
func (s *Store) TrainPayDates(ctx context.Context, day civil.Date) (_ paydate.Model, err error) {
	defer wrap(&err, "store.TrainPayDates")
	hs, err := s.PayHistories(ctx, user.Scope{All: true})
	if err != nil {
		return paydate.Model{}, err
	}
	var all []paydate.Invoice
	for _, h := range hs {
		all = append(all, h...)
	}
	m := paydate.Fit(all, day, paydate.Options{})
	return m, s.putSetting(ctx, Actor{Name: "jobs"}, SettingPayDates, m)
}

// ScorePayDates predicts every open invoice with the saved model, from its
// customer's history, as an invoice still unpaid on day
// (paydate.Prediction.AsOf), and keeps the prediction on the invoice; it
// returns how many it scored.
func (s *Store) ScorePayDates(ctx context.Context, day civil.Date) (_ int, err error) {
	defer wrap(&err, "store.ScorePayDates")
	m, err := s.PayDateModel(ctx)
	if err != nil {
		return 0, err
	}
	hs, err := s.PayHistories(ctx, user.Scope{All: true})
	if err != nil {
		return 0, err
	}
	type scored struct {
		number, customer string
		p                paydate.Prediction
	}
	var out []scored
	for code, h := range hs {
		for _, inv := range h {
			if inv.Paid == 0 {
				out = append(out, scored{inv.Number, code, m.Predict(inv, h, paydate.Facts{}).AsOf(day)})
			}
		}
	}
	ids, err := s.invoiceIDs(ctx, len(out), func(i int) (string, string) { return out[i].customer, out[i].number })
	if err != nil {
		return 0, err
	}
	err = s.inTx(ctx, func(tx *txn) error {
		u := rowUpdate{Table: "invoices", Cols: []string{"pay_expected", "pay_from", "pay_to", "p_late", "pay_reasons"},
			Types: []string{"date", "date", "date", "double precision", "text"}}
		_, err := tx.UpdateRows(ctx, u, len(out), func(i int, v []any) {
			p := out[i].p
			reasons, _ := json.Marshal(p.Reasons)
			v[0], v[1], v[2], v[3], v[4], v[5] = dateOrNull(p.Expected), dateOrNull(p.From), dateOrNull(p.To), p.PLate, string(reasons), ids[i]
		})
		return err
	})
	return len(out), err
}

// dateOrNull stores the zero date (no estimate) as NULL.
func dateOrNull(d civil.Date) any {
	if d == 0 {
		return nil
	}
	return d
}

// invoiceIDs returns the ids of n invoices named by customer and number.
func (s *Store) invoiceIDs(ctx context.Context, n int, key func(i int) (customer, number string)) ([]int64, error) {
	byKey := make(map[[2]string]int64, n)
	rows, err := s.r.QueryContext(ctx, `SELECT c.code, i.number, i.id FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.closed_on = $1 AND i.amount > 0`, never)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k [2]string
		var id int64
		if err := rows.Scan(&k[0], &k[1], &id); err != nil {
			return nil, err
		}
		byKey[k] = id
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ids := make([]int64, n)
	for i := range ids {
		c, num := key(i)
		ids[i] = byKey[[2]string{c, num}]
	}
	return ids, nil
}

// PayExpectations returns the expected payments of a customer's open
// invoices by number, as the daily job last scored them.
func (s *Store) PayExpectations(ctx context.Context, code string) (_ map[string]PayExpectation, err error) {
	defer wrap(&err, "store.PayExpectations")
	rows, err := s.r.QueryContext(ctx, `SELECT i.number, i.pay_expected, i.pay_from, i.pay_to, i.p_late, i.pay_reasons
		FROM invoices i JOIN customers c ON c.id = i.customer_id
		WHERE c.code = $1 AND i.closed_on = $2 AND i.p_late IS NOT NULL`, code, never)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]PayExpectation{}
	for rows.Next() {
		var num string
		e, err := scanExpectation(rows, &num)
		if err != nil {
			return nil, err
		}
		out[num] = e
	}
	return out, rows.Err()
}

func scanExpectation(sc interface{ Scan(...any) error }, first ...any) (PayExpectation, error) {
	var n nullExpectation
	var reasons string
	if err := sc.Scan(append(first, &n.expected, &n.from, &n.to, &n.pLate, &reasons)...); err != nil {
		return PayExpectation{}, err
	}
	e := *n.get()
	if reasons != "" {
		if err := json.Unmarshal([]byte(reasons), &e.Reasons); err != nil {
			return e, err
		}
	}
	return e, nil
}

// nullExpectation scans the nullable columns of an invoice that may not be
// scored.
type nullExpectation struct {
	expected, from, to sql.Null[civil.Date]
	pLate              sql.NullFloat64
}

func (n nullExpectation) get() *PayExpectation {
	if !n.pLate.Valid {
		return nil
	}
	return &PayExpectation{Expected: n.expected.V, From: n.from.V, To: n.to.V, PLate: n.pLate.Float64}
}
