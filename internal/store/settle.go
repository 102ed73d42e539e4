package store

import (
	"cmp"
	"context"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"huikuan/internal/civil"
	"huikuan/internal/ledger"
)

// settle allocates each book with ledger.Allocate and saves the outcome:
// new documents are inserted with their state, stored ones updated where
// their state changed, the allocations of each customer rewritten, and the
// customer's owed, prepaid and disputed totals refreshed.
func settle(ctx context.Context, tx *txn, books []*book, progress func(int)) error {
	if progress == nil {
		progress = func(int) {}
	}
	results := allocateAll(books)
	if err := capacitiesChanged(ctx, tx, firstNew(books)); err != nil {
		return err
	}
	if err := insertNewInvoices(ctx, tx, books, results, progress); err != nil {
		return err
	}
	if err := insertNewPayments(ctx, tx, books, results, progress); err != nil {
		return err
	}
	if err := insertNewDisputes(ctx, tx, books); err != nil {
		return err
	}
	if err := updateChangedState(ctx, tx, books, results); err != nil {
		return err
	}
	if err := replaceAllocations(ctx, tx, books, results); err != nil {
		return err
	}
	if err := updateTotals(ctx, tx, books, results); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ledger_state SET last_event = $1 WHERE id = 1 AND last_event < $1`, lastEvent(books)); err != nil {
		return err
	}
	// New payments may fulfil commitments; backdated ones may change
	// what was decided.
	ids := make([]int64, len(books))
	for i, b := range books {
		ids[i] = b.customerID
	}
	return decideCommitments(ctx, tx, ids, 0)
}

// allocateAll allocates each book, spreading the books over the CPUs: a
// bulk load allocates ten thousand customers, and each allocation reads
// only its own book.
func allocateAll(books []*book) []*ledger.Allocated {
	results := make([]*ledger.Allocated, len(books))
	workers := min(runtime.GOMAXPROCS(0), len(books)/100+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(books); i += workers {
				results[i] = ledger.Allocate(books[i].Book)
			}
		})
	}
	wg.Wait()
	return results
}

// firstNew returns the earliest date of a document or dispute in the books
// not stored yet (0 for none): allocations change from that day on, and so
// do the capacities of the months after it.
func firstNew(books []*book) civil.Date {
	var first civil.Date
	for _, b := range books {
		for _, inv := range b.Invoices {
			if inv.ID == 0 {
				first = earliest(first, inv.Issue)
			}
		}
		for _, p := range b.Payments {
			if p.ID == 0 {
				first = earliest(first, p.Date)
			}
		}
		for _, d := range b.Disputes {
			if d.ID == 0 {
				first = earliest(first, d.Opened)
			}
		}
	}
	return first
}

// lastEvent returns the latest date of any document or dispute event in
// the books.
func lastEvent(books []*book) civil.Date {
	var last civil.Date
	for _, b := range books {
		for _, inv := range b.Invoices {
			last = max(last, inv.Issue)
		}
		for _, p := range b.Payments {
			last = max(last, p.Date)
		}
		for _, d := range b.Disputes {
			last = max(last, d.Opened)
			if d.Resolved != civil.Never {
				last = max(last, d.Resolved)
			}
		}
	}
	return last
}

// docRef points at document i of books[b].
type docRef struct{ b, i int }

// newDocs returns where the documents without an id are, in the books.
func newDocs(books []*book, count func(*book) int, isNew func(b *book, i int) bool) []docRef {
	var refs []docRef
	for bi, b := range books {
		for i := range count(b) {
			if isNew(b, i) {
				refs = append(refs, docRef{bi, i})
			}
		}
	}
	return refs
}

// inDateOrder returns refs sorted by date and then number, key giving
// both. New numbers are unique (validation refused duplicates), so the
// order is total and any sort gives the one answer. A million documents
// span a few hundred days: a counting sort by date, then sorting each
// day's documents by number, compares strings a third as often as one
// sort of the whole (most of the time went to comparing numbers).
func inDateOrder(refs []docRef, key func(docRef) (civil.Date, string)) []docRef {
	type keyed struct {
		number string
		ref    docRef
	}
	if len(refs) < 2 {
		return refs
	}
	dates := make([]civil.Date, len(refs))
	ks := make([]keyed, len(refs))
	lo, hi := civil.Date(math.MaxInt32), civil.Date(math.MinInt32)
	for k, r := range refs {
		dates[k], ks[k].number = key(r)
		ks[k].ref = r
		lo, hi = min(lo, dates[k]), max(hi, dates[k])
	}
	byNumber := func(a, b keyed) int { return strings.Compare(a.number, b.number) }
	if int64(hi)-int64(lo) > 4*int64(len(refs)) { // dates too spread out to count
		idx := make([]int, len(refs))
		for k := range idx {
			idx[k] = k
		}
		slices.SortFunc(idx, func(a, b int) int {
			return cmp.Or(cmp.Compare(dates[a], dates[b]), byNumber(ks[a], ks[b]))
		})
		for k, i := range idx {
			refs[k] = ks[i].ref
		}
		return refs
	}
	start := make([]int, int(hi-lo)+2) // where each day's documents begin
	for _, d := range dates {
		start[d-lo+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	out := make([]keyed, len(ks))
	next := slices.Clone(start)
	for k, d := range dates {
		out[next[d-lo]] = ks[k]
		next[d-lo]++
	}
	for i := 0; i+1 < len(start); i++ {
		if day := out[start[i]:start[i+1]]; !slices.IsSortedFunc(day, byNumber) {
			slices.SortFunc(day, byNumber)
		}
	}
	for k := range out {
		refs[k] = out[k].ref
	}
	return refs
}

func insertNewInvoices(ctx context.Context, tx *txn, books []*book, res []*ledger.Allocated, progress func(int)) error {
	refs := newDocs(books, func(b *book) int { return len(b.Invoices) }, func(b *book, i int) bool { return b.Invoices[i].ID == 0 })
	// In date order, most index entries land at the end of their indexes
	// (numbers and dates grow together): a bulk load runs far faster than
	// in customer order.
	refs = inDateOrder(refs, func(r docRef) (civil.Date, string) {
		inv := &books[r.b].Invoices[r.i]
		return inv.Issue, inv.Number
	})
	ids, err := tx.ReserveIDs(ctx, "invoices", len(refs))
	if err != nil {
		return err
	}
	for k, r := range refs {
		books[r.b].Invoices[r.i].ID = ids[k]
		books[r.b].invState[r.i] = res[r.b].Invoices[r.i]
	}
	cols := []string{"id", "number", "customer_id", "issue_date", "due_date", "amount", "open_amount", "held_amount", "closed_on", "electronic"}
	return tx.WriteRows(ctx, "invoices", cols, len(refs), func(k int, a []any) {
		r := refs[k]
		inv, st := books[r.b].Invoices[r.i], res[r.b].Invoices[r.i]
		a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9] = inv.ID, inv.Number, books[r.b].customerID, inv.Issue, inv.Due, int64(inv.Amount), int64(st.Open), int64(st.Held), st.Closed, inv.Electronic
		if k%1000 == 999 {
			progress(1000)
		}
	})
}

func insertNewPayments(ctx context.Context, tx *txn, books []*book, res []*ledger.Allocated, progress func(int)) error {
	refs := newDocs(books, func(b *book) int { return len(b.Payments) }, func(b *book, i int) bool { return b.Payments[i].ID == 0 })
	refs = inDateOrder(refs, func(r docRef) (civil.Date, string) { // as for invoices
		p := &books[r.b].Payments[r.i]
		return p.Date, p.Number
	})
	ids, err := tx.ReserveIDs(ctx, "payments", len(refs))
	if err != nil {
		return err
	}
	for k, r := range refs {
		books[r.b].Payments[r.i].ID = ids[k]
		books[r.b].payState[r.i] = res[r.b].Payments[r.i]
	}
	cols := []string{"id", "number", "customer_id", "date", "amount", "unapplied", "closed_on"}
	err = tx.WriteRows(ctx, "payments", cols, len(refs), func(k int, a []any) {
		r := refs[k]
		p, st := books[r.b].Payments[r.i], res[r.b].Payments[r.i]
		a[0], a[1], a[2], a[3], a[4], a[5], a[6] = p.ID, p.Number, books[r.b].customerID, p.Date, int64(p.Amount), int64(st.Unapplied), st.Closed
		if k%1000 == 999 {
			progress(1000)
		}
	})
	if err != nil {
		return err
	}
	return insertNamedInvoices(ctx, tx, books, refs)
}

// insertNamedInvoices records which invoices the new payments name.
func insertNamedInvoices(ctx context.Context, tx *txn, books []*book, payments []docRef) error {
	type link struct {
		payment  int64
		position int
		invoice  int64
	}
	var links []link
	for _, r := range payments {
		b := books[r.b]
		p := b.Payments[r.i]
		for pos, num := range p.Invoices {
			if i := slices.IndexFunc(b.Invoices, func(inv ledger.Invoice) bool { return inv.Number == num }); i >= 0 {
				links = append(links, link{p.ID, pos, b.Invoices[i].ID})
			}
		}
	}
	return tx.WriteRows(ctx, "payment_invoices", []string{"payment_id", "position", "invoice_id"}, len(links),
		func(k int, a []any) { a[0], a[1], a[2] = links[k].payment, links[k].position, links[k].invoice })
}

func insertNewDisputes(ctx context.Context, tx *txn, books []*book) error {
	type row struct {
		invoice int64
		d       ledger.Dispute
	}
	var rows []row
	for _, b := range books {
		for _, d := range b.Disputes {
			if d.ID != 0 {
				continue
			}
			i := slices.IndexFunc(b.Invoices, func(inv ledger.Invoice) bool { return inv.Number == d.Invoice })
			rows = append(rows, row{b.Invoices[i].ID, d})
		}
	}
	return tx.WriteRows(ctx, "disputes", []string{"invoice_id", "amount", "opened_on", "resolved_on", "note"}, len(rows),
		func(k int, a []any) {
			r := rows[k]
			a[0], a[1], a[2], a[3], a[4] = r.invoice, int64(r.d.Amount), r.d.Opened, r.d.Resolved, r.d.Note
		})
}

// updateChangedState writes the new state of stored documents whose open
// amount, held amount or closing date changed.
func updateChangedState(ctx context.Context, tx *txn, books []*book, res []*ledger.Allocated) error {
	updInv, err := tx.PrepareContext(ctx, `UPDATE invoices SET open_amount = $1, held_amount = $2, closed_on = $3 WHERE id = $4`)
	if err != nil {
		return err
	}
	defer updInv.Close()
	updPay, err := tx.PrepareContext(ctx, `UPDATE payments SET unapplied = $1, closed_on = $2 WHERE id = $3`)
	if err != nil {
		return err
	}
	defer updPay.Close()
	for bi, b := range books {
		for i, st := range res[bi].Invoices {
			if st != b.invState[i] {
				if _, err := updInv.ExecContext(ctx, int64(st.Open), int64(st.Held), st.Closed, b.Invoices[i].ID); err != nil {
					return err
				}
			}
		}
		for i, st := range res[bi].Payments {
			if st != b.payState[i] {
				if _, err := updPay.ExecContext(ctx, int64(st.Unapplied), st.Closed, b.Payments[i].ID); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// replaceAllocations rewrites the allocations of the books' customers.
func replaceAllocations(ctx context.Context, tx *txn, books []*book, res []*ledger.Allocated) error {
	var stale []int64
	type alloc struct {
		b int
		a ledger.Allocation
	}
	var all []alloc
	for bi, b := range books {
		if b.hadDocs {
			stale = append(stale, b.customerID)
		}
		for _, a := range res[bi].Allocations {
			all = append(all, alloc{bi, a})
		}
	}
	err := inChunks(stale, 500, func(chunk []int64) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM allocations WHERE customer_id IN (`+placeholders(1, len(chunk))+`)`, anys(chunk)...)
		return err
	})
	if err != nil {
		return err
	}
	return tx.WriteRows(ctx, "allocations", []string{"customer_id", "invoice_id", "payment_id", "credit_note_id", "amount", "date"}, len(all),
		func(k int, v []any) {
			b, a := books[all[k].b], all[k].a
			v[0], v[1], v[2], v[3], v[4], v[5] = b.customerID, b.Invoices[a.Invoice].ID, nil, nil, int64(a.Amount), a.Date
			if a.Payment >= 0 {
				v[2] = b.Payments[a.Payment].ID
			} else {
				v[3] = b.Invoices[a.CreditNote].ID
			}
		})
}

// updateTotals keeps each customer's owed, prepaid and disputed totals and
// the earliest due date of what it owes and can be asked for.
func updateTotals(ctx context.Context, tx *txn, books []*book, res []*ledger.Allocated) error {
	u := rowUpdate{Table: "customers", Cols: []string{"owed", "prepaid", "disputed", "oldest_due", "open_items"}, Types: []string{"bigint", "bigint", "bigint", "date", "text"}}
	_, err := tx.UpdateRows(ctx, u, len(books), func(i int, vals []any) {
		b := books[i]
		var held int64
		var items []ledger.OpenItem
		for k, st := range res[i].Invoices {
			held += int64(st.Held)
			if st.Open-st.Held > 0 {
				items = append(items, ledger.OpenItem{Due: b.Invoices[k].Due, Amount: st.Open - st.Held})
			}
		}
		open := encodeOpenItems(items) // sorts items by due date
		var oldest any                 // NULL when nothing is collectable
		if len(items) > 0 {
			oldest = items[0].Due
		}
		vals[0], vals[1], vals[2], vals[3], vals[4], vals[5] = int64(res[i].Owed()), int64(res[i].Prepaid()), held, oldest, open, b.customerID
	})
	return err
}
