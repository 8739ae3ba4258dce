-- qufa schema: the reminder ledger. A reminder arises from the rules (an open finding of the
-- check, a procedure deadline, a date anchored on a record, a custom rule); the ledger keeps
-- each occurrence with the days it fires, so a run never fires a lead time twice, a run after
-- a gap knows what it missed, and a person's acknowledgement or snooze is remembered.

-- One occurrence: `key` names it stably across runs (standard/clause#req/org/period, a case's
-- step rule, a member's probation …); `subject_key` is the same without the occurrence part, so
-- a passing finding about the same subject can satisfy it.
CREATE TABLE reminder (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,
    subject_key   TEXT NOT NULL,
    source        TEXT NOT NULL CHECK (source IN ('check', 'procedure', 'probation', 'receipt',
                                                  'letter', 'exemption', 'custom')),
    rule          TEXT NOT NULL,
    org_id        INTEGER REFERENCES org(id) ON DELETE SET NULL,
    subject_type  TEXT,
    subject_id    INTEGER,
    subject       TEXT,
    period_start  TEXT,           -- check reminders: the first day of what the rule judged
    title         TEXT NOT NULL,
    message       TEXT,
    due           TEXT NOT NULL,
    leads         TEXT NOT NULL,  -- "-7d,-3d,-1d"
    responsible   TEXT,           -- a post
    event         INTEGER NOT NULL DEFAULT 0 CHECK (event IN (0, 1)), -- ends on its due date
    state         TEXT NOT NULL CHECK (state IN ('pending', 'fired', 'acknowledged', 'satisfied',
                                                 'expired', 'snoozed')),
    snoozed_until TEXT,
    first_seen    TEXT NOT NULL,
    resolved      TEXT,
    sequence      INTEGER NOT NULL DEFAULT 0,
    changed_at    TEXT NOT NULL,
    note          TEXT,
    CHECK ((state = 'snoozed') = (snoozed_until IS NOT NULL)),
    CHECK ((state IN ('satisfied', 'expired')) = (resolved IS NOT NULL))
);
CREATE INDEX reminder_state ON reminder(state, due);
CREATE INDEX reminder_subject ON reminder(subject_key);

-- The days an occurrence fires: one row per lead time (planned when it is created or its due
-- date moves; fired_on set when it went out), and one per reminder of an overdue occurrence
-- (lead 'overdue', added when it goes out).
CREATE TABLE reminder_fire (
    id          INTEGER PRIMARY KEY,
    reminder_id INTEGER NOT NULL REFERENCES reminder(id) ON DELETE CASCADE,
    lead        TEXT NOT NULL,
    fire_on     TEXT NOT NULL,
    fired_on    TEXT,
    late        INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    UNIQUE (reminder_id, lead, fire_on)
);
CREATE INDEX reminder_fire_open ON reminder_fire(reminder_id) WHERE fired_on IS NULL;

-- The days reminders ran: the previous run tells a run what it missed.
CREATE TABLE remind_run (
    id        INTEGER PRIMARY KEY,
    day       TEXT NOT NULL,
    at        TEXT NOT NULL,
    org_id    INTEGER REFERENCES org(id) ON DELETE SET NULL,
    fired     INTEGER NOT NULL DEFAULT 0,
    late      INTEGER NOT NULL DEFAULT 0,
    failed    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX remind_run_day ON remind_run(day);

-- Lead times and numbers set by the branch (defaults live in the code, see docs/reminders.md).
CREATE TABLE remind_setting (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL,
    note  TEXT
);

-- Custom reminder rules declared in standards packs (qufa.reminder{…}); the function is
-- re-created from the pack's stored source.
CREATE TABLE reminder_rule (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    def       TEXT NOT NULL CHECK (json_valid(def)),
    hash      TEXT NOT NULL CHECK (length(hash) = 64),
    source_id INTEGER REFERENCES std_source(id),
    loaded_at TEXT NOT NULL
);
