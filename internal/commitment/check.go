package commitment

import (
	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// CheckValues adds to bad the problems of a promise's values that every
// record shares (ledger's value checks): the amount within
// money.MaxAmount, the dates business dates, the contact one line of text
// and the support plan free text, both without control characters. The
// store's own check adds the rules of a promise (a positive amount, a date
// within a year).
func CheckValues(bad *errs.Invalid, amount money.Amount, due, made civil.Date, contact, support string) {
	ledger.CheckAmount(bad, 0, "amount", amount)
	ledger.CheckDate(bad, 0, "date", due)
	ledger.CheckDate(bad, 0, "made_on", made)
	ledger.CheckText(bad, 0, "contact", contact, 100)
	ledger.CheckNotes(bad, 0, "support", support, 2000)
}
