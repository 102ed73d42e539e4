// Package xlsxcheck is a test harness: it reads the XLSX files huikuan
// writes (with excelize) back with a second reader, openpyxl, so that a
// test sees what Excel's other readers see, not what the writer meant.
package xlsxcheck

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// EnvRequire, when set, makes a missing reader a failure; scripts/test
// sets it after installing python3-openpyxl.
const EnvRequire = "HUIKUAN_REQUIRE_XLSX_READER"

//go:embed xlsxdump.py
var dumpScript []byte

// Reader returns a python3 that has openpyxl: the one on PATH, else
// Debian's (python3-openpyxl installs there when PATH has another first).
// Without one it fails t when EnvRequire is set and returns "" otherwise,
// for the caller to say what it leaves unread.
func Reader(t testing.TB) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import openpyxl").Run() == nil {
			return py
		}
	}
	if os.Getenv(EnvRequire) != "" {
		t.Fatalf("python3 with openpyxl is required (%s is set): apt-get install python3-openpyxl", EnvRequire)
	}
	return ""
}

// Cell is a cell as openpyxl reads it: its value (a number as a
// json.Number, a date as YYYY-MM-DD, nil when empty), its number format
// and whether it is bold.
type Cell struct {
	V any    `json:"v"`
	F string `json:"f"`
	B bool   `json:"b"`
}

// Sheet is a worksheet: its name, its frozen pane's top-left cell, and
// its rows.
type Sheet struct {
	Name   string   `json:"name"`
	Freeze *string  `json:"freeze"`
	Rows   [][]Cell `json:"rows"`
}

// Dump reads every sheet of the workbook with py, a Reader.
func Dump(t testing.TB, py string, xlsx []byte) []Sheet {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(path, xlsx, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "-", path)
	cmd.Stdin = bytes.NewReader(dumpScript)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("xlsxdump.py: %v\n%s", err, stderr.Bytes())
	}
	var sheets []Sheet
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&sheets); err != nil {
		t.Fatalf("xlsxdump.py's output: %v", err)
	}
	return sheets
}
