package api_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"huikuan/internal/store/storetest"
)

// TestCallTimeBounded: a call's "at" whose day is outside
// 2000-01-01..2099-12-31 is refused with 422 naming it. Found by
// FuzzCreateBodies: "9999-12-31T23:00:00-10:00" is day 10000-01-01, stored
// as such, and from then on logging a call for the customer and the rep's
// worklist answered 500 (the date could not be read back).
func TestCallTimeBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		a := newLoggedAPI(t, dbURL)
		for _, at := range []string{"9999-12-31T23:00:00-10:00", "0001-01-01T00:00:00Z", "1999-12-31T23:59:59+08:00"} {
			req := httptest.NewRequestWithContext(context.Background(), "POST", "/api/v1/calls",
				strings.NewReader(`{"customer":"C1","disposition":"no-answer","at":"`+at+`"}`))
			req.Header.Set("Authorization", "Bearer "+a.token)
			rec := httptest.NewRecorder()
			a.h.ServeHTTP(rec, req)
			if rec.Code != 422 || !strings.Contains(rec.Body.String(), `"field":"at"`) {
				t.Errorf("a call at %s: %d %s; want 422 naming at", at, rec.Code, rec.Body)
			}
		}
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, a.request(context.Background(), "/api/v1/worklist?rep=R1"))
		if rec.Code != 200 {
			t.Errorf("the worklist after: %d %s", rec.Code, rec.Body)
		}
	})
}
