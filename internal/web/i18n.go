package web

import (
	"net/http"
	"strconv"
	"strings"

	"huikuan/internal/errs"
)

// Lang is a user interface language.
type Lang string

// The languages of the interface; Chinese is the default.
const (
	Zh Lang = "zh"
	En Lang = "en"
)

// messages is the catalogue: each key in Chinese and English. A test checks
// that every key used by a template is here in both.
var messages = map[string][2]string{
	"app":                      {"回款", "huikuan"},
	"login":                    {"登录", "Log in"},
	"logout":                   {"退出", "Log out"},
	"login.name":               {"账号", "Login"},
	"password":                 {"密码", "Password"},
	"login.failed":             {"账号或密码不正确", "Wrong login or password"},
	"login.locked":             {"尝试次数过多，请稍后再试", "Too many attempts; try again later"},
	"customers":                {"客户", "Customers"},
	"customer":                 {"客户", "Customer"},
	"aging":                    {"账龄", "Aging"},
	"settings":                 {"设置", "Settings"},
	"search":                   {"搜索编号或名称", "Search code or name"},
	"all.reps":                 {"全部业务员", "All reps"},
	"all.tiers":                {"全部等级", "All tiers"},
	"has.overdue":              {"有逾期", "Has overdue"},
	"code":                     {"编号", "Code"},
	"name":                     {"名称", "Name"},
	"rep":                      {"业务员", "Rep"},
	"tier":                     {"信用等级", "Tier"},
	"balance":                  {"余额", "Balance"},
	"overdue":                  {"逾期", "Overdue"},
	"oldest.days":              {"最长逾期天数", "Oldest overdue (days)"},
	"over.limit":               {"超信用额度", "Over credit limit"},
	"prev":                     {"上一页", "Previous"},
	"next":                     {"下一页", "Next"},
	"page.of":                  {"共 %d 个客户", "%d customers"},
	"contact":                  {"联系人", "Contact"},
	"call":                     {"拨打", "Call"},
	"prepaid":                  {"预收", "Prepaid"},
	"disputed":                 {"争议", "Disputed"},
	"credit.limit":             {"信用额度", "Credit limit"},
	"terms":                    {"账期", "Terms"},
	"days":                     {"天", "days"},
	"statement":                {"对账单", "Statement"},
	"show.documents":           {"查看应收单、回款和对账单", "Show invoices, payments and the statement"},
	"documents":                {"单据", "Documents"},
	"opening":                  {"期初余额", "Opening balance"},
	"closing":                  {"期末余额", "Closing balance"},
	"date":                     {"日期", "Date"},
	"document":                 {"单据", "Document"},
	"number":                   {"单号", "Number"},
	"due":                      {"到期日", "Due"},
	"amount":                   {"金额", "Amount"},
	"invoices":                 {"应收单", "Invoices"},
	"payments":                 {"回款", "Payments"},
	"invoice":                  {"应收单", "Invoice"},
	"credit_note":              {"红字", "Credit note"},
	"payment":                  {"回款", "Payment"},
	"total":                    {"合计", "Total"},
	"as.of":                    {"截至", "As of"},
	"by.rep":                   {"按业务员", "By rep"},
	"by.customer":              {"按客户（前 100）", "By customer (top 100)"},
	"export.csv":               {"导出 CSV", "Export CSV"},
	"download":                 {"下载", "Download"},
	"not yet due":              {"未到期", "Not yet due"},
	"buckets":                  {"账龄区间", "Aging buckets"},
	"buckets.help":             {"各区间的上限天数，用逗号分隔，第一个必须为 0", "Upper bounds in days, comma-separated; the first must be 0"},
	"calendar":                 {"工作日历", "Working-day calendar"},
	"holidays":                 {"节假日", "Holidays"},
	"workdays":                 {"调休上班日", "Make-up working days"},
	"dates.help":               {"每行一个日期 YYYY-MM-DD", "One date a line, YYYY-MM-DD"},
	"save":                     {"保存", "Save"},
	"saved":                    {"已保存", "Saved"},
	"users":                    {"用户", "Users"},
	"role":                     {"角色", "Role"},
	"team":                     {"团队", "Team"},
	"not.found":                {"没有找到", "Not found"},
	"forbidden":                {"没有权限", "Forbidden"},
	"error":                    {"出错了", "Something went wrong"},
	"bad.request":              {"请求有误", "Bad request"},
	"back":                     {"返回", "Back"},
	"language.switch":          {"English", "中文"},
	"none":                     {"无", "none"},
	"show":                     {"查看", "Show"},
	"commitments":              {"承诺", "Commitments"},
	"forecast":                 {"本月回款预测", "Forecast"},
	"received":                 {"已回款", "Received"},
	"nav.forecast":             {"预测", "Forecast"},
	"nav.worklist":             {"工作台", "Today"},
	"worklist":                 {"今日工作台", "Today's calls"},
	"team.standing":            {"团队跟进情况", "How the team stands"},
	"listed":                   {"待联系", "To call"},
	"must.call":                {"必打", "Must call"},
	"calls.today":              {"今日已打", "Called today"},
	"on.time":                  {"按时跟进", "On time"},
	"avg.delay":                {"平均延误（天）", "Avg. delay (days)"},
	"broken.to.call":           {"违约到跟进（天）", "Broken → call (days)"},
	"pending.calls":            {"待填写结果的通话", "Calls waiting for an outcome"},
	"to.call.today":            {"今天要打", "To call today"},
	"if.time.permits":          {"有空再打", "If time permits"},
	"nothing.to.call":          {"今天没有需要跟进的客户", "Nobody needs a call today"},
	"suggested":                {"建议", "Suggested"},
	"notes":                    {"备注", "Notes"},
	"next.followup":            {"下次跟进", "Next follow-up"},
	"save.promise":             {"记录承诺", "Save the promise"},
	"cadence":                  {"跟进节奏", "Follow-up cadence"},
	"interval.days":            {"间隔天数 · 信用等级", "Days between calls · tier"},
	"reminder.days":            {"承诺到期前提醒（工作日）", "Reminder before a promise (working days)"},
	"after.broken.days":        {"违约后跟进（工作日）", "Call after a broken promise (working days)"},
	"retry.days":               {"未接通后重试（工作日）", "Retry after no answer (working days)"},
	"soon.days":                {"即将到期（天）", "Falling due soon (days)"},
	"capacity":                 {"每人每天通话数", "Calls a rep makes a day"},
	"calls":                    {"跟进记录", "Calls"},
	"outcome":                  {"结果", "Outcome"},
	"asked":                    {"要求金额", "Asked"},
	"agreed":                   {"同意金额", "Agreed"},
	"pending":                  {"待填写", "Waiting for an outcome"},
	"own.cadence":              {"本客户跟进间隔（天，0 按信用等级）", "This customer's days between calls (0: by tier)"},
	"feed.created":             {"在手机日历中订阅此地址（仅显示这一次，旧地址已失效）：", "Subscribe to this address in your phone's calendar (shown once; the old address no longer works):"},
	"feed.subscribe":           {"订阅到手机日历", "Subscribe in your phone's calendar"},
	"disp.reached-paid":        {"已付款", "Paid"},
	"disp.reached-promised":    {"承诺付款", "Promised"},
	"disp.reached-excuse":      {"找理由", "Excuse"},
	"disp.reached-refused":     {"拒绝", "Refused"},
	"disp.callback-requested":  {"约回电", "Call back"},
	"disp.no-answer":           {"未接通", "No answer"},
	"disp.left-message":        {"已留言", "Left a message"},
	"disp.wrong-number":        {"号码错误", "Wrong number"},
	"forecast.by.day":          {"每日所做预测与实际", "The forecast as made each day, against the actual"},
	"forecast.made":            {"预测", "Forecast"},
	"actual":                   {"实际", "Actual"},
	"off.by":                   {"偏差", "Off by"},
	"day":                      {"日期", "Day"},
	"prev.month":               {"上月", "Previous month"},
	"next.month":               {"下月", "Next month"},
	"committed.weighted":       {"承诺（按可信度）", "Promised × credibility"},
	"uncommitted":              {"预计其他回款", "Expected besides"},
	"season":                   {"季节调整", "Season"},
	"season.hint":              {"按去年同月实际与预测之比调整", "by how the same month last year came in against its forecast"},
	"view.today":               {"今天到期", "Due today"},
	"view.week":                {"本周到期", "Due this week"},
	"view.broken":              {"近期未兑现", "Broken lately"},
	"view.plan":                {"需要支撑方案", "Need a support plan"},
	"credibility":              {"可信度", "Credibility"},
	"flag.too_easy":            {"过于轻松", "too easy"},
	"flag.implausible":         {"难以兑现", "implausible"},
	"flag.needs_support_plan":  {"需要支撑方案", "needs a support plan"},
	"add.commitment":           {"记录承诺", "Record a promise"},
	"pay.by":                   {"承诺日期", "Pay by"},
	"made.on":                  {"承诺于", "Made on"},
	"fulfilled":                {"已回款", "Paid towards it"},
	"status":                   {"状态", "Status"},
	"support.kind":             {"支撑方案", "Support plan"},
	"support.text":             {"方案说明", "Plan details"},
	"cancel":                   {"撤销", "Cancel"},
	"open":                     {"未收", "Open"},
	"st.open":                  {"进行中", "open"},
	"st.kept":                  {"已兑现", "kept"},
	"st.partly_kept":           {"部分兑现", "partly kept"},
	"st.broken":                {"未兑现", "broken"},
	"st.cancelled":             {"已撤销", "cancelled"},
	"sk.":                      {"无", "none"},
	"sk.downstream_promotion":  {"下游促销", "downstream promotion"},
	"sk.stock_up_incentive":    {"备货激励", "stock-up incentive"},
	"sk.downstream_collection": {"下游回款", "collection from downstream"},
	"sk.bank_acceptance":       {"银行承兑汇票", "bank acceptance bill"},
	"sk.other":                 {"其他", "other"},
	"audit":                    {"审计日志", "Audit log"},
	"add.user":                 {"添加用户", "Add a user"},
	"add":                      {"添加", "Add"},
	"user.added":               {"用户 %s 已添加，初始密码（只显示这一次）：%s", "User %s added; first password (shown once): %s"},
	"at":                       {"时间", "When"},
	"actor":                    {"操作人", "Who"},
	"action":                   {"操作", "What"},
	"entity":                   {"对象", "Record"},
	"before":                   {"之前", "Before"},
	"after":                    {"之后", "After"},

	"plans":                   {"回款计划", "Plans"},
	"nav.plans":               {"计划", "Plans"},
	"targets":                 {"回款任务", "Targets"},
	"target.yuan":             {"回款任务（元）", "Target (yuan)"},
	"set.by":                  {"设定人", "Set by"},
	"review":                  {"月末复盘", "Month-end review"},
	"waterfall":               {"任务分解", "From target to gap"},
	"wf.all":                  {"合计", "All"},
	"wf.target":               {"任务", "Target"},
	"wf.collected":            {"已回款", "Collected"},
	"wf.promised":             {"承诺（按可信度）", "Promised × credibility"},
	"wf.measures":             {"措施预计", "Measures expected"},
	"wf.uncovered":            {"仍未覆盖", "Still uncovered"},
	"rate":                    {"达成率", "Attainment"},
	"plan.month":              {"本月回款计划", "This month's plan"},
	"plan.capacity":           {"回款能力", "Capacity"},
	"plan.suggested":          {"建议计划", "Suggested"},
	"plan.asked":              {"要求", "Asked"},
	"plan.committed":          {"客户承诺", "Committed"},
	"plan.gap":                {"差距", "Gap"},
	"plan.contact":            {"确认人", "Agreed by"},
	"plan.difficulties":       {"困难", "Difficulties"},
	"plan.advantages":         {"优势", "Advantages"},
	"plan.more.tags":          {"其他标签，用逗号分隔", "Other tags, comma-separated"},
	"plan.milestones":         {"每周步骤（日期 · 金额）", "Weekly steps (date · amount)"},
	"plan.add.row":            {"再加一步", "Add a row"},
	"plan.save":               {"保存计划", "Save the plan"},
	"ps.none":                 {"未制定", "no plan"},
	"ps.draft":                {"草稿", "draft"},
	"ps.proposed":             {"已提出", "proposed"},
	"ps.agreed":               {"已达成", "agreed"},
	"ps.declined":             {"被拒绝", "declined"},
	"ms.not.promised":         {"未成为承诺", "not a promise yet"},
	"measures":                {"差距措施", "Gap measures"},
	"measure.kind":            {"措施", "Measure"},
	"measure.expected":        {"预计增加回款", "Expected"},
	"measure.actual":          {"实际增加", "Actual so far"},
	"measure.owner":           {"负责人", "Owner"},
	"measure.cost":            {"费用", "Cost"},
	"measure.add":             {"添加措施", "Add the measure"},
	"mk.potential_analysis":   {"回款潜力分析", "potential analysis"},
	"mk.incentive":            {"激励", "incentive"},
	"mk.downstream_promotion": {"促销宣传", "downstream promotion"},
	"mk.new_outlets":          {"开发网点", "new outlets"},
	"mk.promoter_training":    {"培训促销员", "promoter training"},
	"mk.other":                {"其他", "other"},
	"ms.planned":              {"计划中", "planned"},
	"ms.doing":                {"进行中", "doing"},
	"ms.done":                 {"已完成", "done"},
	"ms.dropped":              {"已放弃", "dropped"},
	"ms.to.planned":           {"改回计划", "Back to planned"},
	"ms.to.doing":             {"开始", "Start"},
	"ms.to.done":              {"完成", "Done"},
	"ms.to.dropped":           {"放弃", "Drop"},
	"by.customer.all":         {"按客户", "By customer"},
	"review.none":             {"本月没有计划或回款", "No plan or payment this month"},
	"review.miss":             {"未达成", "missed"},
	"review.behind":           {"进度落后", "behind"},
	"review.broken":           {"未兑现的步骤", "Broken steps"},
	"tile.target":             {"本月任务", "Target"},

	"call.has.outcome": {"这通电话已经记录了结果", "This call has its outcome already"},
	"net.problem":      {"网络或服务器出了问题，可能没有保存。请再点一次，不会重复记录。", "The network or the server failed; this may not be saved. Tap again: it will not be logged twice."},

	// The disputes page and the carve-out form (issue 13).
	"nav.disputes":                         {"争议", "Disputes"},
	"dispute.page":                         {"争议款", "Disputes"},
	"dispute.open.total":                   {"有争议已搁置", "Set aside in dispute"},
	"dispute.rest.collectable":             {"只搁置有争议的部分，其余照常应付", "only the disputed part is set aside; the rest is owed as usual"},
	"dispute.carve":                        {"划出争议部分", "Carve out the disputed part"},
	"dispute.free":                         {"未争议的余额", "Open, not in dispute"},
	"dispute.amount.yuan":                  {"争议金额（元）", "Disputed (yuan)"},
	"dispute.reason":                       {"原因", "Reason"},
	"dispute.owner":                        {"处理人", "Owner"},
	"dispute.unassigned":                   {"未指派", "unassigned"},
	"dispute.open":                         {"搁置争议部分", "Set the disputed part aside"},
	"dispute.nothing.open":                 {"没有可以争议的未结应收单", "No open invoice to dispute"},
	"dispute.by.owner":                     {"按处理人", "By owner"},
	"dispute.count":                        {"笔数", "Count"},
	"dispute.oldest":                       {"最久（天）", "Oldest (days)"},
	"dispute.list":                         {"未解决的争议（最久的在前）", "Open disputes, oldest first"},
	"dispute.all.owners":                   {"全部处理人", "All owners"},
	"dispute.age":                          {"天数", "Days"},
	"dispute.opened":                       {"提出", "Opened"},
	"dispute.note":                         {"说明", "Note"},
	"dispute.resolve":                      {"解决", "Resolve"},
	"dispute.resolution":                   {"处理结果", "Resolution"},
	"dispute.reason.quality":               {"产品质量", "quality"},
	"dispute.reason.after_sales":           {"售后服务", "after-sales service"},
	"dispute.reason.promotion_support":     {"活动支持", "promotion support"},
	"dispute.reason.paid_other_supplier":   {"货款被其他厂家拿走", "paid another supplier"},
	"dispute.reason.downstream_arrears":    {"下游欠款", "downstream arrears"},
	"dispute.reason.cash_tight":            {"资金紧张", "cash is tight"},
	"dispute.reason.will_pay_soon":         {"马上就办", "will pay right away"},
	"dispute.reason.statement_mismatch":    {"对账不符", "statement mismatch"},
	"dispute.reason.decision_maker_absent": {"老板/财务不在", "decision maker absent"},
	"dispute.reason.threat_to_stop":        {"不解决就停止合作", "threat to stop"},
	"dispute.reason.other":                 {"其他", "other"},
	"resolution.credit_note":               {"开红字（退货折让）", "credit note"},
	"resolution.rejected":                  {"不成立，照常应付", "rejected: owed"},
	"resolution.withdrawn":                 {"客户撤回", "withdrawn by the customer"},
	"field.invoice":                        {"应收单", "Invoice"},
	"field.reason":                         {"原因", "Reason"},
	"field.resolution":                     {"处理结果", "Resolution"},
	"field.opened_on":                      {"提出日期", "Opened on"},
	"field.call_id":                        {"通话", "Call"},

	// Fields of forms, named as their labels are, and what can be wrong
	// with them (errs codes), for the problems a form shows;
	// problem.CODE.FIELD says it for one field.
	"field.amount":               {"金额", "Amount"},
	"field.date":                 {"承诺日期", "Pay by"},
	"field.commitment.amount":    {"金额", "Amount"},
	"field.commitment.date":      {"承诺日期", "Pay by"},
	"field.amount_asked":         {"要求金额", "Amount asked"},
	"field.amount_agreed":        {"同意金额", "Amount agreed"},
	"field.next_followup":        {"下次跟进", "Next follow-up"},
	"field.cadence_days":         {"本客户跟进间隔", "Days between calls"},
	"field.asked":                {"要求", "Asked"},
	"field.committed":            {"客户承诺", "Committed"},
	"field.status":               {"状态", "Status"},
	"field.contact":              {"确认人", "Agreed by"},
	"field.difficulties":         {"困难", "Difficulties"},
	"field.advantages":           {"优势", "Advantages"},
	"field.difficulty_tags":      {"困难标签", "Difficulty tags"},
	"field.advantage_tags":       {"优势标签", "Advantage tags"},
	"field.milestones":           {"步骤", "Steps"},
	"field.milestones.due":       {"步骤日期", "Step date"},
	"field.milestones.amount":    {"步骤金额", "Step amount"},
	"field.target":               {"回款任务", "Target"},
	"field.kind":                 {"措施", "Measure"},
	"field.expected":             {"预计增加回款", "Expected"},
	"field.owner":                {"负责人", "Owner"},
	"field.due":                  {"到期日", "Due"},
	"field.cost":                 {"费用", "Cost"},
	"field.note":                 {"备注", "Note"},
	"problem.required":           {"必填", "required"},
	"problem.positive":           {"须大于零", "must be above zero"},
	"problem.negative":           {"不能为负数", "cannot be negative"},
	"problem.number":             {"请填金额，如 50000 或 1234.50", "not an amount; write e.g. 50000 or 1234.50"},
	"problem.date":               {"请填日期，如 2026-12-01", "not a date; write e.g. 2026-12-01"},
	"problem.before_today":       {"不能早于今天", "cannot be before today"},
	"problem.too_far":            {"不能超过一年以后", "cannot be more than a year ahead"},
	"problem.range.cadence_days": {"须为 0（按信用等级）到 90 天", "must be 0 (the tier's) to 90 days"},
	// The excuse categories (excuse.Categories) and the excuse history.
	"excuse.quality":               {"产品质量", "Product quality"},
	"excuse.after_sales":           {"售后服务", "After-sales service"},
	"excuse.promotion_support":     {"活动支持", "Promotion support"},
	"excuse.paid_other_supplier":   {"货款被其他厂家拿走", "Paid another supplier"},
	"excuse.downstream_arrears":    {"下游欠款", "Downstream owes them"},
	"excuse.cash_tight":            {"资金紧张", "Cash is tight"},
	"excuse.will_pay_soon":         {"马上就办", "Will pay right away"},
	"excuse.statement_mismatch":    {"对账不符", "Statement mismatch"},
	"excuse.decision_maker_absent": {"老板/财务不在", "Boss / accountant away"},
	"excuse.threat_to_stop":        {"不解决就停止合作", "Threatens to stop"},
	"excuse.other":                 {"其他", "Other"},
	"excuse.amount":                {"涉及金额", "Amount concerned"},
	"excuse.pick":                  {"什么理由？", "What excuse?"},
	"excuses":                      {"理由记录", "Excuses"},
	"excuse.category":              {"理由", "Excuse"},
	"excuse.repeat":                {"重复", "repeat"},
	"excuse.repeat.title":          {"30 天内同类理由又出现", "the same excuse within 30 days"},
	"field.excuse":                 {"理由", "Excuse"},
	"field.excuse_amount":          {"理由涉及金额", "Excuse amount"},
	// The call sheet.
	"callsheet":           {"催款提纲", "Call sheet"},
	"owed":                {"欠款", "Owed"},
	"paid":                {"已付", "Paid"},
	"month":               {"月份", "Month"},
	"sheet.open":          {"打电话前看提纲", "Call sheet"},
	"sheet.due-in-month":  {"本月到期", "Due this month"},
	"sheet.carved":        {"%s 有争议已搁置，其余 %s 照常应付", "%s is disputed and set aside; the other %s is due as usual"},
	"sheet.ask":           {"开口金额", "Opening ask"},
	"sheet.expected-plan": {"本月计划余额", "Rest of this month's plan"},
	"sheet.expected-due":  {"逾期加本月到期", "Overdue and due this month"},
	"sheet.ratio-default": {"记录不足三次，按 10/18", "fewer than three haggles: 10/18"},
	"sheet.ratio-calls":   {"近 %d 次实际答应 ÷ 要求的中位数", "median of agreed ÷ asked over %d calls"},
	"sheet.asked":         {"本次要求金额", "Asked in this call"},
	"sheet.cap":           {"上限", "cap"},
	"sheet.option-whole":  {"方案一 一次付清", "Option 1, all at once"},
	"sheet.option-split":  {"方案二 先付一部分", "Option 2, part now"},
	"sheet.by":            {"于", "by"},
	"sheet.plan":          {"本月计划", "This month's plan"},
	"sheet.left":          {"尚余", "left"},
	"sheet.excuses":       {"最近的理由与应对", "Recent excuses and counters"},
	"sheet.promises":      {"未到期承诺", "Open promises"},
	"sheet.disputes":      {"搁置中的争议", "Disputes set aside"},
	"sheet.carve":         {"搁置有争议的部分（只搁置涉及的金额）", "Set the disputed part aside (only the amount concerned)"},
	"sheet.age":           {"%d 天", "%d days"},
	"sheet.calls":         {"最近的通话", "Last calls"},
	"sheet.months":        {"近三个月进货与付款", "The last three months"},
	"sheet.bought":        {"进货", "Bought"},
	"excuse.soon-date":    {"马上就办？哪天付", "Will pay soon? By when"},
	"excuse.followed":     {"两周内付了款", "paid within 14 days"},
	"playbook":            {"理由应对话术", "Counters to excuses"},
	"playbook.help":       {"每类理由的应对话术，可用花括号引用客户自己的数据：", "A counter per kind of excuse; name the customer's own figures in braces:"},
	// The scorecard dashboards.
	"scorecard":        {"回款看板", "Scorecard"},
	"nav.scorecard":    {"看板", "Dashboard"},
	"nav.my-scorecard": {"我的记分卡", "My scorecard"},
	"sc.title":         {"回款看板 %s", "Scorecard %s"},
	"sc.rep-title":     {"%s 的记分卡 %s", "%s's scorecard %s"},
	"sc.team":          {"团队", "Team"},
	"sc.all-teams":     {"全公司", "Whole company"},
	"sc.coach-first":   {"最需要辅导：%s — %s", "Coach first: %s — %s"},
	"sc.open-rep":      {"看他的记分卡", "Open their scorecard"},
	"sc.weakest":       {"最弱的习惯", "Weakest habit"},
	"sc.attainment":    {"本月回款达成（按业务员）", "This month's attainment by rep"},
	"sc.target":        {"目标", "Target"},
	"sc.collected":     {"已回款", "Collected"},
	"sc.rate":          {"达成率", "Attainment"},
	"sc.profiles":      {"各业务员的六个习惯", "Each rep's six habits"},
	"sc.habits":        {"六个习惯（最弱的在前）", "The six habits, weakest first"},
	"sc.habit":         {"习惯", "Habit"},
	"sc.value":         {"本人", "Value"},
	"sc.median":        {"团队中位数", "Team median"},
	"sc.score":         {"得分", "Score"},
	"sc.finding":       {"发现", "Finding"},
	"sc.tip":           {"辅导建议", "Coaching tip"},
	"sc.no-data":       {"无数据", "no data"},
	"sc.score-note":    {"得分 0–100，与团队其他人相比；“无数据”表示这个月还没有可计算的记录。", "Scores run 0–100 against the rest of the team; \"no data\" means nothing this month to measure it by."},
	"sc.collections":   {"近 12 个月回款", "Collections, last 12 months"},
	"sc.credit-sales":  {"赊销额", "Credit sales"},
	"sc.dso-trend":     {"近 12 个月 DSO（天）", "DSO, last 12 months (days)"},
	"sc.dso":           {"DSO", "DSO"},
	"sc.countback":     {"倒推 DSO", "Countback DSO"},
	"sc.bpdso":         {"最佳 DSO", "Best possible DSO"},
	"sc.add":           {"平均逾期天数 ADD", "ADD"},
	"sc.ar-end":        {"月末应收", "AR at month end"},
	"sc.cei-trend":     {"近 12 个月 CEI 与承诺兑现率（%）", "CEI and kept rates, last 12 months (%)"},
	"sc.kept-count":    {"承诺兑现率（笔数）", "Kept rate (count)"},
	"sc.kept-amount":   {"承诺兑现率（金额）", "Kept rate (amount)"},
	"sc.reached":       {"接通率", "Reached rate"},
	"sc.promise-rate":  {"承诺率", "Promise rate"},
	"sc.cei-note":      {"CEI 按整个期间计算：(期初应收 + 赊销 − 期末应收) ÷ (期初应收 + 赊销 − 期末未到期应收) × 100。另一种算法把赊销除以月数，得数不同。", "CEI is the whole-period form: (opening AR + credit sales − closing AR) ÷ (opening AR + credit sales − closing current AR) × 100. Another form divides credit sales by the number of months and gives other figures."},
	"sc.aging-trend":   {"账龄趋势（月末应收）", "Aging at each month end"},
	"sc.overdue-ratio": {"逾期占比", "Overdue share"},
	"sc.downloads":     {"下载", "Downloads"},
	"sc.card":          {"本月记分卡", "This month's scorecard"},
	"sc.kpis":          {"近 12 个月指标", "KPIs, last 12 months"},
	// Ledger exports.
	"ledger.export":           {"导出（可再导入）", "Export (re-importable)"},
	"ledger.export.customers": {"客户", "Customers"},
	"ledger.export.invoices":  {"发票", "Invoices"},
	"ledger.export.payments":  {"收款", "Payments"},
	// Expected payments (issue 16).
	"pay.expected":        {"预计回款", "Expected payment"},
	"pay.p-late":          {"逾期可能", "Chance late"},
	"pay.no-estimate":     {"难以估计", "no estimate"},
	"pay.late-chance":     {"逾期可能 %s", "%s chance late"},
	"sheet.open-invoices": {"未结发票", "Open invoices"},
	// The finance upload page (issue 15).
	"nav.imports":                {"导入", "Import"},
	"imp.title":                  {"导入账务数据", "Import ledger files"},
	"imp.upload":                 {"导入文件", "Import a file"},
	"imp.file":                   {"文件", "File"},
	"imp.file.hint":              {"金蝶、用友或本系统导出的 Excel（.xlsx）或 CSV 文件，任意编码；下一步可以先预览、调整列的对应，再导入。", "An Excel (.xlsx) or CSV file exported from Kingdee, Yonyou or huikuan, in any encoding; the next step previews it and lets you change how its columns are read before anything is imported."},
	"imp.upload.button":          {"上传并预览", "Upload and preview"},
	"imp.no-file":                {"请选择一个文件", "Choose a file"},
	"imp.too-big":                {"文件过大：最多 %d MB", "The file is too large: at most %d MB"},
	"imp.history":                {"导入记录", "Import history"},
	"imp.kind":                   {"内容", "Contents"},
	"imp.kind.customers":         {"客户", "Customers"},
	"imp.kind.invoices":          {"应收单", "Invoices"},
	"imp.kind.payments":          {"收款单", "Payments"},
	"imp.kind.ibm-ar":            {"IBM 应收样本（客户、应收与收款）", "IBM AR sample (customers, invoices, payments)"},
	"imp.profile":                {"格式", "Profile"},
	"imp.profile.best":           {"自动识别", "Best match"},
	"imp.status":                 {"状态", "Status"},
	"imp.status.uploaded":        {"待导入", "Waiting"},
	"imp.status.imported":        {"已导入", "Imported"},
	"imp.status.discarded":       {"已放弃", "Thrown away"},
	"imp.rows":                   {"行数", "Rows"},
	"imp.new":                    {"新增", "New"},
	"imp.updated":                {"更新", "Updated"},
	"imp.unchanged":              {"未变", "Unchanged"},
	"imp.saved-profiles":         {"已保存的格式", "Saved profiles"},
	"imp.encoding":               {"编码", "Encoding"},
	"imp.encoding.detected":      {"自动（%s）", "Detected (%s)"},
	"imp.sheet":                  {"工作表", "Sheet"},
	"imp.read-again":             {"重新读取", "Read again"},
	"imp.detected":               {"读取方式：%s", "Read as: %s"},
	"imp.mapping":                {"列的对应", "Column mapping"},
	"imp.mapping.saved":          {"已按新的对应重新读取", "Read again with the new mapping"},
	"imp.file-column":            {"文件中的列", "Column in the file"},
	"imp.read-as":                {"读作", "Read as"},
	"imp.first-value":            {"第一行的值", "First value"},
	"imp.ignore":                 {"— 不导入 —", "— ignore —"},
	"imp.defaults":               {"默认值", "Defaults"},
	"imp.defaults.hint":          {"文件里没有这一列或单元格为空时使用。", "Used where the file has no such column or the cell is blank."},
	"imp.missing":                {"文件中缺少，请对应一列或填写默认值", "missing from the file: map a column or give a default"},
	"imp.save-as":                {"保存为格式（可选）", "Save as a profile (optional)"},
	"imp.save-as.hint":           {"如：我们的金蝶应收单", "e.g. our Kingdee invoices"},
	"imp.apply":                  {"应用并重新预览", "Apply and preview again"},
	"imp.preview":                {"预览（前 20 行）", "Preview (first 20 rows)"},
	"imp.row.head":               {"行", "Row"},
	"imp.row":                    {"第 %d 行", "row %d"},
	"imp.errors":                 {"%d 个问题，改好文件或对应后才能导入", "%d problems: fix the file or the mapping before importing"},
	"imp.problem":                {"问题", "Problem"},
	"imp.would":                  {"共 %d 行：将新增 %d、更新 %d、%d 条不变。", "%d rows: %d would be created, %d updated, %d left unchanged."},
	"imp.run":                    {"导入", "Import"},
	"imp.discard":                {"放弃这个文件", "Throw this file away"},
	"imp.checking":               {"正在检查全部行…", "Checking every row…"},
	"imp.check":                  {"检查全部行", "Check every row"},
	"imp.reading":                {"正在读取文件…", "Reading the file…"},
	"imp.writing":                {"正在写入：%d / %d", "Writing: %d of %d"},
	"imp.failed":                 {"导入未完成，没有写入任何数据：", "The import did not go through; nothing was written:"},
	"imp.done":                   {"已导入 %d 行：新增 %d、更新 %d、%d 条不变。", "Imported %d rows: %d created, %d updated, %d unchanged."},
	"imp.see-aging":              {"查看账龄", "See the aging"},
	"imp.col.code":               {"客户编码", "Customer code"},
	"imp.col.name":               {"客户名称", "Customer name"},
	"imp.col.region":             {"地区", "Region"},
	"imp.col.rep":                {"业务员编码", "Rep code"},
	"imp.col.credit_tier":        {"信用等级", "Credit tier"},
	"imp.col.credit_limit":       {"信用额度", "Credit limit"},
	"imp.col.payment_terms_days": {"账期（天）", "Terms (days)"},
	"imp.col.contact":            {"联系人", "Contact"},
	"imp.col.phone":              {"电话", "Phone"},
	"imp.col.number":             {"单据编号", "Document number"},
	"imp.col.customer":           {"客户编码", "Customer code"},
	"imp.col.issue_date":         {"业务日期", "Issue date"},
	"imp.col.due_date":           {"到期日", "Due date"},
	"imp.col.amount":             {"金额", "Amount"},
	"imp.col.date":               {"收款日期", "Payment date"},
	"imp.col.invoices":           {"对应应收单", "Invoices paid"},
	"imp.col.settled_date":       {"结清日期", "Settled date"},
	"imp.col.country":            {"国家", "Country"},
	"imp.col.electronic":         {"电子发票", "E-invoice"},
}

// T returns the message for key in lang, or the key itself when missing.
func (l Lang) T(key string) string {
	if m, ok := l.lookup(key); ok {
		return m
	}
	return key
}

func (l Lang) lookup(key string) (string, bool) {
	m, ok := messages[key]
	if l == En {
		return m[1], ok
	}
	return m[0], ok
}

// Problem says what is wrong with a form in the language: each field by
// its label, each problem by its code when the catalogue has words for it,
// else by the store's message (in English).
func (l Lang) Problem(inv *errs.Invalid) string {
	sep, join := ": ", "; "
	if l == Zh {
		sep, join = "：", "；"
	}
	parts := make([]string, len(inv.Fields))
	for i, f := range inv.Fields {
		label := l.fieldLabel(f.Field)
		msg, ok := l.lookup("problem." + f.Code + "." + f.Field)
		if !ok {
			msg, ok = l.lookup("problem." + f.Code)
		}
		if !ok || f.Code == "" {
			msg = f.Message
		}
		parts[i] = label + sep + msg
	}
	return strings.Join(parts, join)
}

// fieldLabel names a form's field by its label; a field of a list, named
// as in JSON ("milestones[2].due", "difficulty_tags[0]"), by the list's
// label and its number from 1 ("步骤日期 3"); a field the catalogue lacks
// by its name.
func (l Lang) fieldLabel(field string) string {
	if label, ok := l.lookup("field." + field); ok {
		return label
	}
	name, rest, ok := strings.Cut(field, "[")
	index, sub, ok2 := strings.Cut(rest, "]")
	n, err := strconv.Atoi(index)
	if !ok || !ok2 || err != nil {
		return field
	}
	label, ok := l.lookup("field." + name + sub)
	if !ok {
		return field
	}
	return label + " " + strconv.Itoa(n+1)
}

// Other returns the language the switch in the header offers.
func (l Lang) Other() Lang {
	if l == En {
		return Zh
	}
	return En
}

// langOf picks the language of a request: ?lang=, then the lang cookie,
// then Accept-Language, then Chinese.
func langOf(r *http.Request) Lang {
	if v := r.URL.Query().Get("lang"); v == "en" || v == "zh" {
		return Lang(v)
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "en" || c.Value == "zh") {
		return Lang(c.Value)
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return Zh
		case strings.HasPrefix(tag, "en"):
			return En
		}
	}
	return Zh
}
