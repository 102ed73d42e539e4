package commitment

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"huikuan/internal/civil"
	"huikuan/internal/money"
)

var d = civil.MustParse

func c(id int64, made, due string, yuan int64) Commitment {
	return Commitment{ID: id, Made: d(made), Due: d(due), Amount: money.Yuan(yuan)}
}

func p(date string, yuan int64) Payment { return Payment{Date: d(date), Amount: money.Yuan(yuan)} }

func show(os []Outcome) []string {
	var out []string
	for _, o := range os {
		s := fmt.Sprintf("%s %s", o.Status, o.Fulfilled)
		if o.DecidedOn != 0 {
			s += " on " + o.DecidedOn.String()
		}
		out = append(out, s)
	}
	return out
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name  string
		rules Rules
		cs    []Commitment
		pays  []Payment
		asOf  string
		want  []string
	}{
		{"kept in full before the date", Rules{}, []Commitment{c(1, "2026-06-01", "2026-06-10", 1000)},
			[]Payment{p("2026-06-05", 600), p("2026-06-08", 400)}, "2026-06-08", []string{"kept 1000.00 on 2026-06-08"}},
		{"open while the date has not passed", Rules{}, []Commitment{c(1, "2026-06-01", "2026-06-10", 1000)},
			[]Payment{p("2026-06-05", 600)}, "2026-06-10", []string{"open 600.00"}},
		{"partly kept once the date passed", Rules{}, []Commitment{c(1, "2026-06-01", "2026-06-10", 1000)},
			[]Payment{p("2026-06-05", 600)}, "2026-06-11", []string{"partly_kept 600.00 on 2026-06-11"}},
		{"broken: nothing paid by the date", Rules{}, []Commitment{c(1, "2026-06-01", "2026-06-10", 1000)},
			nil, "2026-06-20", []string{"broken 0.00 on 2026-06-11"}},
		{"a late payment does not count", Rules{}, []Commitment{c(1, "2026-06-01", "2026-06-10", 1000)},
			[]Payment{p("2026-06-11", 1000)}, "2026-06-20", []string{"broken 0.00 on 2026-06-11"}},
		{"a payment before the promise was made does not count", Rules{}, []Commitment{c(1, "2026-06-05", "2026-06-10", 1000)},
			[]Payment{p("2026-06-04", 1000)}, "2026-06-20", []string{"broken 0.00 on 2026-06-11"}},
		{"one payment, several commitments: oldest first", Rules{}, []Commitment{c(2, "2026-06-03", "2026-06-10", 500), c(1, "2026-06-01", "2026-06-12", 800)},
			[]Payment{p("2026-06-09", 1000)}, "2026-06-20", []string{"partly_kept 200.00 on 2026-06-11", "kept 800.00 on 2026-06-09"}},
		{"cancelled takes no money", Rules{}, []Commitment{{ID: 1, Made: d("2026-06-01"), Due: d("2026-06-10"), Amount: money.Yuan(500), Cancelled: true}, c(2, "2026-06-02", "2026-06-10", 500)},
			[]Payment{p("2026-06-05", 500)}, "2026-06-20", []string{"cancelled 0.00", "kept 500.00 on 2026-06-05"}},
		{"grace of two working days over a weekend", Rules{GraceDays: 2}, []Commitment{c(1, "2026-06-01", "2026-06-12", 1000)}, // Fri 12th
			[]Payment{p("2026-06-16", 1000)}, "2026-06-20", []string{"kept 1000.00 on 2026-06-16"}}, // Tue 16th is the 2nd working day after
		{"payments after asOf are not known yet", Rules{}, []Commitment{c(1, "2026-06-01", "2026-06-10", 1000)},
			[]Payment{p("2026-06-09", 1000)}, "2026-06-08", []string{"open 0.00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := show(tt.rules.Decide(tt.cs, tt.pays, d(tt.asOf)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
