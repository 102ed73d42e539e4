package export

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSheetNames(t *testing.T) {
	long := strings.Repeat("应收账款", 10) // 40 characters
	tables := []Table{
		{Name: "a/b:c*d?e[f]g\\h"}, {Name: ""}, {Name: "'quoted'"}, {Name: long},
		{Name: "Aging"}, {Name: "aging"}, {Name: long},
	}
	want := []string{
		"a_b_c_d_e_f_g_h", "Sheet2", "quoted", strings.Repeat("应收账款", 7) + "应收账",
		"Aging", "aging (2)", strings.Repeat("应收账款", 6) + "应收账 (2)",
	}
	got := sheetNames(tables)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sheet names (-want +got):\n%s", diff)
	}
	for _, n := range got {
		if len([]rune(n)) > 31 {
			t.Errorf("%q is longer than 31 characters", n)
		}
	}
	f := openXLSX(t, tables...)
	if diff := cmp.Diff(want, f.GetSheetList()); diff != "" {
		t.Errorf("workbook's sheets (-want +got):\n%s", diff)
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{
		"":                 0,
		"abc":              3,
		"回款":               4,
		"回款 rate":          9,
		"（客户）":             8,
		"第一行\nsecond line": 11,
		"¥12,345.50":       10,
	} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d; want %d", s, got, want)
		}
	}
}
