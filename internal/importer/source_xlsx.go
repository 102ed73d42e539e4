package importer

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// xlsxSource streams the rows of one sheet, with raw cell values so that
// dates arrive as serial numbers and numbers unformatted.
type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
	row  int
}

func (s *xlsxSource) Next() ([]string, int, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return nil, 0, fmt.Errorf("read xlsx: %w", err)
		}
		return nil, 0, io.EOF
	}
	s.row++ // excelize yields empty rows between rows too: the count is the sheet's
	cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, 0, fmt.Errorf("read xlsx row %d: %w", s.row, err)
	}
	return cells, s.row, nil
}

// maxUnzipped bounds what a workbook may unpack to: a million-row sheet is
// a few hundred megabytes of XML, and a zip bomb is refused before it fills
// the disk with excelize's temporary files (its own default is 16 GB).
const maxUnzipped = 2 << 30

// openXLSX opens a workbook (excelize holds the zip in memory and spills
// large sheets to temporary files) and streams the named sheet or the
// first.
func openXLSX(r io.Reader, sheet string) (*source, error) {
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true, UnzipSizeLimit: maxUnzipped})
	if err != nil {
		return nil, fmt.Errorf("not a readable xlsx file: %w", err)
	}
	if sheet == "" {
		sheet = f.GetSheetName(0)
	} else if i, _ := f.GetSheetIndex(sheet); i < 0 {
		f.Close()
		return nil, fmt.Errorf("no sheet %q in the workbook: it has %q", sheet, f.GetSheetList())
	}
	props, err := f.GetWorkbookProps()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read xlsx workbook: %w", err)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read xlsx sheet %q: %w", sheet, err)
	}
	return &source{
		rows:     &xlsxSource{f: f, rows: rows},
		close:    func() { rows.Close(); f.Close() },
		detected: Detected{Format: FormatXLSX, Sheet: sheet},
		date1904: props.Date1904 != nil && *props.Date1904,
		numeric:  true,
	}, nil
}
