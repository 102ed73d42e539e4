package store

import (
	"context"

	"huikuan/internal/civil"
	"huikuan/internal/errs"
	"huikuan/internal/paydate"
	"huikuan/internal/user"
)

// PaydateReport is the pay-date model's evaluation (paydate.Evaluate) on
// the history of the customers the scope sees (PayHistories) and their
// promises, excuses and disputes (PayFacts): the one
// answer of `huikuan report paydate` and GET /api/v1/reports/paydate. o
// comes from PaydateOptions.
func (s *Store) PaydateReport(ctx context.Context, sc user.Scope, o paydate.EvalOptions) (_ paydate.Evaluation, err error) {
	defer wrap(&err, "store.PaydateReport")
	d, err := s.loadPayData(ctx, sc)
	if err != nil {
		return paydate.Evaluation{}, err
	}
	o.Options.Facts = d.facts
	return paydate.Evaluate(d.all(), o), nil
}

// PaydateOptions are the pay-date report's options on a day from what was
// asked (zero: not asked): the period defaults to PaydatePeriod's, or to
// the twelve months to the to asked; today counts invoices open past due
// as late. It refuses (errs.Invalid, fields from and train_until) a
// period backwards or longer than a report covers, and a training cut-off
// on or after the period's first day: the model would learn from
// settlements made after the invoices it predicts were issued.
func PaydateOptions(today, from, to, trainUntil civil.Date) (paydate.EvalOptions, error) {
	defFrom, defTo := PaydatePeriod(today)
	switch {
	case from == 0 && to == 0:
		from, to = defFrom, defTo
	case to == 0:
		to = defTo
	case from == 0:
		from = to.AddMonths(-12).AddDays(1)
	}
	o := paydate.EvalOptions{From: from, To: to, TrainUntil: trainUntil, Today: today}
	bad := &errs.Invalid{}
	if from > to {
		bad.Add(0, "from", "%s is after to %s", from, to)
	} else if err := civil.CheckReportSpan(from, to); err != nil {
		bad.AddCode(0, "from", errs.CodeRange, "%v", err)
	}
	if trainUntil != 0 && trainUntil >= from {
		bad.Add(0, "train_until", "%s is not before from %s", trainUntil, from)
	}
	return o, bad.Err()
}

// PaydatePeriod is the pay-date report's default period on a day: the
// twelve months to the day before (the day itself is not over).
func PaydatePeriod(today civil.Date) (from, to civil.Date) {
	to = today.AddDays(-1)
	return to.AddMonths(-12).AddDays(1), to
}
