package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/user"
)

// AgingFilter narrows an aging report.
type AgingFilter struct {
	Rep   string      // a rep's code; empty for all reps
	Scope *user.Scope // what the caller may see; nil for everything
}

// subset returns a condition limiting col (a customer id) to the customers
// f selects, adding its parameters to args, or "" for every customer.
func (f AgingFilter) subset(col string, repID int64, args *[]any) string {
	var conds []string
	if f.Scope != nil && !f.Scope.All {
		conds = append(conds, scopeClause(*f.Scope, args))
	}
	if repID != 0 {
		*args = append(*args, repID)
		conds = append(conds, "c.rep_id = $"+strconv.Itoa(len(*args)))
	}
	if len(conds) == 0 {
		return ""
	}
	return " AND " + col + " IN (SELECT c.id FROM customers c WHERE " + strings.Join(conds, " AND ") + ")"
}

// Aging returns the aging report as of asOf. When asOf is on or after the
// last event in the ledger it reads the open amounts kept on each invoice;
// for an earlier date it reconstructs each invoice's open amount on that
// date from the allocations dated up to it, looking only at invoices open
// on that date. Both give what ledger.AgeCustomer computes.
func (s *Store) Aging(ctx context.Context, asOf civil.Date, b ledger.Buckets, f AgingFilter) (_ *ledger.AgingReport, err error) {
	defer wrap(&err, "store.Aging")
	if err := b.Validate(); err != nil {
		return nil, err
	}
	var report *ledger.AgingReport
	err = s.readTx(ctx, func(q querier) error {
		var repID int64
		if f.Rep != "" {
			err := q.QueryRowContext(ctx, `SELECT id FROM reps WHERE code = $1`, f.Rep).Scan(&repID)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("rep %q: %w", f.Rep, errs.ErrNotFound)
			} else if err != nil {
				return err
			}
		}
		var last civil.Date
		if err := q.QueryRowContext(ctx, `SELECT last_event FROM ledger_state WHERE id = 1`).Scan(&last); err != nil {
			return err
		}
		if asOf >= last {
			named, err := agingCurrent(ctx, q, asOf, b, f, repID)
			if err != nil {
				return fmt.Errorf("aging as of %s: %w", asOf, err)
			}
			report = newReport(asOf, b, named)
			return nil
		}
		lines, err := s.agingPast(ctx, q, asOf, b, f, repID)
		if err != nil {
			return fmt.Errorf("aging as of %s: %w", asOf, err)
		}
		report, err = agingReport(ctx, q, asOf, b, lines)
		return err
	})
	return report, err
}

// bucketColumns returns one SUM(CASE …) column per bucket over expr,
// placing rows by comparing due_date with the cutoff parameters $from….
func bucketColumns(expr string, n, from int) string {
	var cols []string
	for i := range n {
		var cond string
		switch {
		case i == 0:
			cond = "due_date >= $" + strconv.Itoa(from)
		case i == n-1:
			cond = "due_date < $" + strconv.Itoa(from+i-1)
		default:
			cond = "due_date >= $" + strconv.Itoa(from+i) + " AND due_date < $" + strconv.Itoa(from+i-1)
		}
		cols = append(cols, "CAST(COALESCE(SUM(CASE WHEN "+cond+" THEN "+expr+" ELSE 0 END), 0) AS BIGINT)")
	}
	return strings.Join(cols, ", ")
}

// agingCurrent ages what each customer owes today from the open items kept
// on its row: one read of the customers, no invoice at all.
func agingCurrent(ctx context.Context, q querier, asOf civil.Date, b ledger.Buckets, f AgingFilter, repID int64) ([]ledger.CustomerAging, error) {
	var args []any
	rows, err := q.QueryContext(ctx, `SELECT c.code, c.name, r.code, c.credit_limit, c.prepaid, c.disputed, c.open_items
		FROM customers c JOIN reps r ON r.id = c.rep_id
		WHERE (c.open_items <> '' OR c.prepaid <> 0 OR c.disputed <> 0)`+f.subset("c.id", repID, &args)+` ORDER BY c.code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.CustomerAging
	for rows.Next() {
		var l ledger.CustomerAging
		var limit, prepaid, disputed int64
		var open string
		if err := rows.Scan(&l.Code, &l.Name, &l.Rep, &limit, &prepaid, &disputed, &open); err != nil {
			return nil, err
		}
		items, err := decodeOpenItems(open)
		if err != nil {
			return nil, fmt.Errorf("customer %s: %w", l.Code, err)
		}
		l.CreditLimit, l.Prepaid, l.Disputed = money.Amount(limit), money.Amount(prepaid), money.Amount(disputed)
		l.Buckets = ledger.Age(items, asOf, b)
		out = append(out, l)
	}
	return out, rows.Err()
}

func (s *Store) agingPast(ctx context.Context, q querier, asOf civil.Date, b ledger.Buckets, f AgingFilter, repID int64) (map[int64]*ledger.CustomerAging, error) {
	args := append([]any{asOf}, anys(b.DueCutoffs(asOf))...)
	// MATERIALIZED: inlined, the CTE's subqueries would run once for
	// every bucket column that mentions them.
	query := `WITH open_at AS MATERIALIZED (
			SELECT i.customer_id, i.due_date,
				i.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.date <= $1), 0) AS open,
				COALESCE((SELECT SUM(d.amount) FROM disputes d WHERE d.invoice_id = i.id AND d.opened_on <= $1 AND d.resolved_on > $1), 0) AS disputed
			FROM invoices i` + s.hint("invoices_closed") + `
			WHERE i.closed_on > $1 AND i.issue_date <= $1 AND i.amount > 0` + f.subset("i.customer_id", repID, &args) + `
		), held AS (
			SELECT customer_id, due_date, open, CASE WHEN disputed > open THEN open ELSE disputed END AS held FROM open_at
		)
		SELECT customer_id, ` + bucketColumns("open - held", b.Len(), 2) + `, CAST(SUM(held) AS BIGINT)
		FROM held GROUP BY customer_id`
	lines, err := scanBucketRows(ctx, q, query, args, b.Len())
	if err != nil {
		return nil, err
	}
	args = []any{asOf}
	sub := f.subset("customer_id", repID, &args)
	query = `SELECT customer_id, CAST(SUM(unused) AS BIGINT) FROM (
			SELECT p.customer_id, p.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.payment_id = p.id AND a.date <= $1), 0) AS unused
			FROM payments p` + s.hint("payments_closed") + ` WHERE p.closed_on > $1 AND p.date <= $1
			UNION ALL
			SELECT i.customer_id, -i.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.credit_note_id = i.id AND a.date <= $1), 0)
			FROM invoices i` + s.hint("invoices_closed") + ` WHERE i.closed_on > $1 AND i.issue_date <= $1 AND i.amount < 0
		) t WHERE TRUE` + sub + ` GROUP BY customer_id`
	return lines, scanPrepaid(ctx, q, query, args, lines, b.Len())
}

// hint names the index SQLite must use to find the documents open on a
// past date. Its planner prefers the issue-date index, which reads every
// document issued before the date; the closing-date index holds all the
// columns needed and skips the documents closed before it. PostgreSQL's
// planner chooses well by itself.
func (s *Store) hint(index string) string {
	if s.dialect == SQLite {
		return " INDEXED BY " + index
	}
	return ""
}

func scanBucketRows(ctx context.Context, q querier, query string, args []any, n int) (map[int64]*ledger.CustomerAging, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	lines := map[int64]*ledger.CustomerAging{}
	vals := make([]int64, n+2)
	ptrs := make([]any, n+2)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		l := &ledger.CustomerAging{Buckets: make([]money.Amount, n), Disputed: money.Amount(vals[n+1])}
		for i := range n {
			l.Buckets[i] = money.Amount(vals[i+1])
		}
		lines[vals[0]] = l
	}
	return lines, rows.Err()
}

func scanPrepaid(ctx context.Context, q querier, query string, args []any, lines map[int64]*ledger.CustomerAging, n int) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, prepaid int64
		if err := rows.Scan(&id, &prepaid); err != nil {
			return err
		}
		if prepaid == 0 {
			continue
		}
		l := lines[id]
		if l == nil {
			l = &ledger.CustomerAging{Buckets: make([]money.Amount, n)}
			lines[id] = l
		}
		l.Prepaid = money.Amount(prepaid)
	}
	return rows.Err()
}

// agingReport names the customer lines of a past date and orders them by
// code.
func agingReport(ctx context.Context, q querier, asOf civil.Date, b ledger.Buckets, lines map[int64]*ledger.CustomerAging) (*ledger.AgingReport, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.code, c.name, r.code, c.credit_limit FROM customers c JOIN reps r ON r.id = c.rep_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var named []ledger.CustomerAging
	for rows.Next() {
		var id, limit int64
		var code, name, rep string
		if err := rows.Scan(&id, &code, &name, &rep, &limit); err != nil {
			return nil, err
		}
		if l := lines[id]; l != nil {
			l.Code, l.Name, l.Rep, l.CreditLimit = code, name, rep, money.Amount(limit)
			named = append(named, *l)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(named, func(x, y ledger.CustomerAging) int { return strings.Compare(x.Code, y.Code) })
	return newReport(asOf, b, named), nil
}

// newReport adds up the customer lines, leaving out the empty ones.
func newReport(asOf civil.Date, b ledger.Buckets, lines []ledger.CustomerAging) *ledger.AgingReport {
	r := ledger.NewAgingReport(asOf, b)
	for _, l := range lines {
		if !isEmpty(l) {
			r.Add(l)
		}
	}
	return r
}

func isEmpty(l ledger.CustomerAging) bool {
	if l.Prepaid != 0 || l.Disputed != 0 {
		return false
	}
	for _, a := range l.Buckets {
		if a != 0 {
			return false
		}
	}
	return true
}
