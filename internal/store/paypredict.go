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
	d, err := s.payHistories(ctx, sc)
	return d.hs, err
}

// payData is what the pay-date model is fitted, run and evaluated on:
// every history record by customer with its invoice's id, and the
// customers' facts. It is read once for a daily job's refit and scoring.
type payData struct {
	hs    map[string][]paydate.Invoice
	ids   map[string][]int64
	custs map[int64]payCustomer
	facts paydate.FactsFunc
}

// all returns every history record, customers in order.
func (d payData) all() []paydate.Invoice {
	var out []paydate.Invoice
	for _, code := range slices.Sorted(maps.Keys(d.hs)) {
		out = append(out, d.hs[code]...)
	}
	return out
}

// loadPayData reads the histories and the facts of the customers sc sees.
func (s *Store) loadPayData(ctx context.Context, sc user.Scope) (payData, error) {
	d, err := s.payHistories(ctx, sc)
	if err != nil {
		return d, err
	}
	d.facts, err = s.payFacts(ctx, d.custs)
	return d, err
}

// payHistories is PayHistories with each record's invoice id beside it.
// The invoices are read in their table's order and sorted here: a scan in
// customer order would look each row up through an index, which costs a
// large installation several seconds.
func (s *Store) payHistories(ctx context.Context, sc user.Scope) (payData, error) {
	var args []any
	scope := scopeClause(sc, &args)
	custs, err := s.payCustomers(ctx, scope, args)
	if err != nil {
		return payData{}, err
	}
	// The invoices are read in ranges of their ids, one a CPU: each range
	// is a scan of its own part of the table.
	var lo, hi int64
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM invoices`).Scan(&lo, &hi); err != nil {
		return payData{}, err
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
		return payData{}, err
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
	return payData{hs: hs, ids: ids, custs: custs}, nil
}

// payCustomers reads what history records take from the customers the
// scope clause selects, by id.
func (s *Store) payCustomers(ctx context.Context, scope string, args []any) (map[int64]payCustomer, error) {
	custs := map[int64]payCustomer{}
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.code, c.payment_terms_days, c.credit_tier FROM customers c WHERE `+scope, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c payCustomer
		var tier string
		if err := rows.Scan(&id, &c.code, &c.terms, &tier); err != nil {
			return nil, err
		}
		c.tier = ledger.Tier(tier)
		custs[id] = c
	}
	return custs, rows.Err()
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
	q := `SELECT customer_id, id, number, issue_date, due_date, amount, closed_on, electronic FROM invoices
		WHERE id >= $` + strconv.Itoa(len(a)-1) + ` AND id <= $` + strconv.Itoa(len(a)) + ` AND amount > 0`
	if scope != "TRUE" {
		// custs is the scope's already; the condition lets the database
		// read the scope's invoices only, where a whole scan is waste
		q += ` AND customer_id IN (SELECT c.id FROM customers c WHERE ` + scope + `)`
	}
	rows, err := s.r.QueryContext(ctx, q, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []payRecord
	for rows.Next() {
		var cid, amount int64
		var r payRecord
		var closed civil.Date
		if err := rows.Scan(&cid, &r.id, &r.inv.Number, &r.inv.Issue, &r.inv.Due, &amount, &closed, &r.inv.Electronic); err != nil {
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
	d, err := s.loadPayData(ctx, user.Scope{All: true})
	if err != nil {
		return paydate.Model{}, err
	}
	return s.trainPayDates(ctx, d, day)
}

func (s *Store) trainPayDates(ctx context.Context, d payData, day civil.Date) (paydate.Model, error) {
	m := paydate.Fit(d.all(), day, paydate.Options{Facts: d.facts})
	return m, s.putSetting(ctx, Actor{Name: "jobs"}, SettingPayDates, m)
}

// ScorePayDates predicts every open invoice with the saved model, from its
// customer's history and facts, as an invoice still unpaid on day
// (paydate.Prediction.AsOf), and keeps the prediction on the invoice; it
// returns how many it scored.
func (s *Store) ScorePayDates(ctx context.Context, day civil.Date) (_ int, err error) {
	defer wrap(&err, "store.ScorePayDates")
	m, err := s.PayDateModel(ctx)
	if err != nil {
		return 0, err
	}
	d, err := s.loadPayData(ctx, user.Scope{All: true})
	if err != nil {
		return 0, err
	}
	return s.scorePayDates(ctx, d, m, day)
}

// RefreshPayDates is the daily job's pay-date step: TrainPayDates then
// ScorePayDates on one reading of the histories and facts.
func (s *Store) RefreshPayDates(ctx context.Context, day civil.Date) (_ paydate.Model, _ int, err error) {
	defer wrap(&err, "store.RefreshPayDates")
	d, err := s.loadPayData(ctx, user.Scope{All: true})
	if err != nil {
		return paydate.Model{}, 0, err
	}
	m, err := s.trainPayDates(ctx, d, day)
	if err != nil {
		return m, 0, err
	}
	n, err := s.scorePayDates(ctx, d, m, day)
	return m, n, err
}

// scorePayDates predicts the open invoices of d with m, customers on
// every CPU, and writes the predictions back.
func (s *Store) scorePayDates(ctx context.Context, d payData, m paydate.Model, day civil.Date) (int, error) {
	type scored struct {
		id int64
		p  paydate.Prediction
	}
	codes := slices.Collect(maps.Keys(d.hs))
	parts := make([][]scored, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := w; k < len(codes); k += len(parts) {
				h, id := d.hs[codes[k]], d.ids[codes[k]]
				for i, inv := range h {
					if inv.Paid == 0 {
						parts[w] = append(parts[w], scored{id[i], m.Predict(inv, h, d.facts(inv.Customer, inv.Issue)).AsOf(day)})
					}
				}
			}
		}()
	}
	wg.Wait()
	out := slices.Concat(parts...)
	err := s.inTx(ctx, func(tx *txn) error {
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
