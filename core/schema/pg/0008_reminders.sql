-- PostgreSQL twin of core/schema/0008_reminders.sql (drafted by tools/schema_to_pg.py, then reviewed).
-- qufa schema: the reminder ledger. A reminder arises from the rules (an open finding of the
-- check, a procedure deadline, a date anchored on a record, a custom rule); the ledger keeps
-- each occurrence with the days it fires, so a run never fires a lead time twice, a run after
-- a gap knows what it missed, and a person's acknowledgement or snooze is remembered.

-- One occurrence: `key` names it stably across runs (standard/clause#req/org/period, a case's
-- step rule, a member's probation …); `subject_key` is the same without the occurrence part, so
-- a passing finding about the same subject can satisfy it.
CREATE TABLE reminder (
    id            bigint PRIMARY KEY,
    key           text COLLATE "C" NOT NULL UNIQUE,
    subject_key   text COLLATE "C" NOT NULL,
    source        text COLLATE "C" NOT NULL CHECK (source IN ('check', 'procedure', 'probation', 'receipt',
                                                  'letter', 'exemption', 'custom')),
    rule          text COLLATE "C" NOT NULL,
    org_id        bigint REFERENCES org(id) ON DELETE SET NULL,
    subject_type  text COLLATE "C",
    subject_id    bigint,
    subject       text COLLATE "C",
    period_start  text COLLATE "C",           -- check reminders: the first day of what the rule judged
    title         text COLLATE "C" NOT NULL,
    message       text COLLATE "C",
    due           text COLLATE "C" NOT NULL,
    leads         text COLLATE "C" NOT NULL,  -- "-7d,-3d,-1d"
    responsible   text COLLATE "C",           -- a post
    event         bigint NOT NULL DEFAULT 0 CHECK (event IN (0, 1)), -- ends on its due date
    state         text COLLATE "C" NOT NULL CHECK (state IN ('pending', 'fired', 'acknowledged', 'satisfied',
                                                 'expired', 'snoozed')),
    snoozed_until text COLLATE "C",
    first_seen    text COLLATE "C" NOT NULL,
    resolved      text COLLATE "C",
    sequence      bigint NOT NULL DEFAULT 0,
    changed_at    text COLLATE "C" NOT NULL,
    note          text COLLATE "C",
    CHECK ((state = 'snoozed') = (snoozed_until IS NOT NULL)),
    CHECK ((state IN ('satisfied', 'expired')) = (resolved IS NOT NULL))
);
CREATE INDEX reminder_state ON reminder(state, due);
CREATE INDEX reminder_subject ON reminder(subject_key);

-- The days an occurrence fires: one row per lead time (planned when it is created or its due
-- date moves; fired_on set when it went out), and one per reminder of an overdue occurrence
-- (lead 'overdue', added when it goes out).
CREATE TABLE reminder_fire (
    id          bigint PRIMARY KEY,
    reminder_id bigint NOT NULL REFERENCES reminder(id) ON DELETE CASCADE,
    lead        text COLLATE "C" NOT NULL,
    fire_on     text COLLATE "C" NOT NULL,
    fired_on    text COLLATE "C",
    late        bigint NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    UNIQUE (reminder_id, lead, fire_on)
);
CREATE INDEX reminder_fire_open ON reminder_fire(reminder_id) WHERE fired_on IS NULL;

-- The days reminders ran: the previous run tells a run what it missed.
CREATE TABLE remind_run (
    id        bigint PRIMARY KEY,
    day       text COLLATE "C" NOT NULL,
    at        text COLLATE "C" NOT NULL,
    org_id    bigint REFERENCES org(id) ON DELETE SET NULL,
    fired     bigint NOT NULL DEFAULT 0,
    late      bigint NOT NULL DEFAULT 0,
    failed    bigint NOT NULL DEFAULT 0
);
CREATE INDEX remind_run_day ON remind_run(day);

-- Lead times and numbers set by the branch (defaults live in the code, see docs/reminders.md).
CREATE TABLE remind_setting (
    id    bigint PRIMARY KEY,
    key   text COLLATE "C" NOT NULL UNIQUE,
    value text COLLATE "C" NOT NULL,
    note  text COLLATE "C"
);

-- Custom reminder rules declared in standards packs (qufa.reminder{…}); the function is
-- re-created from the pack's stored source.
CREATE TABLE reminder_rule (
    id        bigint PRIMARY KEY,
    code      text COLLATE "C" NOT NULL UNIQUE,
    title     text COLLATE "C" NOT NULL,
    def       text COLLATE "C" NOT NULL CHECK (json_valid(def)),
    hash      text COLLATE "C" NOT NULL CHECK (length(hash) = 64),
    source_id bigint REFERENCES std_source(id),
    loaded_at text COLLATE "C" NOT NULL
);
