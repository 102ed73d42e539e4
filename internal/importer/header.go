package importer

import (
	"regexp"
	"strings"

	"golang.org/x/text/width"
)

// normHeader reduces a header cell to the form profiles are matched in:
// full-width folded to half-width, trimmed, lower-cased, without the `*`
// Kingdee puts before a required caption (or after), without its
// (单据头)/(分录) block prefixes, and with 客户.编码-style dots dropped, so
// that 客户.编码 and 客户编码 are one name.
func normHeader(h string) string {
	h = strings.TrimSpace(width.Fold.String(h))
	h = strings.TrimSpace(strings.Trim(h, "*"))
	for _, p := range []string{"(单据头)", "(分录)", "(明细)"} {
		h = strings.TrimPrefix(h, p)
	}
	h = strings.NewReplacer(".", "", "#", "").Replace(h)
	return strings.ToLower(strings.TrimSpace(h))
}

// fieldKey matches a Kingdee template's first header row: field keys such
// as FBillNo, FCustomerID#Name, and the *Split*1 separator columns.
var fieldKey = regexp.MustCompile(`^(F[A-Za-z0-9_]+(#[A-Za-z]+)?|\*Split\*\d*)$`)

// fieldKeys reports whether a header row holds only Kingdee field keys:
// then the captions are on the next row, and that row is the header.
func fieldKeys(head []string) bool {
	n := 0
	for _, h := range head {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if !fieldKey.MatchString(h) {
			return false
		}
		n++
	}
	return n > 0
}

// totalLine reports whether a row is an export's total or subtotal line:
// one of its first cells says 合计/总计 or ends in 小计 ((小计) too).
func totalLine(rec []string) bool {
	for i := 0; i < len(rec) && i < 3; i++ {
		v := strings.TrimSpace(width.Fold.String(rec[i]))
		if v == "合计" || v == "总计" || strings.HasSuffix(v, "小计") || strings.HasSuffix(v, "小计)") {
			return true
		}
	}
	return false
}
