package sqldb

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Stamp stores a time as UTC: as TIMESTAMPTZ on PostgreSQL and as text of
// fixed width, which sorts in time order, on SQLite.
type Stamp time.Time

const stampLayout = "2006-01-02T15:04:05.000000Z"

// Value writes the time as UTC text.
func (t Stamp) Value() (driver.Value, error) { return time.Time(t).UTC().Format(stampLayout), nil }

// Scan reads a TIMESTAMPTZ or the text Value writes.
func (t *Stamp) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*t = Stamp(v.UTC())
		return nil
	case string:
		p, err := time.Parse(stampLayout, v)
		*t = Stamp(p)
		return err
	case []byte:
		return t.Scan(string(v))
	}
	return fmt.Errorf("stamp: cannot scan %T", src)
}
