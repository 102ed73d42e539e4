package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"huikuan/internal/export"
)

// exportFlags are the flags of a report that can be written as XLSX: the
// file to write instead of stdout, and the language of the headers.
type exportFlags struct {
	output, lang *string
}

func addExportFlags(fs *flag.FlagSet) exportFlags {
	return exportFlags{
		output: fs.String("output", "", "write to this `file` instead of stdout"),
		lang:   fs.String("lang", "zh", "`language` of the XLSX headers: zh or en"),
	}
}

func (f exportFlags) check() error {
	if *f.lang != "zh" && *f.lang != "en" {
		return usagef("--lang must be zh or en")
	}
	return nil
}

// write runs out on stdout, or on --output's file, which it writes whole
// or not at all: a failed report leaves no half file behind (nor replaces
// an older one).
func (f exportFlags) write(a *app, out func(w io.Writer) error) error {
	if *f.output == "" {
		return out(a.Stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(*f.output), ".huikuan-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := out(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *f.output); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	return nil
}

// xlsx is a writer of the tables as a workbook, for write.
func xlsx(tables []export.Table) func(w io.Writer) error {
	return func(w io.Writer) error { return export.WriteXLSX(w, tables...) }
}
