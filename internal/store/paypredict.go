package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"sync"

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
	hs, _, err := s.payHistories(ctx, sc)
	return hs, err
}

// payHistories is PayHistories with each record's invoice id beside it.
// The invoices are read in their table's order and sorted here: a scan in
// customer order would look each row up through an index, which costs a
// large installation several seconds.
func (s *Store) payHistories(ctx context.Context, sc user.Scope) (map[string][]paydate.Invoice, map[string][]int64, error) {
	var args []any
	scope := scopeClause(sc, &args)
	custs := map[int64]payCustomer{}
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.code, c.payment_terms_days, c.credit_tier FROM customers c WHERE `+scope, args...)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id int64
		var c payCustomer
		var tier string
		if err := rows.Scan(&id, &c.code, &c.terms, &tier); err != nil {
			rows.Close()
			return nil, nil, err
		}
		c.tier = ledger.Tier(tier)
		custs[id] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	// The invoices are read in ranges of their ids, one a CPU: each range
	// is a scan of its own part of the table.
	var lo, hi int64
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM invoices`).Scan(&lo, &hi); err != nil {
		return nil, nil, err
	}
	n := int64(runtime.GOMAXPROCS(0))
	parts, errs := make([][]payRecord, n), make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		from, to := lo+(hi-lo+1)*k/n, lo+(hi-lo+1)*(k+1)/n-1
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[k], errs[k] = s.payRecords(ctx, scope, args, from, to, custs)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	byCust := map[string][]payRecord{}
	for _, part := range parts {
		for _, r := range part {
			byCust[r.inv.Customer] = append(byCust[r.inv.Customer], r)
		}
	}
	hs := make(map[string][]paydate.Invoice, len(byCust))
	ids := make(map[string][]int64, len(byCust))
	for code, rs := range byCust {
		slices.SortFunc(rs, func(a, b payRecord) int {
			if c := cmp.Compare(a.inv.Issue, b.inv.Issue); c != 0 {
				return c
			}
			return cmp.Compare(a.inv.Number, b.inv.Number)
		})
		h, id := make([]paydate.Invoice, len(rs)), make([]int64, len(rs))
		for i, r := range rs {
			h[i], id[i] = r.inv, r.id
		}
		hs[code], ids[code] = h, id
	}
	return hs, ids, nil
}

// payCustomer is what a history record takes from its customer.
type payCustomer struct {
	code  string
	terms int
	tier  ledger.Tier
}

// payRecord is a history record and its invoice's id.
type payRecord struct {
	inv paydate.Invoice
	id  int64
}

// payRecords reads the invoices with ids from..to of the customers custs
// holds (those the scope selects).
func (s *Store) payRecords(ctx context.Context, scope string, args []any, from, to int64, custs map[int64]payCustomer) ([]payRecord, error) {
	a := append(slices.Clone(args), from, to)
	rows, err := s.r.QueryContext(ctx, `SELECT customer_id, id, number, issue_date, due_date, amount, closed_on FROM invoices
		WHERE id >= $`+strconv.Itoa(len(a)-1)+` AND id <= $`+strconv.Itoa(len(a))+` AND amount > 0
		AND customer_id IN (SELECT c.id FROM customers c WHERE `+scope+`)`, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []payRecord
	for rows.Next() {
		var cid, amount int64
		var r payRecord
		var closed civil.Date
		if err := rows.Scan(&cid, &r.id, &r.inv.Number, &r.inv.Issue, &r.inv.Due, &amount, &closed); err != nil {
			return nil, err
		}
		c, ok := custs[cid]
		if !ok {
			continue // a customer added since the customers were read: the next run has it
		}
		r.inv.Customer, r.inv.TermsDays, r.inv.Tier, r.inv.Amount = c.code, c.terms, c.tier, money.Amount(amount)
		if closed != never {
			r.inv.Paid = closed
		}
		out = append(out, r)
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
	facts, err := s.PayFacts(ctx, user.Scope{All: true})
	if err != nil {
		return paydate.Model{}, err
	}
	var all []paydate.Invoice
	for _, code := range slices.Sorted(maps.Keys(hs)) {
		all = append(all, hs[code]...)
	}
	m := paydate.Fit(all, day, paydate.Options{Facts: facts})
	return m, s.putSetting(ctx, Actor{Name: "jobs"}, SettingPayDates, m)
}

// ScorePayDates predicts every open invoice with the saved model, from its
// customer's history, as an invoice still unpaid on day
// (paydate.Prediction.AsOf), and keeps the prediction on the invoice; it
// returns how many it scored. Customers are predicted on every CPU.
func (s *Store) ScorePayDates(ctx context.Context, day civil.Date) (_ int, err error) {
	defer wrap(&err, "store.ScorePayDates")
	m, err := s.PayDateModel(ctx)
	if err != nil {
		return 0, err
	}
	hs, ids, err := s.payHistories(ctx, user.Scope{All: true})
	if err != nil {
		return 0, err
	}
	facts, err := s.PayFacts(ctx, user.Scope{All: true})
	if err != nil {
		return 0, err
	}
	type scored struct {
		id int64
		p  paydate.Prediction
	}
	codes := make([]string, 0, len(hs))
	for code := range hs {
		codes = append(codes, code)
	}
	parts := make([][]scored, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := w; k < len(codes); k += len(parts) {
				h, id := hs[codes[k]], ids[codes[k]]
				for i, inv := range h {
					if inv.Paid == 0 {
						parts[w] = append(parts[w], scored{id[i], m.Predict(inv, h, facts(inv.Customer, inv.Issue)).AsOf(day)})
					}
				}
			}
		}()
	}
	wg.Wait()
	out := slices.Concat(parts...)
	err = s.inTx(ctx, func(tx *txn) error {
		u := rowUpdate{Table: "invoices", Cols: []string{"pay_expected", "pay_from", "pay_to", "p_late", "pay_reasons"},
			Types: []string{"date", "date", "date", "double precision", "text"}}
		_, err := tx.UpdateRows(ctx, u, len(out), func(i int, v []any) {
			p := out[i].p
			reasons, _ := json.Marshal(p.Reasons)
			v[0], v[1], v[2], v[3], v[4], v[5] = dateOrNull(p.Expected), dateOrNull(p.From), dateOrNull(p.To), p.PLate, string(reasons), out[i].id
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
