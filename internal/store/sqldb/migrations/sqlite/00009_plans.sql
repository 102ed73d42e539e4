-- +goose Up
-- Plans (issue 12, habits 1 and 2 of DESIGN.md). Months are the first day
-- of the month (YYYY-MM-01); money is INTEGER minor units (分).

-- A rep's collection target (回款任务) for a month. A rep without a row
-- has no target; an amount of 0 is a target of nothing, set on purpose.
CREATE TABLE targets (
    month  TEXT NOT NULL CHECK (substr(month, 9, 2) = '01'),
    rep_id INTEGER NOT NULL REFERENCES reps (id),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (month, rep_id)
);

-- A customer's collection plan (回款计划) for a month, as negotiated.
-- suggested and basis are the suggested plan when it was written down;
-- the tags are JSON arrays of strings; agreed_on is the day it was last
-- agreed (kept when it is reopened, for the history).
CREATE TABLE plans (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    month           TEXT NOT NULL CHECK (substr(month, 9, 2) = '01'),
    suggested       INTEGER NOT NULL DEFAULT 0 CHECK (suggested >= 0),
    basis           TEXT NOT NULL DEFAULT '',
    asked           INTEGER NOT NULL DEFAULT 0 CHECK (asked >= 0),
    committed       INTEGER NOT NULL DEFAULT 0 CHECK (committed >= 0),
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'proposed', 'agreed', 'declined')),
    difficulties    TEXT NOT NULL DEFAULT '',
    advantages      TEXT NOT NULL DEFAULT '',
    difficulty_tags TEXT NOT NULL DEFAULT '[]',
    advantage_tags  TEXT NOT NULL DEFAULT '[]',
    contact         TEXT NOT NULL DEFAULT '',
    agreed_on       TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    UNIQUE (customer_id, month)
);
-- A month's plans of a rep's customers, and of everyone.
CREATE INDEX plans_month ON plans (month, customer_id);

-- A plan's steps (weekly milestones), in date order (seq from 1). While
-- the plan is agreed each one is a promise to pay, commitment_id; a
-- promise cancelled by reopening the plan stays named until the plan is
-- agreed again.
CREATE TABLE plan_milestones (
    plan_id       INTEGER NOT NULL REFERENCES plans (id),
    seq           INTEGER NOT NULL CHECK (seq >= 1),
    due_date      TEXT NOT NULL,
    amount        INTEGER NOT NULL CHECK (amount > 0),
    commitment_id INTEGER REFERENCES commitments (id),
    PRIMARY KEY (plan_id, seq)
);

-- Gap measures (差距措施) of a plan. Their window, for their effect, runs
-- from start_date to due_date. ref names where a measure comes from (a
-- form, an Idempotency-Key): the same ref on the same plan is the same
-- measure.
CREATE TABLE measures (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans (id),
    kind       TEXT NOT NULL CHECK (kind IN ('potential_analysis', 'incentive', 'downstream_promotion', 'new_outlets', 'promoter_training', 'other')),
    expected   INTEGER NOT NULL CHECK (expected > 0),
    owner      TEXT NOT NULL,
    start_date TEXT NOT NULL,
    due_date   TEXT NOT NULL,
    cost       INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),
    status     TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'doing', 'done', 'dropped')),
    note       TEXT NOT NULL DEFAULT '',
    ref        TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX measures_plan ON measures (plan_id);
CREATE UNIQUE INDEX measures_ref ON measures (plan_id, ref) WHERE ref IS NOT NULL;

-- A promise made by agreeing a plan (a milestone) names it: the plan is
-- its support (支撑方案) for the credibility model.
ALTER TABLE commitments ADD COLUMN plan_id INTEGER REFERENCES plans (id);
CREATE INDEX commitments_plan ON commitments (plan_id) WHERE plan_id IS NOT NULL;

-- +goose Down
DROP INDEX commitments_plan;
ALTER TABLE commitments DROP COLUMN plan_id;
DROP TABLE measures;
DROP TABLE plan_milestones;
DROP TABLE plans;
DROP TABLE targets;
