-- +goose Up
-- The dealer's statement link (客户对账链接, issue 17): a link per
-- customer to its statement as of a day, expiring and revocable. The link
-- itself is signed with the installation's secret (the setting
-- link_secret, written once and never shown); this row says what it is
-- for and whether it still holds.
CREATE TABLE statement_links (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    as_of       TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX statement_links_customer ON statement_links (customer_id);

-- What the dealer did on the page: confirmed the balance (name typed),
-- reported a mismatch (the disputes it opened in detail) or proposed a
-- promise (the commitment in detail); from which address, when.
CREATE TABLE statement_replies (
    id          INTEGER PRIMARY KEY,
    link_id     INTEGER NOT NULL REFERENCES statement_links (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('confirm', 'mismatch', 'promise')),
    name        TEXT NOT NULL,
    balance     INTEGER NOT NULL DEFAULT 0,
    detail      TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE INDEX statement_replies_customer ON statement_replies (customer_id);

-- A promise the customer proposed on its statement page, not one a rep
-- recorded: shown as such, scored by credibility like any other.
ALTER TABLE commitments ADD COLUMN proposed_by_customer INTEGER NOT NULL DEFAULT 0 CHECK (proposed_by_customer IN (0, 1));

-- +goose Down
ALTER TABLE commitments DROP COLUMN proposed_by_customer;
DROP TABLE statement_replies;
DROP TABLE statement_links;
