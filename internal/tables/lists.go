package tables

import (
	"context"
	"time"

	"huikuan/internal/civil"
	"huikuan/internal/export"
	"huikuan/internal/store"
)

// Customers is the customer list as one sheet, with the API's columns:
// code, name, region, rep, credit tier and limit, terms, contact, phone,
// balance, prepaid, disputed, overdue (measured on today), days the oldest
// is overdue, over limit.
func Customers(rows []store.CustomerRow, today civil.Date, lang string) []export.Table {
	t := export.Table{Name: word(lang, "客户", "Customers"), Columns: columns(lang,
		col{"客户编码", "Code", export.Text}, col{"客户名称", "Name", export.Text}, col{"区域", "Region", export.Text},
		col{"业务员", "Rep", export.Text}, col{"信用等级", "Credit tier", export.Text}, col{"信用额度", "Credit limit", export.Money},
		col{"账期(天)", "Terms (days)", export.Int}, col{"联系人", "Contact", export.Text}, col{"电话", "Phone", export.Text},
		col{"余额", "Balance", export.Money}, col{"预收", "Prepaid", export.Money}, col{"争议", "Disputed", export.Money},
		col{"逾期", "Overdue", export.Money}, col{"最长逾期(天)", "Oldest overdue (days)", export.Int}, col{"超额度", "Over limit", export.Text}),
		Rows: make([][]any, 0, len(rows))}
	for _, c := range rows {
		t.Rows = append(t.Rows, []any{c.Code, c.Name, c.Region, c.Rep, string(c.Tier), c.CreditLimit, c.TermsDays, c.Contact, c.Phone,
			c.Balance(), c.Prepaid, c.Disputed, c.Overdue, c.OverdueDays(today), yesNo(lang, c.OverLimit())})
	}
	return []export.Table{t}
}

// exportPage is how many customers each read of AllCustomers asks for:
// the most store.Customers gives at once.
const exportPage = 500

// AllCustomers is every customer f selects, in f's order, read a page at a
// time (f's Limit and Offset are ignored): an export is the whole filtered
// list, never one page of it.
func AllCustomers(ctx context.Context, s *store.Store, f store.CustomerFilter) ([]store.CustomerRow, error) {
	var all []store.CustomerRow
	f.Limit, f.NoTotal = exportPage, true
	for f.Offset = 0; ; f.Offset += exportPage {
		rows, _, err := s.Customers(ctx, f)
		if err != nil {
			return nil, err
		}
		all = append(all, rows...)
		if len(rows) < exportPage {
			return all, nil
		}
	}
}

// MaxRows is the most rows a sheet of Excel holds below its header: the
// longest list an export reads (AllCalls).
const MaxRows = 1<<20 - 1

// AllCalls is every call f selects, the latest first, up to MaxRows (f's
// Limit is ignored).
func AllCalls(ctx context.Context, s *store.Store, f store.CallFilter) ([]store.CallRow, error) {
	f.Limit = MaxRows
	return s.Calls(ctx, f)
}

// Calls is a list of calls as one sheet; the time of day is in loc, the
// business time zone.
func Calls(calls []store.CallRow, loc *time.Location, lang string) []export.Table {
	t := export.Table{Name: word(lang, "通话", "Calls"), Columns: columns(lang,
		col{"编号", "ID", export.Int}, col{"日期", "Date", export.Date}, col{"时间", "Time", export.Text},
		col{"客户编码", "Customer", export.Text}, col{"客户名称", "Customer name", export.Text}, col{"业务员", "Rep", export.Text},
		col{"记录人", "Logged by", export.Text}, col{"渠道", "Channel", export.Text}, col{"方向", "Direction", export.Text},
		col{"结果", "Disposition", export.Text}, col{"要求金额", "Amount asked", export.Money}, col{"同意金额", "Amount agreed", export.Money},
		col{"借口", "Excuse", export.Text}, col{"借口金额", "Excuse amount", export.Money}, col{"下次跟进", "Next follow-up", export.Date},
		col{"时长(秒)", "Duration (s)", export.Int}, col{"备注", "Notes", export.Text}),
		Rows: make([][]any, 0, len(calls))}
	for _, c := range calls {
		t.Rows = append(t.Rows, []any{c.ID, c.Date, c.At.In(loc).Format("15:04"), c.Customer, c.CustomerName, c.Rep, c.LoggedBy,
			c.Channel, c.Direction, c.Disposition, c.AmountAsked, c.AmountAgreed, string(c.Excuse), c.ExcuseAmount,
			datePtr(c.NextFollowup), c.DurationS, c.Notes})
	}
	return []export.Table{t}
}

// AllCommitments is every promise f selects, latest date first, up to
// MaxRows (f's Limit is ignored), with the probability each was scored
// at but not its reasons (an export has no column for them).
func AllCommitments(ctx context.Context, s *store.Store, f store.CommitmentFilter) ([]store.CommitmentRow, error) {
	f.Limit, f.WithReasons = MaxRows, false
	return s.Commitments(ctx, f)
}

// Commitments is a list of promises to pay as one sheet, with the
// probability of being kept in full when each was made (blank when not
// scored).
func Commitments(rows []store.CommitmentRow, lang string) []export.Table {
	t := export.Table{Name: word(lang, "承诺", "Commitments"), Columns: columns(lang,
		col{"编号", "ID", export.Int}, col{"客户编码", "Customer", export.Text}, col{"金额", "Amount", export.Money},
		col{"承诺日期", "Date", export.Date}, col{"承诺于", "Made on", export.Date}, col{"状态", "Status", export.Text},
		col{"已兑现", "Fulfilled", export.Money}, col{"判定日", "Decided on", export.Date}, col{"可信度", "Credibility", export.Percent},
		col{"联系人", "Contact", export.Text}, col{"支撑方式", "Support kind", export.Text}, col{"支撑方案", "Support", export.Text},
		col{"记录人", "Created by", export.Text}),
		Rows: make([][]any, 0, len(rows))}
	for _, c := range rows {
		var p *float64
		if c.Credibility != nil {
			p = &c.Credibility.P
		} else if c.P != nil {
			p = c.P
		}
		t.Rows = append(t.Rows, []any{c.ID, c.Customer, c.Commitment.Amount, c.Due, c.Made, string(c.Status), c.Fulfilled, c.DecidedOn, p,
			c.Contact, c.SupportKind, c.Support, c.CreatedBy})
	}
	return []export.Table{t}
}

// Disputes is a list of disputed invoice parts as one sheet.
func Disputes(rows []store.DisputeRow, lang string) []export.Table {
	t := export.Table{Name: word(lang, "争议", "Disputes"), Columns: columns(lang,
		col{"编号", "ID", export.Int}, col{"客户编码", "Customer", export.Text}, col{"客户名称", "Customer name", export.Text},
		col{"业务员", "Rep", export.Text}, col{"发票", "Invoice", export.Text}, col{"金额", "Amount", export.Money},
		col{"天数", "Age (days)", export.Int}, col{"原因", "Reason", export.Text}, col{"负责人", "Owner", export.Text},
		col{"提出日", "Opened on", export.Date}, col{"解决日", "Resolved on", export.Date}, col{"处理结果", "Resolution", export.Text},
		col{"提出人", "Opened by", export.Text}, col{"说明", "Note", export.Text}),
		Rows: make([][]any, 0, len(rows))}
	for _, d := range rows {
		t.Rows = append(t.Rows, []any{d.ID, d.Customer, d.CustomerName, d.Rep, d.Invoice, d.Amount, d.AgeDays, string(d.Reason), d.Owner,
			d.Opened, datePtr(d.Resolved), string(d.Resolution), d.OpenedBy, d.Note})
	}
	return []export.Table{t}
}
