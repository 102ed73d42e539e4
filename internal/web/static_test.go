package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
)

// TestStaticGzip: a static file is sent gzipped to a browser that accepts
// it — ECharts shrinks to a third — and as it is to one that does not,
// with the same bytes once unpacked.
func TestStaticGzip(t *testing.T) {
	s, err := New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	url := s.static["echarts-6.1.0.min.js"]
	want := s.assets[url].b
	for _, c := range []struct {
		accept string
		gzip   bool
	}{{"gzip, deflate, br", true}, {"br;q=1.0, gzip;q=0.8", true}, {"", false}, {"gzip;q=0", false}, {"identity", false}} {
		r := httptest.NewRequest("GET", url, nil)
		if c.accept != "" {
			r.Header.Set("Accept-Encoding", c.accept)
		}
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, r)
		body := w.Body.Bytes()
		if got := w.Header().Get("Content-Encoding") == "gzip"; got != c.gzip {
			t.Errorf("Accept-Encoding %q: gzipped %v, want %v", c.accept, got, c.gzip)
			continue
		}
		if c.gzip {
			if len(body)*2 > len(want) {
				t.Errorf("gzipped ECharts is %d bytes of %d", len(body), len(want))
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(body, want) || w.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: %d bytes (want %d), Vary %q", c.accept, len(body), len(want), w.Header().Get("Vary"))
		}
	}
}
