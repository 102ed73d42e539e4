package csvfile

import (
	"encoding/csv"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEscape(t *testing.T) {
	tests := map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		"+1+1":                       "'+1+1",
		"-2+3":                       "'-2+3",
		"@SUM(A1)":                   "'@SUM(A1)",
		"\tcmd":                      "'\tcmd",
		"\rcmd":                      "'\rcmd",
		"-":                          "'-",
		"-.5":                        "'-.5",
		"-5.":                        "'-5.",
		"-500.00":                    "-500.00",
		"+3":                         "+3",
		"-7":                         "-7",
		"2026-06-30":                 "2026-06-30",
		"1234.50":                    "1234.50",
		"客户=甲":                       "客户=甲",
		"":                           "",
		"true":                       "true",
		"'=1":                        "''=1",
		"''+x":                       "'''+x",
		"'plain":                     "'plain",
		"'":                          "'",
		"'-5":                        "'-5",
	}
	for in, want := range tests {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if got := Unescape(Escape(in)); got != in {
			t.Errorf("Unescape(Escape(%q)) = %q", in, got)
		}
	}
	// A cell no one escaped is left as it is.
	for _, in := range []string{"'plain", "'", "-500.00", "'-5"} {
		if got := Unescape(in); got != in {
			t.Errorf("Unescape(%q) = %q", in, got)
		}
	}
}

func TestWriterReadsBack(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b)
	w.Write([]string{"code", "name", "amount"})
	w.Write([]string{"C1", `=HYPERLINK("http://x","y")`, "-500.00"})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"code", "name", "amount"}, {"C1", `'=HYPERLINK("http://x","y")`, "-500.00"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCRLFWriter(t *testing.T) {
	var b strings.Builder
	w := NewCRLFWriter(&b)
	w.Write([]string{"code", "note"})
	w.Write([]string{"C1", "=1+1\n第二行"})
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "code,note\r\nC1,\"'=1+1\r\n第二行\"\r\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// TestTheOnlyWriter holds the promise of the package: no other code of the
// product writes CSV with encoding/csv directly.
func TestTheOnlyWriter(t *testing.T) {
	for _, root := range []string{"../../internal", "../../cmd"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || filepath.Base(filepath.Dir(path)) == "csvfile" {
				return err
			}
			b, err := os.ReadFile(path)
			if err == nil && strings.Contains(string(b), "csv.NewWriter(") {
				t.Errorf("%s writes CSV without csvfile", path)
			}
			return err
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}
}
