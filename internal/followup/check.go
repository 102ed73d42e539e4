package followup

import (
	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/ledger"
	"huikuan/internal/money"
)

// CheckCallValues adds to bad the problems of a call's values that every
// record shares (ledger's value checks): its day and next follow-up
// business dates, the amounts asked and agreed within money.MaxAmount, the
// notes free text without control characters other than line breaks and
// tabs. The store's own check adds the rules of a call.
func CheckCallValues(bad *errs.Invalid, day civil.Date, asked, agreed money.Amount, next civil.Date, notes string) {
	ledger.CheckDate(bad, 0, "at", day)
	ledger.CheckAmount(bad, 0, "amount_asked", asked)
	ledger.CheckAmount(bad, 0, "amount_agreed", agreed)
	ledger.CheckDate(bad, 0, "next_followup", next)
	ledger.CheckNotes(bad, 0, "notes", notes, 4000)
}
