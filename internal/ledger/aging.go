package ledger

import (
	"fmt"
	"io"
	"strconv"

	"huikuan/internal/civil"
	"huikuan/internal/csvfile"
	"huikuan/internal/money"
)

// Buckets are the aging buckets, given by the upper bounds in days past due
// of all but the last: [0 30 60 90 180] means not yet due (0 or less),
// 1–30, 31–60, 61–90, 91–180 and over 180. Days past due are the as-of date
// minus the due date, in calendar days.
type Buckets []int

// DefaultBuckets returns the buckets of DESIGN.md.
func DefaultBuckets() Buckets { return Buckets{0, 30, 60, 90, 180} }

// Validate reports whether the bounds start at 0 and increase.
func (b Buckets) Validate() error {
	if len(b) == 0 || b[0] != 0 {
		return fmt.Errorf("aging buckets must start with 0 (not yet due)")
	}
	for i := 1; i < len(b); i++ {
		if b[i] <= b[i-1] {
			return fmt.Errorf("aging bucket bounds must increase: %d after %d", b[i], b[i-1])
		}
	}
	return nil
}

// Len returns the number of buckets.
func (b Buckets) Len() int { return len(b) + 1 }

// Index returns the bucket of an item daysPastDue days past due.
func (b Buckets) Index(daysPastDue int) int {
	for i, upper := range b {
		if daysPastDue <= upper {
			return i
		}
	}
	return len(b)
}

// DueCutoffs returns, for each bucket but the last, the earliest due date
// that still falls in it on asOf: an item is in bucket i when its due date
// is on or after cutoff[i] and before cutoff[i-1]. This lets SQL place items
// in buckets by comparing dates only.
func (b Buckets) DueCutoffs(asOf civil.Date) []civil.Date {
	c := make([]civil.Date, len(b))
	for i, upper := range b {
		c[i] = asOf.AddDays(-upper)
	}
	return c
}

// BucketInfo describes one bucket in a report. From and To are days past
// due, nil for the open ends; the not-yet-due bucket has neither.
type BucketInfo struct {
	Label  string       `json:"label"`
	From   *int         `json:"from_days"`
	To     *int         `json:"to_days"`
	Amount money.Amount `json:"amount"`
}

// Info returns the descriptions of the buckets, with zero amounts.
func (b Buckets) Info() []BucketInfo {
	out := make([]BucketInfo, 0, b.Len())
	out = append(out, BucketInfo{Label: "not yet due"})
	for i := 1; i <= len(b); i++ {
		from := b[i-1] + 1
		info := BucketInfo{From: &from}
		if i < len(b) {
			to := b[i]
			info.To = &to
			info.Label = strconv.Itoa(from) + "-" + strconv.Itoa(to)
		} else {
			info.Label = "over " + strconv.Itoa(b[i-1])
		}
		out = append(out, info)
	}
	return out
}

// OpenItem is a collectable amount of one invoice on the as-of date:
// open minus held in dispute.
type OpenItem struct {
	Due    civil.Date
	Amount money.Amount
}

// Age spreads open items over the buckets as of asOf.
func Age(items []OpenItem, asOf civil.Date, b Buckets) []money.Amount {
	out := make([]money.Amount, b.Len())
	for _, it := range items {
		out[b.Index(asOf.Sub(it.Due))] += it.Amount
	}
	return out
}

// AgingReport is the aging of a set of customers on one date. Its JSON form
// is a public contract (CLI and API).
type AgingReport struct {
	AsOf      civil.Date      `json:"as_of"`
	Currency  string          `json:"currency"`
	Buckets   []BucketInfo    `json:"buckets"`
	Total     money.Amount    `json:"total"`
	Prepaid   money.Amount    `json:"prepaid"`
	Disputed  money.Amount    `json:"disputed"`
	Customers []CustomerAging `json:"customers"`
}

// CustomerAging is one customer's line of the aging report. Total is the
// sum of the buckets: what the customer owes, disputed amounts aside.
type CustomerAging struct {
	Code        string         `json:"code"`
	Name        string         `json:"name"`
	Rep         string         `json:"rep"`
	Total       money.Amount   `json:"total"`
	Buckets     []money.Amount `json:"buckets"`
	Prepaid     money.Amount   `json:"prepaid"`
	Disputed    money.Amount   `json:"disputed"`
	CreditLimit money.Amount   `json:"credit_limit"`
	OverLimit   bool           `json:"over_limit"`
}

// Balance is what the customer owes net of prepayment, disputed amounts
// included: the figure compared with the credit limit.
func (c CustomerAging) Balance() money.Amount { return c.Total + c.Disputed - c.Prepaid }

// OverLimit reports whether a balance exceeds a credit limit.
func OverLimit(balance, limit money.Amount) bool { return balance > limit }

// NewAgingReport returns an empty report for asOf with the bucket headings.
func NewAgingReport(asOf civil.Date, b Buckets) *AgingReport {
	return &AgingReport{AsOf: asOf, Currency: "CNY", Buckets: b.Info(), Customers: []CustomerAging{}}
}

// Add appends a customer line, fills its total and limit flag, and adds it
// to the report's totals.
func (r *AgingReport) Add(c CustomerAging) {
	c.Total = 0
	for i, a := range c.Buckets {
		c.Total += a
		r.Buckets[i].Amount += a
	}
	c.OverLimit = OverLimit(c.Balance(), c.CreditLimit)
	r.Total += c.Total
	r.Prepaid += c.Prepaid
	r.Disputed += c.Disputed
	r.Customers = append(r.Customers, c)
}

// AgeCustomer is the reference aging of one customer: it replays the
// documents dated on or before asOf and ages what is collectable. The store
// computes the same figures in SQL; tests hold the two together.
func AgeCustomer(c Customer, b Book, asOf civil.Date, bk Buckets) CustomerAging {
	past := Book{}
	for _, inv := range b.Invoices {
		if inv.Issue <= asOf {
			past.Invoices = append(past.Invoices, inv)
		}
	}
	for _, p := range b.Payments {
		if p.Date <= asOf {
			past.Payments = append(past.Payments, p)
		}
	}
	for _, dp := range b.Disputes {
		if dp.Opened <= asOf {
			if dp.Resolved > asOf || dp.Resolved == 0 {
				dp.Resolved = civil.Never
			}
			past.Disputes = append(past.Disputes, dp)
		}
	}
	r := Allocate(past)
	var items []OpenItem
	line := CustomerAging{Code: c.Code, Name: c.Name, Rep: c.Rep, CreditLimit: c.CreditLimit, Prepaid: r.Prepaid()}
	for i, st := range r.Invoices {
		if st.Open > 0 {
			items = append(items, OpenItem{Due: past.Invoices[i].Due, Amount: st.Open - st.Held})
			line.Disputed += st.Held
		}
	}
	line.Buckets = Age(items, asOf, bk)
	return line
}

// WriteCSV writes one row per customer, amounts in yuan as the import
// files write them, so a spreadsheet reads them as numbers; names and codes
// that a spreadsheet would run as formulas are escaped (csvfile).
func (r *AgingReport) WriteCSV(w io.Writer) error {
	cw := csvfile.NewWriter(w)
	head := []string{"code", "name", "rep"}
	for _, b := range r.Buckets {
		head = append(head, b.Label)
	}
	cw.Write(append(head, "total", "prepaid", "disputed", "credit_limit", "over_limit"))
	for _, c := range r.Customers {
		row := []string{c.Code, c.Name, c.Rep}
		for _, b := range c.Buckets {
			row = append(row, b.String())
		}
		cw.Write(append(row, c.Total.String(), c.Prepaid.String(), c.Disputed.String(), c.CreditLimit.String(), strconv.FormatBool(c.OverLimit)))
	}
	return cw.Flush()
}
