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

// CustomerFilter selects and orders customers for a list.
type CustomerFilter struct {
	Scope      user.Scope
	Search     string // part of the code or the name
	Rep        string // a rep's code
	Tier       ledger.Tier
	HasOverdue bool
	Today      civil.Date // what "overdue" is measured against
	Sort       string     // one of CustomerSorts; default "code"
	Desc       bool
	Limit      int
	Offset     int
	After      string // only codes after this one, for paging by code
	NoTotal    bool   // skip counting the customers selected
}

// CustomerSorts are the orders a customer list can have.
var CustomerSorts = map[string]string{
	"code":    "c.code",
	"name":    "c.name",
	"rep":     "r.code",
	"tier":    "c.credit_tier",
	"balance": "(c.owed - c.prepaid)",
	"oldest":  "c.oldest_due",
}

// CustomerRow is a customer with its position: what it owes, has prepaid
// and has in dispute, the earliest due date of what it owes, and how much
// of that is overdue today.
type CustomerRow struct {
	ledger.Customer
	Owed, Prepaid, Disputed money.Amount
	OldestDue               civil.Date        // zero when nothing is owed
	Open                    []ledger.OpenItem // what is owed and collectable, by due date
	Overdue                 money.Amount      // the part of Open due before the filter's today
}

// Balance is what the customer owes net of prepayment.
func (c CustomerRow) Balance() money.Amount { return c.Owed - c.Prepaid }

// OverdueDays is how many days the oldest open invoice is past due on
// today, or 0.
func (c CustomerRow) OverdueDays(today civil.Date) int {
	if c.OldestDue == 0 || c.OldestDue >= today {
		return 0
	}
	return today.Sub(c.OldestDue)
}

// OverLimit reports whether the customer owes more than its credit limit.
func (c CustomerRow) OverLimit() bool {
	return ledger.OverLimit(c.Balance(), c.CreditLimit)
}

// scopeClause limits customers (alias c) to what a scope may see.
func scopeClause(sc user.Scope, args *[]any) string {
	switch {
	case sc.All:
		return "TRUE"
	case sc.Team != "":
		*args = append(*args, sc.Team)
		return "c.rep_id IN (SELECT id FROM reps WHERE team = $" + strconv.Itoa(len(*args)) + ")"
	case sc.Rep != "":
		*args = append(*args, sc.Rep)
		return "c.rep_id IN (SELECT id FROM reps WHERE code = $" + strconv.Itoa(len(*args)) + ")"
	case sc.Customer != "":
		*args = append(*args, sc.Customer)
		return "c.code = $" + strconv.Itoa(len(*args))
	}
	return "FALSE"
}

// Customers returns one page of the customers f selects, and how many it
// selects in all (-1 with NoTotal).
func (s *Store) Customers(ctx context.Context, f CustomerFilter) (_ []CustomerRow, _ int, err error) {
	defer wrap(&err, "store.Customers")
	var args []any
	where := []string{scopeClause(f.Scope, &args)}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	if q := strings.TrimSpace(f.Search); q != "" {
		add("(LOWER(c.code) LIKE $? OR c.name LIKE $?)", "%"+strings.ToLower(likeEscape(q))+"%")
	}
	if f.Rep != "" {
		add("c.rep_id IN (SELECT id FROM reps WHERE code = $?)", f.Rep)
	}
	if f.Tier != "" {
		add("c.credit_tier = $?", string(f.Tier))
	}
	if f.HasOverdue {
		add("c.oldest_due < $?", f.Today)
	}
	if f.After != "" {
		add("c.code > $?", f.After)
	}
	cond := strings.Join(where, " AND ")
	var total int
	// The conditions name only customers' columns, so the count needs no
	// join and SQLite counts an index.
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM customers c WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order, ok := CustomerSorts[f.Sort]
	if !ok {
		order = "c.code"
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	q := `SELECT ` + customerColumns + `, c.owed, c.prepaid, c.disputed, c.oldest_due, c.open_items` + customerFrom +
		` WHERE ` + cond + ` ORDER BY ` + order + dir + `, c.code` + dir + fmt.Sprintf(` LIMIT %d OFFSET %d`, limit, max(f.Offset, 0))
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []CustomerRow
	for rows.Next() {
		r, err := scanCustomerRow(rows, f.Today)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

func scanCustomerRow(sc interface{ Scan(...any) error }, today civil.Date) (CustomerRow, error) {
	var r CustomerRow
	var tier, open string
	var limit, owed, prepaid, disputed int64
	err := sc.Scan(&r.ID, &r.Code, &r.Name, &r.Region, &r.Rep, &tier, &limit, &r.TermsDays, &r.Contact, &r.Phone, &r.Email, &owed, &prepaid, &disputed, &nullDate{&r.OldestDue}, &open)
	if err != nil {
		return r, err
	}
	r.Tier, r.CreditLimit = ledger.Tier(tier), money.Amount(limit)
	r.Owed, r.Prepaid, r.Disputed = money.Amount(owed), money.Amount(prepaid), money.Amount(disputed)
	if r.Open, err = decodeOpenItems(open); err != nil {
		return r, fmt.Errorf("customer %s: %w", r.Code, err)
	}
	for _, it := range r.Open {
		if it.Due < today {
			r.Overdue += it.Amount
		}
	}
	return r, nil
}

// CustomerRow returns one customer with its position if the scope may
// see it, and errs.ErrNotFound otherwise: a customer out of sight does not
// exist for the caller.
func (s *Store) CustomerRow(ctx context.Context, code string, sc user.Scope, today civil.Date) (_ CustomerRow, err error) {
	defer wrap(&err, "store.CustomerRow")
	args := []any{code}
	cond := scopeClause(sc, &args)
	r, err := scanCustomerRow(s.r.QueryRowContext(ctx, `SELECT `+customerColumns+`, c.owed, c.prepaid, c.disputed, c.oldest_due, c.open_items`+customerFrom+
		` WHERE c.code = $1 AND `+cond, args...), today)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("customer %q: %w", code, errs.ErrNotFound)
	}
	return r, err
}

// encodeOpenItems writes open items, in due date order, as the text kept
// in customers.open_items: "2026-06-30:150000,2026-07-15:9900".
func encodeOpenItems(items []ledger.OpenItem) string {
	slices.SortStableFunc(items, func(a, b ledger.OpenItem) int { return int(a.Due - b.Due) })
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(it.Due.String())
		b.WriteByte(':')
		b.WriteString(strconv.FormatInt(int64(it.Amount), 10))
	}
	return b.String()
}

func decodeOpenItems(s string) ([]ledger.OpenItem, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	out := make([]ledger.OpenItem, 0, len(parts))
	for _, p := range parts {
		d, a, ok := strings.Cut(p, ":")
		due, err := civil.Parse(d)
		amt, err2 := strconv.ParseInt(a, 10, 64)
		if !ok || err != nil || err2 != nil {
			return nil, fmt.Errorf("bad open item %q", p)
		}
		out = append(out, ledger.OpenItem{Due: due, Amount: money.Amount(amt)})
	}
	slices.SortStableFunc(out, func(a, b ledger.OpenItem) int { return int(a.Due - b.Due) })
	return out, nil
}

// RepCodes returns the codes of the reps the scope sees.
func (s *Store) RepCodes(ctx context.Context, sc user.Scope) (_ []string, err error) {
	defer wrap(&err, "store.RepCodes")
	cond, args := "FALSE", []any{}
	switch {
	case sc.All:
		cond = "TRUE"
	case sc.Team != "":
		cond, args = "team = $1", []any{sc.Team}
	case sc.Rep != "":
		cond, args = "code = $1", []any{sc.Rep}
	}
	return column[string](ctx, s.r, `SELECT code FROM reps WHERE `+cond+` ORDER BY code`, args...)
}
