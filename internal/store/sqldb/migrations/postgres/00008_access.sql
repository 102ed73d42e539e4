-- +goose Up
-- A disabled user (disabled_at set) can no longer log in, and has no
-- session, API token or calendar feed left; enabling them again gives none
-- back.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMPTZ;

-- An API token is shown by its id and the first characters of its secret
-- (hint; '' for tokens made before), never the secret, which only its
-- holder has. last_used_at is kept to the minute.
ALTER TABLE api_tokens ADD COLUMN hint TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN last_used_at TIMESTAMPTZ;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed logins counted by key (user.LoginCounters): 'pair:' a login from
-- an address, 'login:' an account from anywhere, 'addr:' an address on any
-- account. A login under a key is not checked before blocked_until; a key
-- whose last failure is older than the counting window and which blocks
-- nothing is forgotten (pruned).
CREATE TABLE login_failures (
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    first_failure TIMESTAMPTZ NOT NULL,
    last_failure  TIMESTAMPTZ NOT NULL,
    blocked_until TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_last ON login_failures (last_failure);

-- +goose Down
DROP TABLE login_failures;
DROP INDEX api_tokens_user;
ALTER TABLE api_tokens DROP COLUMN last_used_at;
ALTER TABLE api_tokens DROP COLUMN hint;
ALTER TABLE users DROP COLUMN disabled_at;
