package store

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/user"
)

// Batch is a set of ledger records written together: all of them or, on
// any error, none. Reps and customers are created or updated; invoices and
// payments are created, and one that already exists with the same content
// is left alone, so a batch can be applied again safely.
type Batch struct {
	Reps      []ledger.Rep
	Customers []ledger.Customer
	Invoices  []ledger.Invoice
	Payments  []ledger.Payment
	// Disputes, Commitments and Calls are always new: they have no number to
	// recognise them by, so only generators and loaders that run once
	// should pass them.
	Disputes    []ledger.Dispute
	Commitments []NewCommitment
	Calls       []NewCall
	// Input line of each record, parallel to the slices above, for error
	// messages; nil when the records do not come from a file.
	CustomerRows, InvoiceRows, PaymentRows []int
	// Progress, when not nil, is told how many new documents were written
	// as the write goes on.
	Progress func(n int)
	// Actor, when set, is recorded in the audit log: one entry per record
	// created or changed when AuditRecords is set (writes through the API
	// or the UI), else one entry for the whole batch (bulk loads).
	Actor        *Actor
	AuditRecords bool
	Source       string // what the batch came from, such as a file name
	// Scope, when set, is what the writer may see: a problem with a
	// record of a customer outside it is told as for a record that does
	// not exist, or, for a number another customer holds, without saying
	// whose. Nil (imports, which only admins run) tells every problem in
	// full.
	Scope *user.Scope
	// DryRun runs the whole write, every check included, and rolls it back:
	// Apply's result and errors are what the write would give, and nothing
	// is written (audit included).
	DryRun bool
	// Import, when set with an Actor, is the file's line of the import
	// history, written with the batch (its counts are filled in here).
	Import *ImportRecord
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("dry run")

// Counts says what a write did with the records of one kind.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Result counts what Apply did.
type Result struct {
	Customers Counts `json:"customers"`
	Invoices  Counts `json:"invoices"`
	Payments  Counts `json:"payments"`
}

// Apply validates a batch against itself and the database and writes it in
// one transaction, re-allocating every customer whose documents changed.
// Validation problems come back as *errs.Invalid naming the row and field
// of each; nothing is written then.
func (s *Store) Apply(ctx context.Context, b Batch) (_ Result, err error) {
	defer wrap(&err, "store.Apply")
	var res Result
	err = s.inTx(ctx, func(tx *txn) error {
		var err error
		if res, err = apply(ctx, tx, b); err == nil && b.DryRun {
			return errDryRun
		}
		return err
	})
	if errors.Is(err, errDryRun) {
		return res, nil
	}
	if isUniqueViolation(err) {
		// A number of the batch exists under another customer: apply
		// checked numbers only against each customer's own documents,
		// which saves a lookup per row. Find the rows to name them.
		inv, err2 := s.explainClash(ctx, b)
		switch {
		case err2 != nil:
			return Result{}, err2
		case inv != nil:
			return Result{}, inv
		}
	}
	return res, err
}

// bulkRecords is the size from which a batch is a bulk load.
const bulkRecords = 10_000

func apply(ctx context.Context, tx *txn, b Batch) (Result, error) {
	var res Result
	if tx.Dialect == SQLite && len(b.Invoices)+len(b.Payments) >= bulkRecords {
		// A bulk load touches the indexes all over: give the writer a
		// larger page cache for the rest of its life (a command that
		// loads in bulk ends soon after).
		if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -65536`); err != nil {
			return res, err
		}
	}
	if err := checkRecords(b); err != nil {
		return res, err
	}
	m, err := loadMaster(ctx, tx, batchCustomerCodes(b))
	if err != nil {
		return res, err
	}
	if err := m.upsertReps(ctx, tx, b.Reps); err != nil {
		return res, err
	}
	before := map[string]ledger.Customer{}
	for _, c := range b.Customers {
		if old, ok := m.customers[c.Code]; ok {
			before[c.Code] = old.c
		}
	}
	if res.Customers, err = m.upsertCustomers(ctx, tx, b.Customers); err != nil {
		return res, err
	}
	if err := insertCommitments(ctx, tx, b, m); err != nil {
		return res, err
	}
	if err := insertCalls(ctx, tx, b, m); err != nil {
		return res, err
	}
	v := &validation{m: m, b: b}
	if err := v.loadBooks(ctx, tx); err != nil {
		return res, err
	}
	newInv := v.invoices()
	newPay, err := v.payments(ctx, tx, newInv)
	if err != nil {
		return res, err
	}
	touched := v.addNew(newInv, newPay)
	if err := v.bad.Err(); err != nil {
		return res, err
	}
	res.Invoices = Counts{Created: len(newInv), Unchanged: len(b.Invoices) - len(newInv)}
	res.Payments = Counts{Created: len(newPay), Unchanged: len(b.Payments) - len(newPay)}
	if len(touched) > 0 {
		if err := settle(ctx, tx, touched, b.Progress); err != nil {
			return res, err
		}
	}
	if len(touched) == 0 && len(b.Commitments) > 0 {
		if err := decideCommitments(ctx, tx, commitmentCustomers(b, m), 0); err != nil {
			return res, err
		}
	}
	if err := auditBatch(ctx, tx, b, res, before, newInv, newPay, m); err != nil {
		return res, err
	}
	return res, historyOf(ctx, tx, b, res)
}

// checkRecords checks every record of b with the ledger's rules, so no way
// in (a loader, the demo, a caller that forgot) stores a value they refuse.
// Commitments and calls are checked as they are inserted.
func checkRecords(b Batch) error {
	var bad errs.Invalid
	for i, r := range b.Reps {
		ledger.CheckRep(r, i+1, &bad)
	}
	for i, c := range b.Customers {
		ledger.CheckCustomer(c, row(b.CustomerRows, i), &bad)
	}
	for i, inv := range b.Invoices {
		ledger.CheckInvoice(inv, row(b.InvoiceRows, i), &bad)
	}
	for i, p := range b.Payments {
		ledger.CheckPayment(p, row(b.PaymentRows, i), &bad)
	}
	for i, d := range b.Disputes {
		ledger.CheckDispute(d, i+1, &bad)
	}
	return bad.Err()
}

// insertCommitments writes the batch's commitments; settle decides them
// with the customers' payments.
func insertCommitments(ctx context.Context, tx *txn, b Batch, m *master) error {
	var bad errs.Invalid
	for i, n := range b.Commitments {
		if err := n.check(); err != nil {
			for _, f := range err.(*errs.Invalid).Fields {
				bad.Add(i+1, f.Field, "%s", f.Message)
			}
		}
		if _, ok := m.customers[n.Customer]; !ok {
			bad.Add(i+1, "customer", "unknown customer %q", n.Customer)
		}
	}
	if err := bad.Err(); err != nil {
		return err
	}
	by, now := "import", stamp(time.Now())
	if b.Actor != nil {
		by = b.Actor.Name
	}
	return tx.WriteRows(ctx, "commitments", []string{"customer_id", "amount", "due_date", "made_on", "contact", "support_kind", "support_text", "created_at", "created_by"}, len(b.Commitments),
		func(i int, a []any) {
			n := b.Commitments[i]
			a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8] = m.customers[n.Customer].id, int64(n.Amount), n.Due, n.Made, n.Contact, n.SupportKind, n.Support, now, by
		})
}

// auditBatch records what a batch did, when it has an actor.
func auditBatch(ctx context.Context, tx *txn, b Batch, res Result, before map[string]ledger.Customer, newInv, newPay []int, m *master) error {
	if b.Actor == nil {
		return nil
	}
	if !b.AuditRecords {
		after, _ := json.Marshal(res)
		return audit(ctx, tx, *b.Actor, "import", "batch", b.Source, "", string(after))
	}
	for _, c := range b.Customers {
		old, existed := before[c.Code]
		now := m.customers[c.Code].c
		switch {
		case !existed:
			if err := audit(ctx, tx, *b.Actor, "create", "customer", c.Code, "", jsonOf(now)); err != nil {
				return err
			}
		case old != now:
			if err := audit(ctx, tx, *b.Actor, "update", "customer", c.Code, jsonOf(old), jsonOf(now)); err != nil {
				return err
			}
		}
	}
	for _, i := range newInv {
		if err := audit(ctx, tx, *b.Actor, "create", "invoice", b.Invoices[i].Number, "", jsonOf(b.Invoices[i])); err != nil {
			return err
		}
	}
	for _, i := range newPay {
		if err := audit(ctx, tx, *b.Actor, "create", "payment", b.Payments[i].Number, "", jsonOf(b.Payments[i])); err != nil {
			return err
		}
	}
	return nil
}

func commitmentCustomers(b Batch, m *master) []int64 {
	seen := map[int64]bool{}
	var ids []int64
	for _, n := range b.Commitments {
		if id := m.customers[n.Customer].id; !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

func batchCustomerCodes(b Batch) []string {
	seen := map[string]bool{}
	var codes []string
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	for _, c := range b.Customers {
		add(c.Code)
	}
	for _, inv := range b.Invoices {
		add(inv.Customer)
	}
	for _, p := range b.Payments {
		add(p.Customer)
	}
	for _, c := range b.Commitments {
		add(c.Customer)
	}
	return codes
}

// validation checks invoices and payments against the batch and the books
// of their customers, and collects every problem.
type validation struct {
	m     *master
	b     Batch
	books map[int64]*book
	// Stored documents of those books by number: book and index.
	invoiceAt, paymentAt map[string]docAt
	bad                  errs.Invalid
}

type docAt struct {
	b *book
	i int
}

func row(rows []int, i int) int {
	if rows == nil {
		return i + 1
	}
	return rows[i]
}

// loadBooks loads the documents of every known customer the batch's
// invoices and payments name.
func (v *validation) loadBooks(ctx context.Context, q querier) error {
	var ids []int64
	seen := map[int64]bool{}
	for _, code := range batchCustomerCodes(Batch{Invoices: v.b.Invoices, Payments: v.b.Payments}) {
		if c, ok := v.m.customers[code]; ok && !seen[c.id] {
			seen[c.id] = true
			ids = append(ids, c.id)
		}
	}
	var err error
	if v.books, err = loadBooks(ctx, q, ids); err != nil {
		return err
	}
	code := make(map[int64]string, len(v.m.customers))
	for c, sc := range v.m.customers {
		code[sc.id] = c
	}
	v.invoiceAt, v.paymentAt = map[string]docAt{}, map[string]docAt{}
	for _, bk := range v.books {
		bk.code = code[bk.customerID]
		for i, inv := range bk.Invoices {
			v.invoiceAt[inv.Number] = docAt{bk, i}
		}
		for i, p := range bk.Payments {
			v.paymentAt[p.Number] = docAt{bk, i}
		}
	}
	return nil
}

// invoices returns the indexes of the batch's invoices that are new.
func (v *validation) invoices() []int {
	invs := v.b.Invoices
	seen := make(map[string]int, len(invs))
	var fresh []int
	for i, inv := range invs {
		r := row(v.b.InvoiceRows, i)
		if first, dup := seen[inv.Number]; dup {
			v.bad.Add(r, "number", "invoice %s appears twice in the input (first at row %d)", inv.Number, row(v.b.InvoiceRows, first))
			continue
		}
		seen[inv.Number] = i
		if _, ok := v.m.customers[inv.Customer]; !ok {
			v.bad.Add(r, "customer", "unknown customer %q", inv.Customer)
			continue
		}
		at, ok := v.invoiceAt[inv.Number]
		if !ok {
			fresh = append(fresh, i)
			continue
		}
		old := at.b.Invoices[at.i]
		old.Customer = at.b.code
		if field, was, now := diffInvoice(old, inv); field != "" {
			v.bad.Add(r, field, "invoice %s already exists with %s %s; the input says %s", inv.Number, field, was, now)
		}
	}
	return fresh
}

// payments returns the indexes of the batch's payments that are new.
func (v *validation) payments(ctx context.Context, q querier, newInv []int) ([]int, error) {
	pays := v.b.Payments
	if len(pays) == 0 {
		return nil, nil // an invoices file: no need to index a million numbers
	}
	newOwner := make(map[string]string, len(newInv)) // new invoice number → customer code
	for _, i := range newInv {
		newOwner[v.b.Invoices[i].Number] = v.b.Invoices[i].Customer
	}
	others, err := v.othersNamed(ctx, q, newOwner)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]int, len(pays))
	var fresh []int
	for i, p := range pays {
		r := row(v.b.PaymentRows, i)
		if first, dup := seen[p.Number]; dup {
			v.bad.Add(r, "number", "payment %s appears twice in the input (first at row %d)", p.Number, row(v.b.PaymentRows, first))
			continue
		}
		seen[p.Number] = i
		if _, ok := v.m.customers[p.Customer]; !ok {
			v.bad.Add(r, "customer", "unknown customer %q", p.Customer)
			continue
		}
		for _, num := range p.Invoices {
			owner, ok := newOwner[num]
			if at, stored := v.invoiceAt[num]; !ok && stored {
				owner, ok = at.b.code, true
			}
			if !ok {
				owner, ok = others[num]
			}
			if ok && owner != p.Customer {
				if h, err := hidden(ctx, q, v.b.Scope, owner); err != nil {
					return nil, err
				} else if h {
					ok = false // as if it did not exist
				}
			}
			switch {
			case !ok:
				v.bad.Add(r, "invoices", "unknown invoice %q", num)
			case owner != p.Customer:
				v.bad.Add(r, "invoices", "invoice %s belongs to customer %s, not %s", num, owner, p.Customer)
			}
		}
		at, ok := v.paymentAt[p.Number]
		if !ok {
			fresh = append(fresh, i)
			continue
		}
		old := at.b.Payments[at.i]
		old.Customer = at.b.code
		if field, was, now := diffPayment(old, p); field != "" {
			v.bad.Add(r, field, "payment %s already exists with %s %s; the input says %s", p.Number, field, was, now)
		}
	}
	return fresh, nil
}

// othersNamed looks up the owners of invoices that payments name but that
// are neither new nor among the loaded books: another customer's, or none.
func (v *validation) othersNamed(ctx context.Context, q querier, newOwner map[string]string) (map[string]string, error) {
	var nums []string
	for _, p := range v.b.Payments {
		for _, n := range p.Invoices {
			if _, ok := newOwner[n]; !ok {
				if _, ok := v.invoiceAt[n]; !ok {
					nums = append(nums, n)
				}
			}
		}
	}
	return invoiceOwners(ctx, q, nums)
}

func diffInvoice(old, now ledger.Invoice) (field, was, is string) {
	switch {
	case old.Customer != now.Customer:
		return "customer", old.Customer, now.Customer
	case old.Issue != now.Issue:
		return "issue_date", old.Issue.String(), now.Issue.String()
	case old.Due != now.Due:
		return "due_date", old.Due.String(), now.Due.String()
	case old.Amount != now.Amount:
		return "amount", old.Amount.String(), now.Amount.String()
	}
	return "", "", ""
}

func diffPayment(old, now ledger.Payment) (field, was, is string) {
	switch {
	case old.Customer != now.Customer:
		return "customer", old.Customer, now.Customer
	case old.Date != now.Date:
		return "date", old.Date.String(), now.Date.String()
	case old.Amount != now.Amount:
		return "amount", old.Amount.String(), now.Amount.String()
	case !slices.Equal(old.Invoices, now.Invoices):
		return "invoices", strings.Join(old.Invoices, ";"), strings.Join(now.Invoices, ";")
	}
	return "", "", ""
}

// addNew adds the new documents and the disputes to their customers'
// books and returns the books that changed. Each book grows once to hold
// its new documents: a bulk load adds a hundred or more to each, and
// growing by appending copied every book's documents several times.
func (v *validation) addNew(newInv, newPay []int) []*book {
	var touched []*book
	byCode := map[string]*book{} // one lookup a row instead of three
	bookOf := func(code string) *book {
		bk, ok := byCode[code]
		if !ok {
			bk = v.books[v.m.customers[code].id]
			byCode[code] = bk
			touched = append(touched, bk)
		}
		return bk
	}
	invBooks := make([]*book, len(newInv))
	for k, i := range newInv {
		invBooks[k] = bookOf(v.b.Invoices[i].Customer)
	}
	payBooks := make([]*book, len(newPay))
	for k, i := range newPay {
		payBooks[k] = bookOf(v.b.Payments[i].Customer)
	}
	growBooks(invBooks, payBooks)
	for k, i := range newInv {
		bk := invBooks[k]
		bk.Invoices = append(bk.Invoices, v.b.Invoices[i])
		bk.invState = append(bk.invState, ledger.InvoiceState{})
	}
	for k, i := range newPay {
		bk := payBooks[k]
		bk.Payments = append(bk.Payments, v.b.Payments[i])
		bk.payState = append(bk.payState, ledger.PaymentState{})
	}
	if len(v.b.Disputes) == 0 {
		return touched
	}
	owner := make(map[string]string, len(newInv))
	for _, i := range newInv {
		owner[v.b.Invoices[i].Number] = v.b.Invoices[i].Customer
	}
	for k, d := range v.b.Disputes {
		code, ok := owner[d.Invoice]
		if !ok {
			v.bad.Add(k+1, "invoice", "a dispute must be on an invoice of the same batch, not %q", d.Invoice)
			continue
		}
		bk := bookOf(code)
		bk.Disputes = append(bk.Disputes, d)
	}
	return touched
}

// growBooks makes room in each book for the new invoices and payments
// that will be appended to it: invBooks and payBooks hold the book of each.
func growBooks(invBooks, payBooks []*book) {
	type room struct{ inv, pay int }
	need := map[*book]room{}
	for _, bk := range invBooks {
		r := need[bk]
		r.inv++
		need[bk] = r
	}
	for _, bk := range payBooks {
		r := need[bk]
		r.pay++
		need[bk] = r
	}
	for bk, r := range need {
		bk.Invoices, bk.invState = slices.Grow(bk.Invoices, r.inv), slices.Grow(bk.invState, r.inv)
		bk.Payments, bk.payState = slices.Grow(bk.Payments, r.pay), slices.Grow(bk.payState, r.pay)
	}
}

// explainClash finds the rows whose number exists under another customer.
// It returns nil if there are none.
func (s *Store) explainClash(ctx context.Context, b Batch) (*errs.Invalid, error) {
	var bad errs.Invalid
	invs, err := existingInvoices(ctx, s.r, b.Invoices)
	if err != nil {
		return nil, err
	}
	for i, inv := range b.Invoices {
		if old, ok := invs[inv.Number]; ok && old.Customer != inv.Customer {
			if h, err := hidden(ctx, s.r, b.Scope, old.Customer); err != nil {
				return nil, err
			} else if h {
				bad.Add(row(b.InvoiceRows, i), "number", "invoice number %s is taken", inv.Number)
				continue
			}
			bad.Add(row(b.InvoiceRows, i), "customer", "invoice %s already exists with customer %s; the input says %s", inv.Number, old.Customer, inv.Customer)
		}
	}
	pays, err := existingPayments(ctx, s.r, b.Payments)
	if err != nil {
		return nil, err
	}
	for i, p := range b.Payments {
		if old, ok := pays[p.Number]; ok && old.Customer != p.Customer {
			if h, err := hidden(ctx, s.r, b.Scope, old.Customer); err != nil {
				return nil, err
			} else if h {
				bad.Add(row(b.PaymentRows, i), "number", "payment number %s is taken", p.Number)
				continue
			}
			bad.Add(row(b.PaymentRows, i), "customer", "payment %s already exists with customer %s; the input says %s", p.Number, old.Customer, p.Customer)
		}
	}
	if len(bad.Fields) == 0 {
		return nil, nil
	}
	return &bad, nil
}

// hidden reports whether the customer with the code is outside sc (nil:
// nothing is hidden), so that its records are spoken of as if they did not
// exist.
func hidden(ctx context.Context, q querier, sc *user.Scope, code string) (bool, error) {
	if sc == nil || sc.All {
		return false, nil
	}
	args := []any{code}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM customers c WHERE c.code = $1 AND `+scopeClause(*sc, &args), args...).Scan(&n)
	return n == 0, err
}
