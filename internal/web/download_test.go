package web_test

import (
	"bytes"
	"encoding/csv"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"huikuan/internal/export"
	"huikuan/internal/store/storetest"
)

// fetch is a GET answered with its headers.
func fetch(t *testing.T, c *http.Client, u string) (*http.Response, []byte) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

var downloadLink = regexp.MustCompile(`href="([^"]*format=(xlsx|csv)[^"]*)"`)

// TestDownloads: the aging, plans, disputes and customers pages link to
// XLSX and CSV downloads of their table, with the page's filters; each
// link answers a file with a name; an unknown format is a 400.
func TestDownloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dbURL string) {
		srv := world(t, dbURL)
		c := loginAs(t, srv, "boss")
		for _, page := range []string{"/aging?as_of=2026-06-30", "/plans?month=2026-06", "/disputes", "/customers?tier=A&lang=en"} {
			_, body := get(t, c, srv.URL+page)
			links := downloadLink.FindAllStringSubmatch(body, -1)
			if len(links) != 2 {
				t.Errorf("%s: %d download links; want XLSX and CSV", page, len(links))
				continue
			}
			for _, l := range links {
				u := html.UnescapeString(l[1])
				res, file := fetch(t, c, srv.URL+u)
				f, _ := export.ParseFormat(l[2])
				if res.StatusCode != 200 || res.Header.Get("Content-Type") != f.ContentType() ||
					!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment; filename=") {
					t.Errorf("%s: %d %s %s", u, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
					continue
				}
				if f == export.XLSX {
					if _, err := excelize.OpenReader(bytes.NewReader(file)); err != nil {
						t.Errorf("%s: not a workbook: %v", u, err)
					}
				}
			}
		}
		// The customers' download keeps the page's filter and language.
		res, file := fetch(t, c, srv.URL+"/customers?tier=A&format=csv&lang=en")
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(file, []byte("\xEF\xBB\xBF")))).ReadAll()
		if err != nil || res.StatusCode != 200 || len(rows) != 2 || rows[0][0] != "Code" || rows[1][0] != "C1" {
			t.Errorf("tier A customers as CSV: %d %v %q; want the header and C1", res.StatusCode, err, rows)
		}
		if res, _ := fetch(t, c, srv.URL+"/aging?format=pdf"); res.StatusCode != 400 {
			t.Errorf("format=pdf: %d; want 400", res.StatusCode)
		}
		// A rep's download has only the rep's customers.
		_, file = fetch(t, loginAs(t, srv, "rep2"), srv.URL+"/customers?format=csv")
		if rows, _ := csv.NewReader(bytes.NewReader(file[3:])).ReadAll(); len(rows) != 2 || rows[1][0] != "C3" {
			t.Errorf("rep2's customers as CSV: %q; want only C3", rows)
		}
	})
}
