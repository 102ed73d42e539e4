package civil

// FirstDay and LastDay bound the business dates huikuan stores: an
// invoice's issue and due dates, a payment's date, a promise's date, a
// call's next follow-up, a dispute's dates. They are far enough apart for
// any ledger still in use and near enough that day arithmetic, the
// working-day calendar and Never (9999-12-31, "not yet") never meet a
// stored date.
var (
	FirstDay = Of(2000, 1, 1)
	LastDay  = Of(2099, 12, 31)
)

// InRange reports whether d is a business date huikuan accepts, from
// FirstDay to LastDay. The dates reports are asked about are held to the
// same range (CheckReportDate).
func (d Date) InRange() bool { return FirstDay <= d && d <= LastDay }
