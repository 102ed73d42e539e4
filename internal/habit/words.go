package habit

// text is a phrase in Chinese and English.
type text struct{ zh, en string }

func (t text) in(lang string) string {
	if lang == "en" {
		return t.en
	}
	return t.zh
}

// words is what is said of a habit: its definition, what "no data"
// means for it, and the coaching tips for a habit below the team's median
// (weak) and at or above it (ok).
type words struct {
	definition, noData, weak, ok text
}

var habitWords = map[Code]words{
	PlanCoverage: {
		definition: text{"可收客户（月初有逾期或本月到期的未争议应收）中，在本月第 N 个工作日（默认第 5 个）前商定回款计划的比例。越高越好。",
			"Of the customers with something collectable as the month began (overdue, or falling due by the month's end, disputed parts left out), the share with a plan agreed by the month's N-th working day (5 by default). Higher is better."},
		noData: text{"本月没有可收客户，无从衡量计划覆盖", "No collectable customers this month: nothing to plan"},
		weak: text{"月初前五个工作日逐户谈定计划：从按能力建议的拆解出发，和客户确认困难、优势和每周节点。",
			"Agree each collectable customer's plan in the month's first five working days: start from the suggested split, then settle difficulties, advantages and weekly milestones with the customer."},
		ok: text{"保持月初定计划的节奏，把还没定计划的客户排在前几天的电话里。",
			"Keep planning early; put the customers still without a plan first in the month's first calls."},
	},
	GapCoverage: {
		definition: text{"本月差距措施（未放弃的）预计金额 ÷ 缺口，最高 100%；缺口 = 回款任务 − 已商定计划的承诺金额（未设任务时为各计划的要求减承诺之和）。无缺口时不计。附：到期措施的完成比例。",
			"The expected amounts of the month's gap measures (not dropped) ÷ the gap, at most 100%; the gap is the target less what the agreed plans committed (with no target, the plans' own gaps, asked − committed). No gap: not measured. Also: the share of the measures due that were done."},
		noData: text{"本月没有需要措施弥补的缺口", "No gap to cover this month"},
		weak: text{"对承诺不足计划的客户补上差距措施（潜力分析、激励、下游促销、开发网点、培训促销员），直到预计金额覆盖缺口，并按期落实。",
			"For each customer committing less than its plan, add gap measures (potential analysis, incentives, downstream promotion, new outlets, promoter training) until their expected amounts cover the gap, and carry them out on time."},
		ok: text{"继续用措施覆盖缺口，月中检查措施是否按期完成、是否见效。",
			"Keep covering the gap with measures; check mid-month that they are done and working."},
	},
	CommitmentScrutiny: {
		definition: text{"本月在计划之外做出、可信度低于 50% 的承诺中，有支撑方案（支撑方式）的比例，即 1 − 没有支撑方案就被接受的比例；计划的节点有计划支撑，不计入。越高越好。附：本月判定的承诺兑现率减去它们当时的平均可信度（为负说明承诺比看上去差），无支撑的弱承诺数。",
			"Of the month's promises made outside a plan with a credibility below 50%, the share backed by a support plan (a support kind), that is 1 − the share accepted without one; a plan's milestones are backed by the plan and left out. Higher is better. Also: the kept rate of the promises decided in the month less the mean credibility they were given (below zero: the rep's promises are worse than they look), and the weak promises accepted without support."},
		noData: text{"本月没有计划外可信度低于 50% 的承诺", "No promise made outside a plan this month had a credibility below 50%"},
		weak: text{"可信度低于 50% 的承诺不要照单全收：问清资金来源，要支撑方案（下游促销、备货激励、下游回款、承兑汇票），或把金额拆小、日期提前。",
			"Do not take a promise below 50% credibility at face value: ask where the money comes from and for a support plan (downstream promotion, stock-up incentive, downstream collection, bank acceptance), or split the amount and bring the date forward."},
		ok: text{"继续为弱承诺要支撑方案，并留意兑现率是否与可信度相符。",
			"Keep asking for support plans behind weak promises, and watch that kept rates match credibility."},
	},
	FollowUp: {
		definition: text{"本月到期的跟进中按时完成的比例（按信用等级的跟进节奏、承诺到期提醒和未兑现后的回访）。越高越好。附：平均延迟天数，承诺未兑现到下一次联系的平均天数。",
			"The share of the month's follow-ups done on or before their date (the credit tier's cadence, reminders before a promise's date, the call after a broken one). Higher is better. Also: the average days late, and the average days from a broken promise to the next call."},
		noData: text{"本月没有到期的跟进", "No follow-ups fell due this month"},
		weak: text{"每天先打必打清单：承诺到期前一天提醒，承诺未兑现的下一个工作日就打，按信用等级的节奏跟进。",
			"Start every day with the must-call list: remind the day before a promise falls due, call the next working day after a broken one, and keep each tier's cadence."},
		ok: text{"保持跟进节奏，承诺未兑现后尽快回访。", "Keep the cadence, and call soon after a broken promise."},
	},
	ExcuseHandling: {
		definition: text{"本月（结果已知的）借口中得到回应的比例：在跟进节奏内再次联系，质量、售后、对账类借口还要登记争议。越高越好。附：重复借口被接受的次数。",
			"The share of the month's excuses (those whose outcome is known) met with a counter: called again within the cadence, and for a quality, after-sales or statement excuse a dispute opened. Higher is better. Also: repeated excuses accepted."},
		noData: text{"本月没有结果已知的借口", "No excuses this month whose outcome is known"},
		weak: text{"借口不要当场接受：用话术和客户自己的数据回应，在节奏内再打一次；质量、售后、对账问题只把有争议的部分登记为争议，其余照常催收。",
			"Do not let an excuse stand: answer it with the playbook and the customer's own figures and call again within the cadence; for quality, after-sales or statement issues set aside only the disputed part as a dispute and chase the rest."},
		ok: text{"继续用话术回应借口，留意同一客户反复使用的借口。", "Keep countering excuses, and watch for the same excuse coming back."},
	},
	Negotiation: {
		definition: text{"本月接通客户、且有当天建议开口价的电话中，商定金额之和 ÷ 建议开口价之和；没有要价的电话照样计入它的建议开口价，商定按 0 计。要得太少或不开口都会拉低它。越高越好。没有建议开口价可比时（导入时未带建议价的电话），改用承诺电话的商定 ÷ 要价，乘以接通电话中开口要价的比例。附：承诺电话的商定 ÷ 要价，要价与建议开口价之比（中位数），接通电话中没有开口要钱的比例。",
			"Over the month's calls that reached the customer and had an opening ask recommended that day, the amounts agreed ÷ the recommended asks; a call without an ask counts its recommendation with nothing agreed, so asking too little or nothing shows. Higher is better. With no recommendation known (calls loaded without one), agreed ÷ asked over the calls that ended in a promise, times the share of reached calls that asked for an amount. Also: agreed ÷ asked in the promise calls, the ask against the recommended opening ask (median), and the share of reached calls without any ask."},
		noData: text{"本月没有可衡量的电话：没有带建议开口价的接通电话，也没有带要价的承诺电话",
			"Nothing to measure this month: no reached calls with a recommended ask, and no promise calls with an amount asked"},
		weak: text{"按建议开口价开口（比预期高，客户通常会压价），同时给出等值的备选方案（先付一部分、其余约定日期）；每个接通的电话都明确要一个金额，不乞求，也不亮底牌。",
			"Open with the recommended ask (above what you expect: customers haggle it down) and an equivalent alternative (part now, the rest by a date); ask for an amount in every call that reaches the customer, without begging or showing all your cards."},
		ok: text{"继续按建议开口价开口，守住商定金额。", "Keep opening with the recommended ask and holding on to what is agreed."},
	},
}

// figureLabels name the secondary figures.
var figureLabels = map[string]text{
	"collectable_customers":  {"可收客户数", "collectable customers"},
	"planned_by_deadline":    {"按期定计划的客户数", "customers planned in time"},
	"measures_done_share":    {"到期措施完成比例", "measures due that were done"},
	"measures_due":           {"到期措施数", "measures due"},
	"kept_minus_credibility": {"兑现率 − 平均可信度", "kept rate − mean credibility"},
	"weak_unsupported":       {"无支撑的弱承诺数", "weak promises without support"},
	"avg_delay_days":         {"平均延迟天数", "average days late"},
	"broken_to_call_days":    {"未兑现到再联系天数", "days from a broken promise to the next call"},
	"repeats_accepted":       {"被接受的重复借口", "repeated excuses accepted"},
	"repeats_accepted_share": {"重复借口被接受比例", "share of repeated excuses accepted"},
	"agreed_vs_asked":        {"承诺电话商定 ÷ 要价", "agreed ÷ asked in promise calls"},
	"ask_vs_recommended":     {"要价 ÷ 建议开口价", "ask ÷ recommended ask"},
	"no_ask_share":           {"接通未要价比例", "reached calls without an ask"},
}

// habitNames name the habits.
var habitNames = map[Code]text{
	PlanCoverage:       {"计划覆盖", "plan coverage"},
	GapCoverage:        {"缺口措施", "gap coverage"},
	CommitmentScrutiny: {"承诺审查", "commitment scrutiny"},
	FollowUp:           {"跟进", "follow-up"},
	ExcuseHandling:     {"借口应对", "excuse handling"},
	Negotiation:        {"谈判", "negotiation"},
}

// Name is the habit's short name in lang ("en", or Chinese otherwise).
func (c Code) Name(lang string) string { return habitNames[c].in(lang) }

// Definition says in lang how the habit's indicator is measured.
func (c Code) Definition(lang string) string { return habitWords[c].definition.in(lang) }

// FigureLabel names a secondary figure in lang.
func FigureLabel(code, lang string) string {
	if t, ok := figureLabels[code]; ok {
		return t.in(lang)
	}
	return code
}
