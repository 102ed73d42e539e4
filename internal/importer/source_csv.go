package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// sniffSize is how much of a file decides its encoding: enough for any
// header and many rows, small enough to hold.
const sniffSize = 1 << 20

// csvSource reads rows of a CSV file decoded to UTF-8.
type csvSource struct {
	r *csv.Reader
}

func (s *csvSource) Next() ([]string, int, error) {
	rec, err := s.r.Read()
	if err != nil {
		return nil, 0, err
	}
	line, _ := s.r.FieldPos(0)
	return rec, line, nil
}

// openCSV decodes a CSV file (its encoding forced by name or detected:
// byte order mark first, else valid UTF-8, else GB18030) and picks the
// separator from its header line.
func openCSV(br *bufio.Reader, name string) (*source, error) {
	enc, label, err := csvEncoding(br, name)
	if err != nil {
		return nil, err
	}
	var r io.Reader = br
	if enc != nil {
		r = enc.NewDecoder().Reader(br)
	}
	dr := bufio.NewReaderSize(r, 1<<16)
	if b, err := dr.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		dr.Discard(3) // a UTF-8 byte order mark
	}
	cr := csv.NewReader(dr)
	cr.Comma = separator(dr)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	return &source{rows: &csvSource{r: cr}, detected: Detected{Format: FormatCSV, Encoding: label}, decoded: enc != nil}, nil
}

// csvEncoding returns the decoder for a file (nil for UTF-8) and its name.
func csvEncoding(br *bufio.Reader, name string) (encoding.Encoding, string, error) {
	head, _ := br.Peek(sniffSize)
	bomLE, bomBE := bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff})
	switch strings.ToLower(strings.ReplaceAll(name, "_", "-")) {
	case "":
	case "utf-8", "utf8":
		return nil, "utf-8", nil
	case "gb18030", "gbk", "gb2312":
		return simplifiedchinese.GB18030, "gb18030", nil
	case "utf-16", "utf16":
		if bomBE {
			return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be", nil
		}
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "utf-16le", nil
	default:
		return nil, "", fmt.Errorf("unknown encoding %q: want utf-8, gb18030, gbk or utf-16", name)
	}
	switch {
	case bomLE:
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le", nil
	case bomBE:
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be", nil
	case validUTF8Prefix(head, len(head) == sniffSize):
		return nil, "utf-8", nil
	}
	return simplifiedchinese.GB18030, "gb18030", nil
}

// validUTF8Prefix reports whether b is UTF-8, allowing a rune cut off at
// the end when b is only the start of the file.
func validUTF8Prefix(b []byte, cut bool) bool {
	if cut {
		// back to the start of the last rune; drop it if incomplete
		i := len(b) - 1
		for i > 0 && i > len(b)-utf8.UTFMax && !utf8.RuneStart(b[i]) {
			i--
		}
		if i >= 0 && !utf8.FullRune(b[i:]) {
			b = b[:i]
		}
	}
	return utf8.Valid(b)
}

// separator picks tab or comma: whichever the header line has more of
// outside quotes.
func separator(dr *bufio.Reader) rune {
	head, _ := dr.Peek(dr.Size())
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	commas, tabs, quoted := 0, 0, false
	for _, c := range head {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			commas++
		case c == '\t':
			tabs++
		}
	}
	if tabs > commas {
		return '\t'
	}
	return ','
}
