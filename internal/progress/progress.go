// Package progress draws a one-line progress bar with the rate and the time
// left, on a terminal only: when the output is a file or a pipe it prints
// nothing, so scripts and logs stay clean.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// Bar is a progress bar. A nil *Bar is valid and draws nothing. It is safe
// for concurrent use.
type Bar struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	unit  string
	total int64
	done  int64
	start time.Time
	drawn time.Time
}

// New returns a bar counting up to total units on out, or nil when out is
// not a terminal.
func New(out *os.File, label string, total int64, unit string) *Bar {
	if out == nil || !term.IsTerminal(int(out.Fd())) {
		return nil
	}
	return &Bar{w: out, label: label, unit: unit, total: total, start: time.Now()}
}

// Add records n more units done.
func (b *Bar) Add(n int64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done += n
	if now := time.Now(); now.Sub(b.drawn) >= 100*time.Millisecond {
		b.drawn = now
		b.draw(now)
	}
}

// Finish draws the bar complete and ends its line.
func (b *Bar) Finish() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.draw(time.Now())
	fmt.Fprintln(b.w)
}

func (b *Bar) draw(now time.Time) {
	fmt.Fprint(b.w, "\r"+Line(b.label, b.done, b.total, b.unit, now.Sub(b.start))+"\x1b[K")
}

// Line renders one state of a bar: label, bar, percentage, rate and the
// estimated time left.
func Line(label string, done, total int64, unit string, elapsed time.Duration) string {
	const width = 24
	frac := 0.0
	if total > 0 {
		frac = min(float64(done)/float64(total), 1)
	}
	filled := int(frac * width)
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(done) / s
	}
	left := "--:--"
	if rate > 0 && total >= done {
		left = clock(time.Duration(float64(total-done) / rate * float64(time.Second)))
	}
	return fmt.Sprintf("%-10s [%s%s] %3.0f%%  %s %s/s  %s left",
		label, strings.Repeat("#", filled), strings.Repeat(".", width-filled), frac*100, humanRate(rate), unit, left)
}

func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func humanRate(r float64) string {
	switch {
	case r >= 1e6:
		return fmt.Sprintf("%.1fM", r/1e6)
	case r >= 1e4:
		return fmt.Sprintf("%.0fk", r/1e3)
	}
	return fmt.Sprintf("%.0f", r)
}
