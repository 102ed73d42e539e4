package store

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/paydate"
	"huikuan/internal/user"
)

// CustomerBook is a customer with its documents: invoices, payments (with
// the invoices each names) and disputes, what ledger.Allocate needs.
type CustomerBook struct {
	Customer ledger.Customer
	Book     ledger.Book
}

// ScopedBooks loads the book of every customer the scope sees, in code
// order, in one read transaction: a whole-company reading for the models
// that learn from settled invoices.
func (s *Store) ScopedBooks(ctx context.Context, sc user.Scope) (_ []CustomerBook, err error) {
	defer wrap(&err, "store.ScopedBooks")
	var args []any
	cond := scopeClause(sc, &args)
	var out []CustomerBook
	err = s.readTx(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT `+customerColumns+customerFrom+` WHERE `+cond+` ORDER BY c.code`, args...)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			c, err := scanCustomer(rows)
			if err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, c.id)
			out = append(out, CustomerBook{Customer: c.c})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		books, err := loadScopeBooks(ctx, q, cond, args, ids)
		if err != nil {
			return err
		}
		for i := range out {
			out[i].Book = ownedBy(books[ids[i]].Book, out[i].Customer.Code)
		}
		return nil
	})
	return out, err
}

// loadScopeBooks is loadBooks for the customers ids that cond (over
// customers c) selects, each table read in one query: a whole company's
// documents in 500-customer chunks took twice as long (docs/BENCHMARKS.md).
func loadScopeBooks(ctx context.Context, q querier, cond string, args []any, ids []int64) (map[int64]*book, error) {
	books := make(map[int64]*book, len(ids))
	for _, id := range ids {
		books[id] = &book{customerID: id}
	}
	in := `IN (SELECT c.id FROM customers c WHERE ` + cond + `)`
	if err := loadInvoices(ctx, q, in, args, books); err != nil {
		return nil, err
	}
	if err := loadPayments(ctx, q, in, args, books, true); err != nil {
		return nil, err
	}
	return books, loadDisputes(ctx, q, in, args, books)
}

// ownedBy names the customer on each of a book's documents, as a book
// read from a file would.
func ownedBy(b ledger.Book, code string) ledger.Book {
	for i := range b.Invoices {
		b.Invoices[i].Customer = code
	}
	for i := range b.Payments {
		b.Payments[i].Customer = code
	}
	return b
}

// PaydateHistory is the pay-date model's history of the customers the
// scope sees: paydate.FromBook of each of their books.
func (s *Store) PaydateHistory(ctx context.Context, sc user.Scope) (_ []paydate.Invoice, err error) {
	defer wrap(&err, "store.PaydateHistory")
	books, err := s.ScopedBooks(ctx, sc)
	if err != nil {
		return nil, err
	}
	var out []paydate.Invoice
	for _, b := range books {
		out = append(out, paydate.FromBook(b.Customer, b.Book)...)
	}
	return out, nil
}

// PaydateReport is the pay-date model's evaluation (paydate.Evaluate) on
// the history of the customers the scope sees: the one answer of
// `huikuan report paydate` and GET /api/v1/reports/paydate. o.Today is the caller's today, so
// that invoices still open past their due date count as late.
func (s *Store) PaydateReport(ctx context.Context, sc user.Scope, o paydate.EvalOptions) (paydate.Evaluation, error) {
	hist, err := s.PaydateHistory(ctx, sc)
	if err != nil {
		return paydate.Evaluation{}, err
	}
	return paydate.Evaluate(hist, o), nil
}

// PaydateOptions are the pay-date report's options on a day from what was
// asked (zero: not asked): the period defaults to PaydatePeriod's, or to
// the twelve months to the to asked; today counts invoices open past due
// as late. It refuses (errs.Invalid, fields from, to and train_until) a
// period backwards or longer than a report covers, and a training cut-off
// on or after the period's first day: the model would learn from
// settlements made after the invoices it predicts were issued.
func PaydateOptions(today, from, to, trainUntil civil.Date) (paydate.EvalOptions, error) {
	defFrom, defTo := PaydatePeriod(today)
	switch {
	case from == 0 && to == 0:
		from, to = defFrom, defTo
	case to == 0:
		to = defTo
	case from == 0:
		from = to.AddMonths(-12).AddDays(1)
	}
	o := paydate.EvalOptions{From: from, To: to, TrainUntil: trainUntil, Today: today}
	bad := &errs.Invalid{}
	if from > to {
		bad.Add(0, "from", "from %s is after to %s", from, to)
	} else if err := civil.CheckReportSpan(from, to); err != nil {
		bad.AddCode(0, "from", errs.CodeRange, "%v", err)
	}
	if trainUntil != 0 && trainUntil >= from {
		bad.Add(0, "train_until", "train_until %s must come before from %s", trainUntil, from)
	}
	return o, bad.Err()
}

// PaydatePeriod is the pay-date report's default period on a day: the
// twelve months to the day before (the day itself is not over).
func PaydatePeriod(today civil.Date) (from, to civil.Date) {
	to = today.AddDays(-1)
	return to.AddMonths(-12).AddDays(1), to
}
