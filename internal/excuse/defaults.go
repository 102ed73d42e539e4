package excuse

// DefaultPlaybook is the counters huikuan starts with, written from the
// seed's advice: neither believe nor disbelieve (不可信其有，也不可信其无);
// hold to the plan and to what you know of the customer; present facts and
// reason (摆事实，讲道理) until the money comes. Each names the customer's
// own figures, so the rep argues from its ledger, not from sympathy.
var DefaultPlaybook = Playbook{
	Quality: {
		Zh: "质量问题要解决，但只涉及有问题的那部分货款。请说明具体批次和金额，我们把这部分单独搁置处理（现有争议：{open_disputes}）；其余 {owed} 照常按约定支付。",
		En: "A quality problem will be dealt with, but only for the goods concerned. Name the batch and the amount and we set that part aside (open disputes now: {open_disputes}); the rest of the {owed} is due as agreed.",
	},
	AfterSales: {
		Zh: "售后问题我今天就报给服务部门并跟进到底。涉及的金额请告诉我，单独搁置；其余 {owed}（其中逾期 {overdue}）不受影响，请按计划安排。",
		En: "I will report the service problem today and follow it through. Tell me the amount it concerns and we set that part aside; the rest of the {owed} ({overdue} overdue) is not affected — please pay it as planned.",
	},
	PromotionSupport: {
		Zh: "活动支持按计划落实，和货款是两回事。近三个月您进货 {bought_1}、{bought_2}、{bought_3}，平时每月 {usual_bought}；本月计划 {plan_asked}，请先把逾期的 {overdue} 安排了，活动我来推动。",
		En: "Promotion support follows its own plan and is separate from payment. You bought {bought_1}, {bought_2}, {bought_3} in the last three months against a usual {usual_bought}; this month's plan is {plan_asked} — please settle the {overdue} overdue first and I will push the promotion.",
	},
	PaidOtherSupplier: {
		Zh: "理解您要照顾各家，但我们的计划是和您一起定的：本月计划 {plan_asked}。近三个月您付给我们 {paid_1}、{paid_2}、{paid_3}，平时每月 {usual_paid}。请按计划把我们的这部分排进来，哪天能到？",
		En: "You have several suppliers, but this plan was agreed with you: {plan_asked} this month. You paid us {paid_1}, {paid_2}, {paid_3} in the last three months against a usual {usual_paid}. Please schedule our share as planned — which day can it arrive?",
	},
	DownstreamArrears: {
		Zh: "下游欠款我们可以帮您一起催，但我们的货已经卖出去了。逾期 {overdue}，近三个月付款 {paid_1}、{paid_2}、{paid_3}。能不能先付一部分，剩下的定个日期？",
		En: "We can help you chase your own customers, but our goods have been sold. {overdue} is overdue and you paid {paid_1}, {paid_2}, {paid_3} in the last three months. Can you pay part now and fix a date for the rest?",
	},
	CashTight: {
		Zh: "资金紧张我理解。您目前欠款 {owed}，信用额度 {credit_limit}，已用 {credit_used}。这个理由您近一年提过 {excuse_times} 次，其中 {excuse_paid} 次两周内就付了款。这次先付多少、哪天付？",
		En: "Cash is tight, I understand. You owe {owed} against a credit limit of {credit_limit} ({credit_used} used). You gave this reason {excuse_times} times in the last year and paid within two weeks {excuse_paid} of them. How much can you pay first, and on which day?",
	},
	WillPaySoon: {
		Zh: "好的，那我们把日期和金额定下来：哪天、多少？我记下来到时提醒您。您最近的承诺：{last_promises}。",
		En: "Good — let's fix the date and the amount: which day, how much? I will note it and remind you. Your recent promises: {last_promises}.",
	},
	StatementMismatch: {
		Zh: "对账不符的那几笔请指出来，我们单独核对并搁置（现有争议：{open_disputes}）；对得上的部分请照常付款。您目前欠款 {owed}。",
		En: "Point out the entries that do not match and we check and set them aside alone (open disputes now: {open_disputes}); please pay the part that matches as usual. You owe {owed} now.",
	},
	DecisionMakerAbsent: {
		Zh: "那请您帮我约一个时间，老板或财务哪天在？逾期 {overdue} 需要今天定个安排，我再打过去确认。",
		En: "Then please help me fix a time: which day is the owner or the accountant in? The {overdue} overdue needs a plan today; I will call back to confirm.",
	},
	ThreatToStop: {
		Zh: "合作是双方的，我们一直按计划支持您：近三个月您进货 {bought_1}、{bought_2}、{bought_3}。有问题我们一起解决，但已经发生的货款 {owed} 需要按约定结清。具体是什么问题？",
		En: "Working together goes both ways and we have supported you as planned: you bought {bought_1}, {bought_2}, {bought_3} in the last three months. We will solve the problem together, but the {owed} for goods already delivered is due as agreed. What exactly is the problem?",
	},
	Other: {
		Zh: "不轻信也不否定：问清楚具体原因和涉及的金额，按您的计划和掌握的信息回应。本月计划 {plan_asked}，逾期 {overdue}。",
		En: "Neither believe nor disbelieve: ask for the exact reason and the amount it concerns, and answer from your plan and what you know. This month's plan: {plan_asked}; overdue: {overdue}.",
	},
}

// Tips steer a rep away from the seed's three unwise ways of negotiating,
// shown with the opening ask.
var Tips = []Counter{
	{Zh: "别求情（“照顾照顾小弟吧”）：讲事实和计划，不讲交情。", En: "Do not beg for sympathy (\"help me out this once\"): argue from facts and the plan, not from friendship."},
	{Zh: "别编政策：只说公司真有的政策。", En: "Do not invent policies: mention only the company's real ones."},
	{Zh: "别一次亮出底牌：先报开口金额，再给两个等价方案让客户选。", En: "Do not lay every card on the table: open with the ask, then offer the two equivalent options to choose from."},
}
