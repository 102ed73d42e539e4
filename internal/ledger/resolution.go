package ledger

import "slices"

// Resolution is how a dispute ended. Every resolution ends the hold: the
// disputed amount counts as owed again from the day it is resolved.
type Resolution string

// The resolutions of a dispute.
const (
	// CreditNote means the customer was right: a credit note (红字) will
	// cancel the amount. The credit note itself comes from the ERP as a
	// document; resolving a dispute does not create one.
	CreditNote Resolution = "credit_note"
	// Rejected means the claim did not hold: the amount is owed.
	Rejected Resolution = "rejected"
	// Withdrawn means the customer dropped the claim: the amount is owed.
	Withdrawn Resolution = "withdrawn"
)

// Resolutions lists the resolutions in the order a form offers them.
var Resolutions = []Resolution{CreditNote, Rejected, Withdrawn}

// Valid reports whether r is one of Resolutions.
func (r Resolution) Valid() bool { return slices.Contains(Resolutions, r) }
