package tables_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/commitment"
	"huikuan/internal/export"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
	"huikuan/internal/plan"
	"huikuan/internal/planning"
	"huikuan/internal/store"
	"huikuan/internal/tables"
)

// Every table has one value per column, each of its column's kind: both
// writers take them without error, in both languages.
func TestTablesWrite(t *testing.T) {
	d := civil.MustParse
	resolved := d("2026-06-25")
	p := 0.62
	rate := 0.5
	next := d("2026-07-01")
	rep := ledger.NewAgingReport(d("2026-06-30"), ledger.DefaultBuckets())
	rep.Add(ledger.CustomerAging{Code: "C1", Name: "客户一", Rep: "R1", Buckets: make([]money.Amount, len(rep.Buckets)), CreditLimit: 100})
	for _, lang := range []string{"zh", "en"} {
		all := [][]export.Table{
			tables.Aging(rep, lang),
			tables.Attainment(planning.Report{Month: "2026-06", Reps: []plan.Attainment{{Rep: "R1", Target: 100, TargetSet: true, Rate: &rate}}}, lang),
			tables.Customers(customers(3), d("2026-06-30"), lang),
			tables.Calls([]store.CallRow{{ID: 1, Customer: "C1", At: time.Date(2026, 6, 29, 8, 30, 0, 0, time.UTC), Date: d("2026-06-29"), NextFollowup: &next}}, time.UTC, lang),
			tables.Commitments([]store.CommitmentRow{{Commitment: commitment.Commitment{ID: 1, Customer: "C1", Amount: 5, Due: d("2026-07-01"), Made: d("2026-06-01")}, P: &p}}, lang),
			tables.Disputes([]store.DisputeRow{{ID: 1, Customer: "C1", Amount: 5, Opened: d("2026-06-20"), Resolved: &resolved}}, lang),
		}
		for _, ts := range all {
			for _, tb := range ts {
				for i, r := range tb.Rows {
					if len(r) != len(tb.Columns) {
						t.Errorf("%s row %d: %d values for %d columns", tb.Name, i, len(r), len(tb.Columns))
					}
				}
				if err := export.WriteCSV(io.Discard, tb); err != nil {
					t.Errorf("%s as CSV: %v", tb.Name, err)
				}
			}
			if err := export.WriteXLSX(io.Discard, ts...); err != nil {
				t.Errorf("%s as XLSX: %v", ts[0].Name, err)
			}
		}
	}
}

func TestAttainmentBlankTarget(t *testing.T) {
	r := planning.Report{Month: "2026-06", Reps: []plan.Attainment{{Rep: "R1", Target: 0, TargetSet: false, Collected: 7}}}
	r.Collected = 7
	var b bytes.Buffer
	if err := export.WriteCSV(&b, tables.Attainment(r, "en")[0]); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimPrefix(b.String(), "\uFEFF"), "\n")
	if !strings.HasPrefix(lines[1], "R1,,,,0.07,") || !strings.HasPrefix(lines[2], "Total,,,,0.07,") {
		t.Errorf("a rep without a target and the total: %q; want a blank target, not 0", lines[1:3])
	}
}

func TestBucketLabel(t *testing.T) {
	info := ledger.DefaultBuckets().Info()
	for _, c := range []struct {
		i      int
		zh, en string
	}{{0, "未到期", "Not yet due"}, {1, "1-30天", "1-30 days"}, {5, "180天以上", "over 180 days"}} {
		if zh, en := tables.BucketLabel(info[c.i], "zh"), tables.BucketLabel(info[c.i], "en"); zh != c.zh || en != c.en {
			t.Errorf("bucket %d: %q, %q; want %q, %q", c.i, zh, en, c.zh, c.en)
		}
	}
}
