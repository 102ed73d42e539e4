package web_test

import (
	"net/http"
	"testing"

	"huikuan/internal/store/storetest"
)

// TestPageRangesBounded: the forecast's month and the aging's as-of date
// outside 2000-01-01..2099-12-31 are a 400 naming the parameter, before
// any work (issue 10, case 7).
func TestPageRangesBounded(t *testing.T) {
	srv := world(t, storetest.SQLiteURL(t))
	admin := loginAs(t, srv, "admin")
	for _, path := range []string{"/forecast?month=0001-01", "/forecast?month=1999-12", "/aging?as_of=0001-01-01", "/aging?as_of=9999-12-31", "/aging.csv?as_of=9999-12-31"} {
		if code, _ := get(t, admin, srv.URL+path); code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", path, code)
		}
	}
	for _, path := range []string{"/forecast?month=2000-01", "/aging?as_of=2099-12-31"} {
		if code, _ := get(t, admin, srv.URL+path); code != http.StatusOK {
			t.Errorf("GET %s: %d, want 200", path, code)
		}
	}
}
