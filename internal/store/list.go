package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	OldestDue               civil.Date // zero when nothing is owed
	Overdue                 money.Amount
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
	}
	return "FALSE"
}

// Customers returns one page of the customers f selects, and how many it
// selects in all.
func (s *Store) Customers(ctx context.Context, f CustomerFilter) ([]CustomerRow, int, error) {
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
		add("r.code = $?", f.Rep)
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
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*)`+customerFrom+` WHERE `+cond, args...).Scan(&total); err != nil {
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
	q := `SELECT ` + customerColumns + `, c.owed, c.prepaid, c.disputed, c.oldest_due` + customerFrom +
		` WHERE ` + cond + ` ORDER BY ` + order + dir + `, c.code` + dir + fmt.Sprintf(` LIMIT %d OFFSET %d`, limit, max(f.Offset, 0))
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []CustomerRow
	for rows.Next() {
		r, err := scanCustomerRow(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, s.fillOverdue(ctx, out, f.Today)
}

func scanCustomerRow(sc interface{ Scan(...any) error }) (CustomerRow, error) {
	var r CustomerRow
	var tier string
	var limit, owed, prepaid, disputed int64
	err := sc.Scan(&r.ID, &r.Code, &r.Name, &r.Region, &r.Rep, &tier, &limit, &r.TermsDays, &r.Contact, &r.Phone, &owed, &prepaid, &disputed, &oldestScanner{&r.OldestDue})
	r.Tier, r.CreditLimit = ledger.Tier(tier), money.Amount(limit)
	r.Owed, r.Prepaid, r.Disputed = money.Amount(owed), money.Amount(prepaid), money.Amount(disputed)
	return r, err
}

// oldestScanner reads a nullable date, leaving zero for NULL.
type oldestScanner struct{ d *civil.Date }

func (o *oldestScanner) Scan(src any) error {
	if src == nil {
		*o.d = 0
		return nil
	}
	return o.d.Scan(src)
}

// fillOverdue sets what each customer of the page has overdue on today.
func (s *Store) fillOverdue(ctx context.Context, rows []CustomerRow, today civil.Date) error {
	var ids []any
	at := map[int64]int{}
	for i, r := range rows {
		if r.OldestDue != 0 && r.OldestDue < today {
			ids = append(ids, r.ID)
			at[r.ID] = i
		}
	}
	if len(ids) == 0 {
		return nil
	}
	args := append([]any{today, never}, ids...)
	q := `SELECT customer_id, CAST(SUM(open_amount - held_amount) AS BIGINT) FROM invoices
		WHERE customer_id IN (` + placeholders(3, len(ids)) + `) AND closed_on = $2 AND amount > 0 AND due_date < $1 GROUP BY customer_id`
	res, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer res.Close()
	for res.Next() {
		var id, amt int64
		if err := res.Scan(&id, &amt); err != nil {
			return err
		}
		rows[at[id]].Overdue = money.Amount(amt)
	}
	return res.Err()
}

// CustomerRow returns one customer with its position if the scope may
// see it, and errs.ErrNotFound otherwise: a customer out of sight does not
// exist for the caller.
func (s *Store) CustomerRow(ctx context.Context, code string, sc user.Scope, today civil.Date) (CustomerRow, error) {
	args := []any{code}
	cond := scopeClause(sc, &args)
	r, err := scanCustomerRow(s.r.QueryRowContext(ctx, `SELECT `+customerColumns+`, c.owed, c.prepaid, c.disputed, c.oldest_due`+customerFrom+
		` WHERE c.code = $1 AND `+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("customer %q: %w", code, errs.ErrNotFound)
	} else if err != nil {
		return r, err
	}
	rows := []CustomerRow{r}
	err = s.fillOverdue(ctx, rows, today)
	return rows[0], err
}

// likeEscape drops the characters LIKE would read as patterns.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, ``, `%`, ``, `_`, ``).Replace(s)
}

// RepCodes returns the codes of the reps whose customers the scope sees.
func (s *Store) RepCodes(ctx context.Context, sc user.Scope) ([]string, error) {
	var args []any
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT r.code FROM reps r JOIN customers c ON c.rep_id = r.id WHERE `+scopeClause(sc, &args)+` ORDER BY r.code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
