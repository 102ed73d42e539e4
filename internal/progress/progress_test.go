package progress

import (
	"os"
	"testing"
	"time"
)

func TestLine(t *testing.T) {
	got := Line("importing", 250_000, 1_000_000, "rows", 2*time.Second)
	want := "importing  [######..................]  25%  125k rows/s  0:06 left"
	if got != want {
		t.Errorf("Line = %q\nwant   %q", got, want)
	}
}

func TestNoBarWhenNotATerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	b := New(f, "x", 10, "rows")
	if b != nil {
		t.Fatal("New returned a bar for a regular file")
	}
	b.Add(5) // a nil bar must be usable
	b.Finish()
	if st, _ := f.Stat(); st.Size() != 0 {
		t.Errorf("wrote %d bytes to a non-terminal", st.Size())
	}
}
