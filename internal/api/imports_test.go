package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"huikuan/internal/api"
	"huikuan/internal/store/storetest"
)

// TestImportAPI: finance posts a GB18030 Kingdee invoice list; a dry run
// writes nothing, the import creates, the same file again changes
// nothing (a retry is harmless); a refused file names row and column and
// writes nothing; a rep may not import.
func TestImportAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		w := newWorld(t, dbURL)
		file, _ := simplifiedchinese.GB18030.NewEncoder().String("单据编号,业务日期,到期日,客户编码,价税合计\r\nAR-API-1,2026/6/1,2026-07-01,C1,\"1,000.50\"\r\nAR-API-2,2026年6月2日,2026-07-02,C2,200\r\n")
		post := func(as, query, body string) (int, api.ImportReport) {
			t.Helper()
			res := w.do(t, as, "POST", "/api/v1/imports"+query, body, "Content-Type", "text/csv")
			var rep api.ImportReport
			if res.status < 300 || res.status == 422 {
				if err := json.Unmarshal(res.body, &rep); err != nil {
					t.Fatalf("%s: %v", res.body, err)
				}
			}
			return res.status, rep
		}
		if code, rep := post("fin", "?dry_run=true&file_name=应收单.csv", file); code != 200 || !rep.DryRun || rep.Kind != "invoices" || rep.Profile != "kingdee" || rep.New != 2 {
			t.Errorf("dry run: %d %+v", code, rep)
		}
		if code, rep := post("fin", "?file_name=应收单.csv", file); code != 201 || rep.New != 2 || rep.Rows != 2 {
			t.Errorf("import: %d %+v", code, rep)
		}
		if code, rep := post("fin", "?file_name=应收单.csv&kind=invoices&profile=kingdee", file); code != 200 || rep.New != 0 || rep.Unchanged != 2 {
			t.Errorf("the same file again: %d %+v", code, rep)
		}
		bad := "单据编号,业务日期,到期日,客户编码,价税合计\r\nAR-API-3,2026-06-03,2026-07-03,C1,1\r\nAR-API-4,2026-13-01,2026-07-03,C1,1\r\n"
		code, rep := post("fin", "", bad)
		if code != 422 || len(rep.Errors) != 1 || rep.Errors[0].Row != 3 || rep.Errors[0].Column != "issue_date" {
			t.Errorf("a bad date: %d %+v", code, rep)
		}
		if res := w.do(t, "fin", "GET", "/api/v1/invoices?customer=C1", ""); strings.Contains(string(res.body), "AR-API-3") {
			t.Error("the refused file wrote its good row")
		}
		if code, _ := post("rep1", "", file); code != 403 {
			t.Errorf("a rep's import: %d, want 403", code)
		}
		if code, _ := post("fin", "?kind=orders", file); code != 422 {
			t.Errorf("an unknown kind: %d, want 422", code)
		}
		if code, _ := post("fin", "?profile=nope", file); code != 422 {
			t.Errorf("an unknown profile: %d, want 422", code)
		}
	})
}
