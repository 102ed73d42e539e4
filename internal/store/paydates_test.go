package store_test

import (
	"errors"
	"testing"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/store"
)

func TestPaydateOptions(t *testing.T) {
	today := d("2026-12-02")
	for _, c := range []struct {
		from, to, train civil.Date
		wantFrom        string
		wantTo          string
		bad             string // the field refused, if any
	}{
		{0, 0, 0, "2025-12-02", "2026-12-01", ""},               // the twelve months to yesterday
		{0, d("2026-06-30"), 0, "2025-07-01", "2026-06-30", ""}, // twelve months to the to asked
		{d("2026-01-01"), 0, 0, "2026-01-01", "2026-12-01", ""}, // from to yesterday
		{d("2013-01-01"), d("2013-12-31"), d("2012-12-31"), "2013-01-01", "2013-12-31", ""},
		{d("2013-01-01"), d("2013-12-31"), d("2013-01-01"), "", "", "train_until"}, // would leak
		{d("2014-01-01"), d("2013-12-31"), 0, "", "", "from"},
		{d("2020-01-01"), d("2026-01-01"), 0, "", "", "from"}, // longer than a report covers
	} {
		o, err := store.PaydateOptions(today, c.from, c.to, c.train)
		var bad *errs.Invalid
		switch {
		case c.bad != "":
			if !errors.As(err, &bad) || len(bad.Fields) != 1 || bad.Fields[0].Field != c.bad {
				t.Errorf("%v–%v, train %v: %v; want %s refused", c.from, c.to, c.train, err, c.bad)
			}
		case err != nil:
			t.Errorf("%v–%v, train %v: %v", c.from, c.to, c.train, err)
		case o.From.String() != c.wantFrom || o.To.String() != c.wantTo || o.TrainUntil != c.train || o.Today != today:
			t.Errorf("%v–%v, train %v: %+v; want %s to %s", c.from, c.to, c.train, o, c.wantFrom, c.wantTo)
		}
	}
}
