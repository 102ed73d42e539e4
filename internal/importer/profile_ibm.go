package importer

import (
	"io"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
)

// The defaults of a customer ReadIBM makes: the sample has neither names
// nor credit terms, and its due dates are all 30 days after the invoice.
const (
	IBMRep        = "IBM"
	IBMTier       = ledger.TierB
	IBMTermsDays  = 30
	ibmRegionNone = "IBM" // region when the file has no countryCode
)

// IBM is what one file of IBM's accounts-receivable sample gives: its
// customers, invoices, and a payment for each settled invoice; each
// record's Rows entry is the file row it came from.
type IBM struct {
	Customers                              []ledger.Customer
	Invoices                               []ledger.Invoice
	Payments                               []ledger.Payment
	CustomerRows, InvoiceRows, PaymentRows []int
	Read                                   Detected
}

// ibmColumns are the columns ReadIBM reads: the invoice (PaperlessBill
// its electronic, known when it was sent), its settled date, and the
// customer's country. Nothing else (Disputed, DaysLate, …) is read: they
// are known only once the invoice is settled.
var ibmColumns = append(append([]column{}, invoiceColumns...), column{"settled_date", false}, column{"country", false})

type ibmRow struct {
	inv     ledger.Invoice
	settled civil.Date
	country string
}

// ReadIBM reads a file of IBM's sample under the ibm-ar profile. Each
// customerID becomes a customer (named by its ID, region its countryCode
// as on its first row, rep IBMRep, tier IBMTier, no credit limit, terms
// IBMTermsDays); each row an invoice; each row with a SettledDate a
// payment numbered "PAY-" and the invoice number, on that date, of the
// invoice's amount, naming the invoice.
func ReadIBM(r io.Reader, opts Options) (IBM, error) {
	opts.Profile = ibmProfile
	rows, err := readRows(r, opts, KindInvoices, ibmColumns, func(t *table) ibmRow {
		var row ibmRow
		row.inv = ledger.Invoice{Number: t.docNumber("number"), Customer: t.get("customer"), Issue: t.date("issue_date"), Due: t.date("due_date"),
			Electronic: t.flag("electronic")}
		row.inv.Amount, _ = t.amount("amount")
		row.settled = t.date("settled_date")
		row.country = t.get("country")
		return row
	}, func(row ibmRow, line int, bad *errs.Invalid) {
		ledger.CheckInvoice(row.inv, line, bad)
		if row.settled != 0 && row.settled < row.inv.Issue {
			bad.Add(line, "settled_date", "settled %s, before the invoice date %s", row.settled, row.inv.Issue)
		}
	})
	out := IBM{Read: rows.Read}
	if err != nil {
		return out, err
	}
	seen := map[string]bool{}
	for i, row := range rows.Records {
		line := rows.Lines[i]
		if !seen[row.inv.Customer] {
			seen[row.inv.Customer] = true
			region := row.country
			if region == "" {
				region = ibmRegionNone
			}
			out.Customers = append(out.Customers, ledger.Customer{
				Code: row.inv.Customer, Name: row.inv.Customer, Region: region, Rep: IBMRep, Tier: IBMTier, TermsDays: IBMTermsDays,
			})
			out.CustomerRows = append(out.CustomerRows, line)
		}
		out.Invoices = append(out.Invoices, row.inv)
		out.InvoiceRows = append(out.InvoiceRows, line)
		if row.settled != 0 {
			out.Payments = append(out.Payments, ledger.Payment{
				Number: "PAY-" + row.inv.Number, Customer: row.inv.Customer, Date: row.settled, Amount: row.inv.Amount, Invoices: []string{row.inv.Number},
			})
			out.PaymentRows = append(out.PaymentRows, line)
		}
	}
	return out, nil
}
