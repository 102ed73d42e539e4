-- +goose Up
-- Where huikuan reaches people (issue 17): a user's e-mail address or
-- group robots, or a team's robot. address is the e-mail address or the
-- robot's whole webhook address (a WeCom key is in it); secret is a
-- DingTalk or Feishu robot's signing secret. Both are secrets to pages and
-- logs: shown masked, never in full again.
CREATE TABLE channels (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    team    TEXT,
    kind    TEXT NOT NULL CHECK (kind IN ('email', 'wecom', 'dingtalk', 'feishu')),
    address TEXT NOT NULL,
    secret  TEXT NOT NULL DEFAULT '',
    CHECK ((user_id IS NULL) <> (team IS NULL))
);
CREATE UNIQUE INDEX channels_user_kind ON channels (user_id, kind) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX channels_team_kind ON channels (team, kind) WHERE team IS NOT NULL;

-- A user's language for messages and quiet hours (local HH:MM; equal: none).
CREATE TABLE notify_prefs (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL DEFAULT 'zh' CHECK (lang IN ('zh', 'en')),
    quiet_from TEXT NOT NULL DEFAULT '',
    quiet_to   TEXT NOT NULL DEFAULT ''
);

-- Every message to be sent, written in the transaction of what caused
-- it. key makes a message one however often it is made (the same digest
-- for the same user, day and channel); the worker sends what is due and
-- records the channel's answer. A robot's message keeps its channel, not
-- a copy of the robot's address and secret.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    channel_id      INTEGER REFERENCES channels (id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('email', 'wecom', 'dingtalk', 'feishu')),
    address         TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    html            TEXT NOT NULL DEFAULT '',
    attachment_name TEXT NOT NULL DEFAULT '',
    attachment      BLOB,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         TEXT NOT NULL,
    answer          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_at);

-- +goose Down
DROP TABLE outbox;
DROP TABLE notify_prefs;
DROP TABLE channels;
