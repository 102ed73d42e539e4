package importer

// The built-in profiles. Synonyms come from the captions the ERPs' own
// list exports and import templates use (see
// ../shared/reference/erp-and-channels.md); the field keys (FBillNo,
// cVouchID, …) are listed too, since some exports head columns with them.

var huikuanProfile = &Profile{
	Name: "huikuan",
	Columns: map[string]map[string][]string{
		KindCustomers: {}, KindInvoices: {}, KindPayments: {},
	},
}

var kingdeeProfile = &Profile{
	Name:       "kingdee",
	SkipTotals: true,
	Columns: map[string]map[string][]string{
		KindCustomers: {
			"code":               {"客户编码", "编码", "客户代码", "FNumber"},
			"name":               {"客户名称", "名称", "名称#中文(简体)", "FName"},
			"region":             {"地区", "区域", "销售区域"},
			"rep":                {"销售员", "业务员", "FSELLER"},
			"credit_tier":        {"信用等级"},
			"credit_limit":       {"信用额度"},
			"payment_terms_days": {"信用期限", "账期", "收款条件天数"},
			"contact":            {"联系人"},
			"phone":              {"联系电话", "电话", "手机"},
			"email":              {"电子邮箱", "邮箱", "电子邮件", "E-mail", "FEMail"},
		},
		KindInvoices: {
			"number":     {"单据编号", "FBillNo"},
			"customer":   {"客户编码", "客户", "FCUSTOMERID"},
			"issue_date": {"业务日期", "FDATE"},
			"due_date":   {"到期日", "FENDDATE_H"},
			"amount":     {"价税合计", "价税合计本位币", "FALLAMOUNTFOR"},
			"electronic": {"电子发票", "是否电子发票"},
		},
		KindPayments: {
			"number":   {"单据编号", "FBillNo"},
			"customer": {"往来单位编码", "客户编码", "付款单位编码", "FCONTACTUNIT"},
			"date":     {"业务日期", "FDATE"},
			"amount":   {"收款金额", "实收金额", "实收金额本位币", "FRECAMOUNTFOR_E"},
			"invoices": {"源单编号", "源单单号"},
		},
	},
}

var u8Profile = &Profile{
	Name:       "u8",
	SkipTotals: true,
	Columns: map[string]map[string][]string{
		KindCustomers: {
			"code":               {"客户编码", "客户代码", "cCusCode"},
			"name":               {"客户名称", "cCusName"},
			"region":             {"地区", "地区编码", "所属地区", "cDCCode"},
			"rep":                {"专管业务员", "业务员", "销售员", "cCusPPerson"},
			"credit_tier":        {"信用等级", "cCusCreGrade"},
			"credit_limit":       {"信用额度", "iCusCreLine"},
			"payment_terms_days": {"信用期限", "iCusCreDate"},
			"contact":            {"联系人", "cCusPerson"},
			"phone":              {"电话", "联系电话", "手机", "cCusPhone", "cCusHand"},
			"email":              {"电子邮件", "邮箱", "电子邮箱", "Email地址", "cCusEmail"},
		},
		KindInvoices: {
			"number":     {"单据编号", "单据号", "cVouchID"},
			"customer":   {"客户编码", "cDwCode"},
			"issue_date": {"单据日期", "dVouchDate"},
			"due_date":   {"到期日期", "到期日", "dGatheringDate"},
			"amount":     {"本币金额", "原币金额", "iAmount"},
			"electronic": {"电子发票", "是否电子发票"},
		},
		KindPayments: {
			"number":   {"单据编号", "单据号", "cVouchID"},
			"customer": {"客户编码", "cDwCode"},
			"date":     {"单据日期", "dVouchDate"},
			"amount":   {"本币金额", "原币金额", "iAmount"},
			"invoices": {"源单号", "对应单据号"},
		},
	},
}

// ibmProfile reads IBM's public accounts-receivable sample: one file of
// settled invoices (see ImportIBM for the customers and payments it gives).
var ibmProfile = &Profile{
	Name:       "ibm-ar",
	MonthFirst: true,
	Columns: map[string]map[string][]string{
		KindInvoices: {
			"number":     {"invoiceNumber"},
			"customer":   {"customerID"},
			"issue_date": {"InvoiceDate"},
			"due_date":   {"DueDate"},
			"amount":     {"InvoiceAmount"},
			"electronic": {"PaperlessBill"},
			// read only by ReadIBM
			"settled_date": {"SettledDate"},
			"country":      {"countryCode"},
		},
	},
}
