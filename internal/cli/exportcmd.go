package cli

import (
	"context"
	"io"

	"huikuan/internal/civil"
	"huikuan/internal/export"
	"huikuan/internal/store"
	"huikuan/internal/tables"
)

// runExport writes the ledger's customers, invoices or payments in the
// canonical import columns, so that `huikuan import` of the file reads the
// same records back (tables.LedgerRecords, which the pages call too).
func runExport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("customers|invoices|payments")
	var from, to civil.Date
	fs.Var(dateFlag{&from}, "from", "only invoices and payments dated on or after this `date`")
	fs.Var(dateFlag{&to}, "to", "only invoices and payments dated on or before this `date`")
	rep := fs.String("rep", "", "only the customers of the rep with this `code`")
	format := fs.String("format", "csv", "output `format`: csv or xlsx")
	ef := exportFlags{output: fs.String("output", "", "write to this `file` instead of stdout")}
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one kind: customers, invoices or payments")
	}
	f, err := export.ParseFormat(*format)
	if err != nil {
		return usagef("--%v", err)
	}
	if from != 0 && to != 0 && to < from {
		return usagef("--to is before --from")
	}
	return a.withStore(ctx, func(s *store.Store) error {
		ts, ok, err := tables.LedgerRecords(ctx, s, pos[0], store.DocFilter{Scope: tables.LedgerScope(*rep), From: from, To: to})
		if err != nil {
			return err
		}
		if !ok {
			return usagef("unknown kind %q: want customers, invoices or payments", pos[0])
		}
		return ef.write(a, func(w io.Writer) error { return export.Write(w, f, ts...) })
	})
}
