package cli

import (
	"os"
	"path/filepath"

	"huikuan/internal/export"
)

// writeExport writes tables in format (xlsx or csv) to the file named
// output, or to standard output when it is "". A file is written whole or
// not at all: into a temporary file renamed once complete.
func writeExport(a *app, format, output string, tables ...export.Table) error {
	f, err := export.ParseFormat(format)
	if err != nil {
		return usagef("%v", err)
	}
	if output == "" {
		return export.Write(a.Stdout, f, tables...)
	}
	tmp, err := os.CreateTemp(filepath.Dir(output), ".huikuan-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := export.Write(tmp, f, tables...); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), output)
}
