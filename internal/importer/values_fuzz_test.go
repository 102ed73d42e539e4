package importer

import (
	"bytes"
	"testing"

	"huikuan/internal/money"
)

// FuzzValues: the value parsers never panic; an amount read is within
// the bound and reads back the same from its canonical form; a date read
// from text prints as a date that reads back the same.
func FuzzValues(f *testing.F) {
	for _, s := range []string{"(1,000.00)", "￥１，２３４．５０", "1.2万", "1234元", "2026年6月30日", "46203.5", "6/30/2026", "20260630", "60", "1.23457E+17", "（¥5）"} {
		f.Add(s, false, false)
	}
	f.Fuzz(func(t *testing.T, s string, monthFirst, date1904 bool) {
		if a, err := parseAmount(s); err == nil {
			if !a.InRange() {
				t.Fatalf("parseAmount(%q) = %d, beyond the bound", s, a)
			}
			if b, err := money.Parse(a.String()); err != nil || b != a {
				t.Fatalf("parseAmount(%q) = %d, which reads back as %d, %v", s, a, b, err)
			}
		}
		o := dateOpts{monthFirst: monthFirst, date1904: date1904}
		if d, err := parseDate(s, o); err == nil {
			if e, err := parseDate(d.String(), o); err != nil || e != d {
				t.Fatalf("parseDate(%q) = %s, which reads back as %s, %v", s, d, e, err)
			}
		}
		lostDigits(s, date1904)
	})
}

// FuzzReadAny: reading bytes as any format and encoding never panics and
// yields one line per record, increasing after the header.
func FuzzReadAny(f *testing.F) {
	f.Add([]byte("\xff\xfen\x00u\x00m\x00\n\x00"), "", "")
	f.Add([]byte("number\tcustomer\tissue_date\tdue_date\tamount\nI1\tC1\t46203\t2026/7/30\t(5)\n"), "", "")
	f.Add([]byte("PK\x03\x04"), "", "")
	f.Add([]byte("number,customer\n\x81\x30\x81\x30,C1\n"), "gbk", "")
	f.Add([]byte("number,customer\n"), "utf-16", "x")
	f.Fuzz(func(t *testing.T, file []byte, enc, sheet string) {
		rows, _ := ReadInvoicesFrom(bytes.NewReader(file), Options{Encoding: enc, Sheet: sheet})
		if len(rows.Records) != len(rows.Lines) {
			t.Fatalf("%d records, %d lines", len(rows.Records), len(rows.Lines))
		}
		for i, l := range rows.Lines {
			if l < 2 || (i > 0 && l <= rows.Lines[i-1]) {
				t.Fatalf("record lines %v: want increasing lines after the header", rows.Lines)
			}
		}
	})
}
