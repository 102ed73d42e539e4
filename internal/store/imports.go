package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"huikuan/internal/errs"
)

// Upload is a file brought in to be imported, and, once imported, a line
// of the import history.
type Upload struct {
	ID       int64     `json:"id"`
	Actor    string    `json:"actor"`
	UserID   int64     `json:"-"`
	File     string    `json:"file_name"`
	Size     int64     `json:"size"`
	Content  []byte    `json:"-"`                  // nil once imported or discarded
	Encoding string    `json:"encoding,omitempty"` // forced by the user, "" detected
	Sheet    string    `json:"sheet,omitempty"`    // chosen by the user, "" the first
	Kind     string    `json:"kind"`
	Profile  string    `json:"profile"`
	Mapping  string    `json:"-"` // a custom mapping's JSON, "" for the profile as built in
	Status   string    `json:"status"`
	Rows     int       `json:"rows"`
	Created  int       `json:"new"`
	Updated  int       `json:"updated"`
	Same     int       `json:"unchanged"`
	At       time.Time `json:"uploaded_at"`
	Finished time.Time `json:"finished_at,omitzero"`
}

// Statuses of an upload.
const (
	UploadWaiting   = "uploaded"
	UploadImported  = "imported"
	UploadDiscarded = "discarded"
)

// ImportRecord names the file a batch came from for the import history;
// ID is its upload, 0 for a file imported from the command line, which
// gets a new line.
type ImportRecord struct {
	ID                     int64
	File                   string
	Size                   int64
	Kind, Profile          string
	Mapping                string
	Rows                   int
	Created, Updated, Same int
}

// AddUpload keeps a file for the upload page until it is imported or
// thrown away, and returns its id.
func (s *Store) AddUpload(ctx context.Context, a Actor, file string, content []byte) (id int64, err error) {
	defer wrap(&err, "store.AddUpload")
	err = s.inTx(ctx, func(tx *txn) error {
		return tx.QueryRowContext(ctx, `INSERT INTO imports (user_id, actor, file_name, size, content, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			nullID(a.UserID), a.Name, file, int64(len(content)), content, stamp(time.Now())).Scan(&id)
	})
	return id, err
}

// Upload returns an upload with its content. Everyone who keeps the books
// sees every upload: finance works as a team.
func (s *Store) Upload(ctx context.Context, id int64) (_ Upload, err error) {
	defer wrap(&err, "store.Upload")
	u, err := scanUpload(s.r.QueryRowContext(ctx, `SELECT `+uploadColumns+`, content FROM imports WHERE id = $1`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return Upload{}, fmt.Errorf("upload %d: %w", id, errs.ErrNotFound)
	}
	return u, err
}

// SetUploadReading records how a waiting upload is to be read: u's
// Encoding, Sheet, Kind, Profile and Mapping (a custom profile's JSON, ""
// for none).
func (s *Store) SetUploadReading(ctx context.Context, u Upload) (err error) {
	defer wrap(&err, "store.SetUploadReading")
	return s.inTx(ctx, func(tx *txn) error {
		r, err := tx.ExecContext(ctx, `UPDATE imports SET encoding = $1, sheet = $2, kind = $3, profile = $4, mapping = $5 WHERE id = $6 AND status = 'uploaded'`,
			u.Encoding, u.Sheet, u.Kind, u.Profile, u.Mapping, u.ID)
		return oneRow(r, err, u.ID)
	})
}

// DiscardUpload throws a waiting upload's file away; the line stays in
// the history.
func (s *Store) DiscardUpload(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "store.DiscardUpload")
	return s.inTx(ctx, func(tx *txn) error {
		r, err := tx.ExecContext(ctx, `UPDATE imports SET status = 'discarded', content = NULL, finished_at = $1 WHERE id = $2 AND status = 'uploaded'`, stamp(time.Now()), id)
		return oneRow(r, err, id)
	})
}

// Imports returns the latest lines of the import history, newest first,
// without their content.
func (s *Store) Imports(ctx context.Context, limit int) (_ []Upload, err error) {
	defer wrap(&err, "store.Imports")
	rows, err := s.r.QueryContext(ctx, `SELECT `+uploadColumns+` FROM imports ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Upload
	for rows.Next() {
		u, err := scanUpload(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

const uploadColumns = `id, COALESCE(user_id, 0), actor, file_name, size, encoding, sheet, kind, profile, mapping, status, rows_read, created, updated, unchanged, uploaded_at, finished_at`

func scanUpload(sc interface{ Scan(...any) error }, content bool) (Upload, error) {
	var u Upload
	var at stamp
	var done sql.Null[stamp]
	dest := []any{&u.ID, &u.UserID, &u.Actor, &u.File, &u.Size, &u.Encoding, &u.Sheet, &u.Kind, &u.Profile, &u.Mapping, &u.Status, &u.Rows, &u.Created, &u.Updated, &u.Same, &at, &done}
	if content {
		dest = append(dest, &u.Content)
	}
	if err := sc.Scan(dest...); err != nil {
		return u, err
	}
	u.At = time.Time(at)
	if done.Valid {
		u.Finished = time.Time(done.V)
	}
	return u, nil
}

// recordImport writes a batch's line of the import history in the
// batch's transaction, so that the history holds exactly the imports that
// happened: an upload's line is marked imported and its content dropped; a
// file from the command line gets a new line.
func recordImport(ctx context.Context, tx *txn, a Actor, r ImportRecord) error {
	now := stamp(time.Now())
	if r.ID == 0 {
		_, err := tx.ExecContext(ctx, `INSERT INTO imports (user_id, actor, file_name, size, kind, profile, mapping, status, rows_read, created, updated, unchanged, uploaded_at, finished_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'imported', $8, $9, $10, $11, $12, $12)`,
			nullID(a.UserID), a.Name, r.File, r.Size, r.Kind, r.Profile, r.Mapping, r.Rows, r.Created, r.Updated, r.Same, now)
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE imports SET status = 'imported', content = NULL, kind = $1, profile = $2, mapping = $3,
		rows_read = $4, created = $5, updated = $6, unchanged = $7, finished_at = $8 WHERE id = $9 AND status = 'uploaded'`,
		r.Kind, r.Profile, r.Mapping, r.Rows, r.Created, r.Updated, r.Same, now, r.ID)
	if err := oneRow(res, err, r.ID); err != nil {
		// imported already (a second click, another tab): the whole import
		// is refused rather than applied twice
		return &errs.Invalid{Fields: []errs.FieldError{{Field: "upload", Message: fmt.Sprintf("upload %d was already imported or thrown away", r.ID)}}}
	}
	return nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// oneRow turns an update that changed no row into errs.ErrNotFound.
func oneRow(r sql.Result, err error, id int64) error {
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("upload %d: %w", id, errs.ErrNotFound)
	}
	return nil
}

// historyOf writes the batch's line of the import history, if it has one.
func historyOf(ctx context.Context, tx *txn, b Batch, res Result) error {
	if b.Import == nil || b.Actor == nil {
		return nil
	}
	r := *b.Import
	for _, c := range []Counts{res.Customers, res.Invoices, res.Payments} {
		r.Created += c.Created
		r.Updated += c.Updated
		r.Same += c.Unchanged
	}
	return recordImport(ctx, tx, *b.Actor, r)
}

// SavedProfile is a header mapping profile saved from the upload page.
type SavedProfile struct {
	Name    string
	Kind    string
	Mapping string // the JSON `huikuan import --mapping` reads
	SavedBy string
	SavedAt time.Time
}

// SaveImportProfile saves a mapping under its name, replacing one of the
// same name, and audits it.
func (s *Store) SaveImportProfile(ctx context.Context, a Actor, p SavedProfile) (err error) {
	defer wrap(&err, "store.SaveImportProfile")
	return s.inTx(ctx, func(tx *txn) error {
		var before string
		switch err := tx.QueryRowContext(ctx, `SELECT mapping FROM import_profiles WHERE name = $1`, p.Name).Scan(&before); {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO import_profiles (name, kind, mapping, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5)`, p.Name, p.Kind, p.Mapping, a.Name, stamp(time.Now()))
			if err != nil {
				return err
			}
			return audit(ctx, tx, a, "create", "import_profile", p.Name, "", p.Mapping)
		case err != nil:
			return err
		}
		if before == p.Mapping {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE import_profiles SET kind = $1, mapping = $2, saved_by = $3, saved_at = $4 WHERE name = $5`, p.Kind, p.Mapping, a.Name, stamp(time.Now()), p.Name); err != nil {
			return err
		}
		return audit(ctx, tx, a, "update", "import_profile", p.Name, before, p.Mapping)
	})
}

// ImportProfiles returns the saved profiles by name.
func (s *Store) ImportProfiles(ctx context.Context) (_ []SavedProfile, err error) {
	defer wrap(&err, "store.ImportProfiles")
	rows, err := s.r.QueryContext(ctx, `SELECT name, kind, mapping, saved_by, saved_at FROM import_profiles ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SavedProfile
	for rows.Next() {
		var p SavedProfile
		var at stamp
		if err := rows.Scan(&p.Name, &p.Kind, &p.Mapping, &p.SavedBy, &at); err != nil {
			return nil, err
		}
		p.SavedAt = time.Time(at)
		out = append(out, p)
	}
	return out, rows.Err()
}
