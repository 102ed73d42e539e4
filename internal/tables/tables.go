// Package tables makes the export tables of huikuan's reports and lists:
// one function per report or list, which the API, the pages and the CLI
// all call, so an XLSX or CSV download has the same columns wherever it
// comes from. Headers are in the reader's language (zh or en); values
// are the report's own (codes stay codes, as in the JSON). It loads from
// the store only to read a whole filtered list, a page at a time.
package tables

import "huikuan/internal/export"

// col is a column with its header in both languages.
type col struct {
	zh, en string
	kind   export.Kind
}

// columns turns cs into the export columns of lang ("en", else Chinese).
func columns(lang string, cs ...col) []export.Column {
	out := make([]export.Column, len(cs))
	for i, c := range cs {
		out[i] = export.Column{Name: word(lang, c.zh, c.en), Kind: c.kind}
	}
	return out
}

// word is zh or en by lang; Chinese is the default, as in the interface.
func word(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

// yesNo writes a flag as a word a reader understands in either language.
func yesNo(lang string, b bool) string {
	if b {
		return word(lang, "是", "yes")
	}
	return word(lang, "否", "no")
}

// datePtr is a date column's value of an optional date: nil stays blank.
func datePtr[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
