package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	"huikuan/internal/ingest"
	"huikuan/internal/store"
)

// ImportJob is an import the upload page started, run in the background
// so that a large file shows its progress. Its result is in the import
// history; a job that failed stays here (until the process ends) to show
// why, since a failed import writes nothing.
type ImportJob struct {
	done, total atomic.Int64
	finished    atomic.Bool
	mu          sync.Mutex
	report      ingest.Report
	err         error
}

// Done is how many records have been written, of Total (0 while the file
// is still being read).
func (j *ImportJob) Done() int64  { return j.done.Load() }
func (j *ImportJob) Total() int64 { return j.total.Load() }

// Running reports whether the import goes on.
func (j *ImportJob) Running() bool { return !j.finished.Load() }

// Failed returns, once the import has ended, its problems, if it failed.
func (j *ImportJob) Failed() []ingest.Error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err == nil {
		return nil
	}
	if len(j.report.Errors) == 0 {
		return []ingest.Error{{Message: j.err.Error()}}
	}
	return j.report.Errors
}

// importJobs are the jobs of this process by upload.
type importJobs struct {
	mu   sync.Mutex
	jobs map[int64]*ImportJob
}

func (js *importJobs) get(id int64) *ImportJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.jobs[id]
}

// start runs fn as the upload's job unless one is running already.
func (js *importJobs) start(id int64, fn func(j *ImportJob) (ingest.Report, error)) {
	js.mu.Lock()
	defer js.mu.Unlock()
	if j := js.jobs[id]; j != nil && j.Running() {
		return
	}
	if js.jobs == nil {
		js.jobs = map[int64]*ImportJob{}
	}
	j := &ImportJob{}
	js.jobs[id] = j
	go func() {
		rep, err := fn(j)
		j.mu.Lock()
		j.report, j.err = rep, err
		j.mu.Unlock()
		j.finished.Store(true)
	}()
}

// runImport is POST /imports/{id}/run: the import starts and the page
// follows it.
func (s *Server) runImport(w http.ResponseWriter, r *http.Request) error {
	u, err := s.uploadOf(r)
	if err != nil {
		return err
	}
	if u.Status != store.UploadWaiting || u.Kind == "" {
		return &invalidParam{"upload", "this upload was imported or thrown away"}
	}
	opts, err := readingOf(u)
	if err != nil {
		return err
	}
	actor := actorOf(r)
	// The import outlives the request: the page that follows it asks
	// for its progress.
	ctx := context.WithoutCancel(r.Context())
	s.jobs.start(u.ID, func(j *ImportJob) (ingest.Report, error) {
		return ingest.Run(ctx, s.store, ingest.Job{Kind: u.Kind, Options: opts, Actor: &actor, File: u.File, Size: u.Size, Upload: u.ID, Mapping: u.Mapping,
			Written: func(n, total int) { j.total.Store(int64(total)); j.done.Add(int64(n)) }}, bytes.NewReader(u.Content))
	})
	http.Redirect(w, r, "/imports/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
	return nil
}

// importProgress is GET /imports/{id}/progress, the part of the upload
// page that htmx asks for while the import runs; once it has ended the
// whole page is loaded again to show the result.
func (s *Server) importProgress(w http.ResponseWriter, r *http.Request) error {
	u, err := s.uploadOf(r)
	if err != nil {
		return err
	}
	j := s.jobs.get(u.ID)
	if j == nil || !j.Running() {
		w.Header().Set("HX-Refresh", "true")
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	p := UploadPage{Base: s.base(r, "imp.upload"), Upload: u, Job: j, Running: true}
	return s.render(w, http.StatusOK, "upload", "progress", p)
}
