package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"huikuan/internal/errs"
)

// FuzzDecode: decode never panics; whatever is wrong with a body it says
// so as an *errs.Invalid (a 422, never a 500); and a body it accepts
// means what the value says: written out again and read back, it is
// written the same.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"number":"I1","customer":"C1","issue_date":"2026-01-01","due_date":"2026-01-31","amount":150000}`,
		`{"number":"P1","customer":"C1","date":"2026-06-30","amount":9223372036854775807,"invoices":["I1"]}`,
		`{"customer":"C1","amount":-1,"date":"2026-07-01","commitment":{"customer":"C1","amount":1}}`,
		`{"at":"2026-06-30T09:00:00+08:00","notes":"\u0000\ud800"}`,
		`{"amount":1e400}`, `{"amount":"100"}`, `{"unknown":1}`, `{} {}`, `[]`, `null`, ``, `{"code":"C1","code":"C2"}`, `{"amount":1.5}`,
	} {
		f.Add(uint8(0), []byte(s))
	}
	f.Fuzz(func(t *testing.T, kind uint8, body []byte) {
		targets := []func() any{
			func() any { return new(CustomerInput) }, func() any { return new(InvoiceInput) }, func() any { return new(PaymentInput) },
			func() any { return new(CommitmentInput) }, func() any { return new(CallInput) }, func() any { return new(DispositionInput) },
			func() any { return new(FollowupInput) },
		}
		mk := targets[int(kind)%len(targets)]
		v := mk()
		err := decode(body, v)
		if err != nil {
			var inv *errs.Invalid
			if !errors.As(err, &inv) || len(inv.Fields) == 0 {
				t.Fatalf("decode(%q): %v (%T), want *errs.Invalid", body, err, err)
			}
			return
		}
		out, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("decode(%q) accepted %+v, which does not marshal: %v", body, v, err)
		}
		// Compared as written: a time read from "+00:00" and from "Z" is
		// the same instant in two locations.
		again := mk()
		err = decode(out, again)
		if err != nil {
			t.Fatalf("decode(%q) = %+v; written %s, it is refused: %v", body, v, out, err)
		}
		if out2, _ := json.Marshal(again); !bytes.Equal(out, out2) {
			t.Fatalf("decode(%q) = %+v; written %s and read back: %s", body, v, out, out2)
		}
	})
}
