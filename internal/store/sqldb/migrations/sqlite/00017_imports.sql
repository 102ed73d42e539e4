-- +goose Up
-- Files brought in through the upload page, and every import's history
-- (issue 15). An upload keeps its content until it is imported or thrown
-- away; the row stays as the history: who, when, which file, what it did.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor       TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    size        INTEGER NOT NULL CHECK (size >= 0),
    content     BLOB,
    encoding    TEXT NOT NULL DEFAULT '',
    sheet       TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL DEFAULT '',
    profile     TEXT NOT NULL DEFAULT '',
    mapping     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'imported', 'discarded')),
    rows_read   INTEGER NOT NULL DEFAULT 0,
    created     INTEGER NOT NULL DEFAULT 0,
    updated     INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    uploaded_at TEXT NOT NULL,
    finished_at TEXT
);

-- Header mapping profiles saved from the upload page: the JSON that
-- `huikuan import --mapping` reads.
CREATE TABLE import_profiles (
    name     TEXT PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('customers', 'invoices', 'payments')),
    mapping  TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE import_profiles;
DROP TABLE imports;
